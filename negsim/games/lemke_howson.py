"""Lemke–Howson: some Nash equilibria of a large two-player game, by complementary pivoting with a cap.

The complete enumeration (:mod:`negsim.games.vertices`) visits every candidate basis of the
best-response polytopes, C(m+n, m) of them — 4·10⁷ for a 14×14 game, 1.4·10¹¹ for 20×20.
Lemke–Howson follows one path of almost-complementary vertex pairs from the artificial
equilibrium (0, 0), dropping one label k, until the pair is completely labelled again: an
equilibrium. Every nondegenerate game has such a path for each of the m + n labels, each
ending at an equilibrium (not always a different one, and not necessarily all of them).

Here both polytopes are kept as tableaux ``B x + s = 1`` (P: x ≥ 0, Bᵀx ≤ 1) and
``A y + r = 1`` (Q), with payoffs first shifted to [1, 2] (equilibria unchanged); the
ratio test breaks ties lexicographically on the inverse basis, so degenerate games cannot
make a path cycle. A path is stopped after ``max_pivots`` pivots (some games have paths
exponentially long, Savani & von Stengel 2006). Each end point is checked by its regret
(no pure strategy does better by more than a tolerance) before it is reported.

Sources: Lemke & Howson (1964), "Equilibrium points of bimatrix games", J. SIAM 12(2):413–423;
von Stengel (2007), "Equilibrium computation for two-player games in strategic and extensive
form", *Algorithmic Game Theory* ch. 3 (labels, tableaux, lexicographic degeneracy
resolution); Savani & von Stengel (2006), "Hard-to-solve bimatrix games", Econometrica 74(2):397–429.

Example:
    >>> import numpy as np
    >>> found = lemke_howson([[3, 0], [0, 2]], [[2, 0], [0, 3]])   # battle of the sexes
    >>> [(x.tolist(), y.tolist()) for x, y in found.equilibria], found.paths
    ([([1.0, 0.0], [1.0, 0.0]), ([0.0, 1.0], [0.0, 1.0])], 4)

    (The mixed equilibrium of this game is not at the end of any path from (0, 0): Lemke–Howson
    finds some equilibria, never promises all.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from negsim import interrupts
from negsim.games.vertices import normalise
from negsim.progress import Progress, tell

if TYPE_CHECKING:
    from negsim.games.equilibria import EquilibriumSet
    from negsim.games.model import Game

FloatArray = npt.NDArray[np.float64]

MAX_PIVOTS = 10_000
"""Most pivots one path may take (a 20×20 game's paths take tens)."""

EPS = 1e-12
"""Entries of a tableau column at or below this count as zero in the ratio test."""

REGRET_TOL = 1e-9
"""Largest gain from deviating (on the normalised [1, 2] payoff scale) of a reported equilibrium."""


@dataclass(frozen=True)
class PathsResult:
    """The distinct equilibria found from every starting label, and how the paths ended."""

    equilibria: list[tuple[FloatArray, FloatArray]]
    paths: int
    capped: int  # paths stopped at the pivot cap
    rejected: int  # end points that failed the regret check (numerical trouble)
    pivots: int  # pivots made in all


class _Tableau:
    """``M z + slack = 1`` with a basis: rows hold the basic variables' equations."""

    def __init__(self, M: FloatArray, labels_z: list[int], labels_slack: list[int]) -> None:
        rows, cols = M.shape
        self.T = np.hstack([M, np.eye(rows), np.ones((rows, 1))])
        self.labels = labels_z + labels_slack  # label of each variable (column)
        self.basis = list(range(cols, cols + rows))  # slacks are basic at the start
        self.slack0 = cols

    def enter(self, var: int) -> int:
        """Pivot ``var`` into the basis; the variable that leaves."""
        col = self.T[:, var]
        rows = np.flatnonzero(col > EPS)
        if rows.size == 0:  # cannot happen on normalised payoffs (the polytope is bounded)
            raise ArithmeticError("unbounded ray in Lemke–Howson")
        r = self._lexmin_row(rows, col)
        leaving = self.basis[r]
        self.T[r] /= self.T[r, var]
        others = np.arange(len(self.T)) != r
        self.T[others] -= np.outer(self.T[others, var], self.T[r])
        self.basis[r] = var
        return leaving

    def _lexmin_row(self, rows: npt.NDArray[np.intp], col: FloatArray) -> int:
        """Minimum ratio rhs/col, ties broken by the ratios of the inverse-basis columns in turn."""
        candidates = rows
        for c in [self.T.shape[1] - 1, *range(self.slack0, self.T.shape[1] - 1)]:
            ratios = self.T[candidates, c] / col[candidates]
            best = ratios.min()
            candidates = candidates[ratios <= best + 1e-12 * max(1.0, abs(best))]
            if candidates.size == 1:
                break
        return int(candidates[0])

    def values(self, count: int) -> FloatArray:
        """The first ``count`` variables' values (basic ones from the right-hand side, others 0)."""
        v = np.zeros(count)
        for r, var in enumerate(self.basis):
            if var < count:
                v[var] = self.T[r, -1]
        return v


def follow(A: FloatArray, B: FloatArray, missing: int, max_pivots: int = MAX_PIVOTS
           ) -> tuple[FloatArray, FloatArray, int] | None:
    """The end of the path that drops label ``missing`` (0..m−1: row strategies, m..m+n−1: columns).

    Returns ``(x, y, pivots)`` with x, y normalised mixed strategies, or None when the path
    was not finished within ``max_pivots`` pivots. ``A``, ``B`` must be normalised (entries ≥ 1).
    """
    m, n = A.shape
    P = _Tableau(B.T, list(range(m)), [m + j for j in range(n)])  # x_i has label i, s_j label m + j
    Q = _Tableau(A, [m + j for j in range(n)], list(range(m)))  # y_j has label m + j, r_i label i
    tableau, var = (P, missing) if missing < m else (Q, missing - m)
    for pivot in range(1, max_pivots + 1):
        leaving = tableau.enter(var)
        label = tableau.labels[leaving]
        if label == missing:
            x, y = P.values(m), Q.values(n)
            return x / x.sum(), y / y.sum(), pivot
        tableau = Q if tableau is P else P
        var = tableau.labels.index(label)  # the variable of the other polytope with the same label
    return None


def lemke_howson(A: Any, B: Any, *, max_pivots: int = MAX_PIVOTS, labels: list[int] | None = None,
                 progress: Progress | None = None) -> PathsResult:
    """Follow the path of every label (or of ``labels``); the distinct verified equilibria at their ends.

    ``progress("paths", done, total)`` is told after each path.
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    An, Bn = normalise(A), normalise(B)
    m, n = A.shape
    starts = list(range(m + n)) if labels is None else list(labels)
    found: list[tuple[FloatArray, FloatArray]] = []
    capped = rejected = pivots = 0
    for k, label in enumerate(starts):
        interrupts.check()
        end = follow(An, Bn, label, max_pivots)
        tell(progress, "paths", k + 1, len(starts))
        if end is None:
            capped += 1
            pivots += max_pivots
            continue
        x, y, steps = end
        pivots += steps
        x, y = _clean(x), _clean(y)
        if _regret(An, Bn, x, y) > REGRET_TOL:
            rejected += 1
            continue
        if not any(np.allclose(x, a, atol=1e-9) and np.allclose(y, b, atol=1e-9) for a, b in found):
            found.append((x, y))
    found.sort(key=lambda e: (tuple(-e[0]), tuple(-e[1])))
    return PathsResult(found, len(starts), capped, rejected, pivots)


def solve_lcp(game: Game, progress: Progress | None = None) -> EquilibriumSet:
    """Some equilibria of ``game`` (:func:`lemke_howson` from every label), as ``negsim games --method lcp``
    reports them: verified, with notes on how many paths ended where, never claimed complete."""
    from negsim.games.equilibria import Equilibrium, EquilibriumSet

    found = lemke_howson(game.A, game.B, progress=progress)
    eqs = [Equilibrium(players=game.players, strategy_names=game.strategies, row=tuple(map(float, x)),
                       column=tuple(map(float, y)), payoffs=(float(x @ game.A @ y), float(x @ game.B @ y)))
           for x, y in found.equilibria]
    m, n = game.shape
    notes = [f"Lemke–Howson from each of the {found.paths} starting strategies found {len(eqs)} distinct "
             f"equilibri{'um' if len(eqs) == 1 else 'a'} ({found.pivots:,} pivots); it finds some equilibria, "
             f"not necessarily all (the complete enumeration stops at about 13×13; this game is {m}×{n})"]
    if found.capped:
        notes.append(f"{found.capped} path(s) stopped at {MAX_PIVOTS:,} pivots")
    if found.rejected:
        notes.append(f"{found.rejected} path end(s) failed the regret check (rounding) and were dropped")
    return EquilibriumSet(game=game, method="lcp", equilibria=tuple(eqs), complete=False, exact=False,
                          notes=tuple(notes))


def _clean(p: FloatArray) -> FloatArray:
    q = np.where(p > 1e-12, p, 0.0)
    return q / q.sum()


def _regret(A: FloatArray, B: FloatArray, x: FloatArray, y: FloatArray) -> float:
    return float(max((A @ y).max() - x @ A @ y, (x @ B).max() - x @ B @ y))


__all__ = ["MAX_PIVOTS", "PathsResult", "follow", "lemke_howson", "solve_lcp"]
