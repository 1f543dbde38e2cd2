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
from safename.textutil import LineIndex


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per finding; json: one array, an object per file.",
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
    files: tuple[Path, ...], fmt: str, show_all: bool, language: str, config_path: Path | None
) -> None:
    """Report names, nationalities and contacts found in FILES.

    Nothing is written. Exit code 0 when every file was scanned, 2 when a file could not be
    read (the other files are still scanned).
    """
    redactor = make_redactor(config_path, files[0])
    ensure_engine(redactor)
    reports = []
    failed = False
    for path in files:
        try:
            decoded = read_text_file(path)
        except InputError as exc:
            report_error(path, str(exc))
            failed = True
            continue
        lang = redactor.detect_language(decoded.text) if language == "auto" else language
        findings = redactor.scan(decoded.text, language=lang)
        index = LineIndex(decoded.text)
        items = []
        for f in findings:
            line, column = index.position(f.start)
            items.append(
                {
                    "start": f.start,
                    "end": f.end,
                    "line": line,
                    "column": column,
                    "text": f.text,
                    "entity_type": f.entity_type,
                    "score": f.score,
                    "recognizer": f.recognizer,
                    "action": f.action,
                    "reason": f.reason,
                    "replacement": f.replacement,
                }
            )
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
    raise SystemExit(EXIT_ERROR if failed else EXIT_OK)
