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
    >>> tornado(r).get_xlabel().splitlines()[0]
    'Spearman rank correlation with: deal exists'
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from negsim.plot.style import (
    DEAL_COLORS,
    NEGATIVE_COLOR,
    NO_DEAL_COLOR,
    OTHER_COLOR,
    POSITIVE_COLOR,
    deal_colors,
    more,
    new_axes,
    party_color,
    small,
    styled,
    wrap,
)
from negsim.uncertainty.results import UncertaintyResult
from negsim.uncertainty.sweep import SweepResult

SOLUTION_LABEL = {"nash": "Nash", "kalai_smorodinsky": "Kalai–Smorodinsky"}
MOST_PARTIES = 8
"""Parties drawn at most in a histogram or sweep line chart."""
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
    """Multi-line labels (wrapped, never cut) that show only the issues on which the listed deals differ.

    >>> deal_labels([{"x": "a", "y": "b"}, {"x": "a", "y": "c"}, None])
    ['y: b', 'y: c', 'no deal']
    """
    real = [d for d in deals if d is not None]
    issues = list(real[0]) if real else []
    differ = [i for i in issues if len({d[i] for d in real}) > 1] or issues
    return ["no deal" if d is None else "\n".join(wrap(f"{i}: {d[i]}", most) for i in differ) for d in deals]


@styled
def utility_histogram(result: UncertaintyResult, solution: str = "nash", ax: Axes | None = None,
                      bins: int = 40) -> Axes:
    """Histogram of each party's utility at the solution's deal, over the samples that have a deal."""
    ax = new_axes(ax, (8.0, 5.5))
    table = result.table
    assert table is not None
    u = table.nash_u if solution == "nash" else table.ks_u
    ok = ~np.isnan(u).any(axis=1)
    edges = np.linspace(0.0, 1.0, bins + 1)
    for j, p in enumerate(result.parties[:MOST_PARTIES]):
        if ok.any():
            ax.hist(u[ok, j], bins=edges.tolist(), histtype="step", color=party_color(j), linewidth=2.2,
                    label=result.party_names[p])
            ax.hist(u[ok, j], bins=edges.tolist(), histtype="stepfilled", color=party_color(j), alpha=0.12)
    ax.set_xlim(-0.01, 1.01)
    ax.set_xlabel(f"utility at the {SOLUTION_LABEL[solution]} deal (0..1)")
    ax.set_ylabel("samples")
    ax.set_title(wrap(f"{result.agenda_name}: utilities at the {SOLUTION_LABEL[solution]} deal", 70) +
                 f"\n{int(ok.sum()):,} of {result.samples:,} samples have a deal")
    if ok.any():
        left = more(MOST_PARTIES, len(result.parties), "parties", "the report's table")
        ax.legend(title="party" + (f"\n{left}" if left else ""), loc="upper left")
    else:
        ax.text(0.5, 0.5, "no sample has a deal", ha="center", va="center", transform=ax.transAxes)
    return ax


@styled
def deal_frequencies(result: UncertaintyResult, solution: str = "nash", ax: Axes | None = None,
                     most: int = 8) -> Axes:
    """Horizontal bars: how often the solution picks each deal (and "no deal"), most frequent on top.

    Each deal has the colour it has in every other figure (:func:`negsim.plot.style.deal_colors`).
    """
    everything = result.solutions[solution]
    counts = everything[:most]
    labels = deal_labels([c.deal for c in counts])
    lines = sum(label.count("\n") + 1 for label in labels)
    ax = new_axes(ax, (9.0, 1.8 + 0.22 * lines + 0.25 * max(1, len(counts))))
    freq = [c.frequency for c in counts]
    y = np.arange(len(counts))[::-1]
    ax.barh(y, freq, color=deal_colors([c.deal for c in counts]))
    ax.set_yticks(y, labels)
    for yi, f in zip(y, freq, strict=True):
        ax.text(f + 0.01, float(yi), "<1%" if 0 < f < 0.005 else f"{f:.0%}", va="center", fontsize=small())
    ax.set_xlim(0, min(1.0, max(freq, default=0.1) + 0.15))
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("share of samples")
    ax.set_title(wrap(f"{result.agenda_name}: deals the {SOLUTION_LABEL[solution]} solution picks "
                      f"({result.samples:,} samples)", 70))
    left = everything[most:]
    if left:
        ax.text(0.99, 0.02, more(most, len(everything), "deals") + f",\n{sum(c.frequency for c in left):.1%} of "
                "the samples", transform=ax.transAxes, ha="right", va="bottom", fontsize=small(), color="0.3")
    return ax


