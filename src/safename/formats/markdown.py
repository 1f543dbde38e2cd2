"""Markdown: only the prose changes.

The view has exactly the length of the source, with everything that is not prose blanked to
spaces: code spans and blocks, link destinations, HTML tags and comments, emphasis markers and
front-matter keys. Offsets in the view are offsets in the file, so replacements are spliced
straight into the original text and nothing else can move. Soft line breaks inside a paragraph
become spaces in the view so "said Laura D'Elsa,\\nProtection Coordinator" reads as one sentence.

Names inside link URLs are reported, never rewritten: a changed URL is a broken link.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from safename.findings import Finding
from safename.formats.base import (
    Document,
    Notice,
    Rendered,
    append_footnote,
    place_footnote,
    redacting,
    splice,
    spread,
)
from safename.formats.text import DecodedText, decode_bytes
from safename.review.pragmas import parse_pragmas
from safename.textutil import LineIndex

# Front-matter keys whose values are prose a reader sees, and may hold a name.
PROSE_KEYS = frozenset(
    {
        "title", "subtitle", "headline", "heading", "description", "summary", "excerpt",
        "abstract", "lede", "lead", "teaser", "caption", "captions", "alt", "alt_text",
        "image_alt", "imagealt", "credit", "credits", "photo_credit", "author", "authors",
        "byline", "testimony", "quote", "name", "names", "subject", "story", "text", "body",
    }
)  # fmt: skip
# Keys whose values are URLs or slugs: reported when they hold a name, never changed.
URL_KEYS = frozenset({"slug", "permalink", "url", "link", "canonical", "canonical_url", "aliases"})
# Keys whose values are settings, never shown as text. Any other key (`interviewee:`, `tags:`,
# `photographer:`...) is read: its value is prose, or, when it looks like a path, a slug or an
# id, reported like a URL.
SETTING_KEYS = frozenset(
    {
        "date", "lastmod", "publishdate", "expirydate", "updated", "created", "modified",
        "layout", "draft", "weight", "type", "lang", "language", "locale", "template", "id",
        "uuid", "order", "menu", "toc", "published", "format", "translationkey", "comments",
        "sitemap", "robots", "featured", "sticky", "pinned", "hidden", "math", "share",
    }
)  # fmt: skip
_URL_LIKE = re.compile(
    r"[A-Za-z][A-Za-z0-9+.\-]*://|[./~]?/|\S+\.(?:jpe?g|png|gif|webp|svg|pdf|html?)$"
)
_SLUG = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)+")
_SETTING_VALUE = re.compile(r"[\d\-:.TZ+ ]+|true|false|yes|no|null|~", re.I)
_FLOW_ITEM = re.compile(r"[^,\[\]{}]+")
_CONTACT_SCHEMES = ("tel:", "mailto:", "sms:", "callto:", "whatsapp:")

_FRONT_MATTER = re.compile(
    r"\A(---|\+\+\+)[ \t]*\n(.*?\n)?(---|\.\.\.|\+\+\+)[ \t]*(?:\n|\Z)", re.S
)
_FM_LINE = re.compile(r"^([ \t]*)(-[ \t]+)?(?:([A-Za-z_][\w\-]*)[ \t]*[:=](?=[ \t]|$)[ \t]*)?(.*)$")
# Comments are found by `_tags` (with the positions of every "-->"), not by a lazy `.*?-->`
# that would rescan the rest of the file from every "<!--" that is never closed.
_TAG = re.compile(r"<[A-Za-z][^<>]*>|</[A-Za-z][^<>]*>|<[!?][^<>]*>")
_UNESCAPED_STAR = re.compile(r"(?<![\\*])\*(?!\*)")
_ATTR = re.compile(
    r"""(?<![\w-])(alt|title|aria-label|aria-description|placeholder|value|label|data-[\w\-]+)"""
    r"""\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.I,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_REF_DEF = re.compile(
    r"^[ \t]{0,3}\[[^\]\n^][^\]\n]*\]:[ \t]*(<[^>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"([^\"\n]*)\"|'([^'\n]*)'|\(([^()\n]*)\)))?"
)
# A footnote reference or label ("Lucy[^pseudonym]"): kept whole, it marks a pseudonym.
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_CONTAINER_PREFIX = re.compile(r"[ \t>]*")
# `(destination "title")` after a link's `]`, as CommonMark reads it (no spaces in a bare
# destination, one level of balanced parentheses). A regex with disjoint alternatives rather
# than a character loop: a paragraph of "[a](" must not rescan itself from every bracket.
_LINK_DESTINATION = re.compile(
    r"\([ \t]*\n?[ \t]*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
    r"(?:[ \t]*\n?[ \t]*(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?"
    r"[ \t]*\n?[ \t]*\)",
    re.S,
)
_FENCE_LINE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})[^\n]*", re.M)
# A fence `redact` escaped because it was never closed (see `_body`): read as it was the first
# time, a blank line, so a second run sees the same story.
_ESCAPED_FENCE_LINE = re.compile(r"^[ \t>]*(?:(?:\\`){3,}|(?:\\~){3,})[^\n]*", re.M)
_FENCE_RUN = re.compile(r"`{3,}|~{3,}")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")


