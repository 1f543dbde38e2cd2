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
from safename.recognizers.base import phrase_regex

SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bMme)(?<!\bSt)"
    r"[.!?…](?=[\s\u00a0]+[\"“«]?[A-ZÀ-Ý])|\n"
)
CLAUSE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bMme)(?<!\bSt)"
    r"[.!?…;](?=[\s\u00a0]|$)|\n[ \t]*\n"
)
BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
# A credit line ends right after the name: "Photo: Jean Dupont", "© IOM/X 2022", "Photo: X/IOM".
CREDIT_TAIL = re.compile(r"^[ \t\u00a0]*(?:$|\n|[/,©(|–—-]|\d{4}\b|for\b|pour\b)")


@dataclass(frozen=True)
class RoleRules:
    """Compiled role rules for one language."""

    title_after: re.Pattern
    weak_title_after: re.Pattern
    title_before: re.Pattern
    org_after: re.Pattern
    org_anywhere: re.Pattern
    credit: re.Pattern
    credit_with_org: re.Pattern
    credit_label: re.Pattern
    clause: re.Pattern
    predicate: re.Pattern
    not_staff: re.Pattern
    beneficiary: re.Pattern
    press: re.Pattern

    def staff_reason(self, text: str, start: int, end: int) -> str | None:
        """Why the name at text[start:end] belongs to staff or an official, or None."""
        sentence_start = _last_boundary(text, start)
        before = text[max(sentence_start, start - 120) : start]
        line_before = text[text.rfind("\n", 0, start) + 1 : start]
        after = text[end : _clause_end(text, end, limit=160)]
        if self.credit_with_org.search(before[-60:]):
            return "photo credit"
        if self.credit.search(line_before[-40:]) and CREDIT_TAIL.match(after):
            return "photo credit"
        m = self.credit_label.search(text[max(0, start - 60) : start])
        if m and CREDIT_TAIL.match(after) or m and self.org_after.match(after):
            return f"credited as '{m.group().strip(' :–-(').strip()}'"
        m = self.title_after.match(after)
        if m and not self.not_staff.search(after[:80]):
            return f"introduced with the title '{m.group('title').strip()}'"
        m = self.weak_title_after.match(after)
        if m and self.org_anywhere.search(after[:100]) and not self.beneficiary.search(after[:100]):
            return f"introduced with the title '{m.group('title').strip()}' and an organisation"
        m = self.title_before.search(before)
        if m and not self.not_staff.search(before):
            return f"introduced with the title '{m.group(1).strip()}'"
        m = self.org_after.match(after)
        if m and not self.beneficiary.search(after[:100]):
            return f"speaks for '{m.group(1)}'"
        m = self.clause.match(after)
        if m:
            return f"described as staff ('{m.group().strip(' ,')}')"
        m = self.predicate.match(after)
        if m:
            return f"described as staff ('{m.group().strip()}')"
        return None

    def press_blocks(self, text: str) -> list[tuple[int, int]]:
        """Spans of the organisation's press-contact paragraphs, whose contacts are public."""
        blocks = []
        for m in self.press.finditer(text):
            para_start = text.rfind("\n", 0, m.start()) + 1
            blank = BLANK_LINE.search(text, m.end() + 1)
            # "For more information, please contact:" is often followed by a blank line and then
            # the contact lines; take the next paragraph too when the marker line ends in ':'.
            if blank and text[m.end() : blank.start()].rstrip().endswith(":"):
                blank = BLANK_LINE.search(text, blank.end())
            blocks.append((para_start, min(blank.start() if blank else len(text), m.end() + 600)))
        return blocks


def _last_boundary(text: str, pos: int) -> int:
    best = 0
    for m in SENTENCE_END.finditer(text, max(0, pos - 200), pos):
        best = m.end()
    return best


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = CLAUSE_END.search(text, pos, pos + limit)
    return m.start() if m else min(len(text), pos + limit)


