"""A Word file with a different name in every place a reader or a file viewer can see one.

Issue 13, item 2: alt text, drawing names, VML alt text, hyperlink tooltips, field codes,
fldSimple, form-field defaults, content-control alias and tag, bookmark names, document
variables, core and app properties, customXml data, the glossary document, altChunk HTML, a
chart title, SmartArt text and the thumbnail. After `redact`, no full name is left in any part.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from safename.cli.main import cli

PEOPLE = [
    "Aminata Traoré", "Moussa Diallo", "Fatoumata Keita", "Ousmane Coulibaly", "Mariam Sangaré",
    "Seydou Konaté", "Awa Sissoko", "Ibrahim Touré", "Kadiatou Camara", "Boubacar Cissé",
    "Hawa Doumbia", "Mamadou Sylla", "Rokia Bagayoko", "Adama Kanté", "Salimata Dembélé",
    "Lassana Fofana", "Djénéba Coulibaly", "Oumar Sidibé", "Assétou Diarra", "Bakary Samaké",
]  # fmt: skip
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
DATA = Path(__file__).parent / "data"


def build(path: Path) -> None:
    p = PEOPLE
    document = docx.Document()
    document.add_paragraph(f"{p[0]}, 24, returned from Libya in March.")
    document.add_picture(str(DATA / "photo.png"))
    inline = document.inline_shapes[0]._inline
    inline.docPr.set("descr", f"{p[1]} in her shop")
    inline.docPr.set("name", f"{p[2]}.png")
    body = document.element.body
    sect = body[-1]
    for xml in [
        # VML picture with alt text and an image title
        f'<w:p {NS}><w:r><w:pict><v:shape alt="{p[3]} at the market"><v:imagedata '
        f'o:title="{p[4]}"/></v:shape></w:pict></w:r></w:p>',
        # hyperlink tooltip to a bookmark holding a name
        f'<w:p {NS}><w:bookmarkStart w:id="1" w:name="Hawa_Doumbia"/><w:hyperlink '
        f'w:anchor="Hawa_Doumbia" w:tooltip="Call {p[5]}"><w:r><w:t>the interview</w:t></w:r>'
        '</w:hyperlink><w:bookmarkEnd w:id="1"/></w:p>',
        # HYPERLINK field code with a mailto and a name
        f'<w:p {NS}><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
        f'xml:space="preserve"> HYPERLINK "mailto:awa.sissoko@gmail.com" \\o "{p[7]}" '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>write'
        '</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        f'<w:p {NS}><w:fldSimple w:instr=" AUTHOR &quot;{p[8]}&quot; "><w:r><w:t>author</w:t>'
        "</w:r></w:fldSimple></w:p>",
        # a form field with a default value
        f'<w:p {NS}><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text1"/>'
        f'<w:enabled/><w:textInput><w:default w:val="{p[9]}"/></w:textInput></w:ffData>'
        '</w:fldChar></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        # a content control whose alias and tag hold names
        f'<w:sdt {NS}><w:sdtPr><w:alias w:val="{p[11]}"/><w:tag w:val="{p[12]}"/></w:sdtPr>'
        "<w:sdtContent><w:p><w:r><w:t>Filled in.</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        f'<w:altChunk {NS} r:id="rIdChunk"/>',
    ]:
        sect.addprevious(parse_xml(xml))
    props = document.core_properties
    props.category = p[13]
    props.content_status = f"Draft on {p[14]}"
    props.identifier = p[15]
    part = document.part
    package = part.package
    chunk = Part(
        PackURI("/word/afchunk.htm"),
        "text/html",
        f"<html><body><p>{p[16]}, 30, returned.</p></body></html>".encode(),
        package,
    )
    part.relate_to(
        chunk, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
    )  # noqa: E501
    part.rels["rIdChunk"] = part.rels.pop(
        next(k for k, r in part.rels.items() if r.target_part is chunk)
    )  # noqa: E501
    part.rels["rIdChunk"]._rId = "rIdChunk"
    glossary = Part(
        PackURI("/word/glossary/document.xml"),
        WML + "document.glossary+xml",
        f"<w:glossaryDocument {NS}><w:docParts><w:docPart><w:docPartBody><w:p><w:r>"
        f"<w:t>{p[17]} quote block</w:t></w:r></w:p></w:docPartBody></w:docPart>"
        "</w:docParts></w:glossaryDocument>".encode(),
        package,
    )
    part.relate_to(glossary, RT.GLOSSARY_DOCUMENT)
    chart = Part(
        PackURI("/word/charts/chart1.xml"),
        "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart>'
        f"<c:title><c:tx><c:rich><a:p><a:r><a:t>Income of {p[18]}</a:t></a:r></a:p>"
        "</c:rich></c:tx></c:title></c:chart></c:chartSpace>".encode(),
        package,
    )
    part.relate_to(chart, RT.CHART)
    smart = Part(
        PackURI("/word/diagrams/data1.xml"),
        "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml",
        '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/'
        'diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f"<dgm:ptLst><dgm:pt><dgm:t><a:p><a:r><a:t>{p[19]}</a:t></a:r></a:p></dgm:t>"
        "</dgm:pt></dgm:ptLst></dgm:dataModel>".encode(),
        package,
    )
    part.relate_to(smart, RT.DIAGRAM_DATA)
    out = BytesIO()
    document.save(out)
    # Parts python-docx cannot write: document variables, app Company, customXml data.
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/settings.xml":
                data = data.replace(
                    b"</w:settings>",
                    f'<w:docVars><w:docVar w:name="interviewee" w:val="{p[6]}"/></w:docVars>'
                    "</w:settings>".encode(),
                )
            if info.filename == "docProps/app.xml":
                data = data.replace(b"</Properties>", f"<Company>{p[10]}</Company></Properties>"
                                    .encode())  # fmt: skip
            target.writestr(info, data)
        target.writestr("customXml/item9.xml",
                        f"<data><interviewee>{p[10]} {p[6]}</interviewee></data>")  # fmt: skip


def leaks(data: bytes) -> list[tuple[str, str]]:
    found = []
    with zipfile.ZipFile(BytesIO(data)) as package:
        for name in package.namelist():
            text = package.read(name).decode("utf-8", "replace")
            found += [(name, who) for who in PEOPLE if who in text]
    return found


def test_every_place_is_in_the_source_file(tmp_path: Path):
    path = tmp_path / "hidden.docx"
    build(path)
    names = {who for _, who in leaks(path.read_bytes())}
    assert names == set(PEOPLE), set(PEOPLE) - names


def test_no_name_left_in_any_part(runner, tmp_path: Path):
    path = tmp_path / "hidden.docx"
    build(path)
    check = runner.invoke(cli, ["check", str(path)])
    assert check.exit_code == 1
    result = runner.invoke(cli, ["redact", str(path)])
    assert result.exit_code == 0, result.output
    out = (tmp_path / "hidden.redacted.docx").read_bytes()
    assert leaks(out) == []
    # Bookmark names are identifiers: renamed with their references, the link still works.
    with zipfile.ZipFile(BytesIO(out)) as package:
        xml = package.read("word/document.xml").decode()
        assert "Hawa_Doumbia" not in xml and 'w:anchor="_bm1"' in xml and 'w:name="_bm1"' in xml
        assert "docProps/thumbnail.jpeg" not in package.namelist()
        assert "word/afchunk.htm" not in package.namelist() and "altChunk" not in xml
        rels = package.read("word/_rels/document.xml.rels").decode()
        assert "afchunk" not in rels
    word = docx.Document(BytesIO(out))  # still a Word document
    # the age is generalised by the default (standard) profile
    assert word.paragraphs[0].text.endswith(", in her twenties, returned from Libya in March.")
    assert runner.invoke(cli, ["check", str(tmp_path / "hidden.redacted.docx")]).exit_code == 0
