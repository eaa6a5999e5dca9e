"""Pareto frontier of a finite set of utility vectors (strict dominance).

A point is on the frontier when no other point is at least as good for every party
and strictly better for one. Points with identical utility vectors are all kept (and
grouped by :func:`group_identical`). Utilities are compared on a grid of
:data:`negsim.numeric.TOL`, so sums of floats that differ in the last bits count as equal.

One contract, several algorithms chosen by shape (every one keeps identical points and
compares on the same grid, so they return the same set):

* :func:`pareto_indices` — two parties: sort and sweep, O(N log N); more parties: a
  vectorised skyline (take the point with the largest sum, drop what it dominates, repeat);
* :func:`non_dominated` — three parties or more and many points: a vectorised
  divide-and-conquer sweep, O(N log^(P−1) N) (used by the merge engine);
* :func:`frontier_2d` — millions of two-party points: a bucket prefilter in linear time,
  then the exact sweep (used by the negotiators' view of a domain).

Sources: Kung, Luccio & Preparata (1975), "On finding the maxima of a set of vectors",
JACM 22(4):469–476 (the sweep and divide and conquer); Börzsönyi, Kossmann & Stocker (2001),
"The skyline operator", ICDE (the skyline); Bentley, Clarkson & Levine (1993), "Fast linear
expected-time algorithms for computing maxima and convex hulls", Algorithmica 9:168–183
(bucketing).

Example:
    >>> import numpy as np
    >>> pts = np.array([[1, 0], [0, 1], [0.5, 0.5], [0.4, 0.4], [0.5, 0.5]])
    >>> pareto_indices(pts).tolist()
    [0, 2, 4, 1]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negsim.numeric import TOL, BoolArray, FloatArray, IntArray, quantize


def pareto_indices(points: NDArray[np.float64]) -> IntArray:
    """Indices of the non-dominated rows of ``points`` (N, P), best first party first."""
    points = np.asarray(points, dtype=float)
    if len(points) == 0:
        return np.zeros(0, dtype=np.int64)
    survivors = _prefilter(points)
    q = quantize(points[survivors])
    if q.shape[1] == 1:
        found = np.flatnonzero(q[:, 0] == q[:, 0].max()).astype(np.int64)
    elif q.shape[1] == 2:
        found = _sweep_2d(q)
    else:
        found = _skyline(q)
    return survivors[found]


def _prefilter(points: NDArray[np.float64]) -> IntArray:
    """Drop points surely dominated by a few frontier points (maximisers of positive weighted sums).

    A point below a pivot by more than the comparison grid in every coordinate is dominated
    whatever the rounding, so the exact step that follows sees only the rest. Each pivot is
    applied to what the previous ones left, so only the first pass touches every point.
    """
    n, p = points.shape
    alive = np.arange(n, dtype=np.int64)
    if n < 4096:
        return alive
    directions = [np.ones(p)] + [np.ones(p) + 3.0 * np.eye(p)[k] for k in range(p)]
    for k, w in enumerate(directions):
        sub = points if k == 0 else points[alive]
        pivot = sub[int(np.argmax(sub @ w))] - 2 * TOL
        below = sub[:, 0] < pivot[0]
        for k in range(1, p):
            below &= sub[:, k] < pivot[k]
        alive = alive[~below]
    return alive


def _dominated_by(q: NDArray[np.int64], pivot: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Rows strictly dominated by ``pivot`` (column by column: faster than axis reductions)."""
    all_le = q[:, 0] <= pivot[0]
    any_lt = q[:, 0] < pivot[0]
    for k in range(1, q.shape[1]):
        all_le &= q[:, k] <= pivot[k]
        any_lt |= q[:, k] < pivot[k]
    return all_le & any_lt


def _sweep_2d(q: NDArray[np.int64]) -> IntArray:
    """Sort by party 1 then party 2 (both descending); keep points that raise party 2's best."""
    order = np.lexsort((-q[:, 1], -q[:, 0]))
    x, y = q[order, 0], q[order, 1]
    group_start = np.flatnonzero(np.r_[True, x[1:] != x[:-1]])
    group_of = np.cumsum(np.r_[True, x[1:] != x[:-1]]) - 1
    best_in_group = y[group_start][group_of]
    running = np.maximum.accumulate(y)
    before = np.full(len(group_start), np.iinfo(np.int64).min)
    before[1:] = running[group_start[1:] - 1]
    keep = (y == best_in_group) & (y > before[group_of])
    return order[keep].astype(np.int64)


