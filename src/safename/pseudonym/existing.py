"""Existing pseudonyms: names a previous redaction (or an author) already replaced.

Redaction must be idempotent: run on its own output it changes nothing. A name followed by the
pseudonym marker ("Kadiatou*", "Kadiatou Bah*") or explained in a pseudonym footnote is an
existing pseudonym, and so is every other mention of those words, including ones a "first
mention only" marker style leaves unmarked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from safename.pseudonym.footnote import MARKDOWN_LABEL, explained_names
from safename.textutil import WORD_RE, fold, is_all_caps, is_capitalised

_GAP = re.compile(r"[ \u00a0\-]")
# How far back a marker's words are read: four words of a name, with room to spare.
_REACH = 32


def _words_before(text: str, pos: int) -> list[re.Match[str]]:
    """The words just before `pos`, the last one ending exactly at `pos` (else none), as
    WORD_RE reads them in the whole text.

    A marker's run is at most four words, so only the last few words are read: reading every
    word of the document made a long text with many stars quadratic. The window widens until
    it holds six words or reaches the start; its first word may be cut by the edge and is
    dropped then.
    """
    reach = _REACH
    while True:
        lo = max(0, pos - reach)
        words = list(WORD_RE.finditer(text, lo, pos))
        if not words or words[-1].end() != pos:
            return []
        if lo == 0:
            return words
        if len(words) >= 6:
            return words[1:]
        reach *= 2


def existing_pseudonym_words(
    text: str,
    markers: Iterable[str] = ("*",),
    templates: Mapping[str, Mapping[str, str]] | None = None,
) -> set[str]:
    """Folded words that belong to existing pseudonyms in `text`."""
    found = {fold(w) for w in explained_names(text, templates)}
    for marker in {*markers, MARKDOWN_LABEL}:
        if not marker:
            continue
        for m in re.finditer(re.escape(marker), text):
            if marker == "*" and (
                "*" in text[m.start() - 1 : m.start()] or text[m.end() : m.end() + 1] == "*"
            ):
                continue  # "**bold**" and "*italic*" are emphasis, not a marker
            words = _words_before(text, m.start())
            run: list[str] = []
            i = len(words) - 1
            while i >= 0 and len(run) < 4:
                w = words[i].group()
                if not (is_capitalised(w) or is_all_caps(w)):
                    break
                run.append(w)
                if i == 0 or not _GAP.fullmatch(text[words[i - 1].end() : words[i].start()]):
                    break
                i -= 1
            if run and marker == "*":
                first = words[len(words) - len(run)].start()
                if text[first - 1 : first] in ("*", "_"):
                    continue  # "*Aminata*": italics
            found.update(fold(w) for w in run)
    return found
