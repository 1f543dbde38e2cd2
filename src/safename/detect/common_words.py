"""Ordinary words of English and French, from the spaCy pipeline's own lemmatizer tables.

The small pipelines tag capitalised headings ("Background", "Lutte", "Résultats") as people.
A word that the lemmatizer knows as a noun, verb, adjective or adverb is not a name on its own;
the tables ship inside the installed pipeline, so nothing is downloaded and no list is copied.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from spacy.lookups import Lookups

from safename.textutil import fold

_PIPELINES: dict[str, str] = {}


def register_pipeline(language: str, name: str) -> None:
    """Remember which pipeline serves `language` (called when the NLP engine loads)."""
    _PIPELINES[language] = name


@cache
def _tables(language: str) -> Lookups | None:
    name = _PIPELINES.get(language)
    if name is None:
        return None
    try:
        root = spacy.util.get_package_path(name)
    except (ImportError, ValueError):
        root = Path(name)
    found = sorted(Path(root).glob("**/lemmatizer/lookups/lookups.bin"))
    if not found:
        return None  # a pipeline without lookup tables: no dictionary, no filtering
    return Lookups().from_disk(found[0].parent)


@cache
def common_words(language: str) -> frozenset[str]:
    """Nouns, verbs, adjectives and adverbs the lemmatizer knows (folded)."""
    tables = _tables(language)
    if tables is None or "lemma_index" not in tables.tables:
        return frozenset()
    index = tables.get_table("lemma_index")
    return frozenset(fold(w) for key in index for w in index[key] if w.isalpha())


def is_common_word(word: str, language: str) -> bool:
    """Whether `word` (an inflection of it, for French) is an ordinary word of `language`."""
    key = fold(word)
    words = common_words(language)
    # Plurals and French feminines: "chapters", "prochaine" -> "prochain", "bonne" -> "bon".
    if key in words or any(
        key.endswith(sfx) and key[: -len(sfx)] in words for sfx in ("es", "s", "x", "e", "ne")
    ):
        return True
    tables = _tables(language)
    if tables is not None and "lemma_lookup" in tables.tables:
        # French inflected forms ("pouvez", "mesdames"), keyed by the exact lower-case form.
        return word.lower() in tables.get_table("lemma_lookup")
    return False


def in_no_dictionary(word: str, language: str) -> bool:
    """Neither an ordinary word of the document's language nor of English (French stories
    quote English words). English stories rarely hold a French word, and loading the French
    tables costs an English `check` seconds, so they are not asked for English text."""
    return not is_common_word(word, "en") and (
        language == "en" or not is_common_word(word, language)
    )
