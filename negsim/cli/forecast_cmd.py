"""``negsim forecast``: where a multi-actor negotiation's outcome lands, by four spatial models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from negsim.cli.common import budgeted, console, echo_json, resolve_scenario, user_errors
from negsim.errors import NegsimError

if TYPE_CHECKING:
    from negsim.forecast import ForecastData, ForecastResult
    from negsim.forecast.eu_options import EUOptions


@click.command()
@click.argument("data")
@click.option("--models", default="compromise,median,expected_utility,exchange", show_default=True,
              help="Comma-separated models to run.")
@click.option("--capabilities", "caps", type=click.Choice(["row", "equal"]), default=None,
              help="A table's capability row, or all 1 [default: the row when the table has one].")
@click.option("--rounds", type=click.IntRange(1, 1000), default=None,
              help="Rounds of the expected-utility and exchange models [default: 10, or the scenario's].")
@click.option("--samples", type=click.IntRange(0, 100_000), default=0, show_default=True,
              help="Monte Carlo samples of shocked saliences and capabilities (0: none).")
@click.option("--shock", type=click.FloatRange(0, 5), default=0.1, show_default=True,
              help="Standard deviation of the log-normal shock factors.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Seed of the shocks.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write forecast.json, report.md and figures/ into this folder.")
@click.option("--force", is_flag=True, help="Write into an output folder that negsim did not create.")
@user_errors
@budgeted
def forecast(data: str, models: str, caps: str | None, rounds: int | None, samples: int, shock: float, seed: int,
             fmt: str, out: Path | None, force: bool) -> None:
    """Forecast the outcome of every issue of DATA: a table (DEU layout) or a scenario with `forecast:`."""
    from negsim import plan
    from negsim.forecast import forecast as run_forecast
    from negsim.forecast import parse_models

    chosen = parse_models(models)
    table, eu_options, default_rounds = _load(data, caps)
    if samples:  # the shocked re-runs are planned (one array pass: no progress bar to show)
        plan.check(plan.forecast_samples(samples, len(table.actors), len(table.issues), rounds or default_rounds))
    result = run_forecast(table, chosen, rounds=rounds or default_rounds, eu_options=eu_options,
                          samples=samples, seed=seed, sd=shock)
    if out is not None:
        _write(result, out, force)
    if fmt == "json":
        echo_json(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        from negsim.report.forecast import print_forecast

        print_forecast(console(), result)


def _load(data: str, caps: str | None) -> tuple[ForecastData, EUOptions | None, int]:
    """The data, the scenario's expected-utility switches and round count (tables: the defaults)."""
    import numpy as np

    from negsim.forecast import is_table, read_table, scenario_data, scenario_eu_options
    from negsim.scenario.loader import load

    if is_table(data):
        table = read_table(data)
        if caps == "row" and table.capability_source != "row":
            raise NegsimError(f"{data} has no capability row (a second line with a capability under each "
                              "p<actor> column); use --capabilities equal")
        if caps == "equal":
            table = table.with_capabilities(np.ones(len(table.actors)), "equal")
        return table, None, 10
    s = load(resolve_scenario(data))
    if caps is not None:
        raise NegsimError("--capabilities is for tables; a scenario sets capabilities in its `forecast:` section")
    table = scenario_data(s)
    return table, scenario_eu_options(s), s.forecast.rounds if s.forecast is not None else 10


def _write(result: ForecastResult, out: Path, force: bool) -> None:
    from negsim.report.forecast import markdown, write_figures
    from negsim.report.write import OutputFolder

    with OutputFolder(out, command="forecast", force=force) as folder:
        folder.write_json("forecast.json", result.to_dict())
        figures = write_figures(result, folder.folder("figures"))
        folder.write_text("report.md", "# Forecast\n\n" + markdown(result, figures))
    click.echo(f"wrote {out / 'report.md'}, {out / 'forecast.json'} and {len(figures)} figure(s) in "
               f"{out / 'figures'}", err=True)


__all__ = ["forecast"]
