"""One panel of the utility space (two parties' axes) and what every panel of a figure shares.

:class:`Marks` is computed once per analysis (tied sets, coinciding solutions, the key of a
tiny space, notes); :func:`draw_panel` draws the deals, the frontier, the no-deal point and the
solutions of one pair of parties, with a bounded number of points whatever the space.

Example:
    >>> import negsim
    >>> a = negsim.analyze(negsim.load(negsim.bundled("divide-the-dollar")))
    >>> m = Marks.of(a)
    >>> sorted(m.tied), len(m.tied["utilitarian"]), m.key
    (['utilitarian'], 101, {})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from negsim.engine.result import Analysis
from negsim.numeric import FloatArray, IntArray, quantize
from negsim.plot.marks import coinciding, is_tied, same_label, tied_label, tied_rows
from negsim.plot.style import (
    DENSITY_BLUES,
    DENSITY_GREYS,
    FEASIBLE_COLOR,
    FRONTIER_COLOR,
    INFEASIBLE_COLOR,
    SOLUTION_STYLE,
    issue_label,
    option_label,
    small,
    wrap,
)

TINY = 30
"""Spaces of at most this many deals number the deals every party accepts, and list them."""
TINY_ALL = 12
"""Spaces of at most this many deals number every deal, and list them."""
DENSITY_ABOVE = 4000
"""With more deals than this, deals are drawn as density shading instead of dots."""
MOST_POINTS = 2000
"""Frontier or tied points drawn per panel at most (evenly spaced when there are more)."""
MOST_VERTICES = 5000
"""Two parties: vertices of the frontier line or a tied band at most (evenly spaced along it)."""
MOST_HOLLOW = 25
"""Two parties: a tied set with more points is drawn as a band with its ends marked."""
MOST_RINGS = 60
"""Two parties: frontier points ringed at most (the frontier line is always drawn in full)."""
SIDE_BY_SIDE = 12.0
"""Points between the markers of solutions that land on the same point."""


@dataclass
class Marks:
    """What every panel of one analysis's figure shares."""

    tied: dict[str, IntArray] = field(default_factory=dict)
    groups: list[list[str]] = field(default_factory=list)
    key: dict[int, str] = field(default_factory=dict)
    shown_frontier: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @staticmethod
    def of(a: Analysis) -> Marks:
        tied = {n: tied_rows(a.frontier_u, a, n) for n, s in a.solutions.items() if is_tied(s)}
        return Marks(tied, coinciding(a), deal_key(a), evenly(len(a.frontier_u), MOST_POINTS))

    def notes(self, a: Analysis, shown_pairs: tuple[int, int] | None) -> list[str]:
        """Sentences the figure needs so nothing is misread or silently left out."""
        out: list[str] = []
        n = len(a.parties)
        if n >= 3:
            out.append(f"Each panel projects the {n}-party deals onto two parties' utilities" +
                       (": a Pareto-optimal deal (blue ring) can look dominated there because it is better for "
                        "another party." if len(a.frontier_u) else "."))
        if shown_pairs and shown_pairs[0] < shown_pairs[1]:
            over = "on the frontier" if len(a.frontier_u) >= 3 else "over the deals"
            out.append(f"{shown_pairs[0]} of {shown_pairs[1]:,} pairs of parties shown: those whose utilities "
                       f"conflict most {over}. Every party's utility at each solution is in report.md.")
        if a.sampled:
            out.append(f"Deals: a seeded uniform sample of {len(a.sample_u):,} of {a.deals_total:,}.")
        if n >= 3 and len(self.shown_frontier) < len(a.frontier_u):
            out.append(f"{len(self.shown_frontier):,} of {len(a.frontier_u):,} frontier points drawn "
                       "(evenly spaced).")
        for name, rows in self.tied.items():
            if len(rows) > MOST_POINTS:
                out.append(f"{SOLUTION_STYLE[name]['label']}: {MOST_POINTS:,} of its {len(rows):,} tied "
                           "points drawn (evenly spaced).")
        for s in a.solutions.values():
            if s.utilities is None and a.has_deal:
                out.append(f"No {s.label} deal: {s.note}.")
        return [wrap(t, 110) for t in out]


