"""The pseudonym marker goes on the first mention a reader sees, and keeps Markdown valid."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from safename.cli.main import cli


def _redact(runner: CliRunner, path: Path) -> str:
    result = runner.invoke(cli, ["redact", str(path), "-o", "-"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_marker_skips_front_matter_and_lands_in_the_body(runner: CliRunner, tmp_path: Path):
    path = tmp_path / "story.md"
    path.write_text(
        "---\ntitle: Aminata Traoré story\n---\n\nAminata Traoré, 24, returned to Guinea.\n",
        encoding="utf-8",
    )
    out = _redact(runner, path)
    front, body = out.split("---\n", 2)[1:]
    assert "*" not in front and "Aminata" not in out
    first_line = body.strip().splitlines()[0]
    assert first_line.split(",")[0].endswith("*")  # no emphasis on the line: a plain "*"
    assert "\\*" not in first_line
    again = tmp_path / "again.md"
    again.write_text(out, encoding="utf-8")
    assert _redact(runner, again) == out  # still idempotent


def test_marker_skips_the_html_title_and_alt_text(runner: CliRunner, tmp_path: Path):
    path = tmp_path / "story.html"
    path.write_text(
        '<html><head><title>Aminata Traoré</title></head><body><img alt="Aminata Traoré">'
        "<p>Aminata Traoré, 24, returned to Guinea.</p></body></html>\n",
        encoding="utf-8",
    )
    out = _redact(runner, path)
    title = out.split("<title>")[1].split("</title>")[0]
    alt = out.split('alt="')[1].split('"')[0]
    paragraph = out.split("<p>")[1].split("</p>")[0]
    assert "*" not in title and "*" not in alt and "Aminata" not in out
    assert paragraph.split(",")[0].endswith("*") and paragraph.split(",")[0] == title + "*"


def test_markdown_italics_stay_valid_around_a_marked_name(runner: CliRunner, tmp_path: Path):
    path = tmp_path / "caption.md"
    path.write_text("*Aminata Traoré, 24, at her shop.*\n\nAminata sells fabric.\n")
    out = _redact(runner, path)
    line = out.splitlines()[0]
    # One emphasis from the first star to the last; the marker is escaped inside it.
    assert line.startswith("*") and line.endswith(", in her twenties, at her shop.*")
    assert line.count("\\*") == 1 and line[1:-1].replace("\\*", "").count("*") == 0
