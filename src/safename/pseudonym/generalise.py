"""NATIONALITY: "Nigerian" -> "West African", "au Mali" -> "dans un pays d'Afrique de l'Ouest".

A nationality narrows a story's subject down to a few people when the story also names a
village or a date, so by default it is generalised to its UN M49 sub-region, in the grammatical
form the sentence needs: number and gender of French adjectives, the article or preposition
before a country ("au", "en", "du", "de la"), and English "a"/"an". It can instead be kept,
masked, or pseudonymised to another country of the same sub-region chosen from the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from safename.data import read_tsv
from safename.detect.lexicon import lexicon
from safename.pseudonym.derive import Deriver
from safename.pseudonym.french import dominant_apostrophe, elision_fix, starts_with_vowel
from safename.pseudonym.placeholders import Placeholders
from safename.textutil import WORD_RE, fold, is_all_caps

# French prepositions and articles glued to a country: what a replacement must agree with.
FR_BEFORE = re.compile(
    r"(?<![\w'’])(?:(?P<sp>au|aux|en|du|des|de[ \u00a0]+la|de|le|la|les)[ \u00a0]+"
    r"|(?P<ap>de[ \u00a0]+l['’]|d['’]|l['’]))$",
    re.IGNORECASE,
)
EN_THE = re.compile(r"(?<![\w'’])(?P<the>the)[ \u00a0]+$", re.IGNORECASE)
EN_DIRECTION = re.compile(
    r"(?<![\w'’])(?P<dir>(?:north|south)(?:-?(?:east|west))?ern|eastern|western|central)"
    r"[ \u00a0]+$",
    re.IGNORECASE,
)
EN_ARTICLE = re.compile(r"(?<![\w'’])(?P<art>an?)[ \u00a0]+$", re.IGNORECASE)
SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n\s*|[«“\"]\s*)$")
_AN_EXCEPTIONS = ("eu", "uga", "uni", "usa", "uk", "one")


@dataclass(frozen=True)
class Rewrite:
    """Replace original[start:end] by `text` (start may move back over an article)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Nationality:
    kind: str  # "demonym" or "country"
    iso2: str
    number: str = "sg"
    gender: str = "u"


@cache
def subregions() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_tsv("places", "subregions.tsv")}


@cache
def demonyms_by_country(language: str) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for row in read_tsv("places", "demonyms.tsv"):
        if row["lang"] == language:
            out.setdefault(row["iso2"], []).append(row)
    return out


@cache
def generalisation_words() -> frozenset[str]:
    """Folded words safename writes when generalising ("West", "African", "pays"...).

    A later scan may take "West African, 19," for a name: these words are never re-redacted.
    """
    columns = ("adj_en", "country_en", "adj_fr_ms", "adj_fr_fs", "adj_fr_mp", "adj_fr_fp")
    found: set[str] = set()
    for row in subregions().values():
        for column in (*columns, "country_fr"):
            found.update(fold(w) for w in WORD_RE.findall(row.get(column, "")))
        found.update(fold(w) + "s" for w in WORD_RE.findall(row.get("adj_en", "")))
    return frozenset(found)


def identify(value: str, language: str) -> Nationality | None:
    found = lexicon().nationality(value, language)
    return Nationality(*found) if found else None


def english_article(word: str) -> str:
    low = fold(word)
    vowel = low[:1] in ("a", "e", "i", "o", "u") and not low.startswith(_AN_EXCEPTIONS)
    return "an" if vowel else "a"


def _case_like(model: str, word: str) -> str:
    """Capitalise every hyphen-separated part when the model is capitalised ("Ouest-Africaine")."""
    if model[:1].isupper():
        return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))
    return word


def _capitalise_if_sentence_start(text: str, start: int, value: str) -> str:
    if SENTENCE_START.search(text[max(0, start - 4) : start]):
        return value[:1].upper() + value[1:]
    return value