@cache
def _parser() -> MarkdownIt:
    # Block structure only: safename reads inline markup itself (`_inline`), and markdown-it's
    # inline pass is quadratic on runs of "*" or "[a](" (a 1 MB run took minutes).
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").disable("inline")


class MarkdownDocument(Document):
    format_name = "markdown"

    def __init__(self, path: Path, decoded: DecodedText) -> None:
        self.decoded = decoded
        self.source = decoded.text
        self._view = list(self.source)
        self._atomic: list[tuple[int, int]] = []  # entities: replaced whole or not at all
        self._urls: list[tuple[int, str]] = []
        self._pragmas = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        self._comment_ends = [m.start() for m in re.finditer("(?=-->)", self.source)]
        self._open_fences: list[str] = []
        self._fence_lines: list[tuple[int, int]] = []  # never closed: escaped by redact
        self._blank_lines: list[int] | None = None  # offsets of the "\n" before a blank line
        self._html_blocks: list[tuple[int, int]] = []  # HTML blocks, as markdown-it reads them
        self.notices_found: list[Notice] = []
        body_start = self._front_matter()
        self._body_start = body_start
        self._body(body_start)
        super().__init__(path, "".join(self._view))
        self.hidden_spans = [(0, body_start)] if body_start else []
        self.url_spans = self._urls
        self.pragmas = self._pragmas
        self.notices = self.notices_found

    @classmethod
    def from_bytes(cls, path: Path, data: bytes) -> MarkdownDocument:
        return cls(path, decode_bytes(data))

    # -- building the view --------------------------------------------------------------------

    def _blank(self, start: int, end: int) -> None:
        for i in range(start, end):
            if self._view[i] != "\n":
                self._view[i] = " "

    def _front_matter(self) -> int:
        m = _FRONT_MATTER.match(self.source)
        if not m:
            return 0
        self._blank(m.start(1), m.end(1))
        self._blank(m.start(3), m.end(3))
        pos = self.source.index("\n") + 1
        current: str | None = None
        current_indent = -1
        for line in (m.group(2) or "").splitlines(keepends=True):
            lm = _FM_LINE.match(line.rstrip("\n"))
            assert lm is not None
            indent = len(lm.group(1)) + len(lm.group(2) or "")
            key = (lm.group(3) or "").lower()
            value_start = pos + lm.start(4)
            value_end = pos + lm.end(4)
            if key:
                current, current_indent = key, indent
            elif not (line.strip() and indent > current_indent and current is not None):
                current = None  # a list item or a block scalar line belongs to `current`
            prose = current in PROSE_KEYS
            is_url = current in URL_KEYS
            value = self.source[value_start:value_end]
            self._blank(pos, value_start)
            other = current is not None and not prose and not is_url
            setting = other and current in SETTING_KEYS
            if value.strip() in ("|", ">", "|-", ">-", "[", "{") or not value.strip() or setting:
                self._blank(value_start, value_end)
            elif other:
                if self._fm_items(value_start, value_end) and key:
                    # The key is the value's only context ("interviewee:", "photographer:"):
                    # without it a lone name under the title would read as a byline.
                    key_start = pos + lm.start(3)
                    for i in range(key_start, key_start + len(lm.group(3))):
                        self._view[i] = self.source[i]
                    self._view[key_start + len(lm.group(3))] = ":"
            elif is_url:
                self._urls.append((value_start, value.strip().strip("'\"")))
                self._blank(value_start, value_end)
            elif prose:
                stripped = value.rstrip()
                if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "'\"":
                    self._blank(value_start, value_start + 1)
                    self._blank(value_start + len(stripped) - 1, value_start + len(stripped))
                if value.lstrip().startswith("#"):
                    self._blank(value_start, value_end)
            else:
                self._blank(value_start, value_end)
            pos += len(line)
        return m.end()

    def _fm_items(self, start: int, end: int) -> bool:
        """A value of a key safename does not know: prose, or reported when it is a slug/path."""
        value = self.source[start:end]
        stripped = value.strip()
        if stripped[:1] in "[{" and stripped[-1:] in "]}":
            items = [(start + m.start(), start + m.end()) for m in _FLOW_ITEM.finditer(value)]
        else:
            items = [(start, end)]
        shown = False
        for a, b in items:
            self._blank(a, b)
            raw = self.source[a:b]
            text = raw.strip().strip("'\"").strip()
            if not text or text.startswith("#") or _SETTING_VALUE.fullmatch(text):
                continue
            lead = a + raw.index(text)
            if _URL_LIKE.match(text) or _SLUG.fullmatch(text):
                self._urls.append((lead, text))
                continue
            for i in range(lead, lead + len(text)):
                self._view[i] = self.source[i]
            shown = True
        return shown

    def _body(self, body_start: int) -> None:
        source = self.source
        # Parse with the front matter blanked to spaces, so token line numbers and offsets are
        # the file's (offsets into `masked` are offsets into `source`).
        masked = re.sub(r"[^\n]", " ", source[:body_start]) + source[body_start:]
        line_starts = [0] + [m.end() for m in re.finditer("\n", source)] + [len(source) + 1]

        def offset(line: int) -> int:
            return min(line_starts[min(line, len(line_starts) - 1)], len(source))

        for m in _ESCAPED_FENCE_LINE.finditer(masked, body_start):
            self._blank(m.start(), m.end())
        masked = _ESCAPED_FENCE_LINE.sub(lambda m: " " * len(m.group()), masked)
        tokens = _parser().parse(masked)
        total_lines = masked.count("\n") + (0 if masked.endswith("\n") else 1)
        while True:
            open_fence = next(
                (t for t in tokens if t.type == "fence" and _unterminated(t, masked, total_lines)),
                None,
            )
            if open_fence is None:
                break
            # An opening fence never closed turns the rest of the story into code: names there
            # would be neither reported nor redacted, and the footnote would land in the code
            # block. Read what follows as prose, and have redact escape the fence so that readers
            # (and the next run) see the story as it was read: closing the fence at the end
            # instead would leave text redacted as prose in a code block the next run skips.
            line = open_fence.map[0]
            start, end = offset(line), offset(line + 1)
            masked = masked[:start] + re.sub(r"[^\n]", " ", masked[start:end]) + masked[end:]
            self._blank(start, end)
            self._fence_lines.append((start, end))
            fence = open_fence.markup
            self._open_fences.append(fence)
            if len(self._open_fences) == 1:  # later ones are inside the first: not seen
                self.notices_found.append(
                    Notice(
                        "UNTERMINATED_CODE_FENCE",
                        fence,
                        f"the code fence {fence} on line {line + 1} is never closed, which "
                        "shows the rest of the story as code; its text is scanned as prose and "
                        "redact escapes the fence so it shows as prose: check where it should "
                        "end",
                        start,
                        fixed_by_redact=False,
                    )
                )
            if len(self._open_fences) > 20:
                # A file of fence lines: mask every later one at once rather than re-parsing
                # the file once per fence (quadratic).
                rest = _FENCE_LINE.sub(lambda m: " " * len(m.group()), masked[end:])
                for m in _FENCE_LINE.finditer(masked, end):
                    self._blank(m.start(), m.end())
                    self._fence_lines.append((m.start(), m.end()))
                masked = masked[:end] + rest
            tokens = _parser().parse(masked)
        covered: set[int] = set()
        for token in tokens:
            if token.map is None:
                continue
            first, last = token.map
            start, end = offset(first), offset(last)
            if token.type in ("fence", "code_block"):
                self._blank(start, end)
            elif token.type == "html_block":
                self._html(start, end, block=True)
                self._html_blocks.append((start, end))
            elif token.type == "inline":
                self._inline(start, end)
            elif token.type != "hr":
                continue
            covered.update(range(first, last))
        # Lines no leaf token covers: reference definitions ("[1]: https://...") and blanks.
        for number in range(source.count("\n", 0, body_start), len(line_starts) - 1):
            if number in covered:
                continue
            start, end = offset(number), offset(number + 1)
            line = source[start:end]
            m = _REF_DEF.match(line)
            if m:
                self._urls.append((start + m.start(1), m.group(1).strip("<>")))
                self._blank(start, end)
                self._contact_target(start + m.start(1), m.group(1).strip("<>"))
                title = next((g for g in (2, 3, 4) if m.group(g) is not None), None)
                if title is not None:  # shown as the link's tooltip
                    for i in range(start + m.start(title), start + m.end(title)):
                        self._view[i] = source[i]
            else:
                for ts, te in self._tags(start, end):
                    if source.startswith("<!--", ts):
                        self._comment(ts, source[ts:te])

    def _tags(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """(start, end) of each HTML tag or comment in source[start:end], left to right."""
        source = self.source
        pos = start
        while True:
            i = source.find("<", pos, end)
            if i < 0:
                return
            tag_end = self._tag_at(i, end)
            if tag_end is not None:
                yield i, tag_end
                pos = tag_end
            else:
                pos = i + 1

    def _tag_at(self, i: int, end: int) -> int | None:
        """End of the tag or comment starting at source[i], if one does."""
        if self.source.startswith("<!--", i):
            k = bisect.bisect_left(self._comment_ends, i + 4)
            if k < len(self._comment_ends) and self._comment_ends[k] + 3 <= end:
                return self._comment_ends[k] + 3
        m = _TAG.match(self.source, i, end)
        return m.end() if m else None

    def _comment(self, start: int, text: str) -> None:
        """Read pragmas; any other comment's text is published with the file: scanned."""
        line = bisect.bisect_right(self._line_starts, start)
        pragmas = parse_pragmas(text, line)
        self._pragmas.extend(pragmas)
        end = start + len(text)
        if pragmas or text.startswith("<!--[if"):
            self._blank(start, end)
        else:
            self._blank(start, start + 4)
            self._blank(end - 3, end)

    def _contact_target(self, start: int, url: str) -> None:
        """`tel:`/`mailto:` targets are contacts, not addresses: shown to the engine as text."""
        scheme = next((c for c in _CONTACT_SCHEMES if url.lower().startswith(c)), None)
        if scheme is None or self.source[start : start + len(url)] != url:
            return
        if self._urls and self._urls[-1] == (start, url):
            self._urls.pop()
        for i in range(start + len(scheme), start + len(url)):
            self._view[i] = self.source[i]

    def _html(self, start: int, end: int, block: bool) -> None:
        """Blank tags and comments, keep text and alt/title values, decode entities."""
        source = self.source
        pos = start
        for tag_start, tag_end in self._tags(start, end):
            if tag_start < pos:
                continue  # inside a script or style element
            self._entities(pos, tag_start)
            tag = source[tag_start:tag_end]
            if tag.startswith("<!--"):
                self._comment(tag_start, tag)
            else:
                self._blank(tag_start, tag_end)
                for a in _ATTR.finditer(tag):
                    group = 2 if a.group(2) is not None else 3
                    vs, ve = tag_start + a.start(group), tag_start + a.end(group)
                    value = source[vs:ve].strip()
                    if a.group(1).lower().startswith("data-") and (
                        _SLUG.fullmatch(value) or not re.search(r"[^\W\d_]", value)
                    ):
                        if value:
                            self._urls.append((vs, value))  # an id or slug: reported
                        continue
                    for i in range(vs, ve):
                        self._view[i] = source[i]
                    self._entities(vs, ve)
                for a in re.finditer(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag):
                    group = 1 if a.group(1) is not None else 2
                    vs = tag_start + a.start(group)
                    self._urls.append((vs, a.group(group)))
                    self._contact_target(vs, a.group(group))
            pos = tag_end
            name = re.match(r"<([A-Za-z][\w\-]*)", tag)
            if block and name and name.group(1).lower() in ("script", "style"):
                close = re.compile(r"</" + name.group(1) + r"\s*>", re.I).search(source, pos, end)
                stop = close.start() if close else end
                self._blank(pos, stop)
                pos = stop
                if close is None:
                    return
        self._entities(pos, end)

    def _entities(self, start: int, end: int) -> None:
        for m in _ENTITY.finditer(self.source, start, end):
            decoded = html.unescape(m.group())
            if len(decoded) == 1 and decoded != m.group():
                self._blank(m.start(), m.end())
                self._view[m.start()] = " " if decoded == "\n" else decoded
                self._atomic.append((m.start(), m.end()))

    def _inline(self, start: int, end: int) -> None:
        """One paragraph, heading or table row: source[start:end], possibly several lines."""
        source, view = self.source, self._view
        # Soft line breaks read as spaces; container prefixes ("> ") of later lines are blanked.
        for nl in (i for i in range(start, end - 1) if source[i] == "\n"):
            view[nl] = " "
            prefix = _CONTAINER_PREFIX.match(source, nl + 1, end)
            if prefix:
                self._blank(prefix.start(), prefix.end())
        literal: set[int] = set()
        delims: list[tuple[int, int, bool, bool]] = []  # start, length, can_open, can_close
        i = start
        while i < end:
            c = source[i]
            if c == "\\" and i + 1 < end and source[i + 1] in _PUNCT:
                literal.add(i + 1)
                if source[i + 1] == "*" and i > start and source[i - 1].isalpha():
                    view[i], view[i + 1] = "*", " "  # "Lucy\\*" still reads as a pseudonym
                else:
                    view[i] = " "
                i += 2
                continue
            if c == "`":
                run = _run(source, i, end, "`")
                close = _find_backtick_close(source, i + run, end, run)
                if close is not None:
                    self._blank(i, close + run)
                    i = close + run
                else:
                    i += run
                continue
            if c == "<":
                m = _AUTOLINK.match(source, i, end)
                if m:
                    target = m.group()[1:-1]
                    self._blank(m.start(), m.end())
                    if "@" in target and ":" not in target:  # <name@example.org>
                        for k in range(i + 1, m.end() - 1):
                            view[k] = source[k]
                    else:
                        self._urls.append((i + 1, target))
                        self._contact_target(i + 1, target)
                    i = m.end()
                    continue
                tag_end = self._tag_at(i, end)
                if tag_end is not None:
                    self._html(i, tag_end, block=False)
                    i = tag_end
                    continue
            if c == "&":
                m = _ENTITY.match(source, i, end)
                if m:
                    self._entities(m.start(), m.end())
                    i = m.end()
                    continue
            if c == "[" and _FOOTNOTE_REF.match(source, i, end):
                i = _FOOTNOTE_REF.match(source, i, end).end()
                continue
            if c == "[" or (c == "!" and source[i + 1 : i + 2] == "["):
                view[i] = " "
            elif c == "]":
                view[i] = " "
                close = _link_tail(source, i + 1, end)
                if close is not None:
                    tail_start, tail_end, url = close
                    if url:
                        self._urls.append((tail_start, url))
                    self._blank(tail_start, tail_end)
                    self._keep_title(source, tail_start, tail_end)
                    if url:
                        at = source.find(url, tail_start, tail_end)
                        if at >= 0:
                            self._urls[-1] = (at, url)
                            self._contact_target(at, url)
                    i = tail_end
                    continue
            elif c in "*_~":
                run = _run(source, i, end, c)
                before = source[i - 1] if i > start else " "
                after = source[i + run] if i + run < end else " "
                left = not after.isspace() and (
                    after not in _PUNCT or before.isspace() or before in _PUNCT
                )
                right = not before.isspace() and (
                    before not in _PUNCT or after.isspace() or after in _PUNCT
                )
                if c == "_":
                    can_open = left and (not right or before in _PUNCT)
                    can_close = right and (not left or after in _PUNCT)
                else:
                    can_open, can_close = left, right
                delims.append((i, run, can_open, can_close))
                i += run
                continue
            i += 1
        self._pair_emphasis(delims, literal)

    def _keep_title(self, source: str, start: int, end: int) -> None:
        """A link title (`[x](url "Title")`) is shown as a tooltip: keep it in the view."""
        m = re.search(r"\s(\"[^\"]*\"|'[^']*'|\([^)]*\))\s*\)$", source[start:end])
        if m:
            for i in range(start + m.start(1) + 1, start + m.end(1) - 1):
                self._view[i] = source[i]

    def _pair_emphasis(self, delims: list[tuple[int, int, bool, bool]], literal: set[int]) -> None:
        """Blank emphasis markers that CommonMark pairs; a lone "Lucy*" star stays visible."""
        stack: list[tuple[int, int, str]] = []
        for start, run, can_open, can_close in delims:
            if start in literal:
                continue
            char = self.source[start]
            if can_close:
                for k in range(len(stack) - 1, -1, -1):
                    if stack[k][2] == char:
                        o_start, o_run, _ = stack[k]
                        self._blank(o_start, o_start + o_run)
                        self._blank(start, start + run)
                        if char == "*" and run > o_run:
                            # "**Lucy***" renders as bold "Lucy" then "*": the pseudonym marker
                            # belongs right after the name in the view.
                            for j in range(start, start + run - o_run):
                                self._view[j] = "*"
                        del stack[k:]
                        break
                else:
                    if can_open:
                        stack.append((start, run, char))
                    continue
                continue
            if can_open:
                stack.append((start, run, char))

    # -- writing back ---------------------------------------------------------------------------

    @property
    def diff_text(self) -> str:
        return self.source

    @property
    def display_text(self) -> str:
        return self.source

    def position(self, offset: int) -> tuple[int, int]:
        index = getattr(self, "_source_index", None)
        if index is None:
            index = self._source_index = LineIndex(self.source)
        return index.position(offset)

    def _widen(self, start: int, end: int) -> tuple[int, int]:
        for a, b in self._atomic:
            if a < start < b:
                start = a
            if a < end < b:
                end = b
        return start, end

    def _visible(self, i: int) -> bool:
        """Whether source[i] is prose the view shows as is (an entity counts as shown)."""
        return self._view[i] == self.source[i] or self._in_atomic(i)

    def _in_atomic(self, i: int) -> bool:
        k = bisect.bisect_right(self._atomic_starts, i) - 1
        return k >= 0 and self._atomic_sorted[k][0] <= i < self._atomic_sorted[k][1]

    def _edits(self, start: int, end: int, replacement: str) -> list[tuple[int, int, str]]:
        """Edits replacing view[start:end], leaving hidden source characters where they are.

        A finding can span characters the view blanks: a soft line break ("Mamadou⏎Lamine"),
        a link's `](https://...)`, a `title="..."`, the closing `---` of the front matter.
        Those stay byte for byte, and the replacement is spread over the visible segments around
        them (`spread`), so the URL still works, the lines stay as they were, and a second run
        finds nothing to change.
        """
        segments: list[tuple[int, int]] = []
        breaks: list[bool] = []
        gap_has_space = False
        i = start
        while i < end:
            if self._visible(i):
                j = i
                while j < end and self._visible(j):
                    j += 1
                segments.append((i, j))
                breaks.append(gap_has_space)
                i = j
            else:
                gap_has_space = False
                while i < end and not self._visible(i):
                    gap_has_space = gap_has_space or self.source[i].isspace()
                    i += 1
        if not segments:
            return []
        texts = [self.source[a:b] for a, b in segments]
        pieces = spread(replacement, texts, breaks)
        return [(a, b, text) for (a, b), text in zip(segments, pieces, strict=True)]

    def _in_star_emphasis(self, start: int, end: int) -> bool:
        """Is text[start:end] in a prose paragraph that also has a "*" (so a marker could pair)?

        The paragraph, not the line: emphasis pairs across the lines of a paragraph, so a
        "Lucy*" under a line ending in "**" would close it and change what is emphasis.
        """
        if start < self._body_start:
            return False
        k = bisect.bisect_right(self._html_blocks, (start, len(self.source) + 1))
        if k and start < self._html_blocks[k - 1][1]:
            # An HTML block: a backslash would show. Only a real one: a paragraph that merely
            # starts with "<" ("<*Fatma`*# Ly*") is prose, where "Lubna*" would pair with the
            # "*" after "Ly" and change what the next run reads as emphasis.
            return False
        line_start = self.source.rfind("\n", 0, start) + 1
        blanks = self._blank_lines
        if blanks is None:
            blanks = self._blank_lines = [m.start() for m in _BLANK_LINE.finditer(self.source)]
        k = bisect.bisect_left(blanks, line_start)
        first = max(self._body_start, blanks[k - 1] + 1 if k else 0)
        k = bisect.bisect_left(blanks, end)
        paragraph = self.source[first : blanks[k] if k < len(blanks) else len(self.source)]
        return "*" in paragraph.replace("\\*", "")

    def render_text(
        self, findings: Sequence[Finding], footnote: str | None, footnote_at: int | None = None
    ) -> str:
        self._atomic_sorted = sorted(self._atomic)
        self._atomic_starts = [a for a, _ in self._atomic_sorted]
        edits = []
        for f in redacting(findings):
            start, end = self._widen(f.start, f.end)
            replacement = f.replacement or ""
            if f.entity_type == "PERSON" and self._in_star_emphasis(start, end):
                # "Lucy*" inside "*Aminata, 24, at her shop.*" would close the emphasis.
                replacement = _UNESCAPED_STAR.sub(r"\\*", replacement)
            edits.extend(self._edits(start, end, replacement))
        if footnote and footnote.lstrip().startswith(("*", "-", "+", "#")):
            # A footnote starting with "*" would open emphasis or a list item in Markdown.
            stripped = footnote.lstrip()
            footnote = "\\" + stripped
        for start, end in self._fence_lines:
            # "```" never closed becomes "\\`\\`\\`": text, as the scan read what follows.
            run = _FENCE_RUN.search(self.source, start, end)
            if run is not None:
                escaped = "".join("\\" + c for c in run.group())
                edits.append((run.start(), run.end(), escaped))
        if footnote and footnote_at is not None and footnote_at >= self._body_start:
            # The view is the source, character for character: its offsets are source offsets.
            return place_footnote(self.source, edits, footnote, footnote_at)
        body = splice(self.source, edits)
        return append_footnote(body, footnote)

    def render(
        self, findings: Sequence[Finding], footnote: str | None, footnote_at: int | None = None
    ) -> Rendered:
        text = self.render_text(findings, footnote, footnote_at)
        return Rendered(self.decoded.encode(text), text)


def _unterminated(token: Token, source: str, total_lines: int) -> bool:
    """Whether a fence token runs to the end of the document without a closing fence."""
    assert token.map is not None
    first, last = token.map
    if last < total_lines:
        return False
    lines = source.split("\n")
    tail = [line for line in lines[first + 1 : last] if line.strip()]
    if not tail:
        return True  # the footnote would be the fence's content
    closing = re.fullmatch(r"[ \t>]*" + re.escape(token.markup[0]) + r"{3,}[ \t]*", tail[-1])
    return closing is None or len(tail[-1].strip(" \t>")) < len(token.markup)


def _run(source: str, i: int, end: int, char: str) -> int:
    j = i
    while j < end and source[j] == char:
        j += 1
    return j - i


def _find_backtick_close(source: str, pos: int, end: int, run: int) -> int | None:
    while pos < end:
        j = source.find("`", pos, end)
        if j < 0:
            return None
        n = _run(source, j, end, "`")
        if n == run:
            return j
        pos = j + n
    return None


def _link_tail(source: str, pos: int, end: int) -> tuple[int, int, str] | None:
    """After a `]`: the `(destination "title")` or `[label]` that makes it a link, if any."""
    if pos >= end:
        return None
    if source[pos] == "[":
        close = source.find("]", pos, min(end, pos + 1024))
        return (pos, close + 1, "") if close >= 0 else None
    if source[pos] != "(":
        return None
    m = _LINK_DESTINATION.match(source, pos, end)
    if m is None:
        return None
    url = m.group(1)
    return pos, m.end(), url[1:-1] if url.startswith("<") else url
