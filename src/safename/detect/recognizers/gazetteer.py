"""PERSON from a gazetteer of names carried by people on the move in West, North and East Africa.

spaCy's small English model tags "Fatoumata" as PRODUCT and misses "Ousmane Coulibaly"; a list
of given names and surnames (data/names/*.tsv, matched without diacritics) closes most of
that gap. Names that are also ordinary words ("Blessing", "Joy", "Fall") only count next to
another name or an honorific, so "Joy filled the room" stays untouched.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safename.detect.lexicon import lexicon
from safename.detect.recognizers.base import explained_result
from safename.detect.recognizers.name_spans import (
    grow,
    not_name_words,
    proper_noun_starts,
    stop_words,
    words,
)
from safename.textutil import is_all_caps, is_capitalised


class GazetteerNameRecognizer(EntityRecognizer):
    """Capitalised words found in the name tables, grown over neighbouring name words."""

    SCORE_FULL_NAME = 0.85
    SCORE_GIVEN = 0.75
    SCORE_SURNAME = 0.6

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["PERSON"],
            name="GazetteerNameRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        lexicon()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "PERSON" not in entities:
            return []
        lex = lexicon()
        stops = stop_words(self.supported_language)
        ws = words(text)
        propn = proper_noun_starts(nlp_artifacts)
        results: list[RecognizerResult] = []
        covered_until = -1
        for k, w in enumerate(ws):
            if w.start < covered_until or not is_capitalised(w.text) or len(w.text) < 2:
                continue
            entries = lex.name_entries(w.text)
            if not entries or lex.is_place(w.text) or lex.is_organisation(w.text):
                continue
            if w.key in not_name_words(self.supported_language):
                continue
            if w.key in stops and not is_all_caps(w.text):
                continue
            i, j = grow(ws, k, k, text, lex, self.supported_language, propn)
            span_words = ws[i : j + 1]
            known = [x for x in span_words if lex.is_name(x.text)]
            if lex.is_common_word_name(w.text) and not any(
                x is not w and not lex.is_common_word_name(x.text) for x in known
            ):
                continue  # "Joy", "Day" without another real name: leave to context rules
            if j > i and lex.is_non_person(text[span_words[0].start : span_words[-1].end]):
                continue  # "Sierra Leone", "Burkina Faso"
            if is_all_caps(w.text) and lex.is_common_word_name(w.text):
                continue
            if len(known) >= 2 or (j > i and any(e.kind == "given" for e in entries)):
                score, why = self.SCORE_FULL_NAME, "full name with a known given name or surname"
            elif any(e.kind == "given" for e in entries):
                score, why = self.SCORE_GIVEN, "known given name"
            else:
                score, why = self.SCORE_SURNAME, "known surname"
            origins = sorted({e.origin for x in known for e in lex.name_entries(x.text)})
            start, end = span_words[0].start, span_words[-1].end
            results.append(
                explained_result(
                    self, "PERSON", start, end, score, f"{why} ({', '.join(origins[:3])})"
                )
            )
            covered_until = end
        return results
