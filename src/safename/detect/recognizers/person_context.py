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
from safename.detect.common_words import is_common_word
from safename.detect.lexicon import lexicon
from safename.detect.recognizers.base import explained_result, phrase_regex
from safename.detect.recognizers.name_spans import (
    MONTHS_DAYS,
    grow,
    not_name_words,
    proper_noun_starts,
    stop_words,
    words,
)
from safename.textutil import is_capitalised


class ContextNameRecognizer(EntityRecognizer):
    SCORE_HONORIFIC = 0.85
    SCORE_INTRODUCER = 0.8
    SCORE_AGE = 0.75
    SCORE_APPOSITION = 0.7
    SCORE_KIN = 0.7
    SCORE_OBJECT = 0.65

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["PERSON"],
            name="ContextNameRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @cached_property
    def _patterns(self) -> dict[str, re.Pattern]:
        ctx = context(self.supported_language)
        # Honorifics are case-sensitive ("Mr", "Mme"), but French "M." also ends sentences.
        honorific = re.compile(
            r"(?<![\w.])(?:"
            + "|".join(sorted((re.escape(h) for h in ctx["honorifics"]), key=len, reverse=True))
            + r")(?=[\s\u00a0])[\s\u00a0]+$"
        )
        return {
            "honorific": honorific,
            "introducer": phrase_regex(
                ctx["name_introducers"], after=r"[\s\u00a0]*[«“\"']?[\s\u00a0]*$"
            ),
            "kin": phrase_regex(
                ctx["kin_nouns"],
                before=r"\b",
                after=rf"(?:{ctx['kin_complement_regex']})?[ \t\u00a0]*,?[ \t\u00a0]+$",
            ),
            "age": re.compile(ctx["age_apposition_regex"], re.IGNORECASE),
            "kin_after": re.compile(ctx["kin_after_regex"], re.IGNORECASE),
            "object_of": re.compile(ctx["person_object_before_regex"], re.IGNORECASE),
            "apposition": re.compile(ctx["person_apposition_regex"], re.IGNORECASE),
        }

    @staticmethod
    def _relative_named(p: dict[str, re.Pattern], before: str) -> bool:
        """A lower-case relative's word right before ("her daughter ", "la petite ")."""
        m = p["kin"].search(before)
        return bool(m) and m.group()[:1].islower() and "," not in m.group()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "PERSON" not in entities:
            return []
        p = self._patterns
        lang = self.supported_language
        lex = lexicon()
        stops = stop_words(lang)
        banned = not_name_words(lang)
        ws = words(text)
        propn = proper_noun_starts(nlp_artifacts)
        results: list[RecognizerResult] = []
        k = 0
        while k < len(ws):
            w = ws[k]
            before = text[max(0, w.start - 40) : w.start]
            if not is_capitalised(w.text):
                # "my name is mamadou saliou diallo": informal messages drop capitals.
                j = k
                while (
                    j < len(ws)
                    and lex.is_name(ws[j].text)
                    and ws[j].key not in stops
                    and not lex.is_common_word_name(ws[j].text)
                ):
                    j += 1
                if j > k and p["introducer"].search(before):
                    why = (
                        "introduced as a name ('"
                        + p["introducer"].search(before).group().strip()
                        + "')"
                    )
                    results.append(
                        explained_result(
                            self, "PERSON", w.start, ws[j - 1].end, self.SCORE_INTRODUCER, why
                        )
                    )
                    k = j
                else:
                    k += 1
                continue
            if w.key in MONTHS_DAYS or w.key in banned or lex.is_organisation(w.text):
                k += 1
                continue
            found = None
            if p["honorific"].search(before):
                found = (self.SCORE_HONORIFIC, f"after the honorific '{before.split()[-1]}'")
            elif lex.is_demonym(w.text) or (
                lex.is_place(w.text) and not self._relative_named(p, before)
            ):
                # A town or nationality is a name only after an honorific, or a town after a
                # relative's word: "her daughter Assamaka", "la petite Kayes" (a child named
                # after a place; no town follows "her daughter" without a preposition).
                k += 1
                continue
            elif p["introducer"].search(before):
                found = (
                    self.SCORE_INTRODUCER,
                    "introduced as a name ('"
                    + p["introducer"].search(before).group().strip()
                    + "')",
                )
            elif w.key not in stops and p["kin"].search(before):
                kin = p["kin"].search(before).group().split(",")[0].strip()
                found = (self.SCORE_KIN, f"after '{kin}'")
            if found is None and w.key not in stops:
                i, j = grow(ws, k, k, text, lex, lang, propn)
                after = text[ws[j].end : ws[j].end + 60]
                if i == k and p["age"].match(after):
                    found = (self.SCORE_AGE, "followed by an age in apposition")
                elif i == k and p["apposition"].match(after):
                    found = (self.SCORE_APPOSITION, "followed by a description of a person")
                elif i == k and j > k and p["kin_after"].match(after):
                    # Two capitalised words and "and her son": a person, not a place.
                    found = (self.SCORE_KIN, "followed by a relative ('and her son')")
                elif (
                    i == k
                    and j > k
                    and p["object_of"].search(before)
                    and not any(is_common_word(x.text, lang) for x in ws[k : j + 1])
                ):
                    # "met Kwiriba Ntale": two capitalised words no dictionary has, after a
                    # verb whose object is a person.
                    verb = p["object_of"].search(before).group().strip()
                    found = (self.SCORE_OBJECT, f"a two-word name after '{verb}'")
            if found is None:
                k += 1
                continue
            # After "Mr" or "named", unknown capitalised words are part of the name.
            introduced = found[0] in (self.SCORE_INTRODUCER, self.SCORE_HONORIFIC)
            i, j = grow(ws, k, k, text, lex, lang, propn, trusted=introduced)
            i = k  # never grow leftwards over the honorific or introducer
            results.append(explained_result(self, "PERSON", ws[i].start, ws[j].end, *found))
            k = j + 1
        return results
