"""Forecasts in words: terminal tables, report.md, and the forecast section of ``negsim run``.

Example:
    >>> import negsim
    >>> r = negsim.run(negsim.load(negsim.bundled("ec-car-emissions-1994")), steps=["forecast"])
    >>> data = r.to_dict()["forecast"]
    >>> data["issues"][0]["forecasts"]["compromise"], sorted(data["solutions"]["years"])
    (7.389955687, ['egalitarian', 'kalai_smorodinsky', 'nash', 'utilitarian'])
    >>> section(r.sections["forecast"], None).title
    'Forecasts'

"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from negsim.forecast.run import ForecastResult
from negsim.forecast.section import ForecastSection
from negsim.report.section import ReportSection
from negsim.wording import printable

MODEL_NAMES = {"compromise": "compromise", "median": "weighted median", "expected_utility": "expected utility",
               "exchange": "exchange", "reference_point": "reference point"}
SOLUTION_NAMES = {"nash": "Nash", "kalai_smorodinsky": "Kalai–Smorodinsky", "egalitarian": "egalitarian",
                  "utilitarian": "utilitarian"}
MOST_ROWS = 40
"""Issues listed one by one in the terminal and in report.md (all of them are in the JSON)."""
MOST_DETAILED = 3
"""Issues drawn with positions over rounds and who challenges whom."""


def _fmt(x: float | None) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.4g}"


def score_rows(result: ForecastResult) -> list[tuple[str, str, str]]:
    """(model, MAE, n) for each model and the reference point."""
    return [(MODEL_NAMES[m], _fmt(s.mae), str(s.n)) for m, s in result.scores.items()]


def issue_rows(result: ForecastResult) -> list[list[str]]:
    """One row per issue (at most :data:`MOST_ROWS`): id, actors, observed, reference point, each forecast."""
    d = result.data
    rows = []
    for k in range(min(MOST_ROWS, len(d.issues))):
        cells = [printable(d.issues[k]), str(int(d.present[k].sum())), _fmt(d.observed[k]), _fmt(d.reference_point[k])]
        cells += [_fmt(f[k]) for f in result.forecasts.values()]
        rows.append(cells)
    return rows


def print_forecast(con: Console, result: ForecastResult) -> None:
    """Per-issue forecasts and the scores in the terminal."""
    d = result.data
    con.print(f"{printable(d.source)}: {len(d.issues)} issue(s), {len(d.actors)} actors, capabilities: "
              f"{d.capability_source}")
    t = Table(title="Forecasts")
    for col in ("issue", "actors", "observed", "ref. point", *(MODEL_NAMES[m] for m in result.forecasts)):
        t.add_column(col, justify="left" if col == "issue" else "right")
    for row in issue_rows(result):
        t.add_row(*row)
    con.print(t)
    if len(d.issues) > MOST_ROWS:
        con.print(f"… and {len(d.issues) - MOST_ROWS} more issues (all of them with --format json)")
    if any(s.n for s in result.scores.values()):
        s = Table(title="Mean absolute error over the issues with an observed outcome")
        for col in ("model", "MAE", "n"):
            s.add_column(col, justify="left" if col == "model" else "right")
        for name, value, count in score_rows(result):
            s.add_row(name, value, count)
        con.print(s)
    if result.eu is not None:
        settled = int(result.eu.settled.sum())
        con.print(f"expected utility: positions settled on {settled} of {len(d.issues)} issue(s) within "
                  f"{result.rounds} rounds (switches: {_switches(result)})")


def _switches(result: ForecastResult) -> str:
    assert result.eu is not None
    o = result.eu.options
    return (f"denominator={o.denominator}, choice={o.choice}, perspective={o.perspective}, outcome={o.outcome}, "
            f"Q={o.status_quo:g}, T={o.improvement:g}")


def markdown(result: ForecastResult, figures: Sequence[Path] = ()) -> str:
    """The forecast as Markdown: data, scores, issues, figures."""
    d = result.data
    lines = [f"Data: {printable(d.source)} — {len(d.issues)} issue(s), {len(d.actors)} actors; capabilities: "
             f"{d.capability_source}. Models: {', '.join(MODEL_NAMES[m] for m in result.models)}; at most "
             f"{result.rounds} rounds."]
    if result.eu is not None:
        lines += ["", f"Expected-utility switches: {_switches(result)} (docs/forecasting.md). Positions settled "
                      f"on {int(result.eu.settled.sum())} of {len(d.issues)} issue(s)."]
    if any(s.n for s in result.scores.values()):
        lines += ["", "| model | mean absolute error | issues |", "|---|---:|---:|"]
        lines += [f"| {m} | {mae} | {n} |" for m, mae, n in score_rows(result)]
    header = ["issue", "actors", "observed", "reference point", *(MODEL_NAMES[m] for m in result.forecasts)]
    lines += ["", "| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in issue_rows(result)]
    if len(d.issues) > MOST_ROWS:
        lines += ["", f"({len(d.issues) - MOST_ROWS} more issues in forecast.json.)"]
    if result.shocks is not None:
        lines += ["", *_shock_lines(result)]
    lines += ["", *[f"![{p.stem}](figures/{p.name})" for p in figures]]
    return "\n".join(lines) + "\n"


def _shock_lines(result: ForecastResult) -> list[str]:
    assert result.shocks is not None
    sh = result.shocks
    out = [f"Monte Carlo: {sh.samples} samples (seed {sh.seed}) with saliences and capabilities multiplied by "
           f"exp({sh.sd:g}·z), z standard normal."]
    scores = sh.to_dict(result.data)["mae"]
    if scores:
        out += ["", "| model | MAE 5% | median | 95% |", "|---|---:|---:|---:|"]
        out += [f"| {MODEL_NAMES[m]} | {_fmt(q['q05'])} | {_fmt(q['q50'])} | {_fmt(q['q95'])} |"
                for m, q in scores.items()]
    return out


def detailed_issues(result: ForecastResult) -> list[int]:
    """The issues worth drawing in detail: where the expected-utility model moved positions the most."""
    if result.eu is None:
        return []
    eu = result.eu
    moved = np.nan_to_num(np.abs(eu.positions[-1] - eu.positions[0])).sum(axis=1)
    order = np.argsort(-moved, kind="stable")
    return [int(k) for k in order[:MOST_DETAILED] if result.data.present[k].sum() >= 2]


def write_figures(result: ForecastResult, folder: Path) -> list[Path]:
    """The forecast's figures in ``folder``: forecast against observed, by issue, rounds, challenges."""
    from negsim.plot.forecast import challenges, forecast_vs_observed, forecasts_by_issue, positions_over_rounds
    from negsim.report.figures import save_figure

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    if result.scores and any(s.n for m, s in result.scores.items() if m != "reference_point"):
        paths.append(save_figure(lambda: forecast_vs_observed(result).figure, folder / "forecast_vs_observed.png"))
    if result.data.issues:
        paths.append(save_figure(lambda: forecasts_by_issue(result).figure, folder / "forecasts_by_issue.png"))
    for k in detailed_issues(result):
        stem = _safe(result.data.issues[k])
        paths.append(save_figure(partial(_figure_of, positions_over_rounds, result, k), folder / f"rounds_{stem}.png"))
        paths.append(save_figure(partial(_figure_of, challenges, result, k), folder / f"challenges_{stem}.png"))
    return paths


