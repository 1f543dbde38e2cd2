"""A baseline of accepted findings, so `check` can be adopted on a repository of legacy stories.

Like detect-secrets' `.secrets.baseline`: run `safename check --update-baseline` once, commit the
file, and from then on only *new* names fail the check. Entries are matched by file and by a
keyed digest of the finding's type and folded text, not by line, so editing a paragraph above a
legacy name does not make it fail again.

The names themselves are never written: a baseline in a public repository must not become a
list of the beneficiaries it protects. A plain hash is not enough for that: the space of phone
numbers (10^8 for eight digits) and the name tables safename ships are small, so anyone could
hash every candidate and read the baseline back. Entries are therefore HMAC-SHA256 digests under
a key derived from the team's safename key (the one behind the pseudonyms): without the key a
digest cannot be tested against a guess; with it, a guess can be confirmed, exactly as with a
published pseudonym. Version-1 baselines (plain SHA-256) are still read, with a warning that
says how to re-key them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from safename.pseudonym.keys import SecretKey
from safename.textutil import fold

BASELINE_FILENAME = ".safename-baseline.json"
VERSION = 2
HASH_NAME = "HMAC-SHA256, key derived from the team's safename key"
_DERIVATION_LABEL = b"safename baseline v2"
KEYED_FIELD = "hmac"  # a version-2 entry's digest
LEGACY_FIELD = "hashed_text"  # a version-1 entry's plain SHA-256


class BaselineError(ValueError):
    """The baseline file exists but cannot be used."""


def _message(kind: str, text: str) -> bytes:
    return f"{kind}\x1f{fold(text.strip())}".encode()


def item_hash(kind: str, text: str) -> str:
    """The unkeyed SHA-256 of version-1 baselines (read for migration only, never written)."""
    return hashlib.sha256(_message(kind, text)).hexdigest()


def baseline_key(key: SecretKey) -> bytes:
    """The baseline's own key, derived from the team key so that neither reveals the other."""
    return hmac.new(key.material, _DERIVATION_LABEL, hashlib.sha256).digest()


def keyed_hash(derived: bytes, kind: str, text: str) -> str:
    return hmac.new(derived, _message(kind, text), hashlib.sha256).hexdigest()


@dataclass
class Baseline:
    """Accepted findings per file (paths relative to the baseline's folder, with / separators).

    `key` is the team key; None (or a random per-run key) can only read version-1 entries.
    """

    path: Path
    results: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    key: SecretKey | None = None
    fingerprint: str | None = None  # of the key the file's keyed entries were written with

    def __post_init__(self) -> None:
        if self.key is not None and self.key.ephemeral:
            self.key = None  # a random key would match nothing and record useless digests
        self._derived = baseline_key(self.key) if self.key is not None else None

    @classmethod
    def load(cls, path: Path, key: SecretKey | None = None) -> Baseline:
        """The baseline at `path`; an empty one when the file does not exist yet.

        Raises BaselineError when the file is unreadable, or keyed with another key (or with
        a key while none is configured): matching would then silently accept nothing.
        """
        if not path.exists():
            return cls(path, key=key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("results", {}), dict):
            raise BaselineError(f"{path}: not a safename baseline (no 'results' object)")
        version = data.get("version", 1)
        if not isinstance(version, int) or version > VERSION:
            raise BaselineError(f"{path}: baseline version {version} is too new")
        results = {k: list(v) for k, v in data.get("results", {}).items()}
        fingerprint = data.get("key_fingerprint")
        baseline = cls(path, results, key=key, fingerprint=fingerprint)
        if baseline.keyed_count:
            if baseline.key is None:
                raise BaselineError(
                    f"{path}: this baseline is keyed and no safename key is configured: set "
                    "SAFENAME_KEY to the team's key (or run `safename init` with it)"
                )
            if fingerprint and fingerprint != baseline.key.fingerprint:
                raise BaselineError(
                    f"{path}: baseline written with key fingerprint {fingerprint}, but your key's "
                    f"is {baseline.key.fingerprint}: set SAFENAME_KEY to the team's key"
                )
        return baseline

    @property
    def keyed_count(self) -> int:
        return sum(KEYED_FIELD in e for entries in self.results.values() for e in entries)

    @property
    def legacy_count(self) -> int:
        return sum(LEGACY_FIELD in e for entries in self.results.values() for e in entries)

    def migration_message(self) -> str | None:
        """One line for stderr while unkeyed version-1 entries remain, else None."""
        legacy = self.legacy_count
        if not legacy:
            return None
        return (
            f"{self.path}: {legacy} entr{'y uses' if legacy == 1 else 'ies use'} unkeyed SHA-256 "
            "(baseline version 1), which anyone can test guessed names and phone numbers "
            "against; re-key: `safename check --update-baseline PATHS` with the team's key"
        )

    def key_for(self, file: Path) -> str:
        """`file` relative to the baseline's folder, so the baseline works from any checkout."""
        base = self.path.resolve().parent
        target = file.resolve()
        try:
            return target.relative_to(base).as_posix()
        except ValueError:
            return Path(os.path.relpath(target, base)).as_posix()

    def contains(self, file: Path, kind: str, text: str) -> bool:
        entries = self.results.get(self.key_for(file), [])
        if not entries:
            return False
        keyed = keyed_hash(self._derived, kind, text) if self._derived is not None else None
        plain = item_hash(kind, text)
        return any(
            (keyed is not None and e.get(KEYED_FIELD) == keyed) or e.get(LEGACY_FIELD) == plain
            for e in entries
        )

    def set_file(self, file: Path, items: list[tuple[str, str, int]]) -> None:
        """Replace the entries for `file` with (kind, text, line) items; none removes the file."""
        if self._derived is None:
            raise BaselineError(
                f"{self.path}: recording a baseline needs the team's key (set SAFENAME_KEY or "
                "run `safename init`), so that its entries cannot be guessed"
            )
        entries: dict[str, dict[str, object]] = {}
        for kind, text, line in items:
            digest = keyed_hash(self._derived, kind, text)
            entries.setdefault(digest, {"type": kind, KEYED_FIELD: digest, "line_number": line})
        key = self.key_for(file)
        if entries:
            self.results[key] = sorted(
                entries.values(), key=lambda e: (e["line_number"], e["type"])
            )
        else:
            self.results.pop(key, None)

    def save(self) -> None:
        """Write atomically, sorted, so the baseline diffs cleanly in review."""
        data: dict[str, object] = {
            "version": VERSION,
            "generated_by": "safename check --update-baseline",
            "generated_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "hash": HASH_NAME,
        }
        if self.key is not None:
            data["key_fingerprint"] = self.key.fingerprint
        data["results"] = dict(sorted(self.results.items()))
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
