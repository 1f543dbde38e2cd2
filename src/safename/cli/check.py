"""`safename check`: lint-style findings for editors, CI and pre-commit hooks.

Nothing is written (except the baseline with `--update-baseline`). The output is one
`path:line:col: TYPE "text" (recognizer, score) — why` line per problem, the format editors and
CI annotate; the exit code is the contract hooks rely on: 0 clean, 1 something would be
changed or must be reviewed, 2 a usage or input error (the other files are still checked).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from safename.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
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
from safename.findings import Finding
from safename.formats import DEFAULT_MAX_BYTES, FORMATS, InputError, load_document
from safename.formats.base import Notice
from safename.formats.process import (
    analyse,
    expand_paths,
    map_files,
    parse_size,
    read_ahead,
    take_document,
)
from safename.pseudonym.keys import KeyProblem
from safename.pseudonym.registry import RegistryError
from safename.redactor import Redactor
from safename.review.baseline import BASELINE_FILENAME, Baseline, BaselineError
from safename.review.persons import review_persons


def _size(ctx: click.Context, param: click.Parameter, value: str | None) -> int:
    if value is None:
        return DEFAULT_MAX_BYTES
    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


max_size_option = click.option(
    "--max-size",
    "max_bytes",
    envvar="SAFENAME_MAX_SIZE",
    callback=_size,
    metavar="SIZE",
    help="Refuse files larger than this (default 20MB; env SAFENAME_MAX_SIZE).",
)
input_format_option = click.option(
    "--input-format",
    "input_format",
    type=click.Choice(list(FORMATS)),
    help="Read every input as this format instead of choosing by extension.",
)
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Files processed in parallel (worker processes share the loaded models).",
)


Position = Callable[[int], tuple[int, int]]


def batching(
    redactor: Redactor, input_format: str | None, max_bytes: int, language: str
) -> dict[str, Any]:
    """`map_files` options: read and parse each batch of files together, and before forking
    warm up the languages of the first files (`--jobs` on English files does not load French)."""
    from safename.batch import languages_of, warm_up

    def prepare(paths: Sequence[Path]) -> None:
        read_ahead(redactor, paths, input_format, max_bytes, language)

    def before_fork(paths: Sequence[Path]) -> None:
        views = []
        for path in paths[:WARM_UP_FILES]:
            try:
                views.append(load_document(path, input_format, max_bytes).view)
            except Exception:  # noqa: BLE001 - reported by the file's own turn
                continue
        warm_up(redactor, languages_of(redactor, views, language))

    return {"prepare": prepare, "before_fork": before_fork}


# Files whose languages are loaded before forking; a language met later loads in the worker.
WARM_UP_FILES = 16


@dataclass
class FileCheck:
    """The outcome for one file, small and picklable (it crosses process boundaries)."""

    path: str
    error: str | None = None
    language: str | None = None
    format: str | None = None
    problems: list[dict[str, Any]] = field(default_factory=list)
    baselined: int = 0
    # Persons who still show two or more quasi-identifiers after redaction (warnings).
    risks: list[dict[str, Any]] = field(default_factory=list)


def finding_item(
    doc_position: Position, f: Finding, part_at: Callable[[int], str | None] | None = None
) -> dict[str, Any]:
    item = {"kind": "finding", **f.to_json(*doc_position(f.start))}
    return with_part(item, f.start, part_at)


def with_part(
    item: dict[str, Any], offset: int, part_at: Callable[[int], str | None] | None
) -> dict[str, Any]:
    """Word findings also name their package part ("word/footnotes.xml"): the "line" is the
    paragraph's number, counted through the body, then headers, footers and notes."""
    part = part_at(offset) if part_at is not None else None
    if part is not None:
        item["part"] = part
    return item


def notice_item(doc_position: Position, n: Notice) -> dict[str, Any]:
    line, column = doc_position(n.offset) if n.offset is not None else (1, 1)
    return {
        "kind": "notice",
        "line": line,
        "column": column,
        "type": n.kind,
        "text": n.text,
        "message": n.message,
        "fixed_by_redact": n.fixed_by_redact,
    }


def item_type(item: dict[str, Any]) -> str:
    return item["entity_type"] if item["kind"] == "finding" else item["type"]


def lint_text(text: str) -> str:
    """A finding's text on one lint line: line breaks and tabs shown as escapes, so editors and
    CI annotators that split on newlines see one problem per line."""
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def lint_line(path: str, item: dict[str, Any]) -> str:
    where = f"{path}:{item['line']}:{item['column']}"
    if item["kind"] == "finding":
        return (
            f'{where}: {item["entity_type"]} "{lint_text(item["text"])}" '
            f"({short_recognizer(item['recognizer'])}, {item['score']:.2f}) — {fix_hint(item)}"
        )
    return f'{where}: {item["type"]} "{lint_text(item["text"])}" — {lint_text(item["message"])}'


