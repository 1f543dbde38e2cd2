"""PHONE_NUMBER in the international and national formats of West/North Africa and Europe.

Presidio's PhoneRecognizer only knows a few regions' national formats; beneficiaries write
"76 12 34 56", "+223-76.12.34.56", "00 234 803 123 4567" or "WhatsApp: 0803 123 4567". Candidates
are found by a permissive pattern and kept only when `phonenumbers` says they are valid numbers
of a configured region (data/phones.toml), so amounts and dates are not taken for phones.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

import phonenumbers
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safename.data import context, read_toml
from safename.detect.recognizers.base import explained_result, phrase_regex

# Digit groups joined by at most one separator ("76 12 34 56", "+223-76.12.34.56",
# "(0)6 12 34 56 78"), never across a line break or a sentence end.
_SEP = r"(?:[ \u00a0]|[.\-/]|[ \u00a0]-[ \u00a0]|\)[ \u00a0]?|[ \u00a0]?\()"
CANDIDATE = re.compile(
    r"(?<![\w+/.\-])(?:\+|00)?[ \u00a0]?\(?\d+(?:" + _SEP + r"\d+){0,8}(?![\w/]|[.\-]\d)"
)
YEAR_RANGE = re.compile(r"^(?:19|20)\d\d\s*[-–/]\s*(?:19|20)\d\d$")
DATE = re.compile(r"^\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}$")
# "250 000 000 CFA francs", "1 500 000 naira": amounts written with thousands separators.
AMOUNT_AFTER = re.compile(
    r"^\s*(?:f?cfa|francs?|fcfa|xof|euros?|eur|€|\$|dollars?|usd|naira|ngn|cedis?|dalasis?|"
    r"dinars?|dirhams?|leones?|ouguiyas?|people|persons|personnes|migrants|habitants|"
    r"inhabitants|tonnes|tons|km|kg)\b",
    re.IGNORECASE,
)


# A candidate that runs into a clock time or follows a month name is a date stamp.
TIME_AFTER = re.compile(r"[:h]\d{2}\b")
MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|fév|mar|apr|avr|may|mai|jun|juin|jul|juil|aug|août|sep|oct|nov|dec|déc)"
    r"[a-zéû]*\.?[ \u00a0]+$",
    re.IGNORECASE,
)


class PhoneNumberRecognizer(EntityRecognizer):
    SCORE_INTERNATIONAL = 0.9
    SCORE_NATIONAL = 0.5
    CONTEXT_BOOST = 0.3
    INVALID_PENALTY = 0.2

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["PHONE_NUMBER"],
            name="PhoneNumberRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @cached_property
    def _settings(self) -> tuple[list[str], int, int, re.Pattern]:
        conf = read_toml("phones.toml")
        context_words = phrase_regex(
            context(self.supported_language)["phone_context"], before=r"\b", after=r"\b"
        )
        return conf["regions"], conf["min_digits"], conf["max_digits"], context_words

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "PHONE_NUMBER" not in entities:
            return []
        regions, min_digits, max_digits, context_words = self._settings
        results = []
        for m in CANDIDATE.finditer(text):
            raw = m.group().strip().rstrip(").-/")
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            if raw.startswith("(") and ")" not in raw:
                raw, start = raw[1:].lstrip(), start + 1 + (len(raw[1:]) - len(raw[1:].lstrip()))
            digits = re.sub(r"\D", "", raw)
            if (
                not (min_digits <= len(digits) <= max_digits)
                or YEAR_RANGE.match(raw)
                or DATE.match(raw)
            ):
                continue
            if AMOUNT_AFTER.match(text[start + len(raw) : start + len(raw) + 20]):
                continue
            if TIME_AFTER.match(text, start + len(raw)) or MONTH_BEFORE.search(
                text, max(0, start - 12), start
            ):
                continue  # "May 18 2023 (11:56 WEST)": a date and a time
            international = raw.startswith(("+", "00"))
            window = text[max(0, start - 60) : start]
            has_context = bool(context_words.search(window))
            if len(digits) < 8 and not (international or has_context):
                continue  # 7-digit Gambian numbers are too easily confused without context
            found = _valid_region(raw, tuple(regions))
            if found is None:
                continue
            region, valid = found
            if not valid and not (international or has_context):
                continue
            score = self.SCORE_INTERNATIONAL if international else self.SCORE_NATIONAL
            why = f"{'valid' if valid else 'possible'} {region} phone number"
            if not valid:
                score -= self.INVALID_PENALTY
            if has_context:
                score = min(1.0, score + self.CONTEXT_BOOST)
                why += f" after '{context_words.findall(window)[-1]}'"
            results.append(
                explained_result(
                    self,
                    "PHONE_NUMBER",
                    start,
                    start + len(raw),
                    score,
                    why,
                    phone_type=_number_type(raw, region),
                )
            )
        return results


# Both lookups are pure functions of the number's text, and parsing costs about a millisecond:
# a file repeating the same numbers (a contact footer on every page, a megabyte of one phone)
# parses each once.
@lru_cache(maxsize=4096)
def _valid_region(raw: str, regions: tuple[str, ...]) -> tuple[str, bool] | None:
    """(region, valid) for `raw`: a valid number, else one of a possible length.

    Numbers in stories are sometimes invented or typed wrong; a number of the right length with
    a country code or a phone word nearby is still somebody's number as far as a reader goes.
    """
    candidate = raw.replace("\u00a0", " ")
    if candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    possible: tuple[str, bool] | None = None
    for region in [None] if candidate.startswith("+") else regions:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        code = phonenumbers.region_code_for_number(number) or region or "international"
        if phonenumbers.is_valid_number(number):
            return code, True
        if possible is None and phonenumbers.is_possible_number(number):
            possible = (code, False)
    return possible


_TYPE_NAMES = {v: k.lower() for k, v in vars(phonenumbers.PhoneNumberType).items() if k.isupper()}


@lru_cache(maxsize=4096)
def _number_type(raw: str, region: str) -> str:
    """ "toll_free", "mobile", "fixed_line"...: hotlines are public, mobiles are personal."""
    candidate = "+" + raw[2:] if raw.startswith("00") else raw
    try:
        number = phonenumbers.parse(candidate, None if candidate.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return "unknown"
    return _TYPE_NAMES.get(phonenumbers.number_type(number), "unknown")
