"""Which adapter reads a file: chosen by extension, overridable with `--input-format`."""

from __future__ import annotations

from pathlib import Path

from safename.formats.base import Document
from safename.formats.docx import DocxDocument
from safename.formats.html import HtmlDocument
from safename.formats.markdown import MarkdownDocument
from safename.formats.text import DEFAULT_MAX_BYTES, InputError, TextDocument, read_file_bytes

FORMATS: dict[str, type[Document]] = {
    "text": TextDocument,
    "markdown": MarkdownDocument,
    "html": HtmlDocument,
    "docx": DocxDocument,
}
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".docm": "docx",
}
# Formats people will try, with what to do instead: a clear refusal beats a garbled "text" read.
UNSUPPORTED: dict[str, str] = {
    ".doc": "old binary Word format; save it as .docx",
    ".odt": "OpenDocument text is not supported; save it as .docx",
    ".rtf": "RTF is not supported; save it as .docx",
    ".pdf": "PDF is not supported; redact the source document",
    ".pages": "Pages documents are not supported; export as .docx",
}


def format_for(path: Path, override: str | None = None) -> str:
    """The format name for `path`: the override, else its extension's, else plain text."""
    if override:
        if override not in FORMATS:
            raise InputError(f"unknown format {override!r} (expected {', '.join(FORMATS)})")
        return override
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise InputError(UNSUPPORTED[suffix])
    return EXTENSIONS.get(suffix, "text")


def is_supported(path: Path) -> bool:
    """Whether a folder walk should pick `path` up (known extension, not already redacted)."""
    return path.suffix.lower() in EXTENSIONS and ".redacted" not in path.suffixes


def load_document(
    path: Path, fmt: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read `path` into a Document, or raise `InputError` with a one-line reason."""
    name = format_for(path, fmt)
    data = read_file_bytes(path, max_bytes)
    if name == "docx":
        return DocxDocument(path, data, max_bytes=max_bytes)
    return FORMATS[name].from_bytes(path, data)  # type: ignore[attr-defined]


def document_from_bytes(path: Path, data: bytes, fmt: str | None = None) -> Document:
    """A Document from bytes already in memory (stdin, tests)."""
    return FORMATS[format_for(path, fmt)].from_bytes(path, data)  # type: ignore[attr-defined]
