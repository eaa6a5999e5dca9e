"""Bueno de Mesquita's expected-utility model, as replicated by Scholz, Calbert and Smith (2011).

Round by round, every actor weighs challenging every other (:mod:`negsim.forecast.eu_calculus`):

1. risk exponents from each actor's danger (expected utilities computed with r = 1);
2. expected utilities with those exponents;
3. offers: j makes i an offer when j expects to gain by challenging i. Seen by i, with
   a = i's expected utility of challenging j and b = j's of challenging i:
   *conflict* (a > 0, b > a): i loses and moves to j's position (a ≥ b: i holds);
   *compromise* (a ≤ 0, |a| < b): i moves towards j by the fraction |a| / b;
   *capitulation* (a ≤ 0, |a| ≥ b): i moves to j's position;
4. every actor takes one of its offers (the switch ``choice``), all at once.

Rounds stop when no actor moves more than ``tolerance`` × the position range, or after
``rounds``. The forecast is the weighted median (or mean) of the final positions. The
model runs on every issue and every actor pair at once: a Python loop runs only over
rounds and over chunks of issues (so that memory stays bounded).

Example (the EC car-emissions data of Bueno de Mesquita 1994):
    >>> import numpy as np
    >>> from negsim.forecast.data import ForecastData
    >>> d = ForecastData.build(list("ABCDEFGHIJ"), ["years"],
    ...     positions=[[4, 7, 4, 4, 10, 10, 10, 7, 4, 7]], saliences=[[80, 40, 20, 80, 60, 60, 90, 10, 100, 70]],
    ...     capabilities=[[.08, .08, .03, .16, .16, .16, .16, .05, .05, .08]])
    >>> r = expected_utility(d, rounds=5)
    >>> r.positions.shape, bool(4 <= r.forecast[0] <= 10)
    ((6, 1, 10), True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negsim.forecast.compromise import compromise
from negsim.forecast.data import ForecastData
from negsim.forecast.eu_calculus import expected_utilities, pair_mask, risk_exponents, win_probabilities
from negsim.forecast.eu_options import EUOptions
from negsim.forecast.median import weighted_median
from negsim.numeric import BoolArray, FloatArray, IntArray

CELLS_PER_CHUNK = 4_000_000
"""Issues are processed in chunks of at most this many (issue, actor, actor, actor) cells."""

NONE, LOSES, COMPROMISES, CAPITULATES, HOLDS = 0, 1, 2, 3, 4
"""What happens to the target of a challenge in the first round (``EUResult.challenges``)."""
KIND_NAMES = {LOSES: "conflict, target gives way", COMPROMISES: "compromise", CAPITULATES: "capitulation",
              HOLDS: "conflict, target holds"}


@dataclass(frozen=True)
class EUResult:
    """The expected-utility model's run on every issue."""

    forecast: FloatArray
    """(issues,): the forecast (NaN where no actor has weight)."""
    positions: FloatArray
    """(rounds + 1, issues, actors): positions at the start and after each round (NaN: absent)."""
    risk: FloatArray
    """(rounds + 1, issues, actors): the risk exponents those positions imply."""
    outcomes: FloatArray
    """(rounds + 1, issues): the weighted median (or mean) after each round."""
    rounds_run: IntArray
    """(issues,): rounds until the positions settled (or the limit)."""
    settled: BoolArray
    """(issues,): the positions settled before the round limit."""
    challenges: IntArray
    """(issues, challenger, target): what the first round's challenge does to the target (``KIND_NAMES``)."""
    options: EUOptions


