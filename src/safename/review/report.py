"""The review report: one self-contained HTML page a non-developer reads before publishing.

`safename scan --format html -o report.html` shows each story with every finding highlighted in
place: what it is, what redaction does with it (replaced by a pseudonym, generalised, masked or
kept) and why, with a legend and a numbered table. It has no external assets (no fonts,
scripts or stylesheets to fetch), so it can be e-mailed or opened offline in the field, and it
never leaves the reviewer's machine by itself.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from safename import __version__
from safename.findings import Finding
from safename.formats.base import Notice
from safename.review.persons import review_persons
from safename.textutil import LineIndex

ACTION_LABELS: dict[str, tuple[str, str]] = {
    "pseudonymize": ("Replaced by a pseudonym", "A beneficiary's name: it becomes a pseudonym."),
    "generalize": (
        "Generalised",
        'A nationality, age or home place: it becomes a region ("West African"), a range '
        '("in her twenties") or "a town in West Africa".',
    ),
    "mask": (
        "Masked",
        "A phone number, e-mail, handle or document number: it becomes a placeholder such as "
        "[phone 1].",
    ),
    "keep": (
        "Kept",
        "Recognised but left as it is: staff, photo credit, allowlisted name, existing "
        "pseudonym, or the organisation's own contact.",
    ),
}
TYPE_LABELS: dict[str, str] = {
    "PERSON": "name",
    "NATIONALITY": "nationality",
    "AGE": "age",
    "LOCATION": "home place",
    "PHONE_NUMBER": "phone number",
    "EMAIL_ADDRESS": "e-mail address",
    "URL": "web address",
    "SOCIAL_HANDLE": "social media account",
    "DOCUMENT_NUMBER": "document number",
    "IBAN_CODE": "bank account",
    "CREDIT_CARD": "card number",
    "IP_ADDRESS": "IP address",
}

CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
  margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2.5rem;
  border-bottom: 2px solid #ddd; padding-bottom: .3rem; }
.meta { color: #666; font-size: .9rem; }
.legend { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding: .8rem 1rem;
  background: #f6f6f6; border-radius: 6px; }
.legend div { max-width: 26rem; }
.doc { white-space: pre-wrap; word-wrap: break-word; background: #fff; border: 1px solid #ddd;
  border-radius: 6px; padding: 1rem 1.2rem; font: 15px/1.7 Georgia, "Times New Roman", serif; }
mark { border-radius: 3px; padding: 0 2px; color: inherit; }
mark sup { font: bold 10px/1 system-ui, sans-serif; color: #555; margin-left: 1px; }
mark .new { font: italic 13px/1 system-ui, sans-serif; color: #333; }
.pseudonymize { background: #ffd8a8; } .generalize { background: #a5d8ff; }
.mask { background: #ffc9c9; } .keep { background: #d3f9d8; }
.swatch { display: inline-block; width: 1.1em; height: 1.1em; border-radius: 3px;
  vertical-align: -.2em; margin-right: .35em; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; font-size: .9rem; }
th, td { border-bottom: 1px solid #e3e3e3; text-align: left; padding: .35rem .5rem;
  vertical-align: top; }
th { background: #f6f6f6; }
.notices { background: #fff4e6; border-left: 4px solid #f08c00; padding: .6rem 1rem;
  margin: 1rem 0; }
.error { background: #ffe3e3; border-left: 4px solid #e03131; padding: .6rem 1rem; }
.clean { color: #2b8a3e; font-weight: bold; }
.persons { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
  gap: .8rem; margin-top: 1rem; }
.person { border: 1px solid #ddd; border-radius: 6px; padding: .6rem .9rem; font-size: .9rem; }
.person h3 { font-size: 1rem; margin: 0 0 .3rem; }
.person ul { margin: .2rem 0; padding-left: 1.2rem; }
.risk { display: inline-block; border-radius: 3px; padding: 0 .4rem; font-weight: bold; }
.risk-high { background: #ffc9c9; } .risk-medium { background: #ffec99; }
.risk-low { background: #d3f9d8; }
@media print { mark { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


@dataclass
class ReportEntry:
    """One file in the report: the text shown, its findings (offsets into `text`), notices."""

    path: str
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    language: str | None = None
    format: str | None = None
    error: str | None = None


OWNER_ONLY_NOTE = (
    " This file was written readable by you only (permissions 0600): do not copy it to a "
    "shared folder."
)


def render_report(
    entries: Sequence[ReportEntry],
    title: str = "safename review report",
    owner_only: bool = False,
) -> str:
    """The whole page as a string; `owner_only` says on the page that the file is 0600."""
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="meta">{len(entries)} file(s) · generated {generated} by safename '
        f"{__version__}. Nothing in this page was sent anywhere.</p>",
        '<p class="error"><b>Confidential:</b> this page shows the real names it found. Keep it '
        "within the review team; never publish or forward it."
        + (OWNER_ONLY_NOTE if owner_only else "")
        + "</p>",
        _legend(),
        _overview(entries),
    ]
    for number, entry in enumerate(entries, 1):
        parts.append(_entry(number, entry))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _legend() -> str:
    items = "".join(
        f'<div><span class="swatch {action}"></span><b>{html.escape(label)}</b> — '
        f"{html.escape(help_text)}</div>"
        for action, (label, help_text) in ACTION_LABELS.items()
    )
    return (
        '<section class="legend" aria-label="Legend">'
        + items
        + "<div>Each highlight shows the original words, then (→) what the published text "
        "will say; the small number leads to the table below the text.</div></section>"
    )


def _overview(entries: Sequence[ReportEntry]) -> str:
    rows = []
    for number, entry in enumerate(entries, 1):
        if entry.error:
            status = f'<span class="error">not read: {html.escape(entry.error)}</span>'
        else:
            changes = sum(1 for f in entry.findings if f.action != "keep")
            kept = len(entry.findings) - changes
            status = (
                f"{changes} to change, {kept} kept, {len(entry.notices)} to check by hand"
                if changes or entry.notices
                else f'<span class="clean">nothing to change</span> ({kept} kept)'
            )
        rows.append(
            f'<tr><td><a href="#file-{number}">{html.escape(entry.path)}</a></td>'
            f"<td>{status}</td></tr>"
        )
    return "<table><tr><th>File</th><th>Result</th></tr>" + "".join(rows) + "</table>"


def _entry(number: int, entry: ReportEntry) -> str:
    head = f'<h2 id="file-{number}">{html.escape(entry.path)}</h2>'
    if entry.error:
        return (
            head + f'<p class="error">This file could not be read: {html.escape(entry.error)}</p>'
        )
    meta = (
        f'<p class="meta">format: {html.escape(entry.format or "text")} · language: '
        f"{html.escape(entry.language or '?')} · {len(entry.findings)} finding(s)</p>"
    )
    index = LineIndex(entry.text)
    notices = ""
    if entry.notices:
        items = []
        for n in entry.notices:
            where = ""
            if n.offset is not None:
                line, column = index.position(n.offset)
                where = f"line {line}: "
            items.append(f"<li>{html.escape(where + n.message)}</li>")
        notices = (
            '<div class="notices"><b>Also check by hand</b> (outside the highlighted text)'
            f"<ul>{''.join(items)}</ul></div>"
        )
    return (
        head
        + meta
        + notices
        + _highlighted(number, entry)
        + _persons(entry)
        + _table(number, entry, index)
    )


def _persons(entry: ReportEntry) -> str:
    """One card per person: what a reader of the redacted story still learns about them."""
    reviews = review_persons(entry.findings)
    if not reviews:
        return ""
    cards = []
    for r in reviews:
        decision = ("Kept as written" if r.decision == "keep" else "Replaced by a pseudonym") + (
            f": <b>{html.escape(r.pseudonym)}</b>" if r.pseudonym else ""
        )
        quasi = "".join(
            f"<li>{html.escape(TYPE_LABELS.get(q['type'], q['type']))} "
            f"“{html.escape(q['text'])}”: "
            f"{html.escape(ACTION_LABELS.get(q['action'], (q['action'], ''))[0].lower())}"
            + (
                f" → {html.escape(q['replacement'])}"
                if q["replacement"] and q["action"] != "keep"
                else ""
            )
            + "</li>"
            for q in r.quasi_identifiers
        )
        cards.append(
            f'<section class="person" aria-label="{html.escape(r.id)}">'
            f"<h3>{html.escape(' / '.join(r.mentions))}</h3>"
            f"<div>{decision}</div>"
            f'<div class="meta">Why: {html.escape(r.evidence)}</div>'
            + (f"<div>What else the story says about them:<ul>{quasi}</ul></div>" if quasi else "")
            + f'<div>Residual risk: <span class="risk risk-{html.escape(r.risk)}">'
            f"{html.escape(r.risk)}</span> — {html.escape(r.risk_reason)}</div></section>"
        )
    return (
        '<h3 class="meta">People in this story (one card each)</h3>'
        '<div class="persons">' + "".join(cards) + "</div>"
    )


def _highlighted(number: int, entry: ReportEntry) -> str:
    text = entry.text
    out = ['<div class="doc">']
    pos = 0
    for i, f in enumerate(sorted(entry.findings, key=lambda f: f.start), 1):
        if f.start < pos or f.end > len(text):
            continue  # overlapping findings are listed in the table only
        out.append(html.escape(text[pos : f.start]))
        tip = _tooltip(f)
        new = ""
        if f.action != "keep" and f.replacement is not None:
            new = f' <span class="new">→ {html.escape(f.replacement)}</span>'
        out.append(
            f'<mark class="{html.escape(f.action)}" id="f{number}-{i}" title="{html.escape(tip)}">'
            f"{html.escape(text[f.start : f.end])}{new}<sup>{i}</sup></mark>"
        )
        pos = f.end
    out.append(html.escape(text[pos:]))
    out.append("</div>")
    return "".join(out)


def _tooltip(f: Finding) -> str:
    label = ACTION_LABELS.get(f.action, (f.action, ""))[0]
    kind = TYPE_LABELS.get(f.entity_type, f.entity_type.lower())
    replacement = f" → {f.replacement}" if f.replacement else ""
    return f"{kind}: {label}{replacement}. {f.reason}"


def _table(number: int, entry: ReportEntry, index: LineIndex) -> str:
    if not entry.findings:
        return '<p class="clean">No names, nationalities or contacts found.</p>'
    rows = []
    for i, f in enumerate(sorted(entry.findings, key=lambda f: f.start), 1):
        line, _ = index.position(f.start)
        label = ACTION_LABELS.get(f.action, (f.action, ""))[0]
        rows.append(
            "<tr>"
            f'<td><a href="#f{number}-{i}">{i}</a></td><td>{line}</td>'
            f"<td>{html.escape(f.text)}</td>"
            f"<td>{html.escape(TYPE_LABELS.get(f.entity_type, f.entity_type))}</td>"
            f'<td><span class="swatch {html.escape(f.action)}"></span>{html.escape(label)}</td>'
            f"<td>{html.escape(f.replacement or '')}</td>"
            f"<td>{html.escape(f.reason)}<br><small>{html.escape(f.recognizer)}, score "
            f"{f.score:.2f}</small></td>"
            "</tr>"
        )
    return (
        "<table><tr><th>#</th><th>Line</th><th>Found</th><th>Type</th><th>Action</th>"
        "<th>Becomes</th><th>Why</th></tr>" + "".join(rows) + "</table>"
    )
