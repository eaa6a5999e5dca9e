"""Who accepts which deal: acceptance patterns, and the frontier of a coalition, streamed over the deals.

The deal space (:func:`negsim.build_space`, or the one the pipeline built) is walked
chunk by chunk: for each deal, a bit per party that accepts it (every red line of the
party holds and it gets at least its no-deal utility — the engine's constraints, grouped
by party). A party with ``ratification:`` accepts the deals of its win-set instead
(:mod:`negsim.rules.ratification`). The distinct patterns and their counts are all that
the coalition analysis needs; a second pass collects the Pareto frontier of the deals a
chosen coalition accepts, over its members' utilities.

Example:
    >>> import negsim
    >>> s = negsim.load(negsim.bundled("supply-chain-three-party"))
    >>> pats = scan(s)
    >>> int(pats.counts.sum()) == pats.deals_total
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negsim.errors import NegsimError
from negsim.numeric import FloatArray, IntArray
from negsim.rules.masks import BitArray
from negsim.rules.ratification import HomeVote, home_votes
from negsim.scenario.models import Scenario
from negsim.space import OutcomeSpace, build_space

MAX_DEALS = 20_000_000
"""Largest deal space the rule analysis walks (it reads every deal twice)."""


@dataclass
class Patterns:
    """Distinct (own, ratified) acceptance patterns of the deals and how many deals have each."""

    parties: list[str]
    deals_total: int
    own: BitArray  # the negotiators' own red lines and floors (level I)
    ratified: BitArray  # with each ratifying party's win-set instead (level II); = own without ratification
    counts: IntArray
    home: list[HomeVote] = field(default_factory=list)

    @property
    def patterns(self) -> BitArray:
        """The acceptance patterns the rule analysis uses (level II)."""
        return self.ratified

    def accepting(self, coalition: int, level: str = "ratified") -> int:
        """Number of deals every member of ``coalition`` accepts."""
        pats = self.ratified if level == "ratified" else self.own
        return int(self.counts[(pats & np.uint64(coalition)) == np.uint64(coalition)].sum())


@dataclass
class Frontier:
    """The frontier of the deals a coalition accepts, over its members' utilities (sorted by deal index)."""

    members: list[str]
    index: IntArray
    utilities: FloatArray
    space: Any = field(repr=False, default=None)

    def deal(self, row: int) -> dict[str, str]:
        """The deal of frontier row ``row``: issue id → option (issues on the table)."""
        return dict(self.space.deal(int(self.index[row])))


def _space(s: Scenario, agenda: str | None, space: OutcomeSpace | None = None) -> OutcomeSpace:
    if space is None:
        space = build_space(s, agenda)
    if space.size > MAX_DEALS:
        raise NegsimError(f"the decision-rule analysis walks every deal; {space.size:,} deals are more than its limit "
                          f"of {MAX_DEALS:,} (analyse an agenda, or coarsen numeric issues)")
    return space


def _party_bits(space: OutcomeSpace) -> list[np.uint64]:
    return [np.uint64(space.party_mask(p)) for p in space.parties]


def _accepts(space: OutcomeSpace, start: int, stop: int, bits: Sequence[np.uint64]) -> tuple[BitArray, FloatArray]:
    """Per deal: the bit mask of parties whose own constraints hold, and the utilities."""
    u = space.utilities_range(start, stop)
    viol = space.violations_range(start, stop, u)
    out = np.zeros(stop - start, dtype=np.uint64)
    for k, b in enumerate(bits):
        out[(viol & b) == 0] |= np.uint64(1 << k)
    return out, u


def _ratify(own: BitArray, home: Sequence[HomeVote], parties: list[str], start: int, stop: int) -> BitArray:
    out = own.copy()
    for h in home:
        bit = np.uint64(1 << parties.index(h.party))
        out = np.where(h.ratified(start, stop), out | bit, out & ~bit)
    return out


def scan(s: Scenario, agenda: str | None = None, space: OutcomeSpace | None = None) -> Patterns:
    """Pass 1: the distinct acceptance patterns of every deal, with their counts (``space``: already built)."""
    space = _space(s, agenda, space)
    bits = _party_bits(space)
    home = home_votes(s, agenda)
    keys: list[IntArray] = []
    counts: list[IntArray] = []
    for start, stop in space.chunks():
        own, _ = _accepts(space, start, stop, bits)
        ratified = _ratify(own, home, space.parties, start, stop) if home else own
        pairs, n = np.unique(np.stack([own, ratified], axis=1), axis=0, return_counts=True)
        keys.append(pairs)
        counts.append(n)
    pairs, inverse = np.unique(np.concatenate(keys), axis=0, return_inverse=True)
    total = np.bincount(np.asarray(inverse).reshape(-1), weights=np.concatenate(counts)).astype(np.int64)
    return Patterns(list(space.parties), int(space.size), pairs[:, 0].copy(), pairs[:, 1].copy(), total, home)


def frontiers(s: Scenario, agenda: str | None, coalitions: Sequence[int],
              space: OutcomeSpace | None = None) -> list[Frontier]:
    """Pass 2: for each coalition (a mask), the Pareto frontier of the deals all its members accept."""
    from negsim.bargaining.pareto import pareto_indices

    space = _space(s, agenda, space)
    bits = _party_bits(space)
    home = home_votes(s, agenda)
    cols = [np.array([k for k in range(len(space.parties)) if c >> k & 1], dtype=np.intp) for c in coalitions]
    idx = [np.zeros(0, dtype=np.int64) for _ in coalitions]
    pts = [np.zeros((0, len(c))) for c in cols]
    for start, stop in space.chunks():
        own, u = _accepts(space, start, stop, bits)
        acc = _ratify(own, home, space.parties, start, stop) if home else own
        for j, (c, members) in enumerate(zip(coalitions, cols, strict=True)):
            ok = np.flatnonzero((acc & np.uint64(c)) == np.uint64(c))
            if len(ok) == 0:
                continue
            cand_i = np.concatenate([idx[j], ok + start])
            cand_u = np.concatenate([pts[j], u[np.ix_(ok, members)]])
            keep = pareto_indices(cand_u)
            order = np.argsort(cand_i[keep], kind="stable")
            idx[j], pts[j] = cand_i[keep][order], cand_u[keep][order]
    return [Frontier([space.parties[int(k)] for k in members], i, p, space)
            for members, i, p in zip(cols, idx, pts, strict=True)]


__all__ = ["MAX_DEALS", "Frontier", "Patterns", "frontiers", "scan"]
