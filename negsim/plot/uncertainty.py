"""Uncertainty figures: utility histograms, deal frequencies, tornado chart, sweep lines and maps.

Every function takes ``ax=None``, draws there and returns the Axes (never ``show()``).
The data come from :class:`negsim.uncertainty.results.UncertaintyResult` and
:class:`negsim.uncertainty.sweep.SweepResult`.

Example:
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import negsim
    >>> from negsim.scenario.models import Vary
    >>> from negsim.uncertainty.montecarlo import run_uncertainty
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> r = run_uncertainty(s, "arms_control", samples=300, workers=1,
    ...                     vary=[Vary(path="parties.russia.no_deal", uniform=(0.0, 0.3))])
    >>> tornado(r).get_xlabel()
    'Spearman rank correlation with: deal exists'
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from negsim.plot.style import new_axes, party_color, short
from negsim.uncertainty.results import UncertaintyResult
from negsim.uncertainty.sweep import SweepResult

NO_DEAL_COLOR = "#bdbdbd"
DEAL_COLORS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4",
               "#b2df8a", "#fb9a99", "#cab2d6", "#ffff99"]
SOLUTION_LABEL = {"nash": "Nash", "kalai_smorodinsky": "Kalai–Smorodinsky"}
RESULT_LABEL = {"deal_exists": "deal exists", "zopa_share": "share of deals in the ZOPA"}


def input_label(path: str, party_names: dict[str, str]) -> str:
    """A readable name for a varied input path.

    >>> input_label("preferences.usa.weights.nato_enlargement", {"usa": "United States"})
    'United States: weight of nato enlargement'
    """
    parts = path.replace("[", ".").replace("]", "").split(".")
    if len(parts) < 3 or parts[0] not in ("parties", "preferences"):
        return path
    who = party_names.get(parts[1], parts[1])
    if parts[0] == "parties":
        return f"{who}: {parts[2].replace('_', '-')} {'utility' if parts[2] == 'no_deal' else ''}".rstrip()
    if parts[2] == "weights":
        return f"{who}: weight of {parts[3].replace('_', ' ')}"
    if parts[2] == "values" and len(parts) >= 5:
        return f"{who}: value of {'.'.join(parts[4:]).replace('_', ' ')} ({parts[3].replace('_', ' ')})"
    return f"{who}: minimum utility" if parts[-1] == "min_utility" else path


def deal_labels(deals: list[dict[str, str] | None], most: int = 40) -> list[str]:
    """Short multi-line labels that show only the issues on which the listed deals differ.

    >>> deal_labels([{"x": "a", "y": "b"}, {"x": "a", "y": "c"}, None])
    ['y: b', 'y: c', 'no deal']
    """
    real = [d for d in deals if d is not None]
    issues = list(real[0]) if real else []
    differ = [i for i in issues if len({d[i] for d in real}) > 1] or issues
    return ["no deal" if d is None else "\n".join(f"{short(i, 30)}: {short(d[i], most)}" for i in differ)
            for d in deals]


def utility_histogram(result: UncertaintyResult, solution: str = "nash", ax: Axes | None = None,
                      bins: int = 40) -> Axes:
    """Histogram of each party's utility at the solution's deal, over the samples that have a deal."""
    ax = new_axes(ax)
    table = result.table
    assert table is not None
    u = table.nash_u if solution == "nash" else table.ks_u
    ok = ~np.isnan(u).any(axis=1)
    edges = np.linspace(0.0, 1.0, bins + 1)
    for j, p in enumerate(result.parties):
        if ok.any():
            ax.hist(u[ok, j], bins=edges.tolist(), histtype="stepfilled", alpha=0.35, color=party_color(j),
                    edgecolor=party_color(j), linewidth=1.4, label=result.party_names[p])
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"utility at the {SOLUTION_LABEL[solution]} deal (0..1)")
    ax.set_ylabel("samples")
    ax.set_title(f"{result.agenda_name}: utilities at the {SOLUTION_LABEL[solution]} deal\n"
                 f"{int(ok.sum()):,} of {result.samples:,} samples have a deal")
    if ok.any():
        ax.legend(title="party", loc="upper left")
    else:
        ax.text(0.5, 0.5, "no sample has a deal", ha="center", va="center", transform=ax.transAxes)
    return ax


def deal_frequencies(result: UncertaintyResult, solution: str = "nash", ax: Axes | None = None,
                     most: int = 8) -> Axes:
    """Horizontal bars: how often the solution picks each deal (and "no deal"), most frequent on top."""
    counts = result.solutions[solution][:most]
    ax = new_axes(ax, (8.5, 1.2 + 0.75 * max(1, len(counts))))
    labels = deal_labels([c.deal for c in counts])
    freq = [c.frequency for c in counts]
    colors = [NO_DEAL_COLOR if c.deal is None else DEAL_COLORS[k % len(DEAL_COLORS)] for k, c in enumerate(counts)]
    y = np.arange(len(counts))[::-1]
    ax.barh(y, freq, color=colors)
    ax.set_yticks(y, labels, fontsize=8)
    for yi, f in zip(y, freq, strict=True):
        ax.text(f + 0.01, float(yi), "<1%" if 0 < f < 0.005 else f"{f:.0%}", va="center", fontsize=9)
    ax.set_xlim(0, min(1.0, max(freq, default=0.1) + 0.15))
    ax.set_xlabel("share of samples")
    ax.set_title(f"{result.agenda_name}: deals the {SOLUTION_LABEL[solution]} solution picks "
                 f"({result.samples:,} samples)")
    return ax


def tornado(result: UncertaintyResult, outcome: str = "deal_exists", ax: Axes | None = None) -> Axes:
    """Tornado chart: each input's Spearman correlation with one result, largest |ρ| on top."""
    rows = [(s.input, s.correlations.get(outcome)) for s in result.sensitivity]
    rows = sorted(rows, key=lambda r: abs(r[1]) if r[1] is not None else -1.0)
    ax = new_axes(ax, (8.0, 1.5 + 0.5 * max(1, len(rows))))
    y = np.arange(len(rows))
    values = [v if v is not None else 0.0 for _, v in rows]
    ax.barh(y, values, color=["#2166ac" if v >= 0 else "#b2182b" for v in values])
    ax.set_yticks(y, [input_label(p, result.party_names) for p, _ in rows], fontsize=9)
    for yi, (_, v) in zip(y, rows, strict=True):
        text = "n/a" if v is None else f"{v:+.2f}"
        ax.text(0.02 if (v or 0) < 0 else -0.02, float(yi), text, va="center", ha="left" if (v or 0) < 0 else "right",
                fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel(f"Spearman rank correlation with: {_outcome_label(result, outcome)}")
    ax.set_title(f"{result.agenda_name}: which uncertain inputs matter ({result.samples:,} samples)")
    return ax


def _outcome_label(result: UncertaintyResult | SweepResult, outcome: str) -> str:
    if outcome.startswith("in_conflict."):
        return f"{outcome.split('.', 1)[1]} is in a minimal conflict"
    if outcome.startswith("nash_utility."):
        pid = outcome.split(".", 1)[1]
        return f"{result.party_names.get(pid, pid)}'s utility at the Nash deal"
    return RESULT_LABEL.get(outcome, outcome)


def sweep_lines(sweep: SweepResult, solution: str = "nash", ax: Axes | None = None) -> Axes:
    """One swept input: each party's utility at the solution's deal; grey where there is no deal."""
    ax = new_axes(ax)
    spec = sweep.specs[0]
    x = spec.grid
    u = sweep.utilities[solution]
    for j, p in enumerate(sweep.parties):
        ax.plot(x, u[:, j], marker=".", color=party_color(j), label=sweep.party_names[p])
    _shade_no_deal(ax, x, ~sweep.has_deal)
    picks = sweep.picks[solution]
    for i in np.flatnonzero((picks[:-1] != picks[1:]) & (picks[:-1] >= 0) & (picks[1:] >= 0)):
        ax.axvline((x[i] + x[i + 1]) / 2, color="black", linestyle=":", linewidth=0.9)
    for t in sweep.thresholds:
        ax.axvline(t["at"], color="black", linewidth=1.2)
        ax.annotate(f"deal {'ends' if t['deal_exists_below'] else 'appears'}\nat {t['at']:.4g}", (t["at"], 1.0),
                    xycoords=("data", "axes fraction"), ha="center", va="bottom", fontsize=8)
    handles, _ = ax.get_legend_handles_labels()
    handles += [Patch(color=NO_DEAL_COLOR, alpha=0.6, label="no deal"),
                ax.plot([], [], color="black", linestyle=":", label=f"{SOLUTION_LABEL[solution]} deal changes")[0]]
    ax.legend(handles=handles, loc="best", fontsize=8)
    ax.set_xlabel(f"{input_label(spec.path, sweep.party_names)}  ({spec.path})")
    ax.set_ylabel(f"utility at the {SOLUTION_LABEL[solution]} deal")
    ax.set_ylim(0, 1.05)
    ax.set_title(f"{sweep.agenda_name}: sweep of {input_label(spec.path, sweep.party_names)}", pad=22)
    return ax


def _shade_no_deal(ax: Axes, x: np.ndarray, mask: np.ndarray) -> None:
    half = (x[1] - x[0]) / 2 if len(x) > 1 else 0.5
    for i in np.flatnonzero(mask):
        ax.axvspan(x[i] - half, x[i] + half, color=NO_DEAL_COLOR, alpha=0.6, linewidth=0)


def sweep_map(sweep: SweepResult, solution: str = "nash", ax: Axes | None = None, most: int = 10) -> Axes:
    """Two swept inputs: the deal the solution picks at each grid point (grey: no deal)."""
    ax = new_axes(ax, (9.5, 6.0))
    a, b = sweep.specs
    picks = sweep.picks[solution]
    values, counts = np.unique(picks[picks >= 0], return_counts=True)
    shown = [int(v) for v in values[np.argsort(-counts)][:most]]
    codes = np.full(picks.shape, len(shown) + 1)  # "other deals"
    codes[picks < 0] = 0
    for k, v in enumerate(shown):
        codes[picks == v] = k + 1
    colors = [NO_DEAL_COLOR] + [DEAL_COLORS[k % len(DEAL_COLORS)] for k in range(len(shown))] + ["#444444"]
    ax.pcolormesh(_edges(b.grid), _edges(a.grid), codes, cmap=ListedColormap(colors), vmin=-0.5,
                  vmax=len(colors) - 0.5, shading="flat")
    labels = deal_labels([sweep.deals[v] for v in shown] + [None])
    handles: list[Any] = [Patch(color=NO_DEAL_COLOR, label="no deal")]
    handles += [Patch(color=colors[k + 1], label=labels[k]) for k in range(len(shown))]
    if (codes == len(shown) + 1).any():
        handles.append(Patch(color=colors[-1], label="other deals"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7,
              title=f"{SOLUTION_LABEL[solution]} deal")
    ax.set_xlabel(f"{input_label(b.path, sweep.party_names)}  ({b.path})")
    ax.set_ylabel(f"{input_label(a.path, sweep.party_names)}  ({a.path})")
    ax.set_title(f"{sweep.agenda_name}: {SOLUTION_LABEL[solution]} deal over two inputs")
    return ax


def _edges(grid: np.ndarray) -> np.ndarray:
    mid = (grid[1:] + grid[:-1]) / 2
    return np.concatenate([[grid[0] - (mid[0] - grid[0])], mid, [grid[-1] + (grid[-1] - mid[-1])]])


__all__ = ["deal_frequencies", "deal_labels", "input_label", "sweep_lines", "sweep_map", "tornado", "utility_histogram"]
