"""Things that look like names: sentence-initial words, places, currencies, eponyms, acronyms.

A third of what an untuned name finder changes in a real story is not a person: "Instead,",
"Recalls", "Mentao Camp", "500 000 FCFA", "Murtala Muhammed airport". Each test here reads the
grammar (part of speech from the tagger) or a data list (data/context/<lang>.toml), and says
why, so a reviewer sees what was dropped in `scan --format json` only through its absence, and
a developer through `not_a_name(...)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from safename.data import context
from safename.detect.common_words import is_common_word
from safename.detect.grammar import Grammar
from safename.detect.lexicon import lexicon
from safename.detect.recognizers.base import phrase_regex
from safename.detect.recognizers.name_spans import (
    ELIDED_GRAMMAR_RE,
    honorific_words,
    not_name_words,
    words,
)
from safename.textutil import fold

# Parts of speech that a name never has when the tagger is sure of them.
NOT_NAME_POS = frozenset(
    {"ADV", "VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "INTJ", "NUM", "PART"}
)
# Recognizers whose evidence outweighs a tag: an honorific, "named", a known name.
STRONG = ("honorific", "introduced as a name", "known given name", "full name with a known")
EVENT_BEFORE = re.compile(
    r"\b(?:cyclone|storm|hurricane|typhoon|tempête|ouragan|tropical\s+storm)[ \u00a0]+$",
    re.IGNORECASE,
)
AGENCY_SLASH = re.compile(r"[ \t]*/[ \t]*[A-ZÀ-Ý]")
CAMEL = re.compile(r"[a-z][A-Z].*[A-Z]|^[A-Z]{3,}[a-z]{2,}")


@dataclass(frozen=True)
class ThingRules:
    kin_before: re.Pattern
    place_after: re.Pattern
    place_before: re.Pattern
    eponym_after: re.Pattern
    eponym_before: re.Pattern
    currency: frozenset[str]
    titles: frozenset[str]
    kin: frozenset[str]


@dataclass(frozen=True)
class NotAName:
    reason: str


@cache
def thing_rules(language: str) -> ThingRules:
    ctx = context(language)
    after = ctx.get("place_heads_after") or ["\x00never"]
    eponym = ctx.get("eponym_heads_after") or ["\x00never"]
    titles = set()
    for key in ("staff_titles", "weak_titles", "kin_nouns", "public_titles"):
        for t in ctx.get(key, []):
            if " " not in t:
                titles.add(fold(t))
    kin = {fold(t) for t in ctx.get("kin_nouns", []) if " " not in t}
    sp = r"[ \t\u00a0]"
    kin_before = phrase_regex(
        [k for k in ctx.get("kin_nouns", [])],
        before=r"(?<![\w'’-])",
        after=rf"(?:{ctx.get('kin_complement_regex', '(?!)')})?{sp}*,?{sp}+$",
    )
    return ThingRules(
        kin_before=kin_before,
        place_after=phrase_regex(after, before=r"^[ \u00a0]+", after=r"\b"),
        place_before=re.compile(ctx["place_before_regex"], re.IGNORECASE),
        eponym_after=phrase_regex(eponym, before=r"^[ \u00a0]+", after=r"\b"),
        eponym_before=re.compile(ctx["eponym_heads_before_regex"], re.IGNORECASE),
        currency=frozenset(fold(c) for c in ctx.get("currencies", [])),
        titles=frozenset(titles),
        kin=frozenset(kin),
    )


def _strong(reasons: list[str]) -> bool:
    return any(any(s in r for s in STRONG) for r in reasons)


def leading_title_words(
    text: str,
    start: int,
    end: int,
    language: str,
    grammar: Grammar | None = None,
    introduced: bool = False,
) -> int:
    """New start after title, occupation or imperative words glued before a name.

    "Tailor Awa Diop", "Returnee Ebiere Okoro", "Meet Aissata", "Couturière Awa": the first
    word is an ordinary word of the language (or a title) and no name in the tables, so it is
    outside the name, as the annotation guidelines and a reader want it.

    Two things say otherwise, and win over the ordinary word or the title:
    * `introduced`: the span follows "called", "known by the nickname", "dit", so the story
      itself says every word of it is the name ("a man called Sunny Boy", "dit « Petit
      Maïga »"): nothing is cut but words that are never names (not_names);
    * a relative's or diminutive's word written with a capital inside a sentence ("c'est Petit
      Maïga qui conduit"): the capital makes it part of a nickname, where the lower-case
      "le petit Moussa" is a description. At a sentence start the capital says nothing, and
      the word is cut as before.
    """
    lex = lexicon()
    ws = words(text[start:end])
    rules = thing_rules(language)
    cut = 0
    for w in ws[:-1]:
        key = w.key
        if ELIDED_GRAMMAR_RE.match(w.text):
            cut = w.end  # "C'est Hamsatou": an elided word of grammar, never a name's
            continue
        if len(w.text) == 1:
            break  # an initial ("D. Keita") is part of the name
        if lex.is_name(w.text) and not lex.is_common_word_name(w.text):
            break
        if key in honorific_words(language):
            break  # "Mr Albert Thompson": what follows an honorific is the name
        if key in not_name_words(language):
            cut = w.end
            continue
        if introduced:
            break
        if (
            key in rules.kin
            and w.text[:1].isupper()
            and not _sentence_initial(text, start + w.start)
        ):
            break  # "dit Petit Maïga", "c'est Petit Maïga": a nickname's own word
        if key in rules.titles:
            cut = w.end
            continue
        # An ordinary word glued before a name is cut only where a capital says nothing: at
        # the start of a sentence ("Tailor Awa Diop", "Meet Aissata"), or where the tagger
        # reads it as no proper noun.
        if (
            is_common_word(w.text, language)
            and not lex.is_name(w.text)
            and (
                _sentence_initial(text, start + w.start)
                or (grammar and grammar.pos_at(start + w.start) not in (None, "PROPN"))
            )
        ):
            cut = w.end
            continue
        break
    if not cut:
        return start
    rest = text[start + cut : end]
    return start + cut + (len(rest) - len(rest.lstrip()))


def not_a_name(
    text: str,
    start: int,
    end: int,
    reasons: list[str],
    grammar: Grammar,
    language: str,
) -> NotAName | None:
    """Why text[start:end], found as a PERSON, is not a person's name, or None."""
    span = text[start:end]
    ws = words(span)
    if not ws:
        return None
    rules = thing_rules(language)
    lex = lexicon()
    after = text[end : end + 40]
    before = text[max(0, start - 60) : start]
    if EVENT_BEFORE.search(before):
        return NotAName("the name of a storm or a ship")
    if AGENCY_SLASH.match(text, end) and span.isupper():
        return NotAName("an agency in a credit ('EFE/…')")
    if rules.eponym_after.match(after) or rules.eponym_before.search(before):
        return NotAName("a place or institution named after a person")
    if rules.place_after.match(after) or rules.place_before.search(before):
        return NotAName("a place (named with a place word)")
    if all(w.key in rules.currency for w in ws) or fold(span) in rules.currency:
        return NotAName("a currency")
    if len(ws) == 1 and CAMEL.search(ws[0].text):
        return NotAName("an acronym or campaign name, not a name")
    if span.startswith("#") or text[start - 1 : start] == "#":
        return NotAName("a hashtag")
    if len(ws) == 1 and not _strong(reasons):
        w = ws[0]
        # Taggers read words in capitals badly ("conclut ZABEROU"): only others are asked.
        pos = None
        if grammar and not w.text.isupper() and not lex.is_name(w.text):
            pos = grammar.pos_at(start)
        if pos in NOT_NAME_POS:
            return NotAName(f"the tagger reads '{w.text}' as {pos}, not a name")
        if w.key in honorific_words(language):
            return NotAName(f"'{w.text}' is an honorific, not a name")
        if (
            is_common_word(w.text, language)
            and not lex.is_name(w.text)
            and not named_relative(text, start, language, pos)
        ):
            return NotAName(f"'{w.text}' is an ordinary word")
    return None


def named_relative(text: str, start: int, language: str, pos: str | None = None) -> bool:
    """Whether the capitalised word at `start` is the name of a relative just introduced.

    "Son frère Anis tient la caisse", "un bébé de trois mois, Ange", "her brother Hope": a
    relative's word (kin_nouns, lower case, with an optional age between) then a capitalised
    word inside the sentence. The relative's word and the capital outweigh the dictionary
    ("anis", "ange" are ordinary words): a missed name is a breach, an ordinary word taken for
    a name only a review note. The dictionary still wins at a sentence start (the capital says
    nothing there), after a capitalised relative's word ("Brother Kwiriba" is a title), and
    where the tagger reads the word as an adjective ("son frère Aîné").
    """
    if not text[start : start + 1].isupper() or _sentence_initial(text, start):
        return False
    if pos == "ADJ":
        return False
    m = thing_rules(language).kin_before.search(text, max(0, start - 60), start)
    return bool(m) and m.group()[:1].islower()


def _sentence_initial(text: str, start: int) -> bool:
    # A few characters more than the quote and spaces: "dit « Petit" is inside a sentence.
    before = text[max(0, start - 8) : start].rstrip(" \t\u00a0«“\"'(")
    return not before or before[-1] in ".!?\n:;–—-•*#>|"
