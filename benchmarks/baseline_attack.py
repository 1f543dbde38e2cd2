"""What an attacker without the key can do with a committed `.safename-baseline.json`.

A baseline entry is a digest of (finding type, folded text). The attacker knows the format (it
is in the source code), so for a plain hash they hash every candidate and look the digests up:
all 8-digit phone numbers (10^8, in the ways stories write them) and every name in the tables
safename ships. This script is that attacker. Against a version-1 baseline (plain SHA-256) it
recovers the entries; against a version-2 baseline (HMAC under a key derived from the team's
key) it finds nothing, because without the key there is nothing to compute.

    python benchmarks/baseline_attack.py .safename-baseline.json            # all 10^8 numbers
    python benchmarks/baseline_attack.py --prefixes 76 .safename-baseline.json   # 10^6 of them

tests/test_baseline_keyed.py runs the same code on a smaller space (one two-digit prefix).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO_SRC = Path(__file__).resolve().parents[1] / "src"
if str(REPO_SRC) not in sys.path:
    sys.path.insert(0, str(REPO_SRC))

from safename.data import read_tsv  # noqa: E402
from safename.textutil import fold  # noqa: E402

# The ways a story writes an 8-digit number; {} is filled with the four digit pairs.
PHONE_FORMATS = ("{}{}{}{}", "{} {} {} {}", "+223 {} {} {} {}", "+223{}{}{}{}", "00223 {} {} {} {}")
_PAIRS = [b"%02d" % i for i in range(100)]


def entry_digests(baseline: dict) -> set[bytes]:
    """Every digest in a baseline, whichever field holds it (v1 `hashed_text`, v2 `hmac`)."""
    out = set()
    for entries in baseline.get("results", {}).values():
        for e in entries:
            for name in ("hashed_text", "hmac"):
                if name in e:
                    out.add(bytes.fromhex(e[name]))
    return out


def _phone_prefix_hits(args: tuple[bytes, str, frozenset[bytes]]) -> list[str]:
    """Hash every number starting with the two digits `first`, in format `fmt`."""
    first, fmt, targets = args
    pieces = [p.encode() for p in fmt.split("{}")]  # 5 pieces around 4 pairs
    sha = hashlib.sha256
    hits = []
    head = b"PHONE_NUMBER\x1f" + pieces[0] + first + pieces[1]
    for b in _PAIRS:
        hb = head + b + pieces[2]
        for c in _PAIRS:
            hc = hb + c + pieces[3]
            for d in _PAIRS:
                message = hc + d + pieces[4]
                if sha(message).digest() in targets:
                    hits.append(message.decode().split("\x1f", 1)[1])
    return hits


def crack_phones(
    targets: set[bytes], prefixes: Iterable[int] = range(100), processes: int = 1
) -> tuple[list[str], int]:
    """Phone numbers (8 digits, every format above) whose plain SHA-256 entry is in `targets`;
    also returns how many candidates were hashed."""
    frozen = frozenset(targets)
    tasks = [(b"%02d" % p, fmt, frozen) for p in prefixes for fmt in PHONE_FORMATS]
    if processes > 1:
        with multiprocessing.Pool(processes) as pool:
            results = pool.map(_phone_prefix_hits, tasks, chunksize=1)
    else:
        results = [_phone_prefix_hits(t) for t in tasks]
    return [h for r in results for h in r], len(tasks) * 10**6


def name_candidates(full_names_for: Iterable[str] = ()) -> Iterator[str]:
    """Every given name and surname safename ships, and "given surname" for the given names
    in `full_names_for` (all of them when asked: 15 million pairs)."""
    given = list(dict.fromkeys(r["name"] for r in read_tsv("names", "given_names.tsv")))
    surnames = list(dict.fromkeys(r["name"] for r in read_tsv("names", "surnames.tsv")))
    yield from given
    yield from surnames
    for first in full_names_for:
        for last in surnames:
            yield f"{first} {last}"


def crack_names(targets: set[bytes], candidates: Iterable[str]) -> tuple[list[str], int]:
    """Candidates whose plain SHA-256 PERSON entry is in `targets`, and how many were tried."""
    hits, tried = [], 0
    for name in candidates:
        tried += 1
        if hashlib.sha256(f"PERSON\x1f{fold(name)}".encode()).digest() in targets:
            hits.append(name)
    return hits, tried


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("--prefixes", help="comma-separated two-digit prefixes (default: all)")
    parser.add_argument("--all-full-names", action="store_true", help="every given x surname")
    parser.add_argument("--processes", type=int, default=multiprocessing.cpu_count())
    args = parser.parse_args(argv)
    targets = entry_digests(json.loads(args.baseline.read_text(encoding="utf-8")))
    prefixes = [int(p) for p in args.prefixes.split(",")] if args.prefixes else range(100)
    began = time.perf_counter()
    phones, phone_tried = crack_phones(targets, prefixes, args.processes)
    given = list(dict.fromkeys(r["name"] for r in read_tsv("names", "given_names.tsv")))
    names, name_tried = crack_names(targets, name_candidates(given if args.all_full_names else ()))
    elapsed = time.perf_counter() - began
    print(
        f"{len(targets)} entries; {phone_tried:,} phone and {name_tried:,} name candidates "
        f"hashed in {elapsed:.0f} s"
    )
    print(f"recovered: {phones + names if phones or names else 'nothing'}")
    return 1 if phones or names else 0


if __name__ == "__main__":
    raise SystemExit(main())
