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
from safename.detect.recognizers.base import phrase_regex
from safename.textutil import CONTEXT_RADIUS
from safename.textutil import line_before as _line_before

SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bMme)(?<!\bSt)"
    r"[.!?…](?=[\s\u00a0]+[\"“«]?[A-ZÀ-Ý])|\n"
)
CLAUSE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bMme)(?<!\bSt)"
    r"[.!?…;](?=[\s\u00a0]|$)|\n[ \t]*\n"
)
AGE_IN_APPOSITION = re.compile(
    r"^[ \t\u00a0]*,[ \t\u00a0]*\d{1,2}(?:[ \t\u00a0]*ans)?(?=[ \t\u00a0]*,)"
)
WEEKDAY_TAIL = re.compile(
    r"(?<=[a-z])[ \u00a0]+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)[ \u00a0]+$"
)
BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
# A credit line ends right after the name: "Photo: Jean Dupont", "© IOM/X 2022", "Photo: X/IOM".
CREDIT_TAIL = re.compile(
    r"^(?:[ \t\u00a0]+[A-ZÀ-Ý][\w.\-]*){0,3}[ \t\u00a0]*"
    r"(?:$|\n|[/,©()|–—:;.-]|\d{4}\b|for\b|pour\b)"
)
# After "Enquêteurs : X" the list may go on: "et Y", "and Y".
LABEL_TAIL = re.compile(
    r"^[ \t\u00a0]*(?:$|\n|[/,©()|–—:;.-]|\d{4}\b|and\b|et\b|&|in\b|à\b|for\b|pour\b)"
)
# Agency credits without "Photo:": "EFE/Elvira Urquijo", "UNICEF Niger/Islamane", "X/IOM".
AGENCY_BEFORE = re.compile(r"(?:^|[\s(©])[A-Z][A-Z&]{1,}(?:[ \t][A-Z][\w\-]+)?[ \t]*/[ \t]*$")
AGENCY_AFTER = re.compile(r"^[ \t]*/[ \t]*[A-Z][A-Z&]{1,}\b")
# A byline: the name alone on its line ("By X", "Par X", "X in Town, Country").
# "By Amina Yusuf in Kano, Nigeria": after "in" a place (capitalised words, not a month), then
# a country, a region in brackets or a date; not any 60 characters (a sentence "Awa in March,
# Moussa left..." read as a byline, or not, depending on how long the names in it were).
_PLACE = r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)[A-ZÀ-Ý][\w'’\-]*(?:[ \t]+[A-ZÀ-Ý][\w'’\-]*){0,3}"  # noqa: E501
_DATE = r"\d{1,2}[ \t]+\w+[ \t]+\d{4}|\w+[ \t]+\d{1,2},?[ \t]+\d{4}|\d{4}(?:-\d{2}-\d{2})?"
BYLINE = re.compile(
    r"^[ \t\u00a0]*(?:(?:By|Par|by|par)[ \t]+)?(?P<name>\S[^\n]*?)"
    rf"(?:[ \t]+(?:in|à|au|en)[ \t]+{_PLACE}(?:[ \t]*\([^()\n]{{1,40}}\))?"
    rf"(?:,[ \t]*(?:{_DATE}|{_PLACE}))*)?[ \t]*$"
)
DATE_OR_ORG_LINE = re.compile(
    r"^\s*(?:\d{1,2}\s+\w+\s+\d{4}|\w+\s+\d{1,2},?\s+\d{4}|[A-Z]{2,}\b.*/|\d{4}-\d{2}-\d{2})"
)


#: How far a press-contact paragraph reaches around its marker ("For more information...").
PRESS_REACH = 600


