"""The commands read and parse the files of one call in batches (`nlp.pipe`), and `--jobs N`
spreads the batches over worker processes: the output is byte for byte that of `--jobs 1`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from safename.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from devset import load_devset  # noqa: E402


@pytest.fixture()
def drafts(tmp_path: Path) -> Path:
    """Eight dev-set drafts (English and French) as files, plus one Markdown story and one
    unreadable file in the middle (its error must keep its place)."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    docs = load_devset()
    for d in docs[:4] + docs[-4:]:
        (folder / f"{d.name}.txt").write_text(d.text, encoding="utf-8")
    story = (ROOT / "examples" / "story_en.md").read_text(encoding="utf-8")
    (folder / "story_en.md").write_text(story, encoding="utf-8")
    (folder / "fr_000_broken.txt").write_bytes(b"\xff\xfe\x00bad\x00\xd8")
    return folder


def spy_pipe(runner_redactor, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Sizes of the `nlp.pipe` batches the engine runs."""
    engine = runner_redactor.analyzer.nlp_engine
    sizes: list[int] = []
    process_batch = engine.process_batch

    def batch(texts, language, **kwargs):
        texts = list(texts)
        sizes.append(len(texts))
        return process_batch(texts, language, **kwargs)

    monkeypatch.setattr(engine, "process_batch", batch)
    return sizes


@pytest.mark.parametrize("command", ["scan", "check"])
def test_files_are_parsed_in_batches(
    runner: CliRunner, redactor, drafts: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    sizes = spy_pipe(redactor, monkeypatch)
    result = runner.invoke(cli, [command, "--format", "json", str(drafts)])
    assert result.exit_code == 2, result.output  # the broken file
    assert sum(sizes) == 9 and max(sizes) > 1  # every readable file, several per batch


def invoke(runner: CliRunner, *args: str):
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "--format", "json"],
        ["scan", "--all"],
        ["check", "--format", "json"],
        ["redact", "--diff"],
    ],
)
def test_jobs_output_is_identical_to_one_process(
    runner: CliRunner, drafts: Path, args: list[str]
) -> None:
    one = invoke(runner, *args, "--jobs", "1", str(drafts))
    two = invoke(runner, *args, "--jobs", "2", str(drafts))
    assert one[0] == 2  # the broken file is reported, the others processed
    assert two == one
    assert "fr_000_broken.txt" in one[2]


def test_redact_jobs_writes_the_same_files(runner: CliRunner, drafts: Path, tmp_path: Path):
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in drafts.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    assert runner.invoke(cli, ["redact", "--jobs", "1", str(drafts)]).exit_code == 2
    assert runner.invoke(cli, ["redact", "--jobs", "2", str(copy)]).exit_code == 2
    written = sorted(p.name for p in drafts.glob("*.redacted.*"))
    assert len(written) == 9
    for name in written:
        assert (copy / name).read_bytes() == (drafts / name).read_bytes(), name


def test_scan_json_jobs_reports_each_file_once_in_order(runner: CliRunner, drafts: Path):
    code, out, _ = invoke(runner, "scan", "--format", "json", "--jobs", "2", str(drafts))
    paths = [Path(r["path"]).name for r in json.loads(out)]
    assert paths == sorted(p.name for p in drafts.iterdir() if "broken" not in p.name)
    assert code == 2


def test_recognizers_run_in_registry_order_in_every_process(redactor) -> None:
    """Presidio keeps the recognizers to run in a set (order by memory address); safename's
    registry returns them in the order they were added, so every process names the same
    recognizer for a span two of them found (`--jobs 2` printed other names than `--jobs 1`)."""
    registry = redactor.analyzer.registry
    found = registry.get_recognizers("en", entities=list(redactor.config.entities))
    order = [r for r in registry.recognizers if r in found]
    assert found == order and len(found) > 5


def test_jobs_load_only_the_languages_of_the_files_before_forking(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # French costs seconds to load (spaCy's tokenizer exceptions): `--jobs 2` on English files
    # must not pay for it before forking, and still loads it when a French file comes.
    import safename.batch as batch

    warmed: list[set[str]] = []
    real = batch.warm_up

    def spy(redactor, languages=None):
        warmed.append(set(languages))
        return real(redactor, languages)

    monkeypatch.setattr(batch, "warm_up", spy)
    folder = tmp_path / "en"
    folder.mkdir()
    for k, name in enumerate(["Aminata Traoré", "Moussa Diallo", "Fatou Sow"]):
        (folder / f"{k}.txt").write_text(f"{name}, 24, returned to Mali last year.\n")
    code, out, _ = invoke(runner, "scan", "--format", "json", "--jobs", "2", str(folder))
    assert code == 0 and len(json.loads(out)) == 3
    (folder / "3.txt").write_text("Aminata Traoré, 24 ans, est rentrée au Mali l'an dernier.\n")
    code, out, _ = invoke(runner, "scan", "--format", "json", "--jobs", "2", str(folder))
    assert code == 0 and len(json.loads(out)) == 4
    assert warmed == [{"en"}, {"en", "fr"}]
