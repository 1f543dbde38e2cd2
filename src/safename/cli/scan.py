"""`safename scan`: report what identifies people, without changing anything."""

from __future__ import annotations

import json
from pathlib import Path

import click

from safename.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    config_option,
    ensure_engine,
    language_option,
    make_redactor,
    report_error,
)
from safename.formats import InputError, read_text_file
from safename.pseudonym.keys import KeyProblem
from safename.pseudonym.registry import RegistryError
from safename.textutil import LineIndex


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
@language_option
@config_option
def scan(
    files: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    show_all: bool,
    language: str,
    config_path: Path | None,
) -> None:
    """Report names, nationalities and contacts found in FILES.

    Nothing is written. Exit code 0 when every file was scanned, 2 when a file could not be
    read (the other files are still scanned).
    """
    if output is not None and fmt != "html":
        raise click.UsageError("-o/--output is for --format html")
    redactor = make_redactor(config_path, files[0])
    ensure_engine(redactor)
    if fmt == "html":
        from safename.cli.check import write_html_report

        raise SystemExit(write_html_report(files, redactor, language, output))
    reports = []
    failed = False
    warnings: set[str] = set()
    for path in files:
        try:
            decoded = read_text_file(path)
        except InputError as exc:
            report_error(path, str(exc))
            failed = True
            continue
        lang = redactor.detect_language(decoded.text) if language == "auto" else language
        if fmt == "json":
            # JSON consumers get each finding's `replacement`; nothing is written (record=False).
            try:
                result = redactor.redact(decoded.text, language=lang, record=False)
            except (KeyProblem, RegistryError) as exc:
                report_error(path, str(exc))
                failed = True
                continue
            findings = result.findings
            warnings.update(result.warnings)
        else:
            findings = redactor.scan(decoded.text, language=lang)
        index = LineIndex(decoded.text)
        items = [f.to_json(*index.position(f.start)) for f in findings]
        reports.append({"path": str(path), "language": lang, "findings": items})
        if fmt == "text":
            for item in items:
                if item["action"] == "keep" and not show_all:
                    continue
                click.echo(
                    f"{path}:{item['line']}:{item['column']}: {item['entity_type']} "
                    f'"{item["text"]}" {item["action"]} ({item["recognizer"]}, '
                    f"{item['score']:.2f}) — {item['reason']}"
                )
    if fmt == "json":
        click.echo(json.dumps(reports, ensure_ascii=False, indent=2))
        for warning in sorted(warnings):
            click.echo(f"safename: warning: {warning}", err=True)
    raise SystemExit(EXIT_ERROR if failed else EXIT_OK)
