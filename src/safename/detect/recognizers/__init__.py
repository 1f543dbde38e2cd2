"""Recognizers: each finds one kind of identifying detail and explains why.

Every class here is a plain Presidio `EntityRecognizer`, so it also works when added to another
project's `AnalyzerEngine` (`engine.registry.add_recognizer(GazetteerNameRecognizer("fr"))`).
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerRegistry

from safename.detect.recognizers.age import AgeRecognizer
from safename.detect.recognizers.contacts import DocumentNumberRecognizer, SocialHandleRecognizer
from safename.detect.recognizers.gazetteer import GazetteerNameRecognizer
from safename.detect.recognizers.location import LocationRecognizer
from safename.detect.recognizers.nationality import NationalityRecognizer
from safename.detect.recognizers.ner_person import SpacyPersonRecognizer
from safename.detect.recognizers.person_context import ContextNameRecognizer
from safename.detect.recognizers.phone import PhoneNumberRecognizer
from safename.detect.recognizers.prefilter import PREFILTERED_BUILTINS

SAFENAME_RECOGNIZERS: tuple[type[EntityRecognizer], ...] = (
    GazetteerNameRecognizer,
    ContextNameRecognizer,
    SpacyPersonRecognizer,
    NationalityRecognizer,
    AgeRecognizer,
    LocationRecognizer,
    PhoneNumberRecognizer,
    SocialHandleRecognizer,
    DocumentNumberRecognizer,
)
# Presidio's language-neutral built-ins that matter for these texts. The US-only ones (SSN,
# driver's licence, bank routing...) are left out: they cost time and flag case numbers wrongly.
PRESIDIO_BUILTINS: tuple[type[EntityRecognizer], ...] = PREFILTERED_BUILTINS


class OrderedRegistry(RecognizerRegistry):
    """Presidio's registry, returning recognizers in the order they were added.

    Presidio collects them in a set, so their order (and with it which of two recognizers
    finding the same span a finding names) changed from one process to the next: `--jobs 2`
    could print another recognizer than `--jobs 1`.
    """

    def get_recognizers(self, *args: object, **kwargs: object) -> list[EntityRecognizer]:
        found = super().get_recognizers(*args, **kwargs)
        rank = {id(r): i for i, r in enumerate(self.recognizers)}
        return sorted(found, key=lambda r: rank.get(id(r), len(rank)))


def build_registry(languages: tuple[str, ...]) -> RecognizerRegistry:
    registry = OrderedRegistry(supported_languages=list(languages))
    for language in languages:
        for cls in SAFENAME_RECOGNIZERS + PRESIDIO_BUILTINS:
            registry.add_recognizer(cls(supported_language=language))
    return registry


__all__ = [
    "AgeRecognizer",
    "ContextNameRecognizer",
    "DocumentNumberRecognizer",
    "GazetteerNameRecognizer",
    "LocationRecognizer",
    "NationalityRecognizer",
    "PhoneNumberRecognizer",
    "SocialHandleRecognizer",
    "SpacyPersonRecognizer",
    "build_registry",
]
