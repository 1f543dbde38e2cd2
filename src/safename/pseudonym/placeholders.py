"""Masked values become numbered placeholders: "[phone 1]", "[courriel 2]".

A placeholder says what was removed without looking real: a pseudonymous phone number would
still look dialable. Numbering is per document and per value, so a reader still sees that the
same number is mentioned twice, and different numbers stay distinguishable.
"""

from __future__ import annotations

import re

from safename.textutil import fold

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "PERSON": "name",
        "PHONE_NUMBER": "phone",
        "EMAIL_ADDRESS": "email",
        "URL": "link",
        "SOCIAL_HANDLE": "handle",
        "DOCUMENT_NUMBER": "document number",
        "IBAN_CODE": "bank account",
        "CREDIT_CARD": "card number",
        "IP_ADDRESS": "IP address",
        "NATIONALITY": "nationality",
        "COUNTRY": "country",
        "*": "redacted",
    },
    "fr": {
        "PERSON": "nom",
        "PHONE_NUMBER": "téléphone",
        "EMAIL_ADDRESS": "courriel",
        "URL": "lien",
        "SOCIAL_HANDLE": "identifiant",
        "DOCUMENT_NUMBER": "numéro de document",
        "IBAN_CODE": "compte bancaire",
        "CREDIT_CARD": "numéro de carte",
        "IP_ADDRESS": "adresse IP",
        "NATIONALITY": "nationalité",
        "COUNTRY": "pays",
        "*": "masqué",
    },
}
# Anything safename itself wrote: never detected again, never renumbered.
PLACEHOLDER_RE = re.compile(r"\[[^\[\]\n]{1,40} \d{1,4}\]")


def normalise_value(entity_type: str, value: str) -> str:
    """The identity of a value: "+223 76 52 18 04" and "76 52 18 04" are the same phone."""
    value = value.strip()
    if entity_type == "PHONE_NUMBER":
        # The subscriber part: with or without the country code, one number is one number.
        return re.sub(r"\D", "", value)[-8:]
    if entity_type in ("EMAIL_ADDRESS", "URL", "SOCIAL_HANDLE"):
        return value.lower().rstrip("/").removeprefix("https://").removeprefix("http://")
    return fold(value)


class Placeholders:
    """Hands out consistent numbered placeholders for one document."""

    def __init__(self, language: str) -> None:
        self.labels = LABELS.get(language, LABELS["en"])
        self._numbers: dict[str, dict[str, int]] = {}

    def label(self, entity_type: str, value: str, kind: str | None = None) -> str:
        """The placeholder for `value`; `kind` overrides the label ("COUNTRY" for a country)."""
        label = self.labels.get(kind or entity_type, self.labels["*"])
        numbers = self._numbers.setdefault(label, {})
        key = normalise_value(entity_type, value)
        number = numbers.setdefault(key, len(numbers) + 1)
        return f"[{label} {number}]"
