"""Figures of bargaining over time: a negotiation's trace, utility by round, tournaments, SPE vs patience.

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import negsim
    >>> from negsim.dynamics import build_domain, negotiate
    >>> dom = build_domain(negsim.load(negsim.bundled("divide-the-dollar")))
    >>> ax = utility_by_round(negotiate(dom, {"alice": "boulware", "bob": "conceder"}), dom)
    >>> ax.get_xlabel()
    'Round'
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from negsim.dynamics.domain import Domain
from negsim.dynamics.protocols import Negotiation
from negsim.dynamics.spe import PatienceCurve
from negsim.dynamics.tournament import Tournament
from negsim.plot.style import (
    FEASIBLE_COLOR,
    FRONTIER_COLOR,
    INFEASIBLE_COLOR,
    OKABE_ITO,
    SOLUTION_STYLE,
    more,
    new_axes,
    party_color,
    small,
    styled,
    words,
    wrap,
)

BACKGROUND = 4_000
"""Deals drawn behind a trace (a seeded sample when there are more)."""
MOST_PARTIES = 6
"""Parties drawn at most in the round-by-round chart."""
AGREEMENT_COLOR = OKABE_ITO["bluish_green"]


@styled
def negotiation_trace(result: Negotiation, domain: Domain, pair: tuple[str, str] | None = None,
                      ax: Axes | None = None) -> Axes:
    """The offers of a negotiation in the utility plane of two parties, over the deals and the frontier."""
    ax = new_axes(ax, (8.0, 7.5))
    p, q = pair or (domain.parties[0], domain.parties[1])
    i, j = domain.parties.index(p), domain.parties.index(q)
    _draw_background(ax, domain, i, j)
    _draw_offers(ax, result, domain, i, j)
    names = dict(zip(domain.parties, domain.names, strict=True))
    ax.set_xlabel(f"{names[p]} utility")
    ax.set_ylabel(f"{names[q]} utility")
    ax.set_title(f"{wrap(_matchup(result, names), 70)}\n{_verdict(result)}")
    ax.margins(0.07)
    ax.grid(True)
    notes = []
    if len(domain.parties) > 2:
        notes.append(wrap(f"{len(domain.parties)} parties: the plane of {names[p]} and {names[q]} "
                          "(a projection; the others' utilities are not shown)", 60))
    if domain.size > BACKGROUND:
        notes.append(f"deals: a seeded sample of {BACKGROUND:,} of {domain.size:,}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False,
              title="\n".join(notes) or None, alignment="left")
    return ax


def _draw_background(ax: Axes, domain: Domain, i: int, j: int) -> None:
    rng = np.random.default_rng(0)
    idx = np.arange(domain.size) if domain.size <= BACKGROUND else rng.choice(domain.size, BACKGROUND, replace=False)
    feas = domain.feasible[idx]
    if (~feas).any():
        ax.scatter(domain.u[idx[~feas], i], domain.u[idx[~feas], j], s=8, color=INFEASIBLE_COLOR, linewidths=0,
                   label="deal someone rejects", zorder=1)
    if feas.any():
        ax.scatter(domain.u[idx[feas], i], domain.u[idx[feas], j], s=10, color=FEASIBLE_COLOR, linewidths=0,
                   label="deal every party accepts", zorder=2)
    if domain.frontier.size and len(domain.parties) == 2:
        f = domain.u[domain.frontier][:, [i, j]]
        f = f[np.argsort(f[:, 0])]
        ax.plot(f[:, 0], f[:, 1], "-", color=FRONTIER_COLOR, lw=1.3, label="Pareto frontier", zorder=3)
    elif domain.frontier.size:
        f = domain.u[domain.frontier][:BACKGROUND]
        ax.scatter(f[:, i], f[:, j], s=40, facecolor="none", edgecolor=FRONTIER_COLOR,
                   label="Pareto-optimal (all parties)", zorder=3)
    ax.scatter([domain.no_deal[i]], [domain.no_deal[j]], marker="X", s=90, color="black", label="no deal", zorder=6)
    if domain.nash is not None:
        st = SOLUTION_STYLE["nash"]
        ax.scatter([domain.u[domain.nash, i]], [domain.u[domain.nash, j]], marker=st["marker"], s=st["size"],
                   color=st["color"], edgecolor="black", label="Nash deal", zorder=st["zorder"])


def _draw_offers(ax: Axes, result: Negotiation, domain: Domain, i: int, j: int) -> None:
    for k, party in enumerate(domain.parties):
        steps = [s for s in result.trace if s.proposer == party]
        if not steps:
            continue
        x = [s.utilities[domain.parties[i]] for s in steps]
        y = [s.utilities[domain.parties[j]] for s in steps]
        label = f"offers by {domain.names[k]} ({result.strategies[party]['name']})"
        ax.plot(x, y, "-o", color=party_color(k), ms=5, lw=1, alpha=0.85, label=label, zorder=5)
        ax.annotate(f"start (round {steps[0].round})", (x[0], y[0]), xytext=(6, 4 + 12 * k),
                    textcoords="offset points", fontsize=small(), color=party_color(k))
    if result.outcome.agreement:
        u = result.outcome.utilities
        ax.scatter([u[domain.parties[i]]], [u[domain.parties[j]]], marker="o", s=220, facecolor="none",
                   edgecolor=AGREEMENT_COLOR, linewidths=2.5, label=f"agreement (round {result.outcome.round})",
                   zorder=9)


def _matchup(result: Negotiation, names: dict[str, str]) -> str:
    return " vs ".join(f"{names[p]} ({result.strategies[p]['name']})" for p in result.parties)


def _verdict(result: Negotiation) -> str:
    o = result.outcome
    return f"agreement in round {o.round}" if o.agreement else "no agreement"


@styled
def utility_by_round(result: Negotiation, domain: Domain, ax: Axes | None = None) -> Axes:
    """Each party's utility, round by round: of its own offers (solid) and of the others' offers (dotted).

    The two curves of a party close in on each other as the negotiation converges; its
    no-deal utility is the dashed line.
    """
    ax = new_axes(ax, (10.0, 5.8))
    for k, party in enumerate(domain.parties[:MOST_PARTIES]):
        own = [(s.round, s.utilities[party]) for s in result.trace if s.proposer == party]
        other = [(s.round, s.utilities[party]) for s in result.trace if s.proposer != party]
        name = f"{domain.names[k]} ({result.strategies[party]['name']})"
        if own:
            ax.plot(*zip(*own, strict=True), "-o", ms=4, color=party_color(k), label=f"{name}: own offers")
        if other:
            ax.plot(*zip(*other, strict=True), ":s", ms=3.5, color=party_color(k), label=f"{name}: others' offers")
        ax.axhline(domain.no_deal[k], ls="--", lw=1, color=party_color(k), alpha=0.7)
    if result.outcome.round is not None:
        ax.axvline(result.outcome.round, color=AGREEMENT_COLOR, lw=1.5, alpha=0.8, label="agreement")
    ax.plot([], [], "--", color="0.4", label="no-deal utility")
    ax.set_xlabel("Round")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Utility to the party")
    ax.set_title(f"Each party's utility of the offers, round by round\n{_verdict(result)}")
    ax.grid(True)
    left = more(MOST_PARTIES, len(domain.parties), "parties", "the report's table")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, title=left or None)
    return ax


@styled
def tournament_heatmap(tournament: Tournament, what: str = "agreement_rate", party: int = 0,
                       ax: Axes | None = None, names: dict[str, str] | None = None) -> Axes:
    """A (row party's strategy × column party's strategy) heat map of a tournament value, annotated."""
    rows, cols = tournament.strategies
    ax = new_axes(ax, (max(7.0, 1.1 * len(cols) + 3.5), max(5.0, 0.6 * len(rows) + 2.5)))
    grid = tournament.grid(what, party)
    image = ax.imshow(grid, cmap="viridis", aspect="auto",
                      vmin=0.0 if what == "agreement_rate" else None, vmax=1.0 if what == "agreement_rate" else None)
    for (r, c), v in np.ndenumerate(grid):
        text = "–" if np.isnan(v) else (f"{v:.0%}" if what == "agreement_rate" else f"{v:.2f}")
        light = not np.isnan(v) and v < np.nanmin(grid) + 0.6 * (np.nanmax(grid) - np.nanmin(grid) + 1e-12)
        ax.text(c, r, text, ha="center", va="center", fontsize=small(), color="white" if light else "black")
    ax.set_xticks(range(len(cols)), [wrap(s, 14) for s in cols], rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), [wrap(s, 16) for s in rows])
    who = [(names or {}).get(p, words(p)) for p in tournament.parties]
    ax.set_xlabel(f"{who[1]}'s strategy")
    ax.set_ylabel(f"{who[0]}'s strategy")
    label = {"agreement_rate": "agreement rate", "utility": f"mean utility of {who[party]}",
             "discounted": f"mean discounted utility of {who[party]}", "rounds": "mean rounds to agreement"}[what]
    ax.set_title(wrap(f"Tournament ({tournament.seeds} seeds, {tournament.rounds} rounds): {label}", 60))
    ax.figure.colorbar(image, ax=ax, label=label)
    return ax


@styled
def spe_vs_patience(curve: PatienceCurve, names: tuple[str, str], ax: Axes | None = None) -> Axes:
    """Party 1's SPE utility as common patience → 1: proposing first vs second, converging to Nash."""
    ax = new_axes(ax, (8.0, 5.8))
    x = curve.patience
    ax.plot(x, curve.first_proposes[:, 0], "-o", ms=3, color=party_color(0), lw=2, label=f"{names[0]} proposes first")
    ax.plot(x, curve.second_proposes[:, 0], "-o", ms=3, color=party_color(1), lw=2, label=f"{names[1]} proposes first")
    ax.fill_between(x, curve.second_proposes[:, 0], curve.first_proposes[:, 0], color=party_color(0), alpha=0.12,
                    label="first-mover advantage")
    if np.isfinite(curve.nash[0]):
        ax.axhline(curve.nash[0], color=SOLUTION_STYLE["nash"]["color"], lw=2, ls="--", label="Nash solution")
    ax.set_xlabel("Patience δ of both parties (discount factor per round)")
    ax.set_ylabel(f"{names[0]} utility in the SPE (lotteries allowed)")
    extra = f", breakdown risk {curve.breakdown:g}" if curve.breakdown else ""
    ax.set_title(f"Alternating offers: the SPE tends to the Nash solution as δ → 1{extra}".replace(": ", ":\n", 1))
    ax.grid(True)
    ax.legend(loc="best")
    return ax


__all__ = ["negotiation_trace", "spe_vs_patience", "tournament_heatmap", "utility_by_round"]
