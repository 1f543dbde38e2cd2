"""`safename redact PATH...`: write redacted copies of text, Markdown, HTML and Word drafts.

The input is never modified unless `--in-place` is asked for: the copy goes to
`NAME.redacted.EXT` beside it by default (`-o OUT` for one file, `-o -` for standard output),
through a temporary file and an atomic rename, in the input's own encoding and line endings.
`--diff` shows what would change without writing. Folders are walked, with a progress bar and
`--jobs N` worker processes; a summary says what was changed.
"""

from __future__ import annotations

import difflib
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import click

from safename.cli.check import (
    batching,
    input_format_option,
    jobs_option,
    max_size_option,
    open_baseline,
)
from safename.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    apply_profile,
    check_language,
    config_option,
    ensure_engine,
    language_option,
    make_redactor,
    profile_option,
    report_error,
)
from safename.formats import InputError
from safename.formats.process import (
    Counts,
    analyse,
    expand_paths,
    map_files,
    take_document,
    write_atomic,
)
from safename.pseudonym.keys import KeyProblem
from safename.pseudonym.mapping import (
    MappingEntry,
    MappingError,
    check_mapping_writable,
    mapping_entries,
    update_mapping,
)
from safename.pseudonym.registry import RegistryError
from safename.redactor import Redactor
from safename.review.baseline import Baseline

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
TEXT_SUFFIXES = frozenset({"", ".txt", ".text"})


class RedactError(Exception):
    """One line for stderr, after `safename: PATH: `."""


def default_output(path: Path) -> Path:
    return path.with_name(f"{path.stem}.redacted{path.suffix}")