def _alternation(items: list[str]) -> str:
    ordered = sorted(set(items), key=len, reverse=True)
    return "|".join(re.escape(i).replace(r"\ ", r"[\s\u00a0]+") for i in ordered)


@cache
def role_rules(language: str) -> RoleRules:
    ctx = context(language)
    orgs = [row["name"] for row in read_tsv("places", "organisations.tsv")]
    org_alt = _alternation(orgs)
    # "of the Department of Social Welfare": an institution named by its head word.
    inst_alt = _alternation(ctx["institution_heads"])
    org_or_inst = r"(?:" + org_alt + r"|(?:the[\s\u00a0]+)?(?:" + inst_alt + r")\b)"
    links = "|".join(re.escape(x) for x in sorted(ctx["org_links"], key=len, reverse=True))
    title_alt = phrase_regex(ctx["staff_titles"], before="", after="").pattern
    weak_alt = phrase_regex(ctx["weak_titles"], before="", after="").pattern
    sp = r"[\s\u00a0]"
    # The title must come within the apposition itself: "X, Protection Coordinator at IOM" or
    # "X (chair, UNHCR)", never somewhere later in the sentence.
    title_after = re.compile(
        r"^"
        + sp
        + r"*[,(–—]"
        + sp
        + r"*(?:[^\s,.;:()]+"
        + sp
        + r"+){0,5}?(?P<title>(?i:"
        + title_alt
        + r"))(?![\w])"
    )
    weak_title_after = re.compile(
        r"^"
        + sp
        + r"*[,(–—]"
        + sp
        + r"*(?:[^\s,.;:()]+"
        + sp
        + r"+){0,4}?(?P<title>(?i:"
        + weak_alt
        + r"))(?![\w])"
    )
    # "Chief of Mission of IOM Mali, Laura D'Elsa": a title, then an optional organisation phrase
    # made of capitalised words and articles only, so "the coordinator of the programme helped
    # Aminata" does not make Aminata staff.
    chunk_word = (
        r"(?:[A-ZÀ-Ý][^\s,.;:\n]*|the|la|le|les|l['’]|de|du|des|d['’]|of|for|in|and|et|à|au|en)"
    )
    title_before = re.compile(
        r"((?i:"
        + title_alt
        + r"))(?:"
        + sp
        + r"+(?i:"
        + links
        + r")"
        + sp
        + r"*(?:"
        + chunk_word
        + sp
        + r"*){1,6}?)?"
        + sp
        + r"*[,:]?"
        + sp
        + r"*$"
    )
    org_after = re.compile(
        r"^" + sp + r"*[,(]?" + sp + r"*(?:(?:of|from|at|with|de|du|à|chez)" + sp + r"+)?"
        r"(?:the"
        + sp
        + r"+|l['’]"
        + sp
        + r"*|la"
        + sp
        + r"+|le"
        + sp
        + r"+)?("
        + org_or_inst
        + r")(?![\w])"
    )
    return RoleRules(
        title_after=title_after,
        weak_title_after=weak_title_after,
        title_before=title_before,
        org_after=org_after,
        org_anywhere=re.compile(r"(?<![\w])(?:" + org_alt + r")(?![\w])"),
        credit=re.compile(ctx["photo_credit_regex"] + r"$", re.IGNORECASE),
        credit_with_org=re.compile(ctx["credit_with_org_regex"], re.IGNORECASE),
        credit_label=re.compile(ctx["credit_label_regex"], re.IGNORECASE),
        clause=re.compile(ctx["staff_clause_regex"]),
        predicate=re.compile(ctx["staff_predicate_regex"] + r"(?i:" + title_alt + r")(?![\w])"),
        not_staff=re.compile(ctx["not_staff_regex"], re.IGNORECASE),
        beneficiary=re.compile(ctx["beneficiary_regex"], re.IGNORECASE),
        press=phrase_regex(ctx["press_contact_markers"], before=r"(?<!\w)"),
    )