def fix_hint(item: dict[str, Any]) -> str:
    """What protects the person: redacting, not allowlisting (which would publish the name)."""
    replacement = item.get("replacement")
    if replacement:
        return f'run `safename redact` (it becomes "{replacement}")'
    return "run `safename redact`"


def short_recognizer(name: str) -> str:
    """ "GazetteerNameRecognizer+coreference" -> "gazetteer+coreference", as a linter shows it."""
    parts = []
    for part in name.split("+"):
        for suffix in ("NameRecognizer", "PersonRecognizer", "Recognizer"):
            if part.endswith(suffix) and part != suffix:
                part = part[: -len(suffix)]
                break
        parts.append(part.lower())
    return "+".join(parts)


def check_file(
    path: Path,
    redactor: Redactor,
    language: str,
    input_format: str | None,
    max_bytes: int,
    baseline: Baseline | None,
    update_baseline: bool,
) -> FileCheck:
    try:
        document = take_document(path, input_format, max_bytes)
        analysis = analyse(document, redactor, language)
    except (InputError, KeyProblem, RegistryError) as exc:
        return FileCheck(str(path), error=str(exc))
    part_at = getattr(document, "part_at", None)
    items = [finding_item(document.position, f, part_at) for f in analysis.changes]
    items += [notice_item(document.position, n) for n in analysis.notices]
    items.sort(key=lambda i: (i["line"], i["column"]))
    outcome = FileCheck(str(path), language=analysis.language, format=document.format_name)
    for review in review_persons(analysis.findings):
        if review.risk != "high":
            continue
        first = min(
            (f for f in analysis.findings if f.person == review.id and f.entity_type == "PERSON"),
            key=lambda f: f.start,
        )
        line, column = document.position(first.start)
        outcome.risks.append(
            {
                "person": review.id,
                "line": line,
                "column": column,
                "text": first.text,
                "reason": review.risk_reason,
            }  # fmt: skip
        )
    for item in items:
        if (
            not update_baseline
            and baseline is not None
            and baseline.contains(path, item_type(item), item["text"])
        ):
            outcome.baselined += 1
        else:
            outcome.problems.append(item)
    return outcome


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one lint line per problem; json: one object per file.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Accepted legacy findings (default: {BASELINE_FILENAME} in the current folder, "
    "when it exists).",
)
@click.option(
    "--update-baseline",
    is_flag=True,
    help="Record the current findings of PATHS in the baseline and exit 0.",
)
@input_format_option
@max_size_option
@jobs_option
@language_option
@config_option
@profile_option
def check(
    paths: tuple[Path, ...],
    fmt: str,
    baseline_path: Path | None,
    update_baseline: bool,
    input_format: str | None,
    max_bytes: int,
    jobs: int,
    language: str,
    config_path: Path | None,
    profile: str | None,
) -> None:
    """Fail when PATHS hold names, nationalities or contacts that redact would change.

    Folders are walked (.txt, .md, .html, .docx). Existing pseudonyms ("Lucy*") with their
    footnote pass; names allowed by the configuration, by a pragma
    (<!-- safename: allow "Name" -->) or by the baseline pass.

    \b
    Exit codes: 0 nothing to change, 1 something to change or review, 2 usage or input error.
    """
    folder_errors: list[tuple[Path, str]] = []
    files, _ = expand_paths(paths, folder_errors)
    if not files:
        raise click.UsageError("no supported files (.txt, .md, .html, .docx) in the given folders")
    redactor = apply_profile(make_redactor(config_path, files[0]), profile)
    check_language(redactor, language)
    explicit = baseline_path is not None
    baseline_path = baseline_path or Path(BASELINE_FILENAME)
    baseline: Baseline | None = None
    if explicit or baseline_path.exists() or update_baseline:
        baseline = open_baseline(redactor, baseline_path, warn=not update_baseline)
        if update_baseline and baseline.key is None:
            click.echo(
                f"safename: {baseline_path}: recording a baseline needs the team's key (set "
                "SAFENAME_KEY or run `safename init`), so that its entries cannot be guessed",
                err=True,
            )
            raise SystemExit(EXIT_ERROR)
    ensure_engine(redactor)

    def work(path: Path) -> FileCheck:
        return check_file(
            path, redactor, language, input_format, max_bytes, baseline, update_baseline
        )

    failed = flagged = 0
    reports = []
    for folder, message in folder_errors:
        failed += 1
        report_error(folder, message)
        reports.append({"path": str(folder), "error": message})
    for path, outcome in map_files(
        work, files, jobs, **batching(redactor, input_format, max_bytes, language)
    ):
        if outcome.error is not None:
            failed += 1
            report_error(path, outcome.error)
            reports.append({"path": str(path), "error": outcome.error})
            continue
        if update_baseline and baseline is not None:
            baseline.set_file(
                path, [(item_type(i), i["text"], i["line"]) for i in outcome.problems]
            )
            continue
        if outcome.problems or (outcome.risks and redactor.config.fail_on_risk):
            flagged += 1
        reports.append(
            {
                "path": outcome.path,
                "format": outcome.format,
                "language": outcome.language,
                "problems": outcome.problems,
                "baselined": outcome.baselined,
                "error": None,
                "risks": outcome.risks,
            }
        )
        if fmt == "text":
            for item in outcome.problems:
                click.echo(lint_line(outcome.path, item))
            for risk in outcome.risks:
                click.echo(
                    f"{outcome.path}:{risk['line']}:{risk['column']}: warning: RESIDUAL_RISK "
                    f'"{lint_text(risk["text"])}" — {risk["reason"]}; together they can '
                    'identify the person: generalise them (profile = "standard") or cut them'
                )
    if update_baseline and baseline is not None:
        try:
            baseline.save()
        except (OSError, BaselineError) as exc:
            message = getattr(exc, "strerror", None) or str(exc)
            report_error(baseline.path, f"cannot write the baseline: {message}")
            raise SystemExit(EXIT_ERROR) from None
        recorded = sum(len(v) for v in baseline.results.values())
        click.echo(
            f"safename: baseline {baseline.path} records {recorded} accepted finding(s) "
            f"in {len(baseline.results)} file(s), keyed with fingerprint "
            f"{baseline.key.fingerprint if baseline.key else '-'}",
            err=True,
        )
        migration = baseline.migration_message()
        if migration:
            click.echo(f"safename: warning: {migration}", err=True)
    elif fmt == "json":
        click.echo(json.dumps(reports, ensure_ascii=False, indent=2))
    if failed:
        raise SystemExit(EXIT_ERROR)
    raise SystemExit(EXIT_FINDINGS if flagged else EXIT_OK)


