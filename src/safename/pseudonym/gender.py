"""Which gender a person's pseudonym should have, from the name tables and the words around.

A woman renamed with a man's name reads wrong and can mislead readers, so gender comes from
three kinds of evidence, strongest first: an honorific right before a mention ("Ms", "Mme",
"M."), the name tables, and pronouns right after a mention ("she said", "il explique"). Only
the clause after a mention counts, because "Her brother Osaro helps her" speaks about someone
else. Too little or contradictory evidence gives "u", which the caller turns into a unisex name
or the configured neutral choice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from safename.detect.lexicon import lexicon
from safename.pseudonym.pools import name_gender
from safename.textutil import fold

FEMALE_HONORIFICS = frozenset(
    {
        "ms", "ms.", "mrs", "mrs.", "miss", "madam", "madame", "mme", "mme.", "mmes", "mlle",
        "mlle.", "mademoiselle", "hajia", "hadja", "sister", "auntie", "aunty", "mama", "tantie",
        "tata", "maman", "soeur", "sœur",
    }
)  # fmt: skip
MALE_HONORIFICS = frozenset(
    {
        "mr", "mr.", "m.", "monsieur", "alhaji", "hadj", "elhadj", "brother", "uncle", "papa",
        "baba", "tonton", "frère", "frere",
    }
)  # fmt: skip
# Pronouns by weight: subjects speak about the person just named far more often than objects.
PRONOUNS: dict[str, dict[str, tuple[str, float]]] = {
    "en": {
        "she": ("f", 1.0),
        "herself": ("f", 0.7),
        "her": ("f", 0.5),
        "hers": ("f", 0.5),
        "he": ("m", 1.0),
        "himself": ("m", 0.7),
        "his": ("m", 0.5),
        "him": ("m", 0.5),
    },
    "fr": {
        "elle": ("f", 1.0),
        "elle-même": ("f", 0.7),
        "il": ("m", 1.0),
        "lui-même": ("m", 0.7),
        "âgée": ("f", 0.7),
        "âgé": ("m", 0.7),
        "née": ("f", 0.5),
        "né": ("m", 0.5),
    },
}
# "Aminata, a mother of three," / "Moussa, un jeune homme de 19 ans,".
APPOSITION = {
    "en": re.compile(
        r"^\s*,\s*(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}?(?P<noun>woman|girl|mother|wife|widow|"
        r"daughter|sister|grandmother|man|boy|father|husband|son|brother|grandfather)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(r"^\s*,\s*(?P<noun>une|un)\s", re.IGNORECASE),
}
# A relation or description right before the name: "his wife Mariétou", "son fils Moussa",
# "une jeune fille nommée Awa".
KIN_BEFORE = {
    "en": re.compile(
        r"\b(?P<noun>wife|daughter|sister|mother|aunt|niece|grandmother|widow|woman|girl|"
        r"husband|son|brother|father|uncle|nephew|grandfather|man|boy)"
        r"(?:[\s\u00a0]*,)?[\s\u00a0]+$",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"\b(?P<noun>fille|femme|épouse|sœur|soeur|mère|tante|nièce|cousine|grand-mère|veuve|"
        r"fillette|dame|nommée|appelée|prénommée|surnommée|dite|"
        r"fils|mari|époux|frère|père|oncle|neveu|cousin|grand-père|garçon|homme|"
        r"nommé|appelé|prénommé|surnommé|dit)(?:[\s\u00a0]*,)?[\s\u00a0]+$",
        re.IGNORECASE,
    ),
}
FEMALE_KIN = frozenset(
    {
        "wife", "daughter", "sister", "mother", "aunt", "niece", "grandmother", "widow", "woman",
        "girl", "fille", "femme", "épouse", "sœur", "soeur", "mère", "tante", "nièce", "cousine",
        "grand-mère", "veuve", "fillette", "dame", "nommée", "appelée", "prénommée", "surnommée",
        "dite",
    }
)  # fmt: skip
# French past participles agree with the subject: "Aminata est arrivée", "il est reparti".
FR_AGREEMENT = re.compile(
    r"\b(?:est|était|fut|sera|serait|a\s+été|avait\s+été)\s+(?:\w+\s+)?\w+?(?P<e>ée|é)s?\b",
    re.IGNORECASE,
)
FEMALE_NOUNS = frozenset(
    ["woman", "girl", "mother", "wife", "widow", "daughter", "sister", "grandmother", "une"]
)
CLAUSE_END = re.compile(r"[.!?;:\n…»”\"]")
HONORIFIC_BEFORE = re.compile(r"([\w.]+)\.?[\s\u00a0]+$")


@dataclass
class GenderEvidence:
    female: float = 0.0
    male: float = 0.0

    def add(self, gender: str, weight: float) -> None:
        if gender == "f":
            self.female += weight
        elif gender == "m":
            self.male += weight

    def decide(self, margin: float = 0.5) -> str:
        if self.female - self.male >= margin:
            return "f"
        if self.male - self.female >= margin:
            return "m"
        return "u"


def honorific_gender(text: str, start: int) -> str | None:
    """Gender of an honorific right before text[start:], if any ("Ms Osagie" -> f)."""
    m = HONORIFIC_BEFORE.search(text[max(0, start - 14) : start])
    if not m:
        return None
    word = m.group(1).lower()
    for key in (word, word.rstrip(".")):
        if key in FEMALE_HONORIFICS:
            return "f"
        if key in MALE_HONORIFICS:
            return "m"
    return None


def context_evidence(
    text: str,
    start: int,
    end: int,
    language: str,
    evidence: GenderEvidence,
    stop_at: int | None = None,
) -> None:
    """Add what the words around one mention say about the person's gender."""
    honorific = honorific_gender(text, start)
    if honorific:
        evidence.add(honorific, 4.0)
    kin = KIN_BEFORE.get(language, KIN_BEFORE["en"]).search(text, max(0, start - 40), start)
    if kin:
        evidence.add("f" if kin.group("noun").lower() in FEMALE_KIN else "m", 2.0)
    m = APPOSITION.get(language, APPOSITION["en"]).match(text[end : end + 80])
    if m:
        evidence.add("f" if m.group("noun").lower() in FEMALE_NOUNS else "m", 1.5)
    # The rest of the sentence and the next one, but never past another person's mention.
    limit = min(len(text), end + 240, stop_at if stop_at is not None else len(text))
    window = text[end:limit]
    ends = [c.end() for c in CLAUSE_END.finditer(window)]
    cut = ends[1] if len(ends) > 1 else len(window)
    pronouns = PRONOUNS.get(language, PRONOUNS["en"])
    seen = 0
    for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", window[:cut].lower()):
        if w in pronouns and seen < 3:
            gender, weight = pronouns[w]
            evidence.add(gender, weight)
            seen += 1
    if language == "fr":
        m = FR_AGREEMENT.search(window[: ends[0] if ends else len(window)])
        if m:
            evidence.add("f" if m.group("e").lower() == "ée" else "m", 1.0)


