"""A name in every place an HTML page or a Markdown story can hide one (issue 13, item 3).

Each place holds a different person, so a surviving name shows exactly which place leaked.
After `redact`, no full name is left anywhere in the file, except in places that cannot be
rewritten safely (URLs, slugs, ids), and those are reported: `check` fails on the copy.
"""

from __future__ import annotations

import re
from pathlib import Path

from safename.cli.main import cli
from safename.formats import document_from_bytes
from safename.formats.process import analyse

# (given name, surname): West African names the gazetteer knows, one person per hiding place.
PEOPLE = [
    ("Aminata", "Traoré"), ("Moussa", "Diallo"), ("Fatoumata", "Keita"), ("Ousmane", "Coulibaly"),
    ("Mariam", "Sangaré"), ("Seydou", "Konaté"), ("Awa", "Sissoko"), ("Ibrahim", "Touré"),
    ("Kadiatou", "Camara"), ("Boubacar", "Cissé"), ("Hawa", "Doumbia"), ("Mamadou", "Sylla"),
    ("Rokia", "Bagayoko"), ("Adama", "Kanté"), ("Salimata", "Dembélé"), ("Lassana", "Fofana"),
]  # fmt: skip


def full(k: int) -> str:
    return " ".join(PEOPLE[k])


HTML = f"""<!DOCTYPE html>
<html><head>
<title>A new start</title>
<meta name="description" content="The story of {full(0)}, 24, from Mali.">
<meta property="article:author" content="{full(1)}">
<meta itemprop="name" content="{full(2)}">
<script type="application/ld+json">{{"@type": "Article", "about": {{"@type": "Person",
 "name": "{full(3)}", "url": "https://example.org/people/1"}}}}</script>
</head><body>
<!-- Interview with {full(4)} recorded in Bamako -->
<p>The returnees met in March, 2024, in Bamako.</p>
<noscript><p>{full(5)}, 31, returned from Libya.</p></noscript>
<template><p>{full(6)}, 29, returned from Niger.</p></template>
<svg><text x="1" y="1">{full(7)}, 40, returned from Algeria.</text></svg>
<div data-caption="{full(8)} in her shop" data-person="hawa-doumbia">Photo</div>
<form><input type="text" value="{full(9)}"></form>
<iframe srcdoc="&lt;p&gt;{full(11)}, 35, returned.&lt;/p&gt;"></iframe>
<img srcset="small.jpg 1x, /photos/rokia-bagayoko.jpg 2x" alt="A shop">
<p>Call <a href="tel:+22376123456">her brother</a> or write to
<a href="mailto:adama.kante@gmail.com">his cousin</a>.</p>
</body></html>
"""

MARKDOWN = f"""---
title: A new start
interviewee: {full(0)}
tags: [{full(2)}, returnees]
photographer: {full(1)}
related: seydou-konate
date: 2024-09-12
---

<!-- Notes: call {full(3)} before publishing -->

The returnees met in March, 2024, in Bamako.

<div data-caption="{full(4)} at the market" aria-label="{full(5)} smiling">Photo</div>

Read [the interview][1] or [call her](tel:+22376123456) or
write to <ibrahim.toure@gmail.com> or [her cousin](mailto:kadiatou.camara@gmail.com).

[1]: https://example.org/interview "{full(9)} at home"
"""


def surviving(text: str, k_range: range) -> list[str]:
    return [full(k) for k in k_range if full(k) in text]


