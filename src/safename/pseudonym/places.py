"""LOCATION: a home town or village becomes "a town in West Africa" / "un village d'Afrique de
l'Ouest", in the grammatical form the sentence needs ("originaire de Kayes" -> "originaire
d'une ville d'Afrique de l'Ouest", "vit à Lille" -> "vit dans une ville d'Europe de l'Ouest").

The region comes from the town tables (data/places/cities.tsv) or, for a village the tables
do not know, from a nationality stated in the same document; without either, only "a town" /
"a village" is said. The replacement holds no capitalised place word, so it is never found
again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from safename.data import read_tsv
from safename.detect.recognizers.location import place_settings
from safename.pseudonym.generalise import subregions
from safename.textutil import fold

_FR_BEFORE = re.compile(r"(?<![\w'’])(?P<prep>à|au|de|du|d['’])[ \u00a0]*$", re.IGNORECASE)
_FR_REGION_BEFORE = re.compile(
    r"(?<![\w'’])(?:la|sa|leur)[ \u00a0]+(?:région|province|préfecture)[ \u00a0]+"
    r"(?:de[ \u00a0]+|d['’])$",
    re.IGNORECASE,
)
_EN_BEFORE = re.compile(
    r"(?<![\w'’])(?P<det>her|his|their|the|a|its|my|our)[ \u00a0]+"
    r"(?:native[ \u00a0]+|home[ \u00a0]+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PlaceRewrite:
    start: int
    end: int
    text: str


@cache
def _town_country() -> dict[str, str]:
    return {fold(r["name"]): r["iso2"] for r in read_tsv("places", "cities.tsv")}


@cache
def _country_region() -> dict[str, str]:
    return {r["iso2"]: r["m49_subregion"] for r in read_tsv("places", "countries.tsv")}


def region_of(place: str, fallback_iso2: str | None = None) -> dict[str, str] | None:
    iso2 = _town_country().get(fold(place)) or fallback_iso2
    code = _country_region().get(iso2 or "")
    return subregions().get(code) if code else None


def rewrite_place(
    text: str, start: int, end: int, language: str, fallback_iso2: str | None = None
) -> PlaceRewrite:
    place = text[start:end]
    conf = place_settings(language)
    window = fold(text[max(0, start - 40) : min(len(text), end + 40)])
    village = any(w in window for w in conf["village_words"]) and fold(place) not in _town_country()
    region = region_of(place, fallback_iso2)
    if language == "fr":
        m = _FR_REGION_BEFORE.search(text, max(0, start - 30), start)
        if m and region:
            # "dans la région de Zinder" -> "dans une région d'Afrique de l'Ouest"
            return PlaceRewrite(m.start(), end, f"une région {_fr_of(region['name_fr'])}")
        noun = "un village" if village else "une ville"
        where = f" {_fr_of(region['name_fr'])}" if region else ""
        phrase = noun + where
        m = _FR_BEFORE.search(text, max(0, start - 10), start)
        if m:
            prep = m.group("prep").lower()
            at = start - (start - m.start())
            apostrophe = "’" if "’" in text else "'"
            if prep in ("à", "au"):
                return PlaceRewrite(at, end, _cap(m.group(), f"dans {phrase}"))
            return PlaceRewrite(at, end, _cap(m.group(), f"d{apostrophe}{phrase}"))
        return PlaceRewrite(start, end, _cap_at_start(text, start, phrase))
    noun = "village" if village else "town"
    where = f" in {region['name_en']}" if region else ""
    if _EN_BEFORE.search(text, max(0, start - 20), start):
        return PlaceRewrite(start, end, f"{noun}{where}")
    return PlaceRewrite(start, end, _cap_at_start(text, start, f"a {noun}{where}"))


def _fr_of(name_fr: str) -> str:
    """ "l'Afrique de l'Ouest" -> "d'Afrique de l'Ouest" (a region after "une ville")."""
    for article in ("l'", "l’", "la ", "le "):
        if name_fr.startswith(article):
            rest = name_fr[len(article) :]
            return ("d'" if rest[:1].lower() in "aeiouéèêh" else "de ") + rest
    return "de " + name_fr


def _cap_at_start(text: str, start: int, phrase: str) -> str:
    """Capitalised only at the start of a sentence (a place name is capitalised anyway)."""
    before = text[max(0, start - 3) : start].rstrip(" \u00a0«“\"'(")
    at_start = not before or before[-1] in ".!?\n:"
    return phrase[:1].upper() + phrase[1:] if at_start else phrase


def _cap(model: str, text: str) -> str:
    return text[:1].upper() + text[1:] if model[:1].isupper() else text
