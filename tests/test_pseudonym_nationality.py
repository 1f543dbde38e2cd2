"""The other entities: nationalities generalised to their sub-region, contacts to placeholders."""

from __future__ import annotations

from dataclasses import replace

import pytest

from safename import Config, Finding, RedactionResult, Redactor
from safename.detect.lexicon import lexicon
from safename.pseudonym.apply import Pseudonymiser
from safename.pseudonym.generalise import identify
from safename.pseudonym.keys import load_key

KEY = bytes(range(32))


def spans(text: str, entity: str, *surfaces: str) -> list[Finding]:
    out, pos = [], 0
    for surface in surfaces:
        start = text.index(surface, pos)
        pos = start + len(surface)
        out.append(Finding(start, pos, surface, entity, 0.9, "t", "mask", "t"))
    return out


def redact(
    text: str, findings: list[Finding], language: str, action: str = "generalize", key=KEY
) -> RedactionResult:
    findings = [
        replace(f, action=action) if f.entity_type == "NATIONALITY" else f for f in findings
    ]
    pseudonymiser = Pseudonymiser(Config(), load_key(key))
    return pseudonymiser.redact(text, sorted(findings, key=lambda f: f.start), language)


EN = (
    "Blessing, a Nigerian woman, returned to Nigeria in May. Many Nigerians make the same "
    "journey. An Ivorian friend travelled with her."
)
EN_NATIONALITIES = ("Nigerian", "Nigeria", "Nigerians", "Ivorian")
FR = (
    "Aminata, une Malienne de 24 ans, est rentrée au Mali. Originaire du Sénégal, Moussa a "
    "quitté la Guinée en 2019 avec des migrants maliens. Il a vécu en Libye."
)
FR_NATIONALITIES = ("Malienne", "Mali", "Sénégal", "Guinée", "maliens", "Libye")


def test_english_nationalities_become_their_sub_region() -> None:
    result = redact(EN, spans(EN, "NATIONALITY", *EN_NATIONALITIES), "en")
    assert result.body == (
        "Blessing, a West African woman, returned to a West African country in May. Many West "
        "Africans make the same journey. A West African friend travelled with her."
    )
    assert result.footnote is None  # no pseudonym, no footnote


def test_french_nationalities_agree_in_gender_number_and_preposition() -> None:
    result = redact(FR, spans(FR, "NATIONALITY", *FR_NATIONALITIES), "fr")
    assert result.body == (
        "Aminata, une Ouest-Africaine de 24 ans, est rentrée dans un pays d'Afrique de l'Ouest. "
        "Originaire d'un pays d'Afrique de l'Ouest, Moussa a quitté un pays d'Afrique de l'Ouest "
        "en 2019 avec des migrants ouest-africains. Il a vécu dans un pays d'Afrique du Nord."
    )
    widened = [f for f in result.findings if f.text in ("au Mali", "du Sénégal", "la Guinée")]
    assert len(widened) == 3  # the preposition or article is part of the replaced span


def test_pseudonymised_nationality_is_another_country_of_the_same_sub_region() -> None:
    lex = lexicon()
    seen = set()
    for k in range(10):
        result = redact(
            EN,
            spans(EN, "NATIONALITY", "Nigerian", "Nigeria"),
            "en",
            "pseudonymize",
            bytes([k]) * 32,
        )
        demonym, country = (f.replacement for f in result.findings)
        for value, kind in ((demonym, "demonym"), (country, "country")):
            nat = identify(value, "en")
            assert nat is not None and nat.kind == kind and nat.iso2 != "NG"
            region = lex.country_names[nat.iso2]["m49_subregion"]
            assert region == lex.country_names["NG"]["m49_subregion"]
        assert identify(demonym, "en").iso2 == identify(country, "en").iso2  # consistent
        seen.add(country)
    assert len(seen) > 1  # chosen by the key


def test_pseudonymised_french_country_keeps_its_preposition_right() -> None:
    text = "Moussa est rentré au Mali en 2021."
    for k in range(10):
        result = redact(
            text, spans(text, "NATIONALITY", "Mali"), "fr", "pseudonymize", bytes([k]) * 32
        )
        f = result.findings[0]
        assert f.text == "au Mali"
        lead, _, name = f.replacement.partition(" ")
        iso = identify(name, "fr").iso2 if lead in ("au", "en", "aux", "à") else None
        assert iso and iso != "ML", f.replacement
        article = lexicon().country_names[iso].get("fr_article")
        assert lead == {"le": "au", "la": "en", "l'": "en", "les": "aux"}.get(article, "à")


def test_masked_and_kept_nationalities() -> None:
    masked = redact(EN, spans(EN, "NATIONALITY", "Nigerian", "Nigeria"), "en", "mask")
    assert "a [nationality 1] woman" in masked.body and "returned to [country 1]" in masked.body
    fr = redact(FR, spans(FR, "NATIONALITY", "Malienne"), "fr", "mask")
    assert "une [nationalité 1] de 24 ans" in fr.body
    kept = redact(EN, spans(EN, "NATIONALITY", "Nigerian"), "en", "keep")
    assert kept.body == EN and kept.findings[0].replacement is None


def test_contacts_become_consistent_numbered_placeholders() -> None:
    text = (
        "Call Awa on +223 76 52 18 04 or 76 52 18 04 after 6 pm; her cousin answers on "
        "+223 66 10 20 30. Write to awa.coulibaly85@gmail.com or follow @awa_couture on TikTok."
    )
    findings = spans(text, "PHONE_NUMBER", "+223 76 52 18 04", "76 52 18 04", "+223 66 10 20 30")
    findings += spans(text, "EMAIL_ADDRESS", "awa.coulibaly85@gmail.com")
    findings += spans(text, "SOCIAL_HANDLE", "@awa_couture")
    result = redact(text, findings, "en")
    assert result.body == (
        "Call Awa on [phone 1] or [phone 1] after 6 pm; her cousin answers on [phone 2]. Write "
        "to [email 1] or follow [handle 1] on TikTok."
    )
    fr = redact(
        "Appelez le +223 66 10 20 30.",
        spans("Appelez le +223 66 10 20 30.", "PHONE_NUMBER", "+223 66 10 20 30"),
        "fr",
    )
    assert fr.body == "Appelez le [téléphone 1]."


def test_organisation_contacts_stay_and_others_are_masked(redactor: Redactor) -> None:
    text = (
        "Kadiatou Camara, 25, can be reached on +223 76 52 18 04.\n\n"
        "For more information, please contact the IOM Mali Media and Communications Unit, "
        "Tel: +223 20 22 71 17, Email: iommali@iom.int"
    )
    config = replace(redactor.config, organisation_contacts=("+223 20 22 71 17",))
    engine = Redactor(config, key=KEY)
    engine._analyzer = redactor.analyzer  # share the loaded pipelines
    result = engine.redact(text, language="en")
    assert "+223 76 52 18 04" not in result.text and "[phone 1]" in result.text
    assert "+223 20 22 71 17" in result.text and "iommali@iom.int" in result.text
    assert all(f.replacement is None for f in result.findings if f.action == "keep")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_redacted_finding_has_a_replacement(redactor: Redactor, language: str) -> None:
    text = EN if language == "en" else FR
    engine = Redactor(redactor.config, key=KEY)
    engine._analyzer = redactor.analyzer
    result = engine.redact(text, language=language)
    assert result.findings
    assert all((f.replacement is not None) == (f.action != "keep") for f in result.findings)
    assert result.language == language
