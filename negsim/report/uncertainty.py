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

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import RenderableType
from rich.table import Table

from negsim.report.section import ReportSection
from negsim.report.words import deal_words
from negsim.uncertainty.montecarlo import UncertaintyRuns
from negsim.uncertainty.results import UncertaintyResult
from negsim.wording import printable


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
            kinds: list[tuple[str, Callable[..., Any]]] = [("utilities", utility_histogram),
                                                           ("deals", deal_frequencies)]
            if decides(r):  # a rank-correlation chart says something only when deal / no deal varies
                kinds.append(("tornado", tornado))
            for name, draw in kinds:
                paths.append(save_figure(partial(_figure_of, draw, r), folder / f"uncertainty_{name}_{key}.png"))
        out[key] = paths
    return out


def _figure_of(draw: Callable[..., Any], *args: Any) -> Any:
    """The figure ``draw(*args)`` draws on (a deferred drawing for :func:`~negsim.report.figures.save_figure`)."""
    return draw(*args).figure


def decides(r: UncertaintyResult) -> bool:
    """Whether whether-a-deal-exists varies across the samples (0 < P(deal) < 1): only then can an input matter."""
    return 0 < r.deals_with_deal < r.samples


def input_words(path: str, party_names: dict[str, str], issue_names: dict[str, str] | None = None) -> str:
    """An uncertainty path in words: ``parties.russia.no_deal`` → "Russia's no-deal utility".

    >>> input_words("preferences.usa.weights.nato_enlargement", {"usa": "United States"})
    "United States' weight on nato enlargement"
    >>> input_words("preferences.usa.values.form.treaty", {"usa": "United States"}, {"form": "Form of the deal"})
    "United States' value of treaty (Form of the deal)"
    """
    parts = path.split(".")
    who = printable(party_names.get(parts[1], parts[1])) if len(parts) > 1 else ""
    owner = f"{who}'" if who.endswith("s") else f"{who}'s"
    words = [printable(x).replace("_", " ") for x in parts[2:]]
    issue = (printable(issue_names[parts[3]]) if issue_names and len(parts) > 3 and parts[3] in issue_names
             else words[1] if len(words) > 1 else "")
    if parts[0] == "parties" and words:
        field = {"no deal": "no-deal utility", "power": "bargaining power", "patience": "patience"}
        return f"{owner} {field.get(words[0], words[0])}"
    if parts[0] == "preferences" and len(words) >= 2:
        if words[0] == "weights":
            return f"{owner} weight on {issue}"
        if words[0] == "values" and len(words) >= 3:
            return f"{owner} value of {words[2]} ({issue})"
        if words[0] == "red lines":
            return f"{owner} red line {' '.join(words[1:])}"
    return printable(path)


def top_inputs(r: UncertaintyResult, most: int = 3, floor: float = 0.1) -> list[tuple[str, float]]:
    """The inputs most rank-correlated with whether a deal exists (|ρ| ≥ ``floor``), largest first."""
    if not decides(r):
        return []
    pairs = [(s.input, s.correlations.get("deal_exists")) for s in r.sensitivity]
    ranked = sorted(((i, v) for i, v in pairs if v is not None and abs(v) >= floor), key=lambda x: -abs(x[1]))
    return ranked[:most]


NO_NASH_DEAL = "no Nash deal (no deal, or none gives every party a strict gain)"


def sample_deal_words(r: UncertaintyResult, deal: dict[str, str] | None, none: str = NO_NASH_DEAL) -> str:
    """A deal picked in the samples, in the scenario's words (None: ``none``, by default why there is no Nash deal)."""
    return none if deal is None else deal_words(deal, r.issue_names, r.units)


def _top_deal(r: UncertaintyResult) -> tuple[str, float] | None:
    deals = [d for d in r.solutions["nash"] if d.deal is not None]
    return (sample_deal_words(r, deals[0].deal), deals[0].frequency) if deals else None


