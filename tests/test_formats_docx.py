"""Word: names split across runs, every story part, and no hidden names left in the package.

tests/data/story.docx is built by tests/data/make_docx.py (python-docx plus raw XML for what
python-docx cannot write: split runs, tracked changes, a text box, a footnote).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest

from safename.findings import Finding
from safename.formats import load_document
from safename.formats.docx import DocxDocument
from safename.formats.process import analyse

DATA = Path(__file__).parent / "data"
NAMES = {"Aminata Traoré": "Lucy Koné*", "Aminata": "Lucy", "Moussa": "Musa*"}
SECRETS = ("Aminata", "Traoré", "Moussa", "Fatoumata", "Coulibaly", "Paul Reviewer", "Jane Editor")


def fake(view: str, replacements: dict[str, str]) -> list[Finding]:
    pattern = "|".join(re.escape(k) for k in sorted(replacements, key=len, reverse=True))
    return [
        Finding(m.start(), m.end(), m.group(), "PERSON", 0.9, "test", "pseudonymize", "test",
                replacement=replacements[m.group()])
        for m in re.finditer(r"\b(?:" + pattern + r")\b", view)
    ]  # fmt: skip


def leaks(data: bytes, pseudonyms: str = "") -> list[tuple[str, str]]:
    """(part, secret) for every secret string left anywhere in the package.

    A pseudonym drawn from the name pools may be a real name too ("Coulibaly"): those are not
    leaks.
    """
    secrets = [s for s in SECRETS if s not in pseudonyms]
    found = []
    with zipfile.ZipFile(BytesIO(data)) as package:
        for name in package.namelist():
            text = package.read(name).decode("utf-8", "replace")
            found += [(name, s) for s in secrets if s in text]
    return found


def test_view_covers_every_story_part():
    doc = load_document(DATA / "story.docx")
    view = doc.view
    assert "BAMAKO – Aminata Traoré, 24, returned" in view  # runs "Ami" + "nata Tra" + "oré"
    assert "Aminata now runs a small shop with her brother Moussa." in view  # insertion kept
    assert "Fatoumata" not in view  # deletion dropped, never scanned or published
    assert "Aminata Traoré\n\n24" in view  # table cells are paragraphs: a blank line apart
    assert "Aminata in her shop in Bamako." in view  # text box
    assert "IOM Mali – Field stories – Aminata Traoré" in view  # header
    assert "Photo: © IOM/Ibrahim Keita" in view  # footer
    assert "Aminata asked that her village not be named." in view  # footnote
    assert "Aminata's new start" in view  # title property
    assert view.count("Aminata's new start") == 2  # and its copy in docProps/app.xml
    assert "She hopes to open a second shop next year.\nHer family" in view  # line break


def test_hidden_names_are_reported():
    doc = load_document(DATA / "story.docx")
    kinds = sorted(n.kind for n in doc.notices)
    # Two comments, the tracked changes, author and last-modified-by, the thumbnail image.
    assert kinds == ["COMMENT", "COMMENT", "PROPERTY", "PROPERTY", "PROPERTY", "TRACKED_CHANGE"]
    assert any("thumbnail" in n.message for n in doc.notices)
    assert all(n.fixed_by_redact for n in doc.notices)
    assert any("Paul Reviewer" in n.message and "tracked" in n.message for n in doc.notices)
    assert [p.names for p in doc.pragmas] == [("Claire Dubois",)]  # read from a comment


def test_render_keeps_formatting_and_scrubs_metadata():
    doc = load_document(DATA / "story.docx")
    out = doc.render(fake(doc.view, NAMES), "*Lucy Koné is a pseudonym.")
    assert leaks(out.data) == []
    word = docx.Document(BytesIO(out.data))
    runs = word.paragraphs[1].runs
    assert [(r.text, r.bold, r.italic) for r in runs[:3]] == [
        ("BAMAKO – ", None, None),
        ("Lucy Koné*", True, None),  # the replacement takes the first run's formatting
        (", 24, returned from Libya in March", None, None),
    ]
    assert word.paragraphs[3].text == "Lucy now runs a small shop with her brother Musa*."
    assert word.tables[0].cell(1, 0).text == "Lucy Koné*"
    assert word.sections[0].header.paragraphs[0].text == "IOM Mali – Field stories – Lucy Koné*"
    assert word.paragraphs[-1].text == "*Lucy Koné is a pseudonym."
    assert word.paragraphs[-1].runs[0].italic
    props = word.core_properties
    assert (props.author, props.last_modified_by, props.title) == ("", "", "Lucy's new start")
    with zipfile.ZipFile(BytesIO(out.data)) as package:
        document_xml = package.read("word/document.xml").decode()
        assert "w:ins " not in document_xml and "w:del " not in document_xml
        assert "commentReference" not in document_xml
        assert "<w:comment " not in package.read("word/comments.xml").decode()
        assert "<vt:lpstr>Lucy's new start</vt:lpstr>" in package.read("docProps/app.xml").decode()
        footnotes = package.read("word/footnotes.xml").decode()
        assert "Lucy asked that her village not be named." in footnotes
        assert "Lucy in her shop in Bamako." in document_xml  # text box
        # Parts safename does not touch are copied byte for byte.
        with zipfile.ZipFile(DATA / "story.docx") as original:
            assert package.read("word/styles.xml") == original.read("word/styles.xml")
            # Every part is kept but the thumbnail, a picture of the first page with the names.
            assert package.namelist() == [
                n for n in original.namelist() if n != "docProps/thumbnail.jpeg"
            ]
            assert b"thumbnail" not in package.read("_rels/.rels")


def test_rendering_twice_gives_the_same_file():
    doc = load_document(DATA / "story.docx")
    findings = fake(doc.view, NAMES)
    first, second = doc.render(findings, None), doc.render(findings, None)
    assert docx.Document(BytesIO(first.data)).paragraphs[1].text == (
        docx.Document(BytesIO(second.data)).paragraphs[1].text
    )


def test_engine_on_word_story(redactor):
    doc = load_document(DATA / "story.docx")
    analysis = analyse(doc, redactor)
    kept = {f.text for f in analysis.findings if f.action == "keep"}
    assert "Claire Dubois" in kept
    out = analysis.render()
    assert leaks(out.data, " ".join(f.replacement or "" for f in analysis.changes)) == []
    word = docx.Document(BytesIO(out.data))
    assert "Claire Dubois, Protection Coordinator at IOM Mali" in word.paragraphs[2].text
    again = DocxDocument(Path("again.docx"), out.data)
    assert again.notices == []
    assert analyse(again, redactor).changes == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_output_opens_in_libreoffice(tmp_path: Path):
    doc = load_document(DATA / "story.docx")
    target = tmp_path / "story.redacted.docx"
    target.write_bytes(doc.render(fake(doc.view, NAMES), "*Lucy Koné is a pseudonym.").data)
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
         "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(target)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    text_file = tmp_path / "story.redacted.txt"
    assert text_file.exists(), result.stderr
    text = text_file.read_text(encoding="utf-8-sig")
    assert "BAMAKO – Lucy Koné*, 24, returned from Libya" in text
    assert "*Lucy Koné is a pseudonym." in text
    assert not any(secret in text for secret in SECRETS)
