"""Build examples/histoire_fr.docx, a French Word draft as a communication team sends it.

It has what makes Word drafts hard: a name split across runs with different formatting, a table,
a header, a reviewer's comment that names the beneficiary, a tracked deletion holding her real
surname, and author properties. The story is invented for the project.

Run: python examples/make_word_draft.py (needs python-docx, from the `test` extra).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def build(path: Path) -> None:
    document = docx.Document()
    props = document.core_properties
    props.author = "Awa Diallo"
    props.last_modified_by = "Jean-Marc Poirier"
    props.title = "Le nouveau départ de Kadiatou"
    props.comments = ""

    document.sections[0].header.paragraphs[0].text = "OIM Guinée – Récits de retour"
    document.add_heading("Le nouveau départ de Kadiatou", level=1)

    p = document.add_paragraph("CONAKRY – ")
    p.add_run("Kadia").bold = True
    p.add_run("tou Bald").italic = True
    p.add_run("é, 22 ans, originaire de Kindia, est rentrée du Niger en février avec l'aide ")
    p.add_run("de l'Organisation internationale pour les migrations (OIM).")

    quote = document.add_paragraph(
        "« Au centre de transit d'Agadez, je n'avais plus d'espoir », confie Kadiatou. Son "
        "frère Mamadou l'attendait à l'aéroport."
    )
    document.add_comment(
        quote.runs[0], text="Kadiatou a-t-elle accepté d'être citée ?", author="Jean-Marc Poirier"
    )

    changed = parse_xml(
        f"""<w:p {W}>
  <w:r><w:t xml:space="preserve">Aujourd'hui, Kadiatou tient un petit commerce de tissus</w:t></w:r>
  <w:del w:id="201" w:author="Jean-Marc Poirier" w:date="2024-04-02T09:00:00Z">
    <w:r><w:delText xml:space="preserve"> avec sa tante Hawa Baldé</w:delText></w:r>
  </w:del>
  <w:ins w:id="202" w:author="Jean-Marc Poirier" w:date="2024-04-02T09:01:00Z">
    <w:r><w:t xml:space="preserve"> au grand marché de Conakry</w:t></w:r>
  </w:ins>
  <w:r><w:t>.</w:t></w:r>
</w:p>"""
    )
    document.element.body.insert(len(document.element.body) - 1, changed)

    document.add_paragraph(
        "« Chaque retour est différent. Nous accompagnons chacun dans un projet adapté », a "
        "déclaré Sophie Lambert, chargée de protection à l'OIM Guinée."
    )
    table = document.add_table(rows=2, cols=3)
    table.style = "Table Grid"
    for i, text in enumerate(["Bénéficiaire", "Âge", "Activité"]):
        table.cell(0, i).text = text
    for i, text in enumerate(["Kadiatou Baldé", "22", "Commerce de tissus"]):
        table.cell(1, i).text = text
    document.add_paragraph("Photo : © OIM/Ibrahima Sow")
    document.save(path)


if __name__ == "__main__":
    build(Path(__file__).with_name("histoire_fr.docx"))
