"""Per-document language detection without a model or a network call.

Stories are either English or French; counting each language's stop words is enough to tell
them apart, costs microseconds, and adds no dependency.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@cache
def _stop_words(language: str) -> frozenset[str]:
    if language not in ("en", "fr"):
        return frozenset()
    # Read spaCy's stop-word file on its own: `import spacy.lang.fr.stop_words` would first run
    # `spacy.lang.fr`, whose tokenizer exceptions compile regular expressions for seconds, on
    # every `safename check` of an English file.
    spec = importlib.util.find_spec("spacy.lang")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / language / "stop_words.py"
    namespace: dict[str, object] = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return frozenset(namespace["STOP_WORDS"])  # type: ignore[arg-type]


def _address(word: str) -> bool:
    return "://" in word or "@" in word or word.lower().startswith("www.")


def detect_language(
    text: str, candidates: tuple[str, ...] = ("en", "fr"), sample: int = 5000
) -> str:
    """The candidate language whose stop words cover the most words of `text`.

    Words that are stop words in both languages ("a", "me", "on") do not vote. Ties and texts
    with no stop word at all fall back to the first candidate.
    """
    # Addresses are no language: "?id=12&x=y" made a page of English links French ("y").
    prose = " ".join(w for w in text[:sample].split() if not _address(w))
    words = [w.lower().replace("’", "'") for w in _WORD.findall(prose)]
    sets = {lang: _stop_words(lang) for lang in candidates}
    shared = frozenset.intersection(*sets.values()) if len(sets) > 1 else frozenset()
    counts = {lang: sum(1 for w in words if w in s and w not in shared) for lang, s in sets.items()}
    best = max(candidates, key=lambda lang: (counts[lang], -candidates.index(lang)))
    return best
