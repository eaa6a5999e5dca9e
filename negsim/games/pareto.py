"""Pareto-efficient cells of a game: pure profiles no other profile improves for one without hurting the other.

Source: Osborne (2004), *An Introduction to Game Theory*, §2.9.5 (Pareto efficiency of outcomes).

Example:
    >>> from negsim.games.model import Game
    >>> pd = Game.from_arrays([[3, 1], [4, 2]], [[3, 4], [1, 2]])
    >>> pareto_cells(pd)
    [(0, 0), (0, 1), (1, 0)]
"""

from __future__ import annotations

import numpy as np

from negsim.games.model import Game


def pareto_cells(game: Game) -> list[tuple[int, int]]:
    """(row, column) indices of the Pareto-efficient pure profiles, row-major order."""
    u = np.stack([game.A.ravel(), game.B.ravel()], axis=1)
    ge = np.all(u[None, :, :] >= u[:, None, :], axis=2)     # ge[a, b]: b at least as good as a for both
    gt = np.any(u[None, :, :] > u[:, None, :], axis=2)
    dominated = np.any(ge & gt, axis=1)
    n = game.shape[1]
    return [(int(k // n), int(k % n)) for k in np.flatnonzero(~dominated)]
