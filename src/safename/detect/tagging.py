"""Part of speech for the tokens the decisions ask about, not for every token.

In the small pipelines NER has its own encoder, so the tagger's encoder (`tok2vec`) and the
tagger run only for safename's grammar: about a third of the parse of a whole story
(benchmarks/speed.py), while the rules ask about a few per cent of its tokens (capitalised words
beside names, lone candidates). A token's tag depends only on the tokens within the encoder's
reach (depth x window on each side: 4 in en_core_web_sm and fr_core_news_sm), so a window that
holds that much context on both sides gives every token inside it exactly the tag a parse of the
whole text gives. `LazyTags` tags such windows on demand: first the spans most rules ask about
(person entities, runs of capitalised words, words in capitals), in one call, then any other
token with a window of its own. Pipelines whose NER listens to the shared encoder (md/lg, trf)
run it anyway, so they are tagged whole, as before.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import IDX, IS_TITLE, IS_UPPER, LENGTH, MORPH, NORM, ORTH, POS, SPACY, TAG
from spacy.language import Language
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc
from spacy.vocab import Vocab

# Penn Treebank tag -> universal part of speech: the mapping spaCy's English attribute ruler
# applies, without its per-token matcher (safename does not load the attribute ruler).
PENN_TO_UPOS: dict[str, str] = {
    "NNP": "PROPN",
    "NNPS": "PROPN",
    "NN": "NOUN",
    "NNS": "NOUN",
    "VB": "VERB",
    "VBD": "VERB",
    "VBG": "VERB",
    "VBN": "VERB",
    "VBP": "VERB",
    "VBZ": "VERB",
    "MD": "AUX",
    "JJ": "ADJ",
    "JJR": "ADJ",
    "JJS": "ADJ",
    "AFX": "ADJ",
    "RB": "ADV",
    "RBR": "ADV",
    "RBS": "ADV",
    "WRB": "ADV",
    "RP": "ADP",
    "IN": "ADP",
    "DT": "DET",
    "PDT": "DET",
    "WDT": "DET",
    "PRP": "PRON",
    "PRP$": "PRON",
    "WP": "PRON",
    "WP$": "PRON",
    "EX": "PRON",
    "CC": "CCONJ",
    "CD": "NUM",
    "UH": "INTJ",
    "POS": "PART",
    "TO": "PART",
    "SYM": "SYM",
    "FW": "X",
    "LS": "X",
    "ADD": "X",
    "GW": "X",
    "XX": "X",
    "NFP": "PUNCT",
    "HYPH": "PUNCT",
    ",": "PUNCT",
    ".": "PUNCT",
    ":": "PUNCT",
    "``": "PUNCT",
    "''": "PUNCT",
    "-LRB-": "PUNCT",
    "-RRB-": "PUNCT",
    "$": "SYM",
    "_SP": "SPACE",
}
TAGGING_COMPONENTS = ("tagger", "morphologizer")
# A token asked about outside the prefetched spans gets a window this many tokens wide on each
# side, so its neighbours (asked next, as a rule) are known too.
MISS_WINDOW = 12


def pos_name(pos: int) -> str:
    """`Token.pos_` from the POS id ("" when untagged)."""
    return POS_NAMES.get(pos, "") if pos else ""


_GENDERS: dict[str, str] = {}


def gender_of(morph: str) -> str:
    """`",".join(token.morph.get("Gender"))` from the morphology string."""
    found = _GENDERS.get(morph)
    if found is None:
        found = ""
        for feature in morph.split("|"):
            name, _, values = feature.partition("=")
            if name == "Gender":
                found = values
                break
        _GENDERS[morph] = found
    return found


def _encoder_reach(nlp: Language) -> int | None:
    """Tokens on each side that change a token's encoding, from the pipeline's config."""
    try:
        encode = nlp.config["components"]["tok2vec"]["model"]["encode"]
        architecture = str(encode.get("@architectures", ""))
        if architecture.split(".")[1] not in ("MaxoutWindowEncoder", "MishWindowEncoder"):
            return None  # an encoder that reads the whole text (a transformer, an LSTM)
        return int(encode["depth"]) * int(encode["window_size"])
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def _listens(nlp: Language, component: str) -> bool:
    model = nlp.config["components"][component]["model"]
    return "Listener" in str(model.get("tok2vec", {}).get("@architectures", ""))


@dataclass
class WindowTagger:
    """The pipeline's encoder and tagger, run on windows of a parsed document."""

    tok2vec: Any
    tagger: Any
    reach: int
    penn: bool  # English taggers give Penn tags; the morphologizer gives universal POS

    @classmethod
    def for_pipeline(cls, nlp: Language) -> WindowTagger | None:
        """A window tagger when tagging can be left out of the main parse, else None."""
        names = set(nlp.component_names)
        tagger = next((c for c in TAGGING_COMPONENTS if c in names), None)
        if tagger is None or "tok2vec" not in names or "ner" not in names:
            return None
        try:
            if _listens(nlp, "ner") or not _listens(nlp, tagger):
                return None
        except (KeyError, TypeError):
            return None
        reach = _encoder_reach(nlp)
        if reach is None:
            return None
        return cls(nlp.get_pipe("tok2vec"), nlp.get_pipe(tagger), reach, tagger == "tagger")

    def tag(
        self, vocab: Vocab, table: numpy.ndarray, windows: Sequence[tuple[int, int]]
    ) -> tuple[list[str], list[str]]:
        """POS and gender of the tokens of `windows` (token ranges of a parsed document whose
        ORTH, NORM and SPACY columns are `table`), in order.

        The windows go through the encoder as one document, end to end: each window's outer
        `reach` tokens see the next window, so the caller keeps only tokens that far inside.
        """
        rows = numpy.concatenate([numpy.arange(a, b) for a, b in windows])
        part = table[rows]
        strings = vocab.strings
        sub = Doc(
            vocab,
            words=[strings[o] for o in part[:, 0].tolist()],
            spaces=[bool(s) for s in part[:, 2].tolist()],
        )
        sub.from_array([NORM], part[:, 1:2])
        self.tagger(self.tok2vec(sub))
        if self.penn:
            tags = sub.to_array([TAG]).tolist()
            pos = [PENN_TO_UPOS.get(strings[t], "X") if t else "" for t in tags]
            return pos, [""] * len(pos)
        pos_ids, morphs = sub.to_array([POS, MORPH]).T.tolist()
        return [pos_name(p) for p in pos_ids], [gender_of(strings[m]) if m else "" for m in morphs]