def infer_gender(
    text: str,
    mentions: Iterable[tuple[int, int]],
    given_names: Iterable[str],
    language: str,
    boundaries: list[int] | None = None,
) -> str:
    """f, m or u for one person from the name tables and every mention's context.

    `boundaries` holds the start offsets of other people's mentions, so that a pronoun after
    the next person's name is not counted for this one.
    """
    evidence = GenderEvidence()
    for name in given_names:
        g = name_gender(name)
        if g in ("f", "m"):
            evidence.add(g, 3.0)  # outweighs pronouns that may be someone else's; not "Mme"
    others = sorted(boundaries or [])
    for start, end in mentions:
        nxt = next((b for b in others if b >= end), None)
        context_evidence(text, start, end, language, evidence, stop_at=nxt)
    return evidence.decide()


# A name ending is trusted for a guess only when enough one-gender names in the tables share it
# and nearly all of them have the same gender ("-tou": 51 women, 2 men).
SUFFIX_MIN_NAMES = 15
SUFFIX_MIN_SHARE = 0.85


@cache
def _suffix_genders() -> dict[str, str]:
    """Name endings (3 then 2 letters) that the tables say are nearly always one gender."""
    counts: dict[str, dict[str, int]] = {}
    for key, entries in lexicon().given.items():
        genders = {e.gender for e in entries}
        if len(genders) != 1 or genders & {"u", ""}:
            continue
        gender = genders.pop()
        for n in (3, 2):
            if len(key) > n + 1:
                tally = counts.setdefault(key[-n:], {})
                tally[gender] = tally.get(gender, 0) + 1
    table = {}
    for suffix, tally in counts.items():
        total = sum(tally.values())
        gender, best = max(tally.items(), key=lambda kv: kv[1])
        if total >= SUFFIX_MIN_NAMES and best / total >= SUFFIX_MIN_SHARE:
            table[suffix] = gender
    return table


