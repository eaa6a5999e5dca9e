"""The Pareto frontier of many two-dimensional points in linear time (a bucket prefilter, then a sweep).

Points are first put into buckets along x. A point can only be on the frontier if no
point of a higher bucket is better in y (by more than the comparison tolerance), which a
suffix maximum over the buckets' best y decides for all points at once. The few points
left go to the exact sweep of :func:`negsim.bargaining.pareto.pareto_indices`, so the
result is the same as that function's (strict dominance on the ``TOL`` grid, identical
points all kept) without sorting millions of points.

Source: Kung, Luccio & Preparata (1975), JACM 22(4):469–476 (the sweep); bucketing as in
Bentley, Clarkson & Levine (1993), "Fast linear expected-time algorithms for computing
maxima and convex hulls", Algorithmica 9:168–183.

Example:
    >>> import numpy as np
    >>> x = np.array([1.0, 0.0, 0.5, 0.4, 0.5])
    >>> y = np.array([0.0, 1.0, 0.5, 0.4, 0.5])
    >>> sorted(frontier_2d(x, y).tolist())
    [0, 1, 2, 4]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negsim.bargaining.pareto import pareto_indices
from negsim.numeric import TOL

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

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


__all__ = ["frontier_2d"]
