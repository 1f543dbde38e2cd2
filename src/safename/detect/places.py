"""Home places across a whole document: one decision per place name.

The LOCATION recognizer finds places introduced as someone's home ("originaire de Kantché",
"her native Ouagadougou"). A home is also given away by the places written with it ("Kelbo, a
rural village in the Sahel's Soum province", "Afuze, Owan East Local Government Area of Edo
State", "Matameye (Zinder)") and by its other mentions (the dateline "EDO STATE, NIGERIA -",
the route "Zinder-Agadez-Arlit"). This step reads the document once the persons are decided:

* a weak home phrase ("left", "rentré à", "worked in a restaurant in") is dropped before a
  known migration hub (Agadez, Sfax...) or a place the story also names as a place of transit;
* places linked to a home place (data/quasi/places.toml: link_regexes) are homes too, in both
  directions, and a country linked to one is the person's origin (NATIONALITY);
* every other mention of a home place name follows, except after a transit, arrival or office
  phrase ("depuis le port de Sfax", "arrived in", "the IOM office in") and before "camp".

Names, places the tagger reads as ordinary words and capitalised sentence openers ("In Kaya"
-> "Kaya") are told apart with the grammar (part of speech) where the pipeline has a tagger.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from safename.detect.common_words import is_common_word
from safename.detect.grammar import Grammar
from safename.detect.lexicon import lexicon
from safename.detect.recognizers.location import (
    PLACE_START,
    _countries,
    _regions,
    _words_alternation,
    admin_head,
    place_at,
    place_settings,
)
from safename.detect.recognizers.name_spans import MONTHS_DAYS, stop_words
from safename.textutil import fold, is_all_caps

_SENTENCE_BREAK = re.compile(r"[.!?…](?:[\s»”\"]|$)|\n")
_MAX_GAP = 70
_NAMES_A_THING = re.compile(r"[ \u00a0]+[A-ZÀ-Ý][a-zà-ÿ]")


@dataclass
class Place:
    start: int
    end: int
    name: str

    @property
    def key(self) -> str:
        return fold(self.name)


@dataclass
class HomePlaces:
    """What the document step decided: the home-place spans (replacing the recognizer's), and
    the countries written with a home place (each with the home place's name)."""

    spans: list[tuple[int, int, str]]
    countries: list[tuple[int, int, str]]


@cache
def _rules(language: str) -> dict[str, object]:
    conf = place_settings(language)
    admin = "(?:" + _words_alternation(conf["admin_words"]) + ")"
    adj = "(?:" + "|".join(conf["admin_adjectives"]) + ")"
    links = [
        re.compile(r.replace("{admin}", admin).replace("{adj}", adj), re.IGNORECASE)
        for r in conf["link_regexes"]
    ]
    return {
        "links": links,
        "transit": re.compile(conf["transit_before_regex"], re.IGNORECASE),
        "not_after": re.compile(conf["not_after_regex"], re.IGNORECASE),
        "hubs": frozenset(fold(h) for h in conf["transit_hubs"]),
        "present": re.compile(conf["present_cue_regex"], re.IGNORECASE),
        "appos_link": re.compile(conf["apposition_link_regex"], re.IGNORECASE),
        "appos_head": re.compile(conf["apposition_head_regex"], re.IGNORECASE),
    }


def _place_runs(text: str, language: str) -> list[tuple[int, str]]:
    """(start, words) of every capitalised place-like run, before its leading ordinary words
    are told apart (which may need the tagger)."""
    heads = admin_head(language)
    runs: list[tuple[int, str]] = []
    until = -1
    for s in PLACE_START.finditer(text):
        start = s.start()
        if start < until:
            continue
        head = heads.match(text, start)
        if head:
            until = head.end()  # "Local Government Area", "Région": what kind of place
            continue
        name = place_at(text, start, language)
        if not name:
            continue
        until = start + len(name)
        runs.append((start, name))
    return runs


def _strip_ordinary(
    runs: Sequence[tuple[int, str]], language: str, grammar: Grammar
) -> list[Place]:
    """The runs as places, without the ordinary words a sentence may open with ("In Kaya" ->
    "Kaya", "Originaire de Koumassi" -> "Koumassi")."""
    stops = stop_words(language)
    if grammar:  # the words _ordinary may ask the tagger about, tagged in one call
        grammar.prefetch(_maybe_asked(runs, language, stops))
    out: list[Place] = []
    for start, name in runs:
        while name:
            first = name.split()[0]
            particle = fold(first) in ("de", "du", "el", "al")
            if not particle and not _ordinary(first, start, language, grammar, stops):
                break
            rest = name[len(first) :].lstrip(" \u00a0")
            start += len(name) - len(rest)
            name = rest
        if name:
            out.append(Place(start, start + len(name), name))
    return out


def _suffixes(start: int, name: str) -> list[Place]:
    """Every place a run may turn out to be, whatever `_strip_ordinary` strips."""
    out = []
    for w in re.finditer(r"\S+", name):
        out.append(Place(start + w.start(), start + len(name), name[w.start() :]))
    return out


def _sentences(text: str, runs: Sequence[tuple[int, str]]) -> list[int]:
    """A sentence number per run. Places of two sentences are never linked: the gap between
    them holds the break whatever leading words are stripped (so no `$` in this pattern)."""
    out: list[int] = []
    number = 0
    for k, (start, _) in enumerate(runs):
        if k:
            before_start, before_name = runs[k - 1]
            if _HARD_BREAK.search(text, before_start + len(before_name), start):
                number += 1
        out.append(number)
    return out


_HARD_BREAK = re.compile(r"[.!?…][\s»”\"]|\n")


def _maybe_asked(runs: list[tuple[int, str]], language: str, stops) -> list[int]:
    """Starts of the leading ordinary words of each run: the words `_ordinary` asks the
    tagger about (whatever it answers, it asks about no other)."""
    out = []
    for start, name in runs:
        for w in re.finditer(r"\S+", name):
            word = w.group()
            if fold(word) in stops or fold(word) in ("de", "du", "el", "al"):
                continue
            if is_all_caps(word) or not is_common_word(word, language):
                break
            out.append(start + w.start())
    return out


def _ordinary(word: str, start: int, language: str, grammar: Grammar, stops) -> bool:
    """A capitalised ordinary word, not a name: a determiner or preposition, or a common word
    the tagger does not read as a proper noun."""
    if fold(word) in stops:
        return True
    if is_all_caps(word):
        return False
    if not is_common_word(word, language):
        return False
    pos = grammar.pos_at(start) if grammar else None
    return pos != "PROPN"


def resolve_home_places(
    text: str,
    language: str,
    homes: list[tuple[int, int, bool, str]],
    covered: Callable[[int, int], bool],
    grammar: Grammar,
) -> HomePlaces:
    """`homes`: the recognizer's home places (start, end, weak cue, reason). `covered`: whether
    a span is already another finding (a person's name is never a place).

    Places linked to each other become one span ("Afuze, Owan East Local Government Area of Edo
    State"), so the text says "a town in West Africa" once instead of a list of generalisations.
    """
    # Only the places that can change the answer are told apart (tagged): the runs of a
    # sentence holding a home place, those named like a weak home (a transit elsewhere drops
    # it) and, once the home names are known, those named like one. The others are left out:
    # they touch no home, and a link never crosses a sentence, so the answer is the same as
    # with every place of the document (tests/test_places.py compares the two).
    runs = _place_runs(text, language)
    sentence = _sentences(text, runs)
    weak_keys = {fold(text[a:b]) for a, b, weak, _ in homes if weak}
    chosen: set[int] = set()
    for k, (start, name) in enumerate(runs):
        end = start + len(name)
        if any(a < end and start < b for a, b, _, _ in homes) or (
            weak_keys and any(p.key in weak_keys for p in _suffixes(start, name))
        ):
            chosen.add(sentence[k])

    def told_apart(sentences: set[int]) -> list[Place]:
        return _strip_ordinary(
            [run for k, run in enumerate(runs) if sentence[k] in sentences], language, grammar
        )

    found, names = _resolve(text, language, homes, covered, told_apart(chosen))
    more = {
        sentence[k]
        for k, (start, name) in enumerate(runs)
        if sentence[k] not in chosen
        and any(fold(text[a:b]) in names for p in _suffixes(start, name) for a, b in _parts(p))
    }
    if more:
        found, _ = _resolve(text, language, homes, covered, told_apart(chosen | more))
    return found


def _resolve(
    text: str,
    language: str,
    homes: list[tuple[int, int, bool, str]],
    covered: Callable[[int, int], bool],
    places: list[Place],
) -> tuple[HomePlaces, dict[str, str]]:
    """The home places given the document's `places`, and the home place names (folded ->
    as written) whose other mentions follow."""
    rules = _rules(language)
    heads = admin_head(language)
    transit_names = {
        p.key for p in places if rules["transit"].search(text, max(0, p.start - 60), p.start)
    }
    strong: list[tuple[int, int, str]] = []
    for start, end, weak, why in homes:
        key = fold(text[start:end])
        if not (weak and (key in rules["hubs"] or key in transit_names)):
            strong.append((start, end, why))
    reason: dict[int, str] = {}
    present: dict[int, bool] = {}  # a present home: its country is not an origin
    lone: list[tuple[int, int, str]] = []
    for start, end, why in strong:
        hit = [i for i, p in enumerate(places) if p.start < end and start < p.end]
        for i in hit:
            reason.setdefault(i, why)
            present.setdefault(i, bool(rules["present"].search(why)))
        if not hit:
            lone.append((start, end, why))
    # Places written together: the chain Kelbo -> Sahel -> Soum, both ways.
    linked: dict[int, set[int]] = {}
    for i in range(len(places) - 1):
        a, b = places[i], places[i + 1]
        gap = text[a.end : b.start]
        if len(gap) > _MAX_GAP or _SENTENCE_BREAK.search(gap):
            continue
        if any(link.fullmatch(gap) for link in rules["links"]) or (
            rules["appos_link"].fullmatch(gap) and rules["appos_head"].match(text, b.end)
        ):
            linked.setdefault(i, set()).add(i + 1)
            linked.setdefault(i + 1, set()).add(i)
    countries = _countries()
    regions = _regions()

    def usable(start: int, end: int) -> bool:
        key = fold(text[start:end])
        return not (key in regions or key in MONTHS_DAYS or covered(start, end)) and not rules[
            "not_after"
        ].match(text, end)

    found_countries: list[tuple[int, int, str]] = []

    def close(todo: list[int]) -> None:
        """Follow the links from the places in `todo` (a country ends a chain)."""
        while todo:
            i = todo.pop()
            for j in linked.get(i, ()):
                if j in reason:
                    continue
                p = places[j]
                present[j] = present.get(i, False)
                if p.key in countries:
                    if not present[j]:
                        found_countries.append((p.start, p.end, places[i].name))
                    reason[j] = ""  # NATIONALITY's
                    continue
                if not usable(p.start, p.end):
                    reason[j] = ""
                    continue
                reason[j] = f"written with the home place '{places[i].name}'"
                todo.append(j)

    close(list(reason))
    names = {places[i].key: places[i].name for i, why in reason.items() if why}
    name_present = {places[i].key: present.get(i, False) for i, why in reason.items() if why}
    names |= {fold(text[a:b]): text[a:b] for a, b, _ in lone}
    spans: list[tuple[int, int, str]] = list(lone)
    again: list[int] = []
    for j, p in enumerate(places):
        if j in reason:
            continue
        for start, end in _parts(p):
            key = fold(text[start:end])
            if key not in names or key in countries:
                continue
            if rules["transit"].search(text, max(0, start - 60), start):
                break  # "depuis le port de Sfax", "arrived in Kaya": the journey
            if _NAMES_A_THING.match(text, end) and not lexicon().is_place(
                text[end:].split(None, 1)[0]
            ):
                break  # "the Edo State Migration Agency", "Kaya Hospital": an institution
            if not usable(start, end):
                break
            why = f"the home place '{names[key]}' again"
            if (start, end) == (p.start, p.end):
                reason[j] = why
                present[j] = name_present.get(key, False)
                again.append(j)
            else:
                spans.append((start, end, why))
            break
    close(again)  # the dateline "Sagamu, État d'Ogun, Nigéria": its places and country too
    home = sorted(i for i, why in reason.items() if why)
    k = 0
    while k < len(home):
        first = last = home[k]
        while k + 1 < len(home) and home[k + 1] == last + 1 and last + 1 in linked.get(last, ()):
            k += 1
            last = home[k]
        why = "; ".join(dict.fromkeys(reason[i] for i in range(first, last + 1)))
        end = places[last].end
        # "… the Sahel's Soum province", "Bamako's Badalabougou neighbourhood": the kind of
        # place goes with it; "…, the Edo State capital" too when places were linked.
        tail = heads.match(text, end + 1) if text[end : end + 1] == " " else None
        if tail is None and first != last:
            tail = rules["appos_head"].match(text, end)
        end = tail.end() if tail else end
        inside = text[places[first].start : end]
        if "(" in inside and ")" not in inside and text[end : end + 1] == ")":
            end += 1  # "Matameye (Zinder)": the bracket closes inside the span
        spans.append((places[first].start, end, why))
        k += 1
    return HomePlaces(sorted(spans), found_countries), names


def _parts(p: Place) -> list[tuple[int, int]]:
    """The place and, for a route ("Zinder-Agadez-Arlit"), each stop; for a longer run
    ("Kaya Burkina"), its leading words."""
    out = [(p.start, p.end)]
    words = list(re.finditer(r"\S+", p.name))
    for k in range(len(words) - 1, 0, -1):
        out.append((p.start, p.start + words[k - 1].end()))
    if "-" in p.name and " " not in p.name:
        at = p.start
        for part in p.name.split("-"):
            if part and part != p.name:
                out.append((at, at + len(part)))
            at += len(part) + 1
    return out
