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
def common_words(language: str) -> frozenset[str]:
    name = _PIPELINES.get(language)
    if name is None:
        return frozenset()
    try:
        root = spacy.util.get_package_path(name)
    except (ImportError, ValueError):
        root = Path(name)
    found = sorted(Path(root).glob("**/lemmatizer/lookups/lookups.bin"))
    if not found:
        return frozenset()  # a pipeline without lookup tables: no dictionary, no filtering
    tables = Lookups().from_disk(found[0].parent)
    if "lemma_index" not in tables.tables:
        return frozenset()
    index = tables.get_table("lemma_index")
    return frozenset(fold(w) for key in index for w in index[key] if w.isalpha())


def is_common_word(word: str, language: str) -> bool:
    """Whether `word` (or its singular) is an ordinary word of `language`."""
    words = common_words(language)
    key = fold(word)
    if key in words:
        return True
    return any(key.endswith(sfx) and key[: -len(sfx)] in words for sfx in ("es", "s", "x"))