def evenly(n: int, most: int) -> IntArray:
    """``min(n, most)`` evenly spaced positions of ``range(n)``, first and last included."""
    if n <= most:
        return np.arange(n, dtype=np.int64)
    return np.unique(np.linspace(0, n - 1, most).round().astype(np.int64))


def deal_key(a: Analysis) -> dict[int, str]:
    """Deal index → "3: open door; current posture", for the deals a tiny space numbers.

    Every deal of a space of at most :data:`TINY_ALL` deals; the deals every party accepts in
    a space of at most :data:`TINY`; none in larger spaces.
    """
    if a.sampled or a.deals_total > TINY or len(a.sample_u) != a.deals_total:
        return {}
    shape = [len(a.options.get(i, [])) for i in a.issues]
    if not shape or 0 in shape or int(np.prod(shape)) != a.deals_total:
        return {}
    chosen = np.arange(a.deals_total) if a.deals_total <= TINY_ALL else np.flatnonzero(a.sample_feasible)
    digits = np.unravel_index(chosen, shape)
    key = {}
    one = issue_label(a, a.issues[0]) + ": " if len(a.issues) == 1 else ""
    for n, k in enumerate(chosen.tolist()):
        text = one + "; ".join(option_label(a, i, a.options[i][int(d[n])])
                               for i, d in zip(a.issues, digits, strict=True))
        key[k] = f"{k + 1}: " + wrap(text, 46).replace("\n", "\n     ")
    return key


def title_of(a: Analysis) -> str:
    """The agenda (or, for the full package, the scenario's title) and the size of the ZOPA."""
    from negsim.wording import count_text

    total = count_text(a.deals_total)
    if a.has_deal:
        size = count_text(a.zopa_size) if a.zopa_exact else f"≈{count_text(int(a.zopa_estimate or 0))}"
        zopa = f"{size} of {total} deals acceptable to every party (the ZOPA)"
    else:
        zopa = f"none of the {total} deals is acceptable to every party"
    head = a.agenda_name if a.agenda is not None or not a.title else a.title
    return f"{wrap(head, 80)}\n{zopa}"


def draw_panel(ax: Axes, a: Analysis, marks: Marks, p: str, q: str) -> None:
    """Deals, frontier, no deal and solutions in the plane of parties ``p`` (x) and ``q`` (y)."""
    i, j = a.parties.index(p), a.parties.index(q)
    _draw_deals(ax, a, i, j)
    _draw_frontier(ax, a, marks, i, j)
    _draw_no_deal(ax, a, p, q)
    _draw_tied(ax, a, marks, i, j)
    _draw_points(ax, a, marks, p, q)
    _draw_convex(ax, a, p, q)
    if marks.key:
        rows = np.array(sorted(marks.key), dtype=np.int64)
        _draw_numbers(ax, a.sample_u[rows][:, [i, j]], rows + 1)
    ax.set_xlabel(f"{a.party_names[p]} utility")
    ax.set_ylabel(f"{a.party_names[q]} utility")
    ax.grid(True)


def _draw_deals(ax: Axes, a: Analysis, i: int, j: int) -> None:
    u, feas = a.sample_u, a.sample_feasible
    if u.ndim != 2 or u.shape[1] <= max(i, j) or len(u) == 0:
        return
    red_lines = any(c.kind != "no_deal" for c in a.diagnosis.prices)
    reject = "deal someone rejects (" + ("a red line, or " if red_lines else "") + "worse than no deal)"
    accept = "deal every party accepts (ZOPA)"
    if len(u) > DENSITY_ABOVE:
        shading = "\n(shading: darker = more deals)"
        _density(ax, u[~feas][:, [i, j]], DENSITY_GREYS, reject + shading, INFEASIBLE_COLOR)
        _density(ax, u[feas][:, [i, j]], DENSITY_BLUES, accept + shading, FEASIBLE_COLOR)
        return
    if (~feas).any():
        ax.scatter(u[~feas, i], u[~feas, j], s=16, color=INFEASIBLE_COLOR, linewidths=0, label=reject, zorder=1)
    if feas.any():
        ax.scatter(u[feas, i], u[feas, j], s=22, color=FEASIBLE_COLOR, linewidths=0, label=accept, zorder=2)


