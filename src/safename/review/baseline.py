"""A baseline of accepted findings, so `check` can be adopted on a repository of legacy stories.

Like detect-secrets' `.secrets.baseline`: run `safename check --update-baseline` once, commit the
file, and from then on only *new* names fail the check. Entries are matched by file and by a
hash of the finding's type and folded text, not by line, so editing a paragraph above a legacy
name does not make it fail again.

The names themselves are never written: a baseline in a public repository must not become a
list of the beneficiaries it protects. A SHA-256 of a name can still be confirmed by someone who
guesses the name, so the baseline is a convenience for legacy content, not a vault.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from safename.textutil import fold

BASELINE_FILENAME = ".safename-baseline.json"
VERSION = 1


class BaselineError(ValueError):
    """The baseline file exists but cannot be used."""


def item_hash(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}\x1f{fold(text.strip())}".encode()).hexdigest()


@dataclass
class Baseline:
    """Accepted findings per file (paths relative to the baseline's folder, with / separators)."""

    path: Path
    results: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """The baseline at `path`; an empty one when the file does not exist yet."""
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("results", {}), dict):
            raise BaselineError(f"{path}: not a safename baseline (no 'results' object)")
        if data.get("version", VERSION) > VERSION:
            raise BaselineError(f"{path}: baseline version {data['version']} is too new")
        return cls(path, {k: list(v) for k, v in data.get("results", {}).items()})

    def key(self, file: Path) -> str:
        """`file` relative to the baseline's folder, so the baseline works from any checkout."""
        base = self.path.resolve().parent
        target = file.resolve()
        try:
            return target.relative_to(base).as_posix()
        except ValueError:
            return Path(os.path.relpath(target, base)).as_posix()

    def contains(self, file: Path, kind: str, text: str) -> bool:
        digest = item_hash(kind, text)
        return any(e.get("hashed_text") == digest for e in self.results.get(self.key(file), []))

    def set_file(self, file: Path, items: list[tuple[str, str, int]]) -> None:
        """Replace the entries for `file` with (kind, text, line) items; none removes the file."""
        entries: dict[str, dict[str, object]] = {}
        for kind, text, line in items:
            digest = item_hash(kind, text)
            entries.setdefault(digest, {"type": kind, "hashed_text": digest, "line_number": line})
        key = self.key(file)
        if entries:
            self.results[key] = sorted(
                entries.values(), key=lambda e: (e["line_number"], e["type"])
            )
        else:
            self.results.pop(key, None)

    def save(self) -> None:
        """Write atomically, sorted, so the baseline diffs cleanly in review."""
        data = {
            "version": VERSION,
            "generated_by": "safename check --update-baseline",
            "generated_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "results": dict(sorted(self.results.items())),
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".safename-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
