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


@cache
def place_settings(language: str) -> dict:
    return read_toml("quasi", "places.toml")[language]


class LocationRecognizer(EntityRecognizer):
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
    def _compiled(self) -> tuple[re.Pattern, re.Pattern]:
        conf = place_settings(self.supported_language)
        return (
            re.compile(conf["home_before_regex"], re.IGNORECASE),
            re.compile(conf["after_regex"], re.IGNORECASE),
        )

    @cached_property
    def _not_after(self) -> re.Pattern:
        return re.compile(place_settings(self.supported_language)["not_after_regex"], re.I)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "LOCATION" not in entities:
            return []
        before_re, after_re = self._compiled
        lex = lexicon()
        out: list[RecognizerResult] = []
        for m in PLACE.finditer(text):
            place = m.group("place").rstrip(" ")
            # Trailing particles ("de") never end a place.
            while place.split()[-1:] and place.split()[-1] in ("de", "du", "el", "al"):
                place = place.rsplit(" ", 1)[0]
            start, end = m.start(), m.start() + len(place)
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’"):
                continue
            before = text[max(0, start - 60) : start]
            cue = before_re.search(before)
            after = after_re.match(text[end : end + 60])
            if not cue and not after:
                continue
            if self._not_after.match(text, end) or fold(place) in MONTHS_DAYS:
                continue  # "Goudoubo camp", "in December"
            if fold(place.split()[0]) in stop_words(self.supported_language):
                continue  # "Une ville", "The": a determiner, not a place
            if _starts_a_country(text, start, len(place)):
                continue  # "Côte d'Ivoire", "Sierra Leone": NATIONALITY's
            if fold(place) in _countries() or fold(place) in _regions():
                continue  # a country is NATIONALITY's; a region is what safename writes
            why = (
                f"a home place ('{cue.group().strip()}')"
                if cue
                else f"a home place ('{after.group().strip(' ,')}')"
            )
            out.append(
                explained_result(
                    self, "LOCATION", start, end, self.SCORE, why, known_town=lex.is_place(place)
                )
            )
        return self._chained(text, out)

    def _chained(self, text: str, found: list[RecognizerResult]) -> list[RecognizerResult]:
        """A home place reveals the places written with it ("Matameye (Zinder)", "Kaya,
        Centre-North", "Kantché dans la région de Zinder") and its other mentions."""
        if not found:
            return found
        out = list(found)
        names = {fold(text[r.start : r.end]) for r in found}
        taken = {(r.start, r.end) for r in found}
        for r in found:
            m = CHAIN.match(text, r.end)
            if m and fold(m.group("place")) not in _countries() | _regions():
                names.add(fold(m.group("place")))
        for m in PLACE.finditer(text):
            place = m.group("place")
            for cut in range(len(place.split()), 0, -1):
                cand = " ".join(place.split()[:cut])
                if fold(cand) in names and not self._not_after.match(text, m.start() + len(cand)):
                    span = (m.start(), m.start() + len(cand))
                    if span not in taken and not any(a < span[1] and span[0] < b for a, b in taken):
                        taken.add(span)
                        out.append(
                            explained_result(
                                self,
                                "LOCATION",
                                span[0],
                                span[1],
                                self.SCORE,
                                f"the home place '{cand}' again (or a place written with it)",
                            )
                        )
                    break
        return out


# After a home place: the region or town written with it.
CHAIN = re.compile(
    r"[ \u00a0]*(?:,|\(|dans\s+la\s+région\s+d[eu']|,?\s*région\s+d[eu']|in\s+the)[ \u00a0]*"
    r"(?P<place>[A-ZÀ-Ý][\w'’\-]*(?:[ \u00a0][A-ZÀ-Ý][\w'’\-]*)?)"
)


def _starts_a_country(text: str, start: int, length: int) -> bool:
    """A country name at `start` at least as long as the place ("Côte" of "Côte d'Ivoire"),
    not a town that begins with one ("Benin City")."""
    head = fold(text[start : start + 40])
    return any(
        head.startswith(c) and len(c) >= length
        for c in _countries_by_initial().get(head[:2], ())
    )


@cache
def _countries_by_initial() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for c in _countries():
        out.setdefault(c[:2], []).append(c)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@cache
def _regions() -> frozenset[str]:
    from safename.data import read_tsv

    out: set[str] = set()
    for row in read_tsv("places", "subregions.tsv"):
        out.add(fold(row["name_en"]))
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
