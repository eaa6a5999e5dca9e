"""What simulated negotiators and the SPE solver need from a scenario, computed once.

A :class:`Domain` holds, for the negotiating parties, every deal's utilities, each
party's own acceptable deals (its red lines and no-deal floor hold), the deals every
party accepts, their Pareto frontier and Nash deal, and for each party a
:class:`PartyView`: its efficient acceptable deals sorted by its own utility, so that
"the deal at my aspiration level that is best for the others" is one binary search —
never a loop over deals. Building it costs a few linear passes over the deals (no sort
of all deals: see :func:`negsim.bargaining.pareto.frontier_2d`).

Source: the offer-selection idea follows the time-dependent tactics of Faratin,
Sierra & Jennings (1998), "Negotiation decision functions for autonomous agents",
Robotics and Autonomous Systems 24:159–182, with complete information about utilities.

Example:
    >>> import negsim
    >>> dom = build_domain(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> dom.parties, dom.size, bool(dom.views[0].best > dom.no_deal[0])
    (['bill', 'jack'], 512, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negsim import plan
from negsim.bargaining import solutions as sol
from negsim.bargaining.pareto import frontier_2d, pareto_indices
from negsim.engine.result import Analysis
from negsim.errors import NegsimError
from negsim.numeric import TOL
from negsim.scenario.models import Scenario
from negsim.space import OutcomeSpace, build_space

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class PartyView:
    """One party's acceptable deals (``pool``) and, sorted by its own utility, their efficient ones.

    ``order`` holds the deals of the pool that no other deal of the pool beats both for this
    party and for the others (the frontier in the plane (own utility, the others' smallest
    gain)), by own utility descending; ``own`` their utilities. The deal at or above an
    aspiration level that is best for the others is always one of them: the last one whose
    own utility reaches the level.
    """

    party: int
    pool: IntArray
    order: IntArray
    own: FloatArray
    floor: float
    lowest: float
    neg_own: FloatArray  # −own, ascending (for binary search)

    @property
    def empty(self) -> bool:
        """True when the party's own red lines leave it no deal at all."""
        return self.pool.size == 0

    @property
    def best(self) -> float:
        """The party's best acceptable utility (its no-deal utility when it has no deal)."""
        return float(self.own[0]) if self.order.size else self.floor

    @property
    def worst(self) -> float:
        """The party's lowest acceptable utility."""
        return self.lowest

    def at_level(self, target: float) -> int:
        """The deal at or above ``target`` (own utility) that is best for the others; −1 if none."""
        if self.order.size == 0:
            return -1
        k = int(np.searchsorted(self.neg_own, -target + TOL, side="right")) - 1
        return int(self.order[max(k, 0)])  # nothing reaches the target: the party's best deal


@dataclass(frozen=True)
class Domain:
    """The negotiating parties' view of a scenario's deals (see the module docstring)."""

    space: OutcomeSpace
    parties: list[str]
    columns: IntArray  # positions of the negotiating parties in space.parties
    u: FloatArray  # (N, P) utilities of the negotiating parties
    no_deal: FloatArray  # (P,)
    patience: FloatArray  # (P,)
    power: FloatArray  # (P,)
    acceptable: BoolArray  # (P, N) own red lines and floors hold
    feasible: BoolArray  # (N,) every negotiating party accepts
    frontier: IntArray  # deal indices on the Pareto frontier of the feasible deals
    nash: int | None  # the Nash deal (discrete, feasible deals), None when there is no feasible deal
    views: list[PartyView]

    @property
    def size(self) -> int:
        return int(self.u.shape[0])

    @property
    def names(self) -> list[str]:
        return [self.space.info.party_names[p] for p in self.parties]

    def deal(self, index: int) -> dict[str, str]:
        """The deal behind an index, issue → option."""
        return self.space.deal(int(index))

    def utilities(self, index: int) -> dict[str, float]:
        """Each negotiating party's utility of a deal."""
        return {p: float(v) for p, v in zip(self.parties, self.u[int(index)], strict=True)}

    def distance_to_frontier(self, point: FloatArray) -> float | None:
        """Euclidean distance in utility space from ``point`` to the nearest frontier deal."""
        if self.frontier.size == 0:
            return None
        return float(np.min(np.linalg.norm(self.u[self.frontier] - point, axis=1)))

    def distance_to_nash(self, point: FloatArray) -> float | None:
        """Euclidean distance in utility space from ``point`` to the Nash deal."""
        if self.nash is None:
            return None
        return float(np.linalg.norm(self.u[self.nash] - point))


def build_domain(scenario: Scenario, agenda: str | None = None, parties: list[str] | None = None) -> Domain:
    """The domain of ``scenario`` (an agenda of it) for the given parties (default: all).

    Only the chosen parties' red lines and floors count: picking two parties of three
    simulates a bilateral negotiation that ignores the third. (Builds the deal space; when
    it is already built and analysed, use :func:`domain_of_space`.)
    """
    return domain_of_space(build_space(scenario, agenda), parties)


