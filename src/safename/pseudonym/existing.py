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


def existing_pseudonym_words(
    text: str,
    markers: Iterable[str] = ("*",),
    templates: Mapping[str, Mapping[str, str]] | None = None,
) -> set[str]:
    """Folded words that belong to existing pseudonyms in `text`."""
    found = {fold(w) for w in explained_names(text, templates)}
    words = list(WORD_RE.finditer(text))
    ends = {m.end(): i for i, m in enumerate(words)}
    for marker in {*markers, MARKDOWN_LABEL}:
        if not marker:
            continue
        for m in re.finditer(re.escape(marker), text):
            if marker == "*" and (
                "*" in text[m.start() - 1 : m.start()] or text[m.end() :][:1] == "*"
            ):
                continue  # "**bold**" and "*italic*" are emphasis, not a marker
            i = ends.get(m.start())
            run: list[str] = []
            while i is not None and i >= 0 and len(run) < 4:
                w = words[i].group()
                if not (is_capitalised(w) or is_all_caps(w)):
                    break
                run.append(w)
                if i == 0 or not _GAP.fullmatch(text[words[i - 1].end() : words[i].start()]):
                    break
                i -= 1
            if run and marker == "*":
                first = words[ends[m.start()] - len(run) + 1].start()
                if text[first - 1 : first] in ("*", "_"):
                    continue  # "*Aminata*": italics
            found.update(fold(w) for w in run)
    return found
