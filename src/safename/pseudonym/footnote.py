"""The pseudonym footnote: "*Lucy is a pseudonym used to protect the identity of the returnee."

Readers must know a name was changed (journalistic honesty), and the marker plus footnote is
the convention communication teams already use. The footnote is written in the document's
language, singular or plural, and in French agrees with the people's gender ("de la migrante",
"des migrants"). It names the people's role only when the story gives it to every one of them
(`person_role`): calling a trafficker's alias or a relative who never left home "the migrant"
would be wrong, so a story that does not say is "the people in this story". Templates are
configurable; `{marker}`, `{names}` and `{who}` (the role phrase) are filled in.

The footnote goes after the story body: before what follows it in a press release (a
press-contact block, a staff signature, "-ENDS-", "Notes to editors"), see `footnote_position`.

The same templates are read back: a name explained in an existing footnote is an existing
pseudonym, which is what keeps a second redaction from changing anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from safename.data import read_toml
from safename.findings import Finding
from safename.textutil import WORD_RE

# {who} is the role phrase of data/context/footnote.toml ("the returnee", "de la migrante",
# "the people in this story").
DEFAULT_TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "one": "{marker}{names} is a pseudonym used to protect the identity of {who}.",
        "many": "{marker}{names} are pseudonyms used to protect the identities of {who}.",
        # Several names of one person: a name and the nickname the story gives them.
        "alias": "{marker}{names} are pseudonyms used to protect the identity of {who}.",
    },
    "fr": {
        "one": "{marker}{names} est un nom d'emprunt utilisé pour protéger l'identité {who}.",
        "many": "{marker}{names} sont des noms d'emprunt utilisés pour protéger l'identité {who}.",
        "alias": "{marker}{names} sont des noms d'emprunt utilisés pour protéger l'identité {who}.",
    },
}
ROLES = ("migrant", "survivor", "returnee", "refugee", "person")
NEUTRAL = "person"
TEMPLATE_KEYS = ("one", "many", "one_f", "one_m", "many_f", "many_m", "alias", "alias_f", "alias_m")
CONJUNCTIONS = {"en": "and", "fr": "et"}
MARKDOWN_LABEL = "[^pseudonym]"

# Phrases that explain pseudonyms in footnotes written by hand or by older tools.
_EXPLAINED = (
    r"is\s+a\s+pseudonym|are\s+pseudonyms|(?:is|are)\s+not\s+(?:his|her|their)\s+real\s+names?|"
    r"est\s+un\s+(?:nom|prénom)\s+d['’]emprunt|"
    r"sont\s+des\s+(?:noms|prénoms)\s+d['’]emprunt|est\s+un\s+pseudonyme|sont\s+des\s+pseudonymes"
)
_LINE_START = r"^[ \t]*(?:\[\^[^\]\n]+\]:[ \t]*)?(?:\\?[*†‡])*[ \t]*"
# Only a list of capitalised words may stand before the phrase, so that a sentence such as
# "Aminata said it is a pseudonym" is never read as a footnote.
_NAME = r"[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’\-][^\W\d_]+)*"
_NAMES = r"(?P<names>" + _NAME + r"(?:(?:,[ \t]*|[ \t]+(?:and|et|&)[ \t]+|[ \t]+)" + _NAME + r")*)"


def join_names(names: Sequence[str], language: str) -> str:
    """ "Lucy", "Lucy and Musa", "Lucy, Musa and Ada" (French: "et")."""
    conjunction = CONJUNCTIONS.get(language, "and")
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def _number_gender(count: int, genders: Sequence[str]) -> tuple[str, str]:
    """ "one"/"many", and "f" only when every person is a woman (French agreement)."""
    number = "one" if count == 1 else "many"
    return number, "f" if genders and all(g == "f" for g in genders) else "m"


def pick_template(
    count: int,
    genders: Sequence[str],
    language: str,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    people: int | None = None,
) -> str:
    """The template for `count` names of `people` people (default: one each); French chooses
    feminine only when all are women. Several names of one person (a name and a nickname)
    take the "alias" template: plural names, one person's identity."""
    number, gender = _number_gender(count, genders)
    if count > 1 and people == 1:
        number = "alias"
    custom = (overrides or {}).get(language, {})
    defaults = DEFAULT_TEMPLATES.get(language, DEFAULT_TEMPLATES["en"])
    for table in (custom, defaults):
        for key in (f"{number}_{gender}", number):
            if key in table:
                return table[key]
    return DEFAULT_TEMPLATES["en"][number]