def _figure_of(draw: Any, *args: Any) -> Any:
    """The figure ``draw(*args)`` draws on (a deferred drawing for :func:`~negsim.report.figures.save_figure`)."""
    return draw(*args).figure


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:60] or "issue"


# --- the section of `negsim run` --------------------------------------------------------------

def section(fs: ForecastSection, figures_dir: Path | None) -> ReportSection:
    """The ``negsim run`` section "Forecasts" (figures drawn into ``figures_dir`` unless it is None)."""
    figures = write_figures(fs.result, figures_dir) if figures_dir is not None else []
    table = _side_by_side_table(fs.result, fs.solutions)
    text = _side_by_side_markdown(fs.result, fs.solutions, fs.agenda) + "\n" + markdown(fs.result, figures)
    return ReportSection("forecast", "Forecasts", text, [table], figures)


def _side_by_side_rows(result: ForecastResult, solutions: dict[str, dict[str, dict[str, Any]]]) -> list[list[str]]:
    rows = []
    for k, issue in enumerate(result.data.issues):
        labels = result.data.labels[k]
        cells = [printable(issue)]
        for f in result.forecasts.values():
            cells.append(_fmt(f[k]) + (f" ({_nearest(f[k], labels)})" if labels else ""))
        for name in SOLUTION_NAMES:
            sol = solutions.get(issue, {}).get(name)
            cells.append("—" if not sol or sol["option"] is None else printable(sol["option"]))
        rows.append(cells)
    return rows


def _nearest(x: float, labels: Sequence[str]) -> str:
    from negsim.forecast.run import nearest_option

    return printable(nearest_option(x, labels) or "—")


def _side_by_side_table(result: ForecastResult, solutions: dict[str, dict[str, dict[str, Any]]]) -> Table:
    t = Table(title="Forecasts and bargaining solutions")
    for col in ("issue", *(MODEL_NAMES[m] for m in result.forecasts), *SOLUTION_NAMES.values()):
        t.add_column(col)
    for row in _side_by_side_rows(result, solutions):
        t.add_row(*row)
    return t


def _side_by_side_markdown(result: ForecastResult, solutions: dict[str, dict[str, dict[str, Any]]],
                           agenda: str | None) -> str:
    header = ["issue", *(MODEL_NAMES[m] for m in result.forecasts), *SOLUTION_NAMES.values()]
    lines = [f"Where the spatial models forecast each issue to land, next to the option each bargaining solution "
             f"picks ({agenda or 'full package'}). Categorical issues are read as ordered scales (0 = the first "
             "option); the nearest option follows each forecast.", "",
             "| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in _side_by_side_rows(result, solutions)]
    return "\n".join(lines) + "\n"


__all__ = ["markdown", "print_forecast", "section", "write_figures"]
