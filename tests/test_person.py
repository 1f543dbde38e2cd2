"""PERSON: names that generic NER misses are found; places and organisations are not people."""

from __future__ import annotations

import pytest

from helpers import covered, redacted, touched


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Fatoumata left her village in 2019 with her two children.", ["Fatoumata"]),
        ("Chidinma dreams of opening a hair salon.", ["Chidinma"]),
        ("Ousmane Coulibaly spent three months in a transit centre.", ["Ousmane Coulibaly"]),
        ("Back home, Aïssata Bâ sells vegetables at the market.", ["Aïssata Bâ"]),
        ("After the crossing, Ngozi Okafor called her mother.", ["Ngozi Okafor"]),
        ("Mamadou and Seydou Keïta arrived together.", ["Mamadou", "Seydou Keïta"]),
    ],
)
def test_english_names_from_the_gazetteer(redactor, text, names):
    findings = redactor.scan(text, language="en")
    for name in names:
        assert covered(text, findings, name), (name, findings)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Fatoumata Diarra a quitté son village en 2019.", ["Fatoumata Diarra"]),
        ("Aujourd'hui, Mariam Sangaré tient une boutique.", ["Mariam Sangaré"]),
        ("Le rêve d'Aminata est de devenir couturière.", ["Aminata"]),
        (
            "Ibrahima Sow et Kadiatou Barry sont rentrés ensemble.",
            ["Ibrahima Sow", "Kadiatou Barry"],
        ),
    ],
)
def test_french_names_from_the_gazetteer(redactor, text, names):
    findings = redactor.scan(text, language="fr")
    for name in names:
        assert covered(text, findings, name), (name, findings)


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("We met Mrs Zongo at the shelter.", "en", "Zongo"),
        ("A young man called Tidjani joined the workshop.", "en", "Tidjani"),
        ("Kwabenya, 24, wants to become a mechanic.", "en", "Kwabenya"),
        ("Nous avons rencontré Mme Ouédraogo au centre.", "fr", "Ouédraogo"),
        ("Un jeune homme prénommé Tidjani a rejoint l'atelier.", "fr", "Tidjani"),
        ("Kwabenya, 24 ans, veut devenir mécanicien.", "fr", "Kwabenya"),
    ],
)
def test_names_from_context(redactor, text, language, name):
    findings = redactor.scan(text, language=language)
    assert covered(text, findings, name), findings


def test_every_mention_of_a_found_name_is_found(redactor):
    text = (
        "AMINATA'S JOURNEY\n\nAminata Traoré, 24, left Kayes in 2021. Today Aminata runs a "
        "small shop. Ms Traoré says the shop changed her life. Aminata's sister helps her."
    )
    findings = redactor.scan(text, language="en")
    for needle, nth in [("AMINATA", 0), ("Aminata", 1), ("Aminata", 2), ("Traoré", 1)]:
        assert covered(text, findings, needle, nth), (needle, nth, findings)


def test_diacritic_variants_are_the_same_name(redactor):
    text = "Aïssata Diallo arrived in May. Later, Aissata found work as a cook."
    findings = redactor.scan(text, language="en")
    assert covered(text, findings, "Aïssata Diallo")
    assert covered(text, findings, "Aissata")


def test_name_across_a_line_break(redactor):
    text = "The workshop was led for the first time by Mariam\nKonaté, who returned in March."
    findings = redactor.scan(text, language="en")
    assert covered(text, findings, "Mariam")
    assert covered(text, findings, "Konaté")


def test_countries_cities_and_organisations_are_not_people(redactor):
    text = (
        "IOM Mali supports the Government of Mali. In Bamako, UNHCR and IOM organised a "
        "workshop with the Red Cross. Niger and Nigeria also took part."
    )
    findings = redactor.scan(text, language="en")
    assert redacted(findings, "PERSON") == []
    for word in ("Mali", "Bamako", "IOM", "UNHCR", "Niger", "Nigeria"):
        assert not touched(text, findings, word), (word, findings)


def test_french_honorific_is_not_an_initial(redactor):
    text = "Selon M. Kablan Amithère, le programme continue."
    names = [f.text for f in redactor.scan(text, language="fr") if f.entity_type == "PERSON"]
    assert names == ["Kablan Amithère"]


def test_country_names_never_leave_a_person_behind(redactor):
    text = "After crossing Mali and Burkina Faso by bus, she reached Niger in June."
    assert [f for f in redactor.scan(text, language="en") if f.entity_type == "PERSON"] == []


def test_headings_and_labels_are_not_people(redactor):
    text = "Background\n\nStory: Fatoumata Diarra left Kayes.\n\nRésultats de l'enquête"
    findings = redactor.scan(text, language="en")
    assert [f.text for f in findings if f.entity_type == "PERSON" and f.redacts] == [
        "Fatoumata Diarra"
    ]


def test_common_word_names_need_evidence(redactor):
    text = "Joy filled the room when the results came. Blessing Okoro, 19, smiled."
    findings = redactor.scan(text, language="en")
    assert not touched(text, findings, "Joy")
    assert covered(text, findings, "Blessing Okoro")


def test_sentence_start_words_are_not_swallowed(redactor):
    text = "Later Fatoumata called her mother."
    findings = redactor.scan(text, language="en")
    assert covered(text, findings, "Fatoumata")
    assert not touched(text, findings, "Later")


def test_findings_explain_themselves(redactor):
    text = "Ousmane Coulibaly, 31, returned last year."
    finding = next(f for f in redactor.scan(text, language="en") if f.entity_type == "PERSON")
    assert finding.text == "Ousmane Coulibaly"
    assert text[finding.start : finding.end] == finding.text
    assert finding.action == "pseudonymize"
    assert finding.recognizer and finding.reason and 0 < finding.score <= 1
    assert finding.replacement is None
