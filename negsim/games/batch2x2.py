"""All extreme equilibria of many 2×2 games at once (vectorised; degenerate games included).

In a 2×2 game the row player's best-response polytope has at most three nonzero
vertices: the two pure strategies (always vertices) and the mix that makes the column
player indifferent — a vertex exactly when the column player's payoff difference changes
sign strictly between the two rows. The same holds for the column player. The extreme
equilibria are the candidate pairs (3 × 3 per game) that are Nash equilibria, so one
vectorised regret test over all candidates of all games finds every extreme equilibrium,
ties included (e.g. a game where a player is indifferent everywhere has only pure
extreme points).

Source: von Stengel (2007), *Algorithmic Game Theory* ch. 3 (best-response polytopes);
Osborne (2004), *An Introduction to Game Theory*, §4.3 (mixed equilibria of 2×2 games).

Example:
    >>> import numpy as np
    >>> A = np.array([[[3, 1], [4, 2]], [[2, 0], [0, 1]]])      # Prisoner's Dilemma, Battle of the Sexes
    >>> B = np.array([[[3, 4], [1, 2]], [[1, 0], [0, 2]]])
    >>> r = solve_2x2(A, B)
    >>> r.count.tolist()
    [1, 3]
    >>> [(x.round(4).tolist(), y.round(4).tolist()) for x, y in r.equilibria(1)][2]
    ([0.6667, 0.3333], [0.3333, 0.6667])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from negsim.errors import NegsimError

FloatArray = npt.NDArray[np.float64]

TOL = 1e-9
"""Relative tolerance (to each game's payoff range) for ties and zero regret."""


@dataclass(frozen=True)
class Batch2x2:
    """Candidate strategies per game and which candidate pairs are (extreme) equilibria.

    ``x[g, a]`` / ``y[g, b]`` (a, b ∈ {0, 1, 2}): first pure strategy, second pure strategy, the
    indifference mix (NaN when it is not a vertex). ``is_equilibrium[g, a, b]`` marks the extreme
    equilibria; ``row_payoff``/``column_payoff`` hold the expected payoffs of every pair.
    """

    x: FloatArray
    y: FloatArray
    is_equilibrium: npt.NDArray[np.bool_]
    row_payoff: FloatArray
    column_payoff: FloatArray

    @property
    def count(self) -> npt.NDArray[np.int64]:
        """Number of extreme equilibria of each game."""
        return self.is_equilibrium.sum(axis=(1, 2)).astype(np.int64)

    @property
    def pure_count(self) -> npt.NDArray[np.int64]:
        """Number of pure equilibria of each game."""
        return self.is_equilibrium[:, :2, :2].sum(axis=(1, 2)).astype(np.int64)

    @property
    def degenerate(self) -> npt.NDArray[np.bool_]:
        """Games whose number of extreme equilibria is even (a sign of ties)."""
        return (self.count % 2) == 0

    def equilibria(self, g: int) -> list[tuple[FloatArray, FloatArray]]:
        """The extreme equilibria ``(x, y)`` of game ``g``."""
        a, b = np.nonzero(self.is_equilibrium[g])
        return [(self.x[g, i], self.y[g, j]) for i, j in zip(a, b, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        """Summary counts (the arrays stay in the object)."""
        return {"games": len(self.x), "equilibria": int(self.count.sum()),
                "pure": int(self.pure_count.sum()), "with_mixed": int((self.count > self.pure_count).sum()),
                "even_count": int(self.degenerate.sum())}


def solve_2x2(A: Any, B: Any, tol: float = TOL) -> Batch2x2:
    """Extreme equilibria of the games ``(A[g], B[g])``; ``A`` and ``B`` have shape (N, 2, 2).

    >>> solve_2x2([[[0, 0], [0, 0]]], [[[0, 0], [0, 0]]]).count.tolist()   # all ties: four pure points
    [4]
    """
    A, B = _check(A), _check(B)
    scale = np.maximum(np.ptp(A.reshape(len(A), -1), axis=1), np.ptp(B.reshape(len(B), -1), axis=1))
    scale = np.where(scale > 0, scale, 1.0)
    x = _candidates(B[:, :, 0] - B[:, :, 1], tol * scale)       # column indifferent between its columns
    y = _candidates(A[:, 0, :] - A[:, 1, :], tol * scale)       # row indifferent between its rows
    xs, ys = np.nan_to_num(x), np.nan_to_num(y)
    Ay = np.einsum("gij,gbj->gbi", A, ys)                        # row payoffs of each row vs candidate y_b
    xB = np.einsum("gai,gij->gaj", xs, B)                        # column payoffs vs candidate x_a
    row_pay = np.einsum("gai,gbi->gab", xs, Ay)
    col_pay = np.einsum("gaj,gbj->gab", xB, ys)
    row_ok = Ay.max(axis=2)[:, None, :] - row_pay <= tol * scale[:, None, None]
    col_ok = xB.max(axis=2)[:, :, None] - col_pay <= tol * scale[:, None, None]
    present = ~np.isnan(x[:, :, 0])[:, :, None] & ~np.isnan(y[:, :, 0])[:, None, :]
    return Batch2x2(x=x, y=y, is_equilibrium=row_ok & col_ok & present, row_payoff=row_pay, column_payoff=col_pay)


def _candidates(diff: FloatArray, tol: FloatArray) -> FloatArray:
    """Pure strategies and, when the opponent's payoff difference changes sign strictly, the indifference mix."""
    n = len(diff)
    out = np.full((n, 3, 2), np.nan)
    out[:, 0] = (1.0, 0.0)
    out[:, 1] = (0.0, 1.0)
    d0, d1 = diff[:, 0], diff[:, 1]
    mixed = ((d0 > tol) & (d1 < -tol)) | ((d0 < -tol) & (d1 > tol))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = d1 / (d1 - d0)
    out[mixed, 2, 0] = p[mixed]
    out[mixed, 2, 1] = 1.0 - p[mixed]
    return out


def _check(M: Any) -> FloatArray:
    a = np.asarray(M, dtype=float)
    if a.ndim != 3 or a.shape[1:] != (2, 2):
        raise NegsimError(f"expected payoffs of shape (games, 2, 2), got {a.shape}")
    if not np.isfinite(a).all():
        raise NegsimError("payoffs must be finite numbers")
    return a
