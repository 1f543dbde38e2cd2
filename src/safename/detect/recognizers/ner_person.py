"""PERSON from spaCy's named-entity recognizer, with its usual mistakes filtered out.

The small pipelines tag "Mali", "IOM Mali" or "Protection Coordinator" as people. Spans are
trimmed to their name-like words and dropped when nothing name-like is left, so NER adds recall
on names the gazetteer lacks without turning countries into people.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safename.detect.common_words import is_common_word
from safename.detect.lexicon import Lexicon, lexicon
from safename.detect.recognizers.base import explained_result
from safename.detect.recognizers.name_spans import (
    MONTHS_DAYS,
    NAME_PARTICLES,
    Word,
    honorific_words,
    not_name_words,
    proper_noun_starts,
    stop_words,
    words,
)
from safename.textutil import is_all_caps, is_capitalised

LABEL_AFTER = re.compile(r"[ \t]*:")
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|around|through|à|au|aux|en|dans|près\s+de|vers|quartier|village\s+de)\s+$",
    re.IGNORECASE,
)


class SpacyPersonRecognizer(EntityRecognizer):
    SCORE = 0.6
    SCORE_WITH_KNOWN_NAME = 0.8

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["PERSON"],
            name="SpacyPersonRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "PERSON" not in entities or nlp_artifacts is None:
            return []
        lex = lexicon()
        stops = stop_words(self.supported_language)
        banned = not_name_words(self.supported_language) | honorific_words(self.supported_language)
        propn = proper_noun_starts(nlp_artifacts)
        results = []
        for ent in nlp_artifacts.entities:
            if ent.label_ != "PERSON":
                continue
            if lex.is_non_person(ent.text) or any(
                lex.is_place(w.text) and not lex.is_name(w.text) for w in words(ent.text)
            ):
                continue  # "Burkina Faso", "Hargeisa Sub-Office": a place, not a person
            span_words = [
                w
                for w in words(text[ent.start_char : ent.end_char])
                if is_capitalised(w.text)
                and w.key not in stops
                and w.key not in MONTHS_DAYS
                and w.key not in banned
                and not (lex.is_non_person(w.text) and not lex.is_name(w.text))
            ]
            if not span_words or (
                len(span_words) == 1
                and is_all_caps(span_words[0].text)
                and not lex.is_name(span_words[0].text)
            ):
                continue  # an acronym such as "IOM" or "COMPASS"
            span_words = _one_line(span_words, text[ent.start_char : ent.end_char], lex)
            for run in _runs(span_words, text[ent.start_char : ent.end_char]):
                start = ent.start_char + run[0].start
                end = ent.start_char + run[-1].end
                if lex.is_non_person(text[start:end]):
                    continue  # "OIM Côte d'Ivoire" trimmed to a country
                unknown = not any(lex.is_name(w.text) for w in run)
                if unknown and len(run) == 1:
                    # A lone unknown word is a name only if the tagger agrees and it is not a
                    # label ("Background:", "Fiche") or a place after a locative ("in Gandiaye").
                    if is_common_word(run[0].text, self.supported_language):
                        continue  # "Background", "Lutte", "Mesdames": headings, not people
                    if LABEL_AFTER.match(text, end) or LOCATIVE_BEFORE.search(
                        text[max(0, start - 30) : start]
                    ):
                        continue
                    if propn is not None and start not in propn:
                        continue  # asked last: the tagger runs for what the words leave open
                known = any(lex.is_name(w.text) for w in run)
                score = self.SCORE_WITH_KNOWN_NAME if known else self.SCORE
                results.append(
                    explained_result(
                        self,
                        "PERSON",
                        start,
                        end,
                        score,
                        f"spaCy NER tagged '{ent.text}' as a person",
                    )
                )
        return results


# Words that may stand inside one name ("Marie de Souza", "Mohamed ould Ahmed"), and the
# elided letter of "D'Elsa", "O'Brien" (the word itself starts after the apostrophe).
_INNER_PARTICLES = NAME_PARTICLES | {
    "de", "da", "do", "dos", "das", "du", "della", "di", "van", "von", "der", "den", "le", "la",
    "d", "l", "o",
}  # fmt: skip
_GAP_WORD = re.compile(r"[^\W\d_]+")
# A dash with a space beside it joins no name ("Lucy - - Moussa": the star after "Lucy" hidden
# as Markdown emphasis); "Jean-Pierre" has none.
_SET_OFF_DASH = re.compile(r"\s[-–—]|[-–—]\s")


def _runs(span_words: list[Word], span: str) -> list[list[Word]]:
    """The names in one NER span: NER glues two people with a word between them ("entrusted
    Kader to Kalifa", "Awa and Musa") into one span; a whole span kept as one person's (an
    existing pseudonym "Kader*") would then publish the other's name. Split where anything but
    spaces, hyphens, apostrophes or a name particle stands between two words."""
    runs: list[list[Word]] = [[span_words[0]]]
    for prev, word in zip(span_words, span_words[1:]):
        gap = span[prev.end : word.start]
        inner = _GAP_WORD.findall(gap)
        if (
            re.fullmatch(r"[\s\-'’.]*", _GAP_WORD.sub("", gap))
            and not _SET_OFF_DASH.search(gap)
            and all(w.lower() in _INNER_PARTICLES for w in inner)
        ):
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _one_line(span_words: list[Word], span: str, lex: Lexicon) -> list[Word]:
    """NER sometimes glues a table header or a heading to the name below ("Age\nAminata").

    A name wraps onto the next line only when every line holds a known name and no blank line
    comes between (a Markdown front matter with its keys blanked, two paragraphs); otherwise
    keep the first line that does, or the last line.
    """
    groups: list[list[Word]] = [[span_words[0]]]
    blank_line = False  # words on lines further apart than one line break are never one name
    for prev, word in zip(span_words, span_words[1:]):
        gap = span[prev.end : word.start]
        if "\n" in gap:
            groups.append([word])
            blank_line = blank_line or gap.count("\n") > 1
        else:
            groups[-1].append(word)
    if len(groups) == 1:
        return span_words
    named = [g for g in groups if any(lex.is_name(w.text) for w in g)]
    if len(named) == len(groups) and not blank_line:
        return span_words
    return named[0] if named else groups[-1]
