"""One pseudonym per person: an initial's possessive and nicknames (invented sentences)."""

from __future__ import annotations

import re

import pytest


def replacements(result, surface: str) -> set[str]:
    return {
        f.replacement or ""
        for f in result.findings
        if f.entity_type == "PERSON" and f.action == "pseudonymize" and f.text == surface
    }


def test_a_surname_with_an_initial_keeps_one_pseudonym_in_the_possessive(engine):
    text = (
        "The Malian mechanic Kouyaté B, 27, survived the crossing. Nobody else on Kouyaté B's "
        "boat lived. Kouyaté B. never stopped praying."
    )
    result = engine.redact(text, language="en")
    assert "Kouyaté" not in result.text
    forms = re.findall(r"on (\w+) B's boat", result.text)
    first = re.search(r"mechanic (\w+)\* B,", result.text)
    assert first and forms == [first.group(1)], result.text  # "'s" stays on the initial
    assert re.search(rf"\. {first.group(1)} B\. never", result.text), result.text
    assert result.footnote is not None
    assert result.footnote.startswith(f"*{first.group(1)} is a pseudonym"), result.footnote


@pytest.mark.parametrize(
    ("text", "language", "real", "nickname"),
    [
        ("Le garçon s'appelle Ousmane Kaboré, dit Petit-Pied, 15 ans. Petit-Pied a quitté Kaya "
         "en 2022. Selon Ousmane, le voyage a duré un mois. « Petit-Pied » rêve de football.",
         "fr", "Ousmane Kaboré", "Petit-Pied"),
        ("Her name is Kadidia Sangaré, but everyone calls her Kadi. Kadi left Ségou at 19. "
         "Kadidia now sells fabric, and Kadi's daughter helps her.", "en", "Kadidia Sangaré",
         "Kadi"),
    ],
)  # fmt: skip
def test_a_nickname_gets_its_own_pseudonym_every_time_and_the_footnote_names_it(
    engine, text, language, real, nickname
):
    result = engine.redact(text, language=language)
    for word in (nickname, *real.split()):
        assert not re.search(rf"\b{re.escape(word)}\b", result.text), result.text
    nick = {r.rstrip("*") for r in replacements(result, nickname)}
    full = {r.rstrip("*") for r in replacements(result, real)}
    assert len(nick) == 1 and len(full) == 1, (nick, full)
    (nick_pseudonym,), (full_pseudonym,) = nick, full
    assert nick_pseudonym not in full_pseudonym.split()
    given = {r.rstrip("*") for r in replacements(result, real.split()[0])}
    assert given == {full_pseudonym.split()[0]}
    assert result.footnote is not None
    assert nick_pseudonym in result.footnote and full_pseudonym in result.footnote
