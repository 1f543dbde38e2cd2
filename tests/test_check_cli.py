"""`safename check`: lint lines, exit codes, JSON, pragmas, baseline, allowlist and bad input.

Every test runs the real CLI in-process (Click's CliRunner) on real files from tests/data,
sharing the session's loaded pipelines.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from safename.cli.main import cli

DATA = Path(__file__).parent / "data"
LINT = re.compile(r'^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<type>[A-Z_]+) "(?P<text>[^"]+)"')


def copy(tmp_path: Path, *names: str) -> list[Path]:
    out = []
    for name in names:
        target = tmp_path / name
        shutil.copy(DATA / name, target)
        out.append(target)
    return out


def lint(stdout: str) -> list[dict[str, str]]:
    return [m.groupdict() for m in map(LINT.match, stdout.splitlines()) if m]


def test_lint_lines_and_exit_1(runner, tmp_path: Path):
    (story,) = copy(tmp_path, "story.md")
    result = runner.invoke(cli, ["check", str(story)])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert all(LINT.match(line) for line in lines), lines
    first = next(line for line in lines if '"Aminata Traoré"' in line)
    assert re.fullmatch(
        re.escape(str(story)) + r':8:8: PERSON "Aminata Traoré" \([a-z+]+, \d\.\d\d\) — '
        # The front matter's alt text: the marker goes on the first mention in the body.
        r'run `safename redact` \(it becomes "[A-Z][a-z]+ [A-Z][a-z]+"\)',
        first,
    )
    found = lint(result.stdout)
    assert {f["text"] for f in found if f["type"] == "PERSON"} >= {"Aminata", "Moussa"}
    assert not any(f["text"] == "Claire Dubois" for f in found)  # staff, and a pragma
    assert sum(f["type"] == "NAME_IN_URL" for f in found) == 3
    # Positions point into the file as an editor shows it.
    source = story.read_text(encoding="utf-8").splitlines()
    for f in found:
        if f["type"] == "PERSON":
            assert source[int(f["line"]) - 1][int(f["col"]) - 1 :].startswith(f["text"])


def test_clean_files_pass(runner):
    result = runner.invoke(cli, ["check", str(DATA / "clean.md"), str(DATA / "clean.docx")])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_pseudonym_without_footnote_is_reported(runner, tmp_path: Path):
    story = tmp_path / "draft.txt"
    story.write_text("Lucy* came home in March.\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", str(story)])
    assert result.exit_code == 1
    assert lint(result.stdout) == [
        {"path": str(story), "line": "1", "col": "1", "type": "PSEUDONYM_WITHOUT_FOOTNOTE",
         "text": "Lucy*"}
    ]  # fmt: skip
    story.write_text(
        "Lucy* came home in March.\n\n"
        "*Lucy is a pseudonym used to protect the identity of the migrant.\n",
        encoding="utf-8",
    )
    assert runner.invoke(cli, ["check", str(story)]).exit_code == 0


def test_json_format(runner, tmp_path: Path):
    story, clean = copy(tmp_path, "story.html", "clean.md")
    result = runner.invoke(cli, ["check", "--format", "json", str(story), str(clean)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [d["path"] for d in data] == [str(story), str(clean)]
    assert data[0]["format"] == "html" and data[0]["language"] == "en"
    assert data[1]["problems"] == [] and data[1]["error"] is None
    person = next(p for p in data[0]["problems"] if p["text"] == "Moussa")
    assert person["kind"] == "finding" and person["entity_type"] == "PERSON"
    assert person["action"] == "pseudonymize" and person["replacement"]
    assert {"line", "column", "start", "end", "score", "recognizer", "reason"} <= person.keys()
    url = next(p for p in data[0]["problems"] if p["kind"] == "notice")
    assert url["type"] == "NAME_IN_URL" and url["fixed_by_redact"] is False
    assert url["text"] == "https://example.org/stories/aminata-traore" and url["message"]


def test_pragmas_allow_a_name_in_one_file(runner, tmp_path: Path):
    md = tmp_path / "testimony.md"
    md.write_text(
        '<!-- safename: allow "Aminata Traoré" -->\n\n'
        "Aminata Traoré, 24, chose to tell her story under her own name. Aminata smiles.\n",
        encoding="utf-8",
    )
    html = tmp_path / "testimony.html"
    html.write_text(
        "<!-- safename: allow 'Aminata Traoré' -->\n"
        "<p>Aminata Traoré, 24, chose to be named. Aminata smiles.</p>\n",
        encoding="utf-8",
    )
    other = tmp_path / "other.md"
    other.write_text("Aminata Traoré, 24, returned from Libya.\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", str(md), str(html), str(other)])
    assert result.exit_code == 1
    assert {f["path"] for f in lint(result.stdout)} == {str(other)}  # the pragma is per file


def test_configuration_allowlist_applies(runner, tmp_path: Path):
    (tmp_path / ".safename.toml").write_text('allowlist = ["Aminata Traoré"]\n', encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text("Aminata Traoré, 24, opened a shop. Aminata smiles.\n", "utf-8")
    result = runner.invoke(cli, ["check", str(story)])
    assert result.exit_code == 0, result.output


def test_baseline_accepts_legacy_findings_only(runner, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    legacy = tmp_path / "stories" / "2019.md"
    legacy.parent.mkdir()
    legacy.write_text("Aminata Traoré, 24, returned from Libya.\n", encoding="utf-8")
    assert runner.invoke(cli, ["check", "stories"]).exit_code == 1
    update = runner.invoke(cli, ["check", "--update-baseline", "stories"])
    assert update.exit_code == 0, update.output
    baseline = tmp_path / ".safename-baseline.json"
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert list(data["results"]) == ["stories/2019.md"]
    assert "Aminata" not in baseline.read_text(encoding="utf-8")  # names are hashed
    assert runner.invoke(cli, ["check", "stories"]).exit_code == 0
    legacy.write_text(
        "This story was first published in 2019.\n\nAminata Traoré, 24, returned from Libya.\n"
        "Her cousin Fatoumata Coulibaly, 19, stayed in Agadez.\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["check", "stories"])
    assert result.exit_code == 1
    # Her name and (since ages are generalised by default) her exact age.
    assert {f["text"] for f in lint(result.stdout)} == {"Fatoumata Coulibaly", "19"}
    explicit = runner.invoke(cli, ["check", "--baseline", str(tmp_path / "none.json"), "stories"])
    assert explicit.exit_code == 1  # another (empty) baseline accepts nothing


def test_word_metadata_is_reported(runner):
    result = runner.invoke(cli, ["check", str(DATA / "story.docx")])
    assert result.exit_code == 1
    types = [f["type"] for f in lint(result.stdout)]
    assert types.count("COMMENT") == 2 and "TRACKED_CHANGE" in types
    assert types.count("PROPERTY") == 3 and "PERSON" in types  # author, modified-by, thumbnail


def test_bad_input_is_exit_2_and_the_other_files_are_checked(runner, tmp_path: Path):
    files = copy(tmp_path, "photo.png", "corrupt.docx", "undecodable.txt", "clean.md", "story.md")
    missing = tmp_path / "missing.md"
    result = runner.invoke(cli, ["check", *map(str, files), str(missing)])
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert errors == [
        f"safename: {files[0]}: binary file (contains NUL bytes), not text",
        f"safename: {files[1]}: not a valid .docx (not a readable zip archive)",
        f"safename: {files[2]}: cannot decode as UTF-8 or cp1252 (byte 8)",
        f"safename: {missing}: no such file",
    ]
    assert {f["path"] for f in lint(result.stdout)} == {str(files[4])}
    too_big = runner.invoke(cli, ["check", "--max-size", "200", str(files[3])])
    assert too_big.exit_code == 2 and "file too large" in too_big.stderr


def test_usage_errors_are_exit_2(runner, tmp_path: Path):
    assert runner.invoke(cli, ["check"]).exit_code == 2
    assert runner.invoke(cli, ["check", "--format", "xml", str(DATA / "clean.md")]).exit_code == 2
    assert runner.invoke(cli, ["check", str(tmp_path)]).exit_code == 2  # empty folder
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--baseline", str(bad), str(DATA / "clean.md")])
    assert result.exit_code == 2 and "cannot read baseline" in result.output


def test_folders_in_parallel_give_the_same_report(runner, tmp_path: Path):
    copy(tmp_path, "story.md", "story.html", "clean.md", "histoire.md")
    serial = runner.invoke(cli, ["check", str(tmp_path)])
    parallel = runner.invoke(cli, ["check", "--jobs", "2", str(tmp_path)])
    assert serial.exit_code == parallel.exit_code == 1
    assert serial.stdout == parallel.stdout
    assert {Path(f["path"]).name for f in lint(serial.stdout)} == {
        "story.md", "story.html", "histoire.md"
    }  # fmt: skip
