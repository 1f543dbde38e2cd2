"""The pseudonym footnote: "*Lucy is a pseudonym used to protect the identity of the migrant."

Readers must know a name was changed (journalistic honesty), and the marker plus footnote is
the convention communication teams already use. The footnote is written in the document's
language, singular or plural, and in French agrees with the people's gender ("de la migrante",
"des migrants"). Templates are configurable; `{marker}` and `{names}` are filled in.

The same templates are read back: a name explained in an existing footnote is an existing
pseudonym, which is what keeps a second redaction from changing anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from safename.textutil import WORD_RE

DEFAULT_TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "one": "{marker}{names} is a pseudonym used to protect the identity of the migrant.",
        "many": "{marker}{names} are pseudonyms used to protect the identities of the migrants.",
    },
    "fr": {
        "one_f": "{marker}{names} est un nom d'emprunt utilisé pour protéger l'identité de la "
        "migrante.",
        "one_m": "{marker}{names} est un nom d'emprunt utilisé pour protéger l'identité du "
        "migrant.",
        "many_f": "{marker}{names} sont des noms d'emprunt utilisés pour protéger l'identité des "
        "migrantes.",
        "many_m": "{marker}{names} sont des noms d'emprunt utilisés pour protéger l'identité des "
        "migrants.",
    },
}
TEMPLATE_KEYS = ("one", "many", "one_f", "one_m", "many_f", "many_m")
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


def pick_template(
    count: int,
    genders: Sequence[str],
    language: str,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The template for `count` people; French chooses feminine only when all are women."""
    number = "one" if count == 1 else "many"
    gender = "f" if genders and all(g == "f" for g in genders) else "m"
    custom = (overrides or {}).get(language, {})
    defaults = DEFAULT_TEMPLATES.get(language, DEFAULT_TEMPLATES["en"])
    for table in (custom, defaults):
        for key in (f"{number}_{gender}", number):
            if key in table:
                return table[key]
    return DEFAULT_TEMPLATES["en"][number]


def build_footnote(
    names: Sequence[str],
    genders: Sequence[str],
    language: str,
    marker: str = "*",
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    apostrophe: str = "'",
    markdown: bool = False,
) -> str | None:
    """The footnote for `names` (already pseudonyms), or None when there is none."""
    if not names:
        return None
    template = pick_template(len(names), genders, language, overrides)
    if apostrophe != "'":
        template = template.replace("'", apostrophe)
    if markdown:
        return f"{MARKDOWN_LABEL}: " + template.format(marker="", names=join_names(names, language))
    return template.format(marker=marker, names=join_names(names, language))


def _template_patterns(overrides: Mapping[str, Mapping[str, str]] | None) -> list[str]:
    """Regexes matching the text after the names in every known template."""
    patterns = []
    for table in (*DEFAULT_TEMPLATES.values(), *(overrides or {}).values()):
        for template in table.values():
            tail = template.split("{names}", 1)[-1].strip()
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
