"""Many documents at once: streaming, batched spaCy, and worker processes.

Pipelines redact archives of hundreds of thousands of case notes, so `scan_many` and
`redact_many` take any iterable (a generator over a database cursor is fine), read it one batch
at a time, and yield results in input order; at most a few batches are in memory at once,
whatever the size of the archive.

Every document goes through exactly the code path of `Redactor.scan` / `Redactor.redact`, so a
batch result can never differ from a one-by-one result. Batching only changes *where* spaCy
runs: the documents of a batch are parsed together with `nlp.pipe`, and `scan` then finds its
parse ready instead of running spaCy again. Long documents (over `Redactor.chunk_size`) are left
to `scan`, which cuts them into chunks itself.

With `n_process > 1` batches go to worker processes, each holding one `Redactor` with the same
configuration and the same secret key. Pseudonyms are derived from the key and the document
alone, so the output is identical to a single-process run. A pseudonym registry is the
exception: it remembers choices in the order documents are seen, which workers would race
over, so it is refused with more than one process.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from safename.findings import Finding

if TYPE_CHECKING:
    import pandas

    from safename.config import Config
    from safename.pseudonym.keys import SecretKey
    from safename.pseudonym.result import RedactionResult
    from safename.redactor import Redactor

DEFAULT_BATCH_SIZE = 32
# spaCy's own batch inside `nlp.pipe`: it pads every text of a batch to the longest one, so
# large batches of uneven case notes waste time; 8 was the fastest on the benchmark corpus.
PIPE_BATCH = 8
# A worker task holds about this many characters, so that a few long documents in one batch do
# not leave the other workers idle while one works through them.
WORKER_TASK_CHARS = 20_000

R = TypeVar("R")
Operation = Literal["scan", "redact"]


# -- spaCy parses prepared ahead of `scan` --------------------------------------------------


@dataclass
class _PreparedParses:
    """Stands in for the NLP engine's `process_text`: returns a parse made earlier by
    `nlp.pipe` for a known (text, language), or parses the text now.

    Installed once per engine as an instance attribute, so the class and every other engine are
    untouched; entries are taken out as they are used, so nothing outlives its batch.
    """

    original: Callable[[str, str], Any]
    ready: dict[tuple[str, str], Any] = field(default_factory=dict)

    def __call__(self, text: str, language: str) -> Any:
        artifacts = self.ready.pop((language, text), None)
        if artifacts is None:
            return self.original(text, language)
        return artifacts


def _prepared(redactor: Redactor) -> _PreparedParses:
    engine = redactor.analyzer.nlp_engine
    hook = engine.__dict__.get("process_text")
    if not isinstance(hook, _PreparedParses):
        hook = _PreparedParses(engine.process_text)
        engine.process_text = hook  # shadows the method on this instance only
    return hook


def _parse_ahead(
    redactor: Redactor, texts: Sequence[str], languages: Sequence[str]
) -> _PreparedParses:
    """Parse the short, non-blank texts of a batch with one `nlp.pipe` call per language."""
    hook = _prepared(redactor)
    engine = redactor.analyzer.nlp_engine
    by_language: dict[str, list[str]] = {}
    for text, language in zip(texts, languages, strict=True):
        if text.strip() and len(text) <= redactor.chunk_size and (language, text) not in hook.ready:
            by_language.setdefault(language, []).append(text)
    for language, group in by_language.items():
        unique = list(dict.fromkeys(group))
        for text, artifacts in engine.process_batch(unique, language, batch_size=PIPE_BATCH):
            hook.ready[(language, text)] = artifacts
    return hook


def parse_ahead(redactor: Redactor, texts: Sequence[str], languages: Sequence[str]) -> None:
    """Parse `texts` together now; the next `scan`/`redact` of each finds its parse ready."""
    _parse_ahead(redactor, texts, languages)


def clear_parses(redactor: Redactor) -> None:
    """Drop parses prepared ahead and not used (the engine is left as it is otherwise)."""
    if redactor._analyzer is None:  # noqa: SLF001 - nothing loaded, nothing prepared
        return
    hook = redactor.analyzer.nlp_engine.__dict__.get("process_text")
    if isinstance(hook, _PreparedParses):
        hook.ready.clear()


def _languages(redactor: Redactor, texts: Sequence[str], language: str) -> list[str]:
    if language == "auto":
        return [redactor.detect_language(t) for t in texts]
    return [language] * len(texts)


def process_batch(
    redactor: Redactor,
    texts: Sequence[str],
    operation: Operation,
    language: str = "auto",
    markdown: bool = False,
) -> list[Any]:
    """`scan` or `redact` every text of one batch, in order, with spaCy run batch-wise.

    Redaction never writes the registry file here (`record=False`); `redact_many` saves it once
    at the end instead of once per document.
    """
    languages = _languages(redactor, texts, language)
    hook = _parse_ahead(redactor, texts, languages)
    try:
        if operation == "scan":
            return [redactor.scan(t, language=lang) for t, lang in zip(texts, languages)]
        return [
            redactor.redact(t, language=lang, markdown=markdown, record=False)
            for t, lang in zip(texts, languages)
        ]
    finally:
        for text, lang in zip(texts, languages):
            hook.ready.pop((lang, text), None)


def _batches(texts: Iterable[str], size: int, max_chars: int | None = None) -> Iterator[list[str]]:
    """Consecutive batches of at most `size` texts and, when given, about `max_chars`
    characters (a batch always holds at least one text)."""
    batch: list[str] = []
    chars = 0
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"expected str documents, got {type(text).__name__} at index {i}")
        if batch and (len(batch) >= size or (max_chars is not None and chars >= max_chars)):
            yield batch
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield batch


# -- worker processes -----------------------------------------------------------------------

# The worker's Redactor: inherited from the parent when forked, built by `_init_worker` when
# spawned. Module state is the only way a pool initializer can hand objects to tasks.
_WORKER: dict[str, Redactor] = {}


@dataclass(frozen=True)
class WorkerSpec:
    """What a spawned worker needs to rebuild the parent's Redactor (all picklable)."""

    config: Config
    key: SecretKey | None
    chunk_size: int
    chunk_overlap: int


