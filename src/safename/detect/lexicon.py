"""Folded look-up tables built once from the data files.

Every recognizer asks the same questions ("is this word a given name? a country? an
organisation?"), so the answers live here, keyed by `fold()` so that diacritics and case never
decide whether a name is recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from safename.data import read_tsv
from safename.textutil import fold


@dataclass(frozen=True)
class NameEntry:
    name: str
    kind: str  # "given" or "surname"
    gender: str  # f, m or u
    origin: str
    common_word: bool


@dataclass
class Lexicon:
    given: dict[str, list[NameEntry]] = field(default_factory=dict)
    surnames: dict[str, list[NameEntry]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # folded name -> iso2
    country_names: dict[str, dict[str, str]] = field(default_factory=dict)  # iso2 -> row
    demonyms: dict[str, dict[str, tuple[str, str, str]]] = field(default_factory=dict)
    cities: set[str] = field(default_factory=set)
    organisations: set[str] = field(default_factory=set)

    def is_name(self, word: str) -> bool:
        key = fold(word)
        return key in self.given or key in self.surnames

    def name_entries(self, word: str) -> list[NameEntry]:
        key = fold(word)
        return self.given.get(key, []) + self.surnames.get(key, [])

    def is_common_word_name(self, word: str) -> bool:
        """A name that is also an ordinary word (Blessing, Joy, Fall) needs more evidence."""
        entries = self.name_entries(word)
        return bool(entries) and any(e.common_word for e in entries)

    def is_place(self, text: str) -> bool:
        key = fold(text)
        return key in self.countries or key in self.cities

    def is_organisation(self, text: str) -> bool:
        return fold(text) in self.organisations

    def is_demonym(self, text: str) -> bool:
        key = fold(text)
        return any(key in forms for forms in self.demonyms.values())

    def nationality(self, value: str, language: str) -> tuple[str, str, str, str] | None:
        """("demonym" | "country", ISO code, number, gender) of a demonym or country name
        ("Nigérianes", "le Mali"), looked up in `language` first; None if it is neither."""
        key = fold(value.strip())
        for lang in (language, *(x for x in self.demonyms if x != language)):
            hit = self.demonyms.get(lang, {}).get(key)
            if hit:
                iso, number, gender = hit
                return ("demonym", iso, number or "sg", gender or "u")
        key = re.sub(r"^(?:the|le|la|les|l')\s*", "", key)
        iso = self.countries.get(key)
        return ("country", iso, "sg", "u") if iso else None

    def is_non_person(self, text: str) -> bool:
        """Places, organisations and nationalities that NER often tags as people."""
        return self.is_place(text) or self.is_organisation(text) or self.is_demonym(text)


def _add(index: dict[str, list[NameEntry]], entry: NameEntry) -> None:
    index.setdefault(fold(entry.name), []).append(entry)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    lex = Lexicon()
    for row in read_tsv("names", "given_names.tsv"):
        _add(
            lex.given,
            NameEntry(
                row["name"],
                "given",
                row.get("gender") or "u",
                row.get("origin", ""),
                row.get("common_word") == "1",
            ),
        )
    for row in read_tsv("names", "surnames.tsv"):
        _add(
            lex.surnames,
            NameEntry(
                row["name"], "surname", "u", row.get("origin", ""), row.get("common_word") == "1"
            ),
        )
    for row in read_tsv("places", "countries.tsv"):
        iso = row["iso2"]
        lex.country_names[iso] = row
        names = [row["name_en"], row["name_fr"]]
        for col in ("aliases_en", "aliases_fr"):
            names += [a for a in row.get(col, "").split(";") if a.strip()]
        for name in names:
            lex.countries[fold(name.strip())] = iso
    for row in read_tsv("places", "demonyms.tsv"):
        lex.demonyms.setdefault(row["lang"], {})[fold(row["form"])] = (
            row["iso2"],
            row.get("number", "sg"),
            row.get("gender", "u"),
        )
    lex.cities = {fold(row["name"]) for row in read_tsv("places", "cities.tsv")}
    lex.organisations = {fold(row["name"]) for row in read_tsv("places", "organisations.tsv")}
    return lex
