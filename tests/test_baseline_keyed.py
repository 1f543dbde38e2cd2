"""A committed `.safename-baseline.json` reveals nothing without the team's key.

The attacker is benchmarks/baseline_attack.py: it hashes every candidate phone number and every
name of the tables safename ships, the way a version-1 (plain SHA-256) baseline stored them,
and looks the digests up in the baseline. The same attack is first run on a version-1 baseline
of the same story to show it works there (the test would fail if the attack were broken);
against the keyed baseline the real CLI writes, it recovers nothing. Here the phone space is
the 10^6 numbers of the story's two-digit prefix in five formats; the full 10^8 run by hand is
quoted in the README.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from safename.cli.main import cli
from safename.review.baseline import item_hash
from safename.textutil import fold

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from baseline_attack import crack_names, crack_phones, entry_digests, name_candidates  # noqa: E402

STORY = (
    "Back home in Kayes\n\n"
    "Aminata, 24, returned from Libya in March. Her brother Moussa Keita stayed in Agadez.\n"
    "She can be reached on 76 52 18 04 or +223 76 52 18 04.\n"
)
OTHER_KEY = hashlib.sha256(b"another team").hexdigest()


@pytest.fixture
def legacy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    story = tmp_path / "stories" / "2019.md"
    story.parent.mkdir()
    story.write_text(STORY, encoding="utf-8")
    return story


def record(runner, *args: str):
    result = runner.invoke(cli, ["check", "--update-baseline", *args, "stories"])
    assert result.exit_code == 0, result.output
    return result


def v1_baseline(path: Path, items: list[tuple[str, str]]) -> None:
    """A baseline exactly as safename 0.1 wrote it (plain SHA-256 of type and folded text)."""
    entries = [{"type": k, "hashed_text": item_hash(k, t), "line_number": 3} for k, t in items]
    data = {"version": 1, "generated_by": "safename check --update-baseline"}
    path.write_text(json.dumps({**data, "results": {"stories/2019.md": entries}}), "utf-8")


def test_a_committed_baseline_reveals_no_phone_or_name_without_the_key(runner, legacy: Path):
    record(runner)
    baseline = Path(".safename-baseline.json")
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["version"] == 2 and data["key_fingerprint"]
    entries = data["results"]["stories/2019.md"]
    types = {e["type"] for e in entries}
    assert {"PERSON", "PHONE_NUMBER"} <= types <= {"PERSON", "PHONE_NUMBER", "AGE", "LOCATION"}
    assert len(entries) >= 4
    assert all("hashed_text" not in e and len(e["hmac"]) == 64 for e in entries)
    raw = baseline.read_text(encoding="utf-8")
    assert "Aminata" not in raw and "76 52" not in raw and "Keita" not in raw

    # The control: the attack recovers a version-1 baseline of the same findings.
    v1 = Path("v1.json")
    v1_baseline(
        v1,
        [("PERSON", "Aminata"), ("PERSON", "Moussa Keita"), ("PHONE_NUMBER", "76 52 18 04")]
        + [("PHONE_NUMBER", "+223 76 52 18 04")],
    )
    plain = entry_digests(json.loads(v1.read_text(encoding="utf-8")))
    phones, tried = crack_phones(plain, prefixes=[76], processes=2)
    assert tried == 5 * 10**6
    assert sorted(phones) == ["+223 76 52 18 04", "76 52 18 04"]
    names, _ = crack_names(plain, name_candidates(["Aminata", "Moussa"]))
    assert {fold(n) for n in names} == {"aminata", "moussa keita"}

    # The same attack on the keyed baseline the CLI wrote finds nothing.
    keyed = entry_digests(data)
    assert crack_phones(keyed, prefixes=[76], processes=2)[0] == []
    names, tried = crack_names(keyed, name_candidates(["Aminata", "Moussa"]))
    assert names == [] and tried > 10_000


def test_an_old_unkeyed_baseline_keeps_working_and_says_how_to_migrate(runner, legacy: Path):
    baseline = Path(".safename-baseline.json")
    assert runner.invoke(cli, ["check", "stories"]).exit_code == 1
    record(runner)
    # Rebuild the same acceptance as version 1 wrote it, from the texts check reports.
    texts = [(e["type"], e["text"]) for e in _findings(runner)]
    v1_baseline(baseline, texts)
    result = runner.invoke(cli, ["check", "stories"])
    assert result.exit_code == 0, result.output
    warning = [line for line in result.stderr.splitlines() if "unkeyed" in line]
    assert len(warning) == 1 and result.stderr.count("\n") == 1
    assert "--update-baseline" in warning[0] and str(baseline) in warning[0]

    migrated = record(runner)
    assert "unkeyed" not in migrated.stderr
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["version"] == 2
    assert all("hmac" in e and "hashed_text" not in e for e in data["results"]["stories/2019.md"])
    again = runner.invoke(cli, ["check", "stories"])
    assert again.exit_code == 0 and again.stderr == ""


def _findings(runner) -> list[dict]:
    """What check reports for the story, ignoring the baseline."""
    result = runner.invoke(cli, ["check", "--baseline", "none.json", "--format", "json", "stories"])
    return [
        {"type": p["entity_type"], "text": p["text"]}
        for f in json.loads(result.stdout)
        for p in f["problems"]
    ]


def test_a_keyed_baseline_needs_the_teams_key(runner, legacy: Path, monkeypatch, tmp_path: Path):
    record(runner)
    before = Path(".safename-baseline.json").read_bytes()
    monkeypatch.setenv("SAFENAME_KEY", OTHER_KEY)
    result = runner.invoke(cli, ["check", "stories"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "key fingerprint" in result.stderr
    assert result.stdout == ""

    monkeypatch.setenv("SAFENAME_KEY", "")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    result = runner.invoke(cli, ["check", "stories"])
    assert result.exit_code == 2 and "no safename key is configured" in result.stderr
    # Recording needs the key too: digests under a random key would protect nothing.
    result = runner.invoke(cli, ["check", "--update-baseline", "--baseline", "new.json", "stories"])
    assert result.exit_code == 2 and "needs the team's key" in result.stderr
    assert not Path("new.json").exists()
    assert Path(".safename-baseline.json").read_bytes() == before


def test_redact_with_the_baseline_leaves_what_check_accepted(runner, legacy: Path):
    record(runner)
    legacy.write_text(
        STORY + "\nHer cousin Fatoumata Coulibaly, 19, joined her in May.\n", encoding="utf-8"
    )
    check = runner.invoke(cli, ["check", "stories"])
    assert check.exit_code == 1
    assert "Fatoumata Coulibaly" in check.stdout and "Aminata" not in check.stdout

    result = runner.invoke(
        cli, ["redact", "--in-place", "--baseline", ".safename-baseline.json", "stories"]
    )
    assert result.exit_code == 0, result.output
    text = legacy.read_text(encoding="utf-8")
    assert "Fatoumata" not in text and "Coulibaly" not in text  # the new name is redacted
    assert "Aminata, 24" in text and "+223 76 52 18 04" in text  # accepted legacy findings stay
    assert runner.invoke(cli, ["check", "stories"]).exit_code == 0  # the two now agree
    again = runner.invoke(
        cli, ["redact", "--in-place", "--baseline", ".safename-baseline.json", "stories"]
    )
    assert again.exit_code == 0 and legacy.read_text(encoding="utf-8") == text

    # Without --baseline, redact still redacts everything.
    runner.invoke(cli, ["redact", "--in-place", "stories"])
    assert "Aminata" not in legacy.read_text(encoding="utf-8")
