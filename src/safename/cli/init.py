"""`safename init` and `safename key`: the secret key that makes pseudonyms the same everywhere.

`init` is safe to put in a setup script: when a usable key exists it says so and exits 0.
`key show` tells which key is in use (by fingerprint, never the key); `key export` prints the
key for a teammate or a CI secret; `key import` installs a key received that way.
"""

from __future__ import annotations

import os
import sys

import click

from safename.cli.common import EXIT_ERROR
from safename.pseudonym.keys import (
    ENV_VAR,
    KeyProblem,
    SecretKey,
    create_key_file,
    default_key_path,
    git_work_tree,
    load_key,
    parse_key,
    read_key_file,
    refuse_public,
)


def _fail(problem: KeyProblem | str) -> None:
    click.echo(f"safename: {problem}", err=True)
    raise SystemExit(EXIT_ERROR)


def _env_note() -> None:
    if os.environ.get(ENV_VAR, "").strip():
        click.echo(
            f"safename: note: {ENV_VAR} is set and takes precedence over this file", err=True
        )


@click.command()
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing key. Pseudonyms published with the old key will no longer match.",
)
def init(force: bool) -> None:
    """Create a 256-bit key in your configuration folder (0600), never inside a git work tree.

    Everyone who must produce the same pseudonyms (a communication team, a CI job) shares this
    key, or sets SAFENAME_KEY to it (64 hex digits or base64): `safename key export` prints it,
    `safename key import` installs it. Keep it secret: with it, anyone can check a guessed real
    name against a published pseudonym. Re-running init when a key exists changes nothing and
    exits 0.
    """
    path = default_key_path()
    if path.exists() and not force:
        tree = git_work_tree(path.parent)
        if tree is not None:
            _fail(f"{path}: refusing to use a key inside the git work tree {tree}")
        try:
            existing = refuse_public(read_key_file(path))
        except KeyProblem as exc:
            _fail(exc)
        click.echo(
            f"safename: {path} already holds a key (fingerprint {existing.fingerprint}); unchanged"
        )
        _env_note()
        return
    try:
        path, key = create_key_file(force=force)
    except KeyProblem as exc:
        _fail(exc)
    click.echo(f"safename: created {path} (fingerprint {key.fingerprint})")
    _env_note()


def _current_key() -> SecretKey:
    try:
        key = load_key()
    except KeyProblem as exc:
        _fail(exc)
    if key.ephemeral:
        _fail(f"no key: run `safename init`, `safename key import`, or set {ENV_VAR}")
    return key


@click.group()
def key() -> None:
    """Show, export or import the pseudonym key (shared by a team and its CI)."""


@key.command("show")
def key_show() -> None:
    """Where the key in use comes from and its fingerprint (the key itself is not printed).

    Two people hold the same key when their fingerprints are equal. Exit 2 when no key is
    configured.
    """
    found = _current_key()
    click.echo(f"source: {found.source}")
    click.echo(f"fingerprint: {found.fingerprint}")


@key.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["hex", "env"]),
    default="hex",
    show_default=True,
    help="hex: the key alone (a CI secret's value); env: SAFENAME_KEY=... for an .env file.",
)
def key_export(fmt: str) -> None:
    """Print the key in use on standard output, for a teammate or a CI secret.

    Send it through a password manager or the CI's secret store, never by e-mail or in a
    repository: with it, anyone can confirm a guessed name behind a pseudonym.
    """
    found = _current_key()
    value = found.material.hex()
    click.echo(f"{ENV_VAR}={value}" if fmt == "env" else value)
    click.echo(
        f"safename: this is the secret key (fingerprint {found.fingerprint}): store it as a "
        f"secret ({ENV_VAR}), never in a repository",
        err=True,
    )


@key.command("import")
@click.option("--force", is_flag=True, help="Replace an existing, different key.")
def key_import(force: bool) -> None:
    """Install a key read from standard input (as printed by `safename key export`).

    The key is written to your configuration folder (0600), never inside a git work tree.
    Importing the key that is already installed changes nothing and exits 0.
    """
    text = sys.stdin.read().strip()
    if text.startswith(f"{ENV_VAR}="):
        text = text[len(ENV_VAR) + 1 :]
    try:
        material = parse_key(text)
    except KeyProblem as exc:
        _fail(f"standard input: {exc}")
    path = default_key_path()
    if path.exists() and not force:
        try:
            existing = read_key_file(path)
        except KeyProblem as exc:
            _fail(exc)
        if existing.material == material:
            click.echo(
                f"safename: {path} already holds this key (fingerprint "
                f"{existing.fingerprint}); unchanged"
            )
            return
    try:
        path, installed = create_key_file(force=force, material=material)
    except KeyProblem as exc:
        _fail(exc)
    click.echo(f"safename: installed the key in {path} (fingerprint {installed.fingerprint})")
    _env_note()
