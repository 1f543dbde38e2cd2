"""The part of the spaCy parse the decisions read: part of speech and gender per token.

Recognizers see one span at a time; the person decisions need to ask "is the capitalised word
at offset 812 an adverb?" or "is this mention feminine?". A `Grammar` answers that by
character offset, for a whole document even when it was parsed in chunks, and tags only what
it is asked about (safename.detect.tagging).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Protocol

from safename.detect.tagging import LazyTags


class _Shift(Protocol):
    start: int
    end: int
    out_start: int
    out_end: int


class Grammar:
    """Token offsets, universal POS and morphological gender, in document offsets."""

    def __init__(self, parts: Sequence[tuple[LazyTags, int]] = ()) -> None:
        # (tags of one parsed chunk, its offset in the document), in document order. Where two
        # chunks overlap, the first parse is kept.
        self._parts = [(tags, offset) for tags, offset in parts if tags]

    @classmethod
    def from_docs(cls, docs: Iterable[tuple[LazyTags | None, int]]) -> Grammar:
        return cls([(tags, offset) for tags, offset in docs if tags is not None])

    def __bool__(self) -> bool:
        return bool(self._parts)

    def _token(self, start: int) -> tuple[LazyTags, int, int] | None:
        """(tags, token index, offset) of the token starting exactly at `start`."""
        for tags, offset in self._parts:
            if start < offset:
                return None
            if start < offset + tags.ends[-1]:
                i = tags.index(start - offset)
                return None if i is None else (tags, i, offset)
        return None

    def prefetch(self, starts: Iterable[int]) -> None:
        """Tag the tokens starting at `starts` in one call per chunk, before a rule asks
        about them one by one (one call to the tagger per question costs many times more)."""
        by_part: dict[int, tuple[LazyTags, list[int]]] = {}
        for start in starts:
            found = self._token(start)
            if found is not None:
                by_part.setdefault(id(found[0]), (found[0], []))[1].append(found[1])
        for tags, indices in by_part.values():
            tags.prefetch(indices)

    def pos_at(self, start: int) -> str | None:
        """POS of the token starting exactly at `start`, None when unknown."""
        found = self._token(start)
        return None if found is None else found[0].pos(found[1])

    def token_end(self, start: int) -> int | None:
        found = self._token(start)
        return None if found is None else found[0].ends[found[1]] + found[2]

    def _spans(self, start: int, end: int) -> Iterable[tuple[LazyTags, int, int, int]]:
        """(tags, first token, end token, offset) of the tokens starting in [start, end)."""
        done = start
        for tags, offset in self._parts:
            if done >= end:
                break
            hi = offset + tags.ends[-1]
            if hi <= done:
                continue
            i = bisect.bisect_left(tags.starts, done - offset)
            j = bisect.bisect_left(tags.starts, end - offset)
            if i < j:
                tags.ensure(i, j)
                yield tags, i, j, offset
            done = hi

    def tokens_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return [
            (tags.starts[k] + offset, tags.ends[k] + offset, tags.pos(k))
            for tags, i, j, offset in self._spans(start, end)
            for k in range(i, j)
        ]

    def gender_near(self, start: int, end: int) -> str | None:
        """Gender of the words in [start, end) that carry one ("âgée", "elle"), if they agree."""
        found = {
            tags.gender(k)
            for tags, i, j, _ in self._spans(start, end)
            for k in range(i, j)
            if tags.gender(k) in ("Fem", "Masc")
        }
        return found.pop() if len(found) == 1 else None

    def shifted(self, regions: Sequence[_Shift]) -> Grammar:
        """This grammar in the offsets of a text where each region's [start, end) was replaced
        by [out_start, out_end); tokens a replacement touched are unknown there, so the rules
        fall back to the words, as they do without a tagger."""
        return ShiftedGrammar(self, regions) if self else Grammar()


class ShiftedGrammar(Grammar):
    def __init__(self, base: Grammar, regions: Sequence[_Shift]) -> None:
        super().__init__()
        self._base = base
        self._starts = [g.start for g in regions]
        self._ends = [g.end for g in regions]
        self._out_starts = [g.out_start for g in regions]
        self._out_ends = [g.out_end for g in regions]
        self._shifts = [0]
        for g in regions:
            self._shifts.append(self._shifts[-1] + (g.out_end - g.out_start) - (g.end - g.start))

    def __bool__(self) -> bool:
        return bool(self._base)

    def _original(self, start: int) -> int | None:
        """The offset in the original text of new offset `start`, None inside a replacement
        or at a token a replacement overlaps."""
        n = bisect.bisect_right(self._out_ends, start)  # replacements wholly before `start`
        if n < len(self._out_starts) and self._out_starts[n] <= start:
            return None
        old = start - self._shifts[n]
        end = self._base.token_end(old)
        if end is None or bisect.bisect_left(self._starts, end) > n:
            return None  # no such token, or it runs into the next replacement
        return old

    def prefetch(self, starts: Iterable[int]) -> None:
        self._base.prefetch(o for o in map(self._original, starts) if o is not None)

    def pos_at(self, start: int) -> str | None:
        old = self._original(start)
        return None if old is None else self._base.pos_at(old)

    def token_end(self, start: int) -> int | None:
        old = self._original(start)
        if old is None:
            return None
        end = self._base.token_end(old)
        return None if end is None else end + (start - old)

    def _old(self, start: int) -> int:
        """The original offset of new offset `start` (a replacement's start when inside it)."""
        n = bisect.bisect_right(self._out_ends, start)
        if n < len(self._out_starts) and self._out_starts[n] <= start:
            return self._starts[n]
        return start - self._shifts[n]

    def tokens_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        out = []
        for s, e, pos in self._base.tokens_in(self._old(start), self._old(end)):
            n = bisect.bisect_right(self._ends, s)
            if bisect.bisect_left(self._starts, e) > n:
                continue  # the token overlaps a replacement
            out.append((s + self._shifts[n], e + self._shifts[n], pos))
        return out

    def gender_near(self, start: int, end: int) -> str | None:
        return None  # not asked on redacted text: genders are decided on the original
