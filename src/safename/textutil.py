"""Small text helpers shared by the recognizers: folding and offset bookkeeping."""

from __future__ import annotations

import bisect
import re
import unicodedata

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
