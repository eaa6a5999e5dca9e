"""The ``negsim`` command line (click). Commands are thin: they load, call, print.

Commands are imported only when used (a lazy group), so ``negsim validate`` does not pay
for numpy, matplotlib or the solvers.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

import click

from negsim import __version__

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module, attribute), in the order `negsim --help` lists them
    "run": ("negsim.cli.run_cmd", "run"),
    "validate": ("negsim.cli.scenario_cmds", "validate"),
    "new": ("negsim.cli.scenario_cmds", "new"),
    "list": ("negsim.cli.scenario_cmds", "list_"),
    "schema": ("negsim.cli.scenario_cmds", "schema"),
    "games": ("negsim.cli.games_cmd", "games"),
    "simulate": ("negsim.cli.dynamics_cmds", "simulate"),
    "tournament": ("negsim.cli.dynamics_cmds", "tournament"),
    "spe": ("negsim.cli.dynamics_cmds", "spe"),
    "strategies": ("negsim.cli.dynamics_cmds", "strategies_cmd"),
    "closed-form": ("negsim.cli.closed_form_cmd", "closed_form"),
    "teaching": ("negsim.cli.teaching_cmd", "teaching"),
    "uncertainty": ("negsim.cli.uncertainty_cmds", "uncertainty"),
    "sweep": ("negsim.cli.uncertainty_cmds", "sweep"),
    "forecast": ("negsim.cli.forecast_cmd", "forecast"),
    "power": ("negsim.cli.power_cmd", "power"),
    "import": ("negsim.cli.genius_cmds", "import_"),
    "export": ("negsim.cli.genius_cmds", "export"),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._load(name) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        """Ctrl-C outside a command's own handling (while a command module is imported): exit 130 with one line."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            from negsim.cli.common import EXIT_INTERRUPTED, interrupted_line

            click.echo(interrupted_line(), err=True)
            ctx.exit(EXIT_INTERRUPTED)

    @staticmethod
    def _load(name: str) -> Any:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name]
        return getattr(importlib.import_module(module), attr, None)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="negsim")
def main() -> None:
    """negsim — a game-theoretic negotiation simulator.

    \b
    Start with:  negsim list                 (bundled scenarios)
                 negsim run security-guarantees-2021
                 negsim new my.yaml          (a template to edit)
    """
    from negsim import interrupts

    interrupts.install()  # a Ctrl-C swallowed by a library callback still ends the run with 130
    # names in scripts the default font lacks are drawn as boxes; say it once, not per glyph
    warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
