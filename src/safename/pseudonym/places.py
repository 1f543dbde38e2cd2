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
# "de la région de Zinder", "la préfecture de Mali", "l'État d'Ogun": the administrative word
# stays and only its name is generalised ("d'une région d'Afrique de l'Ouest").
_FR_ADMIN_BEFORE = (
    r"(?:(?P<prep>\b(?:de|dans|à)[ \u00a0]+))?(?P<det>\b(?:la|le|sa|son|leur)[ \u00a0]+|"
    r"\bl['’])(?P<admin>{admin})[ \u00a0]+(?:de[ \u00a0]+|du[ \u00a0]+|d['’])$"
)
# "the central Malian district of Mopti" -> "the central West African district".
_EN_ADMIN_BEFORE = r"\b(?P<admin>{admin})[ \u00a0]+of[ \u00a0]+$"
_IN_ROUTE = re.compile(r"-[A-ZÀ-Ý]")
_FR_VILLAGE_OF = re.compile(
    r"\b(?:village|hameau)(?:[ \u00a0]+natal)?[ \u00a0]*,?[ \u00a0]+(?P<prep>de[ \u00a0]+|d['’])$",
    re.IGNORECASE,
)
_EN_VILLAGE_IN = re.compile(r"\b(?:village|hamlet)[ \u00a0]+in[ \u00a0]+$", re.I)
_EN_CAPITAL_AFTER = re.compile(r"[ \u00a0]+capital\b", re.IGNORECASE)
_EN_BORN = re.compile(r"-?[ \u00a0]?born\b")
_EN_AREA_END = re.compile(
    r"[ \u00a0\-](?:state|region|province|district|county|prefecture|governorate|lga)$",
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


@cache
def _admin_before(language: str) -> re.Pattern:
    from safename.detect.recognizers.location import _words_alternation

    admin = _words_alternation(place_settings(language)["admin_words"])
    model = _FR_ADMIN_BEFORE if language == "fr" else _EN_ADMIN_BEFORE
    return re.compile(model.replace("{admin}", admin), re.IGNORECASE)


@cache
def _fr_feminine() -> frozenset[str]:
    return frozenset(fold(w) for w in place_settings("fr")["admin_feminine"])


def region_of(place: str, fallback_iso2: str | None = None) -> dict[str, str] | None:
    """The sub-region of a town, or of the first town the tables know in a longer span
    ("Kelbo, a rural village in the Sahel's Soum province")."""
    towns = _town_country()
    iso2 = towns.get(fold(place))
    if iso2 is None:
        for word in re.findall(r"[A-ZÀ-Ý][\w'’\-]*(?:[ \u00a0][A-ZÀ-Ý][\w'’\-]*)?", place):
            first = fold(word.split()[0]).removesuffix("'s")
            iso2 = towns.get(fold(word)) or towns.get(first)
            if iso2:
                break
    iso2 = iso2 or fallback_iso2
    code = _country_region().get(iso2 or "")
    return subregions().get(code) if code else None


def rewrite_place(
    text: str, start: int, end: int, language: str, fallback_iso2: str | None = None
) -> PlaceRewrite:
    place = text[start:end]
    if _IN_ROUTE.match(text, end) or (
        start and text[start - 1] == "-" and text[start - 2 : start - 1].isalpha()
    ):
        # "le trajet Zinder-Agadez-Arlit": a stop of a route reads as an editor's insertion
        plain = text[:start]
        if plain.endswith("-"):
            plain = plain[:-1] + " "
        inner = rewrite_place(plain + place + " ", start, end, language, fallback_iso2)
        phrase = inner.text[:1].lower() + inner.text[1:]
        return PlaceRewrite(start, end, f"[{phrase}]")
    conf = place_settings(language)
    window = fold(text[max(0, start - 40) : min(len(text), end + 40)])
    village = any(w in window for w in conf["village_words"]) and fold(place) not in _town_country()
    region = region_of(place, fallback_iso2)
    if language == "fr":
        m = _admin_before(language).search(text, max(0, start - 40), start)
        if m:
            # "dans la région de Zinder" -> "dans une région d'Afrique de l'Ouest"
            admin = m.group("admin")
            article = "une" if fold(admin) in _fr_feminine() else "un"
            phrase = f"{article} {admin.lower()}"
            if region:
                phrase += " " + _fr_of(region["name_fr"])
            prep = (m.group("prep") or "").strip()
            if fold(prep) == "de":
                phrase = ("d’" if "’" in text else "d'") + phrase
            elif prep:
                phrase = f"{prep} {phrase}"
            at = m.start("prep") if m.group("prep") else m.start("det")
            return PlaceRewrite(at, end, _cap(text[at:], phrase))
        if region and _FR_VILLAGE_OF.search(text, max(0, start - 30), start):
            # "son village natal de Dioura" -> "son village natal d'Afrique de l'Ouest"
            at = _FR_VILLAGE_OF.search(text, max(0, start - 30), start).start("prep")
            return PlaceRewrite(at, end, _fr_of(region["name_fr"]))
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
    m = _admin_before(language).search(text, max(0, start - 40), start)
    if m:
        # "the central Malian district of Mopti" -> "the central Malian district"
        return PlaceRewrite(m.end("admin"), end, "")
    born = _EN_BORN.match(text, end)
    if born:
        # "the Delta-state born survivor" -> "the West African-born survivor"
        adjective = region["adj_en"] if region else "town"
        return PlaceRewrite(start, born.end(), f"{adjective}-born")
    area = bool(_EN_AREA_END.search(place)) and not re.search(r"[,(]", place)
    if _EN_CAPITAL_AFTER.match(text, end):
        # "Benin, the Edo State capital" -> "…, the regional capital"
        return PlaceRewrite(start, end, "regional" if area else "local")
    if region and _EN_VILLAGE_IN.search(text, max(0, start - 20), start):
        # "our village in Matameye (Zinder)" -> "our village in West Africa"
        return PlaceRewrite(start, end, region["name_en"])
    noun = "village" if village else "town"
    where = f" in {region['name_en']}" if region else ""
    if area:
        noun = "region"  # "Edo State", "Soum province": an area, not a town
        where = f" of {region['name_en']}" if region else ""
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
