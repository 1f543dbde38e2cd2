"""The secret key behind every pseudonym: where it comes from and how it is created.

Pseudonyms are derived from a secret key and the real name alone, so the same beneficiary gets
the same pseudonym on every machine that holds the key, and nobody without it can test a guessed
name against a published pseudonym. The key is looked up, in order, in an explicit argument, the
`SAFENAME_KEY` environment variable (hex or base64), and the key file in the user's
configuration folder; without any of them a random per-run key keeps redaction working while
saying that pseudonyms will differ between runs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import stat
import sys
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ENV_VAR = "SAFENAME_KEY"
# Lets the public demo keys (data/public_keys.toml) through: for tests and the examples only.
ALLOW_PUBLIC_ENV = "SAFENAME_ALLOW_PUBLIC_KEY"
KEY_BYTES = 32
KEY_FILENAME = "key"


class KeyProblem(Exception):
    """A key that cannot be used or created; the message is one line naming the problem."""


@dataclass(frozen=True)
class SecretKey:
    """256 bits of key material and where they came from (never printed: `repr` hides them)."""

    material: bytes = field(repr=False)
    source: str
    ephemeral: bool = False

    def __post_init__(self) -> None:
        if len(self.material) != KEY_BYTES:
            raise KeyProblem(f"a safename key has {KEY_BYTES} bytes, not {len(self.material)}")

    @property
    def fingerprint(self) -> str:
        """A short public identifier, so two people can check they hold the same key."""
        return hmac.new(self.material, b"safename key fingerprint", hashlib.sha256).hexdigest()[:16]


def parse_key(value: str) -> bytes:
    """Key material from 64 hex digits or base64 (standard or URL-safe) of 32 bytes."""
    value = value.strip()
    if len(value) == 2 * KEY_BYTES:
        try:
            return bytes.fromhex(value)
        except ValueError:
            pass
    padded = value + "=" * (-len(value) % 4)
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            raw = decode(padded.encode("ascii"))
        except (binascii.Error, ValueError, UnicodeEncodeError):
            continue
        if len(raw) == KEY_BYTES:
            return raw
    raise KeyProblem(f"expected {2 * KEY_BYTES} hex digits or base64 of {KEY_BYTES} bytes")


@cache
def _public_keys() -> tuple[dict[bytes, str], int]:
    from safename.data import read_toml

    table = read_toml("public_keys.toml")
    known = {bytes.fromhex(k["hex"]): k["where"] for k in table.get("key", [])}
    return known, int(table.get("min_distinct_bytes", 0))


def public_key_problem(material: bytes) -> str | None:
    """Why `material` is not secret (printed in safename's documentation, or hand-made)."""
    known, min_distinct = _public_keys()
    if material in known:
        return f"this key is public (it is printed in safename's {known[material]})"
    if len(set(material)) < min_distinct:
        return (
            f"this key has only {len(set(material))} different byte values, so it was typed, "
            "not generated"
        )
    return None


def refuse_public(key: SecretKey, env: Mapping[str, str] | None = None) -> SecretKey:
    """`key`, unless it is a public or hand-made key: anyone could reverse its pseudonyms."""
    env = os.environ if env is None else env
    problem = public_key_problem(key.material)
    if problem is None or env.get(ALLOW_PUBLIC_ENV, "").strip() in ("1", "true", "yes"):
        return key
    raise KeyProblem(
        f"{key.source}: {problem}; anyone could reverse pseudonyms made with it: create "
        "your own with `safename init` (or set SAFENAME_KEY to the team's key)"
    )


def config_dir(env: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The user's safename configuration folder (no `platformdirs` needed for two rules)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if platform.startswith("win"):
        base = env.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "safename"
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "safename"


def default_key_path(env: Mapping[str, str] | None = None) -> Path:
    return config_dir(env) / KEY_FILENAME


class EphemeralKeyWarning(UserWarning):
    """No key is configured: pseudonyms come from a random per-run key and differ between runs."""


EPHEMERAL_MESSAGE = (
    "no secret key (run `safename init` or set SAFENAME_KEY): a random key was used, so "
    "pseudonyms will differ between runs"
)
_warned_ephemeral = False


def warn_ephemeral_key() -> None:
    """Say once per process, through `warnings`, that a random key is in use.

    `RedactionResult.warnings` says it too, but callers of `redact_many` or `redact_series`
    never see a result's warnings; a library must not stay silent about pseudonyms that will
    not match tomorrow's. The CLI prints its own line and silences this category.
    """
    global _warned_ephemeral
    if _warned_ephemeral:
        return
    _warned_ephemeral = True
    warnings.warn(EPHEMERAL_MESSAGE, EphemeralKeyWarning, stacklevel=3)


@cache
def ephemeral_key() -> SecretKey:
    """One random key per process, so every Redactor of a run agrees on pseudonyms."""
    return SecretKey(secrets.token_bytes(KEY_BYTES), "random per-run key", ephemeral=True)


def load_key(
    key: bytes | str | SecretKey | None = None,
    *,
    env: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> SecretKey:
    """The key to use: argument, then SAFENAME_KEY, then the key file, then a random one."""
    if isinstance(key, SecretKey):
        return key
    env = os.environ if env is None else env
    if isinstance(key, bytes):
        return refuse_public(SecretKey(key, "key argument"), env)
    if isinstance(key, str):
        return refuse_public(SecretKey(parse_key(key), "key argument"), env)
    if env.get(ENV_VAR, "").strip():
        try:
            found = SecretKey(parse_key(env[ENV_VAR]), ENV_VAR)
        except KeyProblem as exc:
            raise KeyProblem(f"{ENV_VAR}: {exc}") from None
        return refuse_public(found, env)
    path = default_key_path(env) if path is None else path
    if path.is_file():
        return refuse_public(read_key_file(path), env)
    return ephemeral_key()


def read_key_file(path: Path) -> SecretKey:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyProblem(f"{path}: cannot read key: {exc}") from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyProblem(f"{path}: key file is readable by other users (run: chmod 600 {path})")
    try:
        return SecretKey(parse_key(text), str(path))
    except KeyProblem as exc:
        raise KeyProblem(f"{path}: {exc}") from None


def git_work_tree(path: Path) -> Path | None:
    """The git work tree holding `path` (a key there could be committed by accident), or None."""
    folder = path.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def create_key_file(
    path: Path | None = None, *, force: bool = False, material: bytes | None = None
) -> tuple[Path, SecretKey]:
    """Write a new random key (or `material`, a teammate's key) with 0600 permissions; refuse
    inside a git work tree.

    The file is created with O_EXCL (or replaced atomically with `force`), so an existing key
    is never silently overwritten: every pseudonym published with it depends on it.
    """
    path = default_key_path() if path is None else path
    tree = git_work_tree(_existing_parent(path))
    if tree is not None:
        raise KeyProblem(f"{path}: refusing to write a key inside the git work tree {tree}")
    if path.exists() and not force:
        raise KeyProblem(f"{path}: a key already exists (use --force to replace it)")
    if material is None:
        material = secrets.token_bytes(KEY_BYTES)
    key = refuse_public(SecretKey(material, str(path)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(key.material.hex() + "\n")
            if os.name == "posix":
                os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
    except OSError as exc:
        raise KeyProblem(f"{path}: cannot write key: {exc.strerror or exc}") from None
    return path, key


def _existing_parent(path: Path) -> Path:
    for candidate in path.parents:
        if candidate.exists():
            return candidate
    return Path.cwd()
