"""Figures of the classroom activities: the ultimatum game's acceptance curve and the role play's deals.

Every function takes ``ax=None``, draws there and returns the Axes (never ``show()``).

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from negsim.teaching.ultimatum import ClassPlay, summarise
    >>> s = summarise(ClassPlay(np.array([0.1, 0.4, 0.5]), np.array([False, True, True]), 10.0, "demo"))
    >>> ultimatum_acceptance(s, alphas=(1.0,)).get_xlabel()
    'offer to the responder (share of the pie)'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes

from negsim.plot.style import NEGATIVE_COLOR, OKABE_ITO, SOLUTION_STYLE, new_axes, party_color, styled

if TYPE_CHECKING:
    from negsim.teaching.roleplay import Pair, PairResult
    from negsim.teaching.ultimatum import Summary


@styled
def ultimatum_acceptance(summary: Summary, alphas: Sequence[float] = (0.5, 1.0, 4.0), ax: Axes | None = None) -> Axes:
    """The class's acceptance rate per offer (bars, with the number of games), the subgame-perfect
    prediction (accept anything) and Fehr–Schmidt responders' thresholds α/(1 + 2α)."""
    from negsim.teaching.ultimatum import fehr_schmidt_threshold

    ax = new_axes(ax, (8, 5))
    width = 0.8 * float(np.min(np.diff(summary.shares))) if summary.shares.size > 1 else 0.08
    ax.bar(summary.shares, summary.rate, width=width, color=party_color(0), alpha=0.75, label="class: share accepted")
    for x, r, n in zip(summary.shares, summary.rate, summary.games, strict=True):
        ax.text(x, r + 0.02, f"n={n}", ha="center", va="bottom")
    ax.plot([0, 0, 1], [0, 1, 1], color="0.2", lw=2, ls="--", label="money maximiser: accepts any offer > 0")
    for k, alpha in enumerate(alphas):
        t = fehr_schmidt_threshold(alpha)
        ax.axvline(t, color=party_color(k + 1), lw=2, ls=":", label=f"Fehr–Schmidt α = {alpha:g}: accepts ≥ {t:.2f}")
    ax.set_xlim(-0.02, 0.72)
    ax.set_ylim(0, 1.15)
    ax.set_xlabel("offer to the responder (share of the pie)")
    ax.set_ylabel("share of offers accepted")
    ax.set_title("Ultimatum game: what the class accepted")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)
    return ax


@styled
def roleplay_deals(pairs: Sequence[Pair], results: Sequence[PairResult], ax: Axes | None = None) -> Axes:
    """Per pair: the prices both accept without warranty (grey) and with the efficient warranty (blue), the
    class's agreed price (dot; a cross for no deal) and negsim's Nash deal (star)."""
    ax = new_axes(ax, (9, 0.45 * len(pairs) + 1.8))
    for y, (p, r) in enumerate(zip(pairs, results, strict=True)):
        b = p.best_option
        _zone(ax, y + 0.14, p.seller_min, p.buyer_max, "0.65", "price zone, no warranty" if y == 0 else None)
        _zone(ax, y - 0.14, p.seller_min + p.cost[b], p.buyer_max + p.value[b], party_color(0),
              "price zone with the best warranty" if y == 0 else None)
        if r.agreed and r.price is not None:
            color = OKABE_ITO["bluish_green"] if r.in_zopa else NEGATIVE_COLOR
            ax.plot(r.price, y, "o", ms=10, color=color, mec="k", zorder=5,
                    label="class deal" if y == 0 else None)
            ax.annotate(f"{r.warranty} m", (r.price, y), xytext=(7, 5), textcoords="offset points")
        else:
            ax.plot(p.seller_min, y, "x", ms=11, mew=2.5, color="k", zorder=5)
        if r.nash_price is not None:
            st = SOLUTION_STYLE["nash"]
            ax.scatter([r.nash_price], [y], marker=st["marker"], s=180, color=st["color"], edgecolors="k", zorder=6,
                       label="Nash deal (negsim)" if y == 0 else None)
    ax.set_yticks(range(len(pairs)), [f"pair {p.pair}" for p in pairs])
    ax.invert_yaxis()
    ax.set_xlabel("price (EUR)")
    ax.set_title("Role play: each pair's zone of agreement, deal (×: no deal) and Nash deal")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    return ax


def _zone(ax: Axes, y: float, low: float, high: float, color: str, label: str | None) -> None:
    if high >= low:
        ax.plot([low, high], [y, y], color=color, lw=6, solid_capstyle="butt", label=label, alpha=0.8)


__all__ = ["roleplay_deals", "ultimatum_acceptance"]
