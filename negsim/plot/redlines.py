"""The red-line chart: which constraints collide when there is no deal, what each constraint costs when there is.

No deal: a dot matrix — one column per minimal conflicting set (constraints that together
leave no deal), one row per constraint — with the deals dropping each constraint alone
would open, and below it the smallest sets whose removal opens a deal. A deal: each
constraint's cost — the deals it rules out, the deals dropping it alone would add, and
whether dropping it moves the Nash deal. Constraints are named in words; a chart that cannot
show every set, opening or constraint says how many it left out (bounded by :data:`MOST_SETS`,
:data:`MOST_ROWS` and :data:`MOST_OPENINGS`).

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import negsim
    >>> from negsim.plot import red_line_collisions
    >>> a = negsim.analyze(negsim.load(negsim.bundled("security-guarantees-2021")))
    >>> ax = red_line_collisions(a)
    >>> "collide" in ax.get_title()
    True
    >>> constraint_name(a, "russia.red_lines[1]")
    "Russia's red line 2"
    >>> constraint_name(a, "usa.no_deal")
    "United States' no-deal floor"
"""

from __future__ import annotations

import re
from typing import cast

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from negsim.engine.result import Analysis, ConstraintReport
from negsim.plot.style import (
    FEASIBLE_COLOR,
    INFEASIBLE_COLOR,
    NEGATIVE_COLOR,
    NOTE_FILL,
    more,
    new_axes,
    small,
    styled,
    wrap,
)

MOST_SETS = 16
"""Conflicting sets (columns) drawn at most."""
MOST_ROWS = 14
"""Constraints (rows) drawn at most."""
MOST_OPENINGS = 6
"""Smallest sets to drop listed at most."""
COLLIDE_COLOR = NEGATIVE_COLOR


@styled
def red_line_collisions(analysis: Analysis, ax: Axes | None = None) -> Axes:
    """The collision matrix (no deal) or each constraint's cost (a deal exists); returns the Axes."""
    if analysis.has_deal:
        return _costs(analysis, ax)
    return _collisions(analysis, ax)


def constraint_name(a: Analysis, cid: str) -> str:
    """A constraint id in words: ``russia.red_lines[0]`` → "Russia's red line 1"."""
    party, _, rest = cid.partition(".")
    who = a.party_names.get(party, party)
    whose = f"{who}'" if who.endswith("s") else f"{who}'s"
    if rest == "no_deal":
        return f"{whose} no-deal floor"
    found = re.fullmatch(r"red_lines\[(\d+)\]", rest)
    if found:
        return f"{whose} red line {int(found.group(1)) + 1}"
    return f"{who}: {rest.replace('_', ' ')}"


def _row_label(a: Analysis, p: ConstraintReport) -> str:
    what = p.text.split(": ", 1)[-1]
    if p.kind == "no_deal" and p.party in a.no_deal:
        what = f"utility at least {a.no_deal[p.party]:.3g}"
    return wrap(f"{constraint_name(a, p.id)}: {what}", 44)


def _label_lines(a: Analysis, rows: list[ConstraintReport]) -> int:
    return sum(_row_label(a, p).count("\n") + 1 for p in rows)


# --- no deal: which constraints collide -----------------------------------------------------


def _collisions(a: Analysis, ax: Axes | None) -> Axes:
    diag = a.diagnosis
    sets = diag.conflicts[:MOST_SETS]
    rows = _collision_rows(a, sets)
    openings = _openings_text(a)
    height = 2.2 + 0.17 * _label_lines(a, rows) + 0.22 * len(rows) + 0.2 * (openings.count("\n") + 1)
    ax = new_axes(ax, size=(10.0, height))
    y = {p.id: len(rows) - 1 - k for k, p in enumerate(rows)}
    for k, conflict in enumerate(sets):
        ys = [y[c] for c in conflict if c in y]
        if ys:
            ax.plot([k, k], [min(ys), max(ys)], color=COLLIDE_COLOR, lw=2.5, alpha=0.6, zorder=1)
            ax.scatter([k] * len(ys), ys, s=90, color=COLLIDE_COLOR, zorder=2)
    for r in y.values():
        ax.axhline(r, color="0.9", lw=0.8, zorder=0)
    _opening_bars(ax, a, rows, y, x0=len(sets) + 0.6)
    ax.set_yticks([y[p.id] for p in rows], [_row_label(a, p) for p in rows])
    ax.set_xticks(range(len(sets)), [f"C{k + 1}" for k in range(len(sets))])
    ax.set_xlim(-0.7, len(sets) + 4.6)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    n = len(diag.conflicts)
    ax.set_title(wrap(f"{_head(a)}: {'one minimal set' if n == 1 else f'{n} minimal sets'} of constraints collide", 70)
                 + "\n(each column C: constraints that together leave no deal)")
    notes = [t for t in (more(len(sets), n, "sets of constraints"), more(len(rows), len(_in_conflict(a)),
                                                                           "constraints")) if t]
    if openings or notes:
        from matplotlib.transforms import blended_transform_factory

        where = blended_transform_factory(ax.figure.transFigure, ax.transAxes)
        ax.text(0.02, -0.08, "\n".join([*notes, openings]).strip(), transform=where, ha="left", va="top",
                fontsize=small(), bbox={"boxstyle": "round", "fc": NOTE_FILL, "ec": "0.7"})
    return ax


