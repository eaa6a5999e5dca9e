"""Counting deals without listing them: exact when cheap, else a seeded estimate with a Wilson interval.

* With no utility floor in play, the deals whose options the red lines allow number the
  product of the allowed option counts.
* With floors, a meet-in-the-middle count (Horowitz & Sahni 1974): the distinct partial
  sums of two halves of the issues, with multiplicities, paired within :data:`PAIR_BUDGET`.
* Past that, an estimate from a seeded uniform sample of deals, with the 95% Wilson score
  interval (Wilson 1927), flagged ``exact: False``.

Sources: Horowitz & Sahni (1974), "Computing partitions with applications to the knapsack
problem", JACM 21(2):277–292; Wilson (1927), "Probable inference, the law of succession, and
statistical inference", JASA 22(158):209–212.

Example:
    >>> import numpy as np, negsim
    >>> space = negsim.build_space(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> count_deals(space, {}, np.array([0.5, 0.5])) == int(np.all(space.utilities() >= 0.5 - 1e-9, axis=1).sum())
    True
    >>> [round(x, 4) for x in wilson_interval(45, 100)]
    [0.3561, 0.5476]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from negsim.engine.minkowski import IssueBlock, base_utilities, issue_blocks, restrict
from negsim.engine.result import Count
from negsim.numeric import TOL, BoolArray, FloatArray, IntArray, quantize
from negsim.space import OutcomeSpace

PAIR_BUDGET = 40_000_000
"""Largest (half-sum × half-sum) pairing an exact meet-in-the-middle count may do."""

HALF_BUDGET = 1 << 20
"""Most partial sums one half of a meet-in-the-middle count may list (one floor: up to ~10^12 deals)."""

Z95 = 1.959963984540054
"""The 97.5% quantile of the standard normal distribution."""

SAMPLE_SIZE = 50_000
"""Deals kept (a seeded uniform sample when there are more) for estimates and the utility-space plot."""


def sample_deals(space: OutcomeSpace, seed: int) -> tuple[IntArray, bool]:
    """Option digits of every deal when few, else of a seeded uniform sample; and whether it is a sample.

    Below 2^63 deals the sample is :data:`SAMPLE_SIZE` distinct deal indices (sorted); beyond,
    independent uniform draws per issue (duplicates are then possible but vanishingly rare).
    The rows are a column-major array, as the evaluators read them an issue at a time.
    """
    if not space.axes:
        return np.zeros((1, 0), dtype=np.int64), False
    if space.size <= SAMPLE_SIZE:
        return np.indices(space.shape).reshape(len(space.shape), -1).T.astype(np.int64), False
    rng = np.random.default_rng(seed)
    if space.size < 2**63:
        idx = np.sort(rng.choice(space.size, size=SAMPLE_SIZE, replace=False)).astype(np.int64)
        return np.stack(space.digits(idx)).astype(np.int64).T, True  # column-major: read an issue at a time
    shape = np.array(space.shape, dtype=np.int64)
    columns = np.empty((len(shape), SAMPLE_SIZE), dtype=np.int64)
    for n in np.unique(shape):  # one draw for all issues with n options
        rows = np.flatnonzero(shape == n)
        columns[rows] = rng.integers(0, n, size=(len(rows), SAMPLE_SIZE))
    return columns.T, True


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion ``successes / n`` ((0, 1) when n = 0)."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * float(np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)))
    return max(0.0, centre - half), min(1.0, centre + half)


def estimate(total: int, k: int, n: int) -> Count:
    """``total`` deals scaled by a sample share ``k / n``, with its 95% Wilson interval."""
    lo, hi = wilson_interval(k, n)
    return Count((2 * k * total + n) // (2 * n), False, k / n * float(total), (lo * float(total), hi * float(total)))


def at_least(count: Count, known: int) -> Count:
    """An estimate raised to a known lower bound (exact counts are left alone)."""
    if count.exact or count.size >= known:
        return count
    interval = count.interval or (0.0, 0.0)
    return Count(known, False, max(count.estimate or 0.0, float(known)),
                 (max(interval[0], float(known)), max(interval[1], float(known))))


def count_deals(space: OutcomeSpace, masks: dict[int, BoolArray], floors: FloatArray,
                blocks: list[IssueBlock] | None = None, failed: set[frozenset[int]] | None = None) -> int | None:
    """Deals whose options the masks allow and whose utilities meet ``floors``; None when too costly.

    ``failed`` remembers the sets of parties whose floors were too costly to count, so that
    later calls give up at once (it is updated).
    """
    blocks = restrict(issue_blocks(space) if blocks is None else blocks, masks)
    if any(len(b) == 0 for b in blocks):
        return 0
    total = int(np.prod([len(b) for b in blocks], dtype=object)) if blocks else 1
    base = base_utilities(space)
    low = base + sum((b.table.min(axis=0) for b in blocks), np.zeros(len(base)))
    high = base + sum((b.table.max(axis=0) for b in blocks), np.zeros(len(base)))
    if np.any(high < floors - 1.5 * TOL):
        return 0
    cols = [j for j in range(len(base)) if low[j] < floors[j] - 0.5 * TOL]
    if not cols:
        return total
    if total >= 2**53:  # counts are summed in float64 matrix products below: exact up to 2^53
        return None
    if failed is not None and any(f <= set(cols) for f in failed):
        return None
    out = _meet_in_the_middle(blocks, cols, floors[cols] - TOL - base[cols])
    if out is None and failed is not None:
        failed.add(frozenset(cols))
    return out


def _half_sums(blocks: list[Any], cols: list[int]) -> tuple[FloatArray, IntArray] | None:
    """Distinct partial sums over ``cols`` of ``blocks`` with their multiplicities."""
    vals, mult = np.zeros((1, len(cols))), np.ones(1, dtype=np.int64)
    for b in blocks:
        if len(vals) * len(b) > HALF_BUDGET:
            return None
        vals = (vals[:, None, :] + b.table[None, :, cols]).reshape(-1, len(cols))
        mult = np.repeat(mult, len(b))
        first, inv = _group_rows(quantize(vals))
        vals, mult = vals[first], np.bincount(inv, weights=mult).round().astype(np.int64)
    return vals, mult


def _group_rows(q: IntArray) -> tuple[IntArray, IntArray]:
    """First row of each distinct row of ``q`` and each row's group (one sort key when the range allows)."""
    lo, span = q.min(axis=0), q.max(axis=0) - q.min(axis=0) + 1
    if np.prod(span.astype(float)) < 2**62:
        key = np.zeros(len(q), dtype=np.int64)
        for j in range(q.shape[1]):
            key = key * span[j] + (q[:, j] - lo[j])
        _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    else:
        _, first, inv = np.unique(q, axis=0, return_index=True, return_inverse=True)
    return first, np.asarray(inv).reshape(-1)


