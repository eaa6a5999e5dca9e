"""Method ``merge``: the analysis of deal spaces too large to list, from merged frontiers.

The same :class:`~negsim.engine.result.Analysis` as the enumerating engine, built from
frontiers only (:mod:`negsim.engine.minkowski`):

1. frontier: the merged frontier under every per-issue red line, cut by the utility
   floors (no deal, ``min_utility``) at the end; its deals are recovered from the
   back-pointers and evaluated by :meth:`~negsim.space.model.OutcomeSpace.utilities_of_digits`
   (the same additions in the same order as enumeration), in deal-index order, so the
   solutions and their ties come out as the enumerating engine's;
2. diagnosis: the minimal conflicting sets and openings by frontier-emptiness checks
   (:mod:`negsim.engine.merge_conflicts`);
3. prices: what dropping each constraint opens (count and best Nash deal), from frontiers;
4. counts (ZOPA, deals breaking a constraint): exact when cheap, else a seeded estimate
   with a 95% Wilson interval (:mod:`negsim.engine.counting`), flagged ``exact: false``.

Source: Nash (1950), Kalai & Smorodinsky (1975), Kalai (1977) for the solutions;
Liffiton & Sakallah (2008) for minimal conflicting sets; the counting and merging sources
are in those modules.

Example:
    >>> import negsim
    >>> s = negsim.load(negsim.bundled("nash-bill-and-jack"))
    >>> a = analyze(negsim.build_space(s))
    >>> a.method, a.solutions["nash"].deal["pen"], a.zopa_size == negsim.analyze(s, method="enumeration").zopa_size
    ('merge', 'trade', True)
"""

from __future__ import annotations

import numpy as np

from negsim.bargaining import solutions as sol
from negsim.bargaining.conflicts import as_mask, minimal_conflicts
from negsim.bargaining.pareto import non_dominated
from negsim.engine.assemble import Evidence, Relaxed, assemble, relaxed_no_deal
from negsim.engine.constraint_sets import ConstraintSets, FrontierRows, frontier_rows, meets
from negsim.engine.counting import at_least, count_deals, estimate, sample_deals
from negsim.engine.merge_conflicts import Witnesses, conflicts_by_checks, ever_broken, openings_by_checks
from negsim.engine.result import Analysis, Count
from negsim.numeric import BitArray, BoolArray, FloatArray
from negsim.space import OutcomeSpace

ALL_BITS = 2**64 - 1


def analyze(space: OutcomeSpace, *, seed: int = 0) -> Analysis:
    """Analyse ``space`` from merged frontiers (see the module docstring for the steps and sources).

    ``seed`` seeds the sample of deals (plots, and estimates where exact counting is too costly).

    >>> import negsim
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> a = analyze(negsim.build_space(s, "core"))
    >>> a.to_dict()["diagnosis"]["conflicts"] == negsim.analyze(s, "core").to_dict()["diagnosis"]["conflicts"]
    True
    """
    return assemble(evidence(space, seed))


def evidence(space: OutcomeSpace, seed: int = 0) -> Evidence:
    """What the merged frontiers say about ``space``, ready for :func:`negsim.engine.assemble.assemble`."""
    cons = ConstraintSets(space)
    everything = cons.all
    front = cons.frontier(everything)
    rows = frontier_rows(space, front)
    feasible = rows.take(meets(rows.u, cons.floors(everything)))
    top = feasible.take(non_dominated(feasible.u))
    counts = front.counts()
    sample_digits, sampled = sample_deals(space, seed)
    sample_u = space.utilities_of_digits(sample_digits)
    sample_pat = cons.patterns(sample_digits, sample_u)
    zopa = at_least(_count(space, cons, everything, sample_pat == 0),
                    int(sum(counts[n] for n in np.unique(top.node))))  # frontier deals are counted exactly
    known = Witnesses(np.concatenate([sample_pat, cons.patterns(rows.digits, rows.u)]))
    bits = [c for c in everything if ever_broken(space, cons, c)]
    conflicts, complete = conflicts_by_checks(space, cons, known, bits)
    nodes = np.unique(top.node)
    opens = [_opens(space, cons, c, sample_pat) for c in everything]
    return Evidence(
        space=space, method="merge", zopa=zopa, digits=top.digits, u=top.u, node=top.node,
        node_counts={int(n): int(counts[n]) for n in nodes},
        broken_by=[_broken_by(space, cons, c, sample_pat) for c in everything], opens=opens,
        relaxed=[_relaxed(space, cons, c, rows, opens[c]) for c in everything],
        conflicts=conflicts, complete=complete,
        openings=[] if zopa.size > 0 else _openings(space, cons, known, bits, sample_pat,
                                                     conflicts if complete else None),
        sample_u=sample_u, sample_feasible=sample_pat == 0, sampled=sampled,
        largest_intermediate=front.largest,
    )