@styled
def tornado(result: UncertaintyResult, outcome: str = "deal_exists", ax: Axes | None = None,
            most: int = 15) -> Axes:
    """Tornado chart: each input's Spearman correlation with one result, largest |ρ| on top."""
    rows = [(s.input, s.correlations.get(outcome)) for s in result.sensitivity]
    rows = sorted(rows, key=lambda r: abs(r[1]) if r[1] is not None else -1.0)[-most:]
    labels = [wrap(input_label(p, result.party_names), 38) for p, _ in rows]
    ax = new_axes(ax, (9.0, 1.9 + 0.24 * sum(t.count("\n") + 1 for t in labels) + 0.2 * len(rows)))
    y = np.arange(len(rows))
    values = [v if v is not None else 0.0 for _, v in rows]
    ax.barh(y, values, color=[POSITIVE_COLOR if v >= 0 else NEGATIVE_COLOR for v in values])
    ax.set_yticks(y, labels)
    for yi, (_, v) in zip(y, rows, strict=True):
        text = "n/a" if v is None else f"{v:+.2f}"
        ax.text(0.02 if (v or 0) < 0 else -0.02, float(yi), text, va="center", ha="left" if (v or 0) < 0 else "right",
                fontsize=small())
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel(wrap(f"Spearman rank correlation with: {_outcome_label(result, outcome)}", 80) +
                  "\n(+1: the result rises with the input; −1: it falls; 0: no monotone link)")
    ax.set_title(wrap(f"{result.agenda_name}: which uncertain inputs matter ({result.samples:,} samples)", 70))
    if all(v is None for _, v in rows):
        ax.text(0.5, 0.5, "the result is the same in every sample:\nno input changes it", transform=ax.transAxes,
                ha="center", va="center", bbox={"boxstyle": "round", "fc": "white", "ec": "0.6"})
    left = more(len(rows), len(result.sensitivity), "inputs")
    if left:
        ax.text(0.99, 0.01, left, transform=ax.transAxes, ha="right", va="bottom", fontsize=small(), color="0.3")
    return ax


def _outcome_label(result: UncertaintyResult | SweepResult, outcome: str) -> str:
    if outcome.startswith("in_conflict."):
        return f"{outcome.split('.', 1)[1]} is in a minimal conflict"
    if outcome.startswith("nash_utility."):
        pid = outcome.split(".", 1)[1]
        return f"{result.party_names.get(pid, pid)}'s utility at the Nash deal"
    return RESULT_LABEL.get(outcome, outcome)


@styled
def sweep_lines(sweep: SweepResult, solution: str = "nash", ax: Axes | None = None) -> Axes:
    """One swept input: each party's utility at the solution's deal; grey where there is no deal."""
    ax = new_axes(ax, (8.5, 5.8))
    spec = sweep.specs[0]
    x = spec.grid
    u = sweep.utilities[solution]
    for j, p in enumerate(sweep.parties[:MOST_PARTIES]):
        ax.plot(x, u[:, j], marker=".", color=party_color(j), label=sweep.party_names[p])
    _shade_no_deal(ax, x, ~sweep.has_deal)
    picks = sweep.picks[solution]
    for i in np.flatnonzero((picks[:-1] != picks[1:]) & (picks[:-1] >= 0) & (picks[1:] >= 0)):
        ax.axvline((x[i] + x[i + 1]) / 2, color="black", linestyle=":", linewidth=0.9)
    for t in sweep.thresholds:
        ax.axvline(t["at"], color="black", linewidth=1.2)
        ax.annotate(f"deal {'ends' if t['deal_exists_below'] else 'appears'}\nat {t['at']:.4g}", (t["at"], 1.0),
                    xycoords=("data", "axes fraction"), ha="center", va="bottom", fontsize=small())
    handles, _ = ax.get_legend_handles_labels()
    handles += [Patch(color=NO_DEAL_COLOR, label="no deal"),
                ax.plot([], [], color="black", linestyle=":", label=f"{SOLUTION_LABEL[solution]} deal changes")[0]]
    left = more(MOST_PARTIES, len(sweep.parties), "parties", "the report's table")
    ax.legend(handles=handles, loc="best", title=left or None)
    ax.set_xlabel(wrap(f"{input_label(spec.path, sweep.party_names)}  ({spec.path})", 80))
    ax.set_ylabel(f"utility at the {SOLUTION_LABEL[solution]} deal")
    ax.set_ylim(0, 1.05)
    ax.set_title(wrap(f"{sweep.agenda_name}: sweep of {input_label(spec.path, sweep.party_names)}", 70),
                 pad=30 if sweep.thresholds else 6)
    return ax


