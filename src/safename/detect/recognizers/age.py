"""AGE: a person's age ("Aminata, 24,", "a 17-year-old girl", "âgée de 19 ans", "onze ans").

An exact age beside a home village and a nationality narrows a story to one person (OCHA's
statistical disclosure control names age + location + status), so ages are generalised to a
range by default. Durations ("15 years ago", "depuis 10 ans") and counts are not ages; the
patterns and exclusions are data (data/quasi/ages.toml). Which person an age belongs to is
decided later, with the persons of the document (detect/decide.py).
"""

from __future__ import annotations

import re
from functools import cache, cached_property

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safename.data import read_toml
from safename.detect.recognizers.base import explained_result


@cache
def age_settings(language: str) -> dict:
    return read_toml("quasi", "ages.toml")[language]


def age_value(token: str, language: str) -> int | None:
    """The number an age token says: "24", "Seventeen", "dix-huit"."""
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    words = age_settings(language)["number_words"]
    if token in words:
        return words[token]
    # "twenty-four", "trente-deux", "thirty two"
    parts = re.split(r"[-\s]+(?:et[-\s]+)?", token)
    if len(parts) == 2 and parts[0] in words and parts[1] in words:
        return words[parts[0]] + words[parts[1]]
    return None


def _word_before(text: str, end: int) -> str:
    """The last whitespace-separated word of text[:end] (read from a short window: splitting
    the whole text before each "(7)" made long case files quadratic)."""
    last = text[max(0, end - 40) : end].split()[-1:]
    return last[0] if last else ""


class AgeRecognizer(EntityRecognizer):
    SCORE = 0.7

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["AGE"], name="AgeRecognizer", supported_language=supported_language
        )

    def load(self) -> None:
        pass

    @cached_property
    def _compiled(self) -> tuple[list[re.Pattern], re.Pattern, re.Pattern]:
        conf = age_settings(self.supported_language)
        words = sorted(conf["number_words"], key=len, reverse=True)
        word = "|".join(re.escape(w) for w in words)
        # \b first: the scan fails at once inside words instead of trying every number word
        number = rf"\b(?:\d{{1,3}}|(?:{word})(?:[-\s](?:et[-\s])?(?:{word}))?)"
        patterns = [re.compile(p.replace("{n}", number), re.IGNORECASE) for p in conf["patterns"]]
        return (
            patterns,
            re.compile(conf["not_before"], re.IGNORECASE),
            re.compile(conf["not_after"], re.IGNORECASE),
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "AGE" not in entities:
            return []
        patterns, not_before, not_after = self._compiled
        out: list[RecognizerResult] = []
        seen: set[tuple[int, int]] = set()
        for pattern in patterns:
            for m in pattern.finditer(text):
                value = age_value(m.group("n"), self.supported_language)
                if value is None or not 0 < value < 110:
                    continue
                if not_before.search(text, max(0, m.start() - 25), m.start()):
                    continue
                if not_after.match(text, m.start("n") + len(m.group("n"))):
                    continue
                if (
                    m.group().isdigit()
                    and text[m.start() - 1 : m.start()] == "("
                    and age_value(_word_before(text, m.start() - 1), self.supported_language)
                    is not None
                ):
                    continue  # "sept (7)": a count written twice, not an age
                if (m.start(), m.end()) in seen:
                    continue
                seen.add((m.start(), m.end()))
                unit = "months" if "mo" in m.group().lower()[len(m.group("n")) :] else "years"
                out.append(
                    explained_result(
                        self,
                        "AGE",
                        m.start(),
                        m.end(),
                        self.SCORE,
                        f"an age ({value} {unit})",
                        age=value,
                        age_unit=unit,
                    )
                )
        return out
