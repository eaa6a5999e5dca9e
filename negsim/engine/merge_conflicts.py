"""Minimal conflicting sets and openings for spaces too large to list, by frontier-emptiness checks.

A set S of constraints can be met together exactly when the merged frontier of the deals
S's red lines allow (over the parties S puts floors on) has a point meeting S's floors
(:mod:`negsim.engine.constraint_sets`). The minimal conflicting sets are enumerated smallest
first, as :func:`negsim.bargaining.conflicts.minimal_conflicts` does on listed patterns;
every deal met on the way (and every sampled deal) records which constraints it breaks
(:class:`Witnesses`), so most candidate sets are settled without a merge (a set is
satisfiable when some known deal breaks none of it).

Source: Liffiton & Sakallah (2008), J. Automated Reasoning 40:1–33 (minimal unsatisfiable
subsets and their duality with minimal correction sets).

Example:
    >>> import numpy as np, negsim
    >>> from negsim.engine.constraint_sets import ConstraintSets
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> space = negsim.build_space(s)
    >>> sets = ConstraintSets(space)
    >>> known = Witnesses(np.zeros(0, dtype=np.uint64))
    >>> bits = [c for c in sets.all if ever_broken(space, sets, c)]
    >>> found, complete = conflicts_by_checks(space, sets, known, bits)
    >>> ids = [[space.constraints[b].id for b in f] for f in found]
    >>> ids == negsim.analyze(s, method="enumeration").diagnosis.conflicts
    True
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

import numpy as np

from negsim.bargaining.conflicts import as_lists, minimal_patterns
from negsim.engine.constraint_sets import ConstraintSets, meets
from negsim.engine.minkowski import base_utilities
from negsim.numeric import TOL, BitArray, BoolArray
from negsim.space import OutcomeSpace

MAX_CHECKS = 2_000_000
"""Candidate constraint sets examined at most by the diagnosis (as the enumerating engine), counting those
the known deals rule out in bulk; past this it says it is incomplete. (With 47 constraints, as the
27-party Council vote has, the candidate sets number 2^47: only this cap ends the search.)"""

WITNESSES = 512
"""Violation patterns of seen deals kept to settle candidate sets without a merge (those breaking fewest)."""

FILTERS = 64
"""Known violation patterns used to filter candidate conflicting sets in bulk (the rest are checked one by one)."""

MAX_MERGES = 2_000
"""Frontier emptiness checks (one merge each) the diagnosis may run; past this it says it is incomplete."""


class Witnesses:
    """Violation patterns of deals seen so far, kept minimal (a pattern containing another adds nothing)."""

    def __init__(self, patterns: BitArray) -> None:
        uniq = np.unique(np.asarray(patterns, dtype=np.uint64))
        fewest = uniq[np.argsort(np.bitwise_count(uniq), kind="stable")[:WITNESSES]]  # filters only: a subset is safe
        self.patterns = minimal_patterns(fewest)

    @property
    def filters(self) -> BitArray:
        """The few patterns with the fewest constraints: the sharpest filters for candidate sets."""
        sizes = np.bitwise_count(self.patterns)
        return self.patterns[np.argsort(sizes, kind="stable")[:FILTERS]]

    def add(self, pattern: int) -> None:
        p = np.uint64(pattern)
        if np.any((self.patterns & p) == self.patterns):
            return  # some known pattern is inside it
        self.patterns = np.append(self.patterns[(self.patterns & p) != p], p)

    @property
    def has_feasible(self) -> bool:
        return bool(np.any(self.patterns == 0))

    def missed_by(self, mask: int) -> bool:
        """Some known deal breaks none of ``mask``: the constraints of ``mask`` can be met together."""
        return bool(np.any((self.patterns & np.uint64(mask)) == 0))

    def inside(self, mask: int) -> bool:
        """Some known deal breaks only constraints of ``mask``: dropping them opens it."""
        return bool(np.any((self.patterns & np.uint64(~mask & (2**64 - 1))) == 0))


def conflicts_by_checks(space: OutcomeSpace, cons: ConstraintSets, known: Witnesses,
                             bits: list[int]) -> tuple[list[list[int]], bool]:
    """Minimal sets of constraints no deal meets together, smallest first, by frontier emptiness checks.

    ``known`` holds violation patterns of deals already seen (each rules out every candidate
    set it does not hit); each check that finds a deal adds its pattern. ``bits``: the
    constraints some deal breaks (no other can be in a conflict). Liffiton & Sakallah (2008).
    """
    if known.has_feasible or satisfiable(space, cons, cons.all, known):
        return [], True
    found: list[int] = []
    checked = merges = 0
    for size in range(1, len(bits) + 1):
        level: list[int] = []
        for candidates in _candidate_sets(bits, size):
            checked += len(candidates)
            if checked > MAX_CHECKS:
                return as_lists(found + sorted(level, key=_lex)), False
            chunk = candidates[_no_superset(candidates, found) & _hits_all(candidates, known.filters)]
            for mask in chunk.tolist():
                if known.missed_by(mask):  # a deal found since the chunk was filtered
                    continue
                merges += 1
                if merges > MAX_MERGES:
                    return as_lists(found + sorted(level, key=_lex)), False
                if not satisfiable(space, cons, as_lists([mask])[0], known):
                    level.append(mask)
        found += sorted(level, key=_lex)
    return as_lists(found), True


def _lex(mask: int) -> list[int]:
    """Sort key: the constraints of a set in order (the order :func:`itertools.combinations` lists them)."""
    return as_lists([mask])[0]


def _candidate_sets(bits: list[int], size: int, chunk: int = 1 << 16) -> Iterator[BitArray]:
    """All sets of ``size`` constraints from ``bits``, as bit masks, in chunks."""
    out: list[int] = []
    for combo in combinations(bits, size):
        out.append(sum(1 << b for b in combo))
        if len(out) == chunk:
            yield np.array(out, dtype=np.uint64)
            out = []
    if out:
        yield np.array(out, dtype=np.uint64)


def _no_superset(masks: BitArray, found: list[int]) -> BoolArray:
    keep = np.ones(len(masks), dtype=bool)
    for f in found:
        keep &= (masks & np.uint64(f)) != np.uint64(f)
    return keep


def _hits_all(masks: BitArray, patterns: BitArray) -> BoolArray:
    keep = np.ones(len(masks), dtype=bool)
    for p in patterns:
        keep &= (masks & p) != 0
    return keep


def openings_by_checks(space: OutcomeSpace, cons: ConstraintSets, known: Witnesses, bits: list[int],
                        most: int) -> list[int]:
    found: list[int] = []
    merges = examined = 0
    for size in range(1, len(bits) + 1):
        for combo in combinations(bits, size):
            examined += 1
            if examined > MAX_CHECKS:
                return found
            mask = sum(1 << b for b in combo)
            if any((f & mask) == f for f in found):
                continue
            if known.inside(mask):
                found.append(mask)
                continue
            merges += 1
            if merges > MAX_MERGES:
                return found
            if satisfiable(space, cons, [c for c in cons.all if not mask >> c & 1], known):
                found.append(mask)
        if len(found) >= most:
            break
    return found


def ever_broken(space: OutcomeSpace, cons: ConstraintSets, c: int) -> bool:
    """Does some deal break constraint ``c``? (A floor: is the lowest utility possible below it?)"""
    con = space.constraints[c]
    if con.allowed is not None:
        return not bool(con.allowed.all())
    j = cons.party_of[con.party]
    lowest = base_utilities(space)[j] + sum(float(b.table[:, j].min()) for b in cons.blocks)
    return bool(lowest < (con.floor or 0.0) - TOL)


def satisfiable(space: OutcomeSpace, cons: ConstraintSets, subset: list[int], known: Witnesses) -> bool:
    """Does some deal meet every constraint in ``subset``? Adds the witness's pattern to ``known``."""
    floors = cons.floors(subset)
    cols = tuple(int(j) for j in np.flatnonzero(np.isfinite(floors))) or (0,)  # red lines only: any one column
    front = cons.frontier(subset, cols, floors[list(cols)])
    ok = np.flatnonzero(meets(front.points, floors[list(cols)]))
    if len(ok) == 0:
        return False
    _, digits = front.deals(ok[:1], 1)
    known.add(int(cons.patterns(digits, space.utilities_of_digits(digits))[0]))
    return True


__all__ = ["FILTERS", "MAX_CHECKS", "MAX_MERGES", "WITNESSES", "Witnesses", "conflicts_by_checks", "ever_broken",
           "openings_by_checks", "satisfiable"]
