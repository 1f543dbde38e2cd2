"""Word (.docx): match names across runs, keep the formatting, never publish hidden names.

Word splits text into runs wherever formatting, spell-check state or editing history changes,
often in the middle of a name ("Ami" + "nata"). The view joins the text of every paragraph
(body, tables, headers, footers, footnotes, endnotes, text boxes) with newlines and remembers
which `<w:t>` element each character came from; a replacement goes into the first run the name
touches and the rest of the name is removed from the following runs, so every run keeps its
formatting.

A .docx also carries names where no reader of the page looks: comments and their authors,
tracked changes (a deleted sentence may hold the real name), and document properties (author,
last modified by). On reading, comments are removed, tracked changes are accepted (insertions
kept, deletions dropped) and author properties are cleared; `check` reports each of them and
`redact` writes the scrubbed package. The title, subject, description and keywords properties
are part of the view, so a name there gets the same pseudonym as in the text.

The package is rewritten entry by entry: parts safename does not touch are copied byte for byte.
"""

from __future__ import annotations

import bisect
import copy
import io
import re
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from posixpath import dirname, join
from urllib.parse import quote

from lxml import etree

from safename.findings import Finding
from safename.formats.base import (
    Document,
    Notice,
    Rendered,
    place_footnote,
    redacting,
    spread,
)
from safename.formats.text import InputError
from safename.review.pragmas import parse_pragmas

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
DC = "http://purl.org/dc/elements/1.1/"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
ALT_CHUNK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
# A chart's data: the workbook Excel opens to edit it (c:externalData points at it).
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
# Hyperlink targets whose address is contact data, scanned like text (a private e-mail masked).
CONTACT_SCHEMES = ("mailto:", "tel:", "sms:", "callto:", "whatsapp:")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Story parts, in the order their text enters the view (the body first: coreference reads the
# full name there before the header's "Aminata").
STORY_TYPES = ("main", "header", "footer", "footnotes", "endnotes", "glossary")
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
# Parts that exist only to describe comments or their authors: emptied with the comments.
COMMENT_AUX = ("commentsExtended+xml", "commentsIds+xml", "commentsExtensible+xml", "people+xml")
# Tracked-change records that only describe old formatting or properties: dropped on accept.
PROPERTY_CHANGES = frozenset(
    w(t)
    for t in [
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
        "tblPrExChange",
    ]
)
RANGE_MARKS = frozenset(
    w(t)
    for t in [
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "customXmlInsRangeStart",
        "customXmlInsRangeEnd",
        "customXmlDelRangeStart",
        "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart",
        "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd",
    ]
)
# Core properties that hold people's names: cleared. Those that describe the story: scanned.
CLEARED_CORE = ((DC, "creator"), (CP, "lastModifiedBy"))
SCANNED_CORE = (
    (DC, "title"), (DC, "subject"), (DC, "description"), (CP, "keywords"), (CP, "category"),
    (CP, "contentStatus"), (DC, "identifier"),
)  # fmt: skip
CLEARED_APP = ((EP, "Manager"),)
SCANNED_APP = ("Company", "HyperlinkBase")
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
VML = "urn:schemas-microsoft-com:vml"
OFFICE = "urn:schemas-microsoft-com:office:office"
# Text a reader or a property dialog shows outside the runs: (element, attribute) read as text.
SHOWN_ATTRS = (
    (f"{{{WP}}}docPr", "descr"), (f"{{{WP}}}docPr", "title"), (f"{{{PIC}}}cNvPr", "descr"),
    (f"{{{PIC}}}cNvPr", "title"), (w("hyperlink"), w("tooltip")), (w("fldSimple"), w("instr")),
    (w("alias"), w("val")), (w("tag"), w("val")), (w("default"), w("val")),
    (w("listEntry"), w("val")), (w("helpText"), w("val")), (w("statusText"), w("val")),
)  # fmt: skip
# Drawing names Word fills with a file name ("aminata_traore.jpg"): reset to a neutral one.
DRAWING_NAMES = (f"{{{WP}}}docPr", f"{{{PIC}}}cNvPr", f"{{{A}}}cNvPr")
_NEUTRAL_NAME = re.compile(r"(?:Picture|Image|Graphic|Text Box|Chart|Diagram|Shape|Object)\s*\d*")
# The media file names Word itself gives ("image3.png"): the others are renamed like these.
_NEUTRAL_MEDIA = re.compile(r"image\d+(?:\.[A-Za-z0-9]+)?")

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


@dataclass
class _Piece:
    view_start: int
    element: etree._Element  # a w:t, or a property element whose .text is the value
    length: int
    attr: str | None = None  # the value is this attribute of `element`, not its text
    # The value is the attribute after this many characters ("mailto:" before an address),
    # and a URI: what redaction writes there is percent-encoded ("[email 1]" has a space).
    prefix: int = 0

    def get(self) -> str:
        raw = (self.element.get(self.attr) if self.attr else self.element.text) or ""
        return raw[self.prefix :]

    def set(self, value: str) -> None:
        if self.attr and self.prefix:
            raw = self.element.get(self.attr) or ""
            value = raw[: self.prefix] + quote(value, safe="@:/?=&+,;%.-_~!$'()*#")
        if self.attr:
            self.element.set(self.attr, value)
        else:
            self.element.text = value


@dataclass
class _Package:
    """One reading of the package: parsed, scrubbed trees and the view built from them."""

    trees: dict[str, etree._Element] = field(default_factory=dict)
    pieces: list[_Piece] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    view: list[str] = field(default_factory=list)
    length: int = 0
    main: str = ""
    notices: list[Notice] = field(default_factory=list)
    urls: list[tuple[int, str]] = field(default_factory=list)
    comment_texts: list[str] = field(default_factory=list)
    tail: str = ""
    removed: set[str] = field(default_factory=set)  # parts left out of the redacted package
    thumbnails: set[str] = field(default_factory=set)
    media: dict[str, str] = field(default_factory=dict)  # media part -> its neutral new name
    paragraph_starts: list[int] = field(default_factory=list)
    parts: list[tuple[int, str]] = field(default_factory=list)  # (view offset, part name)

    def enter(self, name: str) -> None:
        """The view text from here on comes from package part `name` (for "where is it")."""
        self.parts.append((self.length, name))

    def emit(
        self,
        text: str,
        element: etree._Element | None = None,
        attr: str | None = None,
        prefix: int = 0,
    ) -> None:
        if element is not None and text:
            self.pieces.append(_Piece(self.length, element, len(text), attr, prefix))
            self.starts.append(self.length)
        self.view.append(text)
        self.length += len(text)
        if text:
            self.tail = (self.tail + text)[-2:]

    def paragraph(self) -> None:
        """End a paragraph with a blank line and remember where the next one starts.

        One newline is a line break inside a paragraph (`<w:br/>`: "Mamadou⏎Lamine" is one
        name); a blank line ends it, so a name ending one paragraph and one starting the next
        are never read as one wrapped name.
        """
        if self.length:
            have = len(self.tail) - len(self.tail.rstrip("\n"))
            if have < 2:
                self.emit("\n" * (2 - have))
        if not self.paragraph_starts or self.paragraph_starts[-1] != self.length:
            self.paragraph_starts.append(self.length)


class DocxDocument(Document):
    format_name = "docx"

    def __init__(self, path: Path, data: bytes, max_bytes: int = 20 * 1024 * 1024) -> None:
        self.data = data
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            unpacked = sum(info.file_size for info in self.zip.infolist())
            if unpacked > 10 * max_bytes:
                raise InputError(f"refusing .docx that unpacks to {unpacked:,} bytes")
            package = self._read()
        except zipfile.BadZipFile:
            raise InputError("not a valid .docx (not a readable zip archive)") from None
        except (zlib.error, EOFError, OSError) as exc:
            raise InputError(f"corrupt .docx ({exc})") from None
        super().__init__(path, "".join(package.view))
        self._paragraph_starts = package.paragraph_starts
        self._parts = package.parts
        self.notices = package.notices
        self.url_spans = package.urls
        self.renamed_on_redact = {name.rsplit("/", 1)[-1] for name in package.media}
        self.pragmas = [p for text in package.comment_texts for p in parse_pragmas(text, 0)]

    @classmethod
    def from_bytes(cls, path: Path, data: bytes) -> DocxDocument:
        return cls(path, data)

    def position(self, offset: int) -> tuple[int, int]:
        """(paragraph, column): Word has no lines, so the "line" is the paragraph's number."""
        k = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if k < 0:
            return 1, offset + 1
        return k + 1, offset - self._paragraph_starts[k] + 1

    def part_at(self, offset: int) -> str | None:
        """The package part a view offset comes from ("word/footnotes.xml"), or None."""
        k = bisect.bisect_right([start for start, _ in self._parts], offset) - 1
        return self._parts[k][1] if k >= 0 else None

    # -- reading ----------------------------------------------------------------------------------

    def _xml(self, name: str) -> etree._Element:
        try:
            raw = self.zip.read(name)
        except KeyError:
            raise InputError(f"corrupt .docx: part {name} is missing") from None
        if _DOCTYPE.search(raw):
            # Word never writes a DTD, and its entities cannot be kept safely: lxml leaves them
            # unresolved (resolving them is how XML bombs and file disclosure work), and the
            # tree would be written back with references to entities no longer declared.
            raise InputError(
                f"refusing .docx: {name} contains a DTD (<!DOCTYPE>), which Word documents never "
                "have; open and save it again in Word"
            )
        try:
            root = etree.fromstring(raw, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise InputError(f"corrupt .docx: {name} is not well-formed XML ({exc})") from None
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:  # a DTD in another encoding
            raise InputError(
                f"refusing .docx: {name} contains a DTD (<!DOCTYPE>), which Word documents never "
                "have; open and save it again in Word"
            )
        return root

    def _content_types(self) -> dict[str, str]:
        """Part name (without leading slash) -> content type."""
        names = set(self.zip.namelist())
        if "[Content_Types].xml" not in names:
            raise InputError("not a Word document ([Content_Types].xml is missing)")
        root = self._xml("[Content_Types].xml")
        defaults = {
            d.get("Extension", "").lower(): d.get("ContentType", "")
            for d in root.iter(f"{{{CT}}}Default")
        }
        types = {}
        for name in names:
            ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if ext in defaults:
                types[name] = defaults[ext]
        for o in root.iter(f"{{{CT}}}Override"):
            part = o.get("PartName", "").lstrip("/")
            if part in names:
                types[part] = o.get("ContentType", "")
        return types

    def _read(self) -> _Package:
        types = self._content_types()
        package = _Package()
        stories: dict[str, list[str]] = {kind: [] for kind in STORY_TYPES}
        comments: list[str] = []
        aux: list[str] = []
        core = app = custom = settings = None
        drawings: list[str] = []
        for name, ctype in sorted(types.items()):
            if ctype.startswith(_WML) and ctype.endswith(".glossary+xml"):
                stories["glossary"].append(name)  # building blocks: saved with the file
            elif ctype.startswith(_WML) and ctype.endswith(".main+xml"):
                stories["main"].append(name)
            elif ctype == _WML + "settings+xml":
                settings = name
            elif (
                ctype.startswith(
                    (
                        "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
                        "application/vnd.openxmlformats-officedocument.drawingml.diagram",
                        "application/vnd.ms-office.drawingml.diagramDrawing",
                    )
                )
                or name.startswith(("word/charts/chart", "word/diagrams/"))
                and name.endswith(".xml")
            ):
                drawings.append(name)
            elif ctype in (_WML + kind + "+xml" for kind in STORY_TYPES[1:-1]):
                stories[ctype[len(_WML) : -len("+xml")]].append(name)
            elif ctype == _WML + "comments+xml":
                comments.append(name)
            elif ctype.startswith(_WML) and ctype.endswith(COMMENT_AUX):
                aux.append(name)
            elif ctype == "application/vnd.openxmlformats-package.core-properties+xml":
                core = name
            elif ctype.endswith("officedocument.extended-properties+xml"):
                app = name
            elif ctype.endswith("officedocument.custom-properties+xml"):
                custom = name
        if not stories["main"]:
            raise InputError("not a Word document (no main document part)")
        package.main = stories["main"][0]

        for name in comments:
            self._remove_comments(package, name)
        for name in aux:
            root = package.trees[name] = self._xml(name)
            for child in list(root):
                root.remove(child)
        for kind in STORY_TYPES:
            for name in sorted(stories[kind], key=_natural):
                root = package.trees[name] = self._xml(name)
                _remove_comment_marks(root)
                self._accept_changes(package, name, root)
                package.enter(name)
                self._story(package, name, root)
        for name in drawings:
            root = package.trees[name] = self._xml(name)
            for el in root.iter(f"{{{A}}}t", f"{{{C}}}v"):
                if el.text and el.text.strip():
                    package.paragraph()
                    package.emit(el.text, el)
            self._chart_workbook(package, name, root)
        if settings:
            self._remove_all(package, settings, [w("docVars")], "document variables")
        self._hidden_parts(package, types)
        if core:
            package.enter(core)
            self._core_properties(package, core)
        if app:
            package.enter(app)
            self._clear(package, app, CLEARED_APP, "PROPERTY")
            # Word copies the title into TitlesOfParts: scanned like the title itself.
            for tag in SCANNED_APP:
                for el in package.trees[app].iter(f"{{{EP}}}{tag}"):
                    if el.text and el.text.strip():
                        package.paragraph()
                        package.emit(el.text, el)
            for titles in package.trees[app].iter(f"{{{EP}}}TitlesOfParts"):
                for el in titles.iter(f"{{{VT}}}lpstr"):
                    if el.text and el.text.strip():
                        package.paragraph()
                        package.emit(el.text, el)
        if custom:
            package.enter(custom)
            root = package.trees[custom] = self._xml(custom)
            props = list(root)
            for child in props:
                root.remove(child)
            if props:
                names = ", ".join(p.get("name", "?") for p in props)
                package.notices.append(
                    Notice(
                        "PROPERTY",
                        names,
                        f"{len(props)} custom document propert{'y' if len(props) == 1 else 'ies'}"
                        " removed on redact",
                        fixed_by_redact=True,
                    )
                )
        if package.length:
            package.emit("\n")
        return package

    def _remove_comments(self, package: _Package, name: str) -> None:
        root = package.trees[name] = self._xml(name)
        found = list(root.iter(w("comment")))
        for comment in found:
            text = "".join(t.text or "" for t in comment.iter(w("t")))
            package.comment_texts.append(text)
            author = comment.get(w("author")) or "unknown author"
            excerpt = text if len(text) <= 60 else text[:57] + "..."
            package.notices.append(
                Notice(
                    "COMMENT",
                    author,
                    f'Word comment by "{author}" ("{excerpt}") removed on redact',
                    fixed_by_redact=True,
                )
            )
        for child in list(root):
            root.remove(child)

    def _accept_changes(self, package: _Package, name: str, root: etree._Element) -> None:
        """Accept every tracked change: keep insertions, drop deletions and the change records."""
        authors: dict[str, int] = {}

        def count(el: etree._Element) -> None:
            author = el.get(w("author")) or "unknown author"
            authors[author] = authors.get(author, 0) + 1

        for tr in list(root.iter(w("tr"))):
            trpr = tr.find(w("trPr"))
            if trpr is not None and trpr.find(w("del")) is not None:
                count(trpr.find(w("del")))
                tr.getparent().remove(tr)
        for el in list(root.iter(w("del"), w("moveFrom"))):
            count(el)
            el.getparent().remove(el)
        for el in list(root.iter(w("ins"), w("moveTo"))):
            count(el)
            parent = el.getparent()
            if parent.tag in (w("rPr"), w("trPr")) or len(el) == 0:
                parent.remove(el)  # a mark on a paragraph mark or a row: nothing to keep
            else:
                _unwrap(el)
        for el in list(root.iter(*PROPERTY_CHANGES, *RANGE_MARKS)):
            if el.tag in PROPERTY_CHANGES:
                count(el)
            el.getparent().remove(el)
        for el in list(root.iter(w("cellIns"), w("cellDel"), w("cellMerge"))):
            count(el)
            el.getparent().remove(el)
        for author, n in authors.items():
            package.notices.append(
                Notice(
                    "TRACKED_CHANGE",
                    author,
                    f'{n} tracked change{"s" if n > 1 else ""} by "{author}" in {name}: accepted '
                    "on redact (insertions kept, deletions removed)",
                    fixed_by_redact=True,
                )
            )

    def _story(self, package: _Package, name: str, root: etree._Element) -> None:
        links = self._hyperlinks(name)
        for p in root.iter(w("p")):
            package.paragraph()
            self._paragraph(package, p, links)
        self._contact_links(package, name)
        # What Word shows outside the runs (alt text, tooltips, field codes, form-field and
        # content-control values, VML alt text): one paragraph each, after the story's text.
        shown = {tag for tag, _ in SHOWN_ATTRS}
        for el in root.iter(*shown, w("instrText"), *DRAWING_NAMES, f"{{{VML}}}*"):
            if el.tag == w("instrText"):
                if el.text and el.text.strip():
                    package.paragraph()
                    package.emit(el.text, el)
                continue
            for tag, attr in SHOWN_ATTRS:
                if el.tag == tag and (el.get(attr) or "").strip():
                    package.paragraph()
                    package.emit(el.get(attr), el, attr)
            if el.tag.startswith(f"{{{VML}}}"):
                for attr in ("alt", f"{{{OFFICE}}}title"):
                    if (el.get(attr) or "").strip():
                        package.paragraph()
                        package.emit(el.get(attr), el, attr)
            if el.tag in DRAWING_NAMES:
                drawing_name = el.get("name") or ""
                if drawing_name and not _NEUTRAL_NAME.fullmatch(drawing_name):
                    package.urls.append((package.length, drawing_name))
                    el.set("name", f"Picture {el.get('id') or ''}".strip())
        self._bookmarks(package, root)

    def _bookmarks(self, package: _Package, root: etree._Element) -> None:
        """Bookmark names ("Aminata_Traore") are identifiers: renamed, with every reference."""
        names = {}
        for el in root.iter(w("bookmarkStart")):
            name = el.get(w("name")) or ""
            if name and not name.startswith("_"):
                names.setdefault(name, f"_bm{len(names) + 1}")
                el.set(w("name"), names[name])
        if not names:
            return
        pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")
        for el in root.iter(w("hyperlink")):
            if el.get(w("anchor")) in names:
                el.set(w("anchor"), names[el.get(w("anchor"))])
        for el in root.iter(w("instrText")):
            if el.text:
                el.text = pattern.sub(lambda m: names[m.group(1)], el.text)
        for el in root.iter(w("fldSimple")):
            if el.get(w("instr")):
                el.set(w("instr"), pattern.sub(lambda m: names[m.group(1)], el.get(w("instr"))))
        package.notices.append(
            Notice(
                "PROPERTY",
                ", ".join(names),
                f"{len(names)} bookmark name{'s' if len(names) > 1 else ''} renamed on redact",
                fixed_by_redact=True,
            )
        )

    def _chart_workbook(self, package: _Package, name: str, root: etree._Element) -> None:
        """A chart's embedded workbook (word/embeddings/*.xlsx): removed, and reported.

        The workbook holds the chart's data with its labels (often the names of the people the
        chart is about) and is a package of its own that safename does not read. The chart
        keeps the values it shows (its cache in the chart part, which is scanned); only
        editing the data in Excel is lost.
        """
        workbooks = self._relationships(name, PACKAGE_REL)
        for el in list(root.iter(f"{{{C}}}externalData")):
            target = workbooks.get(el.get(f"{{{R}}}id") or "")
            el.getparent().remove(el)
            if target and target not in package.removed:
                package.removed.add(target)
                package.notices.append(
                    Notice(
                        "PROPERTY",
                        target,
                        f"embedded workbook {target} (the data of chart {name}) removed on "
                        "redact: it is not scanned; the chart keeps the values it shows",
                        fixed_by_redact=True,
                    )
                )

    def _remove_all(self, package: _Package, name: str, tags: list[str], what: str) -> None:
        root = package.trees[name] = self._xml(name)
        found = [el for tag in tags for el in root.iter(tag)]
        for el in found:
            el.getparent().remove(el)
        if found:
            package.notices.append(
                Notice("PROPERTY", what, f"{what} removed on redact", fixed_by_redact=True)
            )

    def _hidden_parts(self, package: _Package, types: dict[str, str]) -> None:
        """Parts no reader sees but a file viewer does: emptied or removed, and reported."""
        names = set(self.zip.namelist())
        for name in sorted(names):
            if re.fullmatch(r"customXml/item\d+\.xml", name):
                root = package.trees[name] = self._xml(name)
                if len(root) or (root.text or "").strip():
                    for child in list(root):
                        root.remove(child)
                    root.text = None
                    package.notices.append(
                        Notice(
                            "PROPERTY",
                            name,
                            f"custom XML data {name} emptied on redact",
                            fixed_by_redact=True,
                        )  # fmt: skip
                    )
            elif name.startswith("docProps/thumbnail"):
                package.thumbnails.add(name)  # removed by render when something is redacted
                package.notices.append(
                    Notice(
                        "PROPERTY",
                        name,
                        "thumbnail image of the first page removed on redact",
                        fixed_by_redact=True,
                        only_with_changes=True,
                    )
                )
            elif name.startswith("word/media/"):
                base = name.rsplit("/", 1)[-1]
                if not _NEUTRAL_MEDIA.fullmatch(base):
                    package.urls.append((package.length, base))
                    package.media[name] = ""
            elif name.startswith("word/embeddings/") and name not in package.removed:
                package.notices.append(
                    Notice(
                        "EMBEDDED_OBJECT",
                        name,
                        f"embedded file {name} is not scanned: open the object in Word and "
                        "check it, or delete it",
                        fixed_by_redact=False,
                    )
                )
        taken = set(names)
        number = 1
        for name in sorted(package.media, key=_natural):
            ext = name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""
            while True:
                new = f"word/media/image{number}" + (f".{ext}" if ext else "")
                number += 1
                if new not in taken:
                    break
            taken.add(new)
            package.media[name] = new
        # Imported content (altChunk: HTML, MHT, RTF or text Word merges in when it opens the
        # file) is not WordprocessingML that safename can redact run by run: removed.
        chunks = {
            rel_id: target
            for story in self._story_names(types)
            for rel_id, target in self._relationships(story, ALT_CHUNK_REL).items()
        }
        for root in list(package.trees.values()):
            for el in list(root.iter(w("altChunk"))):
                target = chunks.get(el.get(f"{{{R}}}id") or "")
                el.getparent().remove(el)
                if target:
                    package.removed.add(target)
                    package.notices.append(
                        Notice(
                            "PROPERTY",
                            target,
                            f"imported content {target} (altChunk) removed "
                            "on redact: paste it into the document as text if it is needed",
                            fixed_by_redact=True,
                        )  # fmt: skip
                    )
        self._apply_removals(package)

    def _apply_removals(self, package: _Package) -> None:
        """Drop the relationships and content-type overrides of the parts left out."""
        if not package.removed:
            return
        names = set(self.zip.namelist())
        for rels_name in sorted(n for n in names if n.endswith(".rels")):
            base = dirname(dirname(rels_name))
            rels = package.trees.get(rels_name)
            if rels is None:
                rels = self._xml(rels_name)
            gone = [
                rel for rel in rels
                if _resolve(base, rel.get("Target", "")) in package.removed
                and rel.get("TargetMode") != "External"
            ]  # fmt: skip
            for rel in gone:
                rels.remove(rel)
            if gone:
                package.trees[rels_name] = rels
        ctypes = package.trees.get("[Content_Types].xml")
        if ctypes is None:
            ctypes = package.trees["[Content_Types].xml"] = self._xml("[Content_Types].xml")
        for o in list(ctypes.iter(f"{{{CT}}}Override")):
            if o.get("PartName", "").lstrip("/") in package.removed:
                ctypes.remove(o)

    def _rename_media(self, package: _Package) -> None:
        """Media files named by hand ("aminata_traore.jpg") get Word's own kind of name.

        Every relationship pointing at one (from the body, a header, a chart...) and its
        content-type override follow, so each picture still shows.
        """
        if not package.media:
            return
        for rels_name in sorted(n for n in self.zip.namelist() if n.endswith(".rels")):
            base = dirname(dirname(rels_name))
            rels = package.trees.get(rels_name)
            if rels is None:
                rels = self._xml(rels_name)
            changed = False
            for rel in rels.iter(f"{{{PR}}}Relationship"):
                old = rel.get("Target", "")
                new = package.media.get(_resolve(base, old))
                if new and rel.get("TargetMode") != "External":
                    head = old.rsplit("/", 1)[0] + "/" if "/" in old else ""
                    rel.set("Target", head + new.rsplit("/", 1)[-1])
                    changed = True
            if changed:
                package.trees[rels_name] = rels
        ctypes = package.trees.get("[Content_Types].xml")
        if ctypes is None:
            ctypes = package.trees["[Content_Types].xml"] = self._xml("[Content_Types].xml")
        for o in ctypes.iter(f"{{{CT}}}Override"):
            new = package.media.get(o.get("PartName", "").lstrip("/"))
            if new:
                o.set("PartName", "/" + new)

    def _story_names(self, types: dict[str, str]) -> list[str]:
        return [n for n, t in types.items() if t.startswith(_WML) and t.endswith(
            (".main+xml", "header+xml", "footer+xml", "footnotes+xml", "endnotes+xml",
             ".glossary+xml"))]  # fmt: skip

    def _relationships(self, part: str, rel_type: str) -> dict[str, str]:
        """Relationship id -> resolved target part, for `part`'s relationships of `rel_type`."""
        rels = join(dirname(part), "_rels", part.rsplit("/", 1)[-1] + ".rels")
        if rels not in self.zip.namelist():
            return {}
        return {
            rel.get("Id", ""): _resolve(dirname(part), rel.get("Target", ""))
            for rel in self._xml(rels).iter(f"{{{PR}}}Relationship")
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External"
        }

    def _hyperlinks(self, part: str) -> dict[str, str]:
        """Hyperlink id -> URL, for the links whose URL is only reported (not contact links)."""
        rels = join(dirname(part), "_rels", part.rsplit("/", 1)[-1] + ".rels")
        if rels not in self.zip.namelist():
            return {}
        out = {}
        for rel in self._xml(rels).iter(f"{{{PR}}}Relationship"):
            target = rel.get("Target", "")
            if rel.get("Type") == HYPERLINK_REL and not target.lower().startswith(CONTACT_SCHEMES):
                out[rel.get("Id", "")] = target
        return out

    def _contact_links(self, package: _Package, part: str) -> None:
        """`mailto:`/`tel:` hyperlink targets (in the part's .rels): the address scanned as text.

        A private e-mail address or phone number is masked in the link as in the text; the
        link text is in the body and scanned there.
        """
        rels_name = join(dirname(part), "_rels", part.rsplit("/", 1)[-1] + ".rels")
        if rels_name not in self.zip.namelist():
            return
        rels = package.trees.get(rels_name)
        if rels is None:
            rels = package.trees[rels_name] = self._xml(rels_name)
        for rel in rels.iter(f"{{{PR}}}Relationship"):
            target = rel.get("Target", "")
            scheme = next((c for c in CONTACT_SCHEMES if target.lower().startswith(c)), None)
            if rel.get("Type") != HYPERLINK_REL or scheme is None:
                continue
            address = target[len(scheme) :]
            if address.strip():
                package.paragraph()
                package.emit(address, rel, "Target", prefix=len(scheme))

    def _paragraph(self, package: _Package, el: etree._Element, links: dict[str, str]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in (w("txbxContent"), w("p"), w("pPr"), w("rPr"), f"{{{MC}}}Fallback"):
                continue  # nested paragraphs are visited on their own; Fallback repeats Choice
            if tag == w("t"):
                package.emit(child.text or "", child)
            elif tag == w("tab") and el.tag == w("r"):
                package.emit("\t")
            elif tag in (w("br"), w("cr")) and el.tag == w("r"):
                package.emit("\n")
            elif tag == w("noBreakHyphen"):
                package.emit("-")
            elif tag in (w("instrText"), w("delText"), w("delInstrText")):
                continue
            else:
                if tag == w("hyperlink") and child.get(f"{{{R}}}id") in links:
                    package.urls.append((package.length, links[child.get(f"{{{R}}}id")]))
                self._paragraph(package, child, links)

    def _core_properties(self, package: _Package, name: str) -> None:
        self._clear(package, name, CLEARED_CORE, "PROPERTY")
        root = package.trees[name]
        for ns, tag in SCANNED_CORE:
            for el in root.iter(f"{{{ns}}}{tag}"):
                if el.text and el.text.strip():
                    package.paragraph()
                    package.emit(el.text, el)

    def _clear(
        self, package: _Package, name: str, tags: Sequence[tuple[str, str]], kind: str
    ) -> None:
        root = package.trees.get(name)
        if root is None:
            root = package.trees[name] = self._xml(name)
        for ns, tag in tags:
            for el in root.iter(f"{{{ns}}}{tag}"):
                if el.text and el.text.strip():
                    package.notices.append(
                        Notice(
                            kind,
                            el.text.strip(),
                            f'document property {tag} "{el.text.strip()}" cleared on redact',
                            fixed_by_redact=True,
                        )
                    )
                    el.text = ""

    # -- writing back -----------------------------------------------------------------------------

    def render(
        self, findings: Sequence[Finding], footnote: str | None, footnote_at: int | None = None
    ) -> Rendered:
        package = self._read()  # fresh trees: rendering twice must not apply edits twice
        view = "".join(package.view)
        # Found before the edits: a replacement may empty the run that starts the paragraph.
        before = None if footnote_at is None else _body_paragraph_at(package, footnote_at)
        for f in sorted(redacting(findings), key=lambda f: f.start, reverse=True):
            self._replace(package, view, f.start, f.end, f.replacement or "")
        if footnote:
            _append_paragraphs(package.trees[package.main], footnote, before)
        if package.thumbnails and redacting(findings):
            package.removed |= package.thumbnails
            self._apply_removals(package)
        self._rename_media(package)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in self.zip.infolist():
                if info.filename in package.removed:
                    continue
                if info.filename in package.trees:
                    data = etree.tostring(
                        package.trees[info.filename],
                        xml_declaration=True,
                        encoding="UTF-8",
                        standalone=True,
                    )
                else:
                    data = self.zip.read(info.filename)
                # A copy: writestr records offsets in the ZipInfo, which would corrupt the
                # source archive's directory for the next render.
                entry = copy.copy(info)
                entry.filename = package.media.get(info.filename) or info.filename
                target.writestr(entry, data)
        edits = [(f.start, f.end, f.replacement or "") for f in redacting(findings)]
        at = footnote_at if before is not None else None
        return Rendered(out.getvalue(), place_footnote(self.view, edits, footnote, at))

    def _replace(
        self, package: _Package, view: str, start: int, end: int, replacement: str
    ) -> None:
        """Write `replacement` over view[start:end], run by run.

        Within a line the replacement goes into the first run the name touches (it takes that
        run's formatting) and the rest of the name is removed from the following runs. A name
        broken by a `<w:br/>` ("Mamadou⏎Lamine") is spread over its lines (`spread`), so the
        break stays between the two names and no newline is ever written inside a `<w:t>`.
        """
        touched: list[tuple[_Piece, int, int]] = []
        i = max(0, bisect.bisect_right(package.starts, start) - 1)
        while i < len(package.pieces):
            piece = package.pieces[i]
            if piece.view_start >= end:
                break
            if piece.view_start + piece.length > start:
                lo = max(start, piece.view_start) - piece.view_start
                hi = min(end, piece.view_start + piece.length) - piece.view_start
                touched.append((piece, lo, hi))
            i += 1
        if not touched:
            return
        lines: list[list[tuple[_Piece, int, int]]] = [[touched[0]]]
        for prev, cur in zip(touched, touched[1:], strict=False):
            gap = view[prev[0].view_start + prev[2] : cur[0].view_start + cur[1]]
            if "\n" in gap:
                lines.append([cur])
            else:
                lines[-1].append(cur)
        texts = [
            "".join(view[p.view_start + lo : p.view_start + hi] for p, lo, hi in line)
            for line in lines
        ]
        parts = spread(replacement, texts, [False] + [True] * (len(lines) - 1))
        for line, part in zip(lines, parts, strict=True):
            for k, (piece, lo, hi) in enumerate(line):
                text = piece.get()
                new = text[:lo] + (part if k == 0 else "") + text[hi:]
                if piece.element.tag == w("t") or piece.attr:
                    new = new.replace("\r", " ").replace("\n", " ")
                piece.set(new)
                if piece.element.tag == w("t") and not piece.attr:
                    if new != new.strip():
                        piece.element.set(XML_SPACE, "preserve")
                    if not new:
                        _drop_empty_text(piece.element)


def _body_paragraph_at(package: _Package, offset: int) -> etree._Element | None:
    """The main body's top-level paragraph (or table) holding the view text at `offset`, or
    None when that text is elsewhere (a header, a text box) or not found."""
    i = bisect.bisect_left(package.starts, offset)
    if i >= len(package.pieces):
        return None
    element = package.pieces[i].element
    root = package.trees[package.main]
    body = root.find(w("body"))
    if body is None or element.getroottree().getroot() is not root:
        return None
    node = element
    while node is not None and node.getparent() is not body:
        node = node.getparent()
    if node is None or node.tag not in (w("p"), w("tbl"), w("sdt")):
        return None
    return node


def _append_paragraphs(
    root: etree._Element, footnote: str, before: etree._Element | None = None
) -> None:
    """The pseudonym footnote as italic paragraphs before `before` (a press-contact
    paragraph), else at the end of the body, before sectPr."""
    body = root.find(w("body"))
    if body is None:
        return
    sect = body.find(w("sectPr"))
    if before is not None and before.getparent() is body:
        sect = before
    for line in [p.strip() for p in footnote.strip().split("\n")]:
        p = etree.Element(w("p"))
        if line:
            r = etree.SubElement(p, w("r"))
            rpr = etree.SubElement(r, w("rPr"))
            etree.SubElement(rpr, w("i"))
            t = etree.SubElement(r, w("t"))
            t.text = line
            t.set(XML_SPACE, "preserve")
        if sect is not None and sect.getparent() is body:
            sect.addprevious(p)
        else:
            body.append(p)


def _drop_empty_text(t: etree._Element) -> None:
    run = t.getparent()
    run.remove(t)
    if run.tag == w("r") and all(child.tag == w("rPr") for child in run):
        parent = run.getparent()
        if parent is not None:
            parent.remove(run)


def _unwrap(el: etree._Element) -> None:
    """Replace `el` by its children, in place."""
    parent = el.getparent()
    index = parent.index(el)
    for child in reversed(list(el)):
        parent.insert(index, child)
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
    parent.remove(el)


def _remove_comment_marks(root: etree._Element) -> None:
    for el in list(root.iter(w("commentRangeStart"), w("commentRangeEnd"))):
        el.getparent().remove(el)
    for ref in list(root.iter(w("commentReference"))):
        run = ref.getparent()
        run.remove(ref)
        if run.tag == w("r") and all(c.tag == w("rPr") for c in run):
            run.getparent().remove(run)


def _resolve(base: str, target: str) -> str:
    """A relationship target as a part name ("media/a.png" from "word" -> "word/media/a.png")."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for segment in (base.split("/") if base else []) + target.split("/"):
        if segment == "..":
            if parts:
                parts.pop()
        elif segment and segment != ".":
            parts.append(segment)
    return "/".join(parts)


def _natural(name: str) -> list[object]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]
