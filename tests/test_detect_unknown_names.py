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
    text = (
        "Atim Okello left Labé in 2019. Ms Okello says her family helped. Atim smiles.\n"
    )
    result = engine.redact(text, language="en")
    assert "Atim" not in result.text and "Okello" not in result.text, result.text
