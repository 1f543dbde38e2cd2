"""A pseudonym registry for a content repository: one beneficiary, one pseudonym, for years.

Derivation alone gives the same pseudonym for the same name, but two different names can be
given the same pseudonym in two different stories. A repository that publishes many stories
about the same people keeps this file next to them: it maps a keyed digest of each real name
part (HMAC-SHA256 under the secret key, truncated to 128 bits) to the pseudonym chosen for it,
and every new choice avoids the pseudonyms already taken. It holds no real name, and without
the key nobody can test a guessed name against it, so it is safe to commit.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from safename.pseudonym.derive import Deriver, normalise_name
from safename.textutil import fold

FORMAT = "safename pseudonym registry"
VERSION = 1
NOTE = (
    "Keyed digests (HMAC-SHA256) of real names mapped to their pseudonyms. No real name is "
    "stored; safe to commit. Edit only with safename."
)


class RegistryError(Exception):
    """A registry file that cannot be read, written or used with this key."""


@dataclass
class PseudonymRegistry:
    """Digest -> pseudonym, loaded from and saved to one JSON file."""

    path: Path
    entries: dict[str, str] = field(default_factory=dict)
    key_fingerprint: str | None = None
    dirty: bool = False

    @classmethod
    def load(cls, path: str | Path) -> PseudonymRegistry:
        path = Path(path)
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RegistryError(f"{path}: cannot read the pseudonym registry: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise RegistryError(f"{path}: not a safename pseudonym registry")
        if data.get("version") != VERSION:
            raise RegistryError(f"{path}: unsupported registry version {data.get('version')!r}")
        entries = data.get("pseudonyms", {})
        if not isinstance(entries, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in entries.items()
        ):
            raise RegistryError(f"{path}: 'pseudonyms' must map digests to names")
        return cls(path, dict(entries), data.get("key_fingerprint"))

    def check_key(self, fingerprint: str) -> None:
        """Refuse a different key: its digests would match nothing and remap everyone."""
        if self.key_fingerprint is None:
            self.key_fingerprint = fingerprint
            self.dirty = True
        elif self.key_fingerprint != fingerprint:
            raise RegistryError(
                f"{self.path}: the registry was written with another key "
                f"(fingerprint {self.key_fingerprint}, this key {fingerprint})"
            )

    @staticmethod
    def digest(deriver: Deriver, kind: str, name: str, gender: str = "") -> str:
        """The keyed digest of one real name part: of the name alone, never of the story.

        Digests once included the gender a story suggested, so one name could get two entries
        (and two pseudonyms); `legacy_digests` still finds those entries.
        """
        return deriver.hexdigest("registry", kind, normalise_name(name), gender)[:32]

    @classmethod
    def legacy_digests(cls, deriver: Deriver, kind: str, name: str) -> list[str]:
        """Digests earlier versions wrote for a given name, one per gender."""
        if kind != "given":
            return []
        return [cls.digest(deriver, kind, name, g) for g in ("f", "m", "u")]

    def lookup(self, digest: str, legacy: list[str] | tuple[str, ...] = ()) -> str | None:
        """The pseudonym pinned for `digest`, or for the first legacy digest that has one."""
        known = self.entries.get(digest)
        if known is not None:
            return known
        return next((self.entries[d] for d in legacy if d in self.entries), None)

    def used(self) -> set[str]:
        """Folded pseudonyms already given to someone in this repository."""
        return {fold(v) for v in self.entries.values()}

    def assign(self, digest: str, pseudonym: str) -> str:
        """Pin `pseudonym` for `digest` and return what is pinned.

        A name already in the registry keeps its first pseudonym: a second one is refused (the
        pinned one is returned), so a beneficiary never gets two pseudonyms in one repository.
        """
        known = self.entries.get(digest)
        if known is not None:
            return known
        self.entries[digest] = pseudonym
        self.dirty = True
        return pseudonym

    def save(self) -> None:
        """Write atomically, merging entries another process saved since we loaded."""
        if not self.dirty:
            return
        if self.path.exists():
            on_disk = PseudonymRegistry.load(self.path)
            # What another process pinned first stays pinned.
            self.entries = {**self.entries, **on_disk.entries}
        data = {
            "format": FORMAT,
            "version": VERSION,
            "note": NOTE,
            "key_fingerprint": self.key_fingerprint,
            "pseudonyms": dict(sorted(self.entries.items())),
        }
        tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            raise RegistryError(f"{self.path}: cannot write the registry: {exc}") from None
        finally:
            if tmp.exists():
                tmp.unlink()
        self.dirty = False
