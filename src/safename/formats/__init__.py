"""File formats: reading drafts into a plain-text view, and writing redacted copies back.

`load_document(path)` picks the adapter by extension (text, Markdown, HTML, Word); every adapter
returns a `Document` whose `view` the engine scans and whose `render(findings, footnote)` writes
the replacements back into the original format.
"""

from safename.formats.base import Document, Notice, Rendered
from safename.formats.registry import (
    EXTENSIONS,
    FORMATS,
    document_from_bytes,
    format_for,
    is_supported,
    load_document,
)
from safename.formats.text import (
    DEFAULT_MAX_BYTES,
    DecodedText,
    InputError,
    TextDocument,
    decode_bytes,
    read_file_bytes,
    read_text_file,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXTENSIONS",
    "FORMATS",
    "DecodedText",
    "Document",
    "InputError",
    "Notice",
    "Rendered",
    "TextDocument",
    "decode_bytes",
    "document_from_bytes",
    "format_for",
    "is_supported",
    "load_document",
    "read_file_bytes",
    "read_text_file",
]