def _init_worker(spec: WorkerSpec | None) -> None:
    # One thread per process: the point of the pool is one core per worker.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if spec is None:  # forked: the parent's Redactor (models loaded) is already in _WORKER
        return
    from safename.redactor import Redactor

    redactor = Redactor(spec.config, key=spec.key)
    redactor.chunk_size = spec.chunk_size
    redactor.chunk_overlap = spec.chunk_overlap
    _WORKER["redactor"] = redactor


def _run_in_worker(
    texts: list[str], operation: Operation, language: str, markdown: bool
) -> list[Any]:
    return process_batch(_WORKER["redactor"], texts, operation, language, markdown)


# Texts that go through every recognizer and the NER-based checks, so that each lazy table (name
# lists, common words, the public suffix list) is built once, in the parent, before forking.
WARM_UP_TEXTS: dict[str, str] = {
    "en": "Aminata Traoré, 24, met John Smith and Ms Claire Martin, a Nigerian nurse, in Agadez. "
    "Call +223 76 12 34 56 or write to a.traore@example.org (passport number A1234567). "
    "Anyanwu said the boat was full.",
    "fr": "Aminata Traoré, 24 ans, a rencontré Jean Dupont et Mme Claire Martin, une infirmière "
    "nigériane, à Agadez. Appelez le +223 76 12 34 56 ou écrivez à a.traore@example.org. "
    "« Nous avions faim », raconte Zorvan.",
}


def warm_up(redactor: Redactor, languages: Iterable[str] | None = None) -> None:
    """Load the pipelines and fill every lazy table of `languages` (default: every configured
    language) before worker processes are forked.

    Forked workers share what the parent built, copy-on-write; without this each of them would
    spend about a second building its own tables on its first document. Only the languages the
    inputs need are worth it: French alone takes 6 s to load (spaCy compiles its tokenizer
    exceptions), which an English run would pay for nothing; a language a worker meets later
    loads there, with the same results.
    """
    wanted = list(redactor.config.languages if languages is None else languages)
    for language in wanted:
        if language in WARM_UP_TEXTS and language in redactor.config.languages:
            redactor.scan(WARM_UP_TEXTS[language], language=language)
    redactor.analyzer  # noqa: B018 - loads the engine (each pipeline loads on first use)


def languages_of(redactor: Redactor, texts: Iterable[str], language: str) -> set[str]:
    """The languages `texts` will be read in: `language`, or each text's detected one."""
    if language != "auto":
        return {language}
    return {redactor.detect_language(t) for t in texts if t.strip()}


def _start_method(preferred: str | None) -> str:
    methods = multiprocessing.get_all_start_methods()
    if preferred is not None:
        if preferred not in methods:
            raise ValueError(f"start method {preferred!r} is not available here ({methods})")
        return preferred
    # Fork shares the loaded pipelines copy-on-write: no second of loading per worker.
    return "fork" if "fork" in methods else "spawn"


