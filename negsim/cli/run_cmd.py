"""``negsim run``: the main job — analyse a scenario, print a summary, write the report."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.text import Text

from negsim.cli.common import console, resolve_scenario, user_errors
from negsim.errors import NegsimError
from negsim.report.write import OutputFolder
from negsim.scenario.loader import DEFAULT_MAX_DEALS, load
from negsim.scenario.models import Scenario
from negsim.wording import suggest

if TYPE_CHECKING:
    from negsim.engine.result import Analysis

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
@click.option("--max-deals", type=click.IntRange(min=1), default=DEFAULT_MAX_DEALS,
              help="Refuse deal spaces larger than this [default: 10^40].")
@user_errors
def run(scenario: str, out: Path | None, agenda: str | None, fmt: str, no_plots: bool, force: bool,
        method: str, max_deals: int) -> None:
    """Analyse SCENARIO (a file, or a bundled name from `negsim list`) and write a report."""
    from negsim.engine import analyze
    from negsim.report.bargaining import markdown_report, result_dict
    from negsim.report.section import collect_sections

    path = resolve_scenario(scenario)
    s = load(path, max_deals=max_deals)
    agendas = _agendas(s, agenda)
    out = out or Path("results") / path.stem
    analyses = [analyze(s, a, method=method) for a in agendas]
    with OutputFolder(out, command="run", force=force) as folder, tempfile.TemporaryDirectory() as scratch:
        figures_dir = Path(scratch) if no_plots else folder.folder("figures")
        figures = {} if no_plots or not s.issues else _figures(analyses, figures_dir)
        sections = collect_sections(s, figures_dir, agendas if agenda is not None else None)
        result = result_dict(s, analyses, sections)
        folder.write_json("result.json", result)
        report = markdown_report(s, analyses, sections, figures, figures_dir.parent)
        folder.write_text("report.md", report)
    _print(fmt, s, analyses, sections, result, report, out)


def _agendas(s: Scenario, agenda: str | None) -> list[str | None]:
    """The analyses to run: the full package and every agenda, or the one asked for."""
    if not s.issues:
        return []
    if agenda is None:
        return [None, *[a.id for a in s.agendas]]
    if agenda == "full":
        return [None]
    ids = [a.id for a in s.agendas]
    if agenda not in ids:
        raise NegsimError(f"no agenda `{agenda}`{suggest(agenda, ids)}; choose one of: full (the full package)"
                          + "".join(f", {i}" for i in ids))
    return [agenda]


def _figures(analyses: list[Analysis], folder: Path) -> dict[str | None, dict[str, Path]]:
    from negsim.report.figures import save_bargaining_figures

    return {a.agenda: save_bargaining_figures(a, folder, a.agenda or "full") for a in analyses}


def _print(fmt: str, s: Scenario, analyses: list[Analysis], sections: list[Any], result: dict[str, Any],
           report: str, out: Path) -> None:
    from negsim.report.bargaining import print_summary

    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    if fmt == "markdown":
        click.echo(report, nl=False)
        return
    con = console()
    print_summary(con, s, analyses, sections)
    con.rule()
    text = Text.assemble("Wrote ", (str(out / "report.md"), "bold"), ", ", (str(out / "result.json"), "bold"))
    if (out / "figures").exists():
        text.append(" and figures in ").append(str(out / "figures"), style="bold")
    con.print(text.append("."))