def write_atomically(path: Path, data: bytes, mode_from: Path | None = None) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`."""
    write_atomic(path, data, mode_from=mode_from)


@dataclass
class FileOutcome:
    """What happened to one file; small and picklable, it comes back from worker processes."""

    path: Path
    error: str | None = None
    target: Path | None = None
    written: bool = False
    data: bytes | None = None  # for standard output, or held until the mapping is saved
    diff: list[str] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    notes: list[str] = field(default_factory=list)  # warnings about this file
    warnings: list[str] = field(default_factory=list)  # engine warnings (ephemeral key)
    entries: list[MappingEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """The options every file of one run shares."""

    output: str | None
    in_place: bool
    show_diff: bool
    language: str
    input_format: str | None
    max_bytes: int
    record: bool
    mapping: bool  # entries are collected, and nothing is written until the mapping is saved
    baseline: Baseline | None = None


def target_for(path: Path, plan: Plan) -> Path | None:
    """Where the redacted copy of `path` goes; None for standard output.

    `--in-place` on a symbolic link writes the file it points to: replacing the link by a
    regular file would leave the real story, names and all, where the link pointed.
    """
    if plan.in_place:
        return Path(os.path.realpath(path))
    if plan.output == "-":
        return None
    return Path(plan.output) if plan.output else default_output(path)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def redact_file(path: Path, redactor: Redactor, plan: Plan) -> FileOutcome:
    """Redact one file and write it (or its diff); every problem becomes `error`, one line.

    With `plan.mapping`, the copy is returned in `data` and written by the caller only once
    the mapping is saved, so a mapping that cannot be written leaves nothing behind.
    """
    outcome = FileOutcome(path)
    target = None if plan.show_diff else target_for(path, plan)
    outcome.target = target
    encoding = "utf-8"
    try:
        if target is not None and not plan.in_place and _same_file(target, path):
            raise RedactError("refusing to overwrite the input; choose another -o or --in-place")
        document = take_document(path, plan.input_format, plan.max_bytes)
        encoding = getattr(getattr(document, "decoded", None), "encoding", "utf-8")
        baseline = plan.baseline
        accepted = None
        if baseline is not None:

            def accepted(kind: str, text: str) -> bool:
                return baseline.contains(path, kind, text)

        analysis = analyse(document, redactor, plan.language, record=plan.record, accepted=accepted)
        unchanged = not analysis.changes_file
        rendered = None if unchanged and plan.in_place else analysis.render()
    except (InputError, RedactError, KeyProblem, RegistryError) as exc:
        outcome.error = str(exc)
        return outcome
    except UnicodeEncodeError as exc:
        outcome.error = f"a replacement cannot be written in {encoding}: {exc.reason}"
        return outcome
    outcome.counts = Counts.of(analysis)
    outcome.warnings = analysis.warnings
    if plan.mapping:
        output = "-" if target is None else os.path.abspath(target)
        outcome.entries = mapping_entries(analysis.findings, os.path.abspath(path), output)
    stray = getattr(getattr(document, "decoded", None), "stray_bytes", 0)
    if stray:
        outcome.notes.append(
            f"{path}: warning: {stray} byte{'s' if stray > 1 else ''} not valid UTF-8 in a UTF-8 "
            "file, written back unchanged; re-save the file as UTF-8 to fix"
        )
    for notice in analysis.notices:
        if not notice.fixed_by_redact:
            line, column = document.position(notice.offset) if notice.offset is not None else (1, 1)
            outcome.notes.append(f"{path}:{line}:{column}: warning: {notice.message}")
    if plan.show_diff:
        assert rendered is not None
        label = "" if document.diff_text is not document.view else " (text)"
        outcome.diff = list(
            difflib.unified_diff(
                document.diff_text.splitlines(keepends=True),
                rendered.diff_text.splitlines(keepends=True),
                fromfile=f"{path}{label}",
                tofile=f"{path}{label} (redacted)",
            )
        )
        return outcome
    if plan.in_place and (rendered is None or rendered.data == document_bytes(path)):
        return outcome  # like a formatter: a file with nothing to change is not touched
    assert rendered is not None
    if unchanged:
        # Nothing to replace: the copy is the input byte for byte (a .docx is not re-zipped).
        original = document_bytes(path)
        data = original if original is not None else rendered.data
    else:
        data = rendered.data
    if target is None or plan.mapping:
        outcome.data = data
        return outcome
    outcome.error = write_output(outcome, target, data, plan)
    return outcome


def write_output(outcome: FileOutcome, target: Path, data: bytes, plan: Plan) -> str | None:
    """Write one redacted copy; the error line, or None."""
    try:
        write_atomically(target, data, mode_from=target if plan.in_place else None)
    except OSError as exc:
        return f"cannot write {target}: {exc.strerror or exc}"
    outcome.written = True
    return None


def document_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


@contextmanager
def cleanup_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP (a CI job cancelled, a terminal closed) unwind like Ctrl-C, so the
    temporary file of a write in progress is removed. SIGKILL cannot be caught: the next
    write beside the same file removes what it left (see `write_atomic`)."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        # Not the main thread (an embedding application): leave its handlers alone.
        with suppress(ValueError):
            previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def print_diff(lines: list[str]) -> None:
    for line in lines:
        text = line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        if line.startswith(("---", "+++")):
            click.secho(text, bold=True, nl=False)
        elif line.startswith("@@"):
            click.secho(text, fg="cyan", nl=False)
        elif line.startswith("+"):
            click.secho(text, fg="green", nl=False)
        elif line.startswith("-"):
            click.secho(text, fg="red", nl=False)
        else:
            click.echo(text, nl=False)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    help="Where to write the redacted copy of a single FILE; '-' for standard output "
    "(default: NAME.redacted.EXT beside each input).",
)
@click.option(
    "--in-place",
    is_flag=True,
    help="Overwrite each input with its redacted version (atomically; unchanged files are not "
    "touched). For pre-commit hooks and formatters.",
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Show a coloured unified diff of what would change; write nothing.",
)
@click.option(
    "--mapping",
    "mapping_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the real name <-> pseudonym mapping here, encrypted with your key, for "
    "authorised staff who may need to reverse the redaction. Never written otherwise.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Leave what this `check` baseline accepted (legacy findings) unchanged, so the redact "
    "and check hooks agree; a missing file accepts nothing. Default: redact everything.",
)
@input_format_option
@max_size_option
@jobs_option
@language_option
@config_option
@profile_option
def redact(
    paths: tuple[Path, ...],
    output: str | None,
    in_place: bool,
    show_diff: bool,
    mapping_path: Path | None,
    baseline_path: Path | None,
    input_format: str | None,
    max_bytes: int,
    jobs: int,
    language: str,
    config_path: Path | None,
    profile: str | None,
) -> None:
    """Write copies of PATHS with beneficiaries' names pseudonymised.

    Plain text, Markdown, HTML and Word (.docx), chosen by extension; folders are walked.
    Names become consistent pseudonyms marked with '*' and explained in a footnote;
    nationalities are generalised; phone numbers, e-mails and handles become placeholders.
    Staff, allowlisted names and the organisation's own contacts are kept. Word comments,
    tracked changes and author properties are removed.

    \b
    Exit codes: 0 every file redacted, 2 usage error or a file could not be redacted (the
    other files are still processed).
    """
    if sum(bool(x) for x in (output, in_place, show_diff)) > 1:
        raise click.UsageError("choose one of -o, --in-place and --diff")
    folder_errors: list[tuple[Path, str]] = []
    files, walked = expand_paths(paths, folder_errors)
    if not files:
        raise click.UsageError("no supported files (.txt, .md, .html, .docx) in the given folders")
    if output and (len(files) > 1 or walked):
        raise click.UsageError(
            "-o takes a single input file; without it each copy is written "
            "beside its input as NAME.redacted.EXT"
        )
    redactor = apply_profile(make_redactor(config_path, files[0]), profile)
    check_language(redactor, language)
    ensure_engine(redactor)
    try:
        pseudonymiser = redactor.pseudonymiser  # load the key once, before any worker forks
    except (KeyProblem, RegistryError) as exc:
        click.echo(f"safename: {exc}", err=True)
        raise SystemExit(EXIT_ERROR) from None
    if mapping_path is not None and pseudonymiser.key.ephemeral:
        report_error(mapping_path, "--mapping needs a persistent key (run `safename init`)")
        raise SystemExit(EXIT_ERROR)
    baseline = open_baseline(redactor, baseline_path) if baseline_path is not None else None
    if mapping_path is not None and not show_diff:
        try:
            check_mapping_writable(mapping_path, pseudonymiser.key.material)
        except MappingError as exc:
            click.echo(f"safename: {exc}; nothing written", err=True)
            raise SystemExit(EXIT_ERROR) from None
    if pseudonymiser.registry is not None or mapping_path is not None:
        jobs = 1  # one process owns the registry file and the mapping
    plan = Plan(
        output=output,
        in_place=in_place,
        show_diff=show_diff,
        language=language,
        input_format=input_format,
        max_bytes=max_bytes,
        record=not show_diff,
        mapping=mapping_path is not None and not show_diff,
        baseline=baseline,
    )

    def work(path: Path) -> FileOutcome:
        return redact_file(path, redactor, plan)

    total = Counts()
    failed = done = 0
    warnings: list[str] = []
    entries: list[MappingEntry] = []
    held: list[FileOutcome] = []  # copies written once the mapping is saved
    show_bar = walked and not show_diff and output != "-"
    for folder, message in folder_errors:
        failed += 1
        report_error(folder, message)
    with (
        cleanup_on_signals(),
        click.progressbar(length=len(files), label="Redacting", file=sys.stderr)
        if show_bar
        else _NoBar() as bar,
    ):
        options = batching(redactor, input_format, max_bytes, language)
        for path, outcome in map_files(work, files, jobs, **options):
            bar.update(1)
            if outcome.error is not None:
                failed += 1
                report_error(path, outcome.error)
                continue
            done += 1
            total.add(outcome.counts)
            entries += outcome.entries
            for note in outcome.notes:
                click.echo(f"safename: {note}", err=True)
            warnings += [w for w in outcome.warnings if w not in warnings]
            if outcome.diff:
                print_diff(outcome.diff)
            if plan.mapping and outcome.data is not None:
                held.append(outcome)
            elif outcome.data is not None:
                sys.stdout.buffer.write(outcome.data)
                sys.stdout.buffer.flush()
        if mapping_path is not None and plan.mapping and done:
            try:
                update_mapping(mapping_path, entries, pseudonymiser.key.material)
            except MappingError as exc:
                click.echo(f"safename: {exc}; nothing written", err=True)
                raise SystemExit(EXIT_ERROR) from None
            for outcome in held:
                if outcome.target is None:
                    sys.stdout.buffer.write(outcome.data or b"")
                    sys.stdout.buffer.flush()
                    continue
                error = write_output(outcome, outcome.target, outcome.data or b"", plan)
                if error is not None:
                    failed += 1
                    done -= 1
                    report_error(outcome.path, error)
    for warning in warnings:
        click.echo(f"safename: warning: {warning}", err=True)
    verb = "would change" if show_diff else "changed"
    summary = total.describe().replace(" changed", f" {verb}")
    files_word = "file" if done == 1 else "files"
    line = f"safename: {done} {files_word} {'checked' if show_diff else 'redacted'}: {summary}"
    if failed:
        line += f"; {failed} file{'s' if failed > 1 else ''} failed"
    if done or not failed:  # when every file failed, their error lines say it all
        click.echo(line, err=True)
    raise SystemExit(EXIT_ERROR if failed else EXIT_OK)


class _NoBar:
    """Stands in for the progress bar when there is no folder to walk."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None
