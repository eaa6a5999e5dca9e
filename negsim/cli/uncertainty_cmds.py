"""``negsim uncertainty`` (Monte Carlo over the scenario's ``uncertainty:`` section) and ``negsim sweep``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from negsim import plan
from negsim.cli.common import budgeted, console, echo_json, max_deals_option, resolve_scenario, user_errors
from negsim.cli.progress import progress_bar
from negsim.report.uncertainty import NO_NASH_DEAL, input_words, sample_deal_words
from negsim.report.words import deal_words
from negsim.report.write import OutputFolder
from negsim.scenario.loader import DEFAULT_MAX_DEALS, load
from negsim.uncertainty.montecarlo import estimate_uncertainty, run_uncertainty
from negsim.uncertainty.results import UncertaintyResult
from negsim.uncertainty.sweep import SweepResult, estimate_sweep, parse_vary, run_sweep
from negsim.wording import printable

DASK_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")
"""The address schemes Dask's communication layer knows (distributed.comm.registry)."""


def scheduler_address(value: str | None) -> str | None:
    """A Dask scheduler address (``tcp://HOST:PORT``, or ``HOST:PORT`` for tcp); a usage error otherwise.

    >>> scheduler_address("tcp://10.0.0.5:8786"), scheduler_address("10.0.0.5:8786")
    ('tcp://10.0.0.5:8786', '10.0.0.5:8786')
    >>> try:
    ...     scheduler_address("http://10.0.0.5:8787")
    ... except click.BadParameter as exc:
    ...     print(exc.message[:48])
    `http://` is not a Dask scheduler address scheme
    """
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("give the scheduler's address, e.g. tcp://10.0.0.5:8786")
    scheme, sep, rest = value.partition("://")
    if (sep and scheme not in DASK_SCHEMES) or (sep and not rest.strip()) or (not sep and "/" in value):
        shown = f"`{scheme}://`" if sep else f"`{value}`"
        raise click.BadParameter(f"{shown} is not a Dask scheduler address scheme ({', '.join(DASK_SCHEMES)}); the "
                                 "scheduler prints its address when it starts, e.g. tcp://10.0.0.5:8786")
    return value


def _agenda(agenda: str | None) -> str | None:
    return None if agenda in (None, "full") else agenda


@click.command()
@click.argument("scenario")
@click.option("--samples", type=click.IntRange(min=1), default=None,
              help="Number of samples, at most 10,000,000 [default: the scenario's `uncertainty.samples`]; runs "
                   "estimated to exceed the budget (--budget-seconds, --budget-memory) are refused before they start.")
@click.option("--seed", type=click.IntRange(min=0), default=None, help="Root seed [default: the scenario's].")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Local worker processes [default: all cores; 1 = in this process].")
@click.option("--scheduler", default=None, metavar="ADDR", callback=lambda ctx, param, value: scheduler_address(value),
              help="Run the batches on this Dask scheduler (e.g. tcp://10.0.0.5:8786); needs negsim[distributed].")
