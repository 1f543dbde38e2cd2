"""`safename scan --format html`: one self-contained review page for non-developers."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from safename.cli.main import cli
from safename.formats import load_document
from safename.formats.process import analyse

DATA = Path(__file__).parent / "data"


def test_report_is_self_contained_and_highlights_every_finding(runner, tmp_path, redactor):
    for name in ("story.md", "story.docx", "clean.md", "corrupt.docx"):
        shutil.copy(DATA / name, tmp_path / name)
    pragma = tmp_path / "testimony.html"
    pragma.write_text(
        '<!-- safename: allow "Aminata Traoré" -->\n'
        "<p>Aminata Traoré, 24, chose to be named.</p>\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.html"
    files = [str(tmp_path / n) for n in ("story.md", "story.docx", "clean.md", "corrupt.docx")]
    result = runner.invoke(
        cli, ["scan", "--format", "html", "-o", str(report), *files, str(pragma)]
    )
    assert result.exit_code == 2  # corrupt.docx could not be read; the others are in the page
    assert f"safename: {files[3]}: not a valid .docx" in result.stderr
    page = report.read_text(encoding="utf-8")

    # Self-contained: nothing to fetch, no script.
    assert not re.search(r"<(?:link|script|iframe|img)\b", page)
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page

    # A legend a reviewer can read, and every file with its result.
    for label in ("Replaced by a pseudonym", "Generalised", "Masked", "Kept"):
        assert label in page
    assert "This file could not be read: not a valid .docx" in page
    assert "nothing to change" in page  # clean.md
    assert "Confidential" in page  # the page shows real names

    # Every finding of every file is highlighted once, with type, action and replacement.
    for name in ("story.md", "story.docx"):
        analysis = analyse(load_document(tmp_path / name), redactor)
        section = page.split(f">{tmp_path / name}</h2>", 1)[1].split("<h2", 1)[0]
        assert section.count("<mark ") == len(analysis.findings)
        for action in {f.action for f in analysis.findings}:
            marks = section.count(f'<mark class="{action}"')
            assert marks == sum(f.action == action for f in analysis.findings)
        # Pseudonyms depend on the key; that each change shows its replacement does not.
        assert section.count('<span class="new">→ ') == len(analysis.changes)
    assert re.search(r'<mark class="pseudonymize"[^>]*>Aminata Traoré <span class="new">', page)
    assert re.search(r'<mark class="keep" [^>]*title="name: Kept\. kept: staff', page)
    assert "Word comment by" in page  # Word metadata to check by hand
    assert "allowed by a safename pragma in" in page  # the pragma file's kept name says why


def test_report_to_stdout_and_option_errors(runner):
    result = runner.invoke(cli, ["scan", "--format", "html", str(DATA / "clean.md")])
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>") and "existing pseudonym" in result.stdout
    wrong = runner.invoke(cli, ["scan", "-o", "x.html", str(DATA / "clean.md")])
    assert wrong.exit_code == 2 and "--format html" in wrong.output


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_report_file_is_owner_only_and_says_so(runner, tmp_path):
    report = tmp_path / "report.html"
    report.write_text("an older, world-readable report", encoding="utf-8")
    os.chmod(report, 0o644)
    old_umask = os.umask(0o022)  # the usual umask: new files would be 0644
    try:
        result = runner.invoke(
            cli, ["scan", "--format", "html", "-o", str(report), str(DATA / "story.md")]
        )
    finally:
        os.umask(old_umask)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    page = report.read_text(encoding="utf-8")
    assert "Aminata" in page  # the page does hold real names
    assert "readable by you only (permissions 0600)" in page
    assert "readable by you only" in result.stderr
    # On standard output safename sets no permissions, so the page does not claim any.
    assert (
        "0600"
        not in runner.invoke(cli, ["scan", "--format", "html", str(DATA / "story.md")]).stdout
    )


PERSON_STORY = (
    "Aminata Traoré, 24, is originally from Kayes. She is Malian and sells fish.\n\n"
    '"We help," said Laura Deme, Protection Coordinator at IOM Mali.\n'
)


def _cards(page: str) -> list[str]:
    return [c.split("</section>", 1)[0] for c in page.split('<section class="person"')[1:]]


@pytest.mark.parametrize("profile", ["standard", "minimal"])
def test_report_shows_one_card_per_person(runner, tmp_path, profile):
    story = tmp_path / "story.txt"
    story.write_text(PERSON_STORY, encoding="utf-8")
    report = tmp_path / "report.html"
    args = ["scan", "--profile", profile, "--format", "html", "-o", str(report), str(story)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    cards = _cards(report.read_text(encoding="utf-8"))
    assert len(cards) == 2  # Aminata and Laura, each once
    aminata, laura = cards
    assert "<h3>Aminata Traoré" in aminata and "Replaced by a pseudonym: <b>" in aminata
    assert "Why: " in aminata
    assert "age “24”" in aminata and "home place “Kayes”" in aminata
    assert "nationality “Malian”" in aminata
    assert "<h3>Laura Deme</h3>" in laura and "Kept as written" in laura
    assert 'risk-low">low</span> — kept by decision' in laura
    if profile == "standard":
        assert "age “24”: generalised → " in aminata and 'risk-low">low' in aminata
    else:  # minimal keeps ages and places: the card says what a reader still learns
        assert "age “24”: kept" in aminata
        assert 'risk-high">high</span> — still shows exact age and home place' in aminata
