"""`Redactor`: the public entry point tying configuration, NLP, recognizers and roles together."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult

from safename.batch import DEFAULT_BATCH_SIZE
from safename.config import Config, discover_config, load_config_file
from safename.detect.chunking import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_OVERLAP,
    analyze_chunks,
    plan_chunks,
)
from safename.detect.decide import Resolver
from safename.detect.grammar import Grammar
from safename.detect.language import detect_language
from safename.detect.offline import use_bundled_suffix_list
from safename.detect.pipeline import InstalledSpacyNlpEngine, NoContextEnhancer
from safename.detect.recognizers import build_registry
from safename.detect.recognizers.ner_person import SpacyPersonRecognizer
from safename.findings import Finding
from safename.pseudonym.apply import Pseudonymiser, redact_once
from safename.pseudonym.keys import KeyProblem, SecretKey, load_key, warn_ephemeral_key
from safename.pseudonym.registry import PseudonymRegistry
from safename.pseudonym.result import RedactionResult

# Presidio logs a warning per unmapped spaCy label and per language at load; users see noise.
logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

# Recognizers that read the spaCy parse; every other one is a function of the text alone.
PARSE_RECOGNIZERS: tuple[type[EntityRecognizer], ...] = (SpacyPersonRecognizer,)


class Redactor:
    """Finds (and, from `redact`, replaces) what identifies beneficiaries in a text.

    Loading spaCy pipelines takes seconds, so they are loaded on first use and shared by every
    call on the same `Redactor`.
    """

    # Texts longer than this are scanned in overlapping chunks (safename.detect.chunking): spaCy's
    # memory grows with one Doc's length and it refuses texts over its max_length.
    chunk_size: int = DEFAULT_CHUNK_SIZE
    chunk_overlap: int = DEFAULT_OVERLAP

    def __init__(
        self,
        config: Config | None = None,
        *,
        key: bytes | str | SecretKey | None = None,
        registry: str | Path | PseudonymRegistry | None = None,
        require_key: bool = False,
    ) -> None:
        self.config = config or Config()
        # True: `redact` raises KeyProblem instead of falling back to a random per-run key, for
        # pipelines whose pseudonyms must match across runs and machines.
        self.require_key = require_key
        self._analyzer: AnalyzerEngine | None = None
        self._resolvers: dict[str, Resolver] = {}
        self._local: dict[str, list[EntityRecognizer]] = {}
        # Pseudonyms: the key and registry are only looked up on the first `redact`, so that a
        # scan never needs them. None means SAFENAME_KEY / the key file, and config.registry.
        self._key = key
        self._registry = registry
        self._pseudonymiser: Pseudonymiser | None = None

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
                context_aware_enhancer=NoContextEnhancer(),
            )
        return self._analyzer

    def detect_language(self, text: str) -> str:
        return detect_language(text, self.config.languages)

    def scan(self, text: str, language: str = "auto") -> list[Finding]:
        """Every finding in `text`, kept ones included, sorted by position."""
        language = self._language(text, language)
        if not text.strip():
            return []
        return self._resolve(text, language, *self._recognize(text, language))

    def _language(self, text: str, language: str) -> str:
        if language == "auto":
            language = self.detect_language(text)
        if language not in self.config.languages:
            configured = ", ".join(self.config.languages)
            raise ValueError(f"language {language!r} is not configured (configured: {configured})")
        return language

    def _recognize(self, text: str, language: str) -> tuple[list[RecognizerResult], Grammar]:
        """Raw recognizer results and the parse's grammar: the one spaCy parse of `text`."""
        if len(text) > self.chunk_size:
            chunks = plan_chunks(text, self.chunk_size, self.chunk_overlap)
            docs: list = []
            results = analyze_chunks(
                self.analyzer, text, language, list(self.config.entities), chunks, docs=docs
            )
            return results, Grammar.from_docs(docs)
        artifacts = self.analyzer.nlp_engine.process_text(text, language)
        results = self.analyzer.analyze(
            text=text,
            language=language,
            entities=list(self.config.entities),
            return_decision_process=True,
            nlp_artifacts=artifacts,
        )
        return results, Grammar.from_docs([(getattr(artifacts, "safename_tags", None), 0)])

    def _resolve(
        self, text: str, language: str, results: list[RecognizerResult], grammar: Grammar
    ) -> list[Finding]:
        resolver = self._resolvers.get(language)
        if resolver is None:
            resolver = self._resolvers[language] = Resolver(self.config, language)
        return resolver.resolve(text, results, grammar)

    def _recognize_locally(self, text: str, language: str) -> list[RecognizerResult]:
        """Results of every recognizer that needs no parse (all but spaCy's NER) on `text`.

        `redact` runs these on the few lines around its replacements to check its own output
        without a second spaCy parse (see safename.pseudonym.apply.redact_once).
        """
        recognizers = self._local.get(language)
        if recognizers is None:
            entities = list(self.config.entities)
            recognizers = [
                r
                for r in self.analyzer.registry.get_recognizers(language, entities=entities)
                if not isinstance(r, PARSE_RECOGNIZERS)
            ]
            self._local[language] = recognizers
        entities = list(self.config.entities)
        out: list[RecognizerResult] = []
        for recognizer in recognizers:
            wanted = [e for e in recognizer.supported_entities if e in entities]
            if wanted:
                out.extend(recognizer.analyze(text=text, entities=wanted, nlp_artifacts=None))
        return out

    @property
    def pseudonymiser(self) -> Pseudonymiser:
        """Key, registry and settings for `redact`, loaded once.

        Raises KeyProblem (unusable key, or a registry without a persistent key) and
        RegistryError (unreadable registry, or one written with another key).
        """
        if self._pseudonymiser is None:
            registry = self._registry if self._registry is not None else self.config.registry
            if registry is not None and not isinstance(registry, PseudonymRegistry):
                registry = PseudonymRegistry.load(registry)
            key = load_key(self._key)
            if key.ephemeral and self.require_key:
                raise KeyProblem(
                    "no safename key is configured (Redactor(require_key=True)): run "
                    "`safename init`, set SAFENAME_KEY, or pass key="
                )
            if key.ephemeral:
                warn_ephemeral_key()
            if registry is not None and key.ephemeral:
                raise KeyProblem(
                    "a pseudonym registry needs a persistent key: run `safename init` or set "
                    "SAFENAME_KEY"
                )
            self._pseudonymiser = Pseudonymiser(self.config, key, registry)
        return self._pseudonymiser

    def redact(
        self, text: str, language: str = "auto", *, markdown: bool = False, record: bool = True
    ) -> RedactionResult:
        """`text` with every finding replaced: pseudonyms, generalisations, placeholders.

        The result's findings (offsets into `text`) all carry their `replacement`, and a footnote
        explains the pseudonyms. `markdown=True` allows a real Markdown footnote when configured;
        `record=False` leaves the pseudonym registry file unchanged (used by `scan`).
        """
        language = self._language(text, language)
        pseudonymiser = self.pseudonymiser
        results, grammar = self._recognize(text, language) if text.strip() else ([], Grammar())
        return redact_once(
            text,
            results,
            grammar,
            lambda t, rs, g: self._resolve(t, language, rs, g),
            lambda t: self._recognize_locally(t, language),
            pseudonymiser,
            language,
            markdown=markdown,
            record=record,
        )

    def scan_many(
        self,
        texts: Iterable[str],
        language: str = "auto",
        *,
        n_process: int = 1,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> Iterator[list[Finding]]:
        """`scan` of every text, in input order, streamed with bounded memory.

        spaCy parses each batch of `batch_size` texts together (`nlp.pipe`); `n_process > 1`
        spreads batches over worker processes. Results equal one `scan` per text.
        """
        from safename.batch import scan_many

        return scan_many(self, texts, language, n_process=n_process, batch_size=batch_size)

    def redact_many(
        self,
        texts: Iterable[str],
        language: str = "auto",
        *,
        n_process: int = 1,
        batch_size: int = DEFAULT_BATCH_SIZE,
        markdown: bool = False,
        record: bool = True,
    ) -> Iterator[RedactionResult]:
        """`redact` of every text, in input order, streamed with bounded memory.

        Workers (`n_process > 1`) use this Redactor's key, so pseudonyms are the same as in a
        single process; a pseudonym registry needs `n_process=1` and is saved once, at the end.
        """
        from safename.batch import redact_many

        return redact_many(
            self,
            texts,
            language,
            n_process=n_process,
            batch_size=batch_size,
            markdown=markdown,
            record=record,
        )
