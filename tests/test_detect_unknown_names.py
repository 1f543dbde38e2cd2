"""Names no table knows, found from the rest of the name and from the words around them
(invented sentences): a sentence-initial given name beside a known or found surname, a
two-word name followed by a relative or after a verb whose object is a person."""

from __future__ import annotations

import pytest

from helpers import covered, touched
from safename import Redactor

KEY = bytes(range(32))


def scan(redactor: Redactor, text: str, language: str):
    return redactor.scan(text, language=language)


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        # A given name the tables do not know, opening a sentence, before a known surname.
        ("en", "Tamunoibi Okafor and her son arrived in Warri in May.", "Tamunoibi Okafor"),
        ("fr", "Tamunoibi Okafor est rentrée à Warri en mai.", "Tamunoibi Okafor"),
        # ... before a surname found elsewhere ("Mrs Abara").
        ("en", "Atim Okello left Labé in 2019. Ms Okello says her family helped.", "Atim Okello"),
        ("en", "Nyokabi Mugo left Labé in 2019. Ms Mugo says her family helped.",
         "Nyokabi Mugo"),
        # Two unknown words and "and her son" / "et son fils".
        ("en", "Nyokabi Mugo and her son arrived in Agadez in May.", "Nyokabi Mugo"),
        ("fr", "Nkirote Wambugu et son fils sont arrivés à Agadez en mai.", "Nkirote Wambugu"),
        # Two unknown words after "met" / "a rencontré".
        ("en", "The counsellor met Nyokabi Mugo at the centre. She said the road was long.",
         "Nyokabi Mugo"),
        ("fr", "La conseillère a rencontré Nkirote Wambugu au centre.", "Nkirote Wambugu"),
    ],
)  # fmt: skip
def test_unknown_names_are_found_whole(redactor, language, text, name):
    findings = scan(redactor, text, language)
    assert covered(text, findings, name), [(f.text, f.action) for f in findings]


@pytest.mark.parametrize(
    ("language", "text", "word"),
    [
        ("en", "Later Fatoumata called her mother.", "Later"),
        ("en", "Yesterday Okafor was not at the centre.", "Yesterday"),
        ("en", "The delegation met Prime Minister Ousmane Sonko in Dakar.", "Prime Minister"),
        ("en", "The team met Human Rights Watch researchers.", "Human Rights"),
        ("en", "Mentao Camp and its people waited.", "Mentao Camp"),
    ],
)
def test_ordinary_words_and_titles_stay_outside(redactor, language, text, word):
    assert not touched(text, scan(redactor, text, language), word)


def test_the_sentence_initial_given_name_is_never_left_beside_the_pseudonym(redactor):
    engine = Redactor(key=KEY)
    engine._analyzer = redactor.analyzer
    text = "Atim Okello left Labé in 2019. Ms Okello says her family helped. Atim smiles.\n"
    result = engine.redact(text, language="en")
    assert "Atim" not in result.text and "Okello" not in result.text, result.text


class _Entity:
    """What the recognizer reads of a spaCy entity."""

    def __init__(self, text: str, surface: str) -> None:
        self.label_ = "PERSON"
        self.start_char = text.index(surface)
        self.end_char = self.start_char + len(surface)
        self.text = surface


class _Artifacts:
    def __init__(self, entities: list[_Entity]) -> None:
        self.entities = entities
        self.tokens = None  # no tagger: the proper-noun test is skipped


@pytest.mark.parametrize(
    ("text", "entity", "names"),
    [
        # NER glued two people: the kept pseudonym "Kader*" must not keep "Kalifa" with it.
        ("The services entrusted Kader to Kalifa Diarra.", "Kader to Kalifa Diarra",
         ["Kader", "Kalifa Diarra"]),
        ("Awa and Musa Keita arrived.", "Awa and Musa Keita", ["Awa", "Musa Keita"]),
        ("Awa, Musa Keita arrived.", "Awa, Musa Keita", ["Awa", "Musa Keita"]),
        # Particles stay inside one name.
        ("Marie de Souza arrived.", "Marie de Souza", ["Marie de Souza"]),
        ("Mohamed ould Ahmed arrived.", "Mohamed ould Ahmed", ["Mohamed ould Ahmed"]),
        ("Laura D'Elsa arrived.", "Laura D'Elsa", ["Laura D'Elsa"]),
    ],
)  # fmt: skip
def test_a_ner_span_holding_two_people_gives_two_names(text, entity, names):
    from safename.detect.recognizers.ner_person import SpacyPersonRecognizer

    results = SpacyPersonRecognizer("en").analyze(
        text, ["PERSON"], _Artifacts([_Entity(text, entity)])
    )
    assert [text[r.start : r.end] for r in results] == names
