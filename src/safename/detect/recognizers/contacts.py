"""SOCIAL_HANDLE and DOCUMENT_NUMBER: contacts and identifiers beyond phone and e-mail.

A TikTok handle or a UNHCR case number identifies a person as surely as a name. Handles count
when they are profile addresses, or "@name" near a platform word; document numbers only when a
phrase such as "passport number" or "numéro de dossier HCR" introduces them (data files).
"""

from __future__ import annotations

import re
from functools import cached_property

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safename.data import context, read_toml
from safename.detect.recognizers.base import explained_result, phrase_regex

# "AA0123456", "844-22C01234", "ETC/BKO/0419/24", and ID numbers in digit groups "1 751 2007 00412".
DOCUMENT_VALUE = re.compile(
    r"[A-Z0-9](?:[A-Z0-9]|[\-/.](?=[A-Z0-9])| (?=\d{3})(?<=\d ) ?){3,30}", re.IGNORECASE
)


class SocialHandleRecognizer(EntityRecognizer):
    SCORE_PROFILE_URL = 0.9
    SCORE_HANDLE_IN_CONTEXT = 0.8
    SCORE_BARE_HANDLE = 0.45

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["SOCIAL_HANDLE"],
            name="SocialHandleRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @cached_property
    def _patterns(self) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
        conf = read_toml("social.toml")
        return (
            re.compile(conf["profile_url_regex"]),
            re.compile(conf["handle_regex"]),
            phrase_regex(conf["platforms"], before=r"\b", after=r"\b"),
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "SOCIAL_HANDLE" not in entities:
            return []
        profile, handle, platforms = self._patterns
        results = []
        for m in profile.finditer(text):
            end = m.end() - len(m.group()) + len(m.group().rstrip(".,;:)?!"))
            results.append(
                explained_result(
                    self,
                    "SOCIAL_HANDLE",
                    m.start(),
                    end,
                    self.SCORE_PROFILE_URL,
                    "social-media profile address",
                )
            )
        for m in handle.finditer(text):
            window = text[max(0, m.start() - 60) : m.end() + 40]
            near = platforms.search(window)
            if near:
                results.append(
                    explained_result(
                        self,
                        "SOCIAL_HANDLE",
                        m.start(),
                        m.end(),
                        self.SCORE_HANDLE_IN_CONTEXT,
                        f"@handle near '{near.group()}'",
                    )
                )
            else:
                results.append(
                    explained_result(
                        self, "SOCIAL_HANDLE", m.start(), m.end(), self.SCORE_BARE_HANDLE, "@handle"
                    )
                )
        return results


class DocumentNumberRecognizer(EntityRecognizer):
    SCORE = 0.85

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["DOCUMENT_NUMBER"],
            name="DocumentNumberRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @cached_property
    def _introducers(self) -> tuple[re.Pattern, re.Pattern]:
        ctx = context(self.supported_language)
        return (
            re.compile(r"\b" + ctx["document_number_regex"], re.IGNORECASE),
            re.compile(ctx["generic_number_regex"], re.IGNORECASE),
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "DOCUMENT_NUMBER" not in entities:
            return []
        results = []
        specific, generic = self._introducers
        for pattern, needs_letter in ((specific, False), (generic, True)):
            for intro in pattern.finditer(text):
                value = DOCUMENT_VALUE.match(text, intro.end())
                if not value or sum(c.isdigit() for c in value.group()) < 3:
                    continue
                if needs_letter and not re.search(r"[A-Za-z\-/]", value.group()):
                    continue  # "my number is 76 12 34 56" is a phone, found elsewhere
                results.append(
                    explained_result(
                        self,
                        "DOCUMENT_NUMBER",
                        value.start(),
                        value.end(),
                        self.SCORE,
                        f"identifier introduced by '{intro.group().strip()}'",
                    )
                )
        return results
