"""The equilibria of a scenario's games in every sample of a Monte Carlo run, at once.

Per game, the payoffs of K samples are (K, rows, columns) arrays: the scenario's payoffs
with the varied cells set from the sample rows. 2×2 games go to the batched closed-form
solver :func:`negsim.games.batch2x2.solve_2x2` (pure and mixed extreme equilibria, ties
included); larger games list their pure equilibria, the cells where each payoff is a best
response to the other's strategy (Nash 1951).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negsim.games.batch2x2 import solve_2x2
from negsim.games.model import game_from_spec
from negsim.numeric import BoolArray, FloatArray
from negsim.scenario.models import Scenario
from negsim.scenario.paths import FieldRef


def game_structures(scenario: Scenario, refs: Sequence[FieldRef], x: FloatArray) -> dict[str, list[str]]:
    """Each game's equilibrium structure per sample, as text (``"negotiate/stonewall; escalate/engage; mixed"``).

    2×2 games use the batched solver :func:`negsim.games.batch2x2.solve_2x2` (pure and
    mixed extreme equilibria, ties included); larger games list their pure equilibria,
    the cells where each payoff is a best response to the other's strategy (Nash 1951).

    >>> import negsim
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> game_structures(s, [], np.zeros((1, 0)))["crisis"]
    ['negotiate/stonewall; escalate/engage; mixed']
    """
    out = {}
    for game in scenario.games:
        rows, cols = game.strategies[game.players[0]], game.strategies[game.players[1]]
        g = game_from_spec(game)
        a, b = np.broadcast_to(g.A, (len(x), *g.A.shape)).copy(), np.broadcast_to(g.B, (len(x), *g.B.shape)).copy()
        for j, ref in enumerate(refs):
            if ref.kind == "payoffs" and ref.game == game.id:
                _set_cell(a, b, ref.cell, rows, cols, x[:, j])
        flat, mixed = _equilibria(a, b)
        names = [f"{r}/{c}" for r in rows for c in cols]
        uniq, inverse = np.unique(np.concatenate([flat, mixed[:, None]], axis=1), axis=0, return_inverse=True)
        labels = ["; ".join([n for n, on in zip(names, row[:-1], strict=True) if on] + (["mixed"] if row[-1] else []))
                  or "none" for row in uniq]
        out[game.id] = [labels[i] for i in np.asarray(inverse).ravel()]
    return out


def _equilibria(a: FloatArray, b: FloatArray) -> tuple[BoolArray, BoolArray]:
    """(k, cells) pure equilibria and (k,) whether a mixed extreme equilibrium exists."""
    k = len(a)
    if a.shape[1:] == (2, 2):
        eq = solve_2x2(a, b).is_equilibrium
        return eq[:, :2, :2].reshape(k, -1), np.asarray(eq[:, 2, :].any(axis=1) | eq[:, :, 2].any(axis=1))
    pure = (a >= a.max(axis=1, keepdims=True) - 1e-12) & (b >= b.max(axis=2, keepdims=True) - 1e-12)
    return pure.reshape(k, -1), np.zeros(k, dtype=bool)


def _set_cell(a: FloatArray, b: FloatArray, cell: tuple[object, ...], rows: list[str], cols: list[str],
              v: FloatArray) -> None:
    first, second, k = cell
    if first in ("row", "column") and isinstance(second, int):
        (a if first == "row" else b)[:, second, int(k)] = v  # type: ignore[call-overload]
    else:
        (a if k == 0 else b)[:, rows.index(str(first)), cols.index(str(second))] = v


__all__ = ["game_structures"]
