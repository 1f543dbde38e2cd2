"""The long fuzz run of issue 13, by hand: N random stories per format, every failure kept.

    .venv/bin/python benchmarks/fuzz_long.py FORMAT N SEED > run.json

FORMAT is text, markdown or html. Each story goes through `check_one` of
tests/test_formats_fuzz.py (no exception, findings inside the view, redacting twice gives the
file redacting once gave, no redacted name left in what the engine reads of the output) with
the same fixed key as the test. Unlike the hypothesis test, which stops at the first failure
and shrinks it, this run goes on and prints every failing input as JSON, so a run of 10,000
can be triaged in one pass. Stories are drawn from the test's word, name and markup lists.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from safename import Redactor  # noqa: E402
from test_formats_fuzz import FILLER, MARKUP, NAMES, WORDS, check_one  # noqa: E402

ALPHABET = " -.,\n*<>&[]()`#"


def story(rng: random.Random, fmt: str) -> str:
    """Up to 30 pieces: a name and a prose word, a word, a markup token or punctuation."""
    parts = []
    for _ in range(rng.randint(0, 30)):
        k = rng.random()
        if k < 0.25:
            parts.append(rng.choice(NAMES) + " " + rng.choice(FILLER) + " ")
        elif k < 0.45:
            parts.append(rng.choice(WORDS[len(NAMES) :]) + " ")
        elif k < 0.85:
            parts.append(rng.choice(MARKUP[fmt]))
        else:
            parts.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 4))))
    return "".join(parts)


def main(fmt: str, n: int, seed: int) -> None:
    rng = random.Random(seed)
    redactor = Redactor(key=hashlib.sha256(b"safename format fuzz").hexdigest())
    ok, failures = 0, []
    for _ in range(n):
        text = story(rng, fmt)
        try:
            check_one(redactor, fmt, text)
            ok += 1
        except AssertionError as exc:
            failures.append({"text": text, "error": str(exc).split("\n")[0][:300]})
        except Exception:  # noqa: BLE001 - an exception is a failure to report, not to stop on
            failures.append({"text": text, "error": traceback.format_exc()[-600:]})
    report = {"format": fmt, "inputs": n, "seed": seed, "ok": ok, "failures": len(failures),
              "examples": failures}  # fmt: skip
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
