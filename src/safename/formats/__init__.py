"""File formats: reading drafts into text safely (and, later, writing redacted copies back)."""

from safename.formats.text import DEFAULT_MAX_BYTES, DecodedText, InputError, read_text_file

__all__ = ["DEFAULT_MAX_BYTES", "DecodedText", "InputError", "read_text_file"]
