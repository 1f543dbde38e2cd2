"""The home-place step tells apart only the places that can change its answer.

Telling a sentence-opening "Court" or "Article" from a place takes the tagger, and legal or
report-like texts hold hundreds of them; the step now tags only the runs of the sentences that
hold a home place and the runs named like a home. These tests compare that answer with the
answer computed from every place of the document.
"""

from __future__ import annotations

import pytest

from helpers import spy_tagged_tokens
from safename.detect import places

STORIES = {
    "en": (
        "Originally from Kelbo, a rural village in the Sahel's Soum province, Awa left in 2019. "
        "Court Registry officials in Niamey recorded her case. Article 12 of the Convention "
        "applies. Kelbo had no school.\n\n"
        "Musa grew up in Kano. The IOM office in Kano helped him. Years later, Kano was far "
        "away. Government Agents met him in Agadez. He had left Agadez for Libya, and "
        "Sabha-Tripoli was the route. Kano-Agadez buses run daily. Ministry Officials in "
        "Kano welcomed the returnees. Efe grew up in Ubiaja, Esan South East Local Government "
        "Area of Edo State. The Edo State Task Force helped her. Edo State is far from "
        "Lagos.\n"
    ),
    "fr": (
        "Zinder, Niger - Elle est originaire de Zinder. Elle a pris la route "
        "Zinder-Agadez-Arlit. Le Tribunal de Niamey a jugé l'affaire. Elle habite à Zarzis. "
        "Elle est partie depuis le port de Zarzis. Elle a quitté Agadez pour l'Algérie. "
        "Arrivée à Tessaoua, dans la région de Maradi, elle a travaillé. Service Social de "
        "Maradi. Ministère de la Santé.\n"
    ),
}


def scan_everything(redactor, language: str, text: str, monkeypatch) -> list[tuple]:
    # One sentence for the whole text: every run is told apart, as before the change.
    with monkeypatch.context() as m:
        m.setattr(places, "_sentences", lambda text, runs: [0] * len(runs))
        return [
            (f.start, f.end, f.entity_type, f.action, f.reason)
            for f in redactor.scan(text, language=language)
        ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_home_places_are_the_same_as_with_every_place_told_apart(
    redactor, language, monkeypatch
) -> None:
    text = STORIES[language]
    expected = scan_everything(redactor, language, text, monkeypatch)
    assert any(e[2] == "LOCATION" for e in expected)
    found = [
        (f.start, f.end, f.entity_type, f.action, f.reason)
        for f in redactor.scan(text, language=language)
    ]
    assert found == expected


def test_runs_of_sentences_without_a_home_place_are_not_tagged(redactor, monkeypatch) -> None:
    home = "Originally from Kelbo, Awa left in 2019. "
    filler = "Court Registry Officials in Niamey recorded Article 12 of the Convention. " * 40
    tagged = spy_tagged_tokens(monkeypatch)
    text = home + filler
    now = redactor.scan(text, language="en")
    few = sum(tagged)
    tagged.clear()
    before = scan_everything(redactor, "en", text, monkeypatch)
    assert [(f.start, f.end, f.entity_type) for f in now] == [b[:3] for b in before]
    assert any(text[f.start : f.end] == "Kelbo" for f in now if f.entity_type == "LOCATION")
    assert few * 3 < sum(tagged), (few, sum(tagged))
