"""Fuzzing the format layer with the real engine (issue 13): text, Markdown and HTML.

For every generated story: no exception, findings inside the view with the text they claim,
redacting twice gives the same file as redacting once, and no value the engine redacted is left
in the prose of the output. The CI run is small (it must finish within a minute); a longer run
is `SAFENAME_FUZZ_EXAMPLES=10000 pytest tests/test_formats_fuzz.py`, or
`benchmarks/fuzz_long.py`, which reports every failing input instead of stopping at the first.
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


# Inputs the long runs (by hand, >= 10,000 stories) failed on, each fixed at its cause.
LONG_RUN_FAILURES = [
    # The hypothesis run of the last session: a demonym generalised twice; a name glued to a
    # decoded entity ("éMoussa") is no surviving mention.
    ("markdown", "Malian \n\nMalian "),
    ("html", "Moussa returned &eacute;Moussa returned "),
    # A <title> and a comment never closed: the footnote was appended inside them.
    ("html", "<title>Awa in March, <!-- Fatoumata Keita with "),
    ("html", "*Moussa in March, <script>x"),
    # An unterminated fence closed at the end: the next run skipped what the first had read.
    ("markdown", 'Awa\n```\n[1]:h "Awa"'),
    # A marker under a "**" opened on an earlier line of the paragraph paired with it.
    (
        "markdown",
        "+223 76 12 34 56 Mamadou Lamine Diallo left \n+223 76 12 34 56 </em><&Lucy* **---\n"
        "Libya <br>Mamadou Lamine Diallo with \nBamako. <em>awa.diallo@gmail.com returned \n"
        '[1]: https://example.org "Awa"\n24, Aminata Traoré works Moussa works _Lucy* <em>Moussa '
        "left _24, ",
    ),
    # "in March, <any 60 characters>" made a byline: kept or not depending on name lengths.
    ("markdown", "Aminata Traoré in March, Moussa left # > 24, *##</em>Aminata Traoré in March, "),
    # "[phone 1]" written at the start of a data-* value made it look like JSON.
    (
        "html",
        'Moussa with from Mamadou Lamine Diallo left <div data-x="+223 76 12 34 56 Photo: © '
        'IOM/Moussa Tall \n<<"><!-- </a><img alt="<div data-x="Lucy* \nMoussa left Aminata '
        "Traoré said IOM &eacute;Bamako. the Awa and </p>",
    ),
    # spaCy's "Lucy* Awa" and "Lucy  - - Moussa" (the star hidden as emphasis) as one name.
    ("html", "Lucy* Mamadou Lamine Diallo with Lucy* Awa works March"),
    (
        "markdown",
        "**Fatoumata Keita left Moussa said  )returned Malian Lucy* - - Moussa with # shop "
        "Lucy* [^1]Awa in March, ```\n#*```\n[^1]",
    ),
    # A gazetteer name after a weak home cue ("left Aminata Traoré") read as a home place and
    # kept with the staff person before it; a cue read across a blank line ("left", then
    # "Malian" in the next paragraph).
    (
        "text",
        "Claire Dubois, Protection Coordinator Moussa left Aminata Traoré said said \n\n\n\n"
        "Moussa returned Aminata Traoré said Mamadou Lamine Diallo left Awa said",
    ),
    (
        "text",
        "<`\n[Mamadou Lamine Diallo left Awa said \tMoussa with (she *A"
        "wa in March, (said *\n\r\nMamadou Lamine Diallo works +223 76 1"
        "2 34 56 24, Moussa left \r\n\nMalian \nPhoto: © IOM/Moussa Tall "
        "\n  Mamadou Lamine Diallo and \r\nMamadou Lamine Diallo said Fa"
        "toumata Keita left ",
    ),
    # "left Malian Aminata Traoré", "left Malian Malian": a demonym and a name are no home place.
    (
        "text",
        (
            "Aminata Traoré works Lucy* Mamadou Lamine Diallo with \n\n#\n)\n"
            ".,-*Awa left (Photo: © IOM/Moussa Tall Mamadou Lamine Diallo"
            " left Malian Aminata Traoré said *returned (Fatoumata Keita "
            "and \nAminata Traoré in March, March )&*>\n\n"
        ),
    ),
    (
        "html",
        (
            '<title>&eacute;&eacute;she ">Awa said +223 76 12 34 56 Mamad'
            "ou Lamine Diallo left <script></script>Aminata Traoré with M"
            "oussa returned Moussa left returned Aminata Traoré said Mous"
            'sa left Malian Malian </title>Mamadou Lamine Diallo said "<t'
            "itle>"
        ),
    ),
    # A paragraph starting with "<" taken for an HTML block: "Lubna*" written unescaped paired
    # with the "*" after "Ly" (long run, markdown seed 5), so the next run found "Ly".
    ("markdown", "<*Fatma`*# Ly*"),
    (
        "markdown",
        "Fatoumata Keita left *|```\n\n\nFatoumata Keita in March, Fatou"
        "mata Keita said Malian - Aminata Traoré left \n[1]: https://e"
        'xample.org "Awa"\n\n\n<)#*](https://example.org/aminata)Moussa '
        "in March, Awa left she [.]- Moussa and > Fatoumata Keita in "
        "March, +223 76 12 34 56 `*# Awa returned Lucy* ",
    ),
]


@pytest.mark.parametrize(("fmt", "text"), LONG_RUN_FAILURES)
def test_long_run_failures(keyed, fmt, text):
    check_one(keyed, fmt, text)


def test_a_name_after_a_marker_is_another_person(keyed):
    out = keyed.redact("Lucy* Mamadou Lamine Diallo with Lucy* Awa works March", language="en")
    assert "Awa" not in out.text


def test_a_sentence_starting_with_a_name_in_a_month_is_no_byline(keyed):
    text = "Moussa in March, after two years in Libya, came home.\n\nHe sells fish."
    assert "Moussa" not in keyed.redact(text, language="en").text
    # A real byline with a place and a date still is one.
    story = "Back home\nBy Amina Yusuf in Kano, 12 March 2024\n\nAwa Diop, 24, came home."
    assert "By Amina Yusuf in Kano" in keyed.redact(story, language="en").text


def test_a_name_after_left_is_a_person_and_a_cue_ends_with_its_paragraph(keyed):
    out = keyed.redact("The coordinator left Aminata Traoré at the shop.", language="en").text
    assert "Aminata" not in out and "a town" not in out
    found = keyed.scan("Moussa left \n\nMalian traders came.", language="en")
    assert not [f for f in found if f.entity_type == "LOCATION"]