def _count(space: OutcomeSpace, cons: ConstraintSets, subset: list[int], hit: BoolArray) -> Count:
    """Deals meeting the constraints in ``subset``: exact when cheap, else estimated from the sample ``hit``."""
    exact = cons.count(subset)
    if exact is not None:
        return Count.of(exact)
    return estimate(space.size, int(hit.sum()), len(hit))


def _broken_by(space: OutcomeSpace, cons: ConstraintSets, c: int, sample_pat: BitArray) -> Count:
    """Deals breaking constraint ``c``."""
    con = space.constraints[c]
    if con.allowed is not None:
        return Count.of(space.size // len(con.allowed) * int((~con.allowed).sum()))
    meeting = _count(space, cons, [c], (sample_pat & np.uint64(1 << c)) == 0)
    if meeting.exact:
        return Count.of(space.size - meeting.size)
    return estimate(space.size, int(((sample_pat & np.uint64(1 << c)) != 0).sum()), len(sample_pat))


def _opens(space: OutcomeSpace, cons: ConstraintSets, c: int, sample_pat: BitArray) -> Count:
    """Deals breaking constraint ``c`` and nothing else."""
    con = space.constraints[c]
    others = [o for o in cons.all if o != c]
    only = sample_pat == np.uint64(1 << c)
    if con.allowed is not None and con.issue is not None:
        masks = cons.masks(others)
        a = cons.axis_of[con.issue]
        masks[a] = masks.get(a, np.ones(len(con.allowed), dtype=bool)) & ~con.allowed
        n = count_deals(space, masks, cons.floors(others), cons.blocks, cons.failed)
        return Count.of(n) if n is not None else estimate(space.size, int(only.sum()), len(only))
    with_c, without = cons.count(cons.all), cons.count(others)
    if with_c is None or without is None:
        return estimate(space.size, int(only.sum()), len(only))
    return Count.of(without - with_c)


def _relaxed(space: OutcomeSpace, cons: ConstraintSets, c: int, rows: FrontierRows, opens: Count) -> Relaxed | None:
    """The best Nash deal among those breaking only constraint ``c`` (for a floor: meeting the others' floors)."""
    con = space.constraints[c]
    others = [o for o in cons.all if o != c]
    if con.floor is not None:
        cand = rows.take(meets(rows.u, cons.floors(others)))
    elif opens.exact and opens.size == 0:
        return None  # no deal breaks only this red line: no merge needed
    else:
        relaxed = frontier_rows(space, cons.frontier(others))
        only = cons.patterns(relaxed.digits, relaxed.u) == np.uint64(1 << c)
        cand = relaxed.take(meets(relaxed.u, cons.floors(others)) & only)
    return _best_nash(cand, relaxed_no_deal(space, c), space.power)


def _best_nash(cand: FrontierRows, d: FloatArray, power: FloatArray) -> Relaxed | None:
    """The largest Nash log-product among ``cand`` (the first deal on ties), or None when none gains."""
    score, ok = sol.nash_log_scores(cand.u - d, sol.normalised_power(power, cand.u.shape[1]))
    if not ok.any():
        return None
    j = int(np.argmax(score))
    return Relaxed(float(score[j]), cand.digits[j], cand.u[j])


def _openings(space: OutcomeSpace, cons: ConstraintSets, known: Witnesses, bits: list[int], sample_pat: BitArray,
              conflicts: list[list[int]] | None) -> list[tuple[int, int]]:
    """The smallest sets of constraints whose removal opens some deal, and how many deals each opens.

    These minimal correction sets are the minimal hitting sets of the minimal conflicting
    sets (Reiter 1987; Liffiton & Sakallah 2008), computed from ``conflicts`` when that list
    is complete; otherwise enumerated smallest first by frontier checks (a set R opens a deal
    exactly when the constraints outside R can be met together).
    """
    if conflicts is not None:
        hitting, _ = minimal_conflicts(np.array([as_mask(c) for c in conflicts], dtype=np.uint64))
        found = [as_mask(h) for h in hitting]
    else:
        found = openings_by_checks(space, cons, known, bits, 10)
    return [(m, _count(space, cons, [c for c in cons.all if not m >> c & 1],
                       (sample_pat & np.uint64(~m & ALL_BITS)) == 0).size) for m in found]


__all__ = ["analyze", "evidence"]
