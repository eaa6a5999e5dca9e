"""Pareto frontier of a finite set of utility vectors (strict dominance).

A point is on the frontier when no other point is at least as good for every party
and strictly better for one. Points with identical utility vectors are all kept (and
grouped by :func:`group_identical`). Utilities are compared on a grid of
:data:`negsim.numeric.TOL`, so sums of floats that differ in the last bits count as equal.

Two parties: sort and sweep, O(N log N). More parties: a vectorised skyline —
repeatedly take the point with the largest utility sum (it cannot be dominated) and
drop every point it dominates.

Source: Kung, Luccio & Preparata (1975), "On finding the maxima of a set of vectors",
JACM 22(4):469–476 (the sweep); Börzsönyi, Kossmann & Stocker (2001), "The skyline
operator", ICDE (the skyline).

Example:
    >>> import numpy as np
    >>> pts = np.array([[1, 0], [0, 1], [0.5, 0.5], [0.4, 0.4], [0.5, 0.5]])
    >>> pareto_indices(pts).tolist()
    [0, 2, 4, 1]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negsim.numeric import TOL, IntArray, quantize


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
    q = quantize(points)
    _, first, inverse = np.unique(q, axis=0, return_index=True, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    order = np.argsort(first)
    return [np.flatnonzero(inverse == g).astype(np.int64) for g in order]


def dominated_by_any(points: NDArray[np.float64], front: NDArray[np.float64]) -> NDArray[np.bool_]:
    """For each row of ``points``: is it strictly dominated by some row of ``front``?"""
    q, f = quantize(points), quantize(front)
    out = np.zeros(len(q), dtype=bool)
    for row in f:  # loops over the (small) frontier, vectorised over points
        out |= _dominated_by(q, row)
    return out
