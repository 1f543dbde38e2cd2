"""Plain-text input: decode bytes without guessing wrong, and refuse what is not text.

Drafts arrive as UTF-8, UTF-8 with a BOM (Windows Notepad), UTF-16 (Windows "Unicode" exports)
or cp1252 (older Word exports). The encoding, BOM and every line ending are remembered so a
redacted copy can be written back the same way, changing only the replaced words.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from safename.findings import Finding
from safename.formats.base import Document, Rendered, place_footnote, redacting

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


class InputError(Exception):
    """A file that cannot be processed; the message is one line naming the problem."""


# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_NEWLINE = re.compile(r"\r\n|\r|\n")
# A byte that is not UTF-8 in a UTF-8 file: "surrogateescape" gives U+DC80..U+DCFF, which spaCy
# cannot hash; the view holds U+10FF80..U+10FFFF instead (private use, never a letter).
_STRAY_BASE = 0x10FF00
_SURROGATE_TO_STRAY = {0xDC00 + b: _STRAY_BASE + b for b in range(0x80, 0x100)}
_STRAY_TO_SURROGATE = {v: k for k, v in _SURROGATE_TO_STRAY.items()}


@dataclass(frozen=True)
class DecodedText:
    """A text file's characters, and everything needed to write it back byte for byte.

    `text` has "\n" line endings (what every format adapter and the engine see). `endings`
    remembers each original line ending in order when a file mixes them, so that a redacted
    copy changes only the replaced words. Bytes that are not valid UTF-8 in a file that is
    otherwise UTF-8 stand in `text` as private-use characters (U+10FF80 + byte: spaCy refuses
    lone surrogates) and are written back as the same bytes: the file's encoding never changes.
    """

    text: str
    encoding: str  # "utf-8", "utf-8-sig", "cp1252", "utf-16-le", "utf-32-be"...
    newline: str  # "\n", "\r\n" or "\r": the first line ending seen
    bom: bytes = b""  # written before the text (UTF-16/32; "utf-8-sig" writes its own)
    endings: tuple[str, ...] = ()  # every original line ending, when they are mixed
    stray_bytes: int = 0  # bytes of a UTF-8 file that are not UTF-8, kept as they were

    def encode(self, text: str) -> bytes:
        """`text` (with "\n" endings) in this file's encoding, BOM and line endings."""
        if self.endings:
            text = self._restore_endings(text)
        elif self.newline != "\n":
            text = text.replace("\n", self.newline)
        if self.stray_bytes:
            return self.bom + text.translate(_STRAY_TO_SURROGATE).encode(
                self.encoding, "surrogateescape"
            )
        return self.bom + text.encode(self.encoding)

    def _restore_endings(self, text: str) -> str:
        """The i-th line break gets the i-th original ending; added ones (the footnote) get
        the first ending seen."""
        endings = iter(self.endings)
        return re.sub("\n", lambda _: next(endings, self.newline), text)


def _count_invalid_utf8(data: bytes) -> tuple[int, int]:
    """(bytes that are not UTF-8, non-ASCII characters that are) in `data`."""
    text = data.decode("utf-8", "surrogateescape")
    invalid = sum(1 for c in text if "\udc80" <= c <= "\udcff")
    non_ascii = sum(1 for c in text if c > "\x7f") - invalid
    return invalid, non_ascii


