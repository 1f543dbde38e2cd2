"""Where the pseudonym marker goes: on the first mention a reader sees.

Detection and redaction work on a document's whole view, which also holds text no reader meets
first in the story: a Markdown front matter, an HTML `<title>` (the browser tab), alt texts and
meta descriptions. A marker there explains nothing to a reader of the story, so the marker is
moved to the person's first mention in the visible body; the hidden mention keeps the
pseudonym without it (the footnote still explains it, which keeps redaction idempotent).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from safename.findings import Finding

_POSSESSIVE = re.compile(r"(['’]s)?$")


def _inside(f: Finding, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= f.start and f.end <= end for start, end in spans)


def _with_marker(replacement: str, marker: str) -> str:
    """ "Kadiatou" -> "Kadiatou*", "Kadiatou's" -> "Kadiatou*'s"."""
    m = _POSSESSIVE.search(replacement)
    assert m is not None
    return replacement[: m.start()] + marker + replacement[m.start() :]


def mark_first_visible(
    findings: list[Finding], hidden: Sequence[tuple[int, int]], marker: str
) -> list[Finding]:
    """Move each person's marker off hidden mentions onto their first visible mention."""
    if not hidden or not marker:
        return findings
    persons = [
        f
        for f in sorted(findings, key=lambda f: f.start)
        if f.entity_type == "PERSON" and f.action == "pseudonymize" and f.replacement
    ]
    moved: set[str] = set()
    for f in persons:
        if f.person is None or not _inside(f, hidden) or marker not in f.replacement:
            continue
        visible = [g for g in persons if g.person == f.person and not _inside(g, hidden)]
        if not visible:
            continue  # only ever named in hidden text: the marker stays where it is
        f.replacement = f.replacement.replace(marker, "", 1)
        moved.add(f.person)
    for person in moved:
        first = next(g for g in persons if g.person == person and not _inside(g, hidden))
        if marker not in first.replacement:
            first.replacement = _with_marker(first.replacement, marker)
    return findings
