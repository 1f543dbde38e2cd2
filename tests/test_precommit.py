"""The pre-commit hooks, end to end: a real git repository, the real `pre-commit` package.

The hooks are configured from this checkout's own .pre-commit-hooks.yaml as `repo: local`
hooks with `language: system` (the installed `safename` of this environment), so the test runs
offline: pre-commit builds no virtualenv and downloads nothing. A commit that adds a
beneficiary's name fails; the same commit with the pseudonymised text passes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")  # installed with pre-commit

ROOT = Path(__file__).resolve().parents[1]
SAFENAME = Path(sys.executable).with_name("safename")
STORY = (
    "# Back in Bamako\n\n"
    "Aminata Traoré, 24, returned from Libya in March. Aminata now runs a small shop.\n\n"
    "“We support every returnee,” said Claire Dubois, Protection Coordinator at IOM Mali.\n"
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not SAFENAME.exists(), reason="the safename script is not installed"),
]


def local_config(hook_ids: list[str]) -> str:
    """A .pre-commit-config.yaml running this checkout's hooks, without network access."""
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hooks = []
    for hook in manifest:
        if hook["id"] in hook_ids:
            entry = hook["entry"].split(" ", 1)
            assert entry[0] == "safename"
            hooks.append({**hook, "language": "system", "entry": f"{SAFENAME} {entry[1]}"})
    hooks.sort(key=lambda h: hook_ids.index(h["id"]))
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


def run(cwd: Path, *args: str, env: dict[str, str], check: bool = True):
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed:\n{result.stdout}\n{result.stderr}")
    return result.returncode, result.stdout + result.stderr  # git hooks print on stderr


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    pre_commit = shutil.which("pre-commit", path=str(SAFENAME.parent)) or shutil.which("pre-commit")
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    env = {
        **os.environ,
        "PATH": f"{SAFENAME.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "HOME": str(tmp_path),
        "GIT_AUTHOR_NAME": "Comms Team",
        "GIT_AUTHOR_EMAIL": "comms@example.org",
        "GIT_COMMITTER_NAME": "Comms Team",
        "GIT_COMMITTER_EMAIL": "comms@example.org",
        "SAFENAME_KEY": "5f" * 32,
    }
    work = tmp_path / "content"
    work.mkdir()
    run(work, "git", "init", "-q", "-b", "main", env=env)
    run(work, "git", "config", "commit.gpgsign", "false", env=env)
    (work / ".pre-commit-config.yaml").write_text(local_config(["safename-check"]), "utf-8")
    run(work, "git", "add", ".pre-commit-config.yaml", env=env)
    run(work, "git", "commit", "-q", "--no-verify", "-m", "hooks", env=env)
    run(work, pre_commit, "install", env=env)
    return work, env


def test_check_hook_blocks_a_name_and_accepts_the_pseudonymised_story(repo):
    work, env = repo
    story = work / "story.md"
    story.write_text(STORY, encoding="utf-8")
    run(work, "git", "add", "story.md", env=env)
    code, output = run(work, "git", "commit", "-m", "Add story", env=env, check=False)
    assert code != 0
    assert 'story.md:3:1: PERSON "Aminata Traoré"' in output
    assert "Claire Dubois" not in output
    assert run(work, "git", "log", "--oneline", env=env)[1].count("\n") == 1

    # The same commit, with the text pseudonymised by the tool, passes.
    run(work, str(SAFENAME), "redact", "--in-place", "story.md", env=env)
    assert "Aminata" not in story.read_text(encoding="utf-8")
    run(work, "git", "add", "story.md", env=env)
    code, output = run(work, "git", "commit", "-m", "Add story", env=env, check=False)
    assert code == 0, output
    assert "safename check" in output and "Passed" in output


def test_redact_hook_fixes_in_place_like_a_formatter(repo):
    work, env = repo
    (work / ".pre-commit-config.yaml").write_text(
        local_config(["safename-redact", "safename-check"]), "utf-8"
    )
    run(work, "git", "add", ".pre-commit-config.yaml", env=env)
    run(work, "git", "commit", "-q", "--no-verify", "-m", "both hooks", env=env)
    story = work / "story.html"
    story.write_text(f"<p>{STORY.splitlines()[2]}</p>\n", encoding="utf-8")
    run(work, "git", "add", "story.html", env=env)
    code, output = run(work, "git", "commit", "-m", "Add story", env=env, check=False)
    assert code != 0  # the hook changed the file: review and stage it
    assert "files were modified by this hook" in output
    fixed = story.read_text(encoding="utf-8")
    assert "Aminata" not in fixed and 'class="safename-footnote"' in fixed
    run(work, "git", "add", "story.html", env=env)
    code, output = run(work, "git", "commit", "-m", "Add story", env=env, check=False)
    assert code == 0, output


def test_the_two_hooks_agree_on_a_baselined_legacy_story(repo):
    """The redact hook leaves what the check baseline accepted; new names are still redacted."""
    work, env = repo
    (work / ".pre-commit-config.yaml").write_text(
        local_config(["safename-redact", "safename-check"]), "utf-8"
    )
    legacy = work / "2019.md"
    legacy.write_text(STORY, encoding="utf-8")
    run(work, str(SAFENAME), "check", "--update-baseline", "2019.md", env=env)
    run(work, "git", "add", ".", env=env)
    run(work, "git", "commit", "-q", "--no-verify", "-m", "legacy story and baseline", env=env)

    legacy.write_text(
        STORY + "\nHer cousin Fatoumata Coulibaly, 19, joined her in May.\n", encoding="utf-8"
    )
    run(work, "git", "add", "2019.md", env=env)
    code, output = run(work, "git", "commit", "-m", "Add a cousin", env=env, check=False)
    assert code != 0 and "files were modified by this hook" in output
    fixed = legacy.read_text(encoding="utf-8")
    assert "Fatoumata" not in fixed and "Coulibaly" not in fixed
    assert "Aminata Traoré, 24" in fixed  # accepted by the baseline: left for check to accept
    run(work, "git", "add", "2019.md", env=env)
    code, output = run(work, "git", "commit", "-m", "Add a cousin", env=env, check=False)
    assert code == 0, output  # redact changes nothing more, and check passes
    assert output.count("Passed") == 2
