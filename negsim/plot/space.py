"""The utility space: deals, feasible deals, frontier, no-deal point and solutions.

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import negsim
    >>> from negsim.plot import utility_space
    >>> a = negsim.analyze(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> ax = utility_space(a)
    >>> ax.get_xlabel()
    'Bill utility'
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from negsim.engine.result import Analysis
from negsim.plot.style import SOLUTION_STYLE, new_axes

DENSITY_ABOVE = 4000
"""With more deals than this, all deals are drawn as density shading instead of dots."""


def utility_space(analysis: Analysis, pair: tuple[str, str] | None = None, ax: Axes | None = None,
                  legend: bool = True, title: str | None = None) -> Axes:
    """Deals in the utility plane of two parties (the first two unless ``pair`` is given)."""
    ax = new_axes(ax)
    p, q = pair or (analysis.parties[0], analysis.parties[1])
    i, j = analysis.parties.index(p), analysis.parties.index(q)
    _draw_deals(ax, analysis, i, j)
    _draw_frontier(ax, analysis, i, j)
    _draw_no_deal(ax, analysis, p, q)
    _draw_solutions(ax, analysis, p, q)
    ax.set_xlabel(f"{analysis.party_names[p]} utility")
    ax.set_ylabel(f"{analysis.party_names[q]} utility")
    ax.set_title(title or _title(analysis))
    ax.grid(True, alpha=0.25)
    if legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=3, fontsize=8, frameon=False)
    return ax


def _title(analysis: Analysis) -> str:
    from negsim.wording import count_text

    total = count_text(analysis.deals_total)
    size = count_text(analysis.zopa_size) if analysis.zopa_exact else f"≈{count_text(int(analysis.zopa_estimate or 0))}"
    zopa = (f"ZOPA {size} of {total} deals" if analysis.has_deal else f"no deal meets every red line ({total} deals)")
    return f"{analysis.agenda_name}: {zopa}"


def _draw_deals(ax: Axes, a: Analysis, i: int, j: int) -> None:
    u, feas = a.sample_u, a.sample_feasible
    what = f"a seeded sample of {len(u):,} deals" if a.sampled else "all deals"
    if len(u) > DENSITY_ABOVE:
        _density(ax, u[~feas][:, [i, j]], "Greys", f"{what}: breaks a red line or floor (density)", "0.6")
        _density(ax, u[feas][:, [i, j]], "Blues", f"feasible (ZOPA{', sample' if a.sampled else ''}, density)",
                 "#4a90d9")
        return
    ax.scatter(u[~feas, i], u[~feas, j], s=14, color="0.75", alpha=0.7, linewidths=0,
               label=f"{what}: breaks a red line or floor")
    if feas.any():
        ax.scatter(u[feas, i], u[feas, j], s=16, color="#4a90d9", alpha=0.8, linewidths=0, label="feasible (ZOPA)")


def _density(ax: Axes, xy: Any, cmap: str, label: str, color: str) -> None:
    """Log-scaled hexagonal density of many deals, with a legend entry."""
    if len(xy) == 0:
        return
    ax.hexbin(xy[:, 0], xy[:, 1], gridsize=60, cmap=cmap, mincnt=1, bins="log", linewidths=0, alpha=0.85)
    ax.scatter([], [], s=40, marker="h", color=color, label=label)


def _draw_frontier(ax: Axes, a: Analysis, i: int, j: int) -> None:
    f = a.frontier_u
    if len(f) == 0:
        return
    if len(a.parties) == 2:
        order = np.argsort(f[:, i])
        ax.plot(f[order, i], f[order, j], "-", color="#c0392b", lw=1.4, alpha=0.8, zorder=3)
    ax.scatter(f[:, i], f[:, j], s=26, facecolors="none", edgecolors="#c0392b", lw=1.2, zorder=4,
               label=f"Pareto frontier ({len(a.frontier)} points)")


def _draw_no_deal(ax: Axes, a: Analysis, p: str, q: str) -> None:
    x, y = a.no_deal[p], a.no_deal[q]
    ax.scatter([x], [y], marker="X", s=110, color="black", zorder=5, label="no deal")
    ax.axvline(x, color="black", lw=0.7, ls=":", alpha=0.6)
    ax.axhline(y, color="black", lw=0.7, ls=":", alpha=0.6)


def _draw_solutions(ax: Axes, a: Analysis, p: str, q: str) -> None:
    for name, s in a.solutions.items():
        if s.utilities is None:
            continue
        st = SOLUTION_STYLE[name]
        ax.scatter([s.utilities[p]], [s.utilities[q]], marker=st["marker"], s=st["size"], color=st["color"],
                   edgecolors="black", lw=0.6, zorder=st["zorder"], label=st["label"])
    if "nash" in a.convex and len(a.parties) == 2:
        u = a.convex["nash"].utilities
        if len(a.convex["nash"].lottery) > 1:
            ax.scatter([u[p]], [u[q]], marker="*", s=200, facecolors="none", edgecolors="#d4a000", lw=1.5,
                       zorder=6, label="Nash on the convex hull (lottery)")


def utility_space_pairs(analysis: Analysis, fig: Figure | None = None) -> Any:
    """A grid of pairwise panels, for three or more parties; returns the array of Axes."""
    import matplotlib.pyplot as plt

    n = len(analysis.parties)
    pairs = [(analysis.parties[a], analysis.parties[b]) for a in range(n) for b in range(a + 1, n)]
    cols = min(3, len(pairs))
    rows = -(-len(pairs) // cols)
    if fig is None:
        fig = plt.figure(figsize=(5.2 * cols, 4.6 * rows + 0.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False).ravel())
    for k, (p, q) in enumerate(pairs):
        utility_space(analysis, (p, q), ax=axes[k], legend=False, title=f"{analysis.party_names[p]} vs "
                                                                         f"{analysis.party_names[q]}")
    for ax in axes[len(pairs):]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=min(4, len(labels)), fontsize=8)
    fig.suptitle(_title(analysis))
    return axes
