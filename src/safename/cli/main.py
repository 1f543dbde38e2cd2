"""The `safename` command: one group, one module per sub-command."""

from __future__ import annotations

import click

from safename import __version__
from safename.cli.check import check
from safename.cli.init import init
from safename.cli.redact import redact
from safename.cli.scan import scan


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="safename")
def cli() -> None:
    """Keep beneficiaries unrecognisable in humanitarian stories.

    \b
    Exit codes: 0 success, 1 findings that must change (check), 2 usage or input error.
    """


cli.add_command(scan)
cli.add_command(check)
cli.add_command(init)
cli.add_command(redact)
