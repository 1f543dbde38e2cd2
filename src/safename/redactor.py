"""`Redactor`: the public entry point tying configuration, NLP, recognizers and roles together."""

from __future__ import annotations

import logging
from pathlib import Path

from presidio_analyzer import AnalyzerEngine

from safename.config import Config, discover_config, load_config_file
from safename.findings import Finding
from safename.language import detect_language
from safename.nlp import InstalledSpacyNlpEngine
from safename.offline import use_bundled_suffix_list
from safename.recognizers import build_registry
from safename.resolve import Resolver

# Presidio logs a warning per unmapped spaCy label and per language at load; users see noise.
logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)


class Redactor:
    """Finds (and, from `redact`, replaces) what identifies beneficiaries in a text.

    Loading spaCy pipelines takes seconds, so they are loaded on first use and shared by every
    call on the same `Redactor`.
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self._analyzer: AnalyzerEngine | None = None
        self._resolvers: dict[str, Resolver] = {}

    @classmethod
    def from_config(cls, path: str | Path) -> Redactor:
        """A Redactor configured by `path`: a config file, or a file/folder to search up from."""
        path = Path(path)
        if path.is_file() and (
            path.name == ".safename.toml" or path.name == "pyproject.toml" or path.suffix == ".toml"
        ):
            return cls(load_config_file(path))
        return cls(discover_config(path))

    @property
    def analyzer(self) -> AnalyzerEngine:
        if self._analyzer is None:
            use_bundled_suffix_list()
            languages = self.config.languages
            nlp_engine = InstalledSpacyNlpEngine(
                {lang: self.config.pipelines[lang] for lang in languages}
            )
            nlp_engine.load()
            self._analyzer = AnalyzerEngine(
                registry=build_registry(languages),
                nlp_engine=nlp_engine,
                supported_languages=list(languages),
            )
        return self._analyzer

    def detect_language(self, text: str) -> str:
        return detect_language(text, self.config.languages)

    def scan(self, text: str, language: str = "auto") -> list[Finding]:
        """Every finding in `text`, kept ones included, sorted by position."""
        if language == "auto":
            language = self.detect_language(text)
        if language not in self.config.languages:
            configured = ", ".join(self.config.languages)
            raise ValueError(f"language {language!r} is not configured (configured: {configured})")
        if not text.strip():
            return []
        results = self.analyzer.analyze(
            text=text,
            language=language,
            entities=list(self.config.entities),
            return_decision_process=True,
        )
        resolver = self._resolvers.get(language)
        if resolver is None:
            resolver = self._resolvers[language] = Resolver(self.config, language)
        return resolver.resolve(text, results)
