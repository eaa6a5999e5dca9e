"""Which option each solution and each party's demand picks, issue by issue.

A tied solution marks every option its tied deals use (hollow markers; a band when there are
many), never the tie-break's pick alone. Issues with many options label only their ends and
the options something picks; beyond :data:`MOST_ISSUES` issues the figure shows those where
the solutions and demands differ most and says how many it left out.

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

from collections.abc import Mapping
from typing import cast

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from negsim.engine.result import Analysis
from negsim.plot.marks import is_tied, tied_options
from negsim.plot.style import (
    SOLUTION_STYLE,
    issue_label,
    more,
    new_axes,
    option_label,
    party_color,
    small,
    styled,
    wrap,
)

MOST_ISSUES = 12
"""Issue rows drawn at most."""
MOST_LABELLED = 6
"""Issues with more options label only their two ends and the options something picks (unless all are short)."""
MOST_SHORT = 15
"""Issues with at most this many options of at most 5 characters (numbers) label every option."""
MOST_PARTY_COLORS = 6
"""With more parties, demands are drawn in one colour with a count."""
ROW_INCHES = 1.3


@styled
def solutions_by_issue(analysis: Analysis, ax: Axes | None = None, most: int = MOST_ISSUES) -> Axes:
    """One row per issue; its options left to right; markers for the solutions and the parties' demands."""
    issues = chosen_issues(analysis, most)
    fresh = ax is None
    ax = new_axes(ax, size=(10.0, 2.2 + ROW_INCHES * len(issues)))
    ties = tied_options(analysis)
    rows = list(reversed(issues))
    for r, iid in enumerate(rows):
        _draw_row(ax, analysis, iid, r, ties)
    ax.set_yticks(range(len(rows)), [_row_label(analysis, i) for i in rows])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.75, len(rows) - 0.35)
    ax.set_xlim(-0.1, 1.1)
    ax.set_xticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    head = analysis.agenda_name if analysis.agenda is not None or not analysis.title else analysis.title
    ax.set_title(wrap(f"{head}: what each solution and each party's demand picks", 80))
    _legend(ax, analysis, ties, _notes(analysis, len(issues)))
    if fresh:
        cast(Figure, ax.figure).set_size_inches(10.0, 2.2 + ROW_INCHES * len(issues))
    return ax


def _row_label(a: Analysis, iid: str) -> str:
    n = len(a.options.get(iid, []))
    return wrap(issue_label(a, iid), 22) + ("" if _every_label(a.options.get(iid, [])) else f"\n({n:,} options)")


def _every_label(opts: list[str]) -> bool:
    """Whether every option of an issue gets its label (few options, or a few short ones such as numbers)."""
    return len(opts) <= MOST_LABELLED or (len(opts) <= MOST_SHORT and max(len(o) for o in opts) <= 5)


def chosen_issues(analysis: Analysis, most: int = MOST_ISSUES) -> list[str]:
    """Every issue when there are at most ``most``; else the ``most`` issues on which the solutions and
    demands pick the most different options (ties: the scenario's order), in the scenario's order."""
    if len(analysis.issues) <= most:
        return list(analysis.issues)
    spread = [len(_picked(analysis, i)) for i in analysis.issues]
    best = sorted(range(len(analysis.issues)), key=lambda k: (-spread[k], k))[:most]
    return [analysis.issues[k] for k in sorted(best)]


def _picked(a: Analysis, iid: str) -> set[str]:
    out = {s.deal[iid] for s in a.solutions.values() if s.deal is not None and iid in s.deal}
    return out | {d[iid] for d in a.demands.values() if iid in d}


def _draw_row(ax: Axes, a: Analysis, iid: str, r: int, ties: Mapping[str, Mapping[str, list[str]]]) -> None:
    opts = a.options[iid]
    where = {o: k for k, o in enumerate(opts)}
    xs = np.linspace(0, 1, len(opts)) if len(opts) > 1 else np.array([0.5])
    ax.plot([xs[0], xs[-1]], [r, r], color="0.85", lw=5, solid_capstyle="round", zorder=1)
    _label_options(ax, a, iid, opts, xs, where, r, ties)
    _mark_demands(ax, a, iid, xs, where, r)
    _mark_solutions(ax, a, iid, xs, where, r, ties)


