"""``negsim import genius`` and ``negsim export genius``: the GENIUS XML format (ANAC domains).

Register the two groups on the main command: ``main.add_command(import_)`` and
``main.add_command(export)``.
"""

from __future__ import annotations

from pathlib import Path

import click

from negsim.cli.common import echo, resolve_scenario, user_errors, write_text_safely
from negsim.genius.convert import DEFAULT_REAL_STEPS, MAX_REAL_STEPS, import_genius
from negsim.genius.yaml_out import scenario_file_text
from negsim.report.genius import export_genius
from negsim.scenario.loader import load


@click.group("import")
def import_() -> None:
    """Turn a negotiation written in another format into a negsim scenario."""


@click.group("export")
def export() -> None:
    """Write a negsim scenario in another format."""


@import_.command("genius")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, help="Scenario file to write (.yaml), or - for stdout.")
@click.option("--real-steps", type=click.IntRange(1, MAX_REAL_STEPS), default=DEFAULT_REAL_STEPS, show_default=True,
              help="Intervals a real-valued issue is cut into (negsim analyses the grid points).")
@click.option("--force", is_flag=True, help="Overwrite an existing scenario file.")
@user_errors
def import_genius_cmd(folder: Path, output: str, real_steps: int, force: bool) -> None:
    """Read a GENIUS domain FOLDER (domain XML + one profile XML per party) into a scenario file.

    \b
    Example:  negsim import genius Laptop/ -o laptop.yaml
              negsim run laptop.yaml
    """
    data = import_genius(folder, real_steps=real_steps)
    text = scenario_file_text(data)
    if output == "-":
        click.echo(text, nl=False)
        return
    write_text_safely(Path(output), text, force)
    click.echo(f"wrote {output}: {len(data['parties'])} parties, {len(data['issues'])} issues", err=True)


@export.command("genius")
@click.argument("scenario")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Folder to write the domain and profile XML files into.")
@click.option("--force", is_flag=True, help="Overwrite files already in the folder.")
@user_errors
def export_genius_cmd(scenario: str, output: Path, force: bool) -> None:
    """Write SCENARIO (a file or bundled name) as a GENIUS domain and one profile per party.

    \b
    Example:  negsim export genius job-offer -o job-offer-genius/
    """
    path = resolve_scenario(scenario)
    result = export_genius(load(path), output, name=path.stem, force=force)
    for warning in result.warnings:
        echo(f"note: {warning}", err=True)
    click.echo(f"wrote {len(result.files)} files to {output}: {', '.join(sorted(result.files))}", err=True)
