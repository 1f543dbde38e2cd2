"""`RedactionResult`: what `Redactor.redact` returns, and the contract file formats rely on."""

from __future__ import annotations

from dataclasses import dataclass, field

from safename.findings import Finding


@dataclass
class RedactionResult:
    """A redacted document.

    `findings` hold offsets into the ORIGINAL text; every finding that is not kept has its
    `replacement`, and splicing the replacements over the original, left to right, gives exactly
    `body`. `text` is `body` with the footnote appended as a final paragraph (plain text); file
    formats that place the footnote themselves use `body`, `footnote` and `footnote_at`.
    `footnote_at` is the offset of the original text where the footnote goes (the start of the
    line that opens a press-contact block or a signature), None for the end; `text` has it
    there, as a paragraph of its own.
    """

    text: str
    body: str
    footnote: str | None
    findings: list[Finding]
    language: str
    ephemeral_key: bool
    # Things the user should hear about (a random per-run key, a registry left unchanged).
    warnings: list[str] = field(default_factory=list)
    footnote_at: int | None = None

    @property
    def changed(self) -> bool:
        return any(f.action != "keep" for f in self.findings)
