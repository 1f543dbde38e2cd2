"""LOCATION: a private person's home town, village or neighbourhood, or present home.

"originaire de Sirakoro", "her native Ouagadougou", "back in Benin City where she rents a
room", "vit aujourd'hui à Lille": with a pseudonym, an age range and a nationality, a home
village still points at one family. Only places introduced as someone's home count (phrases in
data/quasi/places.toml); transit, detention and arrival places, camps and datelines do not.
Countries are NATIONALITY's (a country is not a town).
"""

from __future__ import annotations

import re
from functools import cache, cached_property

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safename.data import read_toml
from safename.detect.lexicon import lexicon
from safename.detect.recognizers.base import explained_result
from safename.detect.recognizers.name_spans import MONTHS_DAYS, stop_words
from safename.textutil import fold

# One to three capitalised words ("Benin City", "Bobo-Dioulasso", "MATAMEY").
PLACE = re.compile(
    r"(?P<place>[A-ZÀ-Ý][\w'’\-]*(?:[ \u00a0](?:[A-ZÀ-Ý][\w'’\-]*|de|du|el|al)){0,2})"
)
# Where a place may begin: a capital not glued to a word before it (but "d'Ogun").
PLACE_START = re.compile(r"(?:(?<=\b[dlDL]['’])|(?<![\w\-'’]))[A-ZÀ-Ý]")
_WORD = re.compile(r"[\w'’\-]+")
# Words of a name that stay inside it: "Edo State", "Benin City".
NAME_HEADS = frozenset({"state", "city", "etat"})


@cache
def place_settings(language: str) -> dict:
    return read_toml("quasi", "places.toml")[language]


@cache
def admin_bridge(language: str) -> re.Pattern:
    """ "the central Malian district of ", "la région de ": between a home phrase and a place,
    the administrative area the place names."""
    conf = place_settings(language)
    admin = _words_alternation(conf["admin_words"])
    adj = "(?:" + _words_alternation(conf["admin_adjectives"]) + ")"
    if language == "fr":
        body = (
            rf"(?:\b(?:la|le|l['’]|une?|sa|son|leur)\s*)?\b(?:{admin})"
            rf"(?:\s+{adj})?\s+(?:de\s+(?:la\s+)?|du\s+|d['’]\s*)"
        )
    else:
        body = (
            rf"\b(?:the|a|an|her|his|their)\s+(?:{adj}\s+)*(?:[A-Z][a-z]+\s+)?(?:{admin})"
            r"\s+of\s+"
        )
    return re.compile(rf"(?:{body})$", re.IGNORECASE)


@cache
def admin_head(language: str) -> re.Pattern:
    """An administrative word or phrase starting here ("Local Government Area", "Region")."""
    admin = _words_alternation(place_settings(language)["admin_words"])
    return re.compile(rf"(?:{admin})\b", re.IGNORECASE)


