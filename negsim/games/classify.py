"""The name of a 2×2 game from its ordinal structure (Prisoner's Dilemma, Chicken, Stag Hunt, …).

Only each player's *ranking* of the four cells matters, so the name does not change when
payoffs are rescaled, when a player's strategies are listed the other way round, or when
the players swap roles. The rules use the structure directly — dominant strategies, the
pure equilibria, and who prefers which equilibrium — which also handles ties (e.g. the
classic Battle of the Sexes, whose two miscoordination cells are tied at 0).

With C = the strategy not in the (preferred) equilibrium and D = the other, and the
symmetric payoffs R = (C,C), S = (C,D), T = (D,C), P = (D,D):

* Prisoner's Dilemma T > R > P > S · Deadlock T > P > R > S · Harmony R > T, S > P
* Chicken T > R > S > P · Leader T > S > R > P · Battle of the Sexes (Hero) S > T > R, P
* Stag Hunt R > T ≥ P > S · Matching Pennies: no pure equilibrium, opposed interests.

Source: Rapoport & Guyer (1966), "A taxonomy of 2×2 games", General Systems 11:203–214;
Robinson & Goforth (2005), *The Topology of the 2×2 Games: A New Periodic Table*.

Example:
    >>> from negsim.games.model import Game
    >>> classify(Game.from_arrays([[3, 1], [4, 2]], [[3, 4], [1, 2]])).name
    "Prisoner's Dilemma"
    >>> classify(Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])).name
    'Battle of the Sexes'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from negsim.games.model import Game

IntArray = npt.NDArray[np.int64]

DESCRIPTIONS = {
    "Prisoner's Dilemma": "each player has a dominant strategy, yet the equilibrium it leads to is worse for "
                          "both than mutual cooperation",
    "Deadlock": "each player has a dominant strategy and the equilibrium is not improvable for both: "
                "neither wants to cooperate",
    "Harmony": "the dominant strategies lead to the outcome both like best: no conflict",
    "Chicken": "two pure equilibria where one side yields; each wants the other to yield, and if neither "
               "does both get their worst outcome",
    "Leader": "two pure equilibria where one side leads; each wants to be the leader, and if both try "
              "they get their worst outcome",
    "Battle of the Sexes": "both want to coordinate but disagree on where; miscoordination is bad for both",
    "Stag Hunt": "two pure equilibria: the better one for both needs trust, the other is safe",
    "Coordination game": "two pure equilibria ranked the same way by both players, no risk in aiming high",
    "Pure coordination": "two pure equilibria both players value equally: they only need to match",
    "Matching Pennies": "no pure equilibrium and opposed interests: each wants to be unpredictable",
    "Cyclic game": "no pure equilibrium: best responses go round in a cycle; the equilibrium is mixed",
    "Dominance solvable": "one player has a dominant strategy and the other best-responds to it",
    "Degenerate (ties)": "a player is indifferent between its strategies against some strategy of the other, "
                         "so equilibria come in continua or in even numbers",
    "Coordination with a conflict": "two pure equilibria; one player is indifferent between them",
}


@dataclass(frozen=True)
class Classification:
    """The name of a 2×2 game, a sentence explaining it, and the ordinal ranks it was read from."""

    name: str
    description: str
    symmetric: bool
    row_ranks: tuple[tuple[int, ...], ...]
    column_ranks: tuple[tuple[int, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "symmetric": self.symmetric,
                "ordinal": {"row": [list(r) for r in self.row_ranks], "column": [list(r) for r in self.column_ranks]}}


def classify(game: Game) -> Classification | None:
    """Name a 2×2 game from its ordinal structure (None for other sizes)."""
    if game.shape != (2, 2):
        return None
    ra, rb = ordinal_ranks(game.A), ordinal_ranks(game.B)
    ties = _best_response_ties(game, ra, rb)
    name = "Degenerate (ties)" if ties else _name(ra, rb)
    description = DESCRIPTIONS[name] + (": " + "; ".join(ties) if ties else "")
    return Classification(name=name, description=description, symmetric=bool(np.array_equal(ra, rb.T)),
                          row_ranks=tuple(tuple(int(v) for v in r) for r in ra),
                          column_ranks=tuple(tuple(int(v) for v in r) for r in rb))


def ordinal_ranks(M: npt.NDArray[np.float64]) -> IntArray:
    """Dense ranks of the payoffs, 1 = worst (ties share a rank).

    >>> ordinal_ranks(np.array([[0.0, 5.0], [5.0, -1.0]])).tolist()
    [[2, 3], [3, 1]]
    """
    values = np.unique(np.round(M, 12))
    return (np.searchsorted(values, np.round(M, 12)) + 1).astype(np.int64)


def _best_response_ties(game: Game, a: IntArray, b: IntArray) -> list[str]:
    """Sentences naming each case where a player is indifferent between its two strategies."""
    (p, q), (rows, cols) = game.names, game.strategies
    out = [f"{p} is indifferent when {q} plays {cols[j]}" for j in range(2) if a[0, j] == a[1, j]]
    out += [f"{q} is indifferent when {p} plays {rows[i]}" for i in range(2) if b[i, 0] == b[i, 1]]
    return out


def _name(a: IntArray, b: IntArray) -> str:
    ne = [(i, j) for i in range(2) for j in range(2)
          if a[i, j] >= a[1 - i, j] and b[i, j] >= b[i, 1 - j]]
    da, db = _dominant(a), _dominant(b.T)
    if da is not None and db is not None:
        return _dominance_name(a, b, da, db)
    if not ne:
        return "Matching Pennies" if _opposed(a, b) else "Cyclic game"
    if len(ne) == 2 and ne[0][0] != ne[1][0] and ne[0][1] != ne[1][1]:
        return _two_equilibria_name(a, b, ne[0], ne[1])
    if len(ne) == 1 and (da is not None or db is not None):
        return "Dominance solvable"
    return "Degenerate (ties)"


def _dominant(M: IntArray) -> int | None:
    """The row that is strictly better against both columns, if any."""
    if np.all(M[0] > M[1]):
        return 0
    if np.all(M[1] > M[0]):
        return 1
    return None


def _dominance_name(a: IntArray, b: IntArray, i: int, j: int) -> str:
    if a[i, j] == a.max() and b[i, j] == b.max():
        return "Harmony"
    if a[1 - i, 1 - j] > a[i, j] and b[1 - i, 1 - j] > b[i, j]:
        return "Prisoner's Dilemma"
    if a[1 - i, 1 - j] < a[i, j] and b[1 - i, 1 - j] < b[i, j]:
        return "Deadlock"
    return "Dominance solvable"


def _two_equilibria_name(a: IntArray, b: IntArray, e: tuple[int, int], f: tuple[int, int]) -> str:
    row_pref = int(np.sign(a[e] - a[f]))
    col_pref = int(np.sign(b[e] - b[f]))
    if row_pref == 0 and col_pref == 0:
        return "Pure coordination"
    if row_pref == col_pref:
        good, bad = (e, f) if row_pref > 0 else (f, e)
        risky = a[good[0]].min() < a[bad[0]].min() and b[:, good[1]].min() < b[:, bad[1]].min()
        return "Stag Hunt" if risky else "Coordination game"
    if row_pref == 0 or col_pref == 0:
        return "Coordination with a conflict"
    row_best, col_best = (e, f) if row_pref > 0 else (f, e)
    h = (row_best[0], col_best[1])       # each plays its part of its preferred equilibrium
    y = (1 - h[0], 1 - h[1])             # each plays its part of the other's preferred equilibrium
    if a[y] > a[col_best] and b[y] > b[row_best]:
        return "Chicken"
    if a[h] < a[y] and b[h] < b[y]:
        return "Leader"
    return "Battle of the Sexes"


def _opposed(a: IntArray, b: IntArray) -> bool:
    """Strictly competitive: whenever one player prefers a cell to another, the other prefers the reverse."""
    ua, ub = a.ravel(), b.ravel()
    return bool(np.all(np.sign(ua[:, None] - ua[None, :]) == -np.sign(ub[:, None] - ub[None, :])))
