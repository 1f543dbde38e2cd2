"""The `safename` command: one group, one module per sub-command."""

from __future__ import annotations

import click

from safename import __version__
from safename.cli.scan import scan


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="safename")
def cli() -> None:
    """Keep beneficiaries unrecognisable in humanitarian stories.

    \b
    Exit codes: 0 success, 1 findings that must change (check), 2 usage or input error.
    """


cli.add_command(scan)