def _parallel(
    redactor: Redactor,
    batches: Iterator[list[str]],
    operation: Operation,
    language: str,
    markdown: bool,
    n_process: int,
    start_method: str | None,
) -> Iterator[list[Any]]:
    method = _start_method(start_method)
    spec: WorkerSpec | None = None
    key = redactor.pseudonymiser.key if operation == "redact" else None
    if method == "fork":
        first = next(batches, None)  # its languages are warmed up before the fork
        if first is None:
            return
        batches = itertools.chain([first], batches)
        warm_up(redactor, languages_of(redactor, first, language))
        _WORKER["redactor"] = redactor
    else:
        spec = WorkerSpec(redactor.config, key, redactor.chunk_size, redactor.chunk_overlap)
    pending: deque[Future[list[Any]]] = deque()
    # Two batches per worker in flight: workers never wait, memory stays bounded.
    window = 2 * n_process
    with ProcessPoolExecutor(
        max_workers=n_process,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(spec,),
    ) as pool:
        try:
            for batch in batches:
                pending.append(pool.submit(_run_in_worker, batch, operation, language, markdown))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            if method == "fork":
                _WORKER.pop("redactor", None)


def _stream(
    redactor: Redactor,
    texts: Iterable[str],
    operation: Operation,
    language: str,
    n_process: int,
    batch_size: int,
    markdown: bool = False,
    start_method: str | None = None,
) -> Iterator[Any]:
    """Check the arguments now (not at the first `next`), then stream the results."""
    if batch_size < 1 or n_process < 1:
        raise ValueError("batch_size and n_process must be at least 1")
    if language != "auto" and language not in redactor.config.languages:
        configured = ", ".join(redactor.config.languages)
        raise ValueError(f"language {language!r} is not configured (configured: {configured})")
    if start_method is not None:
        _start_method(start_method)

    def generate() -> Iterator[Any]:
        if n_process == 1:
            for batch in _batches(texts, batch_size):
                yield from process_batch(redactor, batch, operation, language, markdown)
            return
        batches = _batches(texts, batch_size, WORKER_TASK_CHARS)
        for results in _parallel(
            redactor, batches, operation, language, markdown, n_process, start_method
        ):
            yield from results

    return generate()


def scan_many(
    redactor: Redactor,
    texts: Iterable[str],
    language: str = "auto",
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    start_method: str | None = None,
) -> Iterator[list[Finding]]:
    """`redactor.scan(text)` for every text, in order, streamed (see `Redactor.scan_many`)."""
    return _stream(
        redactor, texts, "scan", language, n_process, batch_size, start_method=start_method
    )


def redact_many(
    redactor: Redactor,
    texts: Iterable[str],
    language: str = "auto",
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    markdown: bool = False,
    record: bool = True,
    start_method: str | None = None,
) -> Iterator[RedactionResult]:
    """`redactor.redact(text)` for every text, in order, streamed (see `Redactor.redact_many`)."""
    pseudonymiser = redactor.pseudonymiser  # a key problem is raised now, not in a worker
    if pseudonymiser.registry is not None and n_process > 1:
        raise ValueError(
            "a pseudonym registry records choices in document order, which parallel workers "
            "cannot share: use n_process=1 with a registry"
        )

    results = _stream(
        redactor, texts, "redact", language, n_process, batch_size, markdown, start_method
    )

    def generate() -> Iterator[RedactionResult]:
        yield from results
        if record and pseudonymiser.registry is not None:
            pseudonymiser.registry.save()

    return generate()


# -- pandas ---------------------------------------------------------------------------------


def redact_series(
    series: pandas.Series,
    redactor: Redactor | None = None,
    language: str = "auto",
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    output: Literal["text", "body", "result"] = "text",
) -> pandas.Series:
    """A pandas column redacted: same index and name, missing values (None, NaN) left as they are.

    `output="text"` gives the redacted text with its footnote, `"body"` without it, and
    `"result"` the whole `RedactionResult` (findings included). Usage:
    `df["story"] = redact_series(df["story"], Redactor(key=key))`. pandas is imported here, not
    at `import safename`, because most users never need it.
    """
    import pandas as pd

    from safename.redactor import Redactor

    redactor = redactor or Redactor()
    present = series.notna()
    texts = [str(v) for v in series[present]]
    results = redactor.redact_many(
        texts, language=language, n_process=n_process, batch_size=batch_size
    )
    values: list[Any] = [r if output == "result" else getattr(r, output) for r in results]
    out = pd.Series([None] * len(series), index=series.index, name=series.name, dtype=object)
    out[present] = values
    return out
