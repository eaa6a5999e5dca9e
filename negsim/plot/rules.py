"""Figures of decision rules: power against weight, the coalitions that can agree, win-sets against the ZOPA.

Every function takes ``ax=None``, draws there and returns the Axes.

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negsim.rules import weighted, exact_power
    >>> eec = weighted(["fr", "de", "it", "be", "nl", "lu"], [4, 4, 4, 2, 2, 1], quota=12)
    >>> ax = power_bars(exact_power(eec), eec)
    >>> ax.get_xlabel()
    'share'
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.axes import Axes

from negsim.plot.style import BLUES, GREYS, LIGHT_GRID, TOL_BRIGHT, more, new_axes, party_color, styled, wrap
from negsim.rules.analysis import Ratification, RuleAnalysis
from negsim.rules.model import VotingRule
from negsim.rules.power import PowerIndices

SERIES = {"weight": (TOL_BRIGHT[6], "share of the weight"), "shapley_shubik": (TOL_BRIGHT[0], "Shapley–Shubik"),
          "banzhaf_normalised": (TOL_BRIGHT[1], "Banzhaf (normalised)")}
MOST_PLAYERS = 30
"""Players drawn at most (the most powerful, by Shapley–Shubik)."""


@styled
def power_bars(power: PowerIndices, rule: VotingRule | None = None, names: dict[str, str] | None = None,
               ax: Axes | None = None) -> Axes:
    """Horizontal bars per player: weight share (first weighted criterion), Shapley–Shubik, normalised Banzhaf."""
    order = np.argsort(-power.shapley_shubik, kind="stable")[:MOST_PLAYERS][::-1]
    n = len(order)
    ax = new_axes(ax, size=(9.0, 2.4 + 0.3 * n * (1.4 if rule is not None else 1)))
    series = {"shapley_shubik": power.shapley_shubik, "banzhaf_normalised": power.banzhaf_normalised}
    weight, weight_name = _weight_share(rule)
    if weight is not None:
        series = {"weight": weight, **series}
    height = 0.8 / len(series)
    for k, (key, values) in enumerate(series.items()):
        color, label = SERIES[key]
        label = f"share of the {weight_name}" if key == "weight" else label
        y = np.arange(n) + (k - (len(series) - 1) / 2) * height
        err = power.se.get(key)
        ax.barh(y, values[order], height=height, color=color, label=label,
                xerr=None if err is None else 1.96 * err[order], capsize=2)
    ax.set_yticks(np.arange(n))
    ax.set_yticklabels([wrap((names or {}).get(power.players[i], power.players[i]), 24) for i in order])
    ax.set_xlabel("share")
    ax.set_ylim(-0.6, n - 0.4)
    method = "exact" if power.exact else f"Monte Carlo, {power.samples:,} draws, 95% bars"
    described = "\n".join(textwrap.wrap(rule.describe(), 70)) if rule is not None else ""
    ax.set_title(f"Voting power ({method})" + (f"\n{described}" if described else ""))
    handles, labels = ax.get_legend_handles_labels()
    left = more(n, len(power.players), "players", "the report's table")
    ax.legend(handles[::-1], labels[::-1], loc="lower right", frameon=False,  # top bar first
              title=left or None)
    _clean(ax)
    return ax


def _weight_share(rule: VotingRule | None) -> tuple[np.ndarray | None, str]:
    """Each player's share of the last weighted criterion (population in a double majority), and its name."""
    if rule is None:
        return None, ""
    weighted = [c for c in rule.criteria if not c.headcount] or list(rule.criteria)
    w = np.array(weighted[-1].weights, dtype=float)
    return (w / w.sum() if w.sum() > 0 else None), weighted[-1].name


@styled
def coalition_matrix(analysis: RuleAnalysis, names: dict[str, str] | None = None, most: int = 12,
                     ax: Axes | None = None) -> Axes:
    """Which parties are in each minimal winning coalition that can agree (a dot per member), with its deals.

    The coalitions analysed in full come first, then the others in the report's order (largest zone first).
    """
    detailed = [c.members for c in analysis.coalitions]
    others = [m for m, _ in analysis.agreeing if m not in detailed]
    columns = (detailed + others)[:most]
    zopa = {tuple(m): z for m, z in analysis.agreeing}
    parties = list(analysis.rule.players)
    ax = new_axes(ax, size=(3.6 + 0.8 * max(len(columns), 2), 2.2 + 0.3 * len(parties)))
    y = {p: len(parties) - 1 - k for k, p in enumerate(parties)}
    for j, members in enumerate(columns):
        ax.scatter([j] * len(members), [y[m] for m in members], s=70, color=party_color(0 if j < len(detailed) else 7),
                   zorder=3)
    ax.set_yticks([y[p] for p in parties])
    ax.set_yticklabels([wrap((names or {}).get(p, p), 24) for p in parties])
    ax.set_xticks(range(len(columns)))
    ax.set_xticklabels([f"C{j + 1}\n{zopa[tuple(m)]:,}" for j, m in enumerate(columns)])
    ax.set_xlabel(wrap("coalition, and the number of deals all its members accept", 50))
    ax.set_xlim(-0.6, max(len(columns), 2) - 0.4)
    ax.set_ylim(-0.6, len(parties) - 0.4)
    ax.grid(axis="y", color=LIGHT_GRID, zorder=0)
    found = f"{len(analysis.agreeing):,}" + ("" if analysis.winning_complete else " listed")
    ax.set_title(wrap(f"Minimal winning coalitions that can agree ({found}; {len(columns)} shown; "
                      f"dark: analysed in full; deals every party accepts: {analysis.zopa_unanimity:,})", 50))
    _clean(ax)
    return ax


@styled
def win_sets(ratification: Ratification, names: dict[str, str] | None = None, ax: Axes | None = None) -> Axes:
    """Each ratifying party's win-set against what its negotiator accepts, and the ZOPA without and with them."""
    rows: list[tuple[str, float, str]] = []
    for w in ratification.win_sets:
        who = (names or {}).get(w.party, w.party)
        rows += [(f"{who}: negotiator accepts", w.negotiator, BLUES[0]),
                 (f"{who}: win-set (ratified)", w.win_set, BLUES[1]),
                 (f"{who}: both", w.both, BLUES[2])]
    rows += [("ZOPA under the rule, negotiators' red lines", ratification.zopa_without["rule"], GREYS[0]),
             ("ZOPA under the rule, with the win-sets", ratification.zopa_with["rule"], GREYS[1])]
    ax = new_axes(ax, size=(9, 2.0 + 0.42 * len(rows)))
    y = np.arange(len(rows))[::-1]
    ax.barh(y, [r[1] for r in rows], color=[r[2] for r in rows], height=0.65)
    for yy, (_, v, _) in zip(y, rows, strict=True):
        ax.text(v, yy, f" {int(v):,}", va="center")
    ax.set_yticks(y)
    ax.set_yticklabels([wrap(r[0], 40) for r in rows])
    ax.set_xlabel("deals")
    ax.set_xlim(0, max([r[1] for r in rows] + [1]) * 1.18)
    ax.set_title(wrap(f"Ratification at home: with the win-sets the zone of agreement "
                      f"{'stays the same' if ratification.effect == 'unchanged' else ratification.effect}", 60))
    _clean(ax)
    return ax


def _clean(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


__all__ = ["coalition_matrix", "power_bars", "win_sets"]
