"""Loaders for the two gold sets used by ``quality.py``.

* The safename development set (``benchmarks/devset/*.txt``): drafts written for this benchmark,
  annotated inline as ``[[surface text|LABEL attrs]]``. Inline markup keeps the gold next to the
  prose, so a reviewer can read and fix it without an annotation tool; this module strips it and
  turns it into character offsets into the clean text.
* The Text Anonymization Benchmark (TAB) subset in ``/work/shared/tab/data``: English ECHR court
  cases. It is out of domain for safename, but it is the only independent, human-annotated set we
  have, so it guards against over-fitting the rules to drafts we wrote ourselves.

Run ``python benchmarks/devset.py`` to validate the dev set and print span counts.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DEVSET_DIR = Path(__file__).resolve().parent / "devset"
TAB_DIR = Path("/work/shared/tab/data")

#: Labels of the dev-set markup. Spans of the first group must be redacted; spans of the
#: second group must be kept (staff names, the organisation's own press contacts).
IDENTIFYING_LABELS: frozenset[str] = frozenset(
    {"PERSON", "NATIONALITY", "PHONE", "EMAIL", "HANDLE", "DOCNUM"}
)
KEEP_LABELS: frozenset[str] = frozenset({"STAFF", "PHONE_ORG", "EMAIL_ORG"})
LABELS: frozenset[str] = IDENTIFYING_LABELS | KEEP_LABELS
GENDERS: frozenset[str] = frozenset({"f", "m", "u"})

# ``[[surface|LABEL attrs]]``. The surface may span a line break (a name split across lines
# is one of the hard cases), so it may hold any character except the markup delimiters.
_MARKUP = re.compile(r"\[\[(?P<surface>[^\[\]|]+)\|(?P<label>[A-Z_]+)(?P<attrs>[^\[\]|]*)\]\]")


class MarkupError(ValueError):
    """The inline annotation of a dev-set file is malformed."""


@dataclass(frozen=True)
class Span:
    """One gold span; ``start``/``end`` are Python ``str`` offsets into ``Doc.text``.

    ``pid`` groups the mentions of one person inside one document (PERSON and STAFF only), so
    that person-level recall can require *every* mention of a person to be caught: one missed
    mention is enough to re-identify someone. ``identifier_type`` is only set for TAB spans.
    """

    start: int
    end: int
    label: str
    pid: str | None = None
    gender: str | None = None
    identifier_type: str | None = None


@dataclass
class Doc:
    """A document with its markup-free text and its gold spans."""

    name: str
    language: str
    text: str
    spans: list[Span] = field(default_factory=list)

    def surface(self, span: Span) -> str:
        """Text covered by ``span``."""
        return self.text[span.start : span.end]


def parse_markup(raw: str, name: str = "<string>") -> tuple[str, list[Span]]:
    """Strip inline markup from ``raw``; return the clean text and its spans.

    Raises :class:`MarkupError` on unknown labels, missing or stray attributes, stray brackets,
    and a pid used with two labels or two genders, because silent gold errors would skew every
    number the benchmark prints.
    """
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0  # position in raw
    out_len = 0  # length of the clean text produced so far
    pid_label: dict[str, str] = {}
    pid_gender: dict[str, str] = {}
    for m in _MARKUP.finditer(raw):
        before = raw[pos : m.start()]
        parts.append(before)
        out_len += len(before)
        surface, label = m.group("surface"), m.group("label")
        attrs = m.group("attrs").split()
        where = f"{name}: [[{surface}|{label} {' '.join(attrs)}]]"
        if label not in LABELS:
            raise MarkupError(f"{where}: unknown label {label!r}")
        if surface != surface.strip():
            raise MarkupError(f"{where}: surface has leading/trailing whitespace")
        pid: str | None = None
        gender: str | None = None
        if label == "PERSON":
            if len(attrs) != 2 or attrs[1] not in GENDERS:
                raise MarkupError(f"{where}: PERSON needs '<pid> <f|m|u>'")
            pid, gender = attrs
            if pid_gender.setdefault(pid, gender) != gender:
                raise MarkupError(f"{where}: pid {pid} has two genders")
        elif label == "STAFF":
            if len(attrs) != 1:
                raise MarkupError(f"{where}: STAFF needs '<pid>'")
            pid = attrs[0]
        elif attrs:
            raise MarkupError(f"{where}: {label} takes no attributes")
        if pid is not None and pid_label.setdefault(pid, label) != label:
            raise MarkupError(f"{where}: pid {pid} used as both PERSON and STAFF")
        spans.append(Span(out_len, out_len + len(surface), label, pid, gender))
        parts.append(surface)
        out_len += len(surface)
        pos = m.end()
    parts.append(raw[pos:])
    text = "".join(parts)
    surfaces = [m.group("surface") for m in _MARKUP.finditer(raw)]
    for span, surface in zip(spans, surfaces, strict=True):
        assert text[span.start : span.end] == surface, (name, surface)
    for bad in ("[[", "]]"):
        if bad in text:
            line = text[: text.index(bad)].count("\n") + 1
            raise MarkupError(f"{name}: unparsed markup {bad!r} near line {line}")
    return text, spans


def load_devset(directory: Path = DEVSET_DIR) -> list[Doc]:
    """Load every ``<lang>_<nnn>.txt`` file of the dev set, sorted by name."""
    docs: list[Doc] = []
    for path in sorted(directory.glob("*.txt")):
        language = path.stem.split("_", 1)[0]
        if language not in {"en", "fr"}:
            raise MarkupError(f"{path.name}: file name must start with en_ or fr_")
        text, spans = parse_markup(path.read_text(encoding="utf-8"), path.name)
        docs.append(Doc(path.stem, language, text, spans))
    return docs


#: realdev labels (../shared/realdev/README.md) mapped to this module's labels. Nationalities and
#: places about a group are scored apart: they are optional for recall.
REALDEV_DEFAULT = Path("/tmp/realdev/corpus.jsonl")


def _realdev_label(span: dict) -> str:
    label = span["label"]
    if label == "BENEFICIARY_NAME":
        return "PERSON"
    if label == "STAFF_NAME":
        return "STAFF"
    if label == "EXISTING_PSEUDONYM":
        return "PSEUDONYM"
    if label in ("NATIONALITY", "LOCATION_PRIVATE"):
        base = "NATIONALITY" if label == "NATIONALITY" else "LOCATION"
        return base if span.get("scope") == "individual" else base + "_GROUP"
    if label in ("PHONE", "EMAIL", "URL_HANDLE"):
        base = {"PHONE": "PHONE", "EMAIL": "EMAIL", "URL_HANDLE": "HANDLE"}[label]
        return base + "_ORG" if span.get("owner") == "org" else base
    return label  # AGE


def load_realdev(path: Path = REALDEV_DEFAULT) -> list[Doc]:
    """The rebuilt realdev corpus (real published stories; never copied into the repository)."""
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            spans = [
                Span(s["start"], s["end"], _realdev_label(s), s.get("person_id"))
                for s in rec["spans"]
            ]
            docs.append(Doc(rec["id"], rec["lang"], rec["text"], spans))
    return docs


def tab_path(split: str = "dev") -> Path:
    """Path of the TAB subset file for ``split`` (``dev`` or ``train``)."""
    return TAB_DIR / f"tab_spia_{split}.json"


def load_tab(split: str = "dev", path: Path | None = None) -> list[Doc]:
    """Load the TAB subset as :class:`Doc` objects holding every PERSON mention.

    All PERSON mentions are kept, whatever their ``identifier_type``: recall is computed on the
    DIRECT/QUASI ones (see :func:`tab_recall_spans`), while precision may count a PERSON finding
    on a NO_MASK person name (for instance a lawyer) as a correct person detection. Mentions of
    every annotator are pooled; the subset has one annotator per document.
    """
    path = path or tab_path(split)
    raw_docs = json.loads(path.read_text(encoding="utf-8"))
    docs: list[Doc] = []
    for raw in raw_docs:
        text: str = raw["text"]
        spans: set[Span] = set()
        for annotator in raw["annotations"].values():
            for m in annotator["entity_mentions"]:
                if m["entity_type"] != "PERSON":
                    continue
                span = Span(
                    m["start_offset"],
                    m["end_offset"],
                    "PERSON",
                    pid=m["entity_id"],
                    gender="u",
                    identifier_type=m["identifier_type"],
                )
                assert text[span.start : span.end] == m["span_text"], m["entity_mention_id"]
                spans.add(span)
        ordered = sorted(spans, key=lambda s: (s.start, s.end))
        docs.append(Doc(raw["doc_id"], "en", text, ordered))
    return docs


def tab_recall_spans(doc: Doc) -> list[Span]:
    """TAB gold for recall: PERSON mentions that annotators said must be masked."""
    return [s for s in doc.spans if s.identifier_type in {"DIRECT", "QUASI"}]


def _fold(word: str) -> str:
    """Lower-case and strip diacritics, so that Aïssata and Aissata compare equal."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def lint(doc: Doc) -> list[str]:
    """Warn about words of an annotated name that also occur outside any span.

    Forgetting one mention of a name is the easiest gold error to make and it would make a system
    that is right look wrong, so the dev set is checked for it after every edit. Legitimate hits
    (a staff member sharing a beneficiary's surname, a common word like "joy", a pseudonym that
    shares a word with a real name) are expected and must be read by a human.
    """
    covered = [False] * len(doc.text)
    for span in doc.spans:
        covered[span.start : span.end] = [True] * (span.end - span.start)
    name_words = {
        _fold(w)
        for span in doc.spans
        if span.label in {"PERSON", "STAFF"}
        for w in re.findall(r"\w+", doc.surface(span))
        if len(w) > 2
    }
    warnings: list[str] = []
    for m in re.finditer(r"\w+", doc.text):
        if _fold(m.group()) in name_words and not any(covered[m.start() : m.end()]):
            line = doc.text[: m.start()].count("\n") + 1
            warnings.append(f"{doc.name}:{line}: unannotated {m.group()!r}")
    return warnings


def _summary(docs: list[Doc]) -> str:
    """Human-readable counts, used to check the dev set after editing it."""
    lines: list[str] = []
    by_lang = Counter(d.language for d in docs)
    lines.append(f"{len(docs)} docs: " + ", ".join(f"{k} {v}" for k, v in sorted(by_lang.items())))
    for lang in sorted(by_lang):
        sub = [d for d in docs if d.language == lang]
        labels = Counter(s.label for d in sub for s in d.spans)
        words = [len(d.text.split()) for d in sub]
        persons = {(d.name, s.pid) for d in sub for s in d.spans if s.label == "PERSON"}
        no_benef = sum(1 for d in sub if not any(s.label == "PERSON" for s in d.spans))
        lines.append(
            f"[{lang}] words min/median/max {min(words)}/{sorted(words)[len(words) // 2]}"
            f"/{max(words)}; persons {len(persons)}; docs without beneficiary {no_benef}"
        )
        lines.append("   " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    return "\n".join(lines)


if __name__ == "__main__":
    try:
        devset = load_devset()
        for d in devset:
            for warning in lint(d):
                print(warning)
        print(_summary(devset))
    except MarkupError as exc:
        sys.exit(f"markup error: {exc}")
