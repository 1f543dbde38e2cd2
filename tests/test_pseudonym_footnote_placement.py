"""The footnote names the people's role only when the story gives it, and goes after the
story body: before a press-contact block, a staff signature or an end marker."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest

from safename import Redactor
from safename.cli.main import cli


def footnote(engine: Redactor, text: str, language: str = "en") -> str:
    result = engine.redact(text, language=language)
    assert result.footnote is not None, result.text
    return result.footnote


@pytest.mark.parametrize(
    ("text", "language", "who"),
    [
        ("Aminata Traoré, 24, a returnee from Libya, opened a shop in Kayes.", "en",
         "the identity of the returnee."),
        ("The survivor Aminata Traoré now trains other women.", "en",
         "the identity of the survivor."),
        ("Musa Bah is a refugee. Musa teaches at the camp school.", "en",
         "the identity of the refugee."),
        ("Aminata Traoré, 24, one of the returned migrants on the flight, smiled.", "en",
         "the identity of the returnee."),
        ("Aminata Traoré and Awa Diop, two migrants from Kayes, a returnee and a survivor.", "en",
         "the identities of the people in this story."),
        ("Aminata Traoré, a returnee, lives with her son Ibrahim in Kayes.", "en",
         "the identities of the people in this story."),
        ("Aminata Traoré, a friend of migrants, lives in Kayes.", "en",
         "the identity of the person in this story."),
        ("Aminata Traoré, a nurse helping refugees, lives in Kayes.", "en",
         "the identity of the person in this story."),
        ("Aminata Traoré, 24, returned to Kayes in March.", "en",
         "the identity of the person in this story."),
        ("Aminata Traoré, 28 ans, est une survivante de la traite. Elle vit à Kayes.", "fr",
         "l'identité de la survivante."),
        ("Le réfugié Moussa Keïta enseigne à l'école du camp. Il a 30 ans.", "fr",
         "l'identité du réfugié."),
        ("Aminata Traoré, une migrante de retour, tient une boutique. Elle sourit.", "fr",
         "l'identité de la migrante de retour."),
        ("Aminata Traoré tient une boutique à Kayes. Elle sourit.", "fr",
         "l'identité de la personne citée dans ce récit."),
    ],
)  # fmt: skip
def test_footnote_wording_follows_the_role_the_story_gives(engine, text, language, who):
    assert footnote(engine, text, language).endswith(who)


PRESS = (
    "Aminata Traoré, 24, a returnee from Libya, opened a shop in Kayes. "
    '"I sell fabric," Aminata says.\n'
    "\n"
    "For more information, please contact:\n"
    "Laura Deme, Communications Officer, IOM Mali, ldeme@iom.int\n"
)


def _before(text: str, first: str, second: str) -> bool:
    return first in text and second in text and text.index(first) < text.index(second)


def test_footnote_goes_before_the_press_contact_block(engine):
    result = engine.redact(PRESS, language="en")
    assert result.footnote and result.footnote in result.text
    assert "Aminata" not in result.text
    assert _before(result.text, " says.\n\n*", "For more information")
    assert _before(result.text, "identity of the returnee.\n\nFor more information", "ldeme")
    assert result.text.endswith("ldeme@iom.int\n")
    assert result.footnote not in result.body  # `body` stays the text without a footnote
    # Read back in place, the footnote keeps the second run from changing anything.
    assert engine.redact(result.text, language="en").text == result.text


@pytest.mark.parametrize(
    ("text", "language", "tail"),
    [
        ("Aminata Traoré opened a shop in Kayes. Aminata smiles.\n\nLaura Deme\n"
         "Communications Officer, IOM Mali\n", "en", "Laura Deme\n"),
        ("Aminata Traoré opened a shop in Kayes.\n\n-ENDS-\n\nNotes to editors\n", "en",
         "-ENDS-\n"),
        ("Aminata Traoré tient une boutique à Kayes. Elle sourit.\n\n"
         "Contact presse : Laura Deme, ldeme@iom.int\n", "fr", "Contact presse"),
        ("Aminata Traoré tient une boutique à Kayes.\n\nÀ propos de l'OIM\n\n"
         "L'OIM est l'agence des Nations Unies pour les migrations.\n", "fr", "À propos"),
    ],
)  # fmt: skip
def test_footnote_goes_before_a_signature_or_an_end_marker(engine, text, language, tail):
    result = engine.redact(text, language=language)
    assert result.footnote is not None
    assert _before(result.text, result.footnote, tail)
    assert result.text.index(result.footnote) > result.text.index("Kayes")


def test_footnote_stays_at_the_end_without_a_contact_block_or_before_a_name(engine):
    plain = "Aminata Traoré opened a shop in Kayes.\n\nAminata smiles.\n"
    result = engine.redact(plain, language="en")
    assert result.text.endswith(result.footnote + "\n")
    # A contact line in the middle of the story: the names after it come before the footnote.
    middle = (
        "For more information, please contact the hotline.\n\n"
        "Aminata Traoré opened a shop in Kayes.\n"
    )
    result = engine.redact(middle, language="en")
    assert result.text.endswith(result.footnote + "\n")


def test_text_and_markdown_files_put_the_footnote_before_the_contacts(
    runner, tmp_path: Path
) -> None:
    for name in ("story.txt", "story.md"):
        path = tmp_path / name
        path.write_text(PRESS, encoding="utf-8")
        target = tmp_path / f"out-{name}"
        result = runner.invoke(cli, ["redact", str(path), "-o", str(target)])
        assert result.exit_code == 0, result.output
        out = target.read_text(encoding="utf-8")
        assert "Aminata" not in out
        assert _before(out, "identity of the returnee.", "For more information"), out
        assert out.rstrip().endswith("ldeme@iom.int")


def test_html_puts_the_footnote_before_the_contact_paragraph(runner, tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(
        "<html><body><article><p>Aminata Traoré, 24, a returnee from Libya, opened a shop in "
        'Kayes.</p>\n<div class="contact"><p><strong>For more information, please contact:'
        "</strong> Laura Deme, ldeme@iom.int</p></div></article></body></html>\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.html"
    result = runner.invoke(cli, ["redact", str(path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    out = target.read_text(encoding="utf-8")
    assert "Aminata" not in out
    note = '<p class="safename-footnote">'
    assert _before(out, "Kayes.</p>", note)
    assert _before(out, note, '<div class="contact">'), out


def test_word_puts_the_footnote_before_the_contact_paragraph(runner, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Aminata Traoré, 24, a returnee from Libya, opened a shop in Kayes.")
    document.add_paragraph("Aminata sells fabric.")
    document.add_paragraph("For more information, please contact:")
    document.add_paragraph("Laura Deme, Communications Officer, IOM Mali, ldeme@iom.int")
    path = tmp_path / "story.docx"
    document.save(path)
    out = tmp_path / "out.docx"
    result = runner.invoke(cli, ["redact", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in docx.Document(out).paragraphs]
    note = next(i for i, p in enumerate(paragraphs) if "is a pseudonym" in p)
    contact = paragraphs.index("For more information, please contact:")
    assert note < contact and note > 1, paragraphs
    assert "identity of the returnee" in paragraphs[note]
    with zipfile.ZipFile(BytesIO(out.read_bytes())) as package:
        assert "Aminata" not in package.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize(
    ("body", "closed"),
    [
        # A list item left open before </body>: the footnote is no bullet of the list.
        ("<ul><li>Aminata now sells fabric.\n</body></html>\n", "fabric.</li></ul>"),
        # Italics left open and no </body>: the footnote is not in italics.
        ("<p><em>Aminata now sells fabric.\n", "fabric.</em></p>"),
        # A second row opened without closing the first, a link left open in its cell.
        (
            '<table><tr><td>Kayes<tr><td>Her <a href="/shop">shop\n</body></html>\n',
            "shop</a></td></tr></table>",
        ),
    ],
)
def test_html_footnote_leaves_elements_the_body_left_open(
    runner, tmp_path: Path, body: str, closed: str
) -> None:
    path = tmp_path / "story.html"
    path.write_text(
        "<html><body>\n<p>Aminata Traoré, 24, a returnee from Libya, lives in Kayes.</p>\n" + body,
        encoding="utf-8",
    )
    target = tmp_path / "out.html"
    result = runner.invoke(cli, ["redact", str(path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    out = target.read_text(encoding="utf-8")
    assert "Aminata" not in out
    note = '<p class="safename-footnote">'
    assert note in out and _before(out, closed, note), out
    # Redacting the output again changes nothing: the closers are part of the page now.
    again = tmp_path / "again.html"
    assert runner.invoke(cli, ["redact", str(target), "-o", str(again)]).exit_code == 0
    assert again.read_text(encoding="utf-8") == out
