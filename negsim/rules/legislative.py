"""Baron–Ferejohn legislative bargaining under a closed rule: stationary equilibrium shares.

n players divide a unit surplus. Each round one of them is recognised (player i with
probability pᵢ) and proposes a division; it passes when at least q players (the proposer
included) vote for it; otherwise a new round starts and everything is discounted by δ.
In the stationary subgame-perfect equilibrium (Baron & Ferejohn 1989, "Bargaining in
Legislatures", *APSR* 83(4):1181–1206) a proposer buys the q − 1 cheapest votes, paying
each voter k its continuation value δvₖ, and keeps the rest; the first proposal passes.
With equal recognition the proposer keeps 1 − δ(q − 1)/n and each bought voter gets δ/n.

With unequal recognition probabilities the cheapest voters may tie, and proposers then
mix over whom to buy. Payoffs are unique (Eraslan 2002, "Uniqueness of stationary
equilibrium payoffs in the Baron–Ferejohn model", *JET* 103(1):11–30) and increase with
pᵢ, so the players split, in order of pᵢ, into those always bought (price below a level
t), those at the level t (bought with some probability) and those never bought. negsim
tries each such split, solves the linear equations of the values, keeps the split whose
prices and mixing probabilities are consistent (the mixing by a small linear program),
and checks the equilibrium conditions before returning it.

Example (n = 5, δ = 1, equal recognition: the proposer keeps 3/5 and buys two votes at 1/5):
    >>> r = baron_ferejohn(["a", "b", "c", "d", "e"], delta=1.0)
    >>> round(r.keeps["a"], 12), round(r.price["b"], 12), r.quota
    (0.6, 0.2, 3)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negsim.errors import NegsimError
from negsim.numeric import FloatArray

TOL = 1e-9


@dataclass
class BaronFerejohn:
    """Stationary equilibrium of the closed-rule game."""

    players: list[str]
    delta: float
    quota: int
    recognition: dict[str, float]
    value: dict[str, float]  # expected share before anyone is recognised
    keeps: dict[str, float]  # what a player keeps when it proposes
    price: dict[str, float]  # what a proposer pays for its vote (δ × value)
    inclusion: dict[str, dict[str, float]]  # proposer → voter → probability of being bought

    def to_dict(self) -> dict[str, Any]:
        return {"players": self.players, "delta": self.delta, "quota": self.quota, "recognition": self.recognition,
                "value": self.value, "proposer_keeps": self.keeps, "vote_price": self.price,
                "inclusion": self.inclusion}


def baron_ferejohn(players: Sequence[str], *, delta: float = 1.0, recognition: Sequence[float] | None = None,
                   quota: int | None = None) -> BaronFerejohn:
    """Stationary equilibrium shares (see the module docstring). ``quota`` defaults to a simple majority."""
    n = len(players)
    q = n // 2 + 1 if quota is None else quota
    p = np.full(n, 1 / n) if recognition is None else np.asarray(recognition, dtype=float)
    _check(n, q, delta, p)
    p = p / p.sum()
    order = np.argsort(p, kind="stable")
    cuts = [0, *[k for k in range(1, n) if p[order[k]] > p[order[k - 1]] + TOL], n]
    for a in cuts:
        for b in cuts:
            if a < b and a <= q - 1 < b:
                found = _try_split(p, delta, q, order[:a], order[a:b], order[b:])
                if found is not None:
                    return _result(players, delta, q, p, *found)
    raise NegsimError("no stationary equilibrium found with unique payoffs"
                      + (" (with delta = 1 and unequal recognition the payoffs need not be unique; "
                         "use a delta below 1)" if delta >= 1 else ""))


def _check(n: int, q: int, delta: float, p: FloatArray) -> None:
    if n < 2:
        raise NegsimError("legislative bargaining needs at least two players")
    if not 1 <= q <= n:
        raise NegsimError(f"the quota is from 1 to {n} votes, found {q}")
    if not 0 < delta <= 1:
        raise NegsimError(f"delta is in (0, 1], found {delta}")
    if p.shape != (n,) or (p < 0).any() or p.sum() <= 0 or not np.isfinite(p).all():
        raise NegsimError("recognition probabilities: one non-negative number per player, not all zero")


def _try_split(p: FloatArray, delta: float, q: int, low: np.ndarray, tie: np.ndarray,
               high: np.ndarray) -> tuple[FloatArray, FloatArray] | None:
    """Prices x = δv for the split (always bought, at the level t, never bought) and the mixing, or None."""
    x = _solve_prices(p, delta, q, low, tie, high)
    if x is None:
        return None
    t = x[tie[0]]
    if (x < -TOL).any() or (x[low] > t - TOL).any() or (x[high] < t + TOL).any():
        return None
    pi = _mixing(p, delta, q, x, low, tie)
    return (x, pi) if pi is not None else None


def _solve_prices(p: FloatArray, delta: float, q: int, low: np.ndarray, tie: np.ndarray,
                  high: np.ndarray) -> FloatArray | None:
    """The linear equations of the values, unknowns (x_low…, t, x_high…).

    low i:  xᵢ(1/δ − 1) = pᵢ(1 − X_low − (q − |low|) t)   (bought by every other proposer)
    high i: xᵢ/δ = pᵢ(1 − X_low − (q − 1 − |low|) t)      (never bought)
    budget: X_low + |tie| t + X_high = δ                   (the first proposal passes: values sum to 1)
    """
    a, h = len(low), len(high)
    size = a + 1 + h
    A, rhs = np.zeros((size, size)), np.zeros(size)
    for r, i in enumerate(low):
        A[r, :a] = p[i]
        A[r, r] += 1 / delta - 1
        A[r, a] = p[i] * (q - a)
        rhs[r] = p[i]
    for r, i in enumerate(high):
        row = a + r
        A[row, :a] = p[i]
        A[row, a] = p[i] * (q - 1 - a)
        A[row, a + 1 + r] = 1 / delta
        rhs[row] = p[i]
    A[size - 1, :a] = 1
    A[size - 1, a] = len(tie)
    A[size - 1, a + 1:] = 1
    rhs[size - 1] = delta
    if np.linalg.matrix_rank(A) < size:
        return None
    sol = np.linalg.solve(A, rhs)
    x = np.zeros(len(p))
    x[low], x[tie], x[high] = sol[:a], sol[a], sol[a + 1:]
    return x


def _mixing(p: FloatArray, delta: float, q: int, x: FloatArray, low: np.ndarray,
            tie: np.ndarray) -> FloatArray | None:
    """Inclusion probabilities π[j, k] (proposer j buys k) consistent with the tied players' values, or None."""
    from scipy.optimize import linprog

    n, a = len(p), len(low)
    t = x[tie[0]]
    pi = np.zeros((n, n))
    for j in range(n):
        pi[j, low] = 1.0
        pi[j, j] = 0.0
    slots = np.array([q - a if j in set(low.tolist()) else q - 1 - a for j in range(n)], dtype=float)
    s_tie = x[low].sum() + (q - 1 - a) * t  # what a tied proposer pays
    need = (t / delta - p[tie] * (1 - s_tie)) / t if t > TOL else np.zeros(len(tie))
    cells = [(j, k) for j in range(n) for k in tie if k != j]
    rows_slots = np.zeros((n, len(cells)))
    rows_need = np.zeros((len(tie), len(cells)))
    tie_pos = {int(k): r for r, k in enumerate(tie)}
    for c, (j, k) in enumerate(cells):
        rows_slots[j, c] = 1.0
        rows_need[tie_pos[int(k)], c] = p[j]
    res = linprog(np.zeros(len(cells)), A_eq=np.vstack([rows_slots, rows_need]), b_eq=np.concatenate([slots, need]),
                  bounds=[(0.0, 1.0)] * len(cells), method="highs")
    if not res.success:
        return None
    for c, (j, k) in enumerate(cells):
        pi[j, k] = float(np.clip(res.x[c], 0.0, 1.0))
    return pi


def _result(players: Sequence[str], delta: float, q: int, p: FloatArray, x: FloatArray,
            pi: FloatArray) -> BaronFerejohn:
    cost = pi @ x
    value = x / delta
    ids = list(players)
    return BaronFerejohn(
        ids, delta, q, dict(zip(ids, p.tolist(), strict=True)), dict(zip(ids, value.tolist(), strict=True)),
        dict(zip(ids, (1 - cost).tolist(), strict=True)), dict(zip(ids, x.tolist(), strict=True)),
        {ids[j]: {ids[k]: float(pi[j, k]) for k in range(len(ids)) if pi[j, k] > TOL} for j in range(len(ids))})


__all__ = ["BaronFerejohn", "baron_ferejohn"]
