"""What analysing a deal space will cost, known before it starts: the engine's side of :mod:`negsim.plan`.

The deal count, the parties and the constraints are known from the space. How large the
Pareto frontier will be is not, and for three parties or more it decides the enumerating
engine's time (its skyline compares points with frontier points): a seeded pilot sample
of :data:`PILOT` deals says how many deals meet every constraint and how many of those pass
the skyline's prefilter, and the frontier of its first :data:`PILOT_FRONTIER` feasible deals
how large frontiers are. The plan scales
the sample's frontier to the whole space (:func:`negsim.plan.frontier_size`). The pilot
costs a few milliseconds and is seeded, so the same space always gets the same estimate.

Example:
    >>> import negsim
    >>> space = negsim.build_space(negsim.load(negsim.bundled("job-offer")))
    >>> e = estimate(space, "enumeration")
    >>> [(p.unit, p.total) for p in e.parts][0], e.seconds < 1
    (('deals', 2430), True)
"""

from __future__ import annotations

import numpy as np

from negsim import plan
from negsim.bargaining.pareto import pareto_indices
from negsim.numeric import TOL, FloatArray
from negsim.space import OutcomeSpace
from negsim.space.model import CHUNK

PILOT = 1 << 16
"""Deals in the pilot sample (feasible share, prefilter survivors)."""

PILOT_FRONTIER = 2048
"""Feasible deals of the pilot whose Pareto frontier is computed (costly for many parties)."""

ENUMERATE_UP_TO = 1 << 17
"""``auto`` enumerates spaces of up to this many deals and merges larger ones (see :mod:`negsim.engine`)."""


def pilot(space: OutcomeSpace, seed: int = 0) -> plan.Sample:
    """Feasible deals, their frontier and the prefilter's survivors in a seeded sample (all deals when few)."""
    if not space.axes:
        return plan.Sample()
    if space.size <= PILOT:
        digits = np.indices(space.shape).reshape(len(space.shape), -1).T.astype(np.int64)
    else:
        rng = np.random.default_rng([seed, 4111])
        digits = np.stack([rng.integers(0, n, PILOT) for n in space.shape], axis=1).astype(np.int64)
    u = space.utilities_of_digits(digits)
    feasible = u[space.violations_of_digits(digits, u) == 0]
    few = feasible[:PILOT_FRONTIER]
    frontier = len(pareto_indices(few)) if len(few) else 0
    return plan.Sample(len(digits), len(feasible), _survivors(feasible), len(few), frontier)


def _survivors(u: FloatArray) -> int:
    """Points not surely dominated by the maximisers of the sum and of each party-weighted sum.

    The same pivots as the skyline's prefilter (:mod:`negsim.bargaining.pareto`): what survives
    them is what the skyline must compare one by one.
    """
    if len(u) == 0:
        return 0
    p = u.shape[1]
    alive = np.ones(len(u), dtype=bool)
    for w in [np.ones(p)] + [np.ones(p) + 3.0 * np.eye(p)[k] for k in range(p)]:
        pivot = u[int(np.argmax(np.where(alive, u @ w, -np.inf)))] - 2 * TOL
        alive &= ~np.all(u < pivot, axis=1)
    return int(alive.sum())


def estimate(space: OutcomeSpace, method: str = "auto") -> plan.Estimate:
    """The plan of analysing ``space`` by ``method`` (``auto`` as :func:`negsim.engine.choose_method` picks):
    the engine's work, then assembling the analysis around the frontier."""
    chosen = method if method != "auto" else ("enumeration" if space.size <= ENUMERATE_UP_TO else "merge")
    parties = len(space.parties)
    sample = pilot(space)
    frontier = plan.frontier_report(sample.frontier_of(space.size * sample.feasible_share, parties), parties)
    if chosen == "merge":
        work = plan.merge(space.size, parties, len(space.axes))
    else:
        work = plan.enumeration(space.size, parties, len(space.constraints), sample, CHUNK)
    return plan.combine(f"analysing {space.info.agenda_name}", [work, frontier])


def enumeration_estimate(space: OutcomeSpace) -> plan.Estimate:
    """The plan of walking every deal of ``space`` (the walk and the frontier it finds)."""
    sample = pilot(space)
    parties = len(space.parties)
    return plan.combine(f"analysing {space.info.agenda_name}", [
        plan.enumeration(space.size, parties, len(space.constraints), sample, CHUNK),
        plan.frontier_report(sample.frontier_of(space.size * sample.feasible_share, parties), parties)])


__all__ = ["PILOT", "enumeration_estimate", "estimate", "pilot"]