def _in_conflict(a: Analysis) -> list[ConstraintReport]:
    ids = {c for conflict in a.diagnosis.conflicts for c in conflict}
    return [p for p in a.diagnosis.prices if p.id in ids] or list(a.diagnosis.prices)


def _collision_rows(a: Analysis, sets: list[list[str]]) -> list[ConstraintReport]:
    """The constraints of the drawn sets first (most sets first when they must be cut), in the scenario's order."""
    count: dict[str, int] = {}
    for conflict in sets:
        for c in conflict:
            count[c] = count.get(c, 0) + 1
    rows = _in_conflict(a)
    if len(rows) <= MOST_ROWS:
        return rows
    keep = set(sorted(count, key=lambda c: -count[c])[:MOST_ROWS])
    return [p for p in rows if p.id in keep]


def _opening_bars(ax: Axes, a: Analysis, rows: list[ConstraintReport], y: dict[str, int], x0: float) -> None:
    top = max([p.opens for p in rows] + [1])
    if all(p.opens == 0 for p in rows):
        ax.text(x0, len(rows) - 0.45, wrap("Dropping any one constraint alone opens no deal: see the sets below.",
                                           24), va="top", color="0.3", style="italic", fontsize=small())
        return
    for p in rows:
        width = 2.6 * p.opens / top
        ax.barh(y[p.id], width, left=x0, height=0.5, color=FEASIBLE_COLOR)
        ax.text(x0 + width + 0.05, y[p.id], f"opens {'' if p.counts_exact else '≈'}{p.opens:,}", va="center",
                fontsize=small())
    ax.text(x0, len(rows) - 0.4, "deals opened if dropped alone", color="0.3", style="italic", fontsize=small())


def _openings_text(a: Analysis) -> str:
    """The smallest sets of constraints whose removal opens a deal, in words (bounded, with a count of the rest)."""
    openings = a.diagnosis.openings
    if not openings:
        return ""
    lines = ["Smallest sets to drop to open a deal:"]
    for drop, n in openings[:MOST_OPENINGS]:
        text = " + ".join(constraint_name(a, c) for c in drop) + f" → {n:,} deal{'s' if n != 1 else ''}"
        lines.append("• " + wrap(text, 90).replace("\n", "\n   "))
    left = more(min(MOST_OPENINGS, len(openings)), len(openings), "sets")
    return "\n".join(lines + ([left] if left else []))


# --- a deal exists: what each constraint costs ------------------------------------------------


def _costs(a: Analysis, ax: Axes | None) -> Axes:
    prices = sorted(a.diagnosis.prices, key=lambda p: (not p.binds, -p.broken_by))[:MOST_ROWS]
    fresh = ax is None
    ax = new_axes(ax, size=(10.0, 2.0 + 0.2 * _label_lines(a, prices) + 0.35 * len(prices)))
    y = np.arange(len(prices))[::-1]
    ax.barh(y + 0.18, [p.broken_by for p in prices], height=0.34, color=INFEASIBLE_COLOR,
            label="deals it rules out")
    ax.barh(y - 0.18, [p.opens for p in prices], height=0.34, color=FEASIBLE_COLOR,
            label="deals dropping it alone would add")
    top = max([p.broken_by for p in prices] + [1])
    for yy, p in zip(y, prices, strict=True):
        approx = "" if p.counts_exact else "≈"
        ax.text(p.broken_by + 0.01 * top, yy + 0.18, f"{approx}{p.broken_by:,}", va="center", fontsize=small())
        extra = "  — binds: dropping it moves the Nash deal" if p.binds else ""
        ax.text(p.opens + 0.01 * top, yy - 0.18, f"{approx}{p.opens:,}{extra}", va="center", fontsize=small(),
                color=COLLIDE_COLOR if p.binds else "black", fontweight="bold" if p.binds else "normal")
    ax.set_yticks(y, [_row_label(a, p) for p in prices])
    ax.set_xlim(0, top * 1.45)
    ax.set_xlabel(f"deals (of {a.deals_total:,}; {a.zopa_size:,} acceptable to every party)")
    ax.tick_params(axis="y", length=0)
    if all(p.broken_by == 0 and p.opens == 0 for p in prices):
        ax.text(0.5, 0.5, wrap("No constraint rules out any deal: every deal is acceptable to every party.", 40),
                transform=ax.transAxes, ha="center", va="center",
                bbox={"boxstyle": "round", "fc": "white", "ec": "0.6"})
    binding = sum(p.binds for p in a.diagnosis.prices)
    ax.set_title(wrap(f"{_head(a)}: what each constraint costs", 85) + "\n" +
                 (f"{binding} of {len(a.diagnosis.prices)} bind" if binding else "none binds: dropping one alone "
                  "leaves the Nash deal where it is"))
    left = more(len(prices), len(a.diagnosis.prices), "constraints")
    fig = cast(Figure, ax.figure)
    if fresh:  # below the axis label, laid out by the figure
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=2, frameon=False,
                   title=left or None)
    else:
        ax.legend(loc="best", title=left or None)
    return ax


def _head(a: Analysis) -> str:
    return a.agenda_name if a.agenda is not None or not a.title else a.title


__all__ = ["MOST_OPENINGS", "MOST_ROWS", "MOST_SETS", "constraint_name", "red_line_collisions"]
