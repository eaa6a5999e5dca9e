"""Monte Carlo estimates of the power indices, for rules too large to count exactly.

- **Shapley–Shubik**: draw ``samples`` uniformly random orders of the players (seeded);
  in each, the pivot is the player whose arrival first makes the coalition win. The
  estimate is the share of orders in which a player is the pivot; its standard error is
  √(p(1−p)/samples) (Mann & Shapley 1960, RAND RM-2651, "Values of large games IV").
- **Banzhaf**: draw ``samples`` uniformly random coalitions (each player in with
  probability ½, seeded); for each player, a swing is counted when the coalition
  without it loses and with it wins. The share of draws is an unbiased estimate of the
  absolute index (swings / 2^(n−1)), with standard error √(β(1−β)/samples). The
  normalised index is the ratio of estimates; its standard error is by the delta method.

Same seed, same numbers. Work is done in batches, so memory stays bounded.

Example:
    >>> from negsim.rules.model import weighted
    >>> eec = weighted(["fr", "de", "it", "be", "nl", "lu"], [4, 4, 4, 2, 2, 1], quota=12)
    >>> est = monte_carlo_power(eec, samples=20_000, seed=1)
    >>> bool(abs(est.shapley_shubik[0] - 7 / 30) < 4 * est.se["shapley_shubik"][0])
    True
"""

from __future__ import annotations

import numpy as np

from negsim.errors import NegsimError
from negsim.numeric import FloatArray, IntArray
from negsim.progress import Progress, tell
from negsim.rules.masks import BitArray
from negsim.rules.model import VotingRule
from negsim.rules.power import PowerIndices

BATCH = 20_000
"""Orders or coalitions evaluated at once."""

MAX_SAMPLES = 50_000_000


def monte_carlo_power(rule: VotingRule, *, samples: int = 200_000, seed: int = 0,
                      progress: Progress | None = None) -> PowerIndices:
    """Seeded estimates of both indices (see the module docstring), with standard errors.

    ``progress("samples", done, samples)`` is told after each batch.
    """
    if not 1 <= samples <= MAX_SAMPLES:
        raise NegsimError(f"samples must be from 1 to {MAX_SAMPLES:,}, found {samples}")
    rng = np.random.default_rng(seed)
    pivots = np.zeros(rule.n, dtype=np.int64)
    swings = np.zeros(rule.n, dtype=np.int64)
    total = 0.0
    cross = np.zeros(rule.n)  # Σ over draws of swing_i × (number of swings in the draw)
    total_sq = 0.0
    done = 0
    for size in _batches(samples):
        tell(progress, "samples", done, samples)
        done += size
        pivots += _pivot_counts(rule, rng, size)
        x = _swing_matrix(rule, rng, size)
        swings += x.sum(axis=0)
        t = x.sum(axis=1).astype(float)
        total += float(t.sum())
        cross += (x * t[:, None]).sum(axis=0)
        total_sq += float((t * t).sum())
    ss = pivots / samples
    bz = swings / samples
    mean_t = total / samples
    norm = bz / mean_t if mean_t > 0 else np.zeros(rule.n)
    se = {"shapley_shubik": np.sqrt(ss * (1 - ss) / samples), "banzhaf": np.sqrt(bz * (1 - bz) / samples),
          "banzhaf_normalised": _ratio_se(bz, norm, mean_t, cross / samples, total_sq / samples, samples)}
    return PowerIndices(list(rule.players), ss, bz, norm, "monte_carlo", samples=samples, seed=seed, se=se)


def _batches(samples: int) -> list[int]:
    full, rest = divmod(samples, BATCH)
    return [BATCH] * full + ([rest] if rest else [])


def _pivot_counts(rule: VotingRule, rng: np.random.Generator, size: int) -> IntArray:
    """How often each player is the pivot in ``size`` random orders."""
    orders = np.argsort(rng.random((size, rule.n)), axis=1)
    bits = np.left_shift(np.uint64(1), orders.astype(np.uint64))
    prefix = np.bitwise_or.accumulate(bits, axis=1)
    first = np.argmax(rule.is_winning(prefix), axis=1)  # the grand coalition wins, so there is a first
    pivot = orders[np.arange(size), first]
    return np.bincount(pivot, minlength=rule.n).astype(np.int64)


def _swing_matrix(rule: VotingRule, rng: np.random.Generator, size: int) -> IntArray:
    """(size, n): 1 where the player swings the random coalition of that draw."""
    members = rng.random((size, rule.n)) < 0.5
    weights = np.left_shift(np.uint64(1), np.arange(rule.n, dtype=np.uint64))
    masks: BitArray = np.bitwise_or.reduce(np.where(members, weights, np.uint64(0)), axis=1)
    out = np.zeros((size, rule.n), dtype=np.int64)
    for k in range(rule.n):
        bit = np.uint64(1 << k)
        out[:, k] = rule.is_winning(masks | bit) & ~rule.is_winning(masks & ~bit)
    return out


def _ratio_se(bz: FloatArray, norm: FloatArray, mean_t: float, cross: FloatArray, mean_t2: float,
              samples: int) -> FloatArray:
    """Delta-method standard error of β_i / Σβ from the per-draw swings x_i and their total t."""
    if mean_t <= 0:
        return np.zeros_like(bz)
    # Var(x_i − r t) = E[x_i²] − 2r E[x_i t] + r² E[t²] − (E[x_i] − r E[t])², with x_i² = x_i
    var = bz - 2 * norm * cross + norm**2 * mean_t2 - (bz - norm * mean_t) ** 2
    return np.sqrt(np.maximum(var, 0.0) / samples) / mean_t


__all__ = ["monte_carlo_power"]
