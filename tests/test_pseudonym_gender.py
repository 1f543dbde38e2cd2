"""Natural pseudonyms: gender from names, honorifics and pronouns; pools by cultural origin.

Most tests hand the pseudonymiser explicit findings, so they test pseudonym choice and not the
detector (tuned elsewhere); the dev-set test measures the ≥ 95 % gender target end to end.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from safename import Config, Finding, RedactionResult, Redactor
from safename.pseudonym.apply import Pseudonymiser
from safename.pseudonym.gender import infer_gender
from safename.pseudonym.keys import load_key
from safename.pseudonym.pools import name_gender, name_origins, name_pools
from safename.pseudonym.registry import PseudonymRegistry
from safename.textutil import fold

KEYS = [bytes([k]) * 32 for k in range(1, 9)]


def person(text: str, surface: str, nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Finding(
        start, start + len(surface), surface, "PERSON", 0.9, "test", "pseudonymize", "test"
    )


def redact(
    text: str, surfaces: list[str], language: str, key: bytes = KEYS[0], **config: object
) -> RedactionResult:
    findings = []
    for surface in surfaces:
        nth = sum(1 for f in findings if f.text == surface)
        findings.append(person(text, surface, nth))
    pseudonymiser = Pseudonymiser(Config(**config), load_key(key))
    return pseudonymiser.redact(text, sorted(findings, key=lambda f: f.start), language)


def given_pseudonym(result: RedactionResult, surface: str) -> str:
    f = next(f for f in result.findings if f.text == surface)
    return f.replacement.rstrip("*").split()[0]


@pytest.mark.parametrize("key", KEYS)
def test_a_fula_womans_name_becomes_a_womans_name_from_the_same_region(key: bytes) -> None:
    text = "Kadiatou, 22, left Labé in 2021. Kadiatou now sells fabric in Conakry."
    result = redact(text, ["Kadiatou", "Kadiatou"], "en", key)
    pseudonym = given_pseudonym(result, "Kadiatou")
    assert name_gender(pseudonym) == "f"
    pools = name_pools()
    region = pools.groups_for_origins(name_origins("Kadiatou", "given"))
    assert region == {"sahel_senegambia"}
    region_origins = {o for o, g in pools.origin_group.items() if g in region}
    assert name_origins(pseudonym, "given") & region_origins


@pytest.mark.parametrize("key", KEYS)
def test_an_igbo_mans_name_becomes_a_nigerian_mans_name(key: bytes) -> None:
    text = "Chukwuemeka, 30, spent two years in Libya before he came home to Enugu."
    pseudonym = given_pseudonym(redact(text, ["Chukwuemeka"], "en", key), "Chukwuemeka")
    assert name_gender(pseudonym) == "m"
    nigeria = {o for o, g in name_pools().origin_group.items() if g == "nigeria"}
    assert name_origins(pseudonym, "given") & nigeria


def test_the_pool_is_big_enough_for_rare_collisions() -> None:
    pools = name_pools()
    for origin, gender in [("fula", "f"), ("fula", "m"), ("igbo", "m"), ("tigrinya", "f")]:
        groups = pools.groups_for_origins([origin])
        assert len(pools.given_candidates(groups, gender)) >= pools.min_pool


def test_pools_leave_out_names_that_are_common_words() -> None:
    pools = name_pools()
    every_name = {fold(n) for names in pools.given.values() for n in names}
    assert "blessing" not in every_name and "joy" not in every_name
    assert "fatoumata" in every_name


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # Pronouns right after the name; an invented name so the tables cannot decide.
        ("Kwiriba arrived in Agadez in May. She had walked for three days.", "Kwiriba", "f"),
        ("Kwiriba arrived in Agadez in May. He had walked for three days.", "Kwiriba", "m"),
        ("Kwiriba est arrivée à Agadez en mai. Elle avait marché trois jours.", "Kwiriba", "f"),
        ("Kwiriba est arrivé à Agadez en mai. Il avait marché trois jours.", "Kwiriba", "m"),
        # Honorifics and relations before the name.
        ("According to Mrs Kwiriba Ntale, the journey took a month.", "Kwiriba Ntale", "f"),
        ("Selon M. Kwiriba Ntale, le voyage a duré un mois.", "Kwiriba Ntale", "m"),
        ("He travelled with his wife Kwiriba and two children.", "Kwiriba", "f"),
        ("Elle voyageait avec son fils Kwiriba, 9 ans.", "Kwiriba", "m"),
        # "Her brother Osaro helps her": the pronoun after Osaro is about his sister.
        ("Her younger brother Kwiriba helps her keep the accounts.", "Kwiriba", "m"),
    ],
)
def test_gender_from_the_words_around_a_mention(
    text: str, surface: str, expected: str, tmp_path: Path
) -> None:
    start = text.index(surface)
    assert infer_gender(text, [(start, start + len(surface))], [surface], _lang(text)) == expected
    # With a registry the story's evidence is used, because the registry pins the choice.
    registry = PseudonymRegistry.load(tmp_path / "pseudonyms.json")
    findings = [person(text, surface)]
    pinned = Pseudonymiser(Config(), load_key(KEYS[0]), registry).redact(
        text, findings, _lang(text)
    )
    assert name_gender(given_pseudonym(pinned, surface)) == expected
    # Without one the name alone decides: a name for either gender, whatever the story says.
    plain = given_pseudonym(redact(text, [surface], _lang(text)), surface)
    assert name_gender(plain) == "u"
    other = "Kwiriba Ntale, 30, was registered in Agadez."
    assert given_pseudonym(redact(other, [surface], "en"), surface) == plain


def _lang(text: str) -> str:
    return "fr" if any(w in text.split() for w in ("Selon", "est", "Elle")) else "en"


def test_the_name_tables_decide_when_the_context_is_silent() -> None:
    text = "Fatoumata and Ousmane run a small shop in Kayes."
    result = redact(text, ["Fatoumata", "Ousmane"], "en")
    assert name_gender(given_pseudonym(result, "Fatoumata")) == "f"
    assert name_gender(given_pseudonym(result, "Ousmane")) == "m"


@pytest.mark.parametrize("key", KEYS[:4])
@pytest.mark.parametrize(
    ("text", "surfaces", "given", "gender"),
    [
        # An "either" entry does not outweigh one that says which: Adama is a man's name in the
        # Bambara and Mossi tables, Nana a woman's in five.
        ("Adama Keïta runs a small shop in Kayes.", ["Adama Keïta"], "Adama Keïta", "m"),
        ("Nana Bah runs a small shop in Kayes.", ["Nana Bah"], "Nana Bah", "f"),
        # A woman's name in Wolof, a man's in the Maghreb: the surname's region decides.
        ("Yacine Faye runs a small shop in Thiès.", ["Yacine Faye"], "Yacine Faye", "f"),
        ("Yacine Brahimi runs a small shop in Oran.", ["Yacine Brahimi"], "Yacine Brahimi", "m"),
    ],
)
def test_the_name_alone_decides_where_the_tables_lean_one_way(
    key: bytes, text: str, surfaces: list[str], given: str, gender: str
) -> None:
    result = redact(text, surfaces, "en", key)
    assert name_gender(given_pseudonym(result, given)) == gender
    # Whatever the story says, without a registry: the pseudonym is the name's.
    other = "She" if gender == "m" else "He"
    again = redact(f"{text} {other} smiles.", surfaces, "en", key)
    assert (
        next(f for f in again.findings if f.text == given).replacement
        == next(f for f in result.findings if f.text == given).replacement
    )


def test_a_wolof_womans_name_keeps_a_senegambian_pseudonym() -> None:
    result = redact("Yacine Faye runs a small shop in Thiès.", ["Yacine Faye"], "en")
    pseudonym = given_pseudonym(result, "Yacine Faye")
    pools = name_pools()
    region = {o for o, g in pools.origin_group.items() if g in pools.groups_for_origins({"wolof"})}
    assert name_origins(pseudonym, "given") & region


def test_unknown_gender_gets_a_name_for_either_or_the_configured_choice() -> None:
    text = "Kwiriba, 17, was registered at the transit centre in Agadez."
    neutral = given_pseudonym(redact(text, ["Kwiriba"], "en"), "Kwiriba")
    assert name_gender(neutral) == "u"
    chosen = given_pseudonym(redact(text, ["Kwiriba"], "en", neutral_gender="f"), "Kwiriba")
    assert name_gender(chosen) == "f"


def test_gender_on_the_dev_set_with_and_without_a_registry(
    redactor: Redactor, tmp_path: Path
) -> None:
    """Without a registry the name alone decides the gender (so pseudonyms never flip between
    stories): a name the tables do not give one gender gets a name for either gender, which
    never reads as the wrong one. With a registry the story's evidence is used and pinned."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from devset import load_devset

    plain = Pseudonymiser(Config(), load_key(KEYS[0]))
    pinned = Pseudonymiser(
        Config(), load_key(KEYS[0]), PseudonymRegistry.load(tmp_path / "pseudonyms.json")
    )
    tally = {"plain": [0, 0, 0], "pinned": [0, 0, 0]}  # people, same gender, other gender
    for doc in load_devset():
        findings = redactor.scan(doc.text, language=doc.language)
        for mode, pseudonymiser in (("plain", plain), ("pinned", pinned)):
            result = pseudonymiser.redact(doc.text, findings, doc.language, record=False)
            seen: set[str] = set()
            for span in doc.spans:
                if span.label != "PERSON" or span.gender not in ("f", "m") or span.pid in seen:
                    continue
                f = next(
                    (
                        f
                        for f in result.findings
                        if f.action == "pseudonymize" and f.start < span.end and span.start < f.end
                    ),
                    None,
                )
                words = (f.replacement or "").replace("*", " ").split() if f else []
                given = next((w for w in words if name_gender(w) is not None), None)
                if given is None:
                    continue
                seen.add(span.pid)
                counts = tally[mode]
                counts[0] += 1
                counts[1] += name_gender(given) == span.gender
                counts[2] += name_gender(given) in ("f", "m") and name_gender(given) != span.gender
    people, same, other = tally["plain"]
    assert people >= 100
    assert other / people <= 0.02  # a man's name for a woman, or the reverse
    assert same / people >= 0.90  # the rest are names for either gender
    people, same, other = tally["pinned"]
    assert same / people >= 0.95
