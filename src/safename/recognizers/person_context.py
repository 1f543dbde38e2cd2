"""PERSON from context: honorifics, "named"/"dit", and an age in apposition.

These catch names no gazetteer holds ("Mme Ouédraogo-Kaboré", "a boy called Tidiane",
"Kossi, 17,") from the words around them, in English and French (data/context/<lang>.toml).
"""

from __future__ import annotations

import re
from functools import cached_property

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safename.data import context
from safename.lexicon import lexicon
from safename.recognizers.base import explained_result
from safename.recognizers.name_spans import MONTHS_DAYS, grow, proper_noun_starts, stop_words, words
from safename.textutil import is_capitalised


def phrase_regex(phrases: list[str], before: str = r"(?<![\w.])", after: str = r"") -> re.Pattern:
    alternatives = sorted(
        {re.escape(p).replace(r"\ ", r"\s+") for p in phrases}, key=len, reverse=True
    )
    return re.compile(before + "(?:" + "|".join(alternatives) + ")" + after, re.IGNORECASE)


class ContextNameRecognizer(EntityRecognizer):
    SCORE_HONORIFIC = 0.85
    SCORE_INTRODUCER = 0.8
    SCORE_AGE = 0.75

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["PERSON"],
            name="ContextNameRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @cached_property
    def _patterns(self) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
        ctx = context(self.supported_language)
        # Honorifics are case-sensitive ("Mr", "Mme"), but French "M." also ends sentences.
        honorific = re.compile(
            r"(?<![\w.])(?:"
            + "|".join(sorted((re.escape(h) for h in ctx["honorifics"]), key=len, reverse=True))
            + r")(?=[\s\u00a0])[\s\u00a0]+$"
        )
        introducer = phrase_regex(ctx["name_introducers"], after=r"[\s\u00a0]*[«“\"']?[\s\u00a0]*$")
        age = re.compile(ctx["age_apposition_regex"], re.IGNORECASE)
        return honorific, introducer, age

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "PERSON" not in entities:
            return []
        honorific, introducer, age = self._patterns
        lex = lexicon()
        stops = stop_words(self.supported_language)
        ws = words(text)
        propn = proper_noun_starts(nlp_artifacts)
        results: list[RecognizerResult] = []
        k = 0
        while k < len(ws):
            w = ws[k]
            if (
                not is_capitalised(w.text)
                or w.key in MONTHS_DAYS
                or lex.is_place(w.text)
                or lex.is_organisation(w.text)
                or lex.is_demonym(w.text)
            ):
                k += 1
                continue
            before = text[max(0, w.start - 40) : w.start]
            found = None
            if honorific.search(before):
                found = (self.SCORE_HONORIFIC, f"after the honorific '{before.split()[-1]}'")
            elif introducer.search(before):
                found = (
                    self.SCORE_INTRODUCER,
                    "introduced as a name ('" + introducer.search(before).group().strip() + "')",
                )
            if found is None and w.key not in stops:
                i, j = grow(ws, k, k, text, lex, self.supported_language, propn)
                if i == k and age.match(text[ws[j].end : ws[j].end + 40]):
                    found = (self.SCORE_AGE, "followed by an age in apposition")
            if found is None:
                k += 1
                continue
            i, j = grow(ws, k, k, text, lex, self.supported_language, propn)
            i = k  # never grow leftwards over the honorific or introducer
            results.append(explained_result(self, "PERSON", ws[i].start, ws[j].end, *found))
            k = j + 1
        return results
