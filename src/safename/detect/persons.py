"""Persons: the mentions of one person in a document, clustered, with the evidence about them.

A story is about people, not words. "Mamadou Diallo", "Diallo Mamadou", "MAMADOU", "Mr
Diallo", "Mamadu" (a spelling variant) and "Mamadou's" are one person, and what the story says
about any of them (an age, "a returnee", a staff title, a pseudonym marker) is evidence about
that person. `decide.py` then makes one decision per person, so a staff title in one sentence
cannot keep a beneficiary's name that the next sentence gives with her age.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from safename.detect.recognizers.name_spans import words

EvidenceKind = Literal["allowlist", "pseudonym", "beneficiary", "staff"]
# Lower wins. Written down and tested (tests/test_persons.py) because each pair used to collide:
# an allowlisted name stays whatever else is said; a name the story marks as a pseudonym is
# already safe; anything that says "this is a migrant/relative/someone aged 24" beats a staff
# cue, since a missed beneficiary is a breach and a flagged staff member only a review note.
PRECEDENCE: dict[EvidenceKind, int] = {
    "allowlist": 0,
    "pseudonym": 1,
    "beneficiary": 2,
    "staff": 3,
}


@dataclass(frozen=True)
class Evidence:
    """One thing the text says about a person, and where (offset of the mention)."""

    kind: EvidenceKind
    reason: str
    at: int


@dataclass
class Person:
    """One person of a document: the mentions that refer to them and what is known about them."""

    id: str
    keys: set[str]
    mentions: list = field(default_factory=list)  # Candidate objects (decide.Candidate)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The longest mention: the name the reviewer recognises the person by."""
        return max((m.surface for m in self.mentions), key=len, default="")

    def decision(self) -> Evidence | None:
        """The winning evidence by PRECEDENCE, earliest in the text first; None = default."""
        if not self.evidence:
            return None
        return min(self.evidence, key=lambda e: (PRECEDENCE[e.kind], e.at))


def name_keys(surface: str, ignore: frozenset[str] = frozenset()) -> set[str]:
    """The folded words of a name that identify it (honorifics and particles left out)."""
    return {w.key for w in words(surface) if len(w.key) >= 1 and w.key not in ignore}


def spelling_variant(a: str, b: str) -> bool:
    """Same word, or a spelling variant (edit distance 1) of a word of 5+ letters (DEDUCE)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    # one insertion
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _signatures(key: str) -> set[str]:
    """The word and, from 5 letters, the word less each letter: two words are spelling
    variants (spelling_variant) only if they share one of these."""
    if len(key) < 5:
        return {key}
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


def _covers(small: set[str], big: set[str]) -> bool:
    return all(any(spelling_variant(s, b) for b in big) for s in small)


def cluster(mentions: Sequence, ignore: frozenset[str] = frozenset()) -> list[Person]:
    """Group PERSON candidates into persons.

    Longer names come first and found persons; a mention whose words are all (variants of)
    words of one person joins it, in any order and case ("Diallo Mamadou", "MAMADOU"). A
    mention that fits several persons ("Diallo" beside "Mamadou Diallo" and "Awa Diallo")
    joins the nearest earlier one, and `ambiguous` lists the others so the decision can stay
    on the side of privacy. A nickname ("dit « Petit Maïga »") is a person of its own here, with
    a pseudonym of its own; the footnote counts it as the same human being
    (`safename.pseudonym.persons.nickname_links`).
    """
    persons: list[Person] = []
    # Persons by the spelling signatures of their words: only those sharing one with a word of
    # the mention can cover it (testing every person per mention was quadratic: a long file
    # names thousands of people).
    by_signature: dict[str, list[int]] = {}
    order = sorted(mentions, key=lambda m: (-len(m.keys), m.start))
    for m in order:
        keys = m.keys
        if not keys:
            continue
        probe = min(keys)  # any word of the mention: a covering person has a variant of it
        near = sorted({i for sig in _signatures(probe) for i in by_signature.get(sig, ())})
        matches = [persons[i] for i in near if _covers(keys, persons[i].keys)]
        if not matches:
            p = Person(f"p{len(persons) + 1}", set(keys))
            for key in p.keys:
                for sig in _signatures(key):
                    by_signature.setdefault(sig, []).append(len(persons))
            persons.append(p)
            p.mentions.append(m)
            m.person = p
            m.ambiguous = []
            continue
        if len(matches) == 1:
            best = matches[0]
        else:
            earlier = [
                (max((x.start for x in p.mentions if x.start < m.start), default=-1), p)
                for p in matches
            ]
            best = max(earlier, key=lambda t: t[0])[1]
        best.mentions.append(m)
        m.person = best
        m.ambiguous = [p for p in matches if p is not best]
    # Ids in order of first mention, so that "p1" is the first person a reader meets.
    persons.sort(key=lambda p: min(x.start for x in p.mentions))
    for i, p in enumerate(persons, 1):
        p.id = f"p{i}"
        p.mentions.sort(key=lambda x: x.start)
    return persons
