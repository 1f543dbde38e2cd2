"""Phones, e-mails, handles and document numbers of beneficiaries."""

from __future__ import annotations

import pytest

from helpers import covered, touched


@pytest.mark.parametrize(
    "number",
    [
        "+223 76 12 34 56",
        "00223 76 12 34 56",
        "76 12 34 56",
        "+234 803 123 4567",
        "0803 123 4567",
        "+221 77 123 45 67",
        "77 123 45 67",
        "+225 07 08 12 34 56",
        "+224 622 12 34 56",
        "+226 70 12 34 56",
        "+227 96 12 34 56",
        "+233 24 123 4567",
        "+220 712 3456",
        "+232 76 123456",
        "+231 77 012 3456",
        "+237 6 71 23 45 67",
        "+222 22 12 34 56",
        "+235 66 12 34 56",
        "+213 551 23 45 67",
        "+212 6 12 34 56 78",
        "+216 20 123 456",
        "+218 91 234 5678",
        "+39 312 345 6789",
        "+34 612 34 56 78",
        "+33 6 12 34 56 78",
        "06.12.34.56.78",
        "+223-76-12-34-56",
    ],
)
def test_phone_formats(redactor, number):
    text = f"You can reach her on WhatsApp at {number} most evenings."
    findings = redactor.scan(text, language="en")
    assert covered(text, findings, number), findings
    assert any(f.entity_type == "PHONE_NUMBER" and f.action == "mask" for f in findings)


@pytest.mark.parametrize(
    "text",
    [
        "From 2017 to date, IOM has assisted 1,285 victims, including 145 in 2022.",
        "The project ran from 2019-2022 and cost 250 000 000 CFA francs.",
        "Activities took place on 25/07/2022 and 02.08.2022.",
    ],
)
def test_numbers_that_are_not_phones(redactor, text):
    findings = redactor.scan(text, language="en")
    assert not [f for f in findings if f.entity_type == "PHONE_NUMBER"], findings


def test_phone_in_french_context(redactor):
    text = "Son numéro de téléphone est le 76 12 34 56."
    assert covered(text, redactor.scan(text, language="fr"), "76 12 34 56")


def test_private_email_masked_org_email_kept(redactor):
    text = "Write to fatou.diallo92@gmail.com or to the office at iommali@iom.int."
    findings = redactor.scan(text, language="en")
    assert covered(text, findings, "fatou.diallo92@gmail.com")
    assert not touched(text, findings, "iommali@iom.int")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("She posts her designs on TikTok as @fati_couture.", "@fati_couture"),
        (
            "His page is facebook.com/moussa.traore.75 and he answers there.",
            "facebook.com/moussa.traore.75",
        ),
        ("Suivez-la sur Instagram : @aicha.bamako", "@aicha.bamako"),
    ],
)
def test_social_handles(redactor, text, needle):
    language = "fr" if "Suivez" in text else "en"
    assert covered(text, redactor.scan(text, language=language), needle)


@pytest.mark.parametrize(
    ("text", "language", "needle"),
    [
        ("Her UNHCR case number is 844-22C01234.", "en", "844-22C01234"),
        ("His passport number: A01234567.", "en", "A01234567"),
        ("Son numéro de passeport est AA0123456.", "fr", "AA0123456"),
        ("Numéro de dossier HCR : 375-19C00456", "fr", "375-19C00456"),
    ],
)
def test_document_numbers(redactor, text, language, needle):
    findings = redactor.scan(text, language=language)
    assert covered(text, findings, needle), findings


def test_unintroduced_codes_are_left_alone(redactor):
    text = "The COMPASS initiative was launched in 2021 with 14 countries."
    assert not [f for f in redactor.scan(text, language="en") if f.redacts]


def test_org_url_kept(redactor):
    text = "Read more on www.iom.int and follow @IOM_Mali."
    findings = redactor.scan(text, language="en")
    assert not touched(text, findings, "www.iom.int")
    assert not touched(text, findings, "@IOM_Mali")
