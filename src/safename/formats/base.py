"""What every file format adapter provides: a plain-text *view* to scan, and a way back.

The detection engine only understands plain text. Each adapter turns a file into a `view` (the
prose a reader sees: no Markdown code, no HTML tags, Word paragraphs joined with newlines), the
engine finds names in the view, and the adapter applies the replacements back into the original
bytes or XML. Keeping the view separate from the source is what lets a Markdown code block, an
HTML entity or a Word run boundary survive redaction untouched.
"""

from __future__ import annotations

import bisect
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from safename.findings import Finding
from safename.review.pragmas import Pragma
from safename.textutil import LineIndex


@dataclass
class Notice:
    """Something outside the scanned prose that identifies a person, or that a reviewer must see.

    Word comments, tracked changes and author properties are removed by `redact`
    (`fixed_by_redact`); a name inside a link URL is only reported, because rewriting a URL would
    break the link: a person has to decide.
    """

    kind: str  # COMMENT, TRACKED_CHANGE, PROPERTY, NAME_IN_URL, PSEUDONYM_WITHOUT_FOOTNOTE
    text: str
    message: str
    offset: int | None = None  # view offset used for line:col, None when not in the text
    fixed_by_redact: bool = False
    # Only worth reporting when the text has something to redact (a thumbnail pictures the
    # first page: with nothing to hide in the text, it shows nothing to hide either).
    only_with_changes: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "text": self.text,
            "message": self.message,
            "fixed_by_redact": self.fixed_by_redact,
        }


@dataclass
class Rendered:
    """A redacted file: the bytes to write, and its text for `--diff`."""

    data: bytes
    diff_text: str