def _density(ax: Axes, xy: FloatArray, shades: tuple[str, str], label: str, color: str) -> None:
    """Log-scaled hexagonal density of many deals (light: few, dark: many), with a legend entry."""
    from matplotlib.colors import LinearSegmentedColormap

    if len(xy) == 0:
        return
    cmap = LinearSegmentedColormap.from_list("negsim_density", list(shades))
    ax.hexbin(xy[:, 0], xy[:, 1], gridsize=50, cmap=cmap, mincnt=1, bins="log", linewidths=0)
    ax.scatter([], [], s=60, marker="h", color=color, label=label)


def _draw_frontier(ax: Axes, a: Analysis, marks: Marks, i: int, j: int) -> None:
    f = a.frontier_u
    if len(f) == 0:
        return
    label = f"Pareto frontier ({len(a.frontier):,} point{'s' if len(a.frontier) != 1 else ''})"
    if len(a.parties) == 2:
        order = np.lexsort((-f[:, j], f[:, i]))
        order = order[evenly(len(order), MOST_VERTICES)]
        ax.plot(f[order, i], f[order, j], "-", color=FRONTIER_COLOR, lw=1.3, zorder=3,
                label=label if len(f) > MOST_RINGS else None)
        if len(f) > MOST_RINGS:
            return
    rows = marks.shown_frontier
    ax.scatter(f[rows, i], f[rows, j], s=34, facecolors="none", edgecolors=FRONTIER_COLOR, lw=1.2, zorder=4,
               label=label)


def _draw_no_deal(ax: Axes, a: Analysis, p: str, q: str) -> None:
    x, y = a.no_deal[p], a.no_deal[q]
    ax.scatter([x], [y], marker="X", s=120, color="black", zorder=5, label="no deal (each party's no-deal utility)")
    ax.axvline(x, color="black", lw=0.8, ls=":", alpha=0.7)
    ax.axhline(y, color="black", lw=0.8, ls=":", alpha=0.7)


def _draw_tied(ax: Axes, a: Analysis, marks: Marks, i: int, j: int) -> None:
    """Every deal tied for a solution: hollow markers (and, for two parties, a band through them)."""
    for name, rows in marks.tied.items():
        st, s = SOLUTION_STYLE[name], a.solutions[name]
        pts = a.frontier_u[rows]
        if len(pts) <= 1:
            u = [s.utilities[a.parties[i]], s.utilities[a.parties[j]]] if s.utilities else [np.nan, np.nan]
            ax.scatter([u[0]], [u[1]], marker=st["marker"], s=st["size"], color=st["color"], edgecolors="black",
                       lw=0.6, zorder=st["zorder"], label=tied_label(s, len(pts)))
            continue
        label: str | None = tied_label(s, len(pts))
        if len(a.parties) == 2:
            order = np.lexsort((-pts[:, j], pts[:, i]))
            order = order[evenly(len(order), MOST_VERTICES)]
            ax.plot(pts[order, i], pts[order, j], "-", color=st["color"], lw=8, alpha=0.45, solid_capstyle="round",
                    zorder=4.5, label=label)
            label = None
            if len(pts) > MOST_HOLLOW:
                pts = pts[order[[0, -1]]]  # a long band: its two ends marked
        shown = pts[evenly(len(pts), MOST_POINTS)]
        ax.scatter(shown[:, i], shown[:, j], marker=st["marker"], s=st["size"] * 0.4, facecolors="none",
                   edgecolors=st["color"], lw=1.5, zorder=st["zorder"], label=label)