def summary_table(results: dict[str, UncertaintyResult]) -> RenderableType:
    """P(deal) with its interval per target, then for the targets where it varies the Nash deal and the inputs."""
    first = next(iter(results.values()))
    table = Table(title=f"Uncertainty: {first.samples:,} samples, seed {first.seed}", title_justify="left")
    table.add_column("agenda")
    table.add_column("P(deal)", justify="right", no_wrap=True)
    table.add_column("95% interval", justify="right", no_wrap=True)
    for r in results.values():
        table.add_row(printable(r.agenda_name), f"{r.p_deal:.1%}", f"{r.p_deal_ci[0]:.1%}–{r.p_deal_ci[1]:.1%}")
    lines = []
    for r in results.values():
        top = _top_deal(r)
        if not decides(r):
            what = "never" if r.deals_with_deal == 0 else "always"
            lines.append(f"{printable(r.agenda_name)}: a deal {what} exists in these samples, so no input "
                         "decides it.")
            continue
        lines.append(f"{printable(r.agenda_name)}:")
        if top is not None:
            lines.append(f"  most frequent Nash deal ({top[1]:.0%} of samples): {top[0]}")
        inputs = top_inputs(r)
        if inputs:
            lines.append("  whether a deal exists moves most with: " + "; ".join(
                f"{input_words(i, r.party_names, r.issue_names)} (ρ {v:+.2f})" for i, v in inputs))
    table.caption = "\n".join(lines)
    table.caption_justify = "left"
    return table


def markdown(results: dict[str, UncertaintyResult], figures: dict[str, list[Path]] | None = None) -> str:
    """The report text: inputs, then per target the deal probability, deals, blockers, what matters."""
    first = next(iter(results.values()))
    lines = [f"{first.samples:,} samples (seed {first.seed}) of these uncertain inputs:", "",
             "| input | distribution |", "|---|---|"]
    for i in first.inputs:
        lines.append(f"| {input_words(i['path'], first.party_names, first.issue_names)} (`{i['path']}`) "
                     f"| {i['distribution']} |")
    for key, r in results.items():
        lines += ["", f"### {printable(r.agenda_name)}", "", f"A deal exists in **{r.p_deal:.1%}** of the samples "
                  f"(95% Wilson interval {r.p_deal_ci[0]:.1%}–{r.p_deal_ci[1]:.1%})."]
        lines += _deals_md(r) + _constraints_md(r) + _sensitivity_md(r)
        lines += ["", *[f"![{p.stem}](figures/{p.name})" for p in (figures or {}).get(key, [])]]
        lines += [f"*Note:* {printable(n)}" for n in r.notes]
    return "\n".join(lines) + "\n"


def _deals_md(r: UncertaintyResult) -> list[str]:
    deals = r.solutions["nash"][:5]
    if not any(d.deal is not None for d in deals):
        return []
    out = ["", "| Nash deal | share of samples |", "|---|---:|"]
    out += [f"| {sample_deal_words(r, d.deal)} | {d.frequency:.1%} |" for d in deals]
    shown = sum(d.frequency for d in deals)
    if shown < 0.9995:
        out += ["", f"(Other Nash deals: {1 - shown:.1%} of the samples, in result.json.)"]
    return out


def _constraints_md(r: UncertaintyResult) -> list[str]:
    rows = [c for c in r.constraints if c.p_blocks or c.p_in_conflict or c.p_binds]
    if not rows:
        return []
    out = ["", "How often each constraint blocks a deal on its own (dropping it alone would open one), takes part "
           "in a minimal conflicting set, or binds (dropping it would move the Nash deal):", "",
           "| constraint | blocks alone | in a conflict | binds |", "|---|---:|---:|---:|"]
    out += [f"| {printable(c.text)} | {c.p_blocks:.1%} | {c.p_in_conflict:.1%} | {c.p_binds:.1%} |" for c in rows]
    return out


def _sensitivity_md(r: UncertaintyResult) -> list[str]:
    if not decides(r):
        what = "never" if r.deals_with_deal == 0 else "always"
        return ["", f"A deal {what} exists in these samples, so no input decides whether there is one."]
    inputs = top_inputs(r, most=len(r.sensitivity), floor=0.0)
    if not inputs:
        return []
    out = ["", "Spearman rank correlation of each input with whether a deal exists (+: more of the input, more "
           "often a deal):", "", "| input | ρ |", "|---|---:|"]
    out += [f"| {input_words(i, r.party_names, r.issue_names)} | {v:+.2f} |" for i, v in inputs]
    return out


__all__ = ["decides", "input_words", "markdown", "section", "summary_table", "top_inputs", "write_figures"]
