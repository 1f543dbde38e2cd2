"""Shapes of input that used to take minutes (issue 13 item 17): nothing is quadratic any more.

The time bounds are generous "does not hang" limits (a loaded 2-core CI machine), well below
what each shape took before the fix, which is quoted per case.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from safename.cli.main import cli
from safename.detect.pipeline import tokenizable
from safename.formats import document_from_bytes
from safename.textutil import line_around, line_before


@pytest.mark.parametrize(
    ("shape", "before"),
    [
        ("Aminata Traoré said " + "(" * 20_000 + " and Moussa Diallo left.", "108 s"),
        ("Aminata Traoré said " + "!" * 20_000 + " and Moussa Diallo left.", "minutes"),
        ("Aminata Traoré said " + "a" * 20_000 + " and Moussa Diallo left.", "57 s"),
        ("Aminata Traoré said " + "N'" * 10_000 + " and Moussa Diallo left.", "> 120 s"),
    ],
    ids=["parentheses", "exclamations", "one-long-word", "apostrophes"],
)
def test_pathological_shapes_are_checked_quickly(runner, tmp_path, shape, before):
    story = tmp_path / "story.txt"
    story.write_text(shape, encoding="utf-8")
    started = time.perf_counter()
    result = runner.invoke(cli, ["check", str(story)])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 1, result.output
    assert 'PERSON "Aminata Traoré"' in result.stdout and 'PERSON "Moussa Diallo"' in result.stdout
    assert elapsed < 45, f"{elapsed:.0f} s (was {before})"


def test_spacy_sees_long_punctuation_runs_blanked_with_the_same_offsets():
    text = "Awa (" + "(" * 200 + ") Diop, see https://example.org/a-b-c?x=1&y=2#z."
    spaced = tokenizable(text)
    assert len(spaced) == len(text)
    assert spaced.startswith("Awa " + "(" * 32) and "(" * 70 not in spaced
    assert spaced.endswith(") Diop, see https://example.org/a-b-c?x=1&y=2#z.")
    assert tokenizable("no runs here: (a) -- !!") == "no runs here: (a) -- !!"


def test_per_finding_windows_are_bounded():
    line = "x" * 5_000 + " +224 622 12 34 56 " + "y" * 5_000
    start = line.index("+224")
    around = line_around(line, start, start + 17)
    assert "+224 622 12 34 56" in around and len(around) <= 17 + 2 * 200
    assert line_around("a\nb +1 c\nd", 4, 6) == "b +1 c"
    assert line_before("first\nsecond Name", 13) == "second "
    assert len(line_before("z" * 10_000, 9_000)) == 200


def test_a_phone_on_a_long_line_reads_only_its_neighbourhood(redactor, monkeypatch):
    """A 2-million-character single line took 762 s: every phone searched its whole line for
    an organisation e-mail. Each phone now reads at most 200 characters on each side."""
    import safename.detect.decide as decide

    read: list[int] = []
    real = decide.EMAIL_RE

    class Spy:
        def findall(self, text: str) -> list[str]:
            read.append(len(text))
            return real.findall(text)

    monkeypatch.setattr(decide, "EMAIL_RE", Spy())
    sentence = "Aminata Traoré, 24, can be reached on +224 622 12 34 56 in Conakry. "
    findings = redactor.scan(sentence * 300, language="en")  # 20,000 characters, one line
    assert sum(f.entity_type == "PHONE_NUMBER" for f in findings) == 300
    assert len(read) >= 300 and max(read) <= 17 + 2 * 200


@pytest.mark.parametrize(
    "shape",
    ["Aminata Traoré said " + "*" * 200_000, "Aminata Traoré said " + "[a](" * 50_000],
    ids=["stars", "link-openers"],
)
def test_markdown_punctuation_runs_are_read_quickly(shape):
    """markdown-it's inline pass (unused: safename reads inline markup itself) took 10 s per
    100,000 "*" and minutes on 1 MB of "[a](": the parser now reads block structure only."""
    started = time.perf_counter()
    doc = document_from_bytes(Path("story.md"), shape.encode())
    doc.render([], "*Footnote.")
    assert time.perf_counter() - started < 10
    assert doc.view.startswith("Aminata Traoré said ")
