"""The ``negsim`` command line (click). Commands are thin: they load, call, print."""

from __future__ import annotations

import click

from negsim import __version__
from negsim.cli.run_cmd import run
from negsim.cli.scenario_cmds import list_, new, schema, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="negsim")
def main() -> None:
    """negsim — a game-theoretic negotiation simulator.

    \b
    Start with:  negsim list                 (bundled scenarios)
                 negsim run security-guarantees-2021
                 negsim new my.yaml          (a template to edit)
    """


for command in (run, validate, schema, new, list_):
    main.add_command(command)
