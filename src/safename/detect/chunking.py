"""Long documents: recognizers run on overlapping chunks, the document-level steps run once.

spaCy refuses texts longer than `nlp.max_length` (1,000,000 characters by default), and its
memory grows with the length of one `Doc`. An archive export or a case file can be longer, so a
long text is cut into chunks of at most `chunk_size` characters, preferably at a paragraph
break, else at a sentence end, else between two words.

Each chunk *owns* the stretch between two cut points and also carries `overlap` characters of
context on each side. A recognizer result is kept only from the chunk that owns its start, so
a result in the overlap is counted once, and a name that straddles a cut point is seen whole by
the chunk that owns its first letter. Context-dependent recognizers ("Tel:", "born in",
titles) look at most about a hundred characters around a span, well inside the overlap.

Only the recognizers run per chunk. The raw results are shifted to document offsets and
`Resolver.resolve` runs once over the whole text: it merges overlaps, decides staff and other
keep reasons, and propagates every name it found to all its other mentions, so "Traoré" alone
in the last chunk is caught because "Aminata Traoré, 24," was found in the first one. The
pseudonymiser then sees one document, which keeps pseudonyms consistent across chunks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine, RecognizerResult

#: Default largest chunk handed to spaCy. Far below spaCy's max_length (1,000,000): the NER's
#: working memory grows with the length of one `Doc` (en_core_web_sm: about 160 MiB per 50,000
#: characters above the loaded model), while the time per character hardly depends on it (the
#: overlaps add 4 %). 50,000 keeps a 2M-character scan's peak near 0.4 GiB.
DEFAULT_CHUNK_SIZE = 50_000
#: Default context carried on each side of a chunk's owned stretch.
DEFAULT_OVERLAP = 1_000

_PARAGRAPH = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE = re.compile(r"[.!?…][\"'”»)]*[ \t\u00a0]+|\n")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Chunk:
    """`text[start:end]` is handed to the recognizers; results starting in [own_start, own_end)
    are kept from it."""

    start: int
    end: int
    own_start: int
    own_end: int

    def owns(self, result: RecognizerResult) -> bool:
        """Whether a result (in chunk offsets) starts in this chunk's owned stretch."""
        position = self.start + result.start
        return self.own_start <= position < self.own_end


def _cut_point(text: str, lo: int, hi: int) -> int:
    """Where to end an owned stretch that must end in (lo, hi]: the last paragraph break in the
    window, else the last sentence end, else the last run of white space, else `hi`.

    The window is the second half of the stretch, so a chunk is never much shorter than
    allowed just because a paragraph break exists somewhere near its start.
    """
    if hi >= len(text):
        return len(text)
    window_start = max(lo + 1, hi - max(1, (hi - lo) // 2))
    for pattern in (_PARAGRAPH, _SENTENCE, _SPACE):
        last = None
        for m in pattern.finditer(text, window_start, hi):
            last = m
        if last is not None and last.end() <= hi and last.end() > lo:
            return last.end()
    return hi


def _word_start_after(text: str, pos: int, limit: int) -> int:
    """The first position at or after `pos` (and before `limit`) that does not cut a word."""
    if pos <= 0 or text[pos - 1].isspace():
        return max(pos, 0)
    m = _SPACE.search(text, pos, limit)
    return m.end() if m else pos


def _word_end_before(text: str, pos: int, limit: int) -> int:
    """The last position at or before `pos` (and after `limit`) that does not cut a word."""
    if pos >= len(text) or text[pos].isspace():
        return min(pos, len(text))
    i = pos
    while i > limit and not text[i - 1].isspace():
        i -= 1
    return i if i > limit else pos


def plan_chunks(
    text: str, chunk_size: int = DEFAULT_CHUNK_SIZE, overlap: int = DEFAULT_OVERLAP
) -> list[Chunk]:
    """The chunks `text` is scanned in; a single chunk when it fits in `chunk_size`.

    Every chunk is at most `chunk_size` characters long, owned stretches tile the text without
    gap or overlap, and each chunk reaches up to `overlap` characters beyond its owned stretch
    on both sides (cut back to a word boundary).
    """
    if chunk_size <= 0 or overlap < 0:
        raise ValueError("chunk_size must be positive and overlap not negative")
    if len(text) <= chunk_size:
        return [Chunk(0, len(text), 0, len(text))]
    owned_max = chunk_size - 2 * overlap
    if owned_max < max(1, overlap):
        raise ValueError(
            f"chunk_size ({chunk_size}) must be at least 3 x overlap ({overlap}) so that each "
            "chunk owns more text than it borrows"
        )
    chunks: list[Chunk] = []
    own_start = 0
    while own_start < len(text):
        own_end = _cut_point(text, own_start, own_start + owned_max)
        start = _word_start_after(text, max(0, own_start - overlap), own_start)
        end = _word_end_before(text, min(len(text), own_end + overlap), own_end)
        chunks.append(Chunk(start, end, own_start, own_end))
        own_start = own_end
    return chunks


def shift(result: RecognizerResult, offset: int) -> RecognizerResult:
    """`result` moved from chunk offsets to document offsets (in place, and returned)."""
    result.start += offset
    result.end += offset
    return result


def analyze_chunks(
    analyzer: AnalyzerEngine,
    text: str,
    language: str,
    entities: list[str],
    chunks: list[Chunk],
    batch_size: int = 1,
    docs: list | None = None,
) -> list[RecognizerResult]:
    """Raw recognizer results of every chunk, in document offsets, each counted once.

    The chunks go through spaCy with `nlp.pipe` (one `Doc` per chunk at a time, so memory stays
    that of one chunk), then through the recognizers with the precomputed NLP artifacts.
    """
    pieces = [text[c.start : c.end] for c in chunks]
    out: list[RecognizerResult] = []
    artifacts = analyzer.nlp_engine.process_batch(pieces, language, batch_size=batch_size)
    for chunk, (piece, nlp_artifacts) in zip(chunks, artifacts, strict=True):
        if docs is not None:  # the grammar of each chunk, for the person decisions
            docs.append((getattr(nlp_artifacts, "safename_tags", None), chunk.start))
        results = analyzer.analyze(
            text=piece,
            language=language,
            entities=entities,
            nlp_artifacts=nlp_artifacts,
            return_decision_process=True,
        )
        out.extend(shift(r, chunk.start) for r in results if chunk.owns(r))
    return _dedupe(out)


def _dedupe(results: Iterable[RecognizerResult]) -> list[RecognizerResult]:
    """Drop exact repeats (same span, type and recognizer); ownership leaves few, if any."""
    seen: set[tuple[int, int, str, str]] = set()
    out = []
    for r in results:
        name = (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, "")
        key = (r.start, r.end, r.entity_type, name)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
