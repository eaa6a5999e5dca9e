"""Exact Shapley–Shubik and Banzhaf power indices by generating functions (dynamic programming).

A player is *pivotal* (makes a *swing*) in a coalition S that does not contain it when S
loses and S with the player wins.

- **Banzhaf** (Banzhaf 1965, *Rutgers Law Review* 19:317–343; Penrose 1946): the absolute
  index is the player's number of swings divided by 2^(n−1); the normalised index divides
  by the total number of swings of all players instead.
- **Shapley–Shubik** (Shapley & Shubik 1954, *APSR* 48(3):787–792): the share of the n!
  orders of the players in which the player is the one who turns the coalition of those
  before it into a winning one: Σ over swings S of |S|!(n−|S|−1)!/n!.

Nothing enumerates orders or coalitions. The number of coalitions of each size and total
weight is a polynomial, the product over players of (1 + y·x^w) (Brams & Affuso 1976;
Felsenthal & Machover 1998, §8.3); the counts without one player come from dividing
that product by the player's factor (a recurrence over sizes, exact in integers). A
coalition's state is (size, weight under each non-headcount criterion); weights at or
above the quota are pooled into one bin ("enough"), whose count follows from the total
C(m, s). So the work is about n × (n + 1) × quota per player.

What is exact, and how:

- **Vetoes**: the counts are taken over the non-veto players; a veto player is pivotal in
  exactly the coalitions that contain every other veto player and win once it joins, a
  non-veto player only in coalitions that contain every veto player.
- **Double majorities**: a criterion where everybody weighs the same (member states) is
  the size axis itself; one weighted criterion (population) is the weight axis; with two
  weighted criteria the grid has both weight axes, unpooled. The EU Council's "fewer than
  four against always pass" is a condition on the size axis.
- Everything is exact integer arithmetic; the indices are given as fractions too.
  When the grid would exceed :data:`MAX_CELLS` counts, :func:`power_indices` falls back to
  the seeded Monte Carlo estimate of :mod:`negsim.rules.montecarlo`, and says so.

Example (the EEC Council of 1958, Felsenthal & Machover 1998, §2.3):
    >>> from negsim.rules.model import weighted
    >>> eec = weighted(["fr", "de", "it", "be", "nl", "lu"], [4, 4, 4, 2, 2, 1], quota=12)
    >>> p = exact_power(eec)
    >>> [str(x) for x in p.shapley_shubik_exact]
    ['7/30', '7/30', '7/30', '3/20', '3/20', '0']
    >>> p.swings
    [10, 10, 10, 6, 6, 0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from negsim.errors import NegsimError
from negsim.numeric import BoolArray, FloatArray, IntArray
from negsim.progress import Progress
from negsim.rules.model import VotingRule

MAX_CELLS = 16_000_000
"""Largest count grid (sizes × pooled weights) the exact method builds (128 MB of counts)."""


class PowerTooLarge(NegsimError):
    """The exact count grid would be larger than :data:`MAX_CELLS`."""


@dataclass
class PowerIndices:
    """Shapley–Shubik and Banzhaf indices of every player, exact or estimated."""

    players: list[str]
    shapley_shubik: FloatArray
    banzhaf: FloatArray
    banzhaf_normalised: FloatArray
    method: str
    swings: list[int] | None = None
    shapley_shubik_exact: list[Fraction] | None = None
    samples: int = 0
    seed: int | None = None
    se: dict[str, FloatArray] = field(default_factory=dict)
    note: str = ""

    @property
    def exact(self) -> bool:
        return self.method == "exact"

    @property
    def dummies(self) -> list[str]:
        """Players never pivotal (known for sure only from the exact method)."""
        return [p for p, s in zip(self.players, self.swings or [], strict=False) if s == 0]

    def to_dict(self) -> dict[str, Any]:
        def named(values: FloatArray) -> dict[str, float]:
            return {p: float(v) for p, v in zip(self.players, values, strict=True)}

        out: dict[str, Any] = {"players": self.players, "shapley_shubik": named(self.shapley_shubik),
                               "banzhaf": named(self.banzhaf), "banzhaf_normalised": named(self.banzhaf_normalised),
                               "method": self.method}
        if self.exact:
            n = len(self.players)
            out["exact"] = {"shapley_shubik": {p: str(f) for p, f in zip(self.players, self.shapley_shubik_exact or [],
                                                                            strict=True)},
                            "banzhaf": {p: str(Fraction(s, 2 ** (n - 1))) for p, s in zip(self.players,
                                                                                          self.swings or [],
                                                                                          strict=True)},
                            "swings": dict(zip(self.players, self.swings or [], strict=True))}
            out["dummies"] = self.dummies
        else:
            out["samples"] = self.samples
            out["seed"] = self.seed
            out["standard_error"] = {k: named(v) for k, v in self.se.items()}
        if self.note:
            out["note"] = self.note
        return out


def power_indices(rule: VotingRule, *, method: str = "auto", samples: int = 200_000, seed: int = 0,
                  progress: Progress | None = None) -> PowerIndices:
    """The indices of ``rule``: ``"exact"``, ``"monte_carlo"``, or ``"auto"`` (exact when it fits)."""
    from negsim.rules.montecarlo import monte_carlo_power

    if method not in ("auto", "exact", "monte_carlo"):
        raise NegsimError(f"unknown method `{method}`; choose auto, exact or monte_carlo")
    if method == "monte_carlo":
        return monte_carlo_power(rule, samples=samples, seed=seed, progress=progress)
    try:
        return exact_power(rule)
    except PowerTooLarge as exc:
        if method == "exact":
            raise
        est = monte_carlo_power(rule, samples=samples, seed=seed, progress=progress)
        est.note = f"{exc}; estimated by Monte Carlo instead"
        return est


def exact_power(rule: VotingRule) -> PowerIndices:
    """Exact indices by the generating-function counts described in the module docstring."""
    grid = _Grid.plan(rule)
    counts = grid.subset_counts()
    win = grid.winning()
    seen: dict[tuple[object, ...], dict[int, int]] = {}
    swings_by_size = []
    for i in range(rule.n):  # players with the same weights and veto status have the same swings
        key = (i in grid.vetoes, *(c.weights[i] for c in rule.criteria))
        if key not in seen:
            seen[key] = grid.swings(i, counts, win)
        swings_by_size.append(seen[key])
    return _indices(rule, swings_by_size)


def _indices(rule: VotingRule, swings_by_size: Sequence[dict[int, int]]) -> PowerIndices:
    n = rule.n
    fact = [math.factorial(k) for k in range(n + 1)]
    ss = [Fraction(sum(c * fact[s] * fact[n - s - 1] for s, c in by.items()), fact[n]) for by in swings_by_size]
    swings = [sum(by.values()) for by in swings_by_size]
    total = sum(swings)
    banzhaf = np.array([s / 2 ** (n - 1) for s in swings])
    norm = np.array([s / total for s in swings]) if total else np.zeros(n)
    return PowerIndices(list(rule.players), np.array([float(f) for f in ss]), banzhaf, norm, "exact",
                        swings=swings, shapley_shubik_exact=ss)


@dataclass
class _Grid:
    """The count grid of coalitions of the non-veto players: axis 0 = size, then one axis per weighted criterion."""

    rule: VotingRule
    others: list[int]  # non-veto players
    vetoes: list[int]
    weights: list[IntArray]  # per weighted criterion: the (gcd-reduced) weights of all players
    thresholds: list[int]  # per weighted criterion: the weight the non-veto members need
    pooled: list[int]  # per weighted criterion: index of the "enough" bin (= threshold, clipped)
    headcounts: list[int]  # quotas of the criteria that only count members

    @classmethod
    def plan(cls, rule: VotingRule) -> _Grid:
        vetoes = [rule.index(v) for v in rule.veto]
        others = [k for k in range(rule.n) if k not in vetoes]
        weights, thresholds, pooled, headcounts = [], [], [], []
        for crit in rule.criteria:
            w = np.array(crit.weights, dtype=np.int64)
            g = math.gcd(*crit.weights) or 1
            w, quota = w // g, -(-crit.quota // g)
            if (w == 1).all():
                headcounts.append(quota)
                continue
            need = quota - int(w[vetoes].sum())
            total = int(w[others].sum())
            weights.append(w)
            thresholds.append(need)
            pooled.append(min(max(need, 0), total + 1))
        if len(weights) > 1:  # two weighted axes: no pooling (the "enough" count needs one axis)
            pooled = [int(w[others].sum()) + 1 for w in weights]
        cells = (len(others) + 1) * math.prod(p + 1 for p in pooled)
        if cells > MAX_CELLS:
            raise PowerTooLarge(f"the exact count grid would have {cells:,} cells (limit {MAX_CELLS:,})")
        return cls(rule, others, vetoes, weights, thresholds, pooled, headcounts)

    @property
    def m(self) -> int:
        return len(self.others)

    def _region(self, shift: Sequence[int] = ()) -> tuple[slice, ...]:
        """The unpooled part of the weight axes, optionally shifted up by ``shift``."""
        shift = list(shift) or [0] * len(self.pooled)
        return tuple(slice(d, p) for d, p in zip(shift, self.pooled, strict=True))

    def _source(self, shift: Sequence[int]) -> tuple[slice, ...]:
        return tuple(slice(0, max(p - d, 0)) for d, p in zip(shift, self.pooled, strict=True))

    def subset_counts(self) -> IntArray:
        """counts[s, k...] = number of coalitions of non-veto players with s members and weight k (pooled last bin)."""
        dtype = np.int32 if self.m <= 30 else np.int64  # every count is at most C(m, m/2)
        counts = np.zeros((self.m + 1, *[p + 1 for p in self.pooled]), dtype=dtype)
        counts[(0, *[0] * len(self.pooled))] = 1 if all(p > 0 for p in self.pooled) else 0
        for j, k in enumerate(self.others):  # multiply by (1 + y x^w): sizes downwards, so each row is used once
            w = [int(x[k]) for x in self.weights]
            if any(d >= p for d, p in zip(w, self.pooled, strict=True)):
                continue  # lands in the pooled bin only: filled from the totals below
            for s in range(j + 1, 0, -1):
                counts[_at(s, self._region(w))] += counts[_at(s - 1, self._source(w))]
        self._pool(counts, self.m)
        return counts

    def _pool(self, counts: IntArray, m: int) -> None:
        """Fill the "enough" bin from the binomial totals (one weighted axis; else it stays empty)."""
        if len(self.pooled) != 1:
            return
        p = self.pooled[0]
        totals = np.array([math.comb(m, s) for s in range(counts.shape[0])], dtype=counts.dtype)
        counts[:, p] = totals - counts[:, :p].sum(axis=1)

    def without(self, k: int, counts: IntArray) -> IntArray:
        """The counts over the non-veto players other than ``k``: divide by (1 + y·x^w_k), size by size."""
        w = [int(x[k]) for x in self.weights]
        out = np.empty_like(counts) if len(self.pooled) == 1 else np.zeros_like(counts)
        fits = all(d < p for d, p in zip(w, self.pooled, strict=True))
        region, shifted, source = self._region(), self._region(w), self._source(w)
        below = tuple(slice(0, min(d, p)) for d, p in zip(w, self.pooled, strict=True))
        out[_at(0, region)] = counts[_at(0, region)]
        for s in range(1, self.m):
            if fits and len(w) == 1:  # one pass: the low part as it is, the rest minus the shifted row
                out[_at(s, below)] = counts[_at(s, below)]
                np.subtract(counts[_at(s, shifted)], out[_at(s - 1, source)], out=out[_at(s, shifted)])
                continue
            out[_at(s, region)] = counts[_at(s, region)]
            if fits:
                out[_at(s, shifted)] -= out[_at(s - 1, source)]
        out[self.m] = 0
        self._pool(out, self.m - 1)
        return out

    def winning(self) -> BoolArray:
        """win[s, k...]: does (every veto player) + (s non-veto players of pooled weight k) win?"""
        shape = (self.m + 1, *[p + 1 for p in self.pooled])
        size = len(self.vetoes) + np.arange(self.m + 1).reshape((-1,) + (1,) * len(self.pooled))
        meets = np.ones(shape, dtype=bool)
        for quota in self.headcounts:
            meets &= np.broadcast_to(size >= quota, shape)
        for j, need in enumerate(self.thresholds):
            shape_j = [1] * (1 + len(self.pooled))
            shape_j[1 + j] = -1
            axis = np.arange(self.pooled[j] + 1).reshape(shape_j)
            meets &= np.broadcast_to(axis >= need, shape)
        if self.rule.min_blocking is not None:
            meets |= np.broadcast_to(self.rule.n - size < self.rule.min_blocking, shape)
        return meets

    def swings(self, k: int, counts: IntArray, win: BoolArray) -> dict[int, int]:
        """Player ``k``'s swings, by the size of the coalition it joins."""
        if len(self.pooled) == 1:
            return self._threshold_swings(k, counts, win)
        axes = tuple(range(1, win.ndim))
        if k in self.vetoes:  # pivotal in every winning coalition that holds the other veto players
            per_size = np.where(win, counts, 0).sum(axis=axes) if axes else np.where(win, counts, 0)
            return _by_size(per_size, len(self.vetoes) - 1)
        c = self.without(k, counts)
        joined = win[1:]
        for j, x in enumerate(self.weights):
            idx = np.minimum(np.arange(self.pooled[j] + 1) + int(x[k]), self.pooled[j])
            joined = np.take(joined, idx, axis=1 + j)
        swing = joined & ~win[: self.m]
        hits = np.where(swing, c[: self.m], 0)
        per_size = hits.sum(axis=axes) if axes else hits
        return _by_size(per_size, len(self.vetoes))

    def _threshold_swings(self, k: int, counts: IntArray, win: BoolArray) -> dict[int, int]:
        """One weighted axis: each size wins from a threshold weight on, so swings are one slice per size."""
        p = self.pooled[0]
        first = np.where(win.any(axis=1), np.argmax(win, axis=1), p + 1).tolist()
        if k in self.vetoes:
            return _by_size(np.array([counts[s, first[s]:].sum() for s in range(self.m + 1)]), len(self.vetoes) - 1)
        c = self.without(k, counts)
        w = int(self.weights[0][k])
        per_size = np.zeros(self.m, dtype=np.int64)
        for s in range(self.m):
            if first[s + 1] > p:
                continue  # joining cannot win at this size
            lo = max(first[s + 1] - w, 0) if first[s + 1] < p else max(p - w, 0)
            per_size[s] = c[s, lo:first[s]].sum()
        return _by_size(per_size, len(self.vetoes))


def _at(size: int | slice, region: tuple[slice, ...]) -> tuple[Any, ...]:
    """An index into the count grid: one size (or a range of sizes), then the weight axes."""
    return (size, *region)


def _by_size(per_size: IntArray, offset: int) -> dict[int, int]:
    return {offset + s: int(c) for s, c in enumerate(per_size.tolist()) if c}


__all__ = ["MAX_CELLS", "PowerIndices", "PowerTooLarge", "exact_power", "power_indices"]
