"""Pseudonym quality on the development set: gender match, idempotence, surviving names.

Run ``python benchmarks/pseudonyms.py``. For every dev-set document it redacts the clean text
with a fixed key and reports:

* gender match: gold PERSON people (gender f or m) whose pseudonymous given name has the same
  gender in the name tables (a unisex pseudonym counts as a miss);
* idempotence: documents where ``redact(redact(x).text).text == redact(x).text``;
* surviving names: gold PERSON words (3+ letters, not also a staff name's word) still present
  as words in the redacted text. This mostly measures detection recall.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import load_devset  # noqa: E402
from safename import Redactor  # noqa: E402
from safename.pseudonym.pools import name_gender  # noqa: E402
from safename.textutil import WORD_RE, fold  # noqa: E402

KEY = bytes(range(32))
# That key is public (safename refuses it for real work); a benchmark may use it.
os.environ.setdefault("SAFENAME_ALLOW_PUBLIC_KEY", "1")


def main() -> int:
    redactor = Redactor(key=KEY)
    docs = load_devset()
    people = matched = unisex = 0
    idempotent = 0
    leaks: list[str] = []
    mismatches: list[str] = []
    started = time.perf_counter()
    for doc in docs:
        result = redactor.redact(doc.text, language=doc.language)
        again = redactor.redact(result.text, language=doc.language)
        if again.text == result.text:
            idempotent += 1
        else:
            print(f"not idempotent: {doc.name}")
        out_words = {fold(w) for w in WORD_RE.findall(result.text)}
        staff = {
            fold(w)
            for s in doc.spans
            if s.label == "STAFF"
            for w in WORD_RE.findall(doc.surface(s))
        }
        seen_pids: set[str] = set()
        for span in doc.spans:
            if span.label != "PERSON":
                continue
            for w in WORD_RE.findall(doc.surface(span)):
                if len(w) >= 3 and fold(w) in out_words and fold(w) not in staff:
                    leaks.append(f"{doc.name}: {w}")
            if span.gender not in ("f", "m") or span.pid in seen_pids:
                continue
            given = _pseudonym_given(result.findings, span.start, span.end)
            if given is None:
                continue
            seen_pids.add(span.pid)
            people += 1
            g = name_gender(given)
            matched += g == span.gender
            unisex += g == "u"
            if g != span.gender:
                mismatches.append(
                    f"{doc.name}: {doc.surface(span)} ({span.gender}) -> {given} ({g})"
                )
    elapsed = time.perf_counter() - started
    print(f"documents: {len(docs)} ({elapsed:.1f}s, two redactions each)")
    print(
        f"gender match: {matched}/{people} people = {matched / max(people, 1):.1%} "
        f"(unisex pseudonyms: {unisex})"
    )
    print(f"idempotent: {idempotent}/{len(docs)}")
    print(f"surviving gold PERSON words: {len(sorted(set(leaks)))}")
    for line in mismatches:
        print("  gender:", line)
    for line in sorted(set(leaks)):
        print("  survives:", line)
    return 0


def _pseudonym_given(findings, start: int, end: int) -> str | None:
    """The first given name in the replacement of a pseudonymised finding over [start, end)."""
    for f in findings:
        overlaps = f.start < end and start < f.end
        if f.entity_type == "PERSON" and f.action == "pseudonymize" and overlaps:
            words = re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", f.replacement or "")
            return next((w for w in words if name_gender(w) is not None), None)
    return None


if __name__ == "__main__":
    raise SystemExit(main())
