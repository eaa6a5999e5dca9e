"""The red-line collision chart: which constraints collide, and what dropping each opens.

Left: a dot matrix — one column per minimal conflicting set (constraints that together
leave no deal), one row per constraint. Right: the number of deals dropping that
constraint alone would open (when there is no deal), or whether it binds (when there is).

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import negsim
    >>> from negsim.plot import red_line_collisions
    >>> a = negsim.analyze(negsim.load(negsim.bundled("security-guarantees-2021")))
    >>> ax = red_line_collisions(a)
    >>> "collide" in ax.get_title()
    True
"""

from __future__ import annotations

from matplotlib.axes import Axes

from negsim.engine.result import Analysis
from negsim.plot.style import new_axes, party_color, short


def red_line_collisions(analysis: Analysis, ax: Axes | None = None) -> Axes:
    """Draw the collision matrix and each constraint's price; returns the Axes."""
    diag = analysis.diagnosis
    rows = _rows(analysis)
    extra = 0.2 * min(len(diag.openings), 4) + (0.4 if diag.openings else 0)
    ax = new_axes(ax, size=(13, 1.2 + 0.42 * max(len(rows), 3) + extra))
    n_conf = len(diag.conflicts)
    y = {cid: len(rows) - 1 - k for k, cid in enumerate(rows)}
    _draw_matrix(ax, analysis, rows, y)
    _draw_prices(ax, analysis, rows, y, x0=n_conf + 0.8)
    _draw_openings(ax, analysis)
    ax.set_yticks([y[c] for c in rows])
    ax.set_yticklabels([_row_label(analysis, c) for c in rows], fontsize=8)
    for k, party in enumerate(analysis.parties):
        for tick, cid in zip(ax.get_yticklabels(), rows, strict=True):
            if cid.startswith(party + "."):
                tick.set_color(party_color(k))
    ax.set_xticks(range(n_conf))
    ax.set_xticklabels([f"C{k + 1}" for k in range(n_conf)], fontsize=8)
    ax.set_xlim(-0.7, n_conf + 4.2)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(_title(analysis))
    return ax


def _rows(a: Analysis) -> list[str]:
    in_conflict = {c for conflict in a.diagnosis.conflicts for c in conflict}
    ids = [p.id for p in a.diagnosis.prices]
    shown = [c for c in ids if c in in_conflict or ".red_lines" in c]
    return shown or ids


def _row_label(a: Analysis, cid: str) -> str:
    price = next(p for p in a.diagnosis.prices if p.id == cid)
    return f"{cid}: {short(price.text.split(': ', 1)[-1], 42)}"


def _draw_matrix(ax: Axes, a: Analysis, rows: list[str], y: dict[str, int]) -> None:
    for k, conflict in enumerate(a.diagnosis.conflicts):
        ys = [y[c] for c in conflict if c in y]
        if ys:
            ax.plot([k, k], [min(ys), max(ys)], color="#c0392b", lw=2, alpha=0.6, zorder=1)
            ax.scatter([k] * len(ys), ys, s=80, color="#c0392b", zorder=2)
    for r in rows:
        ax.axhline(y[r], color="0.9", lw=0.8, zorder=0)


def _draw_prices(ax: Axes, a: Analysis, rows: list[str], y: dict[str, int], x0: float) -> None:
    prices = {p.id: p for p in a.diagnosis.prices}
    top = max([prices[r].opens for r in rows] + [1])
    if not a.has_deal and all(prices[r].opens == 0 for r in rows):
        ax.text(x0, len(rows) - 1, "Dropping any one\nconstraint alone\nopens no deal:\nsee the sets below.",
                va="top", fontsize=9, color="0.3", style="italic")
        return
    for r in rows:
        p = prices[r]
        if a.has_deal:
            text = "binds: dropping it moves the Nash deal" if p.binds else "does not bind"
            ax.text(x0, y[r], text, va="center", fontsize=8, color="#c0392b" if p.binds else "0.4")
            continue
        width = 2.8 * p.opens / top
        ax.barh(y[r], width, left=x0, height=0.5, color="#4a90d9", alpha=0.8)
        ax.text(x0 + width + 0.05, y[r], f"opens {p.opens:,}", va="center", fontsize=8)
    label = "deals opened if dropped alone" if not a.has_deal else "effect on the Nash deal"
    ax.text(x0, len(rows) - 0.45, label, fontsize=8, style="italic", color="0.3")



def _draw_openings(ax: Axes, a: Analysis) -> None:
    """Below the chart: the smallest sets of constraints whose removal opens a deal."""
    if a.diagnosis.openings:
        lines = ["Smallest sets to drop to open a deal:"]
        lines += [f"{' + '.join(d)} → {n:,} deal{'s' if n != 1 else ''}" for d, n in a.diagnosis.openings[:4]]
        ax.text(0.0, -0.09, "\n".join(lines), transform=ax.transAxes, ha="left", va="top", fontsize=8,
                bbox={"boxstyle": "round", "fc": "#fff8e1", "ec": "0.7"})


def _title(a: Analysis) -> str:
    if a.has_deal:
        return f"{a.agenda_name}: no red lines collide ({a.zopa_size:,} feasible deals)"
    n = len(a.diagnosis.conflicts)
    if n == 1:
        return f"{a.agenda_name}: one minimal set of constraints collides (C1)"
    return f"{a.agenda_name}: {n} minimal sets of constraints collide (C1…C{n})"


__all__ = ["red_line_collisions"]
