"""The reversible mapping (real name <-> pseudonym), encrypted, and only when asked for.

Authorised staff sometimes need to know who "Kadiatou*" was (a follow-up interview, a consent
withdrawal). The mapping is the one place real names are written, so it is never produced by
default, it is encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from the
safename secret key, and the file is created with 0600 permissions.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from safename.findings import Finding

FORMAT = "safename mapping"
VERSION = 1


class MappingError(Exception):
    """A mapping that cannot be written, read or decrypted."""


@dataclass(frozen=True)
class MappingEntry:
    """One replacement: where it sits in the redacted body, and what it replaced."""

    entity_type: str
    original: str
    replacement: str
    body_start: int
    body_end: int


def _fernet(key: bytes) -> Fernet:
    derived = hmac.new(key, b"safename mapping encryption v1", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def mapping_entries(findings: list[Finding]) -> list[MappingEntry]:
    """Entries for every replaced finding, with offsets into the redacted body."""
    entries = []
    shift = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.action == "keep" or f.replacement is None:
            continue
        start = f.start + shift
        entries.append(
            MappingEntry(f.entity_type, f.text, f.replacement, start, start + len(f.replacement))
        )
        shift += len(f.replacement) - (f.end - f.start)
    return entries


def write_mapping(path: Path, entries: list[MappingEntry], key: bytes) -> None:
    payload = json.dumps(
        {"format": FORMAT, "version": VERSION, "entries": [asdict(e) for e in entries]},
        ensure_ascii=False,
    ).encode("utf-8")
    token = _fernet(key).encrypt(payload)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(token + b"\n")
        os.replace(tmp, path)
    except OSError as exc:
        raise MappingError(f"{path}: cannot write the mapping: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def read_mapping(path: Path, key: bytes) -> list[MappingEntry]:
    try:
        token = path.read_bytes().strip()
        data = json.loads(_fernet(key).decrypt(token))
    except OSError as exc:
        raise MappingError(f"{path}: cannot read the mapping: {exc.strerror or exc}") from None
    except (InvalidToken, ValueError):
        raise MappingError(f"{path}: not a mapping written with this key") from None
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise MappingError(f"{path}: not a safename mapping")
    return [MappingEntry(**e) for e in data["entries"]]


def restore(body: str, entries: list[MappingEntry]) -> str:
    """The original text back from an unmodified redacted body (footnote excluded)."""
    out = []
    pos = 0
    for e in sorted(entries, key=lambda e: e.body_start):
        if body[e.body_start : e.body_end] != e.replacement or e.body_start < pos:
            raise MappingError("the redacted text was edited after redaction; restore by hand")
        out += [body[pos : e.body_start], e.original]
        pos = e.body_end
    return "".join(out) + body[pos:]