def shared_role(roles: Sequence[str | None]) -> str:
    """The role the footnote names: the one every person has, else the neutral "person"."""
    found = set(roles)
    if len(found) == 1 and None not in found:
        return str(found.pop())
    return NEUTRAL


def role_phrase(role: str, count: int, genders: Sequence[str], language: str) -> str:
    """ "the returnee", "the people in this story", "de la migrante", "des réfugiés"."""
    table = _data().get(language) or _data()["en"]
    number, gender = _number_gender(count, genders)
    phrases = table.get(f"{number}_{gender}") or table[number]
    return phrases.get(role) or phrases[NEUTRAL]


def build_footnote(
    names: Sequence[str],
    genders: Sequence[str],
    language: str,
    marker: str = "*",
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    apostrophe: str = "'",
    markdown: bool = False,
    roles: Sequence[str | None] | None = None,
    people: int | None = None,
) -> str | None:
    """The footnote for `names` (already pseudonyms), or None when there is none.

    `roles` gives each person's role (`person_role`); without it the footnote speaks of "the
    people in this story", never of a role nobody stated. `people` is how many human beings
    the names belong to (default: one per name); a person with a nickname is one person, so
    "Awa Diop and Kadi are pseudonyms used to protect the identity of the person in this
    story", and `genders`/`roles` then have one entry per person.
    """
    if not names:
        return None
    people = len(names) if people is None else people
    template = pick_template(len(names), genders, language, overrides, people)
    who = role_phrase(shared_role(roles or [None]), people, genders, language)
    if apostrophe != "'":
        template = template.replace("'", apostrophe)
        who = who.replace("'", apostrophe)
    joined = join_names(names, language)
    if markdown:
        return f"{MARKDOWN_LABEL}: " + template.format(marker="", names=joined, who=who)
    return template.format(marker=marker, names=joined, who=who)


# -- the people's role ---------------------------------------------------------------------------


@cache
def _data() -> dict[str, Any]:
    return read_toml("context", "footnote.toml")


def _alternation(phrases: Sequence[str]) -> str:
    ordered = sorted({re.escape(p).replace(r"\ ", r"[ \t\u00a0]+") for p in phrases}, key=len)
    return "|".join(reversed(ordered))


# Words that cannot stand between a name and its role noun: "Awa, a friend of migrants",
# "Awa, who helps refugees", "a nurse helping migrants" are about someone else.
_NOT_FILLER = (
    r"(?:of|for|with|and|or|who|whose|which|that|to|at|in|from|like|among|helping|working|"
    r"de|du|des|les|aux|au|à|pour|avec|et|ou|qui|dont|comme|parmi|aidant|auprès)"
)


@dataclass(frozen=True)
class _RoleRules:
    before: tuple[tuple[str, re.Pattern], ...]  # (role, pattern ending right before a name)
    after: tuple[tuple[str, re.Pattern], ...]  # (role, pattern starting right after a name)
    tail_line: re.Pattern


@cache
def _role_rules(language: str) -> _RoleRules:
    data = _data()
    table = data.get(language) or data["en"]
    sp = r"[ \t\u00a0]+"
    articles = _alternation(table["articles"])
    copulas = _alternation(table["copulas"])
    filler = rf"(?:(?!{_NOT_FILLER}(?![\w'’-]))(?![\w-]*ing\b)[^\W\d_][\w\-]*{sp})"
    hs = r"[ \t\u00a0]*"
    age = rf"(?:\d{{1,3}}(?:{hs}(?:ans|years?(?:{sp}old)?))?{hs},{hs})?"
    lead = rf"(?:[ \t\u00a0]*,[ \t\u00a0]*{age}(?:(?:{copulas}){sp})?|{sp}(?:{copulas}){sp})"
    before, after = [], []
    for role in data["role_order"]:
        noun = _alternation(table["roles"][role])
        before.append((role, re.compile(rf"(?<![\w'’-])(?:{noun}){sp}$", re.I)))
        after.append(
            (
                role,
                re.compile(
                    rf"{lead}(?:(?:{articles})(?:{sp}|(?<=['’])))?{filler}{{0,2}}?"
                    rf"(?:{noun})(?![\w'’-])",
                    re.I,
                ),
            )
        )
    tails = _alternation(table["tail_lines"])
    tail_line = re.compile(rf"^[ \t#*_>\-]*(?:{tails})[ \t*_:.\-]*$", re.I | re.M)
    return _RoleRules(tuple(before), tuple(after), tail_line)


