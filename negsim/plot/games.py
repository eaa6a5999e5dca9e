"""Figures for strategic games: payoff table, equilibrium mixes, learning dynamics, 2×2 phase portrait.

Every function takes ``ax=None``, draws there and returns the Axes (never ``show()``).

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negsim.games.model import Game
    >>> from negsim.games.equilibria import solve
    >>> g = Game.from_arrays([[3, 1], [4, 2]], [[3, 4], [1, 2]], players=("A", "B"))
    >>> payoff_table(g, solve(g)).get_title()
    'game — payoffs (A, B)'
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from negsim.plot.style import (
    EQUILIBRIUM_COLOR,
    OKABE_ITO,
    TOL_MUTED,
    big,
    new_axes,
    party_color,
    small,
    styled,
    words,
    wrap,
)

if TYPE_CHECKING:
    from negsim.games.equilibria import EquilibriumSet
    from negsim.games.learning import Trajectory
    from negsim.games.model import Game

EQ_COLOR = EQUILIBRIUM_COLOR
STRATEGY_COLORS = TOL_MUTED
EQ_MARKER_COLOR = OKABE_ITO["orange"]


@styled
def payoff_table(game: Game, equilibria: EquilibriumSet | None = None, ax: Axes | None = None) -> Axes:
    """The payoff matrix: (row payoff, column payoff) per cell; best responses bold and underlined in the
    player's colour; pure equilibria shaded."""
    m, n = game.shape
    width = max(6.0, 1.9 * n + 2.6)
    ax = new_axes(ax, (width, max(3.4, 0.9 * m + 2.2)))
    pure = {(int(np.argmax(e.row)), int(np.argmax(e.column))) for e in (equilibria.pure if equilibria else ())}
    best_row = game.A.max(axis=0, keepdims=True) - 1e-12 <= game.A
    best_col = game.B.max(axis=1, keepdims=True) - 1e-12 <= game.B
    for i in range(m):
        for j in range(n):
            face = EQ_COLOR if (i, j) in pure else "white"
            ax.add_patch(Rectangle((j, m - 1 - i), 1, 1, facecolor=face, edgecolor="0.4", lw=1,
                                   alpha=0.55 if face != "white" else 1.0))
            _cell_text(ax, game, i, j, bool(best_row[i, j]), bool(best_col[i, j]))
    ax.set_xlim(0, n)
    ax.set_ylim(0, m)
    ax.set_xticks(np.arange(n) + 0.5, [wrap(s, 14) for s in game.strategies[1]])
    ax.set_yticks(np.arange(m) + 0.5, [wrap(s, 16) for s in reversed(game.strategies[0])])
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.tick_params(length=0)
    ax.set_xlabel(f"{game.names[1]} (column player)", color=party_color(1))
    ax.set_ylabel(f"{game.names[0]} (row player)", color=party_color(0))
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(_wrap(f"{game.title} — payoffs ({game.names[0]}, {game.names[1]})", int(width * 7)))
    handles = [Patch(facecolor=EQ_COLOR, edgecolor="0.4", alpha=0.55, label="pure Nash equilibrium"),
               # the underline each best response gets in its cell (no mathtext: \underline needs matplotlib 3.11)
               Line2D([], [], color=party_color(0), lw=1.5, label=f"best response of {game.names[0]} (underlined)"),
               Line2D([], [], color=party_color(1), lw=1.5, label=f"best response of {game.names[1]} (underlined)")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=1 if width < 7 else 3,
              frameon=False)
    return ax


def _cell_text(ax: Axes, game: Game, i: int, j: int, best_a: bool, best_b: bool) -> None:
    y = game.shape[0] - 1 - i + 0.5
    for k, (value, best) in enumerate(((game.A[i, j], best_a), (game.B[i, j], best_b))):
        ax.text(j + 0.5 + (k - 0.5) * 0.42, y, f"{value:.4g}", ha="center", va="center", fontsize=big(),
                color=party_color(k) if best else "0.25", fontweight="bold" if best else "normal",
                bbox={"boxstyle": "square,pad=0.15", "fc": "none", "ec": "none"})
        if best:
            ax.plot([j + 0.5 + (k - 0.5) * 0.42 - 0.08, j + 0.5 + (k - 0.5) * 0.42 + 0.08], [y - 0.17, y - 0.17],
                    color=party_color(k), lw=1.5)


