"""The reversible mapping (real name <-> pseudonym), encrypted, and only when asked for.

Authorised staff sometimes need to know who "Kadiatou*" was (a follow-up interview, a consent
withdrawal). The mapping is the one place real names are written, so it is never produced by
default, it is encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from the
safename secret key, and the file is created with 0600 permissions.

One mapping file serves many runs: each `safename redact --mapping FILE` replaces the entries of
the files it redacted and keeps every other file's, and each entry names its file (the input's
absolute path, and where the redacted copy went), so `entries_for` picks one story's entries
back out for `restore`. Version 1 files (one run, no file names) are still read.
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
from typing import TYPE_CHECKING

from safename.findings import Finding

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

FORMAT = "safename mapping"
VERSION = 2
READABLE_VERSIONS = (1, 2)


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
    file: str = ""  # absolute path of the redacted input ("" in version 1 mappings)
    output: str = ""  # where its redacted copy was written ("-": standard output)


def _fernet(key: bytes) -> Fernet:
    # Imported here: `cryptography` takes a tenth of a second to import, and only the few
    # commands that read or write a mapping need it (not a pre-commit `check`).
    from cryptography.fernet import Fernet

    derived = hmac.new(key, b"safename mapping encryption v1", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def mapping_entries(
    findings: list[Finding], file: str = "", output: str = ""
) -> list[MappingEntry]:
    """Entries for every replaced finding, with offsets into the redacted body."""
    entries = []
    shift = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.action == "keep" or f.replacement is None:
            continue
        start = f.start + shift
        entries.append(
            MappingEntry(
                f.entity_type,
                f.text,
                f.replacement,
                start,
                start + len(f.replacement),
                file,
                output,
            )
        )
        shift += len(f.replacement) - (f.end - f.start)
    return entries


def write_mapping(path: Path, entries: list[MappingEntry], key: bytes) -> None:
    """Write `entries` as the whole mapping at `path` (encrypted, 0600, atomically)."""
    payload = json.dumps(
        {"format": FORMAT, "version": VERSION, "entries": [asdict(e) for e in entries]},
        ensure_ascii=False,
    ).encode("utf-8")
    token = _fernet(key).encrypt(payload)
    from safename.formats.process import remove_stale_temporaries

    remove_stale_temporaries(path)
    tmp = path.with_name(f".{path.name}.safename-{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(token + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise MappingError(f"{path}: cannot write the mapping: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def update_mapping(path: Path, entries: list[MappingEntry], key: bytes) -> None:
    """Add this run's entries to the mapping at `path`, replacing those of the same files.

    Entries of files this run did not redact are kept, so one mapping can follow a whole
    folder redacted file by file (a pre-commit hook, several runs).
    """
    existing = read_mapping(path, key) if path.exists() else []
    replaced = {e.file for e in entries}
    kept = [e for e in existing if not e.file or e.file not in replaced]
    write_mapping(path, kept + entries, key)


def check_mapping_writable(path: Path, key: bytes) -> None:
    """Fail now, before any copy is written, if the mapping cannot be read back or replaced."""
    if path.exists():
        read_mapping(path, key)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise MappingError(f"{path}: cannot write the mapping: no such folder {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise MappingError(f"{path}: cannot write the mapping: folder {folder} is not writable")


def read_mapping(path: Path, key: bytes) -> list[MappingEntry]:
    from cryptography.fernet import InvalidToken

    try:
        token = path.read_bytes().strip()
        data = json.loads(_fernet(key).decrypt(token))
    except OSError as exc:
        raise MappingError(f"{path}: cannot read the mapping: {exc.strerror or exc}") from None
    except (InvalidToken, ValueError):
        raise MappingError(f"{path}: not a mapping written with this key") from None
    if data.get("format") != FORMAT or data.get("version") not in READABLE_VERSIONS:
        raise MappingError(f"{path}: not a safename mapping")
    return [MappingEntry(**e) for e in data["entries"]]


def entries_for(entries: list[MappingEntry], file: str | Path) -> list[MappingEntry]:
    """The entries of one redacted file, named by its input or its redacted copy."""
    wanted = os.path.abspath(file)
    return [
        e
        for e in entries
        if e.file == wanted or (e.output not in ("", "-") and os.path.abspath(e.output) == wanted)
    ]


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


def restore_file(redacted: Path, mapping: Path, key: bytes) -> str:
    """The original text of a redacted plain-text or Markdown copy, from a (multi-file) mapping.

    `redacted` is the copy safename wrote (or its input, for `--in-place`); the pseudonym
    footnote, which is not in the mapping, stays at the end. Word and HTML copies cannot be
    restored this way (their entries give the replaced words, not file offsets).
    """
    from safename.formats.text import InputError, read_text_file

    entries = entries_for(read_mapping(mapping, key), redacted)
    if not entries:
        raise MappingError(f"{mapping}: no entries for {redacted}")
    try:
        text = read_text_file(redacted).text
    except InputError as exc:
        raise MappingError(f"{redacted}: {exc}") from None
    return restore(text, entries)
