"""Batch API: `scan_many` / `redact_many` equal one call per text, stream, and scale out.

The worker-process tests use two processes on a handful of short texts: forked workers share
the session's loaded pipelines, so they cost a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from safename import Redactor
from safename.batch import process_batch, redact_many, redact_series
from safename.pseudonym.registry import PseudonymRegistry

KEY = bytes(range(32))

TEXTS = [
    "Aminata Traoré, 24, left Kayes in 2019. Aminata now sews in Bamako.",
    "Aïssata Diallo, 27 ans, est rentrée à Conakry. Mme Diallo a ouvert un restaurant.",
    "",
    "Call Moussa Keita on +223 76 12 34 56 or write to moussa.keita@example.com.",
    "   ",
    "Ibrahima Sow, 30 ans, est guinéen. Ibrahima vit à Dakar avec sa sœur Fatou.",
    "The workshop was attended by staff only.",
    "Blessing Okafor, 19, a Nigerian woman, arrived in Agadez. Blessing wants to study.",
]


@pytest.fixture()
def engine(redactor: Redactor) -> Redactor:
    """A keyed Redactor sharing the session's loaded pipelines."""
    keyed = Redactor(redactor.config, key=KEY)
    keyed._analyzer = redactor.analyzer  # loading spaCy takes seconds
    return keyed


def spans(findings: list) -> list[tuple[int, int, str, str, str]]:
    return [(f.start, f.end, f.text, f.entity_type, f.action) for f in findings]


def test_scan_many_equals_scan_per_text_in_order(engine: Redactor) -> None:
    one_by_one = [spans(engine.scan(t)) for t in TEXTS]
    assert any(one_by_one)
    assert [spans(f) for f in engine.scan_many(TEXTS, batch_size=3)] == one_by_one


def test_scan_many_with_a_fixed_language(engine: Redactor) -> None:
    english = [t for t in TEXTS if "Aminata" in t or "Moussa" in t]
    expected = [spans(engine.scan(t, "en")) for t in english]
    assert [spans(f) for f in engine.scan_many(english, "en")] == expected
    with pytest.raises(ValueError, match="not configured"):
        engine.scan_many(english, "de")


def test_redact_many_equals_redact_per_text(engine: Redactor) -> None:
    expected = [engine.redact(t).text for t in TEXTS]
    assert "Aminata" not in expected[0] and "Traoré" not in expected[0]
    assert [r.text for r in engine.redact_many(TEXTS, batch_size=4)] == expected


def test_results_stream_with_bounded_reads(engine: Redactor) -> None:
    pulled: list[int] = []

    def source() -> Iterator[str]:
        for i in range(10_000):
            pulled.append(i)
            yield TEXTS[i % len(TEXTS)]

    results = engine.scan_many(source(), batch_size=4)
    first = [next(results) for _ in range(5)]
    assert len(first) == 5
    assert len(pulled) <= 9  # two batches of four (and the look-ahead of one), not 10,000


def test_parse_ahead_leaves_nothing_behind(engine: Redactor) -> None:
    process_batch(engine, TEXTS, "scan")
    hook = engine.analyzer.nlp_engine.process_text
    assert getattr(hook, "ready", {}) == {}


def test_two_processes_give_the_single_process_output(engine: Redactor) -> None:
    texts = TEXTS * 3
    single = [r.text for r in engine.redact_many(texts, batch_size=2)]
    forked = [r.text for r in engine.redact_many(texts, n_process=2, batch_size=2)]
    assert forked == single
    scans = [spans(f) for f in engine.scan_many(texts, n_process=2, batch_size=2)]
    assert scans == [spans(engine.scan(t)) for t in texts]


def test_spawned_workers_rebuild_the_redactor_with_the_same_key(redactor: Redactor) -> None:
    # A fresh Redactor: spawned workers cannot inherit loaded pipelines and must build their own.
    engine = Redactor(redactor.config, key=KEY)
    engine._analyzer = redactor.analyzer
    texts = TEXTS[:2] + TEXTS[3:4]
    single = [r.text for r in engine.redact_many(texts)]
    spawned = redact_many(engine, texts, n_process=2, batch_size=1, start_method="spawn")
    assert [r.text for r in spawned] == single


def test_a_registry_refuses_parallel_workers(engine: Redactor, tmp_path) -> None:
    keyed = Redactor(engine.config, key=KEY, registry=PseudonymRegistry.load(tmp_path / "r.json"))
    keyed._analyzer = engine.analyzer
    with pytest.raises(ValueError, match="n_process=1"):
        keyed.redact_many(TEXTS, n_process=2)
    results = list(keyed.redact_many(TEXTS[:2]))
    assert len(results) == 2 and (tmp_path / "r.json").exists()  # saved once, at the end


def test_non_text_items_are_refused(engine: Redactor) -> None:
    with pytest.raises(TypeError, match="index 1"):
        list(engine.scan_many(["Aminata", None]))  # type: ignore[list-item]


def test_redact_series_keeps_index_name_and_missing_values(engine: Redactor) -> None:
    pd = pytest.importorskip("pandas")
    series = pd.Series(
        [TEXTS[0], None, TEXTS[1], float("nan")], index=[10, 11, 12, 13], name="story"
    )
    out = redact_series(series, engine)
    assert list(out.index) == [10, 11, 12, 13] and out.name == "story"
    assert out[10] == engine.redact(TEXTS[0]).text
    assert out[12] == engine.redact(TEXTS[1]).text
    assert out[11] is None and out[13] is None
    bodies = redact_series(series, engine, output="body")
    assert bodies[10] == engine.redact(TEXTS[0]).body


def test_workers_warm_up_the_languages_of_the_first_batch(engine: Redactor, monkeypatch) -> None:
    import safename.batch as batch

    warmed: list[set[str]] = []
    real = batch.warm_up
    monkeypatch.setattr(
        batch,
        "warm_up",
        lambda r, languages=None: (warmed.append(set(languages)), real(r, languages))[1],
    )
    texts = ["Aminata Traoré, 24, returned to Mali.", "Moussa Diallo left Gao in 2019."] * 3
    assert list(engine.scan_many(texts, n_process=2)) == [engine.scan(t) for t in texts]
    assert warmed == [{"en"}]
