"""Word parts outside the XML text: media file names, contact links, chart workbooks.

Issue 13, item 2 (what was left): a picture saved as "aminata_traore.png" kept its file name, a
`mailto:` hyperlink target (in word/_rels/document.xml.rels) kept the private address, and the
workbook holding a chart's data (word/embeddings/*.xlsx) was copied unread. Each is now
redacted (renamed, masked) or removed, reported by `check` before and clean after `redact`.
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

DATA = Path(__file__).parent / "data"
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"'
)
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


def workbook(labels: list[str]) -> bytes:
    """A minimal SpreadsheetML workbook whose shared strings are `labels` (a chart's data)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strings = "".join(f"<si><t>{label}</t></si>" for label in labels)
    rows = "".join(
        f'<row r="{i + 1}"><c r="A{i + 1}" t="s"><v>{i}</v></c><c r="B{i + 1}"><v>{10 * i}</v>'
        "</c></row>"
        for i in range(len(labels))
    )
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
        'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+'
        'xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/'
        'sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        f'{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        f'Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="{main}">'
        f"<sheetData>{rows}</sheetData></worksheet>",
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst xmlns="{main}" '
        f'count="{len(labels)}" uniqueCount="{len(labels)}">{strings}</sst>',
    }
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


def build(path: Path) -> None:
    """A story with a hand-named photo, a mailto: link and a chart with its workbook."""
    document = docx.Document()
    document.add_paragraph("Aminata Traoré, 24, returned from Libya in March.")
    document.add_picture(str(DATA / "photo.png"))
    part = document.part
    link = part.relate_to("mailto:awa.sissoko@gmail.com", RT.HYPERLINK, is_external=True)
    sect = document.element.body[-1]
    sect.addprevious(
        parse_xml(
            f'<w:p {NS}><w:r><w:t xml:space="preserve">Her friend can be reached </w:t></w:r>'
            f'<w:hyperlink r:id="{link}"><w:r><w:t>by e-mail</w:t></w:r></w:hyperlink></w:p>'
        )
    )
    chart = Part(
        PackURI("/word/charts/chart1.xml"),
        CHART,
        f"<c:chartSpace {NS}><c:chart><c:plotArea><c:barChart><c:ser><c:cat><c:strRef>"
        '<c:f>Sheet1!$A$1:$A$2</c:f><c:strCache><c:ptCount val="2"/><c:pt idx="0">'
        '<c:v>Before</c:v></c:pt><c:pt idx="1"><c:v>After</c:v></c:pt></c:strCache>'
        "</c:strRef></c:cat></c:ser></c:barChart></c:plotArea></c:chart>"
        '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>'
        "</c:chartSpace>".encode(),
        part.package,
    )
    embedded = Part(
        PackURI("/word/embeddings/Microsoft_Excel_Worksheet.xlsx"),
        XLSX,
        workbook(["Income of Mariam Sangaré", "Income of Ousmane Coulibaly"]),
        part.package,
    )
    assert chart.relate_to(embedded, PACKAGE_REL) == "rId1"
    chart_id = part.relate_to(chart, RT.CHART)
    sect.addprevious(
        parse_xml(
            f'<w:p {NS}><w:r><w:drawing><wp:inline><wp:extent cx="4000000" cy="2000000"/>'
            '<wp:docPr id="9" name="Chart 1"/><a:graphic><a:graphicData uri="http://schemas.'
            'openxmlformats.org/drawingml/2006/chart">'
            f'<c:chart r:id="{chart_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
            "</w:r></w:p>"
        )
    )
    out = BytesIO()
    document.save(out)
    # The photo as a person saved it: python-docx names media image1.png, Word keeps the name
    # of files pasted from some tools; rename the part and its relationship.
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            name = info.filename
            if name == "word/media/image1.png":
                name = "word/media/aminata_traore_bamako.png"
            if name == "word/_rels/document.xml.rels":
                data = data.replace(b"media/image1.png", b"media/aminata_traore_bamako.png")
            target.writestr(name, data)


def every_text(data: bytes) -> str:
    """Every part's bytes and name, and the parts of any package nested in it (a workbook)."""
    out = []
    with zipfile.ZipFile(BytesIO(data)) as package:
        for name in package.namelist():
            out.append(name)
            raw = package.read(name)
            if raw.startswith(b"PK"):
                out.append(every_text(raw))
            else:
                out.append(raw.decode("utf-8", "replace"))
    return "\n".join(out)


def test_media_name_mailto_target_and_chart_workbook(runner, tmp_path: Path):
    path = tmp_path / "story.docx"
    build(path)
    before = every_text(path.read_bytes())
    for hidden in ("aminata_traore", "awa.sissoko@gmail.com", "Mariam Sangaré", "Ousmane"):
        assert hidden in before  # the file really holds each one
    check = runner.invoke(cli, ["check", str(path)])
    assert check.exit_code == 1
    assert 'NAME_IN_URL "aminata_traore_bamako.png"' in check.stdout
    assert 'EMAIL_ADDRESS "awa.sissoko@gmail.com"' in check.stdout
    assert "embedded workbook word/embeddings/Microsoft_Excel_Worksheet.xlsx" in check.stdout

    result = runner.invoke(cli, ["redact", str(path)])
    assert result.exit_code == 0, result.output
    assert "edit by hand" not in result.output
    out_path = tmp_path / "story.redacted.docx"
    out = out_path.read_bytes()
    after = every_text(out)
    for hidden in ("aminata", "Aminata", "awa.sissoko", "Mariam", "Ousmane", "Sangar"):
        assert hidden not in after, hidden
    with zipfile.ZipFile(BytesIO(out)) as package:
        names = package.namelist()
        rels = package.read("word/_rels/document.xml.rels").decode()
        chart_rels = "word/charts/_rels/chart1.xml.rels"
        chart = package.read("word/charts/chart1.xml").decode()
    # The photo is renamed, and its relationship follows: the picture still shows.
    assert "word/media/image1.png" in names and 'Target="media/image1.png"' in rels
    # The mailto: link keeps its scheme; the address is masked (percent-encoded in the URI).
    assert 'Target="mailto:%5Bemail%201%5D"' in rels
    # The workbook is gone with its relationship and the chart's pointer to it; the chart
    # keeps the values it shows.
    assert not any(n.startswith("word/embeddings/") for n in names)
    assert chart_rels not in names or "embeddings" not in package_text(out, chart_rels)
    assert "externalData" not in chart and "<c:v>Before</c:v>" in chart
    reopened = docx.Document(BytesIO(out))  # still a Word document python-docx can open
    assert len(reopened.inline_shapes) == 2
    again = runner.invoke(cli, ["check", str(out_path)])
    assert again.exit_code == 0, again.output


def package_text(data: bytes, name: str) -> str:
    with zipfile.ZipFile(BytesIO(data)) as package:
        return package.read(name).decode()


def test_neutral_media_names_and_unknown_embeddings(runner, tmp_path: Path):
    """Word's own "image1.png" is not reported; an embedded file of another kind (an OLE
    object safename cannot read) is reported and fails `check`: a person has to look."""
    document = docx.Document()
    document.add_paragraph("The shop opened in March.")
    document.add_picture(str(DATA / "photo.png"))
    out = BytesIO()
    document.save(out)
    path = tmp_path / "clean.docx"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0 Aminata")
    check = runner.invoke(cli, ["check", str(path)])
    assert check.exit_code == 1
    assert "EMBEDDED_OBJECT" in check.stdout and "NAME_IN_URL" not in check.stdout
