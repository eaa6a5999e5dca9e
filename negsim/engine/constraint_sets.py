"""Constraint sets for the merge engine: the masks, floors, frontier and count of any subset of constraints.

The merge engine answers every question about a set S of constraints (can they be met
together? how many deals meet them? what is the best deal without one of them?) from the
merged frontier of the deals S's red lines allow, cut by S's floors
(:mod:`negsim.engine.minkowski`); counts come from :mod:`negsim.engine.counting`.

Example:
    >>> import negsim
    >>> space = negsim.build_space(negsim.load(negsim.bundled("four-issue-scoring")))
    >>> sets = ConstraintSets(space)
    >>> sets.count(sets.all)        # the ZOPA: deals meeting every constraint
    44
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from negsim.engine.counting import count_deals
from negsim.engine.minkowski import IssueBlock, MergedFrontier, issue_blocks, merge_frontier
from negsim.numeric import TOL, BitArray, BoolArray, FloatArray, IntArray
from negsim.space import OutcomeSpace, lex_order

MAX_LISTED = 1000
"""Deals listed per frontier point (all are counted; ``deals_count`` says how many there are)."""

MAX_ROWS = 200_000
"""Deals listed over all frontier points (fewer per point when the frontier has many points)."""


@dataclass
class ConstraintSets:
    """The space's constraints split into per-issue masks and per-party floors."""

    space: OutcomeSpace
    axis_of: dict[str, int] = field(init=False)
    party_of: dict[str, int] = field(init=False)
    blocks: list[IssueBlock] = field(init=False)
    _counts: dict[frozenset[int], int | None] = field(init=False, default_factory=dict)
    failed: set[frozenset[int]] = field(init=False, default_factory=set)  # party sets too costly to count

    def __post_init__(self) -> None:
        self.axis_of = {a.id: k for k, a in enumerate(self.space.axes)}
        self.party_of = {p: k for k, p in enumerate(self.space.parties)}
        self.blocks = issue_blocks(self.space)

    def count(self, subset: list[int]) -> int | None:
        """Exact number of deals meeting the constraints in ``subset`` (None when too costly), memoised."""
        key = frozenset(subset)
        if key not in self._counts:
            self._counts[key] = count_deals(self.space, self.masks(subset), self.floors(subset), self.blocks,
                                            self.failed)
        return self._counts[key]

    def frontier(self, subset: list[int], columns: tuple[int, ...] | None = None,
                 floors: FloatArray | None = None) -> MergedFrontier:
        """The merged frontier under the red lines in ``subset`` (and ``floors`` on ``columns``, if given)."""
        return merge_frontier(self.space, self.masks(subset), columns, blocks=self.blocks, floors=floors)

    @property
    def all(self) -> list[int]:
        return list(range(len(self.space.constraints)))

    def red(self, subset: list[int]) -> list[int]:
        return [c for c in subset if self.space.constraints[c].allowed is not None]

    def masks(self, subset: list[int]) -> dict[int, BoolArray]:
        """Allowed options per axis under the red lines in ``subset``."""
        out: dict[int, BoolArray] = {}
        for c in self.red(subset):
            con = self.space.constraints[c]
            assert con.issue is not None and con.allowed is not None
            a = self.axis_of[con.issue]
            out[a] = out.get(a, np.ones(len(con.allowed), dtype=bool)) & con.allowed
        return out

    def floors(self, subset: list[int]) -> FloatArray:
        """Per-party utility floor under the floors in ``subset`` (−inf where none)."""
        out = np.full(len(self.space.parties), -np.inf)
        for c in subset:
            con = self.space.constraints[c]
            if con.floor is not None:
                j = self.party_of[con.party]
                out[j] = max(out[j], con.floor)
        return out

    def patterns(self, digits: IntArray, u: FloatArray) -> BitArray:
        """A bit per constraint broken (:meth:`OutcomeSpace.violations_of_digits`)."""
        return self.space.violations_of_digits(digits, u)


def meets(u: FloatArray, floors: FloatArray) -> BoolArray:
    """Rows meeting every floor (the enumerating engine's test: not below floor − TOL)."""
    return np.all(~(u < floors - TOL), axis=1)


@dataclass
class FrontierRows:
    """Deals behind frontier points, in deal-index order, with their recomputed utilities."""

    digits: IntArray
    u: FloatArray
    node: IntArray

    def take(self, keep: IntArray | BoolArray) -> FrontierRows:
        return FrontierRows(self.digits[keep], self.u[keep], self.node[keep])


def frontier_rows(space: OutcomeSpace, front: MergedFrontier, nodes: IntArray | None = None) -> FrontierRows:
    """The deals behind frontier points (at most :data:`MAX_LISTED` per point), in deal-index order."""
    nodes = np.arange(len(front), dtype=np.int64) if nodes is None else nodes
    node, digits = front.deals(nodes, min(MAX_LISTED, max(1, MAX_ROWS // max(1, len(nodes)))))
    order = lex_order(digits)
    return FrontierRows(digits[order], space.utilities_of_digits(digits[order]), node[order])


__all__ = ["MAX_LISTED", "MAX_ROWS", "ConstraintSets", "FrontierRows", "frontier_rows", "meets"]