def _label_options(ax: Axes, a: Analysis, iid: str, opts: list[str], xs: np.ndarray, where: dict[str, int],
                   r: int, ties: Mapping[str, Mapping[str, list[str]]]) -> None:
    if _every_label(opts):
        width = max(10, int(86 / len(opts)))
        for x, o in zip(xs, opts, strict=True):
            ax.text(x, r - 0.2, wrap(option_label(a, iid, o), width), ha="center", va="top", color="0.3",
                    fontsize=small())
        return
    ax.plot(xs[[0, -1]], [r, r], "|", color="0.5", ms=10, zorder=1)
    placed: list[float] = []
    ends = [o for t in ties.values() for o in (t.get(iid) or [])[:1] + (t.get(iid) or [])[-1:]]
    for o in [opts[0], opts[-1], *sorted(_picked(a, iid) | set(ends), key=lambda v: where.get(v, 0))]:
        if o not in where:
            continue
        x = float(xs[where[o]])
        if all(abs(x - p) > 0.07 for p in placed):
            placed.append(x)
            ax.text(x, r - 0.2, wrap(option_label(a, iid, o), 14), ha="center", va="top", color="0.3",
                    fontsize=small())


def _mark_demands(ax: Axes, a: Analysis, iid: str, xs: np.ndarray, where: dict[str, int], r: int) -> None:
    wanting = [(k, p) for k, p in enumerate(a.parties) if a.demands.get(p, {}).get(iid) in where]
    many = len([p for p in a.parties if a.demands.get(p)]) > MOST_PARTY_COLORS
    by_option: dict[str, list[int]] = {}
    for k, p in wanting:
        by_option.setdefault(a.demands[p][iid], []).append(k)
    for option, ks in by_option.items():
        x = xs[where[option]]
        if many:
            ax.scatter([x], [r + 0.24], marker="v", s=70, color="0.35", zorder=3)
            ax.text(x + 0.012, r + 0.24, f"×{len(ks)}", va="center", fontsize=small(), color="0.35")
            continue
        offsets = (np.arange(len(ks)) - (len(ks) - 1) / 2) * 0.018
        ax.scatter(x + offsets, [r + 0.24] * len(ks), marker="v", s=70, color=[party_color(k) for k in ks],
                   edgecolors="white", lw=0.5, zorder=3)


def _mark_solutions(ax: Axes, a: Analysis, iid: str, xs: np.ndarray, where: dict[str, int], r: int,
                    ties: Mapping[str, Mapping[str, list[str]]]) -> None:
    names = [n for n, s in a.solutions.items() if s.deal is not None]
    for k, name in enumerate(names):
        y = r + (k - (len(names) - 1) / 2) * 0.09  # stacked vertically: x stays the option chosen
        st = SOLUTION_STYLE[name]
        deal = a.solutions[name].deal or {}
        options = (ties[name].get(iid) if name in ties else None) or [deal[iid]]
        pos = np.array([xs[where[o]] for o in options if o in where])
        if len(pos) == 1:
            ax.scatter(pos, [y], marker=st["marker"], s=st["size"] * 0.45, color=st["color"], edgecolors="black",
                       lw=0.5, zorder=4)
            continue
        ax.plot([pos.min(), pos.max()], [y, y], color=st["color"], lw=5, alpha=0.45, solid_capstyle="round",
                zorder=3)
        ends = pos if len(pos) <= MOST_LABELLED else pos[[0, -1]]
        ax.scatter(ends, [y] * len(ends), marker=st["marker"], s=st["size"] * 0.3, facecolors="white",
                   edgecolors=st["color"], lw=1.4, zorder=4)


def _notes(a: Analysis, shown: int) -> list[str]:
    out = []
    if not any(s.deal for s in a.solutions.values()):
        out.append("No deal is acceptable to every party: no solution to show, only the demands.")
    left = more(shown, len(a.issues), "issues")
    if left:
        out.append(f"{shown} of {len(a.issues):,} issues shown: those where the solutions and demands differ most. "
                   + left.removeprefix("… ").capitalize())
    if any(is_tied(s) for s in a.solutions.values()):
        out.append("Hollow markers and bands: every option a tied solution's deals use.")
    return [wrap(t, 100) for t in out]


def _legend(ax: Axes, a: Analysis, ties: Mapping[str, object], notes: list[str]) -> None:
    demanding = [(k, p) for k, p in enumerate(a.parties) if a.demands.get(p)]
    if len(demanding) > MOST_PARTY_COLORS:
        ax.scatter([], [], marker="v", s=70, color="0.35", label=f"a party's demand (×n: n of {len(demanding)} "
                                                                  "parties)")
    else:
        for k, p in demanding:
            ax.scatter([], [], marker="v", s=70, color=party_color(k), label=f"demand of {a.party_names[p]}")
    for name, s in a.solutions.items():
        if s.deal is None:
            continue
        st = SOLUTION_STYLE[name]
        tied = name in ties
        ax.scatter([], [], marker=st["marker"], s=st["size"] * 0.5, color="white" if tied else st["color"],
                   edgecolors=st["color"] if tied else "black", lw=1.4 if tied else 0.5,
                   label=f"{st['label']}: any of {s.ties:,} tied deals" if tied else st["label"])
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False,
              title="\n".join(notes) or None, alignment="left")