@click.option("--agenda", default=None, help="Analyse this agenda ('full' or omitted: the full package).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write uncertainty.json and figures/ into this folder.")
@max_deals_option(DEFAULT_MAX_DEALS)
@click.option("--force", is_flag=True, help="Write into an output folder that negsim did not create.")
@user_errors
@budgeted
def uncertainty(scenario: str, samples: int | None, seed: int | None, workers: int | None, scheduler: str | None,
                agenda: str | None, fmt: str, out: Path | None, max_deals: int, force: bool) -> None:
    """Monte Carlo over the uncertain inputs of SCENARIO: how likely a deal is, which deals, what blocks."""
    s = load(resolve_scenario(scenario), max_deals=max_deals)
    # planned before anything is drawn (on a cluster, again once its size is known)
    estimate = estimate_uncertainty(s, _agenda(agenda), samples=samples, workers=workers)
    if scheduler is None:
        plan.check(estimate)
    with progress_bar(enabled=fmt == "text", estimate=estimate if scheduler is None else None) as progress:
        result = run_uncertainty(s, _agenda(agenda), samples=samples, seed=seed, workers=workers, scheduler=scheduler,
                                 progress=progress)
    data = result.to_dict()
    if out is not None:
        _write(out, "uncertainty.json", data, lambda f: _uncertainty_figures(result, f), "uncertainty", force)
    if fmt == "json":
        echo_json(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_uncertainty(result)


@click.command()
@click.argument("scenario")
@click.option("--vary", "specs", multiple=True, required=True, metavar="PATH=LOW:HIGH:STEPS",
              help="An input to sweep, e.g. parties.russia.no_deal=0:0.5:26 (once or twice).")
@click.option("--agenda", default=None, help="Analyse this agenda ('full' or omitted: the full package).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Local worker processes.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write sweep.json and figures/ into this folder.")
@max_deals_option(DEFAULT_MAX_DEALS)
@click.option("--force", is_flag=True, help="Write into an output folder that negsim did not create.")
@user_errors
@budgeted
def sweep(scenario: str, specs: tuple[str, ...], agenda: str | None, workers: int, fmt: str, out: Path | None,
          max_deals: int, force: bool) -> None:
    """Step one or two inputs of SCENARIO over a grid: where a deal exists and which deal each solution picks."""
    s = load(resolve_scenario(scenario), max_deals=max_deals)
    parsed = [parse_vary(v) for v in specs]
    estimate = plan.check(estimate_sweep(s, parsed, _agenda(agenda), workers=workers))
    with progress_bar(enabled=fmt == "text", estimate=estimate) as progress:
        result = run_sweep(s, parsed, _agenda(agenda), workers=workers, progress=progress)
    data = result.to_dict()
    if out is not None:
        _write(out, "sweep.json", data, lambda f: _sweep_figures(result, f), "sweep", force)
    if fmt == "json":
        echo_json(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_sweep(result)


def _write(out: Path, name: str, data: dict[str, Any], draw: Callable[[Path], list[Path]], command: str,
           force: bool) -> None:
    with OutputFolder(out, command=command, force=force) as folder:
        folder.write_json(name, data)
        figures = draw(folder.folder("figures"))
    click.echo(f"wrote {out / name} and {len(figures)} figure(s) in {out / 'figures'}", err=True)


def _uncertainty_figures(result: UncertaintyResult, folder: Path) -> list[Path]:
    from negsim.report.uncertainty import write_figures

    return write_figures({result.agenda or "full_package": result}, folder)[result.agenda or "full_package"]


def _sweep_figures(result: SweepResult, folder: Path) -> list[Path]:
    from negsim.plot.uncertainty import sweep_lines, sweep_map
    from negsim.report.figures import save_figure

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for solution in ("nash", "kalai_smorodinsky"):
        ax = sweep_lines(result, solution) if len(result.specs) == 1 else sweep_map(result, solution)
        paths.append(save_figure(ax.figure, folder / f"sweep_{solution}.png"))
    return paths


def print_uncertainty(r: UncertaintyResult) -> None:
    """The summary in the terminal: P(deal), deals, utilities, constraints, sensitivity."""
    con = console()
    con.print(Text.assemble((r.title, "bold"), f" — {r.agenda_name}: {r.samples:,} samples, seed {r.seed}"))
    con.print(Text.assemble("A deal exists in ", (f"{r.p_deal:.1%}", "bold"), " of the samples "
                            f"(95% Wilson interval {r.p_deal_ci[0]:.1%}–{r.p_deal_ci[1]:.1%})."))
    for name, label, none in (("nash", "Nash", NO_NASH_DEAL), ("kalai_smorodinsky", "Kalai–Smorodinsky", "no deal")):
        t = Table(title=f"{label} deals")
        t.add_column("share", justify="right")
        t.add_column("deal")
        for d in r.solutions[name][:6]:
            t.add_row(f"{d.frequency:.1%}", sample_deal_words(r, d.deal, none))
        con.print(t)
    if r.utilities["nash"]:
        t = Table(title="Utility at the Nash deal (samples with a deal)")
        for col in ("party", "mean", "5%", "median", "95%"):
            t.add_column(col, justify="right" if col != "party" else "left")
        for p, q in r.utilities["nash"].items():
            t.add_row(r.party_names[p], f"{q['mean']:.3f}", f"{q['q05']:.3f}", f"{q['q50']:.3f}", f"{q['q95']:.3f}")
        con.print(t)
    t = Table(title="Constraints")
    for col in ("constraint", "blocks alone", "in a conflict", "binds"):
        t.add_column(col, justify="left" if col == "constraint" else "right")
    for c in r.constraints:
        t.add_row(printable(c.text), f"{c.p_blocks:.1%}", f"{c.p_in_conflict:.1%}", f"{c.p_binds:.1%}")
    con.print(t)
    _print_sensitivity(r)
    for gid, rows in r.games.items():
        con.print(f"game {gid}: " + "; ".join(f"{row['structure']} ({row['frequency']:.0%})" for row in rows))
    for note in r.notes:
        con.print(f"note: {note}")


def _print_sensitivity(r: UncertaintyResult) -> None:
    if not r.sensitivity:
        return
    every = list(r.sensitivity[0].correlations)
    names = [n for n in every if not n.startswith("in_conflict.")][:2 + SENSITIVITY_PARTIES]
    t = Table(title="Sensitivity (Spearman rank correlation of each input with each result)", title_justify="left")
    if len(names) < len(every):
        t.caption = (f"{len(every) - len(names)} more results (each constraint's part in conflicts"
                     f"{', the other parties’ Nash utilities' if len(r.parties) > SENSITIVITY_PARTIES else ''})"
                     " are in uncertainty.json (--format json or -o DIR).")
        t.caption_justify = "left"
    t.add_column("input", overflow="fold", min_width=20)
    for n in names:
        t.add_column(_result_words(n, r), justify="right", overflow="fold")
    for s in r.sensitivity:
        cells = ["—" if s.correlations[n] is None else f"{s.correlations[n]:+.2f}" for n in names]
        t.add_row(input_words(s.input, r.party_names, r.issue_names), *cells)
    console().print(t)


SENSITIVITY_PARTIES = 3
"""The terminal's sensitivity table shows the Nash utility of at most this many parties (the rest: in JSON)."""


def _result_words(name: str, r: UncertaintyResult) -> str:
    """A sensitivity column's header: ``nash_utility.usa`` → "Nash u / United States" on two lines."""
    if name.startswith("nash_utility."):
        pid = name.removeprefix("nash_utility.")
        return f"Nash u\n{printable(r.party_names.get(pid, pid))}"
    if name.startswith("in_conflict."):
        return "in a conflict: " + printable(name.removeprefix("in_conflict."))
    return {"deal_exists": "deal", "zopa_share": "ZOPA\nshare"}.get(name, printable(name))


def print_sweep(r: SweepResult) -> None:
    """One input: a row per grid point; two inputs: the share of the grid with a deal and the deals seen.

    Deals are named D1, D2, … in the order they first appear, and spelt out below the table.
    """
    con = console()
    inputs = ", ".join(input_words(s.path, r.party_names, r.issue_names) for s in r.specs)
    con.print(Text.assemble((r.title, "bold"), f" — {r.agenda_name}: sweep of {inputs}"))
    order = [int(i) for i in dict.fromkeys(r.picks["nash"].ravel().tolist()) if i >= 0]
    label = {idx: f"D{k + 1}" for k, idx in enumerate(order)}
    if len(r.specs) == 1:
        t = Table()
        for col in (input_words(r.specs[0].path, r.party_names, r.issue_names), "deal?", "ZOPA", "Nash deal",
                    *[f"u({printable(r.party_names.get(p, p))})" for p in r.parties]):
            t.add_column(col, justify="left" if col in ("deal?", "Nash deal") else "right")
        for i, x in enumerate(r.specs[0].grid):
            idx = int(r.picks["nash"][i])
            u = r.utilities["nash"][i]
            t.add_row(f"{x:.4g}", "yes" if r.has_deal[i] else "no", f"{int(r.zopa[i]):,}",
                      label.get(idx, "—"), *["—" if u[j] != u[j] else f"{u[j]:.3f}" for j in range(len(u))])
        con.print(t)
        for th in r.thresholds:
            lo, hi = th["between"]
            above = "no deal" if th["deal_exists_below"] else "a deal"
            con.print(Text(f"Above {input_words(th['input'], r.party_names, r.issue_names)} = {th['at']:.6g} there "
                           f"is {above} (it changes between the grid points {lo:.4g} and {hi:.4g})."))
    else:
        con.print(f"A deal exists at {r.has_deal.mean():.1%} of the {r.has_deal.size:,} grid points.")
    shares = {idx: float((r.picks["nash"] == idx).mean()) for idx in order}
    for idx in order:
        con.print(Text(f"{label[idx]} (the Nash deal at {shares[idx]:.1%} of the grid): "
                       + deal_words(r.deals[idx], r.issue_names, r.units)))
    if (r.picks["nash"] < 0).any():
        con.print(Text(f"— no Nash deal at {float((r.picks['nash'] < 0).mean()):.1%} of the grid (no deal, or none "
                       "gives every party a strict gain)"))


__all__ = ["print_sweep", "print_uncertainty", "sweep", "uncertainty"]
