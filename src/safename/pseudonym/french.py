"""French elision around a replaced word: "d'Aminata" must not become "d'Kadiatou".

French elides "de", "que", "le"/"la" (and "lorsque", "puisque", "jusque") before a vowel. When a
name or nationality is replaced, the article before it may have to change both ways: "d'Aminata"
-> "de Kadiatou", "de Moussa" -> "d'Ousmane", "la Malienne" -> "l'Ouest-Africaine". Changing the
article rather than restricting pseudonyms to the real name's first sound keeps the pool (and
therefore the protection) as large as possible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from safename.textutil import fold

# An article right before a word: elided ("d'", "qu’") or full and followed by one space.
ARTICLE_BEFORE = re.compile(
    r"(?<![\w'’ʼ])(?:(?P<elided>[dD]|[qQ]u|[lL]orsqu|[pP]uisqu|[jJ]usqu|[lL])(?P<apos>['’ʼ])"
    r"|(?P<full>[dD]e|[qQ]ue|[lL]orsque|[pP]uisque|[jJ]usque|[lL]e|[lL]a)[ \u00a0])$"
)
_EXPAND = {"d": "de", "qu": "que", "lorsqu": "lorsque", "puisqu": "puisque", "jusqu": "jusque"}
_ELIDE = {"de": "d", "que": "qu", "lorsque": "lorsqu", "puisque": "puisqu", "jusque": "jusqu"}


@dataclass(frozen=True)
class ArticleFix:
    """Replace text[start:end] (the article, with its apostrophe or space) by `text`."""

    start: int
    end: int
    text: str


def starts_with_vowel(word: str) -> bool:
    """Vowel-initial for elision; "h" and "y" count as consonants in names ("de Hawa")."""
    first = fold(word[:1])
    return bool(first) and (first in "aeiou" or first in "œæ")


def dominant_apostrophe(text: str) -> str:
    return "’" if text.count("’") > text.count("'") else "'"


def _match_case(model: str, word: str, upper: bool) -> str:
    if upper and model.isupper():
        return word.upper()  # "LE RETOUR D'OUSMANE" -> "LE RETOUR DE HAMMA"
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def elision_fix(
    text: str,
    pos: int,
    replacement: str,
    gender: str | None = None,
    apostrophe: str = "'",
    upper: bool = False,
) -> ArticleFix | None:
    """How the article before text[pos:] must change now that `replacement` follows it.

    None when there is no article or it is already right. `gender` chooses "le"/"la" when an
    elided "l'" has to be written in full ("u" reads as masculine, French's default); `upper`
    says the replaced word is in capitals, so a one-letter "D'" becomes "DE", not "De".
    """
    m = ARTICLE_BEFORE.search(text, max(0, pos - 12), pos)
    if not m or not replacement:
        return None
    vowel = starts_with_vowel(replacement)
    if m.group("elided") and not vowel:
        word = m.group("elided")
        full = _EXPAND.get(word.lower()) or ("la" if gender == "f" else "le")
        return ArticleFix(m.start(), pos, _match_case(word, full, upper) + " ")
    if m.group("full") and vowel:
        word = m.group("full")
        elided = _ELIDE.get(word.lower(), "l")
        return ArticleFix(m.start(), pos, _match_case(word, elided, upper) + apostrophe)
    return None
