"""From PERSON mentions to people and name parts.

Pseudonyms are chosen per name part (given name, surname), not per mention: "Aminata Traoré",
"Aminata", "Ms Traoré" and "AMINATA" then all get parts of one pseudonym without having to
decide which mention is whose, and two sisters "Aminata Traoré" and "Awa Traoré" keep a shared
pseudonymous surname, as readers would expect. People are still grouped, for gender (evidence
from every mention of one person) and for the footnote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from safename.data import context
from safename.detect.lexicon import lexicon
from safename.detect.persons import spelling_variant
from safename.detect.recognizers.name_spans import (
    ELIDED_GRAMMAR_RE,
    NAME_PARTICLES,
    Word,
    stop_words,
    words,
)
from safename.textutil import fold, is_all_caps, is_capitalised

GIVEN, SURNAME = "given", "surname"
# Particles that start a family name made of the father's name ("Ag Alhassane", "Ould
# Ahmed", "Ben Amor"): what follows them is a surname even when it is a given name.
PATRONYMIC_PARTICLES = frozenset({"ag", "ould", "ben", "bin", "bint", "ibn", "mint"})


@cache
def honorific_keys() -> frozenset[str]:
    keys = set()
    for language in ("en", "fr"):
        for h in context(language)["honorifics"]:
            keys.update(fold(part).rstrip(".") for part in h.split())
    return frozenset(keys)


@cache
def _lower_case_name_words() -> frozenset[str]:
    return stop_words("en") | stop_words("fr") | NAME_PARTICLES


@dataclass
class Mention:
    index: int  # position in the findings list
    start: int
    end: int
    words: list[Word]
    honorific_before: bool = False
    person: str | None = None  # Finding.person: detection's cluster of this mention


@dataclass
class Person:
    given: tuple[str, ...]
    surnames: tuple[str, ...]
    mentions: list[Mention] = field(default_factory=list)
    gender: str = "u"

    @property
    def first_start(self) -> int:
        return min(m.start for m in self.mentions)


def name_words(text: str, start: int, end: int, lone_place: bool = False) -> list[Word]:
    """Capitalised words of text[start:end] other than honorifics and particles.

    Elided articles and possessives are peeled off ("d'Aminata", "Aminata's"); lower-case
    particles and stop words ("de" in "Marie de Souza") stay, because they name nobody, and so
    do places, organisations and nationalities that are not also names.

    Some honorifics are also names (`_ambiguous_honorific`): "Papa", "Hadja", "Alhaji", "Tata"
    are given names, "Baba", "Maman" given names and surnames, "Pastor" a surname. Such a word
    is a name part where that kind of name stands in a full name — a given name first ("Papa
    Ndiaye"), a surname last ("Joseph Pastor") — and a title otherwise ("Pastor John Mensah"):
    dropping it as a title would publish a beneficiary's given name next to the pseudonym.

    Places are left out too ("Aminata\nBAMAKO" across a heading), except with `lone_place`:
    the mention is a town's name alone that detection took for a person from a relative's
    word or an honorific before it ("her daughter Assamaka"). The person wins over the place
    there, so the word gets a pseudonym, and its other mentions with it: they would give the
    name away. A town taken for a person on weaker evidence (a tagger's guess) still gets a
    placeholder, so a mistake cannot turn every mention of a town into a person's pseudonym.
    """
    lex = lexicon()
    found: list[tuple[Word, bool]] = []  # (word, ambiguous honorific)
    places: list[Word] = []
    for w in words(text[start:end]):
        key = fold(w.text)
        lower = not (is_capitalised(w.text) or is_all_caps(w.text))
        if len(key) < 2 or key in ("el", "al"):
            continue
        ambiguous = False
        if key.rstrip(".") in honorific_keys():
            ambiguous = not lower and _ambiguous_honorific(key)
            if not ambiguous:
                continue
        if lower and key in _lower_case_name_words():
            continue  # "ould", "de": a capitalised "Ben" or "Dan" is a given name, though
        if ELIDED_GRAMMAR_RE.match(w.text):
            continue  # "C'est Hamsatou": grammar, not a name part
        if lex.is_non_person(w.text) and not lex.is_name(w.text):
            # "Aminata\nBAMAKO" across a heading: the city is not her surname.
            if not lower and not lex.is_demonym(w.text) and not lex.is_organisation(w.text):
                places.append(Word(start + w.start, start + w.end, w.text))
            continue
        found.append((Word(start + w.start, start + w.end, w.text), ambiguous))
    if lone_place and not found and len(places) == 1 and len(words(text[start:end])) == 1:
        return places
    if len(found) < 2:
        return [w for w, _ in found]  # "Hadja said": the engine found a person, so her name
    out = []
    for i, (w, ambiguous) in enumerate(found):
        if ambiguous:
            first, last = i == 0, i == len(found) - 1
            as_given = bool(lex.given.get(w.key))
            as_surname = bool(lex.surnames.get(w.key))
            if not ((first and as_given) or (last and as_surname) or not (first or last)):
                continue  # "Pastor John Mensah": a title before the name
        out.append(w)
    return out


def _ambiguous_honorific(key: str) -> bool:
    """An honorific that is also a given name or surname the gazetteer knows."""
    lex = lexicon()
    return bool(lex.given.get(key) or lex.surnames.get(key))


def _person_roles(mentions: list[Mention]) -> dict[str, str]:
    """Roles of one person's words, voted over all their mentions.

    "Diallo Mamadou" beside "Mamadou Diallo" and "Mr Diallo": the tables (Diallo is a surname
    only, Mamadou a given name) say which order a two-word mention is in, and an honorific
    before a lone word makes it a surname, so every form renders from the same pseudonym part.
    """
    lex = lexicon()

    def only_surname(key: str) -> bool:
        return bool(lex.surnames.get(key)) and not lex.given.get(key)

    def only_given(key: str) -> bool:
        return bool(lex.given.get(key)) and not lex.surnames.get(key)

    votes: dict[str, list[float]] = {}  # key -> [given, surname]

    def vote(key: str, role: str, weight: float) -> None:
        tally = votes.setdefault(key, [0.0, 0.0])
        tally[0 if role == GIVEN else 1] += weight

    for m in mentions:
        keys = [w.key for w in m.words]
        inner = next(
            (
                pos
                for pos, key in enumerate(keys)
                if key in PATRONYMIC_PARTICLES and (pos > 0 or not lex.given.get(key))
            ),
            None,
        )
        if len(keys) >= 2 and inner is not None:
            # "Moussa Ag Alhassane", "Walid Ben Amor", "Ag Alhassane": the particle starts the
            # family name (the father's name), so the words before it are given names even
            # when the last one is a given name in the tables; never surname-first order.
            for pos, key in enumerate(keys):
                vote(key, GIVEN if pos < inner else SURNAME, 1.0)
            continue
        if len(keys) >= 2:
            first, last = keys[0], keys[-1]
            reversed_order = only_surname(first) and not only_surname(last)
            reversed_order = reversed_order or (only_given(last) and not only_given(first))
            for pos, key in enumerate(keys):
                if pos == 0:
                    role = SURNAME if reversed_order else GIVEN
                elif pos == len(keys) - 1:
                    role = GIVEN if reversed_order else SURNAME
                else:
                    role = GIVEN if only_given(key) else SURNAME
                vote(key, role, 1.0)
        elif len(keys) == 1 and m.honorific_before and not only_given(keys[0]):
            vote(keys[0], SURNAME, 1.0)
    for key in list(votes):
        if only_surname(key):
            vote(key, SURNAME, 0.5)
        elif only_given(key):
            vote(key, GIVEN, 0.5)
    return {k: (GIVEN if g >= s else SURNAME) for k, (g, s) in votes.items()}


def canonical_variants(mentions: list[Mention]) -> None:
    """Give one person's spelling variants ("Mamadu" beside "Mamadou") one key, in place.

    Detection clusters variants into one person; renaming each spelling separately would give
    one person two pseudonyms. The spelling of the person's longest, earliest mention wins.
    """
    by_person: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.person is not None:
            by_person.setdefault(m.person, []).append(m)
    for group in by_person.values():
        canon: list[str] = []
        for m in sorted(group, key=lambda m: (-len(m.words), m.start)):
            for i, w in enumerate(m.words):
                target = next((c for c in canon if spelling_variant(w.key, c)), None)
                if target is None:
                    canon.append(w.key)
                elif target != w.key:
                    m.words[i] = Variant(w.start, w.end, w.text, target)


class Variant(Word):
    """A word keyed by another spelling of the same name."""

    __slots__ = ("canon",)

    def __init__(self, start: int, end: int, text: str, canon: str = "") -> None:
        super().__init__(start, end, text)
        self.canon = canon
        self.key = canon

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) is True and self.canon == other.canon  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text, self.canon))


def assign_roles(mentions: list[Mention]) -> dict[str, str]:
    """One role per distinct word in the document, so every occurrence maps the same way.

    Words of a person detection clustered are decided over that person's mentions first.
    """
    lex = lexicon()
    roles: dict[str, str] = {}
    by_person: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.person is not None:
            by_person.setdefault(m.person, []).append(m)
    for group in by_person.values():
        for key, role in _person_roles(group).items():
            roles.setdefault(key, role)
    for m in sorted(mentions, key=lambda m: -len(m.words)):
        if len(m.words) < 2:
            continue
        for pos, w in enumerate(m.words):
            if w.key in roles:
                continue
            if pos == 0:
                roles[w.key] = GIVEN
            elif pos < len(m.words) - 1 and lex.given.get(w.key) and not lex.surnames.get(w.key):
                roles[w.key] = GIVEN  # "Fatoumata Binta Diallo"
            else:
                roles[w.key] = SURNAME
    for m in mentions:
        for w in m.words:
            if w.key in roles:
                continue
            known_given = bool(lex.given.get(w.key))
            known_surname = bool(lex.surnames.get(w.key))
            after_honorific = m.honorific_before and (known_surname or not known_given)
            only_surname = known_surname and not known_given
            roles[w.key] = SURNAME if after_honorific or only_surname else GIVEN
    return roles


def group_persons(mentions: list[Mention], roles: dict[str, str]) -> list[Person]:
    """People in order of first mention; a lone given name or surname joins the full name."""
    people: list[Person] = []
    by_key: dict[tuple[tuple[str, ...], tuple[str, ...]], Person] = {}

    def parts(m: Mention) -> tuple[tuple[str, ...], tuple[str, ...]]:
        given = tuple(w.key for w in m.words if roles[w.key] == GIVEN)
        surnames = tuple(w.key for w in m.words if roles[w.key] == SURNAME)
        return given, surnames

    ordered = sorted(mentions, key=lambda m: m.start)
    # Detection's clusters first: "Diallo Mamadou", "Mamadou Diallo", "Mr Diallo" are one person.
    clustered: dict[str, list[Mention]] = {}
    for m in ordered:
        if m.person is not None and (m.words):
            clustered.setdefault(m.person, []).append(m)
    for group in clustered.values():
        longest = max(group, key=lambda m: (len(m.words), -m.start))
        given, surnames = parts(longest)
        for m in group:  # every part of every mention, so each gets a pseudonym
            g, s = parts(m)
            given += tuple(k for k in g if k not in given)
            surnames += tuple(k for k in s if k not in surnames)
        person = by_key.get((given, surnames))
        if person is None:
            person = Person(given, surnames)
            by_key[(given, surnames)] = person
            people.append(person)
        person.mentions.extend(group)
    ordered = [m for m in ordered if m.person is None or not m.words]
    for m in ordered:
        given, surnames = parts(m)
        if given and surnames and (given, surnames) not in by_key:
            person = Person(given, surnames)
            by_key[(given, surnames)] = person
            people.append(person)
    for m in ordered:
        given, surnames = parts(m)
        person = by_key.get((given, surnames))
        if person is None and (given or surnames):
            person = next(
                (
                    p
                    for p in people
                    if (given and p.given[: len(given)] == given and not surnames)
                    or (surnames and p.surnames == surnames and not given)
                ),
                None,
            )
        if person is None:
            person = Person(given, surnames)
            by_key[(given, surnames)] = person
            people.append(person)
        person.mentions.append(m)
    return sorted(people, key=lambda p: p.first_start)


@cache
def _nickname_patterns(language: str) -> tuple[re.Pattern, re.Pattern]:
    ctx = context(language)
    sp = r"[\s\u00a0]"
    quote = rf"{sp}*[«“\"'‘]?{sp}*$"
    introducers = sorted(
        (re.escape(p).replace(r"\ ", rf"{sp}+") for p in ctx["name_introducers"]),
        key=len,
        reverse=True,
    )
    # "Idrissa Maïga, dit « Petit Maïga »", "Aminata (known as Kadi)", "Ali alias Bébé".
    right_after = re.compile(
        rf"^{sp}*[,(]?{sp}*(?:(?:also|better|aussi|mieux){sp}+)?(?:{'|'.join(introducers)})"
        + quote,
        re.IGNORECASE,
    )
    pronoun = sorted(
        (re.escape(p).replace(r"\ ", rf"{sp}+") for p in ctx.get("nickname_of_previous", [])),
        key=len,
        reverse=True,
    )
    after_pronoun = re.compile(
        rf"(?<![\w'’])(?:{'|'.join(pronoun) or '(?!)'}){quote}", re.IGNORECASE
    )
    return right_after, after_pronoun


def nickname_links(text: str, people: list[Person], language: str) -> dict[int, int]:
    """{index of a nickname's person: index of the person it names}, for the footnote.

    A nickname the story introduces gets a pseudonym of its own, so it is a `Person` of its
    own here; but it is the same human being. It is taken as someone's nickname when it is
    introduced right after their mention ("Idrissa Maïga, dit « Petit Maïga »", "Aminata
    (known as Kadi)") or by a phrase whose pronoun points back to the person last named
    before it ("… everyone calls her Kadi", "on l'appelle Bébé"). Anything else — "a man
    called Sunny Boy" with nobody named just before — stays a person of its own.
    """
    right_after, after_pronoun = _nickname_patterns(language)
    firsts = sorted((p.first_start, i) for i, p in enumerate(people))
    ends = sorted((m.end, i) for i, p in enumerate(people) for m in p.mentions)
    links: dict[int, int] = {}
    for start, i in firsts:
        before = text[max(0, start - 80) : start]
        previous = [(end, j) for end, j in ends if end <= start and j != i]
        if not previous:
            continue
        end, j = previous[-1]
        if right_after.match(text[end:start]) or (
            start - end <= 300 and after_pronoun.search(before)
        ):
            links[i] = links.get(j, j)
    return links