@styled
def mixed_strategy_bars(equilibria: EquilibriumSet, ax: Axes | None = None) -> Axes:
    """One stacked bar per equilibrium and player: the probability of each strategy."""
    game = equilibria.game
    eqs = equilibria.equilibria
    ax = new_axes(ax, (9.0, max(3.0, 0.55 * 2 * len(eqs) + 2.4)))
    labels = []
    for e_idx, e in enumerate(eqs):
        for k, player in enumerate(game.players):
            y = -(e_idx * 2.6 + k)
            left = 0.0
            for s_idx, (s, p) in enumerate(zip(game.strategies[k], e.mix(player), strict=True)):
                if p <= 1e-9:
                    continue
                ax.barh(y, p, left=left, color=STRATEGY_COLORS[s_idx % len(STRATEGY_COLORS)], edgecolor="white",
                        height=0.85)
                text = f"{words(s)} {_prob(p)}"
                if p * 60 >= len(text) + 2:  # the label fits inside the segment
                    ax.text(left + p / 2, y, text, ha="center", va="center", fontsize=small(),
                            color="white" if s_idx % len(STRATEGY_COLORS) in DARK else "black")
                left += p
            labels.append((y, f"E{e_idx + 1} {wrap(game.names[k], 14)}"))
        ax.text(1.01, -(e_idx * 2.6 + 0.5), "payoffs " + ", ".join(f"{v:.3g}" for v in e.payoffs) +
                (" (pure)" if e.pure else ""), va="center", fontsize=small(), color="0.3")
    ax.set_yticks([y for y, _ in labels], [t for _, t in labels])
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability of each strategy")
    found = (f"{len(eqs)} extreme equilibria" if equilibria.complete
             else f"{len(eqs)} equilibria found, not necessarily all")
    ax.set_title(_wrap(f"{game.title} — equilibrium strategies ({found})", 75)
                 + _continua(equilibria))
    handles = [Patch(color=STRATEGY_COLORS[i % len(STRATEGY_COLORS)],
                     label=" / ".join(dict.fromkeys(words(ss[i]) for ss in game.strategies if i < len(ss))))
               for i in range(max(len(ss) for ss in game.strategies))]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=min(3, len(handles)),
              frameon=False, title="strategy (row player / column player)")
    return ax


def _continua(equilibria: EquilibriumSet) -> str:
    """"\nE2–E4: ends of one continuum of equilibria" for each component that is not a single point."""
    parts = [", ".join(f"E{i + 1}" for i in c.equilibria) for c in equilibria.components if not c.isolated]
    return "".join(f"\n{p}: ends of one continuum of equilibria (any mix between them is one too)" for p in parts)


@styled
def dynamics_trajectories(trajectory: Trajectory, ax: Axes | None = None) -> Axes:
    """Share of each strategy over time, one colour per player and one line style per strategy.

    With two strategies only the first is drawn (the other is its complement).
    """
    game = trajectory.game
    ax = new_axes(ax, (8.5, 5.0))
    series = [(0, trajectory.row)] + ([(1, trajectory.column)] if trajectory.column is not None else [])
    styles = ["-", "--", ":", "-."]
    for k, values in series:
        shown = game.strategies[k][:1] if len(game.strategies[k]) == 2 else game.strategies[k]
        for s_idx, s in enumerate(shown):
            ax.plot(trajectory.times, values[:, s_idx], styles[s_idx % 4], color=party_color(k), lw=4.0 - 2.2 * k,
                    alpha=0.75 if k == 0 else 1.0, zorder=2 + k,  # a thin line on a wide one: both show when equal
                    label=(f"P({game.names[k]} plays {words(s)})" if trajectory.column is not None
                           else f"share playing {words(s)}"))
    ax.set_ylim(-0.02, 1.02)
    discrete = "fictitious" in trajectory.kind
    ax.set_xlabel("round" if discrete else "time")
    ax.set_ylabel("empirical frequency" if discrete else "population share")
    seed = f", seed {trajectory.seed}" if trajectory.seed is not None else ""
    ax.set_title(_wrap(f"{game.title} — {trajectory.kind}{seed}", 60))
    ax.legend(loc="best")
    ax.grid(True)
    return ax


