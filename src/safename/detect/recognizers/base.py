"""What every safename recognizer shares: building a Presidio result that explains itself."""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult


def explained_result(
    recognizer: EntityRecognizer,
    entity_type: str,
    start: int,
    end: int,
    score: float,
    why: str,
    **facts: object,
) -> RecognizerResult:
    """A RecognizerResult whose explanation carries the human-readable reason for the finding.

    `facts` travel in the result's metadata for later stages (e.g. a phone number's type).
    """
    explanation = AnalysisExplanation(
        recognizer=recognizer.name, original_score=score, textual_explanation=why
    )
    return RecognizerResult(
        entity_type,
        start,
        end,
        score,
        explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            **facts,
        },
    )


def phrase_regex(phrases: list[str], before: str = r"(?<![\w.])", after: str = r"") -> re.Pattern:
    alternatives = sorted(
        {re.escape(p).replace(r"\ ", r"\s+") for p in phrases}, key=len, reverse=True
    )
    return re.compile(before + "(?:" + "|".join(alternatives) + ")" + after, re.IGNORECASE)