class LazyTags:
    """POS and gender per token of one parsed document, tagged when first asked for."""

    def __init__(
        self,
        doc: Doc,
        tagger: WindowTagger | None,
        often_asked: Callable[[str], bool] | None = None,
    ) -> None:
        # Arrays only, not the Doc: a long text's chunks are all kept until its persons are
        # decided, and a Doc costs many times its tokens' ids.
        self.tagger = tagger
        self.often_asked = often_asked  # pipeline.often_asked; None: every word
        self.vocab = doc.vocab
        n = len(doc)
        table = doc.to_array([IDX, LENGTH]).tolist() if n else []
        self.starts: list[int] = [row[0] for row in table]
        self.ends: list[int] = [row[0] + row[1] for row in table]
        self._pos: list[str | None] = [None] * n
        self._gender: list[str] = [""] * n
        self._planned = tagger is None  # whether the first, planned call was made
        self._table = numpy.zeros((0, 5), dtype="uint64")
        self._persons: list[tuple[int, int]] = []
        if tagger is not None:
            if n:
                self._table = doc.to_array([ORTH, NORM, SPACY, IS_TITLE, IS_UPPER])
            self._persons = [(e.start, e.end) for e in doc.ents if e.label_ in ("PERSON", "PER")]
        elif n and (doc[0].pos or doc[0].tag):  # the parse tagged every token already
            pos_ids, morphs = doc.to_array([POS, MORPH]).T.tolist()
            strings = doc.vocab.strings
            self._pos = [pos_name(p) for p in pos_ids]
            self._gender = [gender_of(strings[m]) if m else "" for m in morphs]
        else:  # no tagger in this pipeline: the rules fall back to the words
            self.starts, self.ends, self._pos, self._gender = [], [], [], []

    def __bool__(self) -> bool:
        return bool(self.starts)

    def __len__(self) -> int:
        return len(self.starts)

    def index(self, start: int) -> int | None:
        """The token starting exactly at character `start`, if any."""
        i = bisect.bisect_left(self.starts, start)
        return i if i < len(self.starts) and self.starts[i] == start else None

    def pos(self, i: int) -> str:
        found = self._pos[i]
        if found is None:
            self._tag_around(i, i + 1)
            found = self._pos[i]
        return found or ""

    def gender(self, i: int) -> str:
        if self._pos[i] is None:
            self._tag_around(i, i + 1)
        return self._gender[i]

    def ensure(self, lo: int, hi: int) -> None:
        """Tag tokens [lo, hi) that are not tagged yet."""
        if any(p is None for p in self._pos[lo:hi]):
            self._tag_around(lo, hi)

    def prefetch(self, indices: Iterable[int]) -> None:
        """Tag these tokens in one call: for a rule that knows what it will ask."""
        wanted = [(i, i + 1) for i in indices if self._pos[i] is None]
        if wanted:
            self._tag(wanted)

    def _tag_around(self, lo: int, hi: int) -> None:
        """Tag tokens [lo, hi) and, in the same call, what is likely to be asked next.

        The first question brings the words most rules ask about (`_likely_asked`), so a
        text costs one call to the tagger, plus one per rare question outside them (a window
        each) and one per rule that asks about many others at once (`prefetch`).
        """
        if not self._planned:
            wanted = [(lo, hi), *self._likely_asked()]
        else:
            wanted = [(max(0, lo - MISS_WINDOW), min(len(self.starts), hi + MISS_WINDOW))]
        self._planned = True
        self._tag(wanted)

    def _often_asked(self, i: int) -> bool:
        asked = self.often_asked
        return asked is None or asked(self.vocab.strings[int(self._table[i, 0])])

    def _likely_asked(self) -> list[tuple[int, int]]:
        """Tokens the rules ask about in most texts: person entities, capitalised words beside
        another capitalised word that are neither stop words nor ordinary words (the rules
        decide those from the word), and the neighbours of words in capitals ("SEK",
        "ZABEROU"), which the rules ask about whatever they are. Only speed depends on this
        choice: a question outside it costs a window of its own."""
        n = len(self.starts)
        capital = self._table[:, 3].astype(bool) | self._table[:, 4].astype(bool)
        out = list(self._persons)
        # Most questions are about a capitalised word beside another one (a name growing over
        # its neighbour, "Chidinma Okeke", "Bobo-Dioulasso"): within two tokens of a capital.
        pad = numpy.zeros(n + 4, dtype=bool)
        pad[2 : n + 2] = capital
        near = pad[0:n] | pad[1 : n + 1] | pad[3 : n + 3] | pad[4 : n + 4]
        out.extend(
            (i, i + 1) for i in numpy.flatnonzero(capital & near).tolist() if self._often_asked(i)
        )
        for i in numpy.flatnonzero(self._table[:, 4]).tolist():
            out.extend((j, j + 1) for j in (i - 1, i + 1) if 0 <= j < n and self._often_asked(j))
        return out

    def _tag(self, wanted: list[tuple[int, int]]) -> None:
        """Tag the token ranges `wanted` exactly, in one call to the encoder and tagger."""
        assert self.tagger is not None
        n, reach = len(self.starts), self.tagger.reach
        windows: list[list[int]] = []  # [start, end): the ranges widened by reach, merged
        for lo, hi in sorted(wanted):
            a, b = max(0, lo - reach), min(n, hi + reach)
            if windows and a <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], b)
            else:
                windows.append([a, b])
        if not windows:
            return
        pos, gender = self.tagger.tag(self.vocab, self._table, [(a, b) for a, b in windows])
        k = 0
        for a, b in windows:
            first = a if a == 0 else a + reach
            last = b if b == n else b - reach
            for i in range(first, last):
                if self._pos[i] is None:
                    self._pos[i] = pos[k + i - a]
                    self._gender[i] = gender[k + i - a]
            k += b - a
