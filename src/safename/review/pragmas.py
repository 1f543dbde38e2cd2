"""Inline pragmas: `<!-- safename: allow "Laura D'Elsa" -->` keeps a name in one file.

The configuration's allowlist is for names that are public everywhere (the Director General);
a pragma is for a name that is fine in *this* story only (a survivor who chose to be named, a
staff member the role rules do not recognise). It lives next to the text it concerns, so a
reviewer sees the decision, and it stays invisible to readers (an HTML or Markdown comment, or a
Word comment, which redaction removes anyway).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from safename.findings import Finding
from safename.textutil import WORD_RE, fold

_QUOTED = r"(?:\"[^\"\n]+\"|'[^'\n]+'|“[^”\n]+”|«[^»\n]+»)"
PRAGMA_RE = re.compile(
    r"safename\s*:\s*allow\s+(" + _QUOTED + r"(?:\s*,?\s*" + _QUOTED + r")*)", re.IGNORECASE
)
_QUOTED_RE = re.compile(_QUOTED)
_ELIDED = re.compile(r"^(?:[dDlL]|[qQ]u)['’ʼ]")


@dataclass(frozen=True)
class Pragma:
    """Names allowed by one pragma, and the line it sits on (for the reason a reviewer reads)."""

    names: tuple[str, ...]
    line: int


def parse_pragmas(comment: str, line: int) -> list[Pragma]:
    """Pragmas inside one comment's text; `line` is where the comment starts."""
    pragmas = []
    for m in PRAGMA_RE.finditer(comment):
        names = tuple(
            q.group()[1:-1].strip() for q in _QUOTED_RE.finditer(m.group(1)) if q.group()[1:-1]
        )
        if names:
            pragmas.append(Pragma(names, line + comment.count("\n", 0, m.start())))
    return pragmas


class Allowlist:
    """Names to keep, matched like the configuration's allowlist.

    A finding is allowed when its folded text equals an allowed name, or when it is another
    mention of a person one of whose mentions is that whole name, so allowing "Laura D'Elsa"
    also keeps "Ms D'Elsa" and "Laura" said alone, but not "Laura Diallo, 24". Findings with no
    person (made outside `Redactor.scan`) fall back to the words of the allowed name.
    """

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self._full: dict[str, str] = {}
        self._parts: list[tuple[set[str], str]] = []
        for name, why in names:
            self._full.setdefault(fold(name), why)
            parts = {fold(w) for w in WORD_RE.findall(name)}
            if parts:
                self._parts.append((parts, why))

    def __bool__(self) -> bool:
        return bool(self._full)

    def reason_for(self, finding: Finding, persons: dict[str, str] | None = None) -> str | None:
        """Why `finding` is allowed, or None. `persons` maps the person ids whose full name is
        allowed to the reason: their other mentions ("Laura", "Ms D'Elsa") are allowed with
        them, and nobody else who shares a given name."""
        if persons is not None and finding.person is not None:
            full = self._full.get(fold(_ELIDED.sub("", finding.text))) or self._full.get(
                fold(finding.text)
            )
            return full or persons.get(finding.person)
        texts = [finding.text]
        # A finding may be widened over a French elided article ("d'Aminata").
        bare = _ELIDED.sub("", finding.text)
        if bare != finding.text:
            texts.append(bare)
        for text in texts:
            why = self._full.get(fold(text))
            if why:
                return why
            if finding.entity_type != "PERSON":
                continue
            parts = {fold(w) for w in WORD_RE.findall(text)}
            for allowed, why in self._parts:
                if parts and parts <= allowed:
                    return why
        return None


def pragma_allowlist(pragmas: Sequence[Pragma], path: str) -> Allowlist:
    return Allowlist(
        (name, f"allowed by a safename pragma in {path} line {p.line}")
        for p in pragmas
        for name in p.names
    )


def apply_allowlist(findings: Sequence[Finding], allow: Allowlist) -> list[Finding]:
    """Findings with the allowed ones turned into kept ones (replacement removed, reason given)."""
    if not allow:
        return list(findings)
    persons: dict[str, str] = {}
    for f in findings:
        if f.person is not None and f.person not in persons:
            why = allow.reason_for(f, {})
            if why:
                persons[f.person] = why
    out = []
    for f in findings:
        why = allow.reason_for(f, persons) if f.action != "keep" else None
        if why:
            f = replace(f, action="keep", replacement=None, reason=f"kept: {why} ({f.reason})")
        out.append(f)
    return out
