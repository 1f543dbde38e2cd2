"""HTML: text nodes and the attributes readers see (alt, title, meta descriptions).

The file is tokenised with exact source offsets rather than parsed into a tree and serialised
again, because a round trip through a parser rewrites entities, attribute quotes and whitespace;
content teams paste this HTML into a CMS and expect a diff that touches only the names. The view
decodes entities and collapses whitespace like a browser, and an `OffsetMap` leads every view
character back to its source characters; a name split by inline markup (`<b>Ami</b>nata`) is
found, and its replacement goes into the first piece while the markup stays.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from pathlib import Path

from safename.findings import Finding
from safename.formats.base import (
    Document,
    Notice,
    OffsetMap,
    Rendered,
    append_footnote,
    redacting,
    splice,
    spread,
)
from safename.formats.text import DecodedText, decode_bytes
from safename.review.pragmas import parse_pragmas
from safename.textutil import LineIndex

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
        "img",
        "option",
    ]
)
# Raw-text elements never shown. <template>, <noscript>, <svg> and <math> are read like the rest
# of the page: a name in a template, a no-script fallback or an SVG <text> is still published.
SKIP_CONTENT = frozenset({"script", "style"})
TEXT_ATTRS = frozenset(
    {"alt", "title", "aria-label", "aria-description", "placeholder", "value", "label", "srcdoc"}
)
URL_ATTRS = frozenset({"href", "src", "poster", "action", "cite", "data", "formaction"})
# Contact links: the address is scanned like text (a private number is masked in the href too).
CONTACT_SCHEMES = ("tel:", "mailto:", "sms:", "callto:", "whatsapp:")
# Meta names whose content is configuration, never prose.
META_TECHNICAL = frozenset(
    {
        "viewport", "robots", "googlebot", "charset", "theme-color", "color-scheme",
        "format-detection", "referrer", "generator", "content-type", "x-ua-compatible",
        "og:type", "og:locale", "twitter:card", "csrf-token", "msapplication-tilecolor",
    }
)  # fmt: skip
_SLUG = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)+")
_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"(\s*:)?')

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<[!?][^>]*>?"
    # Attributes are separated by whitespace (or follow a closing quote directly), and a name
    # or an unquoted value never contains a quote or a "<": each character then belongs to
    # exactly one attribute, so a truncated `<img alt="...` fails in linear time instead of
    # trying every way to cut the text into attribute names (exponential backtracking), and a
    # failed tag stops at the next "<" instead of rescanning the rest of the file.
    r"|</?[A-Za-z][^\s/<>\"'=]*"
    r"(?:(?:\s+|(?<=[\"']))[^\s=/<>\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s<>\"'=`]+))?)*"
    r"\s*/?>",
    re.S,
)
_ATTR = re.compile(r"([^\s=/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")


# Where a footnote placed before a press-contact block goes: before the block element holding
# it, or before the list or table holding that item or cell, and before the wrappers
# (<div class="contact">) that open right there.
_BLOCK_OPEN = re.compile(
    r"<(p|div|h[1-6]|section|footer|address|aside|blockquote|pre|table|ul|ol|dl|li|tr|td|th|dt|dd)"
    r"(?=[\s>/])[^>]*>",
    re.I,
)
WRAPPER_REACH = 1_000
_INNER_BLOCKS = frozenset({"li", "tr", "td", "th", "dt", "dd"})
_OUTER_BLOCKS = frozenset({"table", "ul", "ol", "dl"})
_WRAPPER_OPEN_BEFORE = re.compile(
    r"<(?:div|section|footer|aside|address)(?=[\s>])[^>]*>\s*\Z", re.I
)


_VOID = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr"
))  # fmt: skip
# Elements a footnote after them must not stay inside: it would be italic, a link, a list
# item, a table cell or a quotation. Wrappers (div, section, article, main) may hold it.
_MUST_CLOSE = frozenset((
    "a", "abbr", "b", "big", "blockquote", "caption", "cite", "code", "dd", "del", "dl",
    "dt", "em", "figcaption", "figure", "font", "h1", "h2", "h3", "h4", "h5", "h6", "i",
    "ins", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strike", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"
))  # fmt: skip
# A start tag that ends an open element of these kinds (HTML's implied end tags).
_CLOSES_P = frozenset((
    "address", "article", "aside", "blockquote", "div", "dl", "fieldset", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav",
    "ol", "p", "pre", "section", "table", "ul"
))  # fmt: skip
_IMPLIED = {
    "li": ("li",),
    "dt": ("dt", "dd"),
    "dd": ("dt", "dd"),
    "tr": ("tr", "td", "th"),
    "td": ("td", "th"),
    "th": ("td", "th"),
}
_TAG_OR_SKIP = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|textarea|title)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([A-Za-z][\w:-]*)(?:\s[^>]*)?>",
    re.I | re.S,
)

_BODY = re.compile(r"<body\b[^>]*>", re.I)


def unclosed_closers(source: str, at: int) -> str:
    """End tags for the elements still open at `at` that a footnote placed there would sit
    inside ("<ul><li>…" or "<p><em>…" left open at the end of the body), innermost first.

    The file's own tags are read with HTML's implied end tags (a new <li> ends the last one, a
    block ends an open <p>); comments, scripts and styles are skipped. Closing them right
    before the footnote changes nothing a browser shows of the story, which it would close at
    the end of the file anyway, and keeps the footnote out of the list, link or italics.
    """
    stack: list[str] = []
    # No tag ends after the last ">": reading stops there. A "<" with no ">" after it was
    # tried as a tag to the end of the text, so "<a b" repeated was quadratic (minutes).
    at = min(at, source.rfind(">", 0, at) + 1)
    body = list(_BODY.finditer(source, 0, at))
    for m in _TAG_OR_SKIP.finditer(source, body[-1].end() if body else 0, at):
        if m.group(3) is None:
            continue  # a comment or raw-text element
        closing, tag = m.group(2) == "/", m.group(3).lower()
        if closing:
            if tag in stack:
                del stack[len(stack) - 1 - stack[::-1].index(tag) :]
            continue
        if tag in _VOID or m.group().endswith("/>"):
            continue
        ends = _IMPLIED.get(tag, ("p",) if tag in _CLOSES_P else ())
        if ends:
            # An implied end reaches up to, not past, the list or table holding the item.
            limit = {"li": ("ul", "ol"), "dt": ("dl",), "dd": ("dl",)}.get(
                tag, ("table",) if tag in ("tr", "td", "th") else ("div", "section", "td", "li")
            )
            outermost = None
            for i in range(len(stack) - 1, -1, -1):
                if stack[i] in limit:
                    break
                if stack[i] in ends:
                    outermost = i  # "<tr><td>…<tr>": the new row ends the cell and the row
            if outermost is not None:
                del stack[outermost:]
        if tag in ("html", "head", "body"):
            continue
        stack.append(tag)
    first = next((i for i, tag in enumerate(stack) if tag in _MUST_CLOSE), None)
    if first is None:
        return ""
    return "".join(f"</{tag}>" for tag in reversed(stack[first:]))


def _is_json(text: str) -> bool:
    """A data-* value holding JSON (an array or object): configuration, not prose.

    Parsed rather than guessed from its first character: redaction writes "[phone 1]" at the
    start of a prose value, which must not turn it into data the next run skips.
    """
    if not text.startswith(("{", "[")):
        return False
    try:
        return isinstance(json.loads(text), (dict, list))
    except ValueError:
        return False


class HtmlDocument(Document):
    format_name = "html"

    def __init__(self, path: Path, decoded: DecodedText) -> None:
        self.decoded = decoded
        self.source = decoded.text
        self.map = OffsetMap()
        self._parts: list[str] = []
        self._hidden: list[tuple[int, int]] = []
        self._length = 0
        self._attr_spans: list[tuple[int, int]] = []
        self._raw_spans: list[tuple[int, int, str]] = []  # comment / JSON text: own escaping
        self._urls: list[tuple[int, str]] = []
        self._pragma_list = []
        self._pre = 0
        self._tail = ""
        self._lines = LineIndex(self.source)
        # A comment or raw-text element the file never closes: the view offset where it opens,
        # its opening and what closes it ("-->", "</title>"). A browser reads everything after
        # it, the footnote included, as that comment, title or script.
        self._open: tuple[int, str, str] | None = None
        # <meta> contents, read after the page (see `_build`).
        self._deferred: list[tuple[int, int]] = []
        self._build()
        super().__init__(path, "".join(self._parts))
        self.hidden_spans = self._hidden
        self.url_spans = self._urls
        self.pragmas = self._pragma_list
        if self._open is not None:
            at, opener, closer = self._open
            self.notices.append(
                Notice(
                    "UNTERMINATED_ELEMENT",
                    opener,
                    f"{opener} is never closed: a browser reads the rest of the file as part of "
                    f"it, footnote included; redact adds {closer} at the end: check where it "
                    "should end",
                    at,
                    fixed_by_redact=False,
                )
            )

    @classmethod
    def from_bytes(cls, path: Path, data: bytes) -> HtmlDocument:
        return cls(path, decode_bytes(data))

    # -- building the view ------------------------------------------------------------------------

    def _emit(self, text: str, source_start: int | None = None, source_len: int = 0) -> None:
        if source_start is not None:
            self.map.add(self._length, len(text), source_start, source_len)
        self._parts.append(text)
        self._length += len(text)
        self._tail = (self._tail + text)[-2:]

    def _last_char(self) -> str:
        return self._tail[-1] if self._tail else "\n"

    def _break(self, paragraph: bool = True) -> None:
        """End the current line; a block (paragraph, cell, alt text) ends with a blank line.

        The engine reads one newline as a line wrapped inside a paragraph ("Mamadou⏎Lamine" is
        one name) and a blank line as the end of a paragraph: `<p>…Moussa</p><p>Aminata…` is
        two people, so blocks must not be joined by a single newline.
        """
        if not self._parts:
            return
        want = "\n\n" if paragraph else "\n"
        have = len(self._tail) - len(self._tail.rstrip("\n"))
        if have < len(want):
            self._emit("\n" * (len(want) - have))

    def _text(self, start: int, end: int, preserve: bool = False) -> None:
        """Emit source[start:end] as view text: entities decoded, whitespace collapsed."""
        source = self.source
        pos = start
        for m in _ENTITY.finditer(source, start, end):
            self._plain(pos, m.start(), preserve)
            decoded = html.unescape(m.group())
            if decoded == m.group():
                self._plain(m.start(), m.end(), preserve)
            else:
                self._emit(decoded, m.start(), m.end() - m.start())
            pos = m.end()
        self._plain(pos, end, preserve)

    def _plain(self, start: int, end: int, preserve: bool) -> None:
        if start >= end:
            return
        if preserve or self._pre:
            self._emit(self.source[start:end], start, end - start)
            return
        for m in re.finditer(r"[^\S\u00a0]+|[^\s]+|\u00a0+", self.source[start:end]):
            s = start + m.start()
            if m.group()[0].isspace() and m.group()[0] != "\u00a0":
                if self._last_char() in (" ", "\n"):
                    continue
                self._emit(" ", s, 1)
            else:
                self._emit(m.group(), s, len(m.group()))

    def _build(self) -> None:
        source = self.source
        pos = 0
        while True:
            m = _TOKEN.search(source, pos)
            if m is None:
                break
            self._text(pos, m.start())
            token = m.group()
            pos = m.end()
            if token.startswith("<!--"):
                if not token.endswith("-->"):
                    self._open = (self._length, "<!--", "-->")
                line = self._lines.position(m.start())[0]
                pragmas = parse_pragmas(token, line)
                self._pragma_list.extend(pragmas)
                if not pragmas and not token.startswith("<!--[if"):
                    # Comments are not shown but are published with the page source.
                    inner_end = m.end() - 3 if token.endswith("-->") else m.end()
                    self._raw(m.start() + 4, inner_end, "comment")
                continue
            if token.startswith("<![CDATA[") and not token.endswith("]]>"):
                self._open = (self._length, "<![CDATA[", "]]>")
            if token.startswith(("<!", "<?")):
                continue
            closing = token.startswith("</")
            name_m = re.match(r"</?([A-Za-z][^\s/>]*)", token)
            assert name_m is not None
            name = name_m.group(1).lower()
            if name in BLOCK_TAGS:
                self._break(paragraph=name != "br")
            if name == "pre":
                self._pre = max(0, self._pre + (-1 if closing else 1))
            if closing:
                continue
            self._attributes(m.start(), token, name)
            raw = name in SKIP_CONTENT or name in ("textarea", "title")
            if raw and not token.endswith("/>"):
                # Raw-text elements: their content is not markup; skip it or read it as text.
                close = re.compile(r"</" + re.escape(name) + r"\s*>", re.I).search(source, pos)
                stop = close.start() if close else len(source)
                if close is None:
                    self._open = (self._length, f"<{name}>", f"</{name}>")
                if name not in SKIP_CONTENT:
                    hidden_start = self._length
                    self._text(pos, stop)
                    if name == "title":  # the browser tab, not the story
                        self._hidden.append((hidden_start, self._length))
                    self._break()
                elif name == "script" and "ld+json" in token.lower():
                    self._json(pos, stop)
                pos = stop
        self._text(pos, len(source))
        # <meta> contents (author, description, twitter:creator...) are read after the page,
        # each its own paragraph: a name there gets the decision its mentions in the story
        # give it, not a byline's for standing alone under the <title>.
        for start, end in self._deferred:
            self._attribute_text(start, end)

    def _raw(self, start: int, end: int, context: str) -> None:
        """Text that is not markup (a comment, a JSON string), in the view as it is."""
        if start >= end or not self.source[start:end].strip():
            return
        self._break()
        self._raw_spans.append((start, end, context))
        self._emit(self.source[start:end], start, end - start)
        self._break()

    def _json(self, start: int, end: int) -> None:
        """JSON-LD (`"author": {"name": "..."}`): every string value, keys and URLs aside."""
        for m in _JSON_STRING.finditer(self.source, start, end):
            value = m.group(1)
            if m.group(2) or "\\" in value:
                continue  # a key, or escapes whose offsets would not map 1:1
            if re.match(r"[a-z][a-z0-9+.-]*:|/|#", value):
                self._urls.append((self._length, value))
                continue
            self._raw(m.start(1), m.end(1), "json")

    def _attributes(self, tag_start: int, token: str, name: str) -> None:
        name_end = re.match(r"<[^\s/>]*", token)
        assert name_end is not None
        attrs: dict[str, tuple[int, int]] = {}
        for a in _ATTR.finditer(token, name_end.end()):
            group = next((g for g in (2, 3, 4) if a.group(g) is not None), None)
            if group is None:
                continue
            attrs[a.group(1).lower()] = (tag_start + a.start(group), tag_start + a.end(group))
        value = {k: html.unescape(self.source[a:b]) for k, (a, b) in attrs.items()}
        spans = [attrs[k] for k in attrs if k in TEXT_ATTRS]
        inline: list[tuple[int, int]] = []
        if "content" in attrs and ("itemprop" in attrs or name == "meta"):
            kind = value.get("name") or value.get("property") or value.get("itemprop") or ""
            content = value["content"].strip()
            if re.match(r"[a-z][a-z0-9+.-]*://|/", content):
                self._urls.append((self._length, content))
            elif kind.lower() not in META_TECHNICAL and "http-equiv" not in attrs:
                (self._deferred if name == "meta" else spans).append(attrs["content"])
        for key in attrs:
            if key.startswith("data-"):
                text = value[key].strip()
                if _SLUG.fullmatch(text):
                    self._urls.append((self._length, text))  # an id or slug: reported
                elif re.search(r"[^\W\d_]", text) and not _is_json(text):
                    spans.append(attrs[key])
        for key in URL_ATTRS & attrs.keys():
            start, end = attrs[key]
            url = value[key].strip()
            scheme = next((c for c in CONTACT_SCHEMES if url.lower().startswith(c)), None)
            raw_start = start + len(self.source[start:end]) - len(self.source[start:end].lstrip())
            if scheme and self.source[raw_start : raw_start + len(scheme)].lower() == scheme:
                inline.append((raw_start + len(scheme), end))
            else:
                self._urls.append((self._length, url))
        if "srcset" in attrs:
            for candidate in value["srcset"].split(","):
                if candidate.strip():
                    self._urls.append((self._length, candidate.split()[0]))
        for start, end in inline:
            if start < end:
                self._attr_spans.append((start, end))
                if self._last_char() not in " \n":
                    self._emit(" ")
                self._text(start, end)
                self._emit(" ")
        for start, end in sorted(spans):
            self._attribute_text(start, end)

    def _attribute_text(self, start: int, end: int) -> None:
        """An attribute value readers see (alt, title, meta content): its own paragraph."""
        if start == end:
            return
        self._break()
        self._attr_spans.append((start, end))
        hidden_start = self._length
        self._text(start, end)
        self._hidden.append((hidden_start, self._length))
        self._break()

    # -- writing back ---------------------------------------------------------------------------

    def position(self, offset: int) -> tuple[int, int]:
        index = getattr(self, "_source_index", None)
        if index is None:
            index = self._source_index = LineIndex(self.source)
        source_offset = self.map.source_offset(offset)
        return index.position(len(self.source) if source_offset is None else source_offset)

    @property
    def diff_text(self) -> str:
        return self.source

    def _in_attribute(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self._attr_spans)

    def _escape(self, offset: int, text: str) -> str:
        """`text` written at source `offset`: escaped for an attribute, a comment, JSON or text."""
        for s, e, context in self._raw_spans:
            if s <= offset < e:
                if context == "json":
                    return json.dumps(text, ensure_ascii=False)[1:-1].replace("</", "<\\/")
                return text.replace("--", "- -").replace(">", "&gt;")
        return html.escape(text, quote=self._in_attribute(offset))

    def _edits(self, start: int, end: int, replacement: str) -> list[tuple[int, int, str]]:
        """Source edits replacing view[start:end]: markup between the pieces stays in place.

        A name split by inline markup (`<em>Ami</em>nata`) goes into the first piece. One split
        by a line break (a `<br>`, or a newline in the source) is spread over the lines
        (`spread`), so the break stays where it was and no newline moves inside a paragraph.
        """
        pieces = self.map.source_pieces(start, end)
        if not pieces:
            return []
        escaped = self._escape(pieces[0][2], replacement)
        texts = [self.source[lo:hi] for _, _, lo, hi in pieces]
        breaks = [False] + [
            "\n" in self.view[a[1] : b[0]] or self.source[a[3] : b[2]].isspace()
            for a, b in zip(pieces, pieces[1:], strict=False)
        ]
        return [
            (lo, hi, text)
            for (_, _, lo, hi), text in zip(pieces, spread(escaped, texts, breaks), strict=True)
        ]

    def _block_start(self, offset: int) -> int | None:
        """Source offset of the block element holding view `offset` (a press-contact
        paragraph), climbing out of list items, table cells and wrappers it opens; None when
        it is not plain body text."""
        src = self.map.source_offset(offset)
        if src is None or self._in_attribute(src):
            return None
        if any(s <= src < e for s, e, _ in self._raw_spans):
            return None
        # Up to the last ">" only: a "<p" with no ">" after it would be tried to `src`.
        last_tag_end = self.source.rfind(">", 0, src) + 1
        opens = list(_BLOCK_OPEN.finditer(self.source, 0, last_tag_end))
        if not opens:
            return None
        m = opens[-1]
        if m.group(1).lower() in _INNER_BLOCKS:
            outer = [o for o in opens if o.group(1).lower() in _OUTER_BLOCKS]
            if not outer:
                return None
            m = outer[-1]
        start = m.start()
        while True:
            # A wrapper's start tag right before: read in the last WRAPPER_REACH characters,
            # not from the top of the file once per nested wrapper.
            w = _WRAPPER_OPEN_BEFORE.search(self.source, max(0, start - WRAPPER_REACH), start)
            if w is None:
                return start
            start = w.start()

    def render_text(
        self, findings: Sequence[Finding], footnote: str | None, footnote_at: int | None = None
    ) -> str:
        edits = []
        for f in redacting(findings):
            edits.extend(self._edits(f.start, f.end, f.replacement or ""))
        body = splice(self.source, edits)
        if self._open is not None:
            # Close what the file left open, or the footnote would be hidden inside it.
            body += self._open[2]
        if not footnote:
            return body
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", footnote.strip()) if p.strip()]
        block = "".join(
            '<p class="safename-footnote">'
            + "<br>\n".join(html.escape(line) for line in p.split("\n"))
            + "</p>\n"
            for p in paragraphs
        )
        at = None if footnote_at is None else self._block_start(footnote_at)
        if at is not None and self._open is None and not any(s < at < e for s, e, _ in edits):
            return splice(self.source, [*edits, (at, at, block)])
        closes = list(re.finditer(r"</body\s*>", body, re.I))
        if not closes or self._open is not None:  # a </body> inside the open element
            if self._open is None:
                closers = unclosed_closers(body, len(body))
                if closers:
                    body = body.rstrip() + closers + "\n"
            return append_footnote(body, block.rstrip("\n"))
        at = closes[-1].start()
        closers = unclosed_closers(body, at)
        if closers:
            head = body[:at].rstrip()
            return head + closers + "\n" + block + body[at:]
        return body[:at] + block + body[at:]

    def render(
        self, findings: Sequence[Finding], footnote: str | None, footnote_at: int | None = None
    ) -> Rendered:
        text = self.render_text(findings, footnote, footnote_at)
        return Rendered(self.decoded.encode(text), text)
