"""The key as a team uses it: init in a setup script, show/export/import, public keys refused,
and the Python API that never stays silent about a missing key."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import safename.pseudonym.keys as keys
from safename import Redactor
from safename.cli.main import cli
from safename.pseudonym.keys import ALLOW_PUBLIC_ENV, KeyProblem, load_key

ROOT = Path(__file__).resolve().parents[1]
TEAM_KEY = hashlib.sha256(b"a team key for the tests").hexdigest()  # looks generated
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def project_keys() -> dict[str, bytes]:
    """Every key written in the project's docs, examples, benchmarks and tests."""
    found: dict[str, bytes] = {}
    patterns = [
        (re.compile(r"\b[0-9a-fA-F]{64}\b"), lambda m: bytes.fromhex(m.group())),
        (re.compile(r'"([0-9a-fA-F]{2})" ?\* ?32'), lambda m: bytes.fromhex(m.group(1) * 32)),
        (re.compile(r'b"\\x([0-9a-f]{2})" ?\* ?32'), lambda m: bytes.fromhex(m.group(1)) * 32),
        (re.compile(r"bytes\(range\(32\)\)"), lambda m: bytes(range(32))),
        (re.compile(r"\b([0-9a-f]{2})\1…\1\b"), lambda m: bytes.fromhex(m.group(1) * 32)),
    ]
    files = [ROOT / "README.md", *ROOT.glob("examples/*.md"), *ROOT.glob("examples/*.py")]
    files += [*ROOT.glob("benchmarks/*.py"), *ROOT.glob("tests/*.py")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.name == "test_baseline_keyed.py":
            continue  # digests, not keys
        for pattern, key in patterns:
            for m in pattern.finditer(text):
                found.setdefault(f"{path.relative_to(ROOT)}: {m.group()}", key(m))
    return found


def test_every_key_printed_in_the_project_is_refused(tmp_path: Path):
    found = project_keys()
    # The README's, the examples', the benchmarks' and the tests' keys are all found.
    assert any(k.startswith("README.md") for k in found)
    assert any(k.startswith("examples/README.md") for k in found)
    assert len(set(found.values())) >= 6
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    for material in found.values():
        with pytest.raises(KeyProblem, match="public|typed, not generated"):
            load_key(env={**env, "SAFENAME_KEY": material.hex()})
        with pytest.raises(KeyProblem):
            load_key(material, env=env)
    # A generated key is accepted; the demo override lets a public one through.
    assert load_key(env={**env, "SAFENAME_KEY": TEAM_KEY}).source == "SAFENAME_KEY"
    assert not load_key(env={**env, "SAFENAME_KEY": "00" * 32, ALLOW_PUBLIC_ENV: "1"}).ephemeral


def test_the_cli_refuses_the_readme_key_with_one_line(tmp_path: Path, monkeypatch):
    story = tmp_path / "story.txt"
    story.write_text("Aminata Traoré, 24, returned from Libya.\n", encoding="utf-8")
    monkeypatch.delenv(ALLOW_PUBLIC_ENV, raising=False)
    monkeypatch.setenv("SAFENAME_KEY", "5a" * 32)
    result = CliRunner().invoke(cli, ["redact", str(story)])
    assert result.exit_code == 2
    assert result.stderr == (
        "safename: SAFENAME_KEY: this key is public (it is printed in safename's README.md, the "
        "Pseudonyms example); anyone could reverse pseudonyms made with it: create your own "
        "with `safename init` (or set SAFENAME_KEY to the team's key)\n"
    )
    assert not (tmp_path / "story.redacted.txt").exists()


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("SAFENAME_KEY", "")
    return tmp_path / "cfg" / "safename" / "key"


@posix_only
def test_init_twice_in_a_setup_script_and_key_show_export_import(home: Path, monkeypatch):
    runner = CliRunner()
    assert runner.invoke(cli, ["key", "show"]).exit_code == 2  # no key yet: says so
    first = runner.invoke(cli, ["init"])
    assert first.exit_code == 0, first.output
    written = home.read_text()
    second = runner.invoke(cli, ["init"])
    assert second.exit_code == 0 and "already holds a key" in second.stdout
    assert home.read_text() == written

    show = runner.invoke(cli, ["key", "show"])
    fingerprint = keys.read_key_file(home).fingerprint
    assert show.exit_code == 0
    assert show.stdout == f"source: {home}\nfingerprint: {fingerprint}\n"
    assert written.strip() not in show.output  # show never prints the key

    export = runner.invoke(cli, ["key", "export"])
    assert export.exit_code == 0 and export.stdout == written  # the value for a CI secret
    assert "never in a repository" in export.stderr
    env_line = runner.invoke(cli, ["key", "export", "--format", "env"]).stdout
    assert env_line == f"SAFENAME_KEY={written}"

    # A teammate installs it; their pseudonyms are then the same.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home.parents[2] / "teammate"))
    imported = runner.invoke(cli, ["key", "import"], input=env_line)
    assert imported.exit_code == 0, imported.output
    teammate = home.parents[2] / "teammate" / "safename" / "key"
    assert teammate.read_text() == written
    assert stat.S_IMODE(teammate.stat().st_mode) == 0o600
    assert fingerprint in runner.invoke(cli, ["key", "show"]).stdout
    assert runner.invoke(cli, ["key", "import"], input=written).exit_code == 0  # idempotent
    other = runner.invoke(cli, ["key", "import"], input=TEAM_KEY)
    assert other.exit_code == 2 and "already exists" in other.stderr
    bad = runner.invoke(cli, ["key", "import"], input="not a key")
    assert bad.exit_code == 2 and bad.stderr.startswith("safename: standard input:")


def test_init_and_import_still_refuse_a_git_work_tree(tmp_path: Path, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    runner = CliRunner()
    for args, stdin in ((["init"], None), (["key", "import"], TEAM_KEY)):
        result = runner.invoke(cli, args, input=stdin)
        assert result.exit_code == 2 and "git work tree" in result.stderr
        assert not (tmp_path / "cfg").exists()


def test_without_a_key_the_api_warns_once_and_require_key_raises(
    redactor: Redactor, home: Path, monkeypatch
):
    monkeypatch.setattr(keys, "_warned_ephemeral", False)
    strict = Redactor(require_key=True)
    strict._analyzer = redactor.analyzer
    with pytest.raises(KeyProblem, match="no safename key is configured"):
        strict.redact("Aminata Traoré, 24, returned from Libya.")
    with pytest.warns(keys.EphemeralKeyWarning, match="random key"):
        lenient = Redactor()
        lenient._analyzer = redactor.analyzer
        lenient.redact("Aminata Traoré, 24, returned from Libya.")
    monkeypatch.setenv("SAFENAME_KEY", TEAM_KEY)
    keyed = Redactor(require_key=True)
    keyed._analyzer = redactor.analyzer
    assert "Aminata" not in keyed.redact("Aminata Traoré, 24, returned from Libya.").text


def test_redact_series_warns_once_per_process(tmp_path: Path):
    pytest.importorskip("pandas")
    script = (
        "import pandas as pd\n"
        "from safename import Redactor\n"
        "from safename.batch import redact_series\n"
        "s = pd.Series(['Aminata Traoré, 24, returned.', 'Moussa Keita, 31.', None])\n"
        "out = redact_series(s)\n"
        "out = redact_series(s, Redactor())\n"
        "assert 'Aminata' not in out[0]\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SAFENAME_KEY", ALLOW_PUBLIC_ENV, "PYTHONWARNINGS")
    }
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("EphemeralKeyWarning") == 1, result.stderr
    assert "pseudonyms will differ between runs" in result.stderr
