"""Plain-text input: decode bytes without guessing wrong, and refuse what is not text.

Drafts arrive as UTF-8, UTF-8 with a BOM (Windows Notepad) or cp1252 (older Word exports). The
encoding, BOM and line endings are remembered so a redacted copy can be written back the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from safename.findings import Finding
from safename.formats.base import Document, Rendered, append_footnote, redacting, splice

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


class InputError(Exception):
    """A file that cannot be processed; the message is one line naming the problem."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8", "utf-8-sig" or "cp1252"
    newline: str  # "\n", "\r\n" or "\r": the first line ending seen

    def encode(self, text: str) -> bytes:
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return text.encode(self.encoding)


def decode_bytes(data: bytes) -> DecodedText:
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not text")
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot decode as UTF-8 or cp1252 (byte {exc.start})") from None
        encoding = "cp1252"
    if _CONTROL.search(text.replace("\r", "").replace("\f", "")):
        raise InputError(f"not a text file (control characters after decoding as {encoding})")
    m = re.search(r"\r\n|\r|\n", text)
    newline = m.group() if m else "\n"
    return DecodedText(text.replace("\r\n", "\n").replace("\r", "\n"), encoding, newline)


def read_file_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of `path`, or an `InputError` saying in one line why they cannot be had."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if path.is_dir():
        raise InputError("is a directory")
    if size > max_bytes:
        raise InputError(f"file too large ({size:,} bytes; limit {max_bytes:,})")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None


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

    def render_text(self, findings: Sequence[Finding], footnote: str | None) -> str:
        edits = [(f.start, f.end, f.replacement or "") for f in redacting(findings)]
        return append_footnote(splice(self.source, edits), footnote)

    def render(self, findings: Sequence[Finding], footnote: str | None) -> Rendered:
        text = self.render_text(findings, footnote)
        return Rendered(self.decoded.encode(text), text)