def _decode_unicode_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16/32 without a byte-order mark, recognised by where its NUL bytes fall."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    for encoding, width, zero_at in (
        ("utf-32-le", 4, (1, 2, 3)),
        ("utf-32-be", 4, (0, 1, 2)),
        ("utf-16-le", 2, (1,)),
        ("utf-16-be", 2, (0,)),
    ):
        if len(data) % width:
            continue
        units = [sample[i : i + width] for i in range(0, len(sample) - width + 1, width)]
        ascii_like = sum(1 for u in units if all(u[j] == 0 for j in zero_at))
        if ascii_like >= 0.9 * len(units):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a text file, choosing its encoding from evidence in the bytes themselves.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32). Otherwise UTF-8 wins when the file has
    at least as many valid UTF-8 characters beyond ASCII as invalid bytes: one stray Latin-1
    byte in a UTF-8 story must not turn every "é" into "Ã©". Only a file whose high bytes are
    all single (cp1252's shape) is read as cp1252.
    """
    bom = b""
    for mark, codec in _BOMS:
        if data.startswith(mark):
            if codec == "utf-8-sig":
                encoding = codec
            else:
                bom, encoding = mark, codec
            break
    else:
        encoding = ""
    stray = 0
    if encoding and encoding != "utf-8-sig":
        try:
            text = data[len(bom) :].decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid {encoding.upper()} (byte {exc.start + len(bom)})"
            ) from None
    elif b"\x00" in data[:8192] and not encoding:
        guessed = _decode_unicode_without_bom(data)
        if guessed is None:
            raise InputError("binary file (contains NUL bytes), not text")
        text, encoding = guessed
    else:
        encoding = encoding or "utf-8"
        body = data[3:] if encoding == "utf-8-sig" else data
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            invalid, non_ascii = _count_invalid_utf8(body)
            if encoding == "utf-8-sig" or non_ascii >= invalid:
                text = body.decode("utf-8", "surrogateescape").translate(_SURROGATE_TO_STRAY)
                stray = invalid
            else:
                try:
                    text = data.decode("cp1252")
                except UnicodeDecodeError as exc:
                    raise InputError(
                        f"cannot decode as UTF-8 or cp1252 (byte {exc.start})"
                    ) from None
                encoding = "cp1252"
    if _CONTROL.search(text.replace("\r", "").replace("\f", "")):
        raise InputError(f"not a text file (control characters after decoding as {encoding})")
    found = _NEWLINE.findall(text)
    newline = found[0] if found else "\n"
    endings = tuple(found) if len(set(found)) > 1 else ()
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(normalised, encoding, newline, bom, endings, stray)


def read_file_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of `path`, or an `InputError` saying in one line why they cannot be had.

    Only regular files are read: a FIFO or a device would block or never end.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (a pipe, socket or device)")
    if info.st_size > max_bytes:
        raise InputError(f"file too large ({info.st_size:,} bytes; limit {max_bytes:,})")
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if len(data) > max_bytes:  # grew since stat
        raise InputError(f"file too large (over {max_bytes:,} bytes)")
    return data


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> DecodedText:
    return decode_bytes(read_file_bytes(path, max_bytes))


class TextDocument(Document):
    """A plain-text draft: the view is the text itself."""

    format_name = "text"

    def __init__(self, path: Path, decoded: DecodedText) -> None:
        super().__init__(path, decoded.text)
        self.decoded = decoded

    @classmethod
    def from_bytes(cls, path: Path, data: bytes) -> TextDocument:
        return cls(path, decode_bytes(data))

    @property
    def source(self) -> str:
        return self.decoded.text

    @property
    def diff_text(self) -> str:
        return self.decoded.text

    def render_text(
        self, findings: Sequence[Finding], footnote: str | None, footnote_at: int | None = None
    ) -> str:
        edits = [(f.start, f.end, f.replacement or "") for f in redacting(findings)]
        return place_footnote(self.source, edits, footnote, footnote_at)

    def render(
        self, findings: Sequence[Finding], footnote: str | None, footnote_at: int | None = None
    ) -> Rendered:
        text = self.render_text(findings, footnote, footnote_at)
        return Rendered(_encode_with_inserted_lines(self.decoded, text, footnote_at), text)


def _encode_with_inserted_lines(decoded: DecodedText, text: str, at: int | None) -> bytes:
    """`text` encoded like the file; in a file with mixed line endings, the line breaks a
    footnote added before offset `at` get the first ending, and the lines after it keep theirs."""
    if not decoded.endings or at is None:
        return decoded.encode(text)
    before = decoded.text.count("\n", 0, at)
    added = text.count("\n") - decoded.text.count("\n")
    if added <= 0:
        return decoded.encode(text)
    endings = decoded.endings[:before] + (decoded.newline,) * added + decoded.endings[before:]
    return replace(decoded, endings=endings).encode(text)
