"""`safename redact FILE -o OUT` and `safename scan --format json` with replacements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import safename.cli.common as common
from safename import Redactor
from safename.cli import redact as redact_command
from safename.cli import scan as scan_command
from safename.cli.main import cli
from safename.pseudonym.mapping import read_mapping

KEY = bytes(range(32))
STORY = (
    "Back home in Kayes\n"
    "\n"
    'Aminata Traoré, 24, returned to Mali in March. "I want to open a shop," Aminata says.\n'
    "You can reach her on +223 76 52 18 04.\n"
)


@pytest.fixture(autouse=True)
def shared_engine(redactor: Redactor, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every command reuses the session's loaded pipelines, and runs with a fixed test key."""
    original = common.make_redactor

    def make(config_path: Path | None, first_input: Path | None) -> Redactor:
        engine = original(config_path, first_input)
        engine._analyzer = redactor.analyzer
        return engine

    monkeypatch.setattr(redact_command, "make_redactor", make)
    monkeypatch.setattr(scan_command, "make_redactor", make)
    monkeypatch.setenv("SAFENAME_KEY", KEY.hex())
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def story(tmp_path: Path, name: str = "story.txt", data: bytes | None = None) -> Path:
    path = tmp_path / name
    path.write_bytes(data if data is not None else STORY.encode("utf-8"))
    return path


def test_redact_writes_a_copy_beside_the_input(tmp_path: Path) -> None:
    path = story(tmp_path)
    result = run("redact", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == STORY  # never modified
    out = (tmp_path / "story.redacted.txt").read_text(encoding="utf-8")
    assert "Aminata" not in out and "Traoré" not in out and "+223" not in out
    assert "returned to a West African country in March" in out
    assert "[phone 1]" in out
    assert out.endswith(
        "is a pseudonym used to protect the identity of the person in this story.\n"
    )
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file was renamed


def test_redact_to_stdout_is_deterministic_with_a_key(tmp_path: Path) -> None:
    path = story(tmp_path)
    first, second = run("redact", str(path), "-o", "-"), run("redact", str(path), "-o", "-")
    assert first.exit_code == 0 and first.stdout == second.stdout
    assert "Aminata" not in first.stdout and "*" in first.stdout
    assert not (tmp_path / "story.redacted.txt").exists()


def test_another_key_gives_other_pseudonyms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = story(tmp_path)
    first = run("redact", str(path), "-o", "-").stdout
    monkeypatch.setenv("SAFENAME_KEY", bytes(range(1, 33)).hex())
    assert run("redact", str(path), "-o", "-").stdout != first


def test_encoding_and_line_endings_are_kept(tmp_path: Path) -> None:
    data = STORY.replace("\n", "\r\n").encode("cp1252")
    path = story(tmp_path, "draft.txt", data)
    out = tmp_path / "out" / "clean.txt"
    out.parent.mkdir()
    result = run("redact", str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    raw.decode("cp1252")  # still cp1252 (no UTF-8 BOM or multi-byte sequences forced)
    assert path.read_bytes() == data


def test_markdown_keeps_its_extension(tmp_path: Path) -> None:
    path = story(tmp_path, "story.md", ("# Back home\n\n" + STORY).encode())
    result = run("redact", str(path))
    assert result.exit_code == 0, result.output
    out = (tmp_path / "story.redacted.md").read_text(encoding="utf-8")
    assert out.startswith("# Back home") and "Aminata" not in out


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("missing.txt", [], "no such file"),
        ("story.pdf", [], "not supported"),
        ("story.txt", ["-o", "SELF"], "refusing to overwrite the input"),
    ],
)
def test_errors_are_one_line_and_exit_2(
    tmp_path: Path, name: str, args: list[str], message: str
) -> None:
    path = tmp_path / name
    if name != "missing.txt":
        path.write_text(STORY, encoding="utf-8")
    args = [str(path) if a == "SELF" else a for a in args]
    result = run("redact", str(path), *args)
    assert result.exit_code == 2
    first_line = result.stderr.splitlines()[0]
    assert first_line.startswith(f"safename: {path}: ") and message in first_line
    if path.exists():
        assert path.read_text(encoding="utf-8") == STORY


def test_without_a_key_it_warns_that_pseudonyms_will_differ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SAFENAME_KEY")
    result = run("redact", str(story(tmp_path)), "-o", "-")
    assert result.exit_code == 0
    assert "pseudonyms will differ between runs" in result.stderr
    assert "Aminata" not in result.stdout


def test_mapping_is_written_only_when_asked_and_encrypted(tmp_path: Path) -> None:
    path = story(tmp_path)
    assert run("redact", str(path)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "story.redacted.txt",
        "story.txt",
    ]
    mapping = tmp_path / "story.mapping"
    assert run("redact", str(path), "--mapping", str(mapping)).exit_code == 0
    assert b"Aminata" not in mapping.read_bytes()
    originals = {e.original for e in read_mapping(mapping, KEY)}
    assert {"Aminata Traoré", "Aminata"} <= originals


def test_scan_json_fills_replacement_and_keeps_its_shape(tmp_path: Path) -> None:
    path = story(tmp_path)
    result = run("scan", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    # extended: format, notices (issue 12), persons (issue 10)
    assert set(report) == {"path", "language", "findings", "format", "notices", "persons"}
    keys = {"start", "end", "line", "column", "text", "entity_type", "score", "recognizer",
            "action", "reason", "replacement", "person"}  # fmt: skip
    assert report["findings"] and all(set(f) == keys for f in report["findings"])
    for f in report["findings"]:
        assert (f["replacement"] is None) == (f["action"] == "keep")
    redacted = run("redact", str(path), "-o", "-").stdout
    for f in report["findings"]:
        if f["replacement"]:
            assert f["replacement"] in redacted
    assert not list(tmp_path.glob("*.redacted.*"))  # scan writes nothing


def test_summary_counts_people_not_spellings(tmp_path: Path) -> None:
    story = tmp_path / "awa.txt"
    story.write_text(
        "Awa Diop, 31, returned from Libya in May. Mme Diop now sells fabric in Dakar. "
        "Awa says she is proud. Her neighbour Fatoumata Coulibaly helped her.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["redact", str(story), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "Diop" not in result.stdout and "Fatoumata" not in result.stdout
    # "Awa Diop", "Mme Diop", "Awa" are one person; Fatoumata Coulibaly another.
    assert "4 names (2 people)" in result.stderr, result.stderr