def _draw_points(ax: Axes, a: Analysis, marks: Marks, p: str, q: str) -> None:
    """Single-deal solutions. Solutions on the same point sit side by side, centred on it, and are named
    together ("Nash = Utilitarian"), so none hides another."""
    from matplotlib.transforms import offset_copy

    for group in marks.groups:
        u = a.solutions[group[0]].utilities
        assert u is not None
        for k, n in enumerate(group):
            st = SOLUTION_STYLE[n]
            dx = (k - (len(group) - 1) / 2) * SIDE_BY_SIDE
            shift = offset_copy(ax.transData, fig=cast(Figure, ax.figure), x=dx, y=0, units="points")
            ax.scatter([u[p]], [u[q]], marker=st["marker"], s=st["size"] * (0.6 if len(group) > 1 else 1.0),
                       color=st["color"], edgecolors="black", lw=0.6, zorder=st["zorder"], label=st["label"],
                       transform=shift, clip_on=len(group) == 1)
        if len(group) > 1:
            ax.scatter([u[p]], [u[q]], marker="o", s=10, color="black", zorder=10)
            right, top = _towards_centre(a, p, q, u[p], u[q])
            ax.annotate(wrap(same_label(group), 24), (u[p], u[q]),
                        xytext=((6 + 6 * len(group)) * (1 if right else -1), 10 if top else -10),
                        textcoords="offset points", ha="left" if right else "right", va="bottom" if top else "top",
                        fontsize=small(), zorder=11,
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "0.6", "alpha": 0.85})


def _towards_centre(a: Analysis, p: str, q: str, x: float, y: float) -> tuple[bool, bool]:
    """Whether a label at (x, y) should go right and up to stay inside the panel (towards the middle of the deals)."""
    u = a.sample_u
    i, j = a.parties.index(p), a.parties.index(q)
    if u.ndim != 2 or len(u) == 0 or u.shape[1] <= max(i, j):
        return True, True
    return bool(x <= (u[:, i].min() + u[:, i].max()) / 2), bool(y <= (u[:, j].min() + u[:, j].max()) / 2)


def _draw_convex(ax: Axes, a: Analysis, p: str, q: str) -> None:
    lottery = a.convex.get("nash")
    if lottery is None or len(a.parties) != 2 or len(lottery.lottery) < 2:
        return
    st = SOLUTION_STYLE["nash"]
    ax.scatter([lottery.utilities[p]], [lottery.utilities[q]], marker="*", s=st["size"] * 0.6, facecolors="white",
               edgecolors=st["color"], lw=1.8, zorder=st["zorder"] + 5,
               label="Nash with lotteries (a mix of two deals)")


def _draw_numbers(ax: Axes, xy: FloatArray, numbers: IntArray) -> None:
    """Number the deals of a tiny space; deals on the same or nearly the same point share one label
    ("3, 7", left to right), so that no two labels print over each other ("42" for 4 and 2)."""
    for anchor, members in label_groups(xy):
        ax.annotate(", ".join(str(numbers[m]) for m in members), (xy[anchor, 0], xy[anchor, 1]), xytext=(4, 3),
                    textcoords="offset points", fontsize=small(), color="0.25", zorder=12)


NEAR_LABEL = (0.05, 0.035)
"""Points closer than this (share of the points' spread, x and y) share a number label: about the
width and height of a two-digit label on a panel of the utility-space figure."""


def label_groups(xy: FloatArray, near: tuple[float, float] = NEAR_LABEL) -> list[tuple[int, list[int]]]:
    """Group points whose labels would overlap: (the leftmost point, the points left to right) per group.

    At most :data:`TINY` points are numbered, so a plain pass over them is enough.

    >>> label_groups(np.array([[0.185, 0.6], [0.5, 0.3], [0.175, 0.6], [0.5, 0.3], [0.1, 0.9]]))
    [(4, [4]), (2, [2, 0]), (1, [1, 3])]
    """
    q = quantize(xy)
    spread = np.ptp(q, axis=0)
    unit = (q - q.min(axis=0)) / np.where(spread > 0, spread, 1.0)
    order = np.lexsort((unit[:, 1], unit[:, 0]))
    groups: list[tuple[int, list[int]]] = []
    for k in order.tolist():
        home = next((g for g in groups if abs(unit[k, 0] - unit[g[0], 0]) < near[0]
                     and abs(unit[k, 1] - unit[g[0], 1]) < near[1]), None)
        if home is None:
            groups.append((k, [k]))
        else:
            home[1].append(k)
    return groups


__all__ = ["DENSITY_ABOVE", "MOST_HOLLOW", "MOST_POINTS", "MOST_RINGS", "MOST_VERTICES", "SIDE_BY_SIDE", "TINY",
           "TINY_ALL", "Marks", "deal_key", "draw_panel", "evenly", "label_groups", "title_of"]