def expected_utility(data: ForecastData, *, rounds: int = 10, options: EUOptions | None = None) -> EUResult:
    """Run the model on every issue of ``data`` for at most ``rounds`` rounds."""
    opts = (options or EUOptions()).check()
    n_issues, n = data.positions.shape
    chunk = max(1, CELLS_PER_CHUNK // max(1, n**3))
    parts = [_run_chunk(data, slice(k, k + chunk), rounds, opts) for k in range(0, n_issues, chunk)]
    if not parts:
        empty = np.zeros((rounds + 1, 0, n))
        return EUResult(np.zeros(0), empty, empty, np.zeros((rounds + 1, 0)), np.zeros(0, np.int64),
                        np.zeros(0, bool), np.zeros((0, n, n), np.int64), opts)
    joined = [np.concatenate([p[k] for p in parts], axis=_AXES[k]) for k in range(7)]
    return EUResult(joined[0], joined[1], joined[2], joined[3], joined[4], joined[5], joined[6], opts)


_AXES = (0, 1, 1, 1, 0, 0, 0)
"""The issue axis of each field of a chunk's result, in EUResult's order."""


def _run_chunk(data: ForecastData, rows: slice, rounds: int, opts: EUOptions) -> tuple[np.ndarray, ...]:
    present = data.present[rows]
    weights = data.weights()[rows]
    raw = data.positions[rows]
    lo = np.where(present, raw, np.inf).min(axis=1)
    hi = np.where(present, raw, -np.inf).max(axis=1)
    dx = np.where(np.isfinite(hi - lo) & (hi - lo > 0), hi - lo, 1.0)
    base = np.where(np.isfinite(lo), lo, 0.0)
    x = np.where(present, (raw - base[:, None]) / dx[:, None], 0.0)
    salience = np.clip(np.where(present, data.saliences[rows], 0.0) / data.salience_scale(), 0.0, 1.0)

    history, risks, outcomes = [x], [], [_outcome(x, weights, opts)]
    active = np.ones(x.shape[0], bool)
    rounds_run = np.zeros(x.shape[0], np.int64)
    challenges = np.zeros((x.shape[0], x.shape[1], x.shape[1]), np.int64)
    r = _risk(x, weights, salience, present, opts)
    risks.append(r)
    for t in range(rounds):
        new, kinds = _round(x, weights, salience, present, r, opts)
        if t == 0:
            challenges = np.swapaxes(kinds, 1, 2)  # (challenger, target)
        new = np.where(active[:, None], new, x)
        moved = np.abs(new - x).max(axis=1) > opts.tolerance
        rounds_run += active & moved
        active &= moved
        x = new
        r = _risk(x, weights, salience, present, opts)
        history.append(x)
        risks.append(r)
        outcomes.append(_outcome(x, weights, opts))
        if not active.any():
            for _ in range(t + 1, rounds):  # settled everywhere: the remaining rounds repeat the last state
                history.append(x)
                risks.append(r)
                outcomes.append(outcomes[-1])
            break
    scale = lambda v: np.where(present, v * dx[:, None] + base[:, None], np.nan)  # noqa: E731
    positions = np.stack([scale(h) for h in history])
    risk = np.stack([np.where(present, q, np.nan) for q in risks])
    outcome = np.stack(outcomes) * dx[None, :] + base[None, :]
    return outcome[-1], positions, risk, outcome, rounds_run, ~active, challenges


def _outcome(x: FloatArray, weights: FloatArray, opts: EUOptions) -> FloatArray:
    return weighted_median(x, weights) if opts.outcome == "median" else compromise(x, weights)


def _anchor(x: FloatArray, weights: FloatArray, opts: EUOptions) -> FloatArray:
    mu = weighted_median(x, weights) if opts.anchor == "median" else compromise(x, weights)
    return np.nan_to_num(mu)


def _risk(x: FloatArray, weights: FloatArray, salience: FloatArray, present: BoolArray,
          opts: EUOptions) -> FloatArray:
    p = win_probabilities(x, weights, present, opts.denominator)
    plain = expected_utilities(x, salience, p, np.ones(1), _anchor(x, weights, opts),
                               status_quo=opts.status_quo, improvement=opts.improvement)
    return risk_exponents(plain, present)


def _round(x: FloatArray, weights: FloatArray, salience: FloatArray, present: BoolArray, r: FloatArray,
           opts: EUOptions) -> tuple[FloatArray, IntArray]:
    """One round: every actor's new position and what each offer did (receiver i, sender j)."""
    p = win_probabilities(x, weights, present, opts.denominator)
    mu = _anchor(x, weights, opts)
    kw = {"status_quo": opts.status_quo, "improvement": opts.improvement}
    own = expected_utilities(x, salience, p, r[:, :, None], mu, **kw)  # EU_i(i→j), priced by i
    if opts.perspective == "receiver":
        seen_by_target = expected_utilities(x, salience, p, r[:, None, :], mu, **kw)  # EU_j(j→i) priced by i
        b = np.swapaxes(seen_by_target, 1, 2)
    else:
        b = np.swapaxes(own, 1, 2)
    return _take_offers(x, own, b, pair_mask(present), opts)


def _take_offers(x: FloatArray, a: FloatArray, b: FloatArray, pairs: BoolArray,
                 opts: EUOptions) -> tuple[FloatArray, IntArray]:
    """Classify every offer (receiver i, sender j) and move each receiver to the offer it takes."""
    xi, xj = x[:, :, None], x[:, None, :]
    offered = pairs & (b > 0) & (xi != xj)
    loses = offered & (a > 0) & (b > a)
    holds = offered & (a > 0) & (b <= a)
    compromises = offered & (a <= 0) & (-a < b)
    capitulates = offered & (a <= 0) & (-a >= b)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(compromises, -a / np.where(b > 0, b, 1.0), 1.0)
    target = np.where(compromises, xi + (xj - xi) * share, np.broadcast_to(xj, a.shape))
    moves = loses | compromises | capitulates
    key = np.abs(target - xi) if opts.choice == "nearest" else -b
    key = np.where(moves, key, np.inf)
    pick = np.argmin(key, axis=2)[:, :, None]
    chosen = np.take_along_axis(target, pick, axis=2)[:, :, 0]
    new = np.where(moves.any(axis=2), chosen, x)
    kinds = (LOSES * loses + COMPROMISES * compromises + CAPITULATES * capitulates + HOLDS * holds).astype(np.int64)
    return new, kinds


__all__ = ["CAPITULATES", "COMPROMISES", "HOLDS", "KIND_NAMES", "LOSES", "NONE", "EUResult", "expected_utility"]
