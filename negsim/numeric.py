"""Numbers every layer shares: the comparison tolerance, the comparison grid, array aliases.

Utilities are sums of floats, so two deals that are equal on paper can differ in the last
bits. negsim compares utilities on a grid of :data:`TOL`: :func:`quantize` turns them into
integers on that grid, and from there on every comparison (dominance, ties) is exact.

Example:
    >>> quantize([0.1 + 0.2, 0.3]).tolist()
    [300000000, 300000000]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

TOL = 1e-9
"""Utilities closer than this are equal (sums of floats differ in the last bits)."""

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
BitArray = NDArray[np.uint64]
"""One uint64 per deal: a bit per constraint the deal breaks."""


def quantize(points: ArrayLike) -> IntArray:
    """Utilities as integers on the comparison grid (exact comparisons from here on)."""
    return np.rint(np.asarray(points, dtype=float) / TOL).astype(np.int64)


__all__ = ["TOL", "BitArray", "BoolArray", "FloatArray", "IntArray", "quantize"]