def test_html_hiding_places(runner, tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    check = runner.invoke(cli, ["check", str(page)])
    assert check.exit_code == 1
    assert "NAME_IN_URL" in check.stdout  # data-person="hawa-doumbia", the srcset path
    result = runner.invoke(cli, ["redact", str(page)])
    assert result.exit_code == 0, result.output
    out = (tmp_path / "page.redacted.html").read_text(encoding="utf-8")
    # article:author is scanned like any text: no byline for standing alone in the <head>.
    assert surviving(out, range(12)) == []
    assert "76123456" not in out and "adama.kante@gmail.com" not in out  # contact links
    assert "https://example.org/people/1" in out and "small.jpg 1x" in out  # URLs untouched
    assert '"@type": "Article"' in out and "<svg><text" in out  # structure kept
    # What redact cannot rewrite is still reported, so the copy fails check.
    again = runner.invoke(cli, ["check", str(tmp_path / "page.redacted.html")])
    assert again.exit_code == 1
    reported = re.findall(r'NAME_IN_URL "([^"]+)"', again.stdout)
    assert reported == ["hawa-doumbia", "/photos/rokia-bagayoko.jpg"], again.stdout


def test_every_html_place_is_scanned(redactor):
    doc = load_document_from(HTML, "page.html")
    found = {f.text for f in analyse(doc, redactor, redact=False).findings}
    assert {full(k) for k in range(12) if k != 10} <= found  # 10 is the data-person slug
    assert {"+22376123456", "adama.kante@gmail.com"} <= found


def load_document_from(text: str, name: str):
    return document_from_bytes(Path(name), text.encode())


def test_markdown_hiding_places(runner, tmp_path: Path):
    story = tmp_path / "story.md"
    story.write_text(MARKDOWN, encoding="utf-8")
    result = runner.invoke(cli, ["redact", str(story)])
    assert result.exit_code == 0, result.output
    out = (tmp_path / "story.redacted.md").read_text(encoding="utf-8")
    # The photographer is a credit: scanned, and kept like "Photo: ..." in the text.
    assert surviving(out, range(10)) == [full(1)], out
    assert "76123456" not in out
    assert "ibrahim.toure@gmail.com" not in out and "kadiatou.camara@gmail.com" not in out
    assert "date: 2024-09-12" in out  # a setting, not a phone
    assert "[1]: https://example.org/interview" in out
    again = runner.invoke(cli, ["check", str(tmp_path / "story.redacted.md")])
    assert again.exit_code == 1
    assert re.findall(r'NAME_IN_URL "([^"]+)"', again.stdout) == ["seydou-konate"], again.stdout


# -- metadata is no byline, a credit label is no signature ----------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
<title>A new start in Bamako</title>
<meta property="article:author" content="Aminata Traoré">
<meta name="article:author" content="Aminata Traoré">
<meta name="twitter:creator" content="Aminata Traoré">
<meta name="author" content="Claire Dubois">
</head><body>
<h1>A new start in Bamako</h1>
<p>By Claire Dubois</p>
<p>Aminata Traoré returned from Libya in March. She now sells fabric at the market.</p>
<p>The shop opened with a small grant.</p>
</body></html>
"""


def test_meta_author_is_scanned_like_any_text(runner, tmp_path: Path):
    """A name in article:author / twitter:creator meta stood alone under the <title> in the
    view and was kept as a byline, with every mention of that person in the story."""
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert runner.invoke(cli, ["redact", str(page)]).exit_code == 0
    out = (tmp_path / "page.redacted.html").read_text(encoding="utf-8")
    assert "Aminata" not in out and "Traoré" not in out
    assert out.count('content="Claire Dubois"') == 1  # the byline in the story: staff
    assert "By Claire Dubois" in out
    assert runner.invoke(cli, ["check", str(tmp_path / "page.redacted.html")]).exit_code == 0


def test_credit_label_below_a_name_is_not_its_signature(runner, tmp_path: Path):
    """ "photographer: X" under "interviewee: Y" credited Y too ("signed with the title")."""
    story = tmp_path / "story.md"
    story.write_text(
        "---\ntitle: A new start\ninterviewee: Aminata Traoré\nphotographer: Moussa Tall\n"
        "---\n\nShe returned from Libya in March.\n",
        encoding="utf-8",
    )
    text = tmp_path / "caption.txt"
    text.write_text(
        "Aminata Traoré\nPhotographer: Moussa Tall\n\nShe returned from Libya.\n",
        encoding="utf-8",
    )
    for path in (story, text):
        assert runner.invoke(cli, ["redact", "--in-place", str(path)]).exit_code == 0
        out = path.read_text(encoding="utf-8")
        assert "Aminata" not in out and "Traoré" not in out, out
        assert "hotographer: Moussa Tall" in out  # the credit stays
    # A real signature still keeps its name: the title line says what the person is.
    signed = tmp_path / "signed.txt"
    signed.write_text("Aminata Traoré returned.\n\nClaire Dubois\nProtection Officer\n")
    assert runner.invoke(cli, ["redact", "--in-place", str(signed)]).exit_code == 0
    assert "Claire Dubois\nProtection Officer" in signed.read_text()