def person_role(text: str, mentions: Sequence[tuple[int, int]], language: str) -> str | None:
    """The role the story gives a person at one of their mentions, or None.

    A role noun right before a mention ("the returnee Awa Diop", "la réfugiée Awa") or in
    apposition or after a copula right after it ("Awa Diop, 24, a returnee from Libya", "Awa
    est une survivante de la traite"). With several, the first of `role_order` wins (a
    survivor of trafficking who is also a migrant is "the survivor").
    """
    rules = _role_rules(language)
    found: set[str] = set()
    for start, end in mentions:
        before = text[max(0, start - 60) : start]
        after = text[end : end + 120]
        for role, pattern in rules.before:
            if pattern.search(before):
                found.add(role)
        for role, pattern in rules.after:
            if pattern.match(after):
                found.add(role)
    for role in _data()["role_order"]:
        if role in found:
            return role
    return None


# -- where the footnote goes ---------------------------------------------------------------------


def footnote_position(text: str, findings: Sequence[Finding], language: str) -> int | None:
    """Where the story body ends: the start of the line that begins a press-contact block, a
    staff signature or an end marker after the last pseudonymised name; None for the end.

    Press releases close with "For more information, please contact: …", a signature ("Laura
    Deme⏎Communications Officer") or "-ENDS-"; a footnote after them reads as part of the
    contacts. Only a block after every pseudonymised mention counts, so the footnote always
    follows the names it explains.
    """
    from safename.detect.roles import role_rules

    last = max(
        (f.end for f in findings if f.entity_type == "PERSON" and f.action == "pseudonymize"),
        default=None,
    )
    if last is None:
        return None
    rules = role_rules(language)
    candidates: list[int] = []
    for m in rules.press.finditer(text, last):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start <= 40:
            candidates.append(line_start)
    for m in _role_rules(language).tail_line.finditer(text, last):
        candidates.append(m.start())
    for f in findings:
        if f.entity_type != "PERSON" or f.action != "keep" or f.start < last:
            continue
        line_start = text.rfind("\n", 0, f.start) + 1
        line_end = text.find("\n", f.end)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        if line.strip(" \t*_#>") == f.text and rules.signature.match(text, f.end):
            candidates.append(line_start)
    # The line must start after the last name and leave some story before it.
    candidates = [c for c in candidates if c >= last and text[:c].strip()]
    return min(candidates, default=None)


def _template_patterns(overrides: Mapping[str, Mapping[str, str]] | None) -> list[str]:
    """Regexes matching the text after the names in every known template."""
    patterns = []
    for table in (*DEFAULT_TEMPLATES.values(), *(overrides or {}).values()):
        for template in table.values():
            tail = template.split("{names}", 1)[-1].split("{who}", 1)[0].strip()
            words = tail.split()[:4]
            if words:
                patterns.append(r"[ \t]+".join(re.escape(w).replace("'", "['’]") for w in words))
    return patterns


def explained_names(
    text: str, overrides: Mapping[str, Mapping[str, str]] | None = None
) -> set[str]:
    """Every capitalised word named in a pseudonym footnote line of `text`."""
    tails = "|".join([_EXPLAINED, *_template_patterns(overrides)])
    pattern = re.compile(_LINE_START + _NAMES + r"[ \t]+(?:" + tails + ")", re.M)
    found: set[str] = set()
    for m in pattern.finditer(text):
        for w in WORD_RE.findall(m.group("names")):
            if w[:1].isupper() and w not in ("And", "Et"):
                found.add(w)
    return found