def guessed_gender(name: str) -> str | None:
    """A guess from the name's ending alone, for names the tables do not know ("Ebiere": None)."""
    key = fold(name)
    table = _suffix_genders()
    for n in (3, 2):
        if len(key) > n + 1 and key[-n:] in table:
            return table[key[-n:]]
    return None


def lean_gender(name: str, other_origins: Iterable[str] = ()) -> str | None:
    """The gender the name tables give a given name, from the name alone: f, m, u or None.

    Entries that say "either" do not outweigh one that says which: "Adama" is a man's name in
    the Bambara and Mossi tables and either in three others, so m; "Nana" f. The few names the
    tables give each gender in a different region ("Yacine": a Wolof woman's, a Maghrebi man's
    name) take the gender of the region the rest of the name comes from (`other_origins`, the
    surname's origins: "Yacine Faye" is Wolof), else u. Still a function of the name only.
    """
    entries = lexicon().given.get(fold(name), [])
    if not entries:
        return None
    definite = {e.gender for e in entries} & {"f", "m"}
    if len(definite) == 1:
        return definite.pop()
    origins = set(other_origins)
    if len(definite) == 2 and origins:
        from safename.pseudonym.pools import name_pools

        pools = name_pools()
        groups = pools.groups_for_origins(origins)
        near = {
            e.gender
            for e in entries
            if e.gender in ("f", "m") and pools.origin_group.get(e.origin, e.origin) in groups
        }
        if len(near) == 1:
            return near.pop()
    return "u"


def gender_origins(name: str, gender: str) -> set[str]:
    """Origins of the table entries that give `name` this gender ("Yacine", f: wolof)."""
    return {e.origin for e in lexicon().given.get(fold(name), []) if e.gender == gender}


def pseudonym_gender(
    name: str,
    evidence: str,
    *,
    pinned: bool,
    neutral: str = "u",
    other_origins: Iterable[str] = (),
) -> str:
    """The gender of the pool a given name's pseudonym is drawn from: f, m or u.

    It must be a function of the name (and the key) alone, or the same person would get a
    different pseudonym whenever one story says "she" and another "her son": the tables' gender
    (`lean_gender`, the surname's region for the few names the tables give each gender in a
    different region), else a guess from the name's ending, else `neutral` (by default a
    name that is itself either gender, which never reads wrong). What the story says
    (`evidence`: pronouns, kin words, "Ms") is used only when `pinned`, that is when a registry
    records the choice so that every later story reuses it.
    """
    known = lean_gender(name, other_origins)
    if known in ("f", "m"):
        return known
    if pinned and evidence in ("f", "m"):
        return evidence
    if known is None:
        guess = guessed_gender(name)
        if guess is not None:
            return guess
    return neutral if neutral in ("f", "m", "u") else "u"