@dataclass(frozen=True)
class RoleRules:
    """Compiled role rules for one language."""

    title_after: re.Pattern
    weak_title_after: re.Pattern
    title_before: re.Pattern
    title_comma_before: re.Pattern
    signature: re.Pattern
    honorific_tail: re.Pattern
    org_after: re.Pattern
    org_anywhere: re.Pattern
    credit: re.Pattern
    credit_with_org: re.Pattern
    credit_label: re.Pattern
    clause: re.Pattern
    predicate: re.Pattern
    not_staff: re.Pattern
    family: re.Pattern
    by_staff: re.Pattern
    ours_before: re.Pattern
    ours_after: re.Pattern
    org_email_after: re.Pattern
    beneficiary: re.Pattern
    press: re.Pattern

    def staff_reason(self, text: str, start: int, end: int) -> str | None:
        """Why the name at text[start:end] belongs to staff or an official, or None."""
        sentence_start = _last_boundary(text, start)
        before = text[max(sentence_start, start - 120) : start]
        # "The counsellor Mr Condé": look past an honorific for the title; but "Note by
        # caseworker: Ms Eze consented" is about Ms Eze, so no label colon then.
        # "Governor Monday Okpebholo": a weekday-named first name between title and surname.
        before = WEEKDAY_TAIL.sub(" ", before)
        stripped = self.honorific_tail.sub("", before)
        honorific_seen = stripped != before
        before = stripped
        line_before = _line_before(text, start)
        after = text[end : _clause_end(text, end, limit=160)]
        # "Laura Deme, 45, Protection Coordinator": the title follows the age.
        after = AGE_IN_APPOSITION.sub("", after, count=1)
        after_line = after.split("\n", 1)[0]
        if after_line.strip() == "," and "\n" in after:  # "Name,\nDirector of ..."
            after_line = after_line + " " + after.split("\n", 2)[1]
        if self.credit_with_org.search(before[-60:]):
            return "photo credit"
        if AGENCY_BEFORE.search(line_before):
            return f"agency credit '{line_before.strip()}'"
        if AGENCY_AFTER.match(after_line):
            return f"credited with '{after_line.strip()[:20]}'"
        byline = self.byline(text, start, end)
        if byline:
            return byline
        if self.credit.search(line_before[-40:]) and CREDIT_TAIL.match(after):
            return "photo credit"
        m = self.by_staff.search(before)
        if m:
            return f"credited as '{m.group().strip()}'"
        m = self.org_email_after.match(after_line)
        if m:
            return f"contact address at the organisation ({m.group('email')})"
        m = self.ours_before.search(before) or self.ours_after.match(after_line)
        if m and not self.beneficiary.search(m.group()) and not self.family.search(m.group()):
            return f"one of the organisation's own ('{m.group().strip(' ,')}')"
        m = self.credit_label.search(text[max(0, start - 60) : start])
        if m and (LABEL_TAIL.match(after) or self.org_after.match(after_line)):
            return f"credited as '{m.group().strip(' :–-(').strip()}'"
        m = self.title_after.match(after_line)
        if m and not self.not_staff.search(after_line[:80]):
            return f"introduced with the title '{m.group('title').strip()}'"
        m = self.signature.match(text, end)
        if m:
            return f"signed with the title '{m.group('title').strip()}'"
        m = self.weak_title_after.match(after_line)
        if (
            m
            and self.org_anywhere.search(after_line[:100])
            and not self.beneficiary.search(after_line[:100])
        ):
            return f"introduced with the title '{m.group('title').strip()}' and an organisation"
        for pattern in (self.title_before, self.title_comma_before):
            m = pattern.search(before)
            if m and honorific_seen and before.rstrip().endswith(":"):
                continue
            if m and not self.not_staff.search(before):
                return f"introduced with the title '{m.group(1).strip()}'"
        m = self.org_after.match(after_line)
        if m and not self.beneficiary.search(after_line[m.end() : m.end() + 80]):
            return f"speaks for '{m.group(1).strip()}'"
        m = self.clause.match(after_line)
        if m:
            return f"described as staff ('{m.group().strip(' ,')}')"
        m = self.predicate.match(after_line)
        if m:
            return f"described as staff ('{m.group().strip()}')"
        return None

    def byline(self, text: str, start: int, end: int) -> str | None:
        """A byline: the name alone on its line ("By X in Town") near the top of the story,
        or above a date or an agency line."""
        # A byline is short: a line longer than CONTEXT_RADIUS on either side is not read
        # (reading whole lines per name was quadratic on a one-line file).
        line_start = start - len(_line_before(text, start))
        line_end = text.find("\n", end, end + CONTEXT_RADIUS + 1)
        if line_end < 0:
            if len(text) > end + CONTEXT_RADIUS:
                return None
            line_end = len(text)
        if line_start > 0 and text[line_start - 1] != "\n":
            return None
        line = text[line_start:line_end]
        m = BYLINE.match(line)
        if not m or not (
            line_start + m.start("name") <= start and end <= line_start + m.end("name")
        ):
            return None
        # The whole name part is a name: a few capitalised words ("Islamane Abdou").
        parts = m.group("name").split()
        if not 1 <= len(parts) <= 4 or not all(p[:1].isupper() for p in parts):
            return None
        lines_above = [ln for ln in text[:line_start].split("\n") if ln.strip()]
        below = text[line_end:].lstrip("\n")
        next_line = below.split("\n", 1)[0]
        if line.lstrip().lower().startswith(("by ", "par ")):
            return f"byline '{line.strip()[:40]}'"
        if len(lines_above) <= 2 and (len(lines_above) >= 1 or m.group(0) != m.group("name")):
            return "byline under the title"
        if DATE_OR_ORG_LINE.match(next_line):
            return "byline above a date or an agency line"
        return None

    def press_blocks(self, text: str) -> list[tuple[int, int]]:
        """Spans of the organisation's press-contact paragraphs, whose contacts are public."""
        blocks = []
        for m in self.press.finditer(text):
            # The paragraph, but no more than PRESS_REACH characters on either side: a file
            # with no line break is one "paragraph", and every name in it was kept as a press
            # contact.
            para_start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - PRESS_REACH)
            blank = BLANK_LINE.search(text, m.end() + 1)
            # "For more information, please contact:" is often followed by a blank line and then
            # the contact lines; take the next paragraph too when the marker line ends in ':'.
            if blank and text[m.end() : blank.start()].rstrip().endswith(":"):
                blank = BLANK_LINE.search(text, blank.end())
            para_end = min(blank.start() if blank else len(text), m.end() + PRESS_REACH)
            blocks.append((para_start, para_end))
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
    org = _alternation(orgs)
    # "of the Department of Social Welfare": an institution named by its head word.
    inst = _alternation(ctx["institution_heads"])
    links = "|".join(re.escape(x) for x in sorted(ctx["org_links"], key=len, reverse=True))
    title = phrase_regex(ctx["staff_titles"], before="", after="").pattern
    weak = phrase_regex(ctx["weak_titles"], before="", after="").pattern
    public = phrase_regex(ctx["public_titles"], before="", after="").pattern
    honorific = "|".join(sorted((re.escape(h) for h in ctx["honorifics"]), key=len, reverse=True))
    from safename.config import DEFAULT_ORG_DOMAINS

    domains = "|".join(re.escape(d) for d in DEFAULT_ORG_DOMAINS)
    sp = r"[\s\u00a0]"
    hs = r"[ \t\u00a0]"  # horizontal space: an organisation on the next line is not linked
    # The title must come within the apposition itself: "X, Protection Coordinator at IOM" or
    # "X (chair, UNHCR)", never somewhere later in the sentence.
    appos = rf"^{sp}*[,(–—]{sp}*(?:[^\s,.;:()]+{sp}+){{0,5}}?"
    # "Chief of Mission of IOM Mali, Laura D'Elsa": a title, then an optional organisation phrase
    # made of capitalised words and articles only, so "the coordinator of the programme helped
    # Aminata" does not make Aminata staff.
    chunk = r"(?:[A-ZÀ-Ý][^\s,.;:\n]*|the|la|le|les|l['’]|de|du|des|d['’]|of|for|in|and|et|à|au|en)"
    return RoleRules(
        title_after=re.compile(rf"{appos}(?P<title>(?i:{title}))(?![\w])"),
        weak_title_after=re.compile(rf"{appos}(?P<title>(?i:{weak}))(?![\w])"),
        title_before=re.compile(
            rf"(?<![\w])((?i:{title}|{public}))(?:{sp}+(?i:{links}){sp}*(?:{chunk}{sp}*){{1,6}}?)?"
            rf"{sp}*[,:]?{sp}*$"
        ),
        # "le gouverneur de la région, Abdourahamane Issoufou": a title, a few words, a comma.
        title_comma_before=re.compile(
            rf"(?<![\w])((?i:{title}|{public}))(?:,?{sp}+[^\s,.;:!?«»\"“”]+){{0,8}}?{sp}*,{sp}*$"
        ),
        # A signature: the name alone on its line, the title on the next ("Cheffe de mission");
        # not a label of what follows it ("Photographer: Moussa Tall" credits Moussa Tall).
        signature=re.compile(rf"{hs}*\n{hs}*(?P<title>(?i:{title}))(?![\w])(?!{hs}*:)"),
        honorific_tail=re.compile(rf"(?<![\w.])(?:{honorific}){sp}+$"),
        org_after=re.compile(
            rf"^{hs}*[,(]?{hs}*(?:(?:of|from|at|with|de|du|à|chez){hs}+)?"
            rf"(?:the{hs}+|l['’]{hs}*|la{hs}+|le{hs}+)?"
            rf"((?:[A-ZÀ-Ý][\w\-]*{hs}+){{0,3}}(?:{org}|(?:{inst})\b))(?![\w])"
        ),
        org_anywhere=re.compile(rf"(?<![\w])(?:{org})(?![\w])"),
        credit=re.compile(ctx["photo_credit_regex"] + r"$", re.IGNORECASE),
        credit_with_org=re.compile(ctx["credit_with_org_regex"], re.IGNORECASE),
        credit_label=re.compile(ctx["credit_label_regex"], re.IGNORECASE),
        clause=re.compile(ctx["staff_clause_regex"]),
        predicate=re.compile(ctx["staff_predicate_regex"] + rf"(?i:{title})(?![\w])"),
        not_staff=re.compile(ctx["not_staff_regex"], re.IGNORECASE),
        by_staff=re.compile(ctx["by_staff_regex"], re.IGNORECASE),
        # "our daughter Awa" in a testimony is family, not staff.
        family=phrase_regex(
            [
                k
                for k in ctx["kin_nouns"]
                if not k.startswith(("colleague", "collègue", "camarade"))
            ],
            before=r"\b",
            after=r"\b",
        ),
        # "our nurse, Khadija", "notre énumérateur, Abakar": the organisation speaking of its own.
        ours_before=re.compile(
            rf"\b(?i:our|notre|nos){sp}+(?:[\w\-’']+{sp}+){{0,2}}?[\w\-’']+{sp}*,?{sp}*$"
        ),
        ours_after=re.compile(rf"^{sp}*,{sp}*(?i:our|notre|nos){sp}+[\w\-’']+"),
        org_email_after=re.compile(
            rf"^{hs}*[<(–—-]?{hs}*(?P<email>[\w.+\-]+@(?:[\w\-]+\.)*(?:{domains}))\b"
        ),
        beneficiary=re.compile(ctx["beneficiary_regex"], re.IGNORECASE),
        press=phrase_regex(ctx["press_contact_markers"], before=r"(?<!\w)"),
    )
