"""AGE: exact ages become ranges that still read well ("Aminata, 24," -> "in her twenties").

The standard profile keeps the decade (or "teenage", "young" for children), which is what a
reader needs from a story and far less than an exact age beside a village. The strict profile
keeps only broad bands ("young", "middle-aged", "older"). None of the replacements can be read
as an age again by the recognizer, so a second redaction changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DECADES_EN = {
    2: "twenties",
    3: "thirties",
    4: "forties",
    5: "fifties",
    6: "sixties",
    7: "seventies",
    8: "eighties",
    9: "nineties",
}
DECADE_ADJ_EN = {
    2: "twenty",
    3: "thirty",
    4: "forty",
    5: "fifty",
    6: "sixty",
    7: "seventy",
    8: "eighty",
    9: "ninety",
}
DECADES_FR = {
    2: "vingtaine",
    3: "trentaine",
    4: "quarantaine",
    5: "cinquantaine",
    6: "soixantaine",
    7: "soixante-dizaine",
    8: "quatre-vingtaine",
    9: "quatre-vingtaine",
}
_HER = re.compile(r"\b(she|her|hers|herself)\b", re.IGNORECASE)
_HIS = re.compile(r"\b(he|his|him|himself)\b", re.IGNORECASE)
_FR_DE = re.compile(r"(?<![\w'’])(de|d['’])[ \u00a0]*$", re.IGNORECASE)
_FR_AGED_DE = re.compile(r"(?<![\w'’])(âgée?s?[ \u00a0]+)(de|d['’])[ \u00a0]*$", re.IGNORECASE)


@dataclass(frozen=True)
class AgeRewrite:
    start: int
    end: int
    text: str


def _possessive(text: str, end: int) -> str:
    """ "her"/"his"/"their" from the first personal pronoun after the age."""
    window = text[end : end + 200]
    her, his = _HER.search(window), _HIS.search(window)
    if her and (not his or her.start() < his.start()):
        return "her"
    if his:
        return "his"
    return "their"


def _cap(model: str, text: str) -> str:
    return text[:1].upper() + text[1:] if model[:1].isupper() else text


def rewrite_age(
    text: str, start: int, end: int, value: int, unit: str, language: str, strict: bool = False
) -> AgeRewrite:
    span = text[start:end]
    if language == "fr":
        return _rewrite_fr(text, start, end, value, unit, strict)
    low = span.lower()
    years = 0 if unit == "months" else value
    after = text[end : end + 20]
    # "a 17-year-old girl", "Thirty-year-old Musa": an adjective; "a nine-year-old from Kayes":
    # a noun.
    adjective = bool(re.match(r"[ \u00a0]+[^\W\d_]", after)) and not re.match(
        r"[ \u00a0]+(?:from|in|at|and|or|who|with|of|is|was|has|had|said|says)\b", after
    )
    if strict:
        band = "young" if years < 36 else "middle-aged" if years < 60 else "older"
        if "year-old" in low or "month-old" in low:
            word = band if adjective else f"{band} person"
        elif low.startswith("at "):
            word = "young" if years < 36 else "later in life"
        else:
            word = band
        return AgeRewrite(start, end, _cap(span, word))
    if "year-old" in low or "month-old" in low or "years old" in low or "year old" in low:
        if years < 13:
            word = "young" if adjective else "child"
        elif years < 20:
            word = "teenage" if adjective else "teenager"
        else:
            decade = DECADE_ADJ_EN.get(years // 10, "older")
            word = (
                f"{decade}-something"
                if adjective
                else f"person in their {DECADES_EN.get(years // 10, 'later years')}"
            )
        if "years old" in low or "year old" in low:
            word = _range_en(years, _possessive(text, end))
        return AgeRewrite(start, end, _cap(span, word))
    if span.startswith("(") or text[start - 1 : start] == "(":
        word = "child" if years < 13 else "teenager" if years < 20 else f"{years // 10 * 10}s"
        return AgeRewrite(start, end, word)
    phrase = _range_en(years, _possessive(text, end))
    return AgeRewrite(start, end, _cap(span, phrase))


def _range_en(years: int, possessive: str) -> str:
    if years < 13:
        return "a child"
    if years < 20:
        return "a teenager"
    return f"in {possessive} {DECADES_EN.get(years // 10, 'later years')}"


def _rewrite_fr(text: str, start: int, end: int, value: int, unit: str, strict: bool) -> AgeRewrite:
    years = 0 if unit == "months" else value
    if unit == "months":
        words = ("quelques mois", "quelques mois")
    elif strict:
        band = "jeune âge" if years < 36 else "âge mûr" if years < 60 else "grand âge"
        words = (f"un {band}", f"un {band}")
    elif years < 10:
        words = ("quelques années", "quelques années")
    elif years < 15:
        words = ("une dizaine d'années", "une dizaine d'années")
    elif years < 20:
        words = ("une quinzaine d'années", "une quinzaine d'années")
    else:
        words = (f"une {DECADES_FR.get(years // 10, 'soixantaine')} d'années",) * 2
    phrase = words[0]
    before = text[max(0, start - 20) : start]
    m = _FR_AGED_DE.search(before) or _FR_DE.search(before)
    span_start = start
    if m and phrase.startswith("un"):
        # "âgée de 19 ans" -> "âgée d'une quinzaine d'années"; "de 34 ans" -> "d'une trentaine".
        apostrophe = "’" if "’" in text else "'"
        span_start = start - (len(before) - m.start(m.lastindex))
        return AgeRewrite(span_start, end, f"d{apostrophe}{phrase}")
    span = text[start:end]
    if span.lower().startswith("à "):
        return AgeRewrite(start, end, _cap(span, f"à {phrase}"))
    return AgeRewrite(start, end, phrase)