def _skyline(q: NDArray[np.int64]) -> IntArray:
    """Pivot by largest sum; remove what the pivot dominates; repeat."""
    sums = q.sum(axis=1)
    alive = np.argsort(-sums, kind="stable")
    front: list[NDArray[np.int64]] = []
    while alive.size:
        pivot = q[alive[0]]
        rest = q[alive]
        dominated = _dominated_by(rest, pivot)
        same = ~dominated & np.all(rest <= pivot, axis=1)
        front.append(alive[same])
        alive = alive[~(same | dominated)]
    out = np.concatenate(front)
    return out.astype(np.int64)


def group_identical(points: NDArray[np.float64]) -> list[IntArray]:
    """Groups of row indices with identical (quantised) utility vectors, in first-seen order."""
    if len(points) == 0:
        return []
    q = quantize(points)
    _, first, inverse = np.unique(q, axis=0, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))  # groups numbered in first-seen order
    key = rank[np.asarray(inverse).reshape(-1)]
    rows = np.argsort(key, kind="stable").astype(np.int64)  # grouped; rows ascending within a group
    return np.split(rows, np.flatnonzero(np.diff(key[rows])) + 1)


def dominated_by_any(points: NDArray[np.float64], front: NDArray[np.float64]) -> NDArray[np.bool_]:
    """For each row of ``points``: is it strictly dominated by some row of ``front``?"""
    q, f = quantize(points), quantize(front)
    out = np.zeros(len(q), dtype=bool)
    for row in f:  # loops over the (small) frontier, vectorised over points
        out |= _dominated_by(q, row)
    return out


# --- many points, three parties or more: divide and conquer -------------------------------

def non_dominated(points: FloatArray) -> IntArray:
    """Sorted indices of the non-dominated rows (identical rows all kept), on the :data:`TOL` grid.

    Three parties or more: a vectorised divide-and-conquer sweep, O(N log^(P−1) N) — Kung,
    Luccio & Preparata (1975), JACM 22(4):469–476; two parties (or few rows):
    :func:`pareto_indices`.

    >>> import numpy as np
    >>> non_dominated(np.array([[1, 0, 0], [0, 1, 0], [0.5, 0.5, 0], [0.4, 0.4, 0], [1, 0, 0]])).tolist()
    [0, 1, 2, 4]
    """
    if points.shape[1] < 3 or len(points) < 64:
        return np.sort(pareto_indices(points))
    distinct, inverse = np.unique(quantize(points), axis=0, return_inverse=True)
    keep = ~_dominated(distinct)
    return np.flatnonzero(keep[np.asarray(inverse).reshape(-1)]).astype(np.int64)


def _dominated(q: IntArray) -> BoolArray:
    """Distinct integer rows (N, P ≥ 2) dominated by another row.

    In the order by the first column (then the others), descending, every dominator of a row
    comes before it; so a row is dominated exactly when an earlier row is at least as good in
    the other columns. Earlier/later pairs are split by halving the order (CDQ), each level a
    batch of "is there a dominator in my group" queries over the remaining columns.
    """
    n, p = q.shape
    order = np.lexsort(tuple(-q[:, j] for j in reversed(range(p))))
    values = np.stack([_ranks(q[order, j]) for j in range(1, p)], axis=1)
    pos = np.arange(n)
    dominated = np.zeros(n, dtype=bool)
    k = 0
    while (1 << k) < n:
        chunk, right = pos >> (k + 1), ((pos >> k) & 1) == 1
        left, r = np.flatnonzero(~right), np.flatnonzero(right)
        dominated[r[_has_dominator(chunk[left], values[left], chunk[r], values[r])]] = True
        k += 1
    out = np.zeros(n, dtype=bool)
    out[order] = dominated
    return out


def _has_dominator(lg: IntArray, lv: IntArray, rg: IntArray, rv: IntArray) -> BoolArray:
    """For each query (group ``rg``, values ``rv``): does a row of ``lv`` in the same group weakly dominate it?

    Groups and values are non-negative integers smaller than 2^31 (ranks and dense ids).
    """
    if len(lg) == 0 or len(rg) == 0:
        return np.zeros(len(rg), dtype=bool)
    if lv.shape[1] == 1:
        return _best_in_group(lg, lv[:, 0], rg) >= rv[:, 0]
    if lv.shape[1] == 2:
        return _staircase(lg, lv, rg, rv)
    return _split_first_column(lg, lv, rg, rv)


