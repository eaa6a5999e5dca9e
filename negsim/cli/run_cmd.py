"""``negsim run``: the main job — analyse a scenario, print a summary, write the report."""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from negsim.cli.common import (
    budgeted,
    console,
    echo,
    echo_json,
    max_deals_option,
    note_output,
    resolve_scenario,
    user_errors,
)
from negsim.cli.progress import progress_bar
from negsim.report.write import OutputFolder, json_text
from negsim.scenario.loader import DEFAULT_MAX_DEALS, load


@click.command()
@click.argument("scenario")
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for result.json, report.md and figures/ [default: results/<scenario name>/].")
@click.option("--agenda", default=None, help="Analyse only this agenda ('full' for the full package). "
              "Default: the full package and every agenda.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="What to print: a summary, result.json, or report.md.")
@click.option("--no-plots", is_flag=True, help="Do not draw figures.")
@click.option("--force", is_flag=True, help="Write into an output folder that negsim did not create.")
@click.option("--method", type=click.Choice(["auto", "enumeration", "merge"]), default="auto", show_default=True,
              help="Walk every deal, merge issue frontiers (for huge spaces), or choose by size.")
@max_deals_option(DEFAULT_MAX_DEALS)
@click.option("--seed", type=click.IntRange(min=0), default=None,
              help="Seed every random draw (plot sample, fictitious play, simulation, Monte Carlo) "
                   "[default: each section's own: 0, and the scenario's uncertainty.seed].")
@click.option("--timings/--no-timings", default=False, show_default=True,
              help="Add wall-clock timings to result.json (off: the file is byte-identical across runs).")
@user_errors
@budgeted
def run(scenario: str, out: Path | None, agenda: str | None, fmt: str, no_plots: bool, force: bool,
        method: str, max_deals: int, seed: int | None, timings: bool) -> None:
    """Analyse SCENARIO (a file, or a bundled name from `negsim list`) and write a report."""
    from negsim import plan
    from negsim.pipeline import agendas_of, build_targets, estimate_run
    from negsim.pipeline import run as run_pipeline
    from negsim.report.run import print_run, run_writer

    path = resolve_scenario(scenario)
    out = out or Path("results") / path.stem
    note_output(out)
    s = load(path, max_deals=max_deals)
    spaces = build_targets(s, agendas_of(s, agenda))  # built once, for the budget check and the run
    estimate = plan.check(estimate_run(s, method=method, spaces=spaces))  # refuse before any work
    # the folder is opened first so that figures are drawn, by worker processes, while the analysis goes on
    con = console()
    with OutputFolder(out, command="run", force=force) as folder, \
            run_writer(folder, plots=not no_plots, timings=timings) as writer:
        with progress_bar(enabled=fmt == "text", estimate=estimate) as progress:
            results = run_pipeline(s, method=method, seed=seed, progress=progress,
                                   after_analyses=writer.analyses_done, spaces=spaces)
        report = writer.write(results)
        if fmt == "text":  # while the last figures are drawn; files are in place when the block ends
            print_run(con, results, report.sections)
            con.rule()
    if fmt == "json":
        echo_json(json_text(report.result))
        return
    if fmt == "markdown":
        echo(report.markdown, nl=False)
        return
    text = Text.assemble("Wrote ", (str(out / "report.md"), "bold"), ", ", (str(out / "result.json"), "bold"))
    if not no_plots and (out / "figures").exists():
        text.append(" and figures in ").append(str(out / "figures"), style="bold")
    con.print(text.append("."), soft_wrap=True)  # paths are not broken across lines
