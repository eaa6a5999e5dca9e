"""Coalitions as bit masks: player k is in the coalition when bit k is set.

Sums of weights over many coalitions at once use one table per byte of the mask (eight
look-ups and adds per coalition, whatever the number of members).

Example:
    >>> t = weight_table(np.array([4, 4, 4, 2, 2, 1]))
    >>> weight_sums(np.array([0b000111, 0b111000], dtype=np.uint64), t).tolist()
    [12, 5]
    >>> popcount(np.array([0b1011], dtype=np.uint64)).tolist()
    [3]
    >>> bits_of(0b1011)
    [0, 1, 3]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negsim.numeric import IntArray

BitArray = NDArray[np.uint64]

_BYTES = np.arange(256, dtype=np.int64)
_ONES = np.ones(64, dtype=np.int64)


def weight_table(weights: IntArray) -> IntArray:
    """(8, 256) table: ``table[b, v]`` = total weight of the players in byte ``b`` whose bits are set in ``v``."""
    w = np.zeros(64, dtype=np.int64)
    w[: len(weights)] = weights
    bits = (_BYTES[:, None] >> np.arange(8)) & 1  # (256, 8)
    return np.stack([bits @ w[8 * b: 8 * b + 8] for b in range(8)])


_COUNT = weight_table(_ONES)


def weight_sums(masks: BitArray, table: IntArray) -> IntArray:
    """Total weight of each coalition (any array shape), from a :func:`weight_table`."""
    masks = np.asarray(masks, dtype=np.uint64)
    out = np.zeros(masks.shape, dtype=np.int64)
    for b in range(8):
        byte = ((masks >> np.uint64(8 * b)) & np.uint64(255)).astype(np.intp)
        if byte.any():
            out += table[b][byte]
    return out


def popcount(masks: BitArray) -> IntArray:
    """Number of members of each coalition."""
    return weight_sums(masks, _COUNT)


def bits_of(mask: int) -> list[int]:
    """Positions of the set bits, lowest first."""
    out, k = [], 0
    while mask:
        if mask & 1:
            out.append(k)
        mask >>= 1
        k += 1
    return out


def all_masks(n: int) -> BitArray:
    """Every coalition of ``n`` players (``n`` ≤ 26: 64 million masks at most)."""
    if n > 26:
        raise ValueError(f"{n} players have too many coalitions to list")
    return np.arange(1 << n, dtype=np.uint64)


__all__ = ["BitArray", "all_masks", "bits_of", "popcount", "weight_sums", "weight_table"]