@styled
def phase_portrait(game: Game, equilibria: EquilibriumSet | None = None,
                   trajectories: list[Trajectory] | None = None, ax: Axes | None = None) -> Axes:
    """2×2 games: the two-population replicator field on the unit square, equilibria marked.

    Horizontal axis: probability the row player plays its first strategy; vertical: the column player's.
    """
    if game.shape != (2, 2):
        raise ValueError("a phase portrait needs a 2×2 game")
    ax = new_axes(ax, (7.0, 7.2))
    p, q = np.meshgrid(np.linspace(0, 1, 17), np.linspace(0, 1, 17))
    dp, dq = replicator_field(game, p, q)
    ax.streamplot(p, q, dp, dq, color="0.6", density=0.8, linewidth=0.8, arrowsize=0.9)
    ax.plot([], [], color="0.6", lw=0.8, label="direction the shares move (replicator dynamics)")
    for t in trajectories or []:
        if t.column is not None:
            ax.plot(t.row[:, 0], t.column[:, 0], color=party_color(2), lw=1.6,
                    label="how the shares move from a starting mix")
            ax.plot(t.row[0, 0], t.column[0, 0], "o", color=party_color(2), ms=4)
    if equilibria is not None:
        _mark_equilibria(ax, equilibria)
    r, c = game.strategies
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.set_xlabel(wrap(f"P({game.names[0]} plays {words(r[0])})", 50), color=party_color(0))
    ax.set_ylabel(wrap(f"P({game.names[1]} plays {words(c[0])})", 50), color=party_color(1))
    ax.set_title(_wrap(f"{game.title} — replicator dynamics", 50))
    return ax


def replicator_field(game: Game, p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Asymmetric replicator velocities at (p, q): ``ṗ = p(1−p)·[(Ay)₀ − (Ay)₁]`` and likewise for q.

    >>> from negsim.games.model import Game
    >>> g = Game.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> [float(v) for v in replicator_field(g, np.array(0.5), np.array(1.0))]
    [0.25, 0.0]
    """
    A, B = game.A, game.B
    row_gain = (A[0, 0] - A[1, 0]) * q + (A[0, 1] - A[1, 1]) * (1 - q)
    col_gain = (B[0, 0] - B[0, 1]) * p + (B[1, 0] - B[1, 1]) * (1 - p)
    return p * (1 - p) * row_gain, q * (1 - q) * col_gain


def _mark_equilibria(ax: Axes, equilibria: EquilibriumSet) -> None:
    for comp in equilibria.components:
        for rows, cols in comp.maximal_subsets:
            if len(rows) > 1 or len(cols) > 1:
                xs = [comp.row_vertices[r][0] for r in rows] or [0.0]
                ys = [comp.column_vertices[c][0] for c in cols] or [0.0]
                ax.plot([min(xs), max(xs)], [min(ys), max(ys)], color=EQ_COLOR, lw=6, solid_capstyle="round",
                        zorder=4, label="continuum of equilibria")
    for e in equilibria.equilibria:
        ax.scatter([e.row[0]], [e.column[0]], s=140 if e.pure else 220, marker="o" if e.pure else "*",
                   facecolor=EQ_MARKER_COLOR, edgecolor="black", zorder=6,
                   label="pure equilibrium" if e.pure else "mixed equilibrium")
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False)


def _wrap(text: str, width: int = 70) -> str:
    return "\n".join(textwrap.wrap(text, width))


DARK = {0, 3, 7}
"""Positions in :data:`STRATEGY_COLORS` dark enough for white text (indigo, green, wine)."""


def _prob(p: float) -> str:
    return f"{p:.2f}".rstrip("0").rstrip(".") if p < 1 - 1e-9 else "1"
