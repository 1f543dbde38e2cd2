"""HTML: text nodes and alt/title attributes change; markup, entities and scripts do not."""

from __future__ import annotations

import re
from pathlib import Path

from safename.findings import Finding
from safename.formats import load_document
from safename.formats.html import HtmlDocument
from safename.formats.process import analyse
from safename.formats.text import decode_bytes

DATA = Path(__file__).parent / "data"
NAMES = {"Aminata Traoré": "Lucy Koné*", "Aminata": "Lucy", "Moussa": "Musa*"}


def fake(view: str, replacements: dict[str, str]) -> list[Finding]:
    pattern = "|".join(re.escape(k) for k in sorted(replacements, key=len, reverse=True))
    return [
        Finding(m.start(), m.end(), m.group(), "PERSON", 0.9, "test", "pseudonymize", "test",
                replacement=replacements[m.group()])
        for m in re.finditer(r"\b(?:" + pattern + r")\b", view)
    ]  # fmt: skip


def page(body: str) -> HtmlDocument:
    return HtmlDocument(Path("t.html"), decode_bytes(body.encode()))


def test_view_is_what_a_reader_sees():
    doc = load_document(DATA / "story.html")
    assert "Aminata’s new start" in doc.view  # <title>, entity decoded
    assert "How Aminata Traoré rebuilt her life in Bamako" in doc.view  # meta description
    assert "A new start for Aminata" in doc.view  # <em>Ami</em>nata joined
    assert "Aminata Traoré, 24, returned from Libya in March" in doc.view  # whitespace collapsed
    assert "Aminata in her shop" in doc.view and "Aminata at work" in doc.view  # alt, title
    assert "var reader" not in doc.view and "font-weight" not in doc.view  # script, style
    assert "<" not in doc.view and "&eacute;" not in doc.view
    assert "safename" not in doc.view
    assert [p.names for p in doc.pragmas] == [("Claire Dubois",)]


def test_render_keeps_markup_and_entities():
    doc = load_document(DATA / "story.html")
    source = (DATA / "story.html").read_text(encoding="utf-8")
    out = doc.render(fake(doc.view, NAMES), "*Lucy Koné is a pseudonym.").diff_text
    assert "<title>Lucy&#8217;s new start</title>" in out
    assert 'content="How Lucy Koné* rebuilt her life in Bamako"' in out
    assert "<h1>A new start for <em>Lucy</em></h1>" in out
    assert "BAMAKO &ndash; Lucy Koné*, 24, returned from Libya\n   in March" in out
    assert 'alt="Lucy in her shop" title="Lucy at work"' in out
    assert 'href="https://example.org/stories/aminata-traore"' in out
    assert 'var reader = "Aminata";' in out
    assert "&ldquo;We support every returnee,&rdquo;" in out
    assert out.endswith(
        '<p class="safename-footnote">*Lucy Koné is a pseudonym.</p>\n</body>\n</html>\n'
    )
    changed = [line for line in source.splitlines() if line not in out.splitlines()]
    assert all(re.search("Aminata|Moussa|Ami</em>", line) for line in changed)


def test_replacements_are_escaped_for_their_context():
    doc = page('<p title="Aminata">Aminata</p>')
    out = doc.render(fake(doc.view, {"Aminata": 'A&B "x"'}), None).diff_text
    assert out == '<p title="A&amp;B &quot;x&quot;">A&amp;B "x"</p>'


def test_crlf_and_fragment_without_body():
    doc = HtmlDocument(Path("t.html"), decode_bytes(b"<p>Aminata left.</p>\r\n<p>Bye</p>"))
    out = doc.render(fake(doc.view, {"Aminata": "Lucy*"}), "*Lucy is a pseudonym.")
    assert out.data == (
        b"<p>Lucy* left.</p>\r\n<p>Bye</p>\r\n\r\n"
        b'<p class="safename-footnote">*Lucy is a pseudonym.</p>'
    )


def test_lines_point_into_the_source(redactor):
    doc = load_document(DATA / "story.html")
    start = doc.view.index("Aminata in her shop")
    assert doc.position(start) == (16, 33)
    analysis = analyse(doc, redactor, redact=False)
    urls = [n for n in analysis.notices if n.kind == "NAME_IN_URL"]
    assert [n.text for n in urls] == ["https://example.org/stories/aminata-traore"]


def test_engine_on_html_story(redactor):
    doc = load_document(DATA / "story.html")
    analysis = analyse(doc, redactor)
    out = analysis.render().diff_text
    visible = re.sub(r"<script>.*?</script>|href=\"[^\"]*\"", "", out, flags=re.S)
    assert "Aminata" not in visible and "Ami</em>nata" not in visible and "Moussa" not in visible
    assert "said Claire Dubois, Protection Coordinator" in out
    assert "&copy; IOM/Ibrahim Keita" in out
    assert 'class="safename-footnote"' in out
    again = analyse(HtmlDocument(Path("r.html"), decode_bytes(out.encode())), redactor)
    assert again.changes == [] and again.footnote is None