def domain_of_space(space: OutcomeSpace, parties: list[str] | None = None, *,
                    analysis: Analysis | None = None) -> Domain:
    """The domain of a built deal space; with ``analysis`` (of the same space, all parties negotiating)
    its frontier and Nash deal are the analysis's own, so the negotiation and the report agree by construction.
    """
    chosen = _chosen_parties(space, parties)
    plan.check(plan.domain(space.size, len(space.parties)))  # every deal's utilities are held at once
    columns = np.array([space.parties.index(p) for p in chosen], dtype=np.int64)
    u = np.ascontiguousarray(space.utilities()[:, columns])
    acceptable = np.stack([_own_mask(space, u[:, k], p) for k, p in enumerate(chosen)])
    feasible: BoolArray = np.asarray(acceptable.all(axis=0))
    no_deal = space.no_deal[columns]
    views = [_party_view(k, u, acceptable[k], no_deal) for k in range(len(chosen))]
    if analysis is not None and chosen == space.parties:
        frontier, nash = _from_analysis(analysis)
    else:
        frontier, nash = _frontier_and_nash(u, feasible, no_deal, space.power[columns])
    patience = np.array([space.scenario.party(p).patience for p in chosen])
    return Domain(space, chosen, columns, u, no_deal, patience, space.power[columns], acceptable, feasible,
                  frontier, nash, views)


def _from_analysis(analysis: Analysis) -> tuple[IntArray, int | None]:
    """The analysis's frontier deals (every deal behind every point) and its Nash deal, as indices."""
    front = np.array(sorted(i for p in analysis.frontier for i in p.indices), dtype=np.int64)
    nash = analysis.solutions["nash"].index
    return front, (int(nash) if nash is not None else None)


def first_index(domain: Domain, first: str | None) -> int:
    """The position of the first proposer (the first party when None), or a clear error."""
    if first is None:
        return 0
    if first not in domain.parties:
        raise NegsimError(f"the first proposer `{first}` does not negotiate here "
                          f"(parties: {', '.join(domain.parties)})")
    return domain.parties.index(first)


def _chosen_parties(space: OutcomeSpace, parties: list[str] | None) -> list[str]:
    if parties is None:
        return list(space.parties)
    unknown = [p for p in parties if p not in space.parties]
    if unknown:
        raise NegsimError(f"not a party of the scenario: {', '.join(unknown)} (parties: {', '.join(space.parties)})")
    if len(set(parties)) < 2 or len(set(parties)) != len(parties):
        raise NegsimError("choose at least two different parties to negotiate")
    return list(parties)


def _own_mask(space: OutcomeSpace, own_u: FloatArray, party: str) -> BoolArray:
    """Deals that break none of ``party``'s constraints (red lines, min_utility, no-deal floor).

    The same rule as :meth:`OutcomeSpace.violations`, built by broadcasting each red line's
    option mask over the deal grid instead of decoding every deal index.
    """
    ok = np.ones(space.shape or (1,), dtype=bool)
    axis_of = {a.id: k for k, a in enumerate(space.axes)}
    floor = -np.inf
    for c in space.constraints:
        if c.party != party:
            continue
        if c.allowed is not None and c.issue is not None:
            shape = [1] * len(space.axes)
            shape[axis_of[c.issue]] = -1
            ok &= c.allowed.reshape(shape)
        else:
            floor = max(floor, c.floor or 0.0)
    return ok.reshape(-1) & (own_u >= floor - TOL)


def _frontier_and_nash(u: FloatArray, feasible: BoolArray, d: FloatArray,
                       power: FloatArray) -> tuple[IntArray, int | None]:
    idx = np.flatnonzero(feasible).astype(np.int64)
    if idx.size == 0:
        return idx, None
    front = idx[frontier_2d(u[idx, 0], u[idx, 1])] if u.shape[1] == 2 else idx[pareto_indices(u[idx])]
    pick = sol.nash(u[front], d, power)
    return front, (int(front[pick.index]) if pick.index is not None else None)


def _party_view(k: int, u: FloatArray, mask: BoolArray, d: FloatArray) -> PartyView:
    """The party's pool and its efficient deals in (own utility, others' smallest gain), own descending."""
    pool = np.flatnonzero(mask).astype(np.int64)
    if pool.size == 0:
        empty = np.zeros(0)
        return PartyView(k, pool, pool, empty, float(d[k]), float(d[k]), empty)
    own = u[pool, k]
    if u.shape[1] == 2:
        others = u[pool, 1 - k] - d[1 - k]
    else:
        gains = u[pool] - d
        gains[:, k] = np.inf
        others = gains.min(axis=1)
    front = frontier_2d(own, others)
    order = front[np.lexsort((-pool[front], -others[front], -own[front]))]
    own_sorted = own[order]
    return PartyView(k, pool, pool[order], own_sorted, float(d[k]), float(own.min()), -own_sorted)


__all__ = ["Domain", "PartyView", "build_domain", "domain_of_space", "first_index"]
