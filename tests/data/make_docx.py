"""Build the Word test files in tests/data with python-docx (run: python tests/data/make_docx.py).

Real drafts are messy in ways python-docx does not produce on its own, so a few things are
written as raw WordprocessingML: a name split across runs with different formatting, tracked
changes (an insertion and a deletion that holds a name), a text box and a footnote. The files are
committed; this script documents exactly what is in them and regenerates them.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Pt

HERE = Path(__file__).parent
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _footnotes_part(document: docx.document.Document) -> None:
    """A footnotes part with the two separator notes Word requires and one real note."""
    xml = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {NS}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>
  </w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>
    <w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>
    <w:r><w:t xml:space="preserve"> Aminata asked that her village not be named.</w:t></w:r>
  </w:p></w:footnote>
</w:footnotes>""".encode()
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def build_story(path: Path) -> None:
    document = docx.Document()
    props = document.core_properties
    props.author = "Jane Editor"
    props.last_modified_by = "Paul Reviewer"
    props.title = "Aminata's new start"
    props.subject = "Return and reintegration"

    section = document.sections[0]
    section.header.paragraphs[0].text = "IOM Mali – Field stories – Aminata Traoré"
    section.footer.paragraphs[0].text = "Photo: © IOM/Ibrahim Keita"

    document.add_heading("A new start in Bamako", level=1)

    # The name is split across three runs with different formatting, as Word often does.
    p = document.add_paragraph("BAMAKO – ")
    p.add_run("Ami").bold = True
    p.add_run("nata Tra").italic = True
    p.add_run("oré, 24, returned from Libya in March")
    p.add_run(" after two years away.")

    quote = document.add_paragraph(
        "“We support every returnee,” said Claire Dubois, Protection Coordinator at IOM Mali."
    )
    comment_run = quote.runs[0]
    document.add_comment(
        comment_run, text="Check the spelling of Aminata's surname", author="Paul Reviewer"
    )
    document.add_comment(comment_run, text='safename: allow "Claire Dubois"', author="Jane Editor")

    # Tracked changes: an insertion that stays and a deletion that must never be published.
    changed = parse_xml(
        f"""<w:p {NS}>
  <w:r><w:t xml:space="preserve">Aminata now runs a small shop</w:t></w:r>
  <w:ins w:id="101" w:author="Paul Reviewer" w:date="2024-03-02T10:00:00Z">
    <w:r><w:t xml:space="preserve"> with her brother Moussa</w:t></w:r>
  </w:ins>
  <w:del w:id="102" w:author="Paul Reviewer" w:date="2024-03-02T10:01:00Z">
    <w:r><w:delText xml:space="preserve"> next to Fatoumata Coulibaly's stall</w:delText></w:r>
  </w:del>
  <w:r><w:t>.</w:t></w:r>
</w:p>"""
    )
    document.element.body.insert(len(document.element.body) - 1, changed)

    # A footnote reference in the body.
    note = document.add_paragraph("She hopes to open a second shop next year.")
    note.runs[0].add_break(WD_BREAK.LINE)
    note.add_run("Her family lives nearby.")
    ref = parse_xml(
        f'<w:r {NS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        '<w:footnoteReference w:id="1"/></w:r>'
    )
    note._p.append(ref)

    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Name"
    table.cell(0, 1).text = "Age"
    table.cell(1, 0).text = "Aminata Traoré"
    table.cell(1, 1).text = "24"

    # A VML text box (what Word writes as the fallback for a drawing text box).
    box = document.add_paragraph()
    box._p.append(
        parse_xml(
            f"""<w:r {NS}><w:pict><v:shape id="box1" style="width:200pt;height:40pt">
  <v:textbox><w:txbxContent><w:p><w:r><w:t>Aminata in her shop in Bamako.</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict></w:r>"""
        )
    )
    for run in document.paragraphs[1].runs:
        run.font.size = Pt(11)
    _footnotes_part(document)
    document.save(path)
    _title_in_app_properties(path, "Aminata's new start")


def _title_in_app_properties(path: Path, title: str) -> None:
    """Word also copies the title into docProps/app.xml (TitlesOfParts); python-docx does not."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename == "docProps/app.xml":
                data = data.replace(b"<vt:lpstr/>", f"<vt:lpstr>{title}</vt:lpstr>".encode())
            dst.writestr(info, data)


def build_clean(path: Path) -> None:
    """A Word draft with nothing to change: pseudonym, footnote, staff quote, no metadata."""
    document = docx.Document()
    document.core_properties.author = ""
    document.core_properties.last_modified_by = ""
    document.add_paragraph("Lucy* came home in March and now runs a small shop.")
    document.add_paragraph(
        "“We support every returnee,” said Claire Dubois, Protection Coordinator at IOM Mali."
    )
    document.add_paragraph("*Lucy is a pseudonym used to protect the identity of the migrant.")
    document.save(path)


def build_corrupt(source: Path, path: Path) -> None:
    """A .docx cut in half, as an interrupted download or e-mail attachment leaves it."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def build_bad_xml(source: Path, path: Path) -> None:
    """A zip that opens but whose main document part is not well-formed XML."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) - 40]
            dst.writestr(copy.copy(info), data)


if __name__ == "__main__":
    build_story(HERE / "story.docx")
    build_clean(HERE / "clean.docx")
    build_corrupt(HERE / "story.docx", HERE / "corrupt.docx")
    build_bad_xml(HERE / "story.docx", HERE / "bad_xml.docx")
