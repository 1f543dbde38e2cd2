"""French grammar around replacements: elision before names ("d'Aminata" -> "de Kadiatou")."""

from __future__ import annotations

import re

import pytest

from safename import Config, Finding, RedactionResult, Redactor
from safename.pseudonym.apply import Pseudonymiser
from safename.pseudonym.french import elision_fix, starts_with_vowel
from safename.pseudonym.keys import load_key

TEXT = (
    "La fille d'Aminata va à l'école depuis septembre. Le frère de Moussa dit qu'Aminata "
    "travaille beaucoup. LE RETOUR D'AMINATA est une belle histoire."
)
NAMES = [("Aminata", 0), ("Moussa", 0), ("Aminata", 1), ("AMINATA", 0)]


def findings_for(text: str, names: list[tuple[str, int]]) -> list[Finding]:
    out = []
    for surface, nth in names:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        out.append(
            Finding(start, start + len(surface), surface, "PERSON", 0.9, "t", "pseudonymize", "t")
        )
    return sorted(out, key=lambda f: f.start)


def redact(key: bytes, text: str = TEXT, names=NAMES) -> RedactionResult:
    return Pseudonymiser(Config(), load_key(key)).redact(text, findings_for(text, names), "fr")


def pseudonym_of(result: RedactionResult, real: str) -> str:
    f = next(f for f in result.findings if f.text.endswith(real))
    return re.findall(r"[^\W\d_]+$", f.replacement.rstrip("*"))[0]


def test_elided_articles_before_a_consonant_are_written_in_full() -> None:
    for k in range(200):
        result = redact(bytes([k]) * 32)
        new = pseudonym_of(result, "Aminata")
        if starts_with_vowel(new):
            continue
        assert f"La fille de {new}* va" in result.body
        assert f"dit que {new} travaille" in result.body
        assert f"LE RETOUR DE {new.upper()} est" in result.body
        widened = next(f for f in result.findings if f.text == "d'Aminata")
        assert widened.replacement == f"de {new}*"  # the finding covers the article
        return
    pytest.fail("no key gave a consonant-initial pseudonym")


def test_a_full_article_before_a_vowel_is_elided() -> None:
    for k in range(200):
        result = redact(bytes([k]) * 32)
        new = pseudonym_of(result, "Moussa")
        if starts_with_vowel(new):
            assert f"Le frère d'{new}* dit" in result.body
            return
    pytest.fail("no key gave a vowel-initial pseudonym")


def test_no_key_leaves_a_broken_elision() -> None:
    for k in range(40):
        body = redact(bytes([k]) * 32).body
        assert not re.search(
            r"\b(?:[dD]|[qQ]u)['’][^aeiouyhàâéèêëîïôöùûüœAEIOUYHÀÂÉÈÊËÎÏÔÖÙÛÜŒ]", body
        )
        assert not re.search(r"\b(?:de|que|DE) [AEIOUÀÂÉÈÊÎÏÔÖ]", body)


@pytest.mark.parametrize(
    ("before", "replacement", "gender", "expected"),
    [
        ("la fille d'", "Kadiatou", "f", "de "),
        ("la fille d’", "Kadiatou", "f", "de "),
        ("lorsqu'", "Moussa", "m", "lorsque "),
        ("je connais l'", "Moussa", "m", "le "),
        ("je connais l'", "Kadiatou", "f", "la "),
        ("le frère de ", "Ousmane", "m", "d'"),
        ("parce que ", "Awa", "f", "qu'"),
        ("la ", "Ouest-Africaine", "f", "l'"),
    ],
)
def test_elision_rule(before: str, replacement: str, gender: str, expected: str) -> None:
    text = before + "Xxx"
    fix = elision_fix(text, len(before), replacement, gender)
    assert fix is not None and fix.text == expected
    assert text[: fix.start] + fix.text == before[: fix.start] + expected


@pytest.mark.parametrize(("before", "replacement"), [("d'", "Aminata"), ("de ", "Moussa")])
def test_a_correct_article_is_left_alone(before: str, replacement: str) -> None:
    assert elision_fix("la fille " + before + "X", len("la fille " + before), replacement) is None


def test_end_to_end_elision_in_a_french_story(redactor: Redactor) -> None:
    text = (
        "Aminata Coulibaly, 26 ans, est rentrée à Bamako en 2022. La boutique d'Aminata "
        "emploie aujourd'hui trois jeunes femmes."
    )
    for k in range(12):
        engine = Redactor(redactor.config, key=bytes([k]) * 32)
        engine._analyzer = redactor.analyzer  # share the loaded pipelines
        result = engine.redact(text, language="fr")
        assert "Aminata" not in result.text
        assert not re.search(r"\bd'[^aeiouyhàâéèêîïôûœAEIOUYHÀÂÉÈÊÎÏÔÛŒ]", result.body)
        assert "est un nom d'emprunt" in result.footnote
