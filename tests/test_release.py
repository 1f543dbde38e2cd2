"""The README's pre-commit snippet works as pasted: its `rev` is a release tag of this repository
that provides the hooks it names, and the hook manifest points to documentation that exists.

Run from a git checkout (CI's fresh clone fetches the tags); skipped in a source tarball.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from safename import __version__

yaml = pytest.importorskip("yaml")  # installed with pre-commit

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def snippet() -> dict:
    """The first YAML block of the README's pre-commit section, as a user pastes it."""
    section = README.split("### Pre-commit in a content repository", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block, "no YAML snippet in the pre-commit section"
    return yaml.safe_load(block.group(1))


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=30, check=False
    )


def in_git_checkout() -> bool:
    return shutil.which("git") is not None and git("rev-parse", "--git-dir").returncode == 0


def test_snippet_names_the_current_release_and_both_hooks():
    (repo,) = snippet()["repos"]
    assert repo["rev"] == f"v{__version__}"
    assert [h["id"] for h in repo["hooks"]] == ["safename-redact", "safename-check"]
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in manifest} >= {"safename-redact", "safename-check"}
    assert "git tag -a v" in (ROOT / "RELEASING.md").read_text(encoding="utf-8")


@pytest.mark.skipif(not in_git_checkout(), reason="not a git checkout (a source tarball)")
def test_snippet_rev_resolves_to_a_commit_that_provides_the_hooks():
    rev = snippet()["repos"][0]["rev"]
    if not git("tag", "--list").stdout.strip():
        # A clone made without tags (some CI checkouts fetch branches only) cannot answer;
        # a clone that has the project's tags must have this one.
        pytest.skip("this clone has no tags at all")
    resolved = git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    assert resolved.returncode == 0, (
        f"the README's pre-commit snippet uses rev {rev}, which is not a tag of this repository: "
        "create it with the steps in RELEASING.md"
    )
    shown = git("show", f"{rev}:.pre-commit-hooks.yaml")
    assert shown.returncode == 0, shown.stderr
    ids = {h["id"] for h in yaml.safe_load(shown.stdout)}
    assert ids >= {h["id"] for h in snippet()["repos"][0]["hooks"]}


def test_hook_manifest_points_to_documentation_that_exists():
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    comments = " ".join(line for line in manifest.splitlines() if line.startswith("#"))
    docs = re.findall(r"[\w./-]+\.md\b", comments)
    assert docs, "the manifest should say where the hooks are documented"
    for doc in docs:
        assert (ROOT / doc).is_file(), doc
    for section in re.findall(r'section\s+#?\s*"([^"]+)"', comments):
        assert f"### {section}" in README, section


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("SAFENAME_TEST_PRECOMMIT_AS_PASTED") != "1",
    reason="builds pre-commit's own environment for the hooks (pip, ~1-2 min): opt in with "
    "SAFENAME_TEST_PRECOMMIT_AS_PASTED=1",
)
@pytest.mark.skipif(not in_git_checkout(), reason="not a git checkout (a source tarball)")
def test_snippet_as_pasted_runs_both_hooks_in_a_fresh_repository(tmp_path: Path):
    """The README's snippet with only the repository URL pointed at this checkout."""
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    section = README.split("### Pre-commit in a content repository", 1)[1]
    config = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    config = config.replace("https://github.com/YOUR-ORG/safename", ROOT.as_uri())
    work = tmp_path / "content"
    work.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "SAFENAME_KEY": hashlib.sha256(b"as pasted").hexdigest(),
        "GIT_AUTHOR_NAME": "Comms",
        "GIT_AUTHOR_EMAIL": "comms@example.org",
        "GIT_COMMITTER_NAME": "Comms",
        "GIT_COMMITTER_EMAIL": "comms@example.org",
    }
    env.pop("SAFENAME_ALLOW_PUBLIC_KEY", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            args, cwd=work, env=env, capture_output=True, text=True, timeout=900, check=False
        )

    assert run("git", "init", "-q", "-b", "main").returncode == 0
    (work / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    (work / "story.md").write_text(
        "# Back\n\nAminata Traoré, 24, returned from Libya.\n", encoding="utf-8"
    )
    run("git", "add", "-A")
    first = run(pre_commit, "run", "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert "Aminata" not in (work / "story.md").read_text(encoding="utf-8")
    run("git", "add", "-A")
    second = run(pre_commit, "run", "--all-files")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.count("Passed") == 2