def _best_in_group(lg: IntArray, lv: IntArray, rg: IntArray) -> IntArray:
    """The largest ``lv`` in each query's group (−1 when the group has no row)."""
    size = int(max(lg.max(), rg.max())) + 1
    best = np.full(size, -1, dtype=np.int64)
    np.maximum.at(best, lg, lv)
    return best[rg]


def _staircase(lg: IntArray, lv: IntArray, rg: IntArray, rv: IntArray) -> BoolArray:
    """Two columns: per group, rows by first column descending, running maximum of the second."""
    span = int(max(lv.max(), rv.max())) + 2
    key = lg * span + (span - 1 - lv[:, 0])  # by group, then first column descending
    by_key = np.argsort(key, kind="stable")
    key = key[by_key]
    best = np.maximum.accumulate(lv[by_key, 1] + lg[by_key] * span)  # group offsets keep groups apart
    at = np.searchsorted(key, rg * span + (span - 1 - rv[:, 0]), "right") - 1
    hit = at >= 0
    hit[hit] = key[at[hit]] // span == rg[hit]
    hit[hit] = best[at[hit]] - rg[hit] * span >= rv[hit, 1]
    return hit


def _split_first_column(lg: IntArray, lv: IntArray, rg: IntArray, rv: IntArray) -> BoolArray:
    """Three columns or more: order each group by the first column (rows before queries on ties), halve."""
    group = np.concatenate([lg, rg])
    first = np.concatenate([lv[:, 0], rv[:, 0]])
    query = np.r_[np.zeros(len(lg), dtype=bool), np.ones(len(rg), dtype=bool)]
    order = np.lexsort((query, -first, group))
    group, query = group[order], query[order]
    rest = np.concatenate([lv[:, 1:], rv[:, 1:]])[order]
    start = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    pos = np.arange(len(group)) - np.repeat(start, np.diff(np.r_[start, len(group)]))
    found = np.zeros(len(group), dtype=bool)
    k = 0
    while (1 << k) < int(pos.max()) + 1:
        chunk, right = pos >> (k + 1), ((pos >> k) & 1) == 1
        left, r = np.flatnonzero(~right & ~query), np.flatnonzero(right & query)
        if len(left) and len(r):
            _, dense = np.unique(np.concatenate([group[left], group[r]]) * (int(chunk.max()) + 1)
                                 + np.concatenate([chunk[left], chunk[r]]), return_inverse=True)
            dense = np.asarray(dense, dtype=np.int64).reshape(-1)
            found[r] |= _has_dominator(dense[:len(left)], rest[left], dense[len(left):], rest[r])
        k += 1
    out = np.zeros(len(group), dtype=bool)
    out[order] = found
    return out[len(lg):]


def _ranks(values: IntArray) -> IntArray:
    """Dense ranks (0 = smallest) keeping ties equal."""
    _, inverse = np.unique(values, return_inverse=True)
    return np.asarray(inverse, dtype=np.int64).reshape(-1)


# --- millions of two-party points: buckets, then the sweep ---------------------------------

EXACT_BELOW = 2048
"""Fewer points than this go straight to the exact sweep."""

BUCKETS = 4096


def frontier_2d(x: FloatArray, y: FloatArray, exact_below: int = EXACT_BELOW) -> IntArray:
    """Indices of the points (x, y) not strictly dominated by another point (both maximised)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.size < max(exact_below, 2):
        return pareto_indices(np.c_[x, y]) if x.size else np.zeros(0, dtype=np.int64)
    keep = np.flatnonzero(_candidates(x, y))
    return keep[pareto_indices(np.c_[x[keep], y[keep]])]


def _candidates(x: FloatArray, y: FloatArray) -> NDArray[np.bool_]:
    """Points that no point of a higher x-bucket beats in y by more than TOL."""
    lo, hi = float(x.min()), float(x.max())
    if hi - lo <= TOL:
        return np.ones(x.size, dtype=bool)
    bucket = np.minimum(((x - lo) * (BUCKETS / (hi - lo))).astype(np.int64), BUCKETS - 1)
    best = np.full(BUCKETS, -np.inf)
    np.maximum.at(best, bucket, y)
    above = np.r_[np.maximum.accumulate(best[::-1])[::-1][1:], -np.inf]
    return ~(above[bucket] > y + TOL)
