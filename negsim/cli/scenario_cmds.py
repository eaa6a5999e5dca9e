"""Commands about scenario files: validate, schema, new, list."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from negsim.cli.common import console, echo, max_deals_option, resolve_scenario, user_errors, write_text_safely
from negsim.errors import NegsimError, ScenarioError
from negsim.resources import bundled_scenarios, schema_path, template_text
from negsim.scenario.loader import DEFAULT_MAX_DEALS, deal_space_size, load
from negsim.scenario.models import Scenario
from negsim.scenario.schema import json_schema_text


def _summary(s: Scenario) -> str:
    agendas = ", ".join(a.id for a in s.agendas) or "none"
    games = f"; games: {', '.join(g.id for g in s.games)}" if s.games else ""
    if not s.issues:
        return f"{len(s.parties)} parties ({', '.join(s.party_ids)}); no issues{games}"
    return (f"{len(s.parties)} parties ({', '.join(s.party_ids)}); {_count(len(s.issues), 'issue')}; "
            f"agendas: {agendas}; {deal_space_size(s):,} deals{games}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@click.command()
@click.argument("files", nargs=-1, required=True)
@max_deals_option(DEFAULT_MAX_DEALS)
def validate(files: tuple[str, ...], max_deals: int) -> None:
    """Check scenario FILES (paths or bundled names); print every problem as file:line:col: field: message.

    Exit status: 0 all valid, 1 a file has problems, 2 bad usage (e.g. no such file).
    """
    paths = [_existing_file(name) for name in files]
    bad = 0
    for path in paths:
        try:
            s = load(path, max_deals=max_deals)
        except ScenarioError as exc:
            bad += 1
            for problem in exc.problems:
                echo(str(problem), err=True)
            n = len(exc.problems)
            click.echo(f"{path}: invalid ({n} problem{'s' if n != 1 else ''})", err=True)
            continue
        except Exception as exc:
            bad += 1
            click.echo(f"{path}:1:1: negsim could not check this file because of an internal error "
                       f"({type(exc).__name__}: {exc}); please report it with the file", err=True)
            continue
        echo(f"{path}: valid — {_summary(s)}")
    sys.exit(1 if bad else 0)


def _existing_file(name: str) -> Path:
    """The file to validate, or a usage error (exit 2) naming what is wrong."""
    try:
        path = resolve_scenario(name)
    except NegsimError as exc:
        raise click.BadParameter(str(exc), param_hint="FILES") from None
    if path.is_dir():
        raise click.BadParameter(f"{name} is a folder; give the scenario files in it", param_hint="FILES")
    return path


@click.command()
@click.option("-o", "--output", default="-", show_default=True, help="File to write, or - for stdout.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@user_errors
def schema(output: str, force: bool) -> None:
    """Print the JSON Schema of the scenario format (for editors)."""
    text = json_schema_text()
    if output == "-":
        click.echo(text, nl=False)
    else:
        write_text_safely(Path(output), text, force)
        click.echo(f"wrote {output}", err=True)


@click.command()
@click.argument("file", default="scenario.yaml")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@user_errors
def new(file: str, force: bool) -> None:
    """Write a commented template scenario to FILE (default scenario.yaml)."""
    path = Path(file)
    write_text_safely(path, template_text(), force)
    schema = path.parent / schema_path().name
    if not schema.exists():  # the template's first line points editors at the schema beside it
        schema.write_text(schema_path().read_text(encoding="utf-8"), encoding="utf-8")
        click.echo(f"wrote {schema} beside it, for editors that check and complete scenario files")
    click.echo(f"wrote {file} — edit it, then: negsim validate {file} && negsim run {file}")


@click.command(name="list")
def list_() -> None:
    """List the bundled scenarios with their titles."""
    table = Table(title="Bundled scenarios (run one with: negsim run NAME)")
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("title")
    table.add_column("size", justify="right")
    for path in bundled_scenarios():
        try:
            s = load(path, max_deals=None)
        except ScenarioError:
            table.add_row(path.stem, "(invalid)", "")
            continue
        size = (f"{len(s.parties)} parties × {_count(len(s.issues), 'issue')}" if s.issues
                else f"{len(s.parties)} parties, games only")
        table.add_row(path.stem, s.title or s.summary, size)
    console().print(table)
