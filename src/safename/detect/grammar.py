"""The part of the spaCy parse the decisions read: part of speech and gender per token.

Recognizers see one span at a time; the person decisions need to ask "is the capitalised word
at offset 812 an adverb?" or "is this mention feminine?". A `Grammar` answers that by
character offset, for a whole document even when it was parsed in chunks.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.attrs import IDX, LENGTH, MORPH, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc

_GENDERS: dict[int, str] = {}


def _pos_name(pos: int) -> str:
    """`Token.pos_` from the POS id ("" when untagged)."""
    return POS_NAMES.get(pos, "") if pos else ""


def _gender(morph: int, strings: StringStore) -> str:
    """`",".join(token.morph.get("Gender"))` from the morphology hash."""
    found = _GENDERS.get(morph)
    if found is None:
        found = ""
        if morph:
            for feature in strings[morph].split("|"):
                name, _, values = feature.partition("=")
                if name == "Gender":
                    found = values
                    break
        _GENDERS[morph] = found
    return found


@dataclass
class Grammar:
    """Token starts, ends, universal POS and morphological gender, in document offsets."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    gender: list[str] = field(default_factory=list)

    @classmethod
    def from_docs(cls, docs: Iterable[tuple[Doc, int]]) -> Grammar:
        g = cls()
        for doc, offset in docs:
            if doc is None or not len(doc) or not doc[0].pos_:
                continue  # no tagger in this pipeline: the rules fall back to the words
            # One array per document instead of a Python Token per token (same values).
            table = doc.to_array([IDX, LENGTH, POS, MORPH]).tolist()
            strings = doc.vocab.strings
            for idx, length, pos, morph in table:
                start = idx + offset
                if g.starts and start <= g.starts[-1]:
                    continue  # overlap of two chunks: the first parse is kept
                g.starts.append(start)
                g.ends.append(start + length)
                g.pos.append(_pos_name(pos))
                g.gender.append(_gender(morph, strings))
        return g

    def __bool__(self) -> bool:
        return bool(self.starts)

    def _index(self, start: int) -> int | None:
        i = bisect.bisect_left(self.starts, start)
        if i < len(self.starts) and self.starts[i] == start:
            return i
        return None

    def pos_at(self, start: int) -> str | None:
        """POS of the token starting exactly at `start`, None when unknown."""
        i = self._index(start)
        return None if i is None else self.pos[i]

    def tokens_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.starts) and self.starts[i] < end:
            out.append((self.starts[i], self.ends[i], self.pos[i]))
            i += 1
        return out

    def gender_near(self, start: int, end: int) -> str | None:
        """Gender of the words in [start, end) that carry one ("âgée", "elle"), if they agree."""
        i = bisect.bisect_left(self.starts, start)
        found = set()
        while i < len(self.starts) and self.starts[i] < end:
            if self.gender[i] in ("Fem", "Masc"):
                found.add(self.gender[i])
            i += 1
        return found.pop() if len(found) == 1 else None
