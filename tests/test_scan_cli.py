"""`safename scan`: the JSON contract, text output, bad input, and no network at run time."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from safename.cli.main import cli

STORY = (
    "Returning home\n\n"
    "Ousmane Coulibaly, 31, returned to Guinea in May. “He was brave,” said Laura D'Elsa, "
    "Protection Coordinator at IOM Mali.\nCall him on +224 622 12 34 56.\n"
)
FINDING_KEYS = {
    "start",
    "end",
    "line",
    "column",
    "text",
    "entity_type",
    "score",
    "recognizer",
    "action",
    "reason",
    "replacement",
    # Added by the person model (issue 8): the person a mention belongs to, or null.
    "person",
}


def test_json_contract(runner, tmp_path: Path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    fr = tmp_path / "histoire.md"
    fr.write_text("Kadiatou Barry est originaire du Sénégal.\n", encoding="utf-8")
    result = runner.invoke(cli, ["scan", "--format", "json", str(story), str(fr)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["path"] for d in data] == [str(story), str(fr)]
    assert [d["language"] for d in data] == ["en", "fr"]
    for entry in data:
        text = Path(entry["path"]).read_text(encoding="utf-8")
        lines = text.split("\n")
        for f in entry["findings"]:
            assert set(f) == FINDING_KEYS
            assert text[f["start"] : f["end"]] == f["text"]
            assert lines[f["line"] - 1][f["column"] - 1 :].startswith(f["text"].split("\n")[0])
    by_text = {f["text"]: f for f in data[0]["findings"]}
    assert by_text["Ousmane Coulibaly"]["action"] == "pseudonymize"
    assert by_text["Ousmane Coulibaly"]["line"] == 3
    assert by_text["Laura D'Elsa"]["action"] == "keep"
    assert by_text["Guinea"]["entity_type"] == "NATIONALITY"
    assert by_text["+224 622 12 34 56"]["line"] == 4


def test_text_output_is_lint_style(runner, tmp_path: Path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = runner.invoke(cli, ["scan", str(story)])
    assert result.exit_code == 0
    assert f'{story}:3:1: PERSON "Ousmane Coulibaly" pseudonymize (' in result.stdout
    assert "Laura" not in result.stdout  # kept findings only with --all
    assert "Laura D'Elsa" in runner.invoke(cli, ["scan", "--all", str(story)]).stdout


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "binary"),
        ("broken.txt", b"Aminata \x81\x8d\x90\x9d left", "cannot decode"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(runner, tmp_path: Path, name, content, message):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Fatoumata Diarra left Kayes.\n", encoding="utf-8")
    result = runner.invoke(cli, ["scan", "--format", "json", str(bad), str(good)])
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and str(bad) in errors[0] and message in errors[0]
    assert [d["path"] for d in json.loads(result.stdout)] == [str(good)]


def test_missing_file(runner, tmp_path: Path):
    result = runner.invoke(cli, ["scan", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_cp1252_file_is_read(runner, tmp_path: Path):
    story = tmp_path / "old.txt"
    story.write_bytes("Aïssata Coulibaly est rentrée au Mali.".encode("cp1252"))
    result = runner.invoke(cli, ["scan", "--format", "json", str(story)])
    assert result.exit_code == 0
    assert "Aïssata Coulibaly" in [f["text"] for f in json.loads(result.stdout)[0]["findings"]]


def test_scan_with_sockets_disabled(redactor, monkeypatch):
    """Nothing reaches the network, not even tldextract's Public Suffix List download.

    Attempts are recorded rather than only refused, because tldextract swallows a failed
    download and falls back to its snapshot: a refused-but-attempted call must still fail here.
    """
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled by test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    text = "Mail aminata.k@yahoo.fr or visit https://www.example.org/aminata today."
    findings = redactor.scan(text, language="en")
    assert {"EMAIL_ADDRESS", "URL"} <= {f.entity_type for f in findings}
    assert attempts == []


def test_cli_in_a_fresh_process_is_offline(tmp_path: Path):
    """A whole `safename scan` run in a new interpreter, counting every network attempt."""
    story = tmp_path / "s.txt"
    story.write_text("Contact fati@gmail.com, said Aminata Traoré.\n", encoding="utf-8")
    code = (
        "import socket, sys\n"
        "from safename.cli.main import cli\n"
        "attempts = []\n"
        "def refuse(*a, **k):\n"
        "    attempts.append(a); raise OSError('network disabled by test')\n"
        "socket.socket = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
        "try:\n"
        "    cli(['scan', '--format', 'json', sys.argv[1]])\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "sys.exit(code if not attempts else 99)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(story)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    findings = json.loads(proc.stdout)[0]["findings"]
    assert {"EMAIL_ADDRESS", "PERSON"} <= {f["entity_type"] for f in findings}
