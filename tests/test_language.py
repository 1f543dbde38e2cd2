from __future__ import annotations

import pytest

from safename.detect.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She returned to her village with the support of the programme.", "en"),
        ("Elle est rentrée dans son village avec le soutien du programme.", "fr"),
        ("Aminata Traoré, 24 ans, a quitté Kayes pour Alger.", "fr"),
        ("Aminata Traoré, 24, left Kayes for Algiers.", "en"),
    ],
)
def test_detects_english_and_french(text, expected):
    assert detect_language(text) == expected


def test_auto_language_in_scan(redactor):
    findings = redactor.scan("Elle est originaire du Sénégal.", language="auto")
    assert [f.entity_type for f in findings if f.redacts] == ["NATIONALITY"]
