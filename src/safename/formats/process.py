"""From a Document to what the commands report: findings, notices and the redacted file.

`check`, `redact` and `scan --format html` all need the same steps on each file: pick the
language, run the engine on the view, honour the file's pragmas, look for names the engine does
not rewrite (link URLs, pseudonyms without a footnote, Word metadata) and count what changed.
Keeping them here means the three commands can never disagree about a file.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from safename.findings import Finding
from safename.formats.base import Document, Notice, Rendered
from safename.formats.registry import is_supported
from safename.pseudonym.footnote import MARKDOWN_LABEL
from safename.pseudonym.marker import mark_first_visible
from safename.redactor import Redactor
from safename.review.pragmas import Allowlist, apply_allowlist, pragma_allowlist
from safename.textutil import WORD_RE, fold, star_matches

PSEUDONYM_STAR = re.compile(r"(?<![\w*])([A-ZÀ-Ý][^\W\d_]*(?:['’\-][^\W\d_]+)*)\*(?![\w*])")
CONTACT_TYPES = frozenset(
    {"PHONE_NUMBER", "EMAIL_ADDRESS", "URL", "SOCIAL_HANDLE", "DOCUMENT_NUMBER", "IP_ADDRESS"}
)
_FOOTNOTE_FALLBACK = re.compile(
    r"^[ \t]*(?:\[\^[^\]\n]+\]:[ \t]*)?\\?[*†‡][^\n]*?(?:pseudonym|real\s+names?|changed|"
    r"d['’]emprunt|pseudonyme|modifi[ée]s?|fictif)",
    re.I | re.M,
)


@dataclass
class Analysis:
    """Everything safename decided about one file."""

    document: Document
    language: str
    findings: list[Finding]  # kept ones included, view offsets
    notices: list[Notice]
    footnote: str | None
    warnings: list[str] = field(default_factory=list)
    footnote_at: int | None = None  # view offset the footnote goes before (None: the end)

    @property
    def changes(self) -> list[Finding]:
        return [f for f in self.findings if f.action != "keep"]

    @property
    def changes_file(self) -> bool:
        """Whether redacting would change the file: a replacement, or a Word comment, tracked
        change or property to remove. `--in-place` leaves other files untouched, byte for
        byte (a .docx is not re-zipped, line endings are not normalised)."""
        return bool(self.changes) or any(n.fixed_by_redact for n in self.notices)

    def render(self) -> Rendered:
        return self.document.render(self.findings, self.footnote, self.footnote_at)


@dataclass
class Counts:
    """What a redaction changed, for the summary line."""

    names: int = 0
    people: int = 0
    nationalities: int = 0
    contacts: int = 0
    other: int = 0
    metadata: int = 0

    def add(self, other: Counts) -> None:
        for name in ("names", "people", "nationalities", "contacts", "other", "metadata"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @classmethod
    def of(cls, analysis: Analysis) -> Counts:
        counts = cls()
        people: set[object] = set()
        for f in analysis.changes:
            if f.entity_type == "PERSON":
                counts.names += 1
                # "Awa Diop", "Awa" and "Mme Diop" are one person: the pseudonymiser numbers
                # the people it grouped, and the summary counts those, not distinct strings.
                person = f.attributes.get("person")
                people.add(("person", person) if person is not None else fold(f.text))
            elif f.entity_type == "NATIONALITY":
                counts.nationalities += 1
            elif f.entity_type in CONTACT_TYPES:
                counts.contacts += 1
            else:
                counts.other += 1
        counts.people = len(people)
        counts.metadata = sum(1 for n in analysis.notices if n.fixed_by_redact)
        return counts

    def describe(self) -> str:
        def plural(n: int, word: str, words: str) -> str:
            return f"{n} {word if n == 1 else words}"

        parts = [
            plural(self.names, "name", "names")
            + (f" ({plural(self.people, 'person', 'people')})" if self.names else ""),
            plural(self.nationalities, "nationality", "nationalities"),
            plural(self.contacts, "contact", "contacts"),
        ]
        if self.other:
            parts.append(plural(self.other, "other identifier", "other identifiers"))
        text = ", ".join(parts) + " changed"
        if self.metadata:
            text += f"; {plural(self.metadata, 'comment, tracked change or property', 'comments, tracked changes or properties')} removed"  # noqa: E501
        return text


def with_allowlist(redactor: Redactor, names: Sequence[str], share_key: bool = True) -> Redactor:
    """A Redactor that also allows `names`, sharing the loaded pipelines of `redactor`.

    Pragma names must be known before pseudonyms and the footnote are chosen (a kept name must not
    appear in the footnote), so they go into the configuration rather than being filtered after.
    """
    if not names:
        return redactor
    config = replace(redactor.config, allowlist=tuple(redactor.config.allowlist) + tuple(names))
    if share_key:
        pseudonymiser = redactor.pseudonymiser  # same key and registry: same pseudonyms
        sibling = Redactor(config, key=pseudonymiser.key, registry=pseudonymiser.registry)
    else:
        sibling = Redactor(config)
    sibling._analyzer = redactor.analyzer  # noqa: SLF001 - reuse seconds of model loading
    return sibling


def analyse(
    document: Document,
    redactor: Redactor,
    language: str = "auto",
    redact: bool = True,
    record: bool = False,
    accepted: Callable[[str, str], bool] | None = None,
) -> Analysis:
    """Run the engine on `document` and collect what must change or be reviewed.

    `redact=False` only scans (no key needed, no replacements); `record=True` lets the
    pseudonym registry remember new people (only `safename redact` writes it). `accepted`
    (entity type, text) -> bool keeps the findings a `check` baseline accepted, so that
    `redact --baseline` leaves exactly what `check` lets through.
    """
    view = document.view
    lang = redactor.detect_language(view) if language == "auto" else language
    pragmas = pragma_allowlist(document.pragmas, str(document.path))
    engine = with_allowlist(
        redactor, [n for p in document.pragmas for n in p.names], share_key=redact
    )
    footnote: str | None = None
    footnote_at: int | None = None
    warnings: list[str] = []
    if not view.strip():
        findings: list[Finding] = []
    elif redact and hasattr(engine, "redact"):
        result = engine.redact(
            view, language=lang, markdown=document.format_name == "markdown", record=record
        )
        findings = mark_first_visible(
            list(result.findings), document.hidden_spans, _marker(engine, document)
        )
        footnote = result.footnote
        footnote_at = result.footnote_at
        warnings = list(result.warnings)
    else:
        findings = engine.scan(view, language=lang)
    findings = apply_allowlist(findings, pragmas)
    _explain_pragmas(findings, pragmas)
    if accepted is not None:
        findings, footnote = _keep_accepted(findings, footnote, accepted)
    changing = any(f.action != "keep" for f in findings)
    notices = [n for n in document.notices if changing or not n.only_with_changes]
    notices += names_in_urls(document, findings)
    notices += pseudonyms_without_footnote(view, footnote)
    return Analysis(document, lang, findings, notices, footnote, warnings, footnote_at)


def _marker(engine: Redactor, document: Document) -> str:
    """The marker redaction wrote (none when every mention is marked or none is)."""
    config = engine.config
    if config.marker_position != "first":
        return ""
    if document.format_name == "markdown" and config.markdown_footnote:
        return MARKDOWN_LABEL
    return config.pseudonym_marker


def _keep_accepted(
    findings: list[Finding], footnote: str | None, accepted: Callable[[str, str], bool]
) -> tuple[list[Finding], str | None]:
    """Baseline-accepted findings turned into kept ones; no footnote if no pseudonym is left."""
    out = []
    for f in findings:
        if f.action != "keep" and accepted(f.entity_type, f.text):
            f = replace(
                f, action="keep", replacement=None, reason=f"kept: in the baseline ({f.reason})"
            )
        out.append(f)
    if not any(f.entity_type == "PERSON" and f.action == "pseudonymize" for f in out):
        footnote = None
    return out, footnote


def _explain_pragmas(findings: list[Finding], pragmas: Allowlist) -> None:
    """Say "allowed by a pragma on line 3" rather than "allowlisted in the configuration"."""
    for i, f in enumerate(findings):
        if f.action == "keep" and "allowlisted" in f.reason:
            why = pragmas.reason_for(replace(f, action="pseudonymize"))
            if why:
                findings[i] = replace(f, reason=f"kept: {why}")


def names_in_urls(document: Document, findings: Iterable[Finding]) -> list[Notice]:
    """Link URLs holding a name: reported, since rewriting a URL breaks the link.

    A name counts when the text's findings redact it, or when the gazetteer knows it (and it is
    not also an ordinary word or a place): once the text is redacted, a slug such as
    "aminata-traore" is the only place the real name is left, and `check` must still see it.
    """
    from safename.detect.lexicon import lexicon

    lex = lexicon()
    names: set[str] = set()
    kept: set[str] = set()
    for f in findings:
        if f.entity_type == "PERSON":
            words = {fold(w) for w in WORD_RE.findall(f.text) if len(w) >= 3}
            (kept if f.action == "keep" else names).update(words)

    def is_name(word: str) -> bool:
        key = fold(word)
        if key in names:
            return True
        return (
            len(key) >= 4
            and key not in kept
            and lex.is_name(word)
            and not lex.is_common_word_name(word)
            and not lex.is_non_person(word)
        )

    notices = []
    for offset, url in document.url_spans:
        hits = [w for w in re.findall(r"[^\W\d_]+", unquote(url)) if is_name(w)]
        if hits and url in document.renamed_on_redact:
            notices.append(
                Notice(
                    "NAME_IN_URL",
                    url,
                    f'file name contains the name "{hits[0]}"; renamed on redact',
                    offset,
                    fixed_by_redact=True,
                )
            )
        elif hits:
            notices.append(
                Notice(
                    "NAME_IN_URL",
                    url,
                    f'link URL contains the name "{hits[0]}"; URLs are not changed: edit by hand',
                    offset,
                    fixed_by_redact=False,
                )
            )
    return notices


def explained_names(text: str) -> set[str] | None:
    """Folded names a pseudonym footnote explains, or None when the text has a generic footnote."""
    try:
        from safename.pseudonym.footnote import explained_names as engine_explained
    except ImportError:  # pragma: no cover - older engine without footnotes
        engine_explained = None
    found = {fold(n) for n in engine_explained(text)} if engine_explained else set()
    if not found and _FOOTNOTE_FALLBACK.search(text):
        return None  # "*Names have been changed." covers every pseudonym
    return found


def pseudonyms_without_footnote(view: str, footnote: str | None) -> list[Notice]:
    """ "Lucy*" with no footnote saying it is a pseudonym: readers would be misled."""
    text = view + ("\n\n" + footnote if footnote else "")
    stars = list(star_matches(view, PSEUDONYM_STAR))
    if not stars:
        return []
    explained = explained_names(text)
    if explained is None:
        return []
    notices, seen = [], set()
    for m in stars:
        key = fold(m.group(1))
        if key in explained or key in seen:
            continue
        seen.add(key)
        notices.append(
            Notice(
                "PSEUDONYM_WITHOUT_FOOTNOTE",
                m.group(),
                f'"{m.group()}" looks like a pseudonym but no footnote says so; add one such as '
                f'"*{m.group(1)} is a pseudonym used to protect the identity of the person in '
                'this story."',
                m.start(),
                fixed_by_redact=False,
            )
        )
    return notices


# -- many files -------------------------------------------------------------------------------


def expand_paths(
    paths: Iterable[Path], errors: list[tuple[Path, str]] | None = None
) -> tuple[list[Path], bool]:
    """Files to process: folders walked (supported extensions, no hidden folders, no outputs).

    Returns the files and whether a folder was walked (which turns the progress bar on). A
    folder that cannot be listed is appended to `errors` (path, one-line reason) rather than
    silently skipped; a path whose type cannot be told (a symlink loop, a folder without
    permission) is kept as a file, so reading it reports the problem in one line.
    """
    files: list[Path] = []
    walked = False

    def unreadable(exc: OSError) -> None:
        if errors is not None:
            errors.append((Path(exc.filename or "?"), f"cannot read folder: {exc.strerror or exc}"))

    for path in paths:
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            walked = True
            for root, dirs, names in os.walk(path, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    candidate = Path(root) / name
                    if not name.startswith(".") and is_supported(candidate):
                        files.append(candidate)
        else:
            files.append(path)
    return files, walked


T = TypeVar("T")
R = TypeVar("R")
_WORKER_STATE: dict[str, Any] = {}
# Files of one call are read and parsed a batch at a time: spaCy's `nlp.pipe` over several
# documents is faster than one call per document, and a batch bounds memory.
FILE_BATCH = 16


def _call_in_worker(chunk: list[Any]) -> list[Any]:
    return list(_run_chunk(_WORKER_STATE["func"], _WORKER_STATE["prepare"], chunk))


def _run_chunk(
    func: Callable[[T], R], prepare: Callable[[Sequence[T]], None] | None, chunk: Sequence[T]
) -> Iterator[R]:
    if prepare is not None:
        prepare(chunk)
    try:
        for item in chunk:
            yield func(item)
    finally:
        if prepare is not None:
            prepare(())  # nothing prepared outlives its batch


def map_files(
    func: Callable[[T], R],
    items: Sequence[T],
    jobs: int = 1,
    *,
    prepare: Callable[[Sequence[T]], None] | None = None,
    before_fork: Callable[[Sequence[T]], None] | None = None,
    batch_size: int = FILE_BATCH,
) -> Iterator[tuple[T, R]]:
    """(item, func(item)) for each item, in order, using `jobs` forked worker processes.

    `prepare(batch)` runs before the items of each batch (reading the files and parsing them
    together, see `read_ahead`); `func` gives the same result with or without it. Workers are
    forked after the parent has loaded the spaCy pipelines and run `before_fork` (filling the
    lazy tables, given the items), so they share both instead of each spending seconds building
    its own. Where
    fork is unavailable (macOS spawn default, Windows) the files are processed in this process.
    """
    items = list(items)
    if jobs <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for start in range(0, len(items), batch_size):
            chunk = items[start : start + batch_size]
            yield from zip(chunk, _run_chunk(func, prepare, chunk), strict=True)
        return
    # Small tasks keep every worker busy to the end; each is still a batch for nlp.pipe.
    size = max(1, min(batch_size, -(-len(items) // (jobs * 4))))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    if before_fork is not None:
        before_fork(items)
    _WORKER_STATE.update(func=func, prepare=prepare)
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            for chunk, results in zip(chunks, pool.map(_call_in_worker, chunks), strict=True):
                yield from zip(chunk, results, strict=True)
    finally:
        _WORKER_STATE.clear()


# Documents read by `read_ahead`, taken (once) by `take_document`.
_READ_AHEAD: dict[tuple[str, str | None, int], Document] = {}


def read_ahead(
    redactor: Redactor,
    paths: Sequence[Path],
    input_format: str | None,
    max_bytes: int,
    language: str = "auto",
) -> None:
    """Read a batch of files and parse their text with one `nlp.pipe` call per language.

    `take_document` then returns each Document without reading it again, and the engine finds
    each parse ready (safename.batch). A file that cannot be read is left for its own turn,
    which reports the error as before. `paths=()` drops whatever the last batch left.
    """
    from safename.batch import clear_parses, parse_ahead
    from safename.formats.registry import load_document

    _READ_AHEAD.clear()
    clear_parses(redactor)
    texts: list[str] = []
    languages: list[str] = []
    for path in paths:
        try:
            document = load_document(path, input_format, max_bytes)
            view = document.view
        except Exception:  # noqa: BLE001 - reported by the file's own turn, unchanged
            continue
        _READ_AHEAD[(str(path), input_format, max_bytes)] = document
        if view.strip():
            texts.append(view)
            languages.append(redactor.detect_language(view) if language == "auto" else language)
    if texts:
        parse_ahead(redactor, texts, languages)


def take_document(path: Path, input_format: str | None, max_bytes: int) -> Document:
    """The Document `read_ahead` prepared for `path`, or `path` read now."""
    from safename.formats.registry import load_document

    document = _READ_AHEAD.pop((str(path), input_format, max_bytes), None)
    return document if document is not None else load_document(path, input_format, max_bytes)


@dataclass
class BatchStatus:
    """Exit-code bookkeeping shared by the multi-file commands."""

    failed: int = 0
    flagged: int = 0
    processed: int = 0
    counts: Counts = field(default_factory=Counts)


#: Temporary files are named `.NAME.safename-PID-XXXX.tmp`: a run killed with SIGKILL (no
#: chance to clean up) leaves one, and the next write beside NAME removes it once PID is gone.
TMP_MARK = ".safename-"


def _stale_temporaries(path: Path) -> Iterator[Path]:
    """Temporary files of earlier, dead safename processes for `path`."""
    prefix = f".{path.name}{TMP_MARK}"
    try:
        names = os.listdir(path.parent or ".")
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid_text = name[len(prefix) :].split("-", 1)[0]
        if not pid_text.isdigit():
            continue
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            yield (path.parent or Path(".")) / name
        except OSError:  # alive, owned by someone else
            continue


def remove_stale_temporaries(path: Path) -> None:
    """Remove what killed safename runs left beside `path` (their real names included)."""
    for stale in _stale_temporaries(path):
        with suppress(OSError):
            stale.unlink()


def _copy_metadata(source: os.stat_result, like: Path, tmp: str) -> bool:
    """Give `tmp` the owner, group, mode and extended attributes of `like`; False if it cannot
    be done (then the caller writes into the existing file instead of replacing it)."""
    try:
        if (source.st_uid, source.st_gid) != (os.getuid(), os.getgid()):
            os.chown(tmp, source.st_uid, source.st_gid)
        os.chmod(tmp, source.st_mode & 0o7777)
        if hasattr(os, "listxattr"):
            for name in os.listxattr(like):
                os.setxattr(tmp, name, os.getxattr(like, name))
    except OSError:
        return False
    return True


def _write_into(path: Path, data: bytes) -> None:
    """Overwrite `path`'s own inode: every hard link sees the new text; owner, mode and
    extended attributes stay as they are."""
    with open(path, "r+b") as handle:
        handle.truncate(0)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_atomic(
    path: Path, data: bytes, mode_from: Path | None = None, mode: int | None = None
) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename.

    A crash or a full disk leaves either the old file or the new one, never half a story. With
    `mode_from` (for `--in-place`, the file itself) the new file keeps its permissions, owner,
    group and extended attributes; when `path` has other hard links, or that metadata cannot
    be carried over, the data is written into the existing file instead (after the complete
    copy was written and synced beside it, so a full disk still fails before anything
    changes): replacing it would leave the other links with the real names. `mode` sets the
    permissions instead (0o600 for files that hold real names); mkstemp creates the file 0600,
    so it is never readable by others, even for an instant.
    """
    folder = path.parent or Path(".")
    remove_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}{TMP_MARK}{os.getpid()}-", suffix=".tmp", dir=folder
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        source = mode_from.stat() if mode_from is not None and mode_from.exists() else None
        if mode is not None:
            os.chmod(tmp, mode)
        elif source is not None:
            if source.st_nlink > 1 or not _copy_metadata(source, mode_from, tmp):
                _write_into(path, data)
                Path(tmp).unlink(missing_ok=True)
                return
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def parse_size(value: str) -> int:
    """ "20MB", "512k", "1000000" -> bytes (powers of 1024, as file managers show them)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*", value, re.I)
    if not m:
        raise ValueError(f"not a size: {value!r} (examples: 500k, 20MB)")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2).lower()]
    return int(float(m.group(1)) * factor)
