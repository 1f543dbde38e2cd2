"""Small text helpers shared by the recognizers: folding and offset bookkeeping."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator

# Apostrophes that occur in names and elisions ("D'Elsa", "N’Diaye", "d’Aminata").
APOSTROPHES = "'’ʼ`´"
# A word as the recognizers see it: letters, inner apostrophes and hyphens ("Sierra-Léonais",
# "N'Diaye", "D'ELSA").
# A letter: a word character that is no digit, no underscore and no superscript footnote mark
# ("Ismail¹" is the name "Ismail" and a footnote, not one word).
_LETTER = r"[^\W\d_\u00b2\u00b3\u00b9\u2070-\u2079]"
WORD_RE = re.compile(_LETTER + r"+(?:[" + APOSTROPHES + r"\-]" + _LETTER + r"+)*")


def fold(text: str) -> str:
    """Case- and diacritic-insensitive key: "Aïssata" and "AISSATA" fold to "aissata".

    Apostrophe variants are unified too, so "N’Diaye" and "N'Diaye" match.
    """
    found = _FOLDED.get(text)
    if found is None:
        found = _fold(text)
        if len(text) <= 40 and len(_FOLDED) < _FOLDED_MAX:
            _FOLDED[text] = found
    return found


# Words and names are folded again and again (every word of every pass over a document):
# the short ones are remembered, up to a bound so that a file of random words cannot grow it.
_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 200_000


def _fold(text: str) -> str:
    if text.isascii():  # no diacritics to strip: a third of a scan's Python time went here
        return text.replace("`", "'").lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    for a in APOSTROPHES:
        stripped = stripped.replace(a, "'")
    return stripped.casefold()


def is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def is_all_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class LineIndex:
    """Turns str offsets into 1-based (line, column) pairs for lint-style output."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


#: How far a per-finding look-around reaches on each side. Context rules only need a phrase or
#: two; an unbounded "the whole line" made a 2-million-character single line quadratic (every
#: finding re-read the whole text).
CONTEXT_RADIUS = 200


def line_around(text: str, start: int, end: int, radius: int = CONTEXT_RADIUS) -> str:
    """The line holding text[start:end], cut to `radius` characters on each side."""
    lo = text.rfind("\n", max(0, start - radius), start) + 1 or max(0, start - radius)
    hi = text.find("\n", end, end + radius)
    return text[lo : hi if hi != -1 else min(len(text), end + radius)]


def line_before(text: str, start: int, radius: int = CONTEXT_RADIUS) -> str:
    """text from the start of the line holding `start` (at most `radius` back) up to `start`."""
    lo = text.rfind("\n", max(0, start - radius), start) + 1 or max(0, start - radius)
    return text[lo:start]


_WORD_BEFORE_STAR = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\Z")


def star_matches(text: str, pattern: re.Pattern[str], reach: int = 64) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern matching a word followed by "*" ("Lucy*").

    Run as is, such a pattern tries every letter of the text as a start and reads the whole
    word from each: a 20,000-letter "word" took minutes. Here each "*" is looked up, the word
    just before it (at most `reach` characters) found, and `pattern` matched from there only.
    """
    last_end = 0
    pos = text.find("*")
    while pos != -1:
        before = text[pos - 1 : pos]
        if not (before.isalnum() and not before.isdecimal()):  # no letter just before: no word
            pos = text.find("*", pos + 1)
            continue
        word = _WORD_BEFORE_STAR.search(text, max(last_end, pos - reach), pos)
        if word is not None:
            # The whole word first, then each part after an apostrophe or hyphen ("-L*").
            starts = [word.start()] + [i + 1 for i in range(word.start(), pos) if text[i] in "'’-"]
            for start in starts:
                m = pattern.match(text, start)
                if m is not None and m.end() > pos:
                    yield m
                    last_end = m.end()
                    break
        pos = text.find("*", pos + 1)
