"""Staff, officials, photographers and existing pseudonyms are kept, and say why."""

from __future__ import annotations

import pytest

from helpers import covered, kept, touched


@pytest.mark.parametrize(
    ("text", "language", "staff"),
    [
        (
            "“We help them rebuild,” said Laura D'Elsa, Protection Coordinator at IOM Mali.",
            "en",
            "Laura D'Elsa",
        ),
        (
            "IOM's Chief of Mission in Niger, Barbara Rijks, opened the centre.",
            "en",
            "Barbara Rijks",
        ),
        ("The beneficiaries during the ceremony © IOM/Moussa Tall 2022", "en", "Moussa Tall"),
        ("Photo: UNHCR/Jean Dupont", "en", "Jean Dupont"),
        (
            "« Elles ont du courage », a déclaré Awa Sangaré, chargée de protection à l'OIM Niger.",
            "fr",
            "Awa Sangaré",
        ),
        (
            "Selon la cheffe de mission de l'OIM au Mali, Aminata Keïta, le projet continue.",
            "fr",
            "Aminata Keïta",
        ),
    ],
)
def test_staff_are_kept_with_a_reason(redactor, text, language, staff):
    findings = redactor.scan(text, language=language)
    assert not touched(text, findings, staff), findings
    keep = [f for f in findings if f.text == staff and f.action == "keep"]
    assert keep and "staff" in keep[0].reason


def test_staff_and_beneficiary_in_one_story(redactor):
    text = (
        "Fatoumata Diarra, 22, returned to Bamako in March. “She is very brave,” said "
        "Laura D'Elsa, Protection Coordinator at IOM Mali. Fatoumata now sews dresses."
    )
    findings = redactor.scan(text, language="en")
    assert covered(text, findings, "Fatoumata Diarra")
    assert covered(text, findings, "Fatoumata", nth=1)
    assert not touched(text, findings, "Laura D'Elsa")


def test_head_of_household_is_not_a_staff_title(redactor):
    text = "The head of household, Moussa Konaté, lost his job."
    assert covered(text, redactor.scan(text, language="en"), "Moussa Konaté")


def test_existing_pseudonyms_are_kept(redactor):
    text = (
        "“I will return to Nigeria,” said Lucy*, a migrant. Lucy wants to be an entrepreneur.\n\n"
        "*Lucy is a pseudonym used to protect the identity of the migrant."
    )
    findings = redactor.scan(text, language="en")
    assert not touched(text, findings, "Lucy")
    assert all("pseudonym" in f.reason for f in findings if f.text == "Lucy")


def test_pseudonym_marked_in_parentheses_is_kept(redactor):
    text = "Grace Adebayo (not her real name) left Benin City in 2018."
    findings = redactor.scan(text, language="en")
    assert not touched(text, findings, "Grace Adebayo")
    text_fr = "Mariam Coulibaly (nom d'emprunt) a quitté Kayes en 2018."
    assert not touched(text_fr, redactor.scan(text_fr, language="fr"), "Mariam Coulibaly")


def test_press_contacts_are_kept(redactor):
    text = (
        "Fatoumata can be reached on +223 76 12 34 56.\n\n"
        "For more information, please contact the IOM Mali Media and Communications Unit, "
        "Tel: +223 90 50 00 06, email: mediamali@iom.int"
    )
    findings = redactor.scan(text, language="en")
    assert covered(text, findings, "+223 76 12 34 56")
    assert not touched(text, findings, "+223 90 50 00 06")
    assert not touched(text, findings, "mediamali@iom.int")
    assert "+223 90 50 00 06" in kept(findings, "PHONE_NUMBER")


@pytest.mark.parametrize(
    ("text", "language", "staff", "beneficiary"),
    [
        (
            "Minutes prepared by Oumou Sangaré. Aminata Keïta, 19, was referred.",
            "en",
            "Oumou Sangaré",
            "Aminata Keïta",
        ),
        (
            "Our nurse, Khadija Benali, cleaned the wound of Yaya Sow, 17.",
            "en",
            "Khadija Benali",
            "Yaya Sow",
        ),
        (
            "From: Ubah Warsame <ubah.warsame@iom.int>\nMs Hodan Abdi, 24, needs shelter.",
            "en",
            "Ubah Warsame",
            "Hodan Abdi",
        ),
        (
            "La commission, présidée par M. Paul Mba, a reçu Awa Diallo, 22 ans.",
            "fr",
            "Paul Mba",
            "Awa Diallo",
        ),
        (
            "Enquêteurs : Demba Sissoko et Aminata Dramé. Kadi Sow, 30 ans, a répondu.",
            "fr",
            "Aminata Dramé",
            "Kadi Sow",
        ),
    ],
)
def test_more_ways_staff_are_introduced(redactor, text, language, staff, beneficiary):
    findings = redactor.scan(text, language=language)
    assert not touched(text, findings, staff), findings
    assert covered(text, findings, beneficiary), findings


def test_consent_signed_by_a_beneficiary_is_not_a_credit(redactor):
    text = "The consent form was signed by Mr Asante on 12 April."
    assert covered(text, redactor.scan(text, language="en"), "Asante")


def test_family_in_a_testimony_is_not_staff(redactor):
    text = "Our daughter, Mariama, stayed with my mother in Labé."
    assert covered(text, redactor.scan(text, language="en"), "Mariama")


@pytest.mark.parametrize(
    "text",
    [
        "The sewing workshop was led by Mariam Konaté, 24, who returned in March.",
        "The group was led by Moussa Diarra, a smuggler from Gao.",
    ],
)
def test_leading_something_does_not_make_staff(redactor, text):
    name = "Mariam Konaté" if "Mariam" in text else "Moussa Diarra"
    assert covered(text, redactor.scan(text, language="en"), name)
