"""The utility space: deals, feasible deals, frontier, no-deal point and solutions.

What the figures promise (tested in tests/test_plot_space.py):

* a solution reached by several deals is drawn as its whole tied set ("Utilitarian: any of
  101 tied deals"), never as the tie-break's pick; solutions on one point are named together
  ("Nash = Kalai–Smorodinsky");
* with three or more parties each panel says it is a projection; beyond three parties the
  figure shows the :data:`MOST_PAIRS` pairs that conflict most and says how many it left out;
* a space of at most :data:`TINY` deals numbers its points and lists the deals;
* the number of points and labels drawn is bounded whatever the size of the space.

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

from typing import Any, cast

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from negsim.engine.result import Analysis
from negsim.numeric import quantize
from negsim.plot.layout import legend_panel, notes_below
from negsim.plot.spacemarks import Marks, draw_panel, title_of
from negsim.plot.style import MAX_WIDTH, new_axes, new_figure, styled, wrap

MOST_PAIRS = 3
"""Pairs of parties drawn at most; with more, the pairs that conflict most on the frontier."""


@styled
def utility_space(analysis: Analysis, pair: tuple[str, str] | None = None, ax: Axes | None = None,
                  legend: bool = True, title: str | None = None) -> Axes:
    """Deals in the utility plane of two parties (the first two unless ``pair`` is given)."""
    fresh = ax is None
    marks = Marks.of(analysis)
    ax = new_axes(ax, (9.0 if marks.key else 7.5, 7.0))
    p, q = pair or (analysis.parties[0], analysis.parties[1])
    draw_panel(ax, analysis, marks, p, q)
    ax.set_title(title or title_of(analysis))
    if legend:
        notes = marks.notes(analysis, shown_pairs=None)
        ax.legend(*_unique_handles([ax]), loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=2,
                  title="\n".join(notes) or None, alignment="left", frameon=False)
    if marks.key:
        ax.text(1.03, 1.0, "Deals (numbers in the plot)\n" + "\n".join(marks.key.values()), transform=ax.transAxes,
                va="top", ha="left", linespacing=1.25)
    if fresh:
        cast(Figure, ax.figure).set_size_inches(9.0 if marks.key else 7.5, 7.0 + 0.3 * len(marks.notes(analysis, None)))
    return ax


@styled
def utility_space_pairs(analysis: Analysis, fig: Figure | None = None, most: int = MOST_PAIRS) -> Any:
    """Pairwise panels for three or more parties, with a panel for the legend and notes; returns the array of Axes.

    With more than ``most`` pairs of parties, only the ``most`` pairs whose utilities conflict
    most on the frontier are drawn, and the figure says how many were left out.
    """
    marks = Marks.of(analysis)
    pairs = informative_pairs(analysis, most)
    total = len(analysis.parties) * (len(analysis.parties) - 1) // 2
    notes = marks.notes(analysis, shown_pairs=(len(pairs), total))
    if len(pairs) < total and _alike_note(analysis):
        notes.append(_alike_note(analysis))
    key_lines = sum(k.count("\n") + 1 for k in marks.key.values()) // 2 + 2 if marks.key else 0
    note_lines = sum(n.count("\n") + 1 for n in notes)
    rows = 1 if len(pairs) == 1 else 2
    if fig is None:
        fig = new_figure((MAX_WIDTH, 4.6 * rows + 0.22 * (note_lines + key_lines) + 0.9))
    grid = fig.add_gridspec(rows + 1, 2, height_ratios=[4.6] * rows + [0.22 * (note_lines + key_lines) + 0.3])
    cells = [grid[k // 2, k % 2] for k in range(rows * 2)]
    axes = np.array([fig.add_subplot(c) for c in cells[: len(pairs)]])
    for ax, (p, q) in zip(axes, pairs, strict=True):
        draw_panel(ax, analysis, marks, p, q)
        ax.set_title(f"{analysis.party_names[p]} vs {analysis.party_names[q]}")
    legend_panel(fig.add_subplot(cells[len(pairs)]), *_unique_handles(list(axes)))
    notes_below(fig.add_subplot(grid[rows, :]), notes, list(marks.key.values()))
    fig.suptitle(title_of(analysis))
    return axes


def informative_pairs(analysis: Analysis, most: int = MOST_PAIRS) -> list[tuple[str, str]]:
    """All pairs of parties when there are at most ``most``; else the ``most`` pairs that conflict most.

    Parties with identical utilities on every drawn deal count once (:func:`alike`). Conflict
    is the correlation of two parties' utilities over the frontier (over the drawn deals when
    the frontier has fewer than three points): the most negative first, preferring pairs of
    parties not shown yet, then pairs that bring one new party.

    >>> import negsim
    >>> a = negsim.analyze(negsim.load(negsim.bundled("security-guarantees-2021")))
    >>> informative_pairs(a)
    [('russia', 'usa'), ('russia', 'nato_allies'), ('usa', 'nato_allies')]
    """
    parties = analysis.parties
    if len(parties) * (len(parties) - 1) // 2 <= most:
        return [(parties[a], parties[b]) for a in range(len(parties)) for b in range(a + 1, len(parties))]
    reps = [parties.index(g[0]) for g in alike(analysis)]
    everything = [(a, b) for n, a in enumerate(reps) for b in reps[n + 1:]]
    u = analysis.frontier_u if len(analysis.frontier_u) >= 3 else analysis.sample_u
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.asarray(np.nan_to_num(np.corrcoef(u, rowvar=False), nan=0.0)) if len(u) >= 2 else None
    order = sorted(range(len(everything)),
                   key=lambda k: (float(corr[everything[k]]) if corr is not None and corr.ndim == 2 else 0.0, k))
    chosen: list[int] = []
    for new_parties in (2, 1, 0):  # disjoint pairs first, then pairs that bring one new party, then any
        for k in order:
            seen = {p for c in chosen for p in everything[c]}
            if len(chosen) < most and k not in chosen and len(set(everything[k]) - seen) >= new_parties:
                chosen.append(k)
    return [(parties[everything[k][0]], parties[everything[k][1]]) for k in sorted(chosen)]


def alike(analysis: Analysis) -> list[list[str]]:
    """Parties grouped by identical utilities on every drawn deal (a group of one for most parties).

    >>> import negsim
    >>> a = negsim.analyze(negsim.load(negsim.bundled("eu-council-qmv")))
    >>> [len(g) for g in alike(a)]
    [1, 16, 5, 5]
    """
    u = analysis.sample_u
    if u.ndim != 2 or u.shape[1] != len(analysis.parties) or len(u) == 0:
        return [[p] for p in analysis.parties]
    _, first, inverse = np.unique(quantize(u).T, axis=0, return_index=True, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    return [[analysis.parties[k] for k in np.flatnonzero(inverse == g)] for g in np.argsort(first)]


def _alike_note(analysis: Analysis) -> str:
    groups = [g for g in alike(analysis) if len(g) > 1]
    if not groups:
        return ""
    names = ["; ".join(" = ".join(analysis.party_names[p] for p in g[:4]) + (f" (+{len(g) - 4})" if len(g) > 4 else "")
                       for g in groups[:3])]
    rest = f"; and {len(groups) - 3} more groups" if len(groups) > 3 else ""
    return wrap(f"Parties with identical utilities on every deal are drawn once: {names[0]}{rest}.", 110)


def _unique_handles(axes: list[Axes]) -> tuple[list[Any], list[str]]:
    """Legend entries of all panels, each label once, in drawing order."""
    seen: dict[str, Any] = {}
    for ax in axes:
        for h, label in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(label, h)
    return list(seen.values()), list(seen)


__all__ = ["MOST_PAIRS", "alike", "informative_pairs", "utility_space", "utility_space_pairs"]