class NationalityRewriter:
    """Rewrites NATIONALITY findings for one document."""

    def __init__(self, language: str, deriver: Deriver, placeholders: Placeholders) -> None:
        self.language = language
        self.deriver = deriver
        self.placeholders = placeholders

    def rewrite(self, text: str, start: int, end: int, action: str) -> Rewrite:
        """The replacement for the NATIONALITY at text[start:end] under `action`."""
        r = self._rewrite(text, start, end, action)
        if is_all_caps(text[start:end]) and not r.text.startswith("["):
            return Rewrite(r.start, r.end, r.text.upper())  # a heading stays in capitals
        return r

    def _rewrite(self, text: str, start: int, end: int, action: str) -> Rewrite:
        value = text[start:end]
        nat = identify(value, self.language)
        region = None
        if nat is not None:
            row = lexicon().country_names.get(nat.iso2, {})
            region = subregions().get(row.get("m49_subregion", ""))
        if nat is not None and action == "pseudonymize":
            other = self._other_country(nat)
            if other is not None:
                done = self._as_country(text, start, end, nat, other)
                if done is not None:
                    return done
            action = "generalize"
        if nat is None or region is None or action not in ("generalize", "pseudonymize"):
            kind = "COUNTRY" if nat is not None and nat.kind == "country" else None
            return Rewrite(start, end, self.placeholders.label("NATIONALITY", value, kind))
        if nat.kind == "demonym":
            adjective = self._region_adjective(value, nat, region)
            return self._fix_article(text, start, end, adjective, nat.gender)
        return self._region_country(text, start, end, region)

    # -- generalise ---------------------------------------------------------------------------

    def _region_adjective(self, value: str, nat: Nationality, region: dict[str, str]) -> str:
        if self.language == "fr":
            gender = "f" if nat.gender == "f" else "m"
            number = "p" if nat.number == "pl" else "s"
            adjective = region.get(f"adj_fr_{gender}{number}") or region["adj_fr_ms"]
            return _case_like(value, adjective)
        adjective = region["adj_en"]
        return adjective + "s" if nat.number == "pl" else adjective

    def _region_country(self, text: str, start: int, end: int, region: dict[str, str]) -> Rewrite:
        if self.language == "fr":
            phrase = region["country_fr"]
            m = FR_BEFORE.search(text, max(0, start - 12), start)
            if m:
                prep = fold(m.group("sp") or m.group("ap"))
                if prep in ("au", "aux", "en"):
                    phrase = "dans " + phrase
                elif prep.startswith("d"):
                    phrase = "d" + dominant_apostrophe(text) + phrase
                start = m.start()
                if m.group()[:1].isupper():
                    phrase = phrase[:1].upper() + phrase[1:]
            return Rewrite(start, end, _capitalise_if_sentence_start(text, start, phrase))
        phrase = region["country_en"]
        d = EN_DIRECTION.search(text, max(0, start - 24), start)
        if d:
            # "in eastern Guinea" -> "in the east of a West African country"
            part = fold(d.group("dir")).removesuffix("ern").replace("central", "centre")
            start, phrase = d.start(), f"the {part} of {phrase}"
        m = EN_THE.search(text, max(0, start - 6), start)
        if m:
            start = m.start()
        return Rewrite(start, end, _capitalise_if_sentence_start(text, start, phrase))

    # -- pseudonymise -------------------------------------------------------------------------

    def _other_country(self, nat: Nationality) -> str | None:
        lex = lexicon()
        code = lex.country_names.get(nat.iso2, {}).get("m49_subregion")
        if not code:
            return None
        forms = demonyms_by_country(self.language)
        candidates = [
            iso
            for iso, row in lex.country_names.items()
            if row.get("m49_subregion") == code
            and iso != nat.iso2
            and (nat.kind == "country" or self._demonym_form(forms.get(iso, []), nat))
        ]
        return self.deriver.choose("country", nat.iso2, candidates)

    @staticmethod
    def _demonym_form(rows: list[dict[str, str]], nat: Nationality) -> str | None:
        for wanted in (nat.gender, "u", "m"):
            for row in rows:
                if row.get("number", "sg") == nat.number and row.get("gender", "u") == wanted:
                    return row["form"]
        return None

    def _as_country(
        self, text: str, start: int, end: int, nat: Nationality, iso: str
    ) -> Rewrite | None:
        value = text[start:end]
        if nat.kind == "demonym":
            form = self._demonym_form(demonyms_by_country(self.language).get(iso, []), nat)
            if form is None:
                return None
            form = (form[:1].upper() if value[:1].isupper() else form[:1].lower()) + form[1:]
            return self._fix_article(text, start, end, form, nat.gender)
        row = lexicon().country_names[iso]
        if self.language != "fr":
            m = EN_THE.search(text, max(0, start - 6), start)
            return Rewrite(m.start() if m else start, end, row["name_en"])
        name, article = row["name_fr"], row.get("fr_article", "none") or "none"
        m = FR_BEFORE.search(text, max(0, start - 12), start)
        prep = fold(m.group("sp") or m.group("ap")) if m else ""
        apostrophe = dominant_apostrophe(text)
        elide = article == "l'" or (article == "none" and starts_with_vowel(name))
        if prep in ("au", "aux", "en"):
            lead = {"le": "au ", "la": "en ", "l'": "en ", "les": "aux "}.get(article, "à ")
        elif prep.startswith("d"):
            lead = {"le": "du ", "la": "de ", "les": "des "}.get(article, "")
            lead = lead or ("d" + apostrophe if elide else "de ")
        elif prep:
            lead = {"le": "le ", "la": "la ", "les": "les ", "l'": "l" + apostrophe}.get(
                article, ""
            )
        else:
            lead = ""
        if m and m.group()[:1].isupper():
            lead = lead[:1].upper() + lead[1:]
        return Rewrite(m.start() if m else start, end, lead + name)

    # -- articles -----------------------------------------------------------------------------

    def _fix_article(
        self, text: str, start: int, end: int, replacement: str, gender: str
    ) -> Rewrite:
        if self.language == "fr":
            upper = is_all_caps(text[start:end])
            fix = elision_fix(text, start, replacement, gender, dominant_apostrophe(text), upper)
            if fix is not None:
                return Rewrite(fix.start, end, fix.text + replacement)
            return Rewrite(start, end, replacement)
        m = EN_ARTICLE.search(text, max(0, start - 4), start)
        if m:
            wanted = english_article(replacement)
            if fold(m.group("art")) != wanted:
                article = wanted.capitalize() if m.group("art")[:1].isupper() else wanted
                return Rewrite(m.start(), end, f"{article} {replacement}")
        return Rewrite(start, end, replacement)
