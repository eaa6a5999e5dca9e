"""The uncertainty part of ``negsim run``: a :class:`~negsim.report.section.ReportSection`.

When the scenario has an ``uncertainty:`` section, the Monte Carlo runs on the full
package and on every agenda (:func:`negsim.uncertainty.montecarlo.run_targets`); the
section is a Markdown story with tables and figures (report.md) and a terminal table.

Example:
    >>> import negsim
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> r = negsim.run(s, [None], steps=["uncertainty"])
    >>> section(r.sections["uncertainty"], None).markdown.splitlines()[0]
    '500 samples (seed 2021) of these uncertain inputs:'

"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table

from negsim.report.section import ReportSection
from negsim.uncertainty.montecarlo import UncertaintyRuns
from negsim.uncertainty.results import UncertaintyResult


def section(runs: UncertaintyRuns, figures_dir: Path | None) -> ReportSection:
    """The ``negsim run`` section "Uncertainty" (figures drawn into ``figures_dir`` unless it is None)."""
    figures = write_figures(runs.targets, figures_dir) if figures_dir is not None else {}
    return ReportSection("uncertainty", "Uncertainty", markdown(runs.targets, figures), [summary_table(runs.targets)],
                         [p for paths in figures.values() for p in paths])


def write_figures(results: dict[str, UncertaintyResult], folder: Path) -> dict[str, list[Path]]:
    """Histogram, deal bars and tornado for every target where some sample has a deal."""
    from negsim.plot.uncertainty import deal_frequencies, tornado, utility_histogram
    from negsim.report.figures import save_figure

    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, list[Path]] = {}
    for key, r in results.items():
        paths = []
        if r.deals_with_deal:
            for name, draw in (("utilities", utility_histogram), ("deals", deal_frequencies), ("tornado", tornado)):
                paths.append(save_figure(draw(r).figure, folder / f"uncertainty_{name}_{key}.png"))
        out[key] = paths
    return out


def _top_deal(r: UncertaintyResult) -> str:
    deals = [d for d in r.solutions["nash"] if d.deal is not None]
    if not deals:
        return "—"
    return ", ".join(f"{k}={v}" for k, v in deals[0].deal.items()) + f" ({deals[0].frequency:.0%})"  # type: ignore[union-attr]


def summary_table(results: dict[str, UncertaintyResult]) -> Table:
    """One row per target: P(deal) with its interval, the most frequent Nash deal, the top input."""
    first = next(iter(results.values()))
    table = Table(title=f"Uncertainty: {first.samples:,} samples, seed {first.seed}")
    for col in ("agenda", "P(deal)", "95% CI", "most frequent Nash deal", "most influential input"):
        table.add_column(col)
    for r in results.values():
        top = r.sensitivity[0].input if r.sensitivity and r.sensitivity[0].score > 0 else "—"
        table.add_row(r.agenda_name, f"{r.p_deal:.1%}", f"{r.p_deal_ci[0]:.1%}–{r.p_deal_ci[1]:.1%}", _top_deal(r), top)
    return table


def markdown(results: dict[str, UncertaintyResult], figures: dict[str, list[Path]] | None = None) -> str:
    """The report text: inputs, then per target the deal probability, deals, blockers, sensitivity."""
    first = next(iter(results.values()))
    lines = [f"{first.samples:,} samples (seed {first.seed}) of these uncertain inputs:", "",
             "| input | distribution |", "|---|---|"]
    lines += [f"| `{i['path']}` | {i['distribution']} |" for i in first.inputs]
    for key, r in results.items():
        lines += ["", f"### {r.agenda_name}", "", f"A deal exists in **{r.p_deal:.1%}** of the samples "
                  f"(95% Wilson interval {r.p_deal_ci[0]:.1%}–{r.p_deal_ci[1]:.1%})."]
        lines += _deals_md(r) + _constraints_md(r) + _sensitivity_md(r)
        lines += ["", *[f"![{p.stem}](figures/{p.name})" for p in (figures or {}).get(key, [])]]
        lines += [f"*Note:* {n}" for n in r.notes]
    return "\n".join(lines) + "\n"


def _deals_md(r: UncertaintyResult) -> list[str]:
    deals = [d for d in r.solutions["nash"] if d.deal is not None][:5]
    if not deals:
        return []
    out = ["", "| Nash deal | share of samples |", "|---|---|"]
    out += [f"| {', '.join(f'{k}={v}' for k, v in (d.deal or {}).items())} | {d.frequency:.1%} |" for d in deals]
    return out


def _constraints_md(r: UncertaintyResult) -> list[str]:
    rows = [c for c in r.constraints if c.p_blocks or c.p_in_conflict or c.p_binds]
    if not rows:
        return []
    out = ["", "| constraint | blocks alone | in a conflict | binds |", "|---|---|---|---|"]
    out += [f"| {c.text} (`{c.id}`) | {c.p_blocks:.1%} | {c.p_in_conflict:.1%} | {c.p_binds:.1%} |" for c in rows]
    return out


def _sensitivity_md(r: UncertaintyResult) -> list[str]:
    if not r.sensitivity:
        return []
    names = list(r.sensitivity[0].correlations)
    out = ["", "Spearman rank correlation of each input with each result:", "",
           "| input | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    out += [f"| `{s.input}` | " + " | ".join(_rho(s.correlations[n]) for n in names) + " |" for s in r.sensitivity]
    return out


def _rho(v: Any) -> str:
    return "—" if v is None else f"{v:+.2f}"


__all__ = ["markdown", "section", "summary_table", "write_figures"]
