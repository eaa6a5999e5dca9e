"""Why no deal: minimal sets of constraints that together leave no deal.

Every deal breaks a set of constraints (red lines and utility floors), recorded as a
bit pattern. A set C of constraints leaves no deal exactly when every deal breaks at
least one constraint of C — when C is a *hitting set* of the deals' patterns. The
minimal conflicting sets (in the constraint-satisfaction literature: minimal unsatisfiable
subsets) are therefore the minimal hitting sets of the distinct patterns, which this
module enumerates exactly, smallest first, over the patterns' bits.

With few constraints (many samples at once), :func:`dense_minimal_conflicts` finds the
minimal conflicting sets of every sample with a subset-sum (zeta) transform over all
2^C sets instead.

Sources: Liffiton & Sakallah (2008), "Algorithms for computing minimal unsatisfiable
subsets of constraints", J. Automated Reasoning 40:1–33 (the MUS/hitting-set duality);
Yates (1937) and Björklund, Husfeldt, Kaski & Koivisto (2007), "Fourier meets Möbius",
STOC (the subset-sum transform).

Example:
    >>> import numpy as np
    >>> patterns = np.array([0b001, 0b010, 0b110], dtype=np.uint64)   # no deal breaks nothing
    >>> minimal_conflicts(patterns)
    ([[0, 1]], True)
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from negsim.numeric import BoolArray

MAX_CANDIDATES = 2_000_000
"""Candidate sets checked at most; past this the enumeration stops and says so."""


def minimal_patterns(patterns: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """Distinct patterns that contain no other pattern (the others add no constraint)."""
    uniq = np.unique(patterns)
    if len(uniq) > 20_000:
        return uniq  # minimality is an optimisation only
    keep = np.ones(len(uniq), dtype=bool)
    for k, p in enumerate(uniq):
        if keep[k]:
            subset_of_p = (uniq & p) == uniq  # patterns contained in p
            if np.count_nonzero(subset_of_p & keep) > 1:
                keep[k] = False
    return uniq[keep]


def minimal_conflicts(patterns: NDArray[np.uint64], max_size: int | None = None) -> tuple[list[list[int]], bool]:
    """All minimal conflicting sets (as sorted lists of bit positions) and whether the list is complete.

    Empty when some deal breaks nothing (a pattern of 0).
    """
    pats = minimal_patterns(np.asarray(patterns, dtype=np.uint64))
    if len(pats) == 0 or np.any(pats == 0):
        return [], True
    bits = [b for b in range(64) if np.any(pats & np.uint64(1 << b))]
    found: list[int] = []
    checked = 0
    n_bits = len(bits)
    top = n_bits if max_size is None else min(max_size, n_bits)
    for size in range(1, top + 1):
        if size == 2:  # a constraint that alone leaves no deal is in no larger minimal set
            bits = [b for b in bits if (1 << b) not in found]
        for combo in combinations(bits, size):
            checked += 1  # counted before any skip, so the bound holds whatever is found
            if checked > MAX_CANDIDATES:
                return as_lists(found), False
            mask = sum(1 << b for b in combo)
            if any((f & mask) == f for f in found):
                continue  # contains a smaller conflict: not minimal
            if np.all((pats & np.uint64(mask)) != 0):
                found.append(mask)
    return as_lists(found), top == n_bits


def as_lists(masks: list[int]) -> list[list[int]]:
    """Bit masks as sorted lists of bit positions."""
    return [[b for b in range(64) if m >> b & 1] for m in masks]


def as_mask(bits: list[int]) -> int:
    """A list of bit positions as one bit mask."""
    return sum(1 << b for b in bits)


def dense_minimal_conflicts(presence: BoolArray) -> BoolArray:
    """(k, 2^C) → which constraint sets are minimal conflicting sets, for every sample at once.

    ``presence[k, m]``: some deal breaks exactly the constraints in bit mask m. A set S
    conflicts when no present pattern lies inside its complement (subset-sum transform).

    >>> pres = np.zeros((1, 8), dtype=bool); pres[0, [0b001, 0b010, 0b110]] = True
    >>> np.flatnonzero(dense_minimal_conflicts(pres)[0]).tolist()   # {0, 1} = 0b011
    [3]
    """
    k, size = presence.shape
    n_bits = size.bit_length() - 1
    z = presence.copy()
    for b in range(n_bits):  # z[m]: some present pattern lies inside m
        view = z.reshape(k, -1, 2, 1 << b)
        view[:, :, 1, :] |= view[:, :, 0, :]
    conflicting = ~z[:, ::-1]  # the complement of m is (size - 1) ^ m = size - 1 - m
    minimal = conflicting.copy()
    for b in range(n_bits):  # minimal: conflicting, and not once bit b is dropped, for every b in m
        view = minimal.reshape(k, -1, 2, 1 << b)
        view[:, :, 1, :] &= ~conflicting.reshape(k, -1, 2, 1 << b)[:, :, 0, :]
    return minimal


def involved_bits(minimal: BoolArray) -> BoolArray:
    """(k, 2^C) minimal sets → (k, C): which constraints are in some minimal set.

    >>> m = np.zeros((1, 8), dtype=bool); m[0, 0b011] = True
    >>> involved_bits(m).tolist()
    [[True, True, False]]
    """
    k, size = minimal.shape
    n_bits = size.bit_length() - 1
    return np.stack([minimal.reshape(k, -1, 2, 1 << b)[:, :, 1, :].any(axis=(1, 2)) for b in range(n_bits)], axis=1) \
        if n_bits else np.zeros((k, 0), dtype=bool)