def _shade_no_deal(ax: Axes, x: np.ndarray, mask: np.ndarray) -> None:
    """Grey bands where there is no deal (one band per run of grid points, not one per point)."""
    half = (x[1] - x[0]) / 2 if len(x) > 1 else 0.5
    m = np.concatenate([[False], mask, [False]])
    starts, ends = np.flatnonzero(m[1:] & ~m[:-1]), np.flatnonzero(~m[1:] & m[:-1])
    for a, b in zip(starts, ends, strict=True):
        ax.axvspan(x[a] - half, x[b - 1] + half, color=NO_DEAL_COLOR, linewidth=0)


@styled
def sweep_map(sweep: SweepResult, solution: str = "nash", ax: Axes | None = None, most: int = 8) -> Axes:
    """Two swept inputs: the deal the solution picks at each grid point (grey: no deal).

    Each deal has the colour it has in every other figure; beyond the ``most`` most frequent
    deals, the rest share one dark grey ("other deals").
    """
    most = min(most, len(DEAL_COLORS))
    a, b = sweep.specs
    picks = sweep.picks[solution]
    values, counts = np.unique(picks[picks >= 0], return_counts=True)
    shown = [int(v) for v in values[np.argsort(-counts, kind="stable")][:most]]
    codes = np.full(picks.shape, len(shown) + 1)  # "other deals"
    codes[picks < 0] = 0
    for k, v in enumerate(shown):
        codes[picks == v] = k + 1
    colors = [NO_DEAL_COLOR, *deal_colors([sweep.deals[v] for v in shown]), OTHER_COLOR]
    labels = deal_labels([sweep.deals[v] for v in shown] + [None], most=34)
    lines = sum(t.count("\n") + 1 for t in labels)
    ax = new_axes(ax, (10.0, max(6.0, 1.5 + 0.2 * lines + 0.15 * len(shown))))
    ax.pcolormesh(_edges(b.grid), _edges(a.grid), codes, cmap=ListedColormap(colors), vmin=-0.5,
                  vmax=len(colors) - 0.5, shading="flat")
    handles: list[Any] = [Patch(color=NO_DEAL_COLOR, label="no deal")]
    handles += [Patch(color=colors[k + 1], label=labels[k]) for k in range(len(shown))]
    others = (codes == len(shown) + 1)
    if others.any():
        n_other = len(values) - len(shown)
        handles.append(Patch(color=OTHER_COLOR, label=f"{n_other:,} other deal{'s' if n_other != 1 else ''}"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0),
              title=f"{SOLUTION_LABEL[solution]} deal")
    ax.set_xlabel(wrap(f"{input_label(b.path, sweep.party_names)}  ({b.path})", 60))
    ax.set_ylabel(wrap(f"{input_label(a.path, sweep.party_names)}  ({a.path})", 50))
    ax.set_title(wrap(f"{sweep.agenda_name}: {SOLUTION_LABEL[solution]} deal over two inputs", 70))
    return ax


def _edges(grid: np.ndarray) -> np.ndarray:
    mid = (grid[1:] + grid[:-1]) / 2
    return np.concatenate([[grid[0] - (mid[0] - grid[0])], mid, [grid[-1] + (grid[-1] - mid[-1])]])


__all__ = ["deal_frequencies", "deal_labels", "input_label", "sweep_lines", "sweep_map", "tornado", "utility_histogram"]
