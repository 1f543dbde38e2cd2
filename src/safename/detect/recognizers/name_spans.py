"""Word-level helpers the PERSON recognizers share: which words can be part of a name.

Recognizers find an anchor (a gazetteer hit, an honorific, "named ...") and then grow the span
over neighbouring capitalised words, so "Chidinma Okeke" is found whole even when only
"Chidinma" is in the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from safename.data import context
from safename.detect.common_words import in_no_dictionary, is_common_word
from safename.detect.language import _stop_words
from safename.detect.lexicon import Lexicon
from safename.detect.tagging import LazyTags
from safename.textutil import WORD_RE, fold, is_all_caps, is_capitalised

# Lower-case particles inside Arabic, Moorish, Tuareg and Hausa names: "Mohamed ould Abdallah".
NAME_PARTICLES = frozenset(
    {"ould", "ben", "bin", "bint", "ibn", "el", "al", "ag", "mint", "dan", "wa", "ba"}
)
# Elided articles glued to a name in French: "d'Aminata", "l'Aminata", "qu'Aminata".
ELISION_RE = re.compile(r"^(?:[dlDL]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’ʼ]")
# "C'est", "qu'il", "J'ai", "n'a": an elided French word before a lower-case one is a piece of
# grammar, never part of a name ("C'est Hamsatou", "Moi c'est Ramatou"); compare "d'Aminata".
ELIDED_GRAMMAR_RE = re.compile(
    r"^(?:[cdjlmnstCDJLMNST]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’ʼ][a-zà-ÿ]"
)
POSSESSIVE_RE = re.compile(r"['’ʼ][sS]$|['’ʼ]$")

MONTHS_DAYS = frozenset(
    fold(w)
    for w in [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
    ]
)


class Word:
    """A word of a text: its offsets, its text and `key`, fold(text), computed once (the rules
    look a word's key up in several tables). Equal words have equal offsets and text.

    A plain class with slots, not a frozen dataclass: a long document has hundreds of thousands
    of words, and building them was most of the time of a megabyte without a name.
    """

    __slots__ = ("start", "end", "text", "key")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.key = fold(text)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):  # as a dataclass: a Variant is no plain Word
            return NotImplemented
        assert isinstance(other, Word)
        return (self.start, self.end, self.text) == (other.start, other.end, other.text)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text))

    def __repr__(self) -> str:
        return f"Word(start={self.start}, end={self.end}, text={self.text!r})"


@cache
def stop_words(language: str) -> frozenset[str]:
    return frozenset(fold(w) for w in _stop_words(language))


def words(text: str) -> tuple[Word, ...]:
    """Words with French elisions and possessives peeled off, so "d'Aminata" yields "Aminata".

    Cached: the gazetteer, the context rules and the resolver each walk the same document, and
    the many short spans in between (entity texts, windows) must not push it out of the cache.
    """
    return _document_words(text) if len(text) > 300 else _span_words(text)


@lru_cache(maxsize=4)
def _document_words(text: str) -> tuple[Word, ...]:
    return _split_words(text)


@lru_cache(maxsize=4096)
def _span_words(text: str) -> tuple[Word, ...]:
    return _split_words(text)


def _split_words(text: str) -> tuple[Word, ...]:
    out: list[Word] = []
    for m in WORD_RE.finditer(text):
        start, end, w = m.start(), m.end(), m.group()
        if "'" not in w and "’" not in w and "ʼ" not in w:  # no elision, no possessive
            out.append(Word(start, end, w))
            continue
        el = ELISION_RE.match(w)
        if el and len(w) > el.end() and w[el.end()].isupper():
            start += el.end()
            w = w[el.end() :]
        poss = POSSESSIVE_RE.search(w)
        # "Aminata's", and an initial's "B's" ("Kouyaté B's boat"), but not "It's"-like stubs.
        if poss and (len(w) > 3 or (len(w) == 3 and w[0].isupper())):
            end -= len(poss.group())
            w = w[: -len(poss.group())]
        out.append(Word(start, end, w))
    return tuple(out)


class ProperNouns:
    """`offset in propn`: whether the tagger reads the token starting at `offset` as a proper
    noun. Asked of a few words per text, each tagged when asked (safename.detect.tagging)."""

    def __init__(self, tags: LazyTags) -> None:
        self.tags = tags

    def __contains__(self, start: object) -> bool:
        i = self.tags.index(start) if isinstance(start, int) else None
        return i is not None and self.tags.pos(i) == "PROPN"


def proper_noun_starts(nlp_artifacts: object | None) -> ProperNouns | None:
    """The proper nouns of the parse (None when the pipeline has no tagger)."""
    tags = getattr(nlp_artifacts, "safename_tags", None)
    return ProperNouns(tags) if tags else None


@cache
def not_name_words(language: str) -> frozenset[str]:
    """Capitalised labels and title words that never belong to a name ("Email", "Minister")."""
    return frozenset(fold(w) for w in context(language).get("not_names", []))


@cache
def honorific_words(language: str) -> frozenset[str]:
    return frozenset(fold(w.rstrip(".")) for w in context(language).get("honorifics", []))


def can_extend(
    word: Word,
    lex: Lexicon,
    language: str,
    caps_context: bool,
    propn: ProperNouns | None = None,
    known_only: bool = False,
    trusted: bool = False,
) -> bool:
    """Whether a capitalised neighbour of a name is itself part of the name.

    Words missing from the name tables join only on the right and only when the tagger calls
    them proper nouns, so "Later Fatoumata" and "World Refugee Day" do not swallow "Later" or
    "World Refugee", while "Chidinma Okeke" keeps "Okeke".
    """
    if len(word.text) == 1:
        return False  # initials join through is_initial() in grow()
    if ELIDED_GRAMMAR_RE.match(word.text):
        return False
    key = word.key
    if key in not_name_words(language) or key in honorific_words(language) or key in MONTHS_DAYS:
        return False
    known = lex.is_name(word.text) and not lex.is_common_word_name(word.text)
    if caps_context:
        if known:
            return True
        # In capitals the tagger calls nearly every word a proper noun: an ordinary word
        # ("A NEW START AMINATA TRAORÉ") is no name part there.
        return (
            not known_only
            and propn is not None
            and key not in stop_words(language)
            and not is_common_word(word.text, language)
            and word.start in propn
        )
    if not is_capitalised(word.text):
        return False
    if key in stop_words(language):
        return False
    if trusted and not known_only and not lex.is_organisation(word.text):
        return True  # after "Mr"/"named": "Mr Eyüp Kaya" keeps "Kaya", a town's name too
    if lex.is_non_person(word.text):
        # A surname that is also a town joins on the right of a name.
        return lex.is_name(word.text) and (not lex.is_place(word.text) or not known_only)
    if lex.is_name(word.text):
        return True
    if known_only or is_common_word(word.text, language):
        return False
    # The tagger, where the pipeline has one, must read it as a proper noun.
    return propn is None or word.start in propn


def _unknown_proper_noun(word: Word, language: str, propn: ProperNouns | None) -> bool:
    """A capitalised word no dictionary has (`in_no_dictionary`), tagged as a proper noun."""
    return (
        propn is not None
        and is_capitalised(word.text)
        and word.key not in stop_words(language)
        and in_no_dictionary(word.text, language)
        and word.start in propn
    )


def sentence_initial(word: Word, text: str) -> bool:
    before = text[max(0, word.start - 3) : word.start].rstrip(" \t\u00a0«“\"'(")
    return not before or before[-1] in ".!?\n:;–—-•*#>|"


def is_initial(word: Word, text: str) -> bool:
    return len(word.text) == 1 and word.text.isupper() and text[word.end : word.end + 1] == "."


def grow(
    words_: Sequence[Word],
    i: int,
    j: int,
    text: str,
    lex: Lexicon,
    language: str,
    propn: ProperNouns | None = None,
    max_words: int = 4,
    trusted: bool = False,
) -> tuple[int, int]:
    """Grow the word range [i, j] over adjacent name words separated by one space or hyphen."""
    caps = is_all_caps(words_[i].text)

    def adjacent(a: Word, b: Word) -> bool:
        gap = text[a.end : b.start]
        if is_initial(a, text):  # "C. Whomersley", "N.Ö. Akın"
            return gap in (".", ". ", ".\u00a0")
        if gap == "\n":  # a name wrapped onto the next line, but never a heading or label
            if caps or is_all_caps(a.text) or is_all_caps(b.text):
                return False
            return lex.is_name(a.text) and lex.is_name(b.text)
        return gap in (" ", "-", "\u00a0")

    while i > 0 and j - i + 1 < max_words and adjacent(words_[i - 1], words_[i]):
        prev = words_[i - 1]
        if (
            prev.key in NAME_PARTICLES
            and i > 1
            and adjacent(words_[i - 2], prev)
            and can_extend(words_[i - 2], lex, language, caps, propn, True, trusted)
        ):
            i -= 2
        elif (
            (is_initial(prev, text) and prev.key not in honorific_words(language))
            or can_extend(prev, lex, language, caps, propn, True, trusted)
            # "When Guéhi Serge Oulaï crossed": an unknown proper noun on the left. The first
            # word of a sentence ("Later Fatoumata") only when no dictionary has it and the
            # tagger calls it a proper noun ("Ebiere Okoro and her son"): a sentence-initial
            # given name the tables do not know would otherwise be published beside the
            # pseudonym of its surname.
            or (
                (not sentence_initial(prev, text) or _unknown_proper_noun(prev, language, propn))
                and can_extend(prev, lex, language, caps, propn, trusted=trusted)
            )
        ):
            i -= 1
        else:
            break
    while j + 1 < len(words_) and j - i + 1 < max_words and adjacent(words_[j], words_[j + 1]):
        nxt = words_[j + 1]
        if (
            nxt.key in NAME_PARTICLES
            and j + 2 < len(words_)
            and adjacent(nxt, words_[j + 2])
            and can_extend(words_[j + 2], lex, language, caps, propn, trusted=trusted)
        ):
            j += 2
        elif is_initial(nxt, text) or can_extend(nxt, lex, language, caps, propn, trusted=trusted):
            j += 1
        else:
            break
    return i, j