def _words_alternation(words: list[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


def place_at(text: str, start: int, language: str) -> str | None:
    """The place name that begins at `start`: up to three capitalised words, without trailing
    particles ("de"), hyphens ("Imo-state- born") or administrative words ("Owan East Local
    Government Area" -> "Owan East"), which say what kind of place it is."""
    m = PLACE.match(text, start)
    if not m:
        return None
    matched = m.group("place")
    spans = [(w.start(), w.end()) for w in re.finditer(r"\S+", matched)]
    words = [matched[a:b] for a, b in spans]
    heads = admin_head(language)
    keep = len(words)
    for i, w in enumerate(words):
        head = fold(w).removesuffix("'s")
        if i and head not in NAME_HEADS and heads.match(text, start + spans[i][0]):
            keep = i
            break
    for i, w in enumerate(words[: keep - 1]):
        if len(w) > 2 and w[-2:] in ("'s", "’s"):
            keep = i + 1  # "Bamako's Badalabougou": two places, linked by the possessive
            spans[i] = (spans[i][0], spans[i][1] - 2)
            break
    while keep and words[keep - 1] in ("de", "du", "el", "al"):
        keep -= 1
    if not keep:
        return None
    place = matched[: spans[keep - 1][1]]
    if keep == 1:
        place = _BORN_SUFFIX.sub("", place)  # "Kano-born": the place is "Kano"
    return place.rstrip("-'’") or None


_BORN_SUFFIX = re.compile(r"-(?:born|née?s?)$", re.IGNORECASE)


class LocationRecognizer(EntityRecognizer):
    """Places introduced as someone's home. The document-level step (detect/places.py) then
    follows each one to the places written with it and to its other mentions."""

    # Above a gazetteer name's 0.85: after "originaire de" a word is a place, not a person.
    SCORE = 0.86

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["LOCATION"],
            name="LocationRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @cached_property
    def _compiled(self) -> dict[str, re.Pattern]:
        conf = place_settings(self.supported_language)
        return {
            key: re.compile(conf[key], re.IGNORECASE)
            for key in (
                "home_before_regex",
                "after_regex",
                "weak_home_before_regex",
                "weak_home_after_regex",
                "born_after_regex",
                "not_after_regex",
                "journey_before_regex",
                "journey_after_regex",
            )
        }

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "LOCATION" not in entities:
            return []
        p = self._compiled
        lex = lexicon()
        bridge = admin_bridge(self.supported_language)
        out: list[RecognizerResult] = []
        stops = stop_words(self.supported_language)
        taken_until = -1
        for s in PLACE_START.finditer(text):
            start = s.start()
            if start < taken_until:
                continue
            word = _WORD.match(text, start).group()
            if word.isalpha() and fold(word) in stops:
                continue  # "The", "Une": a determiner is no place, nor the run it opens
            place = place_at(text, start, self.supported_language)
            if not place:
                continue
            end = start + len(place)
            # The checks that need no cue first: most capitalised runs stop here.
            if p["not_after_regex"].match(text, end) or fold(place) in MONTHS_DAYS:
                continue  # "Goudoubo camp", "in December"
            first = place.split()[0]
            if fold(first) in stops:
                continue  # "Une ville", "The": a determiner, not a place
            if lex.is_demonym(first):
                continue  # "left Malian traders": a nationality, NATIONALITY's
            if fold(place) in _regions():
                continue  # a region ("Afrique subsaharienne") is NATIONALITY's
            before = text[max(0, start - 80) : start]
            # A home phrase ends its paragraph's say: "Moussa left" then a blank line and
            # "Malian" is no home place.
            before = before[max((m.end() for m in _BLANK_LINE.finditer(before)), default=0) :]
            after = text[end : end + 60]
            cue, weak, admin = self._cue(before, after, bridge)
            if cue is None or _CAMP_NAME_BEFORE.search(before):
                continue  # "vit dans le camp de Mentao": the camp's name, not a town
            if weak and any(lex.is_name(w) for w in place.split()) and not lex.is_place(place):
                continue  # "Moussa left Aminata Traoré": after a weak cue, a person's name
            named_as_town = admin or _TOWN_APPOSITION.match(after)
            if not named_as_town and _starts_a_country(text, start, len(place)):
                continue  # "Côte d'Ivoire", "Sierra Leone": NATIONALITY's
            if fold(place) in _countries() and not named_as_town:
                continue  # a country is NATIONALITY's, unless "la préfecture de Mali"
            facts: dict[str, object] = {"known_town": lex.is_place(place)}
            if weak:
                facts["home_cue"] = "weak"
            out.append(
                explained_result(
                    self, "LOCATION", start, end, self.SCORE, f"a home place ('{cue}')", **facts
                )
            )
            taken_until = end
        return out

    def _cue(self, before: str, after: str, bridge: re.Pattern) -> tuple[str | None, bool, bool]:
        """The home phrase around a place, whether it is a weak one, and whether an
        administrative word stands between it and the place ("originaire de la région de")."""
        p = self._compiled
        admin = bridge.search(before)
        befores = [(before, False)] + ([(before[: admin.start()], True)] if admin else [])
        for key, weak in (("home_before_regex", False), ("weak_home_before_regex", True)):
            for text, bridged in befores:
                m = p[key].search(text)
                if m:
                    return m.group().strip(" ,"), weak, bridged
        for key, weak in (
            ("after_regex", False),
            ("born_after_regex", False),
            ("weak_home_after_regex", True),
        ):
            m = p[key].match(after)
            if m:
                return m.group().strip(" ,-"), weak, False
        m = p["journey_before_regex"].search(before)
        if m and p["journey_after_regex"].match(after):
            return m.group().strip(" ,"), True, False
        return None, False, False


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_CAMP_NAME_BEFORE = re.compile(
    r"\b(?:camps?|sites?|centres?|centers?|prisons?)[ \u00a0]+(?:de|du|d['’]|of)[ \u00a0]*$",
    re.IGNORECASE,
)
# "Benin, the Edo State capital": a town, although a country has its name.
_TOWN_APPOSITION = re.compile(
    r"^(?:,\s*(?:the|la|le)\s+(?:[\w'’\-]+\s+){0,3}(?:capital|capitale|city|town|ville)\b|"
    r"\s+(?:City|State)\b)"
)


def _starts_a_country(text: str, start: int, length: int) -> bool:
    """A country name at `start` at least as long as the place ("Côte" of "Côte d'Ivoire"),
    not a town that begins with one ("Benin City")."""
    head = fold(text[start : start + 40])
    return any(
        head.startswith(c) and len(c) >= length for c in _countries_by_initial().get(head[:2], ())
    )


@cache
def _countries_by_initial() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for c in _countries():
        out.setdefault(c[:2], []).append(c)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@cache
def _regions() -> frozenset[str]:
    """World regions and continents: never a home place (data/quasi/places.toml: not_places,
    and the sub-regions safename writes)."""
    from safename.data import read_tsv

    out: set[str] = {fold(w) for w in read_toml("quasi", "places.toml")["not_places"]}
    for row in read_tsv("places", "subregions.tsv"):
        out.add(fold(row["name_en"]))
        # "a West African-born trader": the adjective safename writes, never a place
        out |= {fold(row["adj_en"]), fold(row["adj_en"].split()[-1])}
        out.add(fold(row["name_fr"]).removeprefix("l'").removeprefix("la ").removeprefix("le "))
    return frozenset(out)


@cache
def _countries() -> frozenset[str]:
    names: set[str] = set()
    for row in lexicon().country_names.values():
        for col in ("name_en", "name_fr"):
            if row.get(col):
                names.add(fold(row[col]))
        for col in ("aliases_en", "aliases_fr"):
            names |= {fold(a) for a in row.get(col, "").split(";") if a.strip()}
    return frozenset(names)
