"""One parse per document: `redact` never runs spaCy on its own output, and still guarantees
that nothing it detected survives, that `redact(redact(x)) == redact(x)`, and that the
`replacement` `scan --format json` shows is what `redact` writes.

The corpus tests run on every document of the dev set and the held-out set (benchmarks/) and
on the shipped example story, through the real CLI.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from safename import Redactor
from safename.cli.main import cli
from safename.formats.base import splice
from safename.textutil import WORD_RE, fold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from devset import load_devset  # noqa: E402

KEY = bytes.fromhex("5f" * 32)  # the CLI tests' key (conftest.CLI_KEY)
CONTACTS = {"PHONE_NUMBER", "EMAIL_ADDRESS", "SOCIAL_HANDLE", "DOCUMENT_NUMBER", "IBAN_CODE"}


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, str]]:
    docs = load_devset() + load_devset(ROOT / "benchmarks" / "heldout")
    return [(d.name, d.text) for d in docs]


@pytest.fixture()
def engine(redactor: Redactor) -> Redactor:
    keyed = Redactor(redactor.config, key=KEY)
    keyed._analyzer = redactor.analyzer  # loading spaCy takes seconds
    return keyed


def count_parses(engine: Redactor, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text spaCy parses from now on, whichever entry point the engine uses."""
    nlp_engine = engine.analyzer.nlp_engine
    parsed: list[str] = []
    process_text, process_batch = nlp_engine.process_text, nlp_engine.process_batch

    def one(text: str, language: str):
        parsed.append(text)
        return process_text(text, language)

    def many(texts, language, **kwargs):
        texts = list(texts)
        parsed.extend(texts)
        return process_batch(texts, language, **kwargs)

    monkeypatch.setattr(nlp_engine, "process_text", one)
    monkeypatch.setattr(nlp_engine, "process_batch", many)
    return parsed


def test_redact_parses_the_text_once(engine: Redactor, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "Blessing Osagie, 22, returned to Benin City. Tel: +234 803 123 4567.\n\n"
        "Osagie now sells fabric. Her friend Aminata Keita helps her."
    )
    parsed = count_parses(engine, monkeypatch)
    result = engine.redact(text, "en")
    assert parsed == [text]
    assert "Osagie" not in result.text and "Aminata" not in result.text
    assert result.changed


def test_long_text_is_parsed_once_in_chunks(
    engine: Redactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = ("Aminata Traoré, 24, returned to Guinea. She now sews in Conakry.\n\n" * 60).strip()
    engine.chunk_size, engine.chunk_overlap = 1_000, 200
    parsed = count_parses(engine, monkeypatch)
    engine.scan(text, "en")
    chunks = list(parsed)
    assert len(chunks) > 3
    parsed.clear()
    result = engine.redact(text, "en")
    assert parsed == chunks  # the chunks of one scan, no second pass
    assert "Aminata" not in result.text and "Traoré" not in result.text


def test_a_pseudonym_that_would_grow_into_a_name_is_caught_without_a_parse(
    engine: Redactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A neighbour the recognizers join to the pseudonym is redacted in the same call."""
    text = "On 26 September 2006 the Gdańsk Regional Court (Sąd Okręgowy) upheld the judgment."
    parsed = count_parses(engine, monkeypatch)
    once = engine.redact(text, "en")
    assert parsed == [text]
    assert engine.redact(once.text, "en").text == once.text


def survivors(result) -> list[str]:
    """Detected values still readable in the output (none allowed)."""
    body = result.body
    out_words = {fold(w) for w in WORD_RE.findall(body) if w[:1].isupper()}
    kept = {fold(w) for f in result.findings if not f.redacts for w in WORD_RE.findall(f.text)}
    replaced = {
        fold(w) for f in result.findings if f.redacts for w in WORD_RE.findall(f.replacement)
    }
    left = []
    for f in result.findings:
        if not f.redacts:
            continue
        if f.entity_type == "PERSON":
            names = {fold(w) for w in WORD_RE.findall(f.text) if len(w) >= 3 and w[:1].isupper()}
            left += sorted((names & out_words) - kept - replaced)
        elif f.entity_type in CONTACTS and f.text not in body:
            continue
        elif f.entity_type in CONTACTS:
            left.append(f.text)
    return left


def test_whole_corpus_single_pass_guarantees(
    runner: CliRunner,
    engine: Redactor,
    corpus: list[tuple[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every dev-set and held-out document and the example story, through the real CLI:
    `scan --format json` replacements spliced over the input are exactly the file `redact`
    writes (before its footnote), nothing detected survives, and redacting the output again
    changes nothing."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    for name, text in corpus:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    example = ROOT / "examples" / "story_en.md"
    (folder / "story_en.txt").write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    files = sorted(folder.glob("*.txt"))
    scanned = runner.invoke(cli, ["scan", "--format", "json", *map(str, files)])
    assert scanned.exit_code == 0, scanned.output
    reports = json.loads(scanned.stdout)
    written = runner.invoke(cli, ["redact", str(folder)])
    assert written.exit_code == 0, written.output
    assert len(reports) == len(files)
    outputs = []
    for report in reports:
        path = Path(report["path"])
        source = path.read_text(encoding="utf-8")
        edits = [
            (f["start"], f["end"], f["replacement"])
            for f in report["findings"]
            if f["action"] != "keep"
        ]
        assert all(r is not None for _, _, r in edits), path.name
        body = splice(source, edits)
        out = path.with_name(f"{path.stem}.redacted.txt").read_text(encoding="utf-8")
        # The footnote ends the story, or stands before its press-contact block.
        footnote = re.compile(r"(?m)^\*[^\n]*(?:pseudonyms? used|d['’]emprunt)[^\n]*\n\n")
        inside = footnote.sub("", out, count=1)
        assert out == body or out.startswith(body.rstrip("\n") + "\n\n*") or inside == body, (
            path.name
        )
        outputs.append(out)

    again = list(engine.redact_many(outputs))
    unstable = [f.name for f, out, r in zip(files, outputs, again, strict=True) if r.text != out]
    assert unstable == []
    first = list(engine.redact_many([f.read_text(encoding="utf-8") for f in files]))
    assert [r.text for r in first] == outputs  # the library writes what the CLI writes
    leaks = {f.name: s for f, r in zip(files, first, strict=True) if (s := survivors(r))}
    assert leaks == {}
