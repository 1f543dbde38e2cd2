"""`safename redact` on every format: where copies go, --in-place, --diff, folders, bad input.

The real CLI in-process (Click's CliRunner) on real files from tests/data.
"""

from __future__ import annotations

import re
import shutil
from io import BytesIO
from pathlib import Path

import docx

from safename.cli.main import cli

DATA = Path(__file__).parent / "data"
SUMMARY = re.compile(
    r"safename: (\d+) files? (redacted|checked): (\d+) names? (?:\((\d+) (?:person|people)\) )?"
)


def copy(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in names:
        shutil.copy(DATA / name, folder / name)
        out.append(folder / name)
    return out


def test_copies_beside_each_input_in_every_format(runner, tmp_path: Path):
    files = copy(tmp_path, "histoire.md", "story.html", "story.docx", "story_cp1252.txt")
    before = {f: f.read_bytes() for f in files}
    result = runner.invoke(cli, ["redact", *map(str, files)])
    assert result.exit_code == 0, result.output
    assert all(f.read_bytes() == before[f] for f in files)  # inputs untouched
    outputs = sorted(p.name for p in tmp_path.glob("*.redacted.*"))
    assert outputs == [
        "histoire.redacted.md",
        "story.redacted.docx",
        "story.redacted.html",
        "story_cp1252.redacted.txt",
    ]
    summary = SUMMARY.search(result.stderr)
    assert summary and summary.group(1) == "4" and int(summary.group(3)) >= 8
    assert "nationalit" in result.stderr and "contact" in result.stderr
    assert "comments, tracked changes or properties removed" in result.stderr
    assert "link URL contains the name" in result.stderr  # story.html's href, left as it is
    text = (tmp_path / "story_cp1252.redacted.txt").read_bytes()
    assert b"\r\n" in text and b"Aminata" not in text
    text.decode("cp1252")
    word = docx.Document(BytesIO((tmp_path / "story.redacted.docx").read_bytes()))
    assert "Aminata" not in "\n".join(p.text for p in word.paragraphs)
    # The copies pass the check (story.html keeps its link URL, reported by name).
    check = runner.invoke(cli, ["check", *map(str, tmp_path.glob("*.redacted.*"))])
    problems = [line for line in check.stdout.splitlines() if "NAME_IN_URL" not in line]
    assert problems == [], check.stdout


def test_output_option_and_stdout(runner, tmp_path: Path):
    (story,) = copy(tmp_path, "histoire.md")
    out = tmp_path / "out" / "published.md"
    out.parent.mkdir()
    assert runner.invoke(cli, ["redact", str(story), "-o", str(out)]).exit_code == 0
    assert "Fatoumata" not in out.read_text(encoding="utf-8")
    result = runner.invoke(cli, ["redact", str(story), "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes == out.read_bytes()  # same key, same pseudonyms
    assert sorted(p.name for p in tmp_path.iterdir()) == ["histoire.md", "out"]
    two = runner.invoke(cli, ["redact", str(story), str(DATA / "clean.md"), "-o", str(out)])
    assert two.exit_code == 2 and "-o takes a single input file" in two.output
    same = runner.invoke(cli, ["redact", str(story), "-o", str(story)])
    assert same.exit_code == 2 and "refusing to overwrite the input" in same.stderr


def test_in_place_is_atomic_and_idempotent(runner, tmp_path: Path):
    (story,) = copy(tmp_path, "story.md")
    story.chmod(0o640)
    result = runner.invoke(cli, ["redact", "--in-place", str(story)])
    assert result.exit_code == 0, result.output
    text = story.read_text(encoding="utf-8")
    assert "Aminata Traoré, 24" not in text and "contact: Aminata Traoré" in text
    assert story.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.md"]  # no temporary left
    stamp = story.stat().st_mtime_ns
    again = runner.invoke(cli, ["redact", "--in-place", str(story)])
    assert again.exit_code == 0
    assert story.stat().st_mtime_ns == stamp  # nothing left to change: file not rewritten
    assert "0 names" in again.stderr


def test_diff_writes_nothing(runner, tmp_path: Path):
    story, doc = copy(tmp_path, "histoire.md", "story.docx")
    result = runner.invoke(cli, ["redact", "--diff", str(story), str(doc)], color=True)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["histoire.md", "story.docx"]
    assert "\x1b[31m-BAMAKO – Fatoumata Coulibaly, 23 ans" in result.stdout  # red
    assert "\x1b[32m+BAMAKO – " in result.stdout  # green
    assert f"--- {doc} (text)" in result.stdout  # Word: the text is compared
    assert "would change" in result.stderr
    plain = runner.invoke(cli, ["redact", "--diff", str(story)])
    assert "\x1b[" not in plain.stdout and plain.stdout.startswith(f"--- {story}\n")
    both = runner.invoke(cli, ["redact", "--diff", "--in-place", str(story)])
    assert both.exit_code == 2


def test_folder_walk_in_parallel_with_bad_files(runner, tmp_path: Path):
    good = copy(tmp_path / "stories", "histoire.md", "story.html", "clean.md")
    bad = copy(tmp_path / "stories" / "old", "corrupt.docx", "undecodable.txt")
    copy(tmp_path / "stories" / ".git", "story.md")  # hidden folders are skipped
    (tmp_path / "stories" / "notes.redacted.md").write_text("Aminata\n", encoding="utf-8")
    result = runner.invoke(cli, ["redact", "--jobs", "2", str(tmp_path / "stories")])
    assert result.exit_code == 2
    errors = [
        line for line in result.stderr.splitlines() if line.startswith(f"safename: {bad[0].parent}")
    ]
    assert errors == [
        f"safename: {bad[0]}: not a valid .docx (not a readable zip archive)",
        f"safename: {bad[1]}: cannot decode as UTF-8 or cp1252 (byte 8)",
    ]
    assert "Redacting" in result.stderr  # the progress bar's label
    assert "3 files redacted" in result.stderr and "2 files failed" in result.stderr
    for path in good:
        assert path.with_name(f"{path.stem}.redacted{path.suffix}").exists()
    assert not list(bad[0].parent.glob("*.redacted.*"))  # nothing written for bad files
    assert not list((tmp_path / "stories" / ".git").glob("*.redacted.*"))
    assert not (tmp_path / "stories" / "notes.redacted.redacted.md").exists()


def test_bad_single_inputs(runner, tmp_path: Path):
    for path, message in [
        (DATA / "photo.png", "binary file"),
        (DATA / "bad_xml.docx", "not well-formed XML"),
        (tmp_path / "nope.md", "no such file"),
    ]:
        result = runner.invoke(cli, ["redact", str(path), "-o", str(tmp_path / "out")])
        assert result.exit_code == 2
        assert message in result.stderr
        assert not (tmp_path / "out").exists()
    big = runner.invoke(cli, ["redact", "--max-size", "1k", str(DATA / "story.docx"), "-o", "-"])
    assert big.exit_code == 2 and "file too large" in big.stderr and big.stdout == ""
