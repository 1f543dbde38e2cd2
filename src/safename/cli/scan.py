"""`safename scan`: report what identifies people, without changing anything.

`scan`, `check` and `redact` read a file the same way (`load_document`: formats by extension,
folders walked with the same skips) and run the same analysis (`analyse`), so a finding `scan`
reports is one `check` fails on and `redact` changes, at the same line and column.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from safename.cli.check import (
    batching,
    input_format_option,
    jobs_option,
    lint_text,
    max_size_option,
    notice_item,
    with_part,
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
from safename.formats.process import analyse, expand_paths, map_files, take_document
from safename.pseudonym.keys import KeyProblem
from safename.pseudonym.registry import RegistryError
from safename.redactor import Redactor
from safename.review.persons import review_persons


@dataclass
class ScanOutcome:
    """One file's report, small and picklable (it comes back from worker processes)."""

    error: str | None = None
    report: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def scan_file(
    path: Path, redactor: Redactor, language: str, input_format: str | None, max_bytes: int
) -> ScanOutcome:
    try:
        document = take_document(path, input_format, max_bytes)
        # JSON consumers get each finding's `replacement`; nothing is written (record=False).
        analysis = analyse(document, redactor, language, record=False)
    except (InputError, KeyProblem, RegistryError) as exc:
        return ScanOutcome(error=str(exc))
    part_at = getattr(document, "part_at", None)
    report = {
        "path": str(path),
        "language": analysis.language,
        "findings": [
            with_part(f.to_json(*document.position(f.start)), f.start, part_at)
            for f in analysis.findings
        ],
        "format": document.format_name,
        "notices": [notice_item(document.position, n) for n in analysis.notices],
        # Per-person review (issue 10): mentions, decision, quasi-identifiers, residual risk.
        "persons": [r.to_json() for r in review_persons(analysis.findings)],
    }
    return ScanOutcome(report=report, warnings=list(analysis.warnings))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text: one line per finding; json: one array, an object per file; html: a "
    "self-contained review page highlighting every finding (use with -o).",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="html format: write the report here (default: standard output).",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="text format: also list kept findings (staff, allowlist, pseudonyms).",
)
@input_format_option
@max_size_option
@jobs_option
@language_option
@config_option
@profile_option
def scan(
    files: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    show_all: bool,
    input_format: str | None,
    max_bytes: int,
    jobs: int,
    language: str,
    config_path: Path | None,
    profile: str | None,
) -> None:
    """Report names, nationalities and contacts found in FILES (files or folders).

    Nothing is written. Exit code 0 when every file was scanned, 2 when a file could not be
    read (the other files are still scanned).
    """
    if output is not None and fmt != "html":
        raise click.UsageError("-o/--output is for --format html")
    folder_errors: list[tuple[Path, str]] = []
    paths, _ = expand_paths(files, folder_errors)
    if not paths:
        raise click.UsageError("no supported files (.txt, .md, .html, .docx) in the given folders")
    redactor = apply_profile(make_redactor(config_path, paths[0]), profile)
    check_language(redactor, language)
    ensure_engine(redactor)
    if fmt == "html":
        from safename.cli.check import write_html_report

        raise SystemExit(
            write_html_report(files, redactor, language, output, input_format, max_bytes)
        )
    reports = []
    failed = bool(folder_errors)
    for folder, message in folder_errors:
        report_error(folder, message)
    warnings: set[str] = set()

    def work(path: Path) -> ScanOutcome:
        return scan_file(path, redactor, language, input_format, max_bytes)

    options = batching(redactor, input_format, max_bytes, language)
    for path, outcome in map_files(work, paths, jobs, **options):
        if outcome.error is not None:
            report_error(path, outcome.error)
            failed = True
            continue
        warnings.update(outcome.warnings)
        reports.append(outcome.report)
        if fmt == "text":
            for item in outcome.report["findings"]:
                if item["action"] == "keep" and not show_all:
                    continue
                click.echo(
                    f"{path}:{item['line']}:{item['column']}: {item['entity_type']} "
                    f'"{lint_text(item["text"])}" {item["action"]} ({item["recognizer"]}, '
                    f"{item['score']:.2f}) — {item['reason']}"
                )
            for item in outcome.report["notices"]:
                click.echo(
                    f"{path}:{item['line']}:{item['column']}: {item['type']} "
                    f'"{lint_text(item["text"])}" — {item["message"]}'
                )
    if fmt == "json":
        click.echo(json.dumps(reports, ensure_ascii=False, indent=2))
        for warning in sorted(warnings):
            click.echo(f"safename: warning: {warning}", err=True)
    raise SystemExit(EXIT_ERROR if failed else EXIT_OK)
