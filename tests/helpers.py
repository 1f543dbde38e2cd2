"""Assertion helpers for findings: tests speak in surface strings, not offsets."""

from __future__ import annotations

from safename import Finding


def redacted(findings: list[Finding], entity_type: str | None = None) -> list[str]:
    return [f.text for f in findings if f.redacts and entity_type in (None, f.entity_type)]


def kept(findings: list[Finding], entity_type: str | None = None) -> list[str]:
    return [f.text for f in findings if not f.redacts and entity_type in (None, f.entity_type)]


def covered(text: str, findings: list[Finding], needle: str, nth: int = 0) -> bool:
    """Whether every letter of the nth occurrence of `needle` is inside a redacting finding."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    letters = [i for i in range(start, start + len(needle)) if text[i].isalnum()]
    return all(any(f.redacts and f.start <= i < f.end for f in findings) for i in letters)


def touched(text: str, findings: list[Finding], needle: str) -> bool:
    """Whether any letter of any occurrence of `needle` is inside a redacting finding."""
    start = text.find(needle)
    while start != -1:
        if any(f.redacts and f.start < start + len(needle) and start < f.end for f in findings):
            return True
        start = text.find(needle, start + 1)
    return False


def spy_tagged_tokens(monkeypatch) -> list[int]:
    """Token counts of every call to the window tagger from now on (safename.detect.tagging)."""
    from safename.detect.tagging import WindowTagger

    tagged: list[int] = []
    original = WindowTagger.tag

    def counting(self, vocab, table, windows):
        tagged.append(sum(b - a for a, b in windows))
        return original(self, vocab, table, windows)

    monkeypatch.setattr(WindowTagger, "tag", counting)
    return tagged
