"""Presidio's built-in pattern recognizers, skipped on texts that cannot contain their entity,
and imported only when a text could.

Each built-in runs several large regular expressions over the whole text. A story without "@"
holds no e-mail address, one without a run of digits no card or IBAN: a cheap test first saves
a tenth of a scan on typical drafts, with the same results. The same test decides when the
built-in is first needed: its module compiles its patterns at import (the URL one alone takes
a quarter of a second), which a one-file `safename check` on a story without a URL never pays.
"""

from __future__ import annotations

import importlib
import re
from typing import Any, ClassVar

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

_GENERIC = "presidio_analyzer.predefined_recognizers.generic"


class LazyBuiltin(EntityRecognizer):
    """Stands in for one Presidio built-in recognizer, under its name and for its entity.

    `analyze` returns [] when `NEEDS` (a necessary condition of any match, never sufficient)
    is absent; otherwise it delegates to the real recognizer, built on first use.
    """

    MODULE: ClassVar[str]
    CLASS: ClassVar[str]
    ENTITY: ClassVar[str]
    NEEDS: ClassVar[re.Pattern]

    def __init__(self, supported_language: str = "en") -> None:
        self._real: EntityRecognizer | None = None
        super().__init__(
            supported_entities=[self.ENTITY], name=self.CLASS, supported_language=supported_language
        )

    def load(self) -> None:
        pass

    @property
    def real(self) -> EntityRecognizer:
        if self._real is None:
            cls = getattr(importlib.import_module(f"{_GENERIC}.{self.MODULE}"), self.CLASS)
            self._real = cls(supported_language=self.supported_language)
        return self._real

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        **kwargs: Any,
    ) -> list[RecognizerResult]:
        if not self.NEEDS.search(text):
            return []
        results = self.real.analyze(text, entities, nlp_artifacts, **kwargs)
        for r in results:  # the engine knows this recognizer, not the one inside it
            meta = r.recognition_metadata if r.recognition_metadata is not None else {}
            meta[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] = self.id
            meta[RecognizerResult.RECOGNIZER_NAME_KEY] = self.name
            r.recognition_metadata = meta
        return results


def _builtin(class_name: str, module: str, entity: str, needs: str) -> type[LazyBuiltin]:
    # Not the built-in's own class name: Presidio looks its recognizers up by class name among
    # the subclasses of EntityRecognizer, and must find the real one, not this stand-in.
    return type(
        f"Prefiltered{class_name}",
        (LazyBuiltin,),
        {
            "MODULE": module,
            "CLASS": class_name,
            "ENTITY": entity,
            "NEEDS": re.compile(needs),
            "__doc__": f"Presidio's {class_name}, run only on texts matching {needs!r}.",
        },
    )


PREFILTERED_BUILTINS: tuple[type[EntityRecognizer], ...] = (
    _builtin("EmailRecognizer", "email_recognizer", "EMAIL_ADDRESS", r"@"),
    _builtin("UrlRecognizer", "url_recognizer", "URL", r"[\w\-]\.[a-zA-Z]{2}"),
    _builtin("IbanRecognizer", "iban_recognizer", "IBAN_CODE", r"[A-Za-z]{2}\d{2}"),
    _builtin(
        "CreditCardRecognizer", "credit_card_recognizer", "CREDIT_CARD", r"\d(?:[ \-]?\d){11}"
    ),
    _builtin("IpRecognizer", "ip_recognizer", "IP_ADDRESS", r"\d\.\d|[0-9a-fA-F]:[0-9a-fA-F:]"),
)