def splice(source: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """Apply non-overlapping (start, end, replacement) edits to `source`, in one pass."""
    out: list[str] = []
    pos = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:
            raise ValueError(f"overlapping edits at offset {start}")
        out.append(source[pos:start])
        out.append(replacement)
        pos = end
    out.append(source[pos:])
    return "".join(out)


def spread(replacement: str, segments: Sequence[str], breaks: Sequence[bool]) -> list[str]:
    """`replacement` cut into one piece per segment of the text it replaces.

    A name is sometimes split by something that must stay where it is: a line break ("Mamadou
    ⏎ Lamine" wrapped in Markdown, a `<br>`, a Word `<w:br/>`) or hidden markup (a link's
    `](url)`). Each segment gets as many words of the replacement as words of the name start in
    it, the last segment holding words takes the rest, and each segment keeps its own leading
    and trailing whitespace, so the break or the markup between segments stays in place.
    `breaks[k]` says whether segment k is separated from segment k-1 by whitespace (a line
    break), i.e. whether a word starting there is a new word. One segment: `replacement` as is.
    """
    if len(segments) <= 1:
        return [replacement]
    owners: list[int] = []  # segment where each word of the original text starts
    new_word = True
    for k, segment in enumerate(segments):
        if k > 0 and breaks[k]:
            new_word = True
        for ch in segment:
            if ch.isspace():
                new_word = True
            elif new_word:
                owners.append(k)
                new_word = False
    words = replacement.split()
    if not owners:
        return [replacement] + [""] * (len(segments) - 1)
    last = owners[-1]
    out: list[str] = []
    taken = 0
    for k, segment in enumerate(segments):
        n = owners.count(k)
        mine = words[taken:] if k == last else words[taken : taken + n]
        taken += len(mine)
        if not segment.strip():
            out.append(segment if not mine else " ".join(mine))
            continue
        lead = segment[: len(segment) - len(segment.lstrip())]
        trail = segment[len(segment.rstrip()) :]
        out.append(lead + " ".join(mine) + trail if mine else lead + trail)
    return out


def redacting(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that change the text: not kept, and given a replacement."""
    return [f for f in findings if f.action != "keep" and f.replacement is not None]


def append_footnote(body: str, footnote: str | None) -> str:
    """`body` followed by a blank line and the footnote, keeping whether it ended with a newline."""
    if not footnote:
        return body
    ends_with_newline = body.endswith("\n")
    text = body.rstrip("\n") + "\n\n" + footnote.strip("\n")
    return text + "\n" if ends_with_newline else text


def place_footnote(
    source: str,
    edits: Sequence[tuple[int, int, str]],
    footnote: str | None,
    at: int | None = None,
) -> str:
    """`source` with `edits` applied and the footnote as its own paragraph before offset `at`
    (a line start: a press-contact block, a signature), or at the end when `at` is None."""
    if not footnote or at is None or any(s < at < e for s, e, _ in edits):
        return append_footnote(splice(source, edits), footnote)
    before = splice(source[:at], [e for e in edits if e[1] <= at])
    after = splice(source[at:], [(s - at, e - at, r) for s, e, r in edits if e > at or s > at])
    head = before.rstrip(" \t")
    head = head if head.endswith("\n\n") or not head else head.rstrip("\n") + "\n\n"
    return head + footnote.strip("\n") + "\n\n" + after.lstrip("\n")


class Document(ABC):
    """One input file, read and ready to scan (`view`) and to write back redacted (`render`)."""

    format_name: ClassVar[str]

    def __init__(self, path: Path, view: str) -> None:
        self.path = path
        self.view = view
        self.notices: list[Notice] = []
        self.pragmas: list[Pragma] = []
        # Spans of the view that are only reported, never changed (Markdown link URLs).
        self.url_spans: list[tuple[int, int]] = []
        # Of those, values `redact` replaces itself (a Word media file name, renamed): a name in
        # them is reported as fixed by redact, not as something to edit by hand.
        self.renamed_on_redact: set[str] = set()
        # Spans of the view readers do not meet first in the story (front matter, <title>,
        # alt texts, metadata): the pseudonym marker goes on a later, visible mention.
        self.hidden_spans: list[tuple[int, int]] = []

    @abstractmethod
    def render(
        self, findings: Sequence[Finding], footnote: str | None, footnote_at: int | None = None
    ) -> Rendered:
        """The redacted file: each redacting finding's replacement applied, and the footnote
        before view offset `footnote_at` (a press-contact block, a signature) or at the end."""

    @property
    def diff_text(self) -> str:
        """What `--diff` compares with `Rendered.diff_text`: the source when it is text."""
        return self.view

    @property
    def display_text(self) -> str:
        """The text the HTML report shows, with the same offsets as `view`."""
        return self.view

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a view offset, as an editor shows it."""
        return self._line_index().position(offset)

    def _line_index(self) -> LineIndex:
        index = getattr(self, "_index", None)
        if index is None:
            index = self._index = LineIndex(self.view)
        return index


@dataclass
class OffsetMap:
    """Maps offsets of a view built piecewise from a source string back to source offsets.

    Each piece says "view[v:v+n] came from source[s:s+m]". Pieces with n == m are copied
    character by character; others (an entity such as `&eacute;`) are atomic: a finding that
    touches them replaces all of them. Synthetic view characters (a newline standing for a `<p>`)
    have no piece.
    """

    view_starts: list[int] = field(default_factory=list)
    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)  # v, n, s, m

    def add(self, view_offset: int, view_len: int, source_offset: int, source_len: int) -> None:
        self.view_starts.append(view_offset)
        self.pieces.append((view_offset, view_len, source_offset, source_len))

    def source_ranges(self, start: int, end: int) -> list[tuple[int, int]]:
        """Source ranges covering view[start:end], merged where they touch in the source."""
        i = max(0, bisect.bisect_right(self.view_starts, start) - 1)
        ranges: list[tuple[int, int]] = []
        while i < len(self.pieces):
            v, n, s, m = self.pieces[i]
            if v >= end:
                break
            if v + n > start:
                if n == m:
                    lo = s + max(start, v) - v
                    hi = s + min(end, v + n) - v
                else:
                    lo, hi = s, s + m
                if ranges and ranges[-1][1] == lo:
                    ranges[-1] = (ranges[-1][0], hi)
                else:
                    ranges.append((lo, hi))
            i += 1
        return ranges

    def source_pieces(self, start: int, end: int) -> list[tuple[int, int, int, int]]:
        """(view_start, view_end, source_start, source_end) covering view[start:end].

        Like `source_ranges`, merged where they touch in the source, but each range also says
        which view characters it stands for, so a caller can see what lies between two ranges
        (a synthetic line break for a `<br>`, nothing for `</em>`).
        """
        i = max(0, bisect.bisect_right(self.view_starts, start) - 1)
        out: list[tuple[int, int, int, int]] = []
        while i < len(self.pieces):
            v, n, s, m = self.pieces[i]
            if v >= end:
                break
            if v + n > start:
                vlo, vhi = max(start, v), min(end, v + n)
                if n == m:
                    lo, hi = s + vlo - v, s + vhi - v
                else:
                    vlo, vhi, lo, hi = v, v + n, s, s + m
                if out and out[-1][3] == lo and out[-1][1] == vlo:
                    out[-1] = (out[-1][0], vhi, out[-1][2], hi)
                else:
                    out.append((vlo, vhi, lo, hi))
            i += 1
        return out

    def source_offset(self, offset: int) -> int | None:
        """Source offset of the view character at `offset`, or of the next mapped one."""
        i = bisect.bisect_right(self.view_starts, offset) - 1
        if i >= 0:
            v, n, s, m = self.pieces[i]
            if offset < v + n:
                return s + (offset - v if n == m else 0)
        if i + 1 < len(self.pieces):
            return self.pieces[i + 1][2]
        return None
