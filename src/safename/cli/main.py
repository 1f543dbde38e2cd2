"""The `safename` command: one group, one module per sub-command."""

from __future__ import annotations

import warnings

import click

from safename import __version__
from safename.cli.check import check
from safename.cli.init import init, key
from safename.cli.redact import redact
from safename.cli.scan import scan
from safename.pseudonym.keys import EphemeralKeyWarning


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="safename")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Keep beneficiaries unrecognisable in humanitarian stories.

    \b
    Exit codes: 0 success, 1 findings that must change (check), 2 usage or input error.
    """
    # The commands print the random-key warning as one `safename: warning:` line of their own;
    # the filter is undone when the command ends (the CLI may run inside a test or a notebook).
    ctx.with_resource(warnings.catch_warnings())
    warnings.simplefilter("ignore", EphemeralKeyWarning)


cli.add_command(scan)
cli.add_command(check)
cli.add_command(init)
cli.add_command(key)
cli.add_command(redact)