def _meet_in_the_middle(blocks: list[Any], cols: list[int], need: FloatArray) -> int | None:
    """Pairs (left, right) of half sums with left + right ≥ need, weighted by multiplicities."""
    sizes = np.array([len(b) for b in blocks], dtype=float)
    split = int(np.searchsorted(np.cumsum(np.log(sizes)), np.log(sizes).sum() / 2)) + 1 if blocks else 0
    left, right = _half_sums(blocks[:split], cols), _half_sums(blocks[split:], cols)
    if left is None or right is None or len(left[0]) * len(right[0]) > PAIR_BUDGET:
        return None
    (a, ca), (b, cb) = left, right
    if len(cols) == 1:
        order = np.argsort(b[:, 0])
        bs, suffix = b[order, 0], np.r_[np.cumsum(cb[order][::-1])[::-1], 0]
        return int(ca @ suffix[np.searchsorted(bs, need[0] - a[:, 0], "left")])
    order = np.argsort(-b[:, 0])  # b by its first column, best first: each a needs a prefix of it
    b, cb = b[order], cb[order].astype(np.float64)
    prefix = np.searchsorted(-b[:, 0], -(need[0] - a[:, 0]), "right")
    by_prefix = np.argsort(prefix)
    a, ca, prefix = a[by_prefix], ca[by_prefix], prefix[by_prefix]
    total = 0
    step = max(1, (1 << 22) // max(1, len(b)))
    for s in range(0, len(a), step):
        rows, width = slice(s, s + step), int(prefix[min(s + step, len(a)) - 1])
        ok = np.ones((len(ca[rows]), width), dtype=bool)
        for j in range(1, len(need)):  # column by column: cheaper than a reduction over a small last axis
            ok &= a[rows, j, None] + b[None, :width, j] >= need[j]
        ok &= np.arange(width)[None, :] < prefix[rows, None]
        total += int(ca[rows] @ np.rint(ok.astype(np.float64) @ cb[:width]).astype(np.int64))
    return total


__all__ = ["HALF_BUDGET", "PAIR_BUDGET", "SAMPLE_SIZE", "at_least", "count_deals", "estimate", "sample_deals",
           "wilson_interval"]
