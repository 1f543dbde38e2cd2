"""Who a name belongs to: staff, officials and photographers are kept; everyone else is not.

A story quotes "Laura D'Elsa, Protection Coordinator at IOM Mali" and credits "© IOM/Moussa
Tall"; those names must survive redaction. The rules look only at the words around a name
(titles, organisation names, credit lines, the press-contact footer), and every decision comes
with the phrase that triggered it. When no rule fires the name is treated as a beneficiary's:
privacy first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from safename.data import context, read_tsv
from safename.recognizers.person_context import phrase_regex

SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bMme)(?<!\bSt)"
    r"[.!?…](?=[\s\u00a0]+[\"“«]?[A-ZÀ-Ý])|\n"
)
BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


@dataclass(frozen=True)
class RoleRules:
    """Compiled role rules for one language."""

    title: re.Pattern
    title_before: re.Pattern
    org_after: re.Pattern
    credit: re.Pattern
    credit_with_org: re.Pattern
    not_staff: re.Pattern
    press: re.Pattern

    def staff_reason(self, text: str, start: int, end: int) -> str | None:
        """Why the name at text[start:end] belongs to staff or an official, or None."""
        sentence_start = _last_boundary(text, start)
        before = text[max(sentence_start, start - 120) : start]
        after = text[end : _next_boundary(text, end, limit=140)]
        if self.credit_with_org.search(before[-60:]):
            return "photo credit"
        if self.credit.search(before[-30:]) and _credit_line(text, start):
            return "photo credit"
        if re.match(r"^[\s\u00a0]*[,(–—]", after):
            m = self.title.search(after)
            if m and not self.not_staff.search(after):
                return f"introduced with the title '{m.group().strip()}'"
        m = self.title_before.search(before)
        if m and not self.not_staff.search(before):
            return f"introduced with the title '{m.group(1).strip()}'"
        m = self.org_after.match(after)
        if m:
            return f"speaks for '{m.group(1)}'"
        return None

    def press_blocks(self, text: str) -> list[tuple[int, int]]:
        """Spans of the organisation's press-contact paragraphs, whose contacts are public."""
        blocks = []
        for m in self.press.finditer(text):
            para_start = text.rfind("\n", 0, m.start()) + 1
            blank = BLANK_LINE.search(text, m.end())
            blocks.append((para_start, min(blank.start() if blank else len(text), m.end() + 600)))
        return blocks


def _last_boundary(text: str, pos: int) -> int:
    best = 0
    for m in SENTENCE_END.finditer(text, max(0, pos - 200), pos):
        best = m.end()
    return best


def _next_boundary(text: str, pos: int, limit: int) -> int:
    m = SENTENCE_END.search(text, pos, pos + limit)
    return m.start() if m else min(len(text), pos + limit)


def _credit_line(text: str, start: int) -> bool:
    """A 'Photo:' credit counts when it is a short caption line, not a sentence about photos."""
    line_start = text.rfind("\n", 0, start) + 1
    return start - line_start < 80


@cache
def role_rules(language: str) -> RoleRules:
    ctx = context(language)
    orgs = [row["name"] for row in read_tsv("places", "organisations.tsv")]
    org_alt = "|".join(re.escape(o) for o in sorted(set(orgs), key=len, reverse=True))
    links = "|".join(re.escape(x) for x in sorted(ctx["org_links"], key=len, reverse=True))
    title = phrase_regex(ctx["staff_titles"], before=r"(?<![\w])", after=r"(?![\w])")
    # "Chief of Mission of IOM Mali, Laura D'Elsa": a title, then an optional organisation phrase
    # made of capitalised words and articles only, so "the coordinator of the programme helped
    # Aminata" does not make Aminata staff.
    chunk_word = (
        r"(?:[A-ZÀ-Ý][^\s,.;:\n]*|the|la|le|les|l['’]|de|du|des|d['’]|of|for|in|and|et|à|au|en)"
    )
    title_before = re.compile(
        r"((?i:"
        + title.pattern
        + r"))(?:[\s\u00a0]+(?i:"
        + links
        + r")[\s\u00a0]*(?:"
        + chunk_word
        + r"[\s\u00a0]*){1,6}?)?[\s\u00a0]*[,:]?[\s\u00a0]*$"
    )
    org_after = re.compile(
        r"^[\s\u00a0]*,?[\s\u00a0]*(?:of|from|at|with|de|du|à|chez)[\s\u00a0]+"
        r"(?:the[\s\u00a0]+|l['’][\s\u00a0]*|la[\s\u00a0]+|le[\s\u00a0]+)?(" + org_alt + r")\b"
    )
    return RoleRules(
        title=title,
        title_before=title_before,
        org_after=org_after,
        credit=re.compile(ctx["photo_credit_regex"] + r"$", re.IGNORECASE),
        credit_with_org=re.compile(ctx["credit_with_org_regex"], re.IGNORECASE),
        not_staff=re.compile(ctx["not_staff_regex"], re.IGNORECASE),
        press=phrase_regex(ctx["press_contact_markers"], before=r"(?<!\w)"),
    )
