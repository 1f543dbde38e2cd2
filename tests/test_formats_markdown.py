"""Markdown: only prose changes; code, URLs and front-matter keys stay byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

from safename.findings import Finding
from safename.formats import load_document
from safename.formats.markdown import MarkdownDocument
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


def md(text: str) -> MarkdownDocument:
    return MarkdownDocument(Path("t.md"), decode_bytes(text.encode()))


def test_view_keeps_offsets_and_blanks_what_is_not_prose():
    doc = load_document(DATA / "story.md")
    source = (DATA / "story.md").read_text(encoding="utf-8")
    assert len(doc.view) == len(source)
    for i, (v, s) in enumerate(zip(doc.view, source, strict=True)):
        assert v == s or v in " *\u00a0", (i, v, s)  # only blanks (and moved markers) differ
    assert "contact: Aminata" not in doc.view  # fenced code
    assert "Aminata_prices" not in doc.view  # code span
    assert "example.org" not in doc.view  # link destinations
    assert "safename:" not in doc.view  # HTML comment
    assert "title:" not in doc.view and "slug" not in doc.view  # front-matter keys
    assert "Aminata's new start in Bamako" in doc.view  # title value is prose
    assert "Aminata Traoré in her shop" in doc.view  # nested image alt value
    assert "Aminata at work" in doc.view  # link title
    assert "Claire Dubois" in doc.view  # author value
    assert "**" not in doc.view  # paired emphasis markers
    assert "said Claire Dubois, Protection" in doc.view


def test_soft_breaks_read_as_one_sentence_but_lines_are_reported_from_the_file():
    doc = md("> “We help,” said Claire Dubois,\n> Protection Coordinator at IOM Mali.\n")
    assert "Dubois,   Protection Coordinator" in doc.view
    start = doc.view.index("Protection")
    assert doc.position(start) == (2, 3)


def test_render_changes_prose_only():
    doc = load_document(DATA / "story.md")
    source = (DATA / "story.md").read_text(encoding="utf-8")
    out = doc.render(fake(doc.view, NAMES), "*Lucy Koné is a pseudonym.").diff_text
    assert 'title: "Lucy\'s new start in Bamako"' in out
    assert "  alt: Lucy Koné* in her shop" in out
    assert "slug: aminata-traore-new-start" in out
    assert "# A new start for **Lucy**" in out
    assert "![Lucy in front of her shop](https://example.org/photos/aminata-shop.jpg " in out
    assert '"Lucy at work")' in out
    assert "[the full story of Lucy](https://example.org/stories/aminata-traore)" in out
    assert "`Aminata_prices.csv`" in out and "contact: Aminata Traoré\n```" in out
    assert "8&nbsp;a.m." in out
    assert out.endswith("Photo: © IOM/Ibrahim Keita\n\n\\*Lucy Koné is a pseudonym.\n")
    # Everything outside the replaced names is byte-identical.
    removed = [line for line in source.splitlines() if line not in out.splitlines()]
    assert all("Aminata" in line or "Moussa" in line for line in removed)


def test_link_urls_and_slugs_are_reported_not_changed(redactor):
    doc = load_document(DATA / "story.md")
    analysis = analyse(doc, redactor, redact=False)
    urls = [n for n in analysis.notices if n.kind == "NAME_IN_URL"]
    assert {n.text for n in urls} == {
        "aminata-traore-new-start",
        "https://example.org/photos/aminata-shop.jpg",
        "https://example.org/stories/aminata-traore",
    }
    assert all(not n.fixed_by_redact for n in urls)
    assert doc.position(urls[0].offset)[0] == 5


def test_engine_on_markdown_story(redactor):
    doc = load_document(DATA / "story.md")
    analysis = analyse(doc, redactor)
    changed = {f.text for f in analysis.changes}
    assert {"Aminata Traoré", "Aminata", "Moussa"} <= changed
    kept = {f.text for f in analysis.findings if f.action == "keep"}
    assert "Claire Dubois" in kept
    out = analysis.render().diff_text
    assert "contact: Aminata Traoré" in out  # code block untouched
    assert "`Aminata_prices.csv`" in out  # code span untouched
    prose = out.replace("contact: Aminata Traoré", "").replace("Aminata_prices", "")
    assert "Aminata" not in prose and "Moussa" not in prose
    assert "Claire Dubois, Protection Coordinator" in out
    assert "Photo: © IOM/Ibrahim Keita" in out
    # A second run finds nothing more to change: pseudonyms and footnote are recognised.
    again = analyse(MarkdownDocument(Path("r.md"), decode_bytes(out.encode())), redactor)
    assert again.changes == []
    assert again.footnote is None


def test_emphasis_is_not_a_pseudonym_marker_but_a_star_after_a_name_is():
    doc = md("**Aminata** met *Moussa* and Lucy* at the market.\n\n\\*Lucy is a pseudonym.\n")
    assert "Aminata " in doc.view and "Aminata*" not in doc.view
    assert " Moussa " in doc.view
    assert "Lucy* at" in doc.view
    assert " *Lucy is a pseudonym." in doc.view
    # "**Lucy***" renders as bold Lucy followed by the marker: the view shows "Lucy*".
    assert "Lucy*" in md("**Lucy*** came.\n").view


def test_entities_are_replaced_whole():
    doc = md("Aminata Traor&eacute; arrived.\n")
    assert doc.view.startswith("Aminata Traoré")
    out = doc.render(fake(doc.view, {"Aminata Traoré": "Lucy Koné*"}), None).diff_text
    assert out == "Lucy Koné* arrived.\n"


def test_pragma_comments_are_read():
    doc = md('Text.\n\n<!-- safename: allow "Laura D\'Elsa", "Moussa Tall" -->\n')
    assert [p.names for p in doc.pragmas] == [("Laura D'Elsa", "Moussa Tall")]
    assert doc.pragmas[0].line == 3


def test_html_blocks_keep_alt_text_and_figcaptions_as_prose():
    doc = md('<figure>\n<img src="a.jpg" alt="Aminata smiling">\n'
             "<figcaption>Aminata in Bamako</figcaption>\n</figure>\n")  # fmt: skip
    assert "Aminata smiling" in doc.view and "Aminata in Bamako" in doc.view
    assert "img" not in doc.view and "figcaption" not in doc.view
    out = doc.render(fake(doc.view, {"Aminata": "Lucy*"}), None).diff_text
    assert 'alt="Lucy* smiling"' in out and "<figcaption>Lucy* in Bamako</figcaption>" in out
