"""Name pools: the candidates a pseudonym is chosen from, by gender and cultural origin.

Pools are derived from the gazetteer (data/names/*.tsv) rather than kept as a second list, so a
name added there for detection also becomes available as a pseudonym. Names that are ordinary
words ("Blessing", "Fall"), places or stop words are left out: a pseudonym must read as a name
and must never be mistaken for something else in the sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from safename.data import read_toml
from safename.detect.language import _stop_words
from safename.detect.lexicon import lexicon
from safename.textutil import fold

GENDERS = ("f", "m", "u")
_NAME_SHAPE = re.compile(r"^[^\W\d_]{2,}(?:['’\-][^\W\d_]+)*$")


@dataclass
class NamePools:
    """Given names by (gender, origin) and surnames by origin, plus the region grouping."""

    given: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    surnames: dict[str, list[str]] = field(default_factory=dict)
    origin_group: dict[str, str] = field(default_factory=dict)
    group_macro: dict[str, str] = field(default_factory=dict)
    country_group: dict[str, str] = field(default_factory=dict)
    min_pool: int = 30
    # (kind, groups, gender) -> candidates; the tables never change once loaded.
    _candidates: dict[tuple[str, frozenset[str], str], list[str]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def groups_for_origins(self, origins: Iterable[str]) -> set[str]:
        """The group(s) holding most of `origins`: "Aminata" is listed as bambara, fula, wolof,
        soninke, songhai, mossi, kanuri, arabic... and belongs to the Sahel, not to all of them.
        """
        votes = Counter(self.origin_group.get(o, o) for o in set(origins) if o)
        if not votes:
            return set()
        best = max(votes.values())
        return {group for group, n in votes.items() if n == best}

    def groups_for_country(self, iso2: str) -> set[str]:
        group = self.country_group.get(iso2.upper())
        return {group} if group else set()

    def _levels(self, groups: set[str]) -> list[set[str] | None]:
        """Origin sets to try, narrowest first; None means every origin."""
        in_groups = {o for o, g in self.origin_group.items() if g in groups} | groups
        macros = {self.group_macro.get(g, g) for g in groups}
        in_macros = {
            o for o, g in self.origin_group.items() if self.group_macro.get(g, g) in macros
        } | in_groups
        return [in_groups, in_macros, None] if groups else [None]

    def given_candidates(self, groups: set[str], gender: str) -> list[str]:
        """Given names of `gender` from `groups`, widened until the pool is big enough."""
        key = ("given", frozenset(groups), gender)
        found = self._candidates.get(key)
        if found is None:
            found = self._candidates[key] = self._widen(
                groups, lambda origin: self.given.get((gender, origin), []), self._origins_given
            )
        return found

    def surname_candidates(self, groups: set[str]) -> list[str]:
        key = ("surname", frozenset(groups), "")
        found = self._candidates.get(key)
        if found is None:
            found = self._candidates[key] = self._widen(
                groups, lambda origin: self.surnames.get(origin, []), self.surnames
            )
        return found

    @property
    def _origins_given(self) -> set[str]:
        return {origin for _, origin in self.given}

    def _widen(self, groups: set[str], names_of, all_origins: Iterable[str]) -> list[str]:
        best: list[str] = []
        for level in self._levels(groups):
            origins = all_origins if level is None else level
            seen: dict[str, str] = {}
            for origin in sorted(origins):
                for name in names_of(origin):
                    seen.setdefault(fold(name), name)
            best = sorted(seen.values())
            if len(best) >= self.min_pool:
                break
        return best


def name_gender(word: str) -> str | None:
    """f or m when every given-name entry agrees, u when they do not, None when unknown."""
    genders = {e.gender for e in lexicon().given.get(fold(word), [])}
    if not genders:
        return None
    return genders.pop() if len(genders) == 1 else "u"


def name_origins(word: str, kind: str | None = None) -> set[str]:
    return {e.origin for e in lexicon().name_entries(word) if e.origin and kind in (None, e.kind)}


def _usable(name: str, stops: frozenset[str]) -> bool:
    lex = lexicon()
    return (
        bool(_NAME_SHAPE.match(name))
        and name[0].isupper()
        and fold(name) not in stops
        and not lex.is_common_word_name(name)
        and not lex.is_non_person(name)
    )


@cache
def name_pools() -> NamePools:
    conf = read_toml("pools", "origin_groups.toml")
    pools = NamePools(min_pool=int(conf.get("min_pool", 30)))
    for group, spec in conf.get("groups", {}).items():
        pools.group_macro[group] = spec.get("macro", group)
        for origin in spec.get("origins", []):
            pools.origin_group[origin] = group
        for iso in spec.get("countries", []):
            pools.country_group[iso.upper()] = group
    stops = frozenset(fold(w) for lang in ("en", "fr") for w in _stop_words(lang))
    lex = lexicon()
    for entries in lex.given.values():
        name = entries[0].name
        gender = name_gender(name) or "u"
        if not _usable(name, stops):
            continue
        for origin in sorted({e.origin for e in entries}):
            pools.given.setdefault((gender, origin), []).append(name)
    for entries in lex.surnames.values():
        name = entries[0].name
        if not _usable(name, stops):
            continue
        for origin in sorted({e.origin for e in entries}):
            pools.surnames.setdefault(origin, []).append(name)
    return pools
