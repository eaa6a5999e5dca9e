"""Which option each solution and each party's demand picks, issue by issue.

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import negsim
    >>> from negsim.plot import solutions_by_issue
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> arms = negsim.analyze(s, "arms_control")
    >>> ax = solutions_by_issue(arms)
    >>> len(ax.get_yticks()) == len(arms.issues)   # one row per issue on the table
    True
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from negsim.engine.result import Analysis
from negsim.plot.style import SOLUTION_STYLE, new_axes, party_color, short


def solutions_by_issue(analysis: Analysis, ax: Axes | None = None) -> Axes:
    """One row per issue on the table; its options left to right; markers for solutions and demands."""
    labels = analysis.options
    ax = new_axes(ax, size=(9.5, 1.0 + 0.75 * len(labels)))
    rows = list(reversed(analysis.issues))
    for r, iid in enumerate(rows):
        opts = labels[iid]
        xs = _positions(len(opts))
        ax.plot([0, 1], [r, r], color="0.85", lw=6, solid_capstyle="round", zorder=1)
        for x, o in zip(xs, opts, strict=True):
            ax.text(x, r - 0.3, short(o, 30), ha="center", va="top", fontsize=7, color="0.35")
        _mark_demands(ax, analysis, iid, opts, xs, r)
        _mark_solutions(ax, analysis, iid, opts, xs, r)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([short(i, 30) for i in rows])
    ax.set_ylim(-0.8, len(rows) - 0.4)
    ax.set_xlim(-0.08, 1.08)
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"{analysis.agenda_name}: what each solution and each demand picks")
    _legend(ax, analysis)
    return ax


def _positions(n: int) -> np.ndarray:
    return np.linspace(0, 1, n) if n > 1 else np.array([0.5])


def _mark_demands(ax: Axes, a: Analysis, iid: str, opts: list[str], xs: np.ndarray, r: int) -> None:
    for k, p in enumerate(a.parties):
        want = a.demands.get(p, {}).get(iid)
        if want in opts:
            x = xs[opts.index(want)]
            ax.scatter([x], [r + 0.3 + 0.07 * k], marker="v", s=55, color=party_color(k), zorder=3,
                       edgecolors="white", lw=0.5)


def _mark_solutions(ax: Axes, a: Analysis, iid: str, opts: list[str], xs: np.ndarray, r: int) -> None:
    names = [n for n, s in a.solutions.items() if s.deal is not None]
    for k, name in enumerate(names):
        option = a.solutions[name].deal[iid]  # type: ignore[index]
        y = r + (k - (len(names) - 1) / 2) * 0.11  # stacked vertically: x stays the option chosen
        st = SOLUTION_STYLE[name]
        ax.scatter([xs[opts.index(option)]], [y], marker=st["marker"], s=st["size"] * 0.45, color=st["color"],
                   edgecolors="black", lw=0.5, zorder=4)


def _legend(ax: Axes, a: Analysis) -> None:
    for k, p in enumerate(a.parties):
        if a.demands.get(p):
            ax.scatter([], [], marker="v", s=55, color=party_color(k), label=f"demand of {a.party_names[p]}")
    for name, s in a.solutions.items():
        if s.deal is not None:
            st = SOLUTION_STYLE[name]
            ax.scatter([], [], marker=st["marker"], s=st["size"] * 0.55, color=st["color"], edgecolors="black",
                       lw=0.5, label=st["label"])
    if not any(s.deal for s in a.solutions.values()):
        ax.text(0.5, 0.5, "no feasible deal: no solution to show (demands only)", transform=ax.transAxes,
                ha="center", va="center", fontsize=10, color="#c0392b",
                bbox={"boxstyle": "round", "fc": "white", "ec": "#c0392b", "alpha": 0.9}, zorder=10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)

