"""Dominated strategies and their iterated elimination, with the order shown.

A strategy is *strictly dominated* when another strategy — pure, or a mix of the others
(found by a linear program) — pays strictly more against every remaining strategy of the
opponent; *weakly dominated* when a pure strategy pays at least as much everywhere and
more somewhere. Iterated elimination removes, round by round, every dominated strategy
of both players at once. Strict elimination does not depend on the order; weak
elimination can, and negsim reports the simultaneous order it used.

Source: Osborne (2004), *An Introduction to Game Theory*, §2.9 and §12.2–12.3;
Fudenberg & Tirole (1991), *Game Theory*, §2.1 (mixed dominance).

Example:
    >>> from negsim.games.model import Game
    >>> pd = Game.from_arrays([[3, 1], [4, 2]], [[3, 4], [1, 2]], players=("a", "b"),
    ...                       strategies=(("C", "D"), ("C", "D")))
    >>> [str(s) for s in iterated_elimination(pd).steps]
    ['round 1: a drops C (strictly dominated by D)', 'round 1: b drops C (strictly dominated by D)']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from negsim.games.model import Game

Kind = Literal["strict", "weak"]
TOL = 1e-9


@dataclass(frozen=True)
class Elimination:
    """One removed strategy: who, which, in which round, and what beats it."""

    round: int
    player: str
    strategy: str
    kind: Kind
    dominated_by: str
    player_name: str = ""

    def __str__(self) -> str:
        return (f"round {self.round}: {self.player_name or self.player} drops {self.strategy} "
                f"({self.kind}ly dominated by {self.dominated_by})")

    def to_dict(self) -> dict[str, Any]:
        return {"round": self.round, "player": self.player, "strategy": self.strategy, "kind": self.kind,
                "dominated_by": self.dominated_by}


@dataclass(frozen=True)
class EliminationResult:
    """The elimination order and the strategies that survive it."""

    kind: Kind
    steps: tuple[Elimination, ...]
    surviving: dict[str, tuple[str, ...]]

    @property
    def solved(self) -> bool:
        """True when one strategy per player survives (the game is dominance solvable)."""
        return all(len(s) == 1 for s in self.surviving.values())

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "steps": [s.to_dict() for s in self.steps],
                "surviving": {p: list(s) for p, s in self.surviving.items()}, "solved": self.solved}


def dominated_strategies(game: Game, kind: Kind = "strict") -> list[Elimination]:
    """Strategies dominated in the full game (round 1 of the elimination).

    >>> from negsim.games.model import Game
    >>> g = Game.from_arrays([[1, 1], [1, 0]], [[0, 0], [0, 0]])
    >>> [s.strategy for s in dominated_strategies(g, "weak")]
    ['r2']
    """
    rows, cols = list(range(game.shape[0])), list(range(game.shape[1]))
    return _round(game, rows, cols, kind, 1)


def iterated_elimination(game: Game, kind: Kind = "strict") -> EliminationResult:
    """Remove dominated strategies of both players, round by round, until none is left to remove."""
    rows, cols = list(range(game.shape[0])), list(range(game.shape[1]))
    steps: list[Elimination] = []
    for r in range(1, sum(game.shape) + 1):
        found = _round(game, rows, cols, kind, r)
        if not found:
            break
        steps += found
        gone = {(s.player, s.strategy) for s in found}
        rows = [i for i in rows if (game.players[0], game.strategies[0][i]) not in gone]
        cols = [j for j in cols if (game.players[1], game.strategies[1][j]) not in gone]
    surviving = {game.players[0]: tuple(game.strategies[0][i] for i in rows),
                 game.players[1]: tuple(game.strategies[1][j] for j in cols)}
    return EliminationResult(kind=kind, steps=tuple(steps), surviving=surviving)


def _round(game: Game, rows: list[int], cols: list[int], kind: Kind, r: int) -> list[Elimination]:
    """Dominated strategies of both players in the sub-game (rows, cols); keep at least one each."""
    out = []
    for k, (own, other, M) in enumerate(((rows, cols, game.A), (cols, rows, game.B.T))):
        sub = M[np.ix_(own, other)]
        found = [(own[i], by) for i in range(len(own)) if (by := _dominator(sub, i, kind, own, game, k))]
        if len(found) == len(own):  # ties in weak dominance: never remove every strategy
            found = found[:-1]
        out += [Elimination(r, game.players[k], game.strategies[k][i], kind, by, game.names[k]) for i, by in found]
    return out


def _dominator(sub: npt.NDArray[np.float64], i: int, kind: Kind, own: list[int], game: Game, k: int) -> str:
    """Name of a strategy (or mix) dominating row ``i`` of ``sub``; empty when none does."""
    names = [game.strategies[k][s] for s in own]
    scale = TOL * max(float(np.ptp(sub)), 1.0)
    for o in range(len(own)):
        if o == i:
            continue
        diff = sub[o] - sub[i]
        if kind == "strict" and np.all(diff > scale):
            return names[o]
        if kind == "weak" and np.all(diff >= -scale) and np.any(diff > scale):
            return names[o]
    if kind == "strict" and len(own) > 2:
        return _mixed_dominator(sub, i, names, scale)
    return ""


def _mixed_dominator(sub: npt.NDArray[np.float64], i: int, names: list[str], scale: float) -> str:
    """LP: maximise ε such that a mix σ of the other rows beats row i by ε against every column."""
    from scipy.optimize import linprog  # only players with three strategies or more need it

    others = [o for o in range(len(sub)) if o != i]
    n_cols = sub.shape[1]
    c = np.zeros(len(others) + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-sub[others].T, np.ones((n_cols, 1))])
    b_ub = -sub[i]
    A_eq = np.hstack([np.ones((1, len(others))), np.zeros((1, 1))])
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0],
                  bounds=[(0, None)] * len(others) + [(None, None)], method="highs")
    if not res.success or -res.fun <= scale:
        return ""
    mix = res.x[:-1]
    return "mix " + " + ".join(f"{p:.3g} {names[o]}" for o, p in zip(others, mix, strict=True) if p > 1e-9)
