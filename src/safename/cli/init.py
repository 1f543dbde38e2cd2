"""`safename init`: create the secret key that makes pseudonyms the same on every run."""

from __future__ import annotations

import os

import click

from safename.cli.common import EXIT_ERROR
from safename.pseudonym.keys import ENV_VAR, KeyProblem, create_key_file


@click.command()
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing key. Pseudonyms published with the old key will no longer match.",
)
def init(force: bool) -> None:
    """Create a 256-bit key in your configuration folder (0600), never inside a git work tree.

    Everyone who must produce the same pseudonyms (a communication team, a CI job) shares this
    key, or sets SAFENAME_KEY to it (64 hex digits or base64). Keep it secret: with it, anyone
    can check a guessed real name against a published pseudonym.
    """
    try:
        path, key = create_key_file(force=force)
    except KeyProblem as exc:
        click.echo(f"safename: {exc}", err=True)
        raise SystemExit(EXIT_ERROR) from None
    click.echo(f"safename: created {path} (fingerprint {key.fingerprint})")
    if os.environ.get(ENV_VAR, "").strip():
        click.echo(
            f"safename: note: {ENV_VAR} is set and takes precedence over this file", err=True
        )
