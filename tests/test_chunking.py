"""Long texts scanned in overlapping chunks find exactly what one whole-text scan finds.

Chunk sizes here are a few hundred characters, so that the tests exercise cut points, overlap
and cross-chunk name propagation in well under a second each.
"""

from __future__ import annotations

import pytest

from safename import Redactor
from safename.detect.chunking import plan_chunks

KEY = bytes(range(32))
CHUNK_SIZE, OVERLAP = 400, 80  # each chunk owns at most 240 characters
FILLER = "the rain came down on the road and the trucks waited by the gate "


def filler(length: int) -> str:
    """Lower-case words without punctuation: no sentence end for the cutter to prefer."""
    return (FILLER * (length // len(FILLER) + 1))[:length].rsplit(" ", 1)[0] + " "


def story() -> tuple[str, int]:
    """A text whose first cut point falls inside "Zorvan Qelt", and whose last paragraph
    mentions "Qelt" alone, which no recognizer finds without the earlier full name."""
    head = filler(232)  # "Zorvan " ends at 239, the first cut point is at most 240
    text = (
        head + "Zorvan Qelt, 15, sat alone near the water tank.\n\n"
        "Aminata Traoré, 24, runs the kitchen of the centre. " + filler(500) + "\n\n"
        "Aminata cooks rice for sixty people. " + filler(600) + "\n\n"
        "Later that week Qelt said the boat was full. Traoré agreed with him."
    )
    return text, len(head)


def chunked(redactor: Redactor) -> Redactor:
    """A Redactor with a tiny chunk size that shares the session's loaded pipelines."""
    small = Redactor(redactor.config, key=KEY)
    small._analyzer = redactor.analyzer  # loading spaCy takes seconds
    small.chunk_size, small.chunk_overlap = CHUNK_SIZE, OVERLAP
    return small


def spans(findings: list) -> list[tuple[int, int, str, str, str]]:
    return [(f.start, f.end, f.text, f.entity_type, f.action) for f in findings]


# -- planning ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size,overlap", [(400, 80), (120, 30), (1000, 0)])
def test_chunks_tile_the_text_within_the_size_limit(size: int, overlap: int) -> None:
    text = ("Aminata Traoré, 24, left Kayes. " * 5 + "\n\n" + filler(150)) * 12
    chunks = plan_chunks(text, size, overlap)
    assert len(chunks) > 3
    assert chunks[0].own_start == 0 and chunks[-1].own_end == len(text)
    for before, after in zip(chunks, chunks[1:]):
        assert before.own_end == after.own_start  # no gap, no double ownership
    for c in chunks:
        assert c.end - c.start <= size
        assert c.start <= c.own_start < c.own_end <= c.end
        assert c.own_start - c.start <= overlap and c.end - c.own_end <= overlap
        # Chunk edges never cut a word.
        assert c.start == 0 or text[c.start - 1].isspace() or text[c.start].isspace()
        assert c.end == len(text) or text[c.end].isspace() or text[c.end - 1].isspace()


def test_cut_points_prefer_paragraph_breaks() -> None:
    paragraph = "Aminata Traoré, 24, left Kayes. She is a tailor. " * 3
    text = "\n\n".join([paragraph] * 10)
    for c in plan_chunks(text, 600, 100)[:-1]:
        assert text[c.own_end - 2 : c.own_end] == "\n\n"


def test_short_text_is_one_chunk_and_bad_sizes_are_refused() -> None:
    assert len(plan_chunks("Aminata", 100, 10)) == 1
    with pytest.raises(ValueError, match="at least 3 x overlap"):
        plan_chunks("word " * 100, 100, 40)


# -- scanning ---------------------------------------------------------------------------------


def test_a_name_across_a_cut_point_is_found_whole(redactor: Redactor) -> None:
    text, name_start = story()
    name_end = name_start + len("Zorvan Qelt")
    cuts = [c.own_end for c in plan_chunks(text, CHUNK_SIZE, OVERLAP)]
    assert any(name_start < cut < name_end for cut in cuts), "the test text must straddle a cut"
    findings = chunked(redactor).scan(text, "en")
    assert (name_start, name_end, "Zorvan Qelt", "PERSON", "pseudonymize") in spans(findings)


def test_chunked_scan_equals_whole_text_scan(redactor: Redactor) -> None:
    text, _ = story()
    assert len(text) > 3 * CHUNK_SIZE
    whole = redactor.scan(text, "en")
    assert spans(chunked(redactor).scan(text, "en")) == spans(whole)


def test_mentions_in_a_later_chunk_of_a_name_found_earlier_are_found(redactor: Redactor) -> None:
    text, _ = story()
    last = text[text.rindex("\n\n") + 2 :]
    assert not [f for f in redactor.scan(last, "en") if "Qelt" in f.text], (
        "precondition: 'Qelt' alone is only found through the earlier full name"
    )
    small = chunked(redactor)
    late = text.rindex("Qelt")
    assert len(plan_chunks(text, CHUNK_SIZE, OVERLAP)) >= 4
    found = [f for f in small.scan(text, "en") if f.start == late]
    assert [(f.text, f.action) for f in found] == [("Qelt", "pseudonymize")]


def test_pseudonyms_are_consistent_across_chunks(redactor: Redactor) -> None:
    text, _ = story()
    whole = Redactor(redactor.config, key=KEY)
    whole._analyzer = redactor.analyzer
    result = chunked(redactor).redact(text, "en")
    assert result.text == whole.redact(text, "en").text
    by_name: dict[str, set[str | None]] = {}
    for f in result.findings:
        if f.entity_type == "PERSON" and f.redacts:
            by_name.setdefault(f.text, set()).add((f.replacement or "").rstrip("*"))
    assert {"Zorvan Qelt", "Qelt", "Aminata Traoré", "Aminata", "Traoré"} <= set(by_name)
    assert all(len(v) == 1 for v in by_name.values()), by_name
    qelt = by_name["Qelt"].pop()
    assert qelt and qelt in by_name["Zorvan Qelt"].pop()
