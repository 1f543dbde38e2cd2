"""Fuzzing the format layer with the real engine (issue 13): text, Markdown and HTML.

For every generated story: no exception, findings inside the view with the text they claim,
redacting twice gives the same file as redacting once, and no value the engine redacted is left
in the prose of the output. The CI run is small (it must finish within a minute); a longer run
is `SAFENAME_FUZZ_EXAMPLES=10000 pytest tests/test_formats_fuzz.py`.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safename import Redactor
from safename.formats import document_from_bytes
from safename.formats.process import analyse

EXAMPLES = int(os.environ.get("SAFENAME_FUZZ_EXAMPLES", "40"))
NAMES = ["Aminata Traoré", "Moussa", "Mamadou Lamine Diallo", "Fatoumata Keita", "Awa"]
WORDS = NAMES + [
    "returned", "from", "Libya", "in", "March", "she", "said", "24,", "Malian", "Bamako.",
    "+223 76 12 34 56", "awa.diallo@gmail.com", "IOM", "Claire Dubois, Protection Coordinator",
    "Lucy*", "the", "shop", "Photo: © IOM/Moussa Tall",
]  # fmt: skip
MARKUP = {
    "markdown": [
        "\n", "\n\n", "**", "*", "_", "`", "```\n", "[", "](https://example.org/aminata)", "]",
        "> ", "- ", "# ", "<!-- x -->", "<em>", "</em>", "&eacute;", "\\*", "---\n", "(",
        ' "title")', "[^1]", "\n[1]: https://example.org \"Awa\"\n", "<br>", "|",
    ],
    "html": [
        "<p>", "</p>", "<br>", "<em>", "</em>", '<img alt="', '">', "&eacute;", "&nbsp;",
        "<!-- ", " -->", "<script>", "</script>", '<a href="tel:+22376123456">', "</a>",
        '<div data-x="', "<title>", "</title>", "\n", "<", ">", '"',
    ],
    "text": ["\n", "\n\n", "\r\n", "\t", "  ", "*", "(", ")"],
}  # fmt: skip
SUFFIX = {"markdown": "md", "html": "html", "text": "txt"}


FILLER = ["returned", "said", "left", "works", "and", "with", "in March,"]


def stories(fmt: str) -> st.SearchStrategy[str]:
    """Prose words and names mixed with markup and punctuation.

    A name is always followed by an ordinary word: this fuzzes the format layer (markup around,
    inside and between names), not the engine's reading of name salad ("Aminata Traoré Aminata
    Traoré" as one four-word name), which belongs to the detection tests.
    """
    name = st.tuples(st.sampled_from(NAMES), st.sampled_from(FILLER)).map(" ".join)
    piece = st.one_of(
        name.map(lambda w: w + " "),
        st.sampled_from(WORDS[len(NAMES) :]).map(lambda w: w + " "),
        st.sampled_from(MARKUP[fmt]),
        st.text(alphabet=" -.,\n*<>&[]()`#", max_size=4),
    )
    return st.lists(piece, max_size=30).map("".join)


def check_one(redactor, fmt: str, text: str) -> None:
    path = Path(f"story.{SUFFIX[fmt]}")
    doc = document_from_bytes(path, text.encode("utf-8"))
    analysis = analyse(doc, redactor, language="en")
    for f in analysis.findings:
        assert 0 <= f.start <= f.end <= len(doc.view), f
        assert doc.view[f.start : f.end] == f.text, f
    once = analysis.render().data
    again_doc = document_from_bytes(path, once)
    again = analyse(again_doc, redactor, language="en")
    twice = again.render().data
    assert twice == once, (text, once.decode("utf-8", "replace"))
    # No redacted value survives in what the engine reads of the output, except inside a
    # longer name kept as someone else's (the photographer "Moussa Tall" is not "Moussa").
    for f in analysis.changes:
        if f.entity_type == "PERSON" and len(f.text) >= 5 and f.text in NAMES:
            view = list(again_doc.view.replace("\n", " "))
            for k in again.findings:
                if (
                    k.action == "keep"
                    and k.entity_type == "PERSON"
                    and len(k.text) > len(f.text)
                    and "pseudonym" not in k.reason
                ):
                    view[k.start : k.end] = " " * (k.end - k.start)
            mention = re.compile(r"(?<!\w)" + re.escape(f.text) + r"(?!\w)")
            assert not mention.search("".join(view)), (text, f.text)


def run(fmt: str):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=EXAMPLES <= 100,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(stories(fmt))
    def inner(redactor, text: str) -> None:
        check_one(redactor, fmt, text)

    return inner


@pytest.fixture(scope="module")
def keyed(redactor) -> Redactor:
    """The session's pipelines with a fixed key: the same pseudonyms, hence the same run, in CI."""
    engine = Redactor(redactor.config, key=hashlib.sha256(b"safename format fuzz").hexdigest())
    engine._analyzer = redactor.analyzer  # noqa: SLF001 - reuse the loaded pipelines
    return engine


def test_fuzz_text(keyed):
    run("text")(keyed)


def test_fuzz_markdown(keyed):
    run("markdown")(keyed)


def test_fuzz_html(keyed):
    run("html")(keyed)