def open_baseline(redactor: Redactor, path: Path, warn: bool = True) -> Baseline:
    """The baseline at `path`, matched with the team key; exit 2 with one line if unusable.

    A version-1 (unkeyed) baseline still works; a one-line warning says how to re-key it.
    """
    try:
        key = redactor.pseudonymiser.key
    except (KeyProblem, RegistryError) as exc:
        click.echo(f"safename: {exc}", err=True)
        raise SystemExit(EXIT_ERROR) from None
    try:
        baseline = Baseline.load(path, key)
    except BaselineError as exc:
        click.echo(f"safename: {exc}", err=True)
        raise SystemExit(EXIT_ERROR) from None
    migration = baseline.migration_message()
    if migration and warn:
        click.echo(f"safename: warning: {migration}", err=True)
    return baseline


__all__ = [
    "batching",
    "check",
    "open_baseline",
    "input_format_option",
    "jobs_option",
    "max_size_option",
]


def write_html_report(
    paths: tuple[Path, ...],
    redactor: Redactor,
    language: str,
    output: Path | None,
    input_format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> int:
    """`scan --format html`: the review page for PATHS; returns the exit code."""
    from safename.formats.process import write_atomic
    from safename.review.report import ReportEntry, render_report

    files, _ = expand_paths(paths)
    entries: list[ReportEntry] = []
    failed = False
    for path in files:
        try:
            document = load_document(path, input_format, max_bytes)
            analysis = analyse(document, redactor, language)
        except (InputError, KeyProblem, RegistryError) as exc:
            report_error(path, str(exc))
            entries.append(ReportEntry(str(path), error=str(exc)))
            failed = True
            continue
        entries.append(
            ReportEntry(
                str(path),
                text=document.display_text,
                findings=analysis.findings,
                notices=analysis.notices,
                language=analysis.language,
                format=document.format_name,
            )
        )
    if output is None:
        click.echo(render_report(entries), nl=False)
    else:
        # The page shows the real names: owner-only, like the key and the mapping.
        page = render_report(entries, owner_only=os.name == "posix")
        try:
            write_atomic(output, page.encode("utf-8"), mode=0o600)
        except OSError as exc:
            report_error(output, exc.strerror or str(exc))
            return EXIT_ERROR
        click.echo(
            f"safename: review report written to {output} (readable by you only; it shows "
            "the real names)",
            err=True,
        )
    return EXIT_ERROR if failed else EXIT_OK
