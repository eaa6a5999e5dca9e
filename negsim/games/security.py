"""Maximin (security) strategies and security levels of each player.

A player's security level is the most it can guarantee whatever the opponent does:
``max over own mixes x of min over opponent strategies j of (x·M)_j`` — a linear program.
The pure security level restricts ``x`` to pure strategies.

Source: von Neumann (1928), "Zur Theorie der Gesellschaftsspiele", Math. Annalen 100;
Osborne (2004), *An Introduction to Game Theory*, §4.11 (maxminimizing mixed strategies).

Example:
    >>> from negsim.games.model import Game
    >>> mp = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], players=("a", "b"))
    >>> s = security(mp)["a"]
    >>> s.level, s.mix, s.pure_level
    (0.0, (0.5, 0.5), -1.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from negsim.errors import NegsimError
from negsim.games.model import Game


@dataclass(frozen=True)
class Security:
    """A player's maximin mix and level, and its best pure guarantee."""

    player: str
    mix: tuple[float, ...]
    level: float
    pure_strategy: str
    pure_level: float

    def to_dict(self) -> dict[str, Any]:
        return {"player": self.player, "mix": list(self.mix), "level": self.level,
                "pure_strategy": self.pure_strategy, "pure_level": self.pure_level}


def security(game: Game) -> dict[str, Security]:
    """Both players' security strategies and levels (mixed via LP, and pure)."""
    out = {}
    for k, M in enumerate((game.A, game.B.T)):
        mix, level = maximin_mix(M)
        worst = M.min(axis=1)
        best = int(np.argmax(worst))
        out[game.players[k]] = Security(player=game.players[k], mix=tuple(round(float(v), 12) + 0.0 for v in mix),
                                        level=round(level, 12) + 0.0, pure_strategy=game.strategies[k][best],
                                        pure_level=float(worst[best]))
    return out


def maximin_mix(M: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], float]:
    """The row mix maximising the worst-case payoff in ``M`` (rows: own strategies), and that payoff.

    Two rows: the worst case is the lower envelope of one line per column over p ∈ [0, 1], so the
    best p is an endpoint or a crossing of two lines (exact, no solver; on ties the most weight on the
    first strategy).
    More rows: the linear programme of von Neumann's maximin (scipy's HiGHS).

    >>> mix, v = maximin_mix(np.array([[2.0, 0.0], [0.0, 1.0]]))
    >>> mix.round(4).tolist(), round(v, 4)
    ([0.3333, 0.6667], 0.6667)
    """
    if M.shape[0] == 1:
        return np.ones(1), float(M.min())
    if M.shape[0] == 2:
        return _maximin_two_rows(M)
    return _maximin_lp(M)


def _maximin_two_rows(M: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], float]:
    """Maximise min_j (p·M[0, j] + (1 − p)·M[1, j]) over p ∈ [0, 1]: endpoints and pairwise crossings."""
    slope, base = M[0] - M[1], M[1]  # column j's line: base_j + p · slope_j
    ds = slope[:, None] - slope[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        cross = (base[None, :] - base[:, None]) / ds
    ps = np.unique(np.r_[0.0, 1.0, cross[np.isfinite(cross) & (cross > 0) & (cross < 1)]])
    values = (base[None, :] + ps[:, None] * slope[None, :]).min(axis=1)
    k = int(np.flatnonzero(values >= values.max() - 1e-12 * max(1.0, abs(values.max())))[-1])
    p = float(ps[k])
    return np.array([p, 1.0 - p]), float(values[k])


def _maximin_lp(M: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], float]:
    from scipy.optimize import linprog  # imported only for games with three strategies or more

    m, n = M.shape
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-M.T, np.ones((n, 1))])
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0],
                  bounds=[(0, None)] * m + [(None, None)], method="highs")
    if res.status != 0 or res.x is None:  # always solvable in exact arithmetic; say so if HiGHS is not
        raise NegsimError(f"the security level could not be computed (linear programme: {res.message})")
    mix = np.clip(res.x[:-1], 0.0, None)
    return mix / mix.sum(), float(-res.fun)
