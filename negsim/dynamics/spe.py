"""Subgame-perfect alternating offers between two parties on a scenario's feasible deals.

Party 1 proposes in even rounds, party 2 in odd ones. A party's utility of agreeing on
deal x in round t is d_i + δ_i^t (u_i(x) − d_i): the gain over no deal shrinks by its
``patience`` δ_i every round (so no deal stays worth d_i). After each rejection talks
break down with probability p (each party then gets d_i); after the last round of a
deadline, too. Work is done in gains g = u − d over the Pareto frontier of the
feasible deals — only frontier deals are ever proposed in equilibrium.

* **Finite horizon** — backward induction from the deadline: in round t the proposer
  offers the deal best for itself among those the responder accepts, i.e. those giving
  the responder at least its continuation (1 − p) δ_j V_j(t + 1); it delays (makes an
  unacceptable offer) if its own continuation is better. Responders accept ties.
* **Infinite horizon, stationary** — each party always proposes the same deal; a pair of
  proposals (a, b) is an SPE when a is best for party 1 subject to g2(a) ≥ q2 g2(b) and b
  best for party 2 subject to g1(b) ≥ q1 g1(a), q_i = (1 − p) δ_i. The map a ↦ a' is
  monotone, so iterating it from party 1's best (worst) deal reaches the stationary SPE
  best (worst) for party 1 (Tarski); on discrete deals they may differ. On the convex
  hull of the frontier (lotteries allowed) the SPE is unique and found by bisection; on a
  linear pie it is Rubinstein's split.

Sources: Rubinstein (1982), Econometrica 50(1):97–109; Binmore, Rubinstein & Wolinsky
(1986), RAND J. Econ. 17(2):176–188 (breakdown, Nash limit); Ståhl (1972) (finite
horizon); Muthoo (1999), Bargaining Theory with Applications, ch. 3–4; van Damme,
Selten & Winter (1990) (alternating offers over a finite set of deals).

Example:
    >>> import numpy as np
    >>> pie = np.linspace(0, 1, 1001)
    >>> points = np.c_[pie, 1 - pie]
    >>> round(float(stationary(points, np.zeros(2), (0.9, 0.9), convex=True).values[0]), 4)
    0.5263
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from negsim.bargaining.pareto import group_identical, pareto_indices
from negsim.bargaining.solutions import nash_convex, upper_hull
from negsim.dynamics.domain import Domain, first_index
from negsim.errors import NegsimError
from negsim.numeric import TOL

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

NONE = -1


class Frontier(Protocol):
    """What the solver needs of a frontier: the best offer for one party under the other's threshold."""

    def best_for_1(self, c2: float) -> tuple[float, float] | None: ...

    def best_for_2(self, c1: float) -> tuple[float, float] | None: ...


@dataclass(frozen=True)
class DiscreteFrontier:
    """The Pareto frontier of finitely many gain vectors, sorted by party 1's gain ascending."""

    x: FloatArray  # party 1 gains, ascending
    y: FloatArray  # party 2 gains, descending
    rows: IntArray  # row of each point in the caller's array

    @classmethod
    def of(cls, gains: FloatArray) -> DiscreteFrontier:
        """The frontier of ``gains`` (N, 2): one row per distinct utility vector, deals with a loss dropped."""
        ok = np.flatnonzero(np.all(gains >= -TOL, axis=1))
        front = ok[pareto_indices(gains[ok])]
        front = np.array([g[0] for g in (front[grp] for grp in group_identical(gains[front]))], dtype=np.int64)
        order = np.argsort(gains[front, 0], kind="stable")
        rows = front[order]
        return cls(gains[rows, 0].copy(), gains[rows, 1].copy(), rows)

    def best_for_1(self, c2: float) -> tuple[float, float] | None:
        """Party 1's best point among those giving party 2 at least ``c2``."""
        m = int(np.searchsorted(-self.y, -c2 + TOL, side="right")) - 1
        return None if m < 0 else (float(self.x[m]), float(self.y[m]))

    def best_for_2(self, c1: float) -> tuple[float, float] | None:
        """Party 2's best point among those giving party 1 at least ``c1``."""
        m = int(np.searchsorted(self.x, c1 - TOL, side="left"))
        return None if m >= self.x.size else (float(self.x[m]), float(self.y[m]))

    def position(self, point: tuple[float, float]) -> int:
        """The frontier position of a point returned by ``best_for_*``."""
        return int(np.searchsorted(self.x, point[0] - TOL, side="left"))


@dataclass(frozen=True)
class ConvexFrontier:
    """The Pareto part of the convex hull of the gains: lotteries between adjacent frontier deals."""

    x: FloatArray
    y: FloatArray
    rows: IntArray
    deals: DiscreteFrontier  # the discrete frontier underneath (to name lotteries)

    @classmethod
    def of(cls, gains: FloatArray) -> ConvexFrontier:
        """The hull of the frontier of ``gains`` (N, 2), vertices by party 1's gain ascending."""
        disc = DiscreteFrontier.of(gains)
        hull = upper_hull(np.c_[disc.x, disc.y])
        return cls(disc.x[hull].copy(), disc.y[hull].copy(), disc.rows[hull], disc)

    def best_for_1(self, c2: float) -> tuple[float, float] | None:
        if c2 > self.y[0] + TOL:
            return None
        if c2 <= self.y[-1]:
            return float(self.x[-1]), float(self.y[-1])
        x = float(np.interp(-c2, -self.y, self.x))
        return x, max(c2, float(self.y[-1]))

    def best_for_2(self, c1: float) -> tuple[float, float] | None:
        if c1 > self.x[-1] + TOL:
            return None
        if c1 <= self.x[0]:
            return float(self.x[0]), float(self.y[0])
        return c1, float(np.interp(c1, self.x, self.y))

    def lottery(self, point: tuple[float, float]) -> tuple[int, int, float]:
        """Rows (a, b) of two frontier deals and the probability of a whose mix gives ``point``.

        The closest pair of frontier deals around the point when both lie on the hull (a linear
        stretch of the frontier), else the two hull vertices of its edge.
        """
        d = self.deals
        k = int(np.searchsorted(d.x, point[0] - TOL, side="left"))
        if k < d.x.size and abs(d.x[k] - point[0]) <= TOL:
            return int(d.rows[k]), int(d.rows[k]), 1.0
        if 0 < k < d.x.size and self._on_hull(d.x[k - 1], d.y[k - 1]) and self._on_hull(d.x[k], d.y[k]):
            return self._mix(d.x[k - 1], d.x[k], d.rows[k - 1], d.rows[k], point[0])
        e = int(np.clip(np.searchsorted(self.x, point[0], side="right") - 1, 0, self.x.size - 1))
        if e == self.x.size - 1:
            return int(self.rows[e]), int(self.rows[e]), 1.0
        return self._mix(self.x[e], self.x[e + 1], self.rows[e], self.rows[e + 1], point[0])

    def _on_hull(self, x: float, y: float) -> bool:
        return bool(abs(np.interp(x, self.x, self.y) - y) <= 1e-9)

    @staticmethod
    def _mix(xa: float, xb: float, ra: int, rb: int, x: float) -> tuple[int, int, float]:
        p = float((xb - x) / (xb - xa)) if xb - xa > TOL else 1.0
        if p >= 1 - 1e-9:
            return int(ra), int(ra), 1.0
        if p <= 1e-9:
            return int(rb), int(rb), 1.0
        return int(ra), int(rb), p


def frontier_of(gains: FloatArray, convex: bool) -> DiscreteFrontier | ConvexFrontier:
    """The discrete frontier of ``gains`` or its convex hull."""
    gains = np.asarray(gains, dtype=float)
    if gains.ndim != 2 or gains.shape[1] != 2:
        raise NegsimError("subgame-perfect alternating offers are solved for two parties; choose two parties")
    if not np.any(np.all(gains >= -TOL, axis=1)):
        raise NegsimError("no deal gives both parties at least their no-deal utility: there is nothing to bargain "
                          "over (try an agenda with a zone of agreement)")
    return ConvexFrontier.of(gains) if convex else DiscreteFrontier.of(gains)


# --- results ------------------------------------------------------------------------


@dataclass
class EquilibriumPath:
    """Low-level SPE result in gains: what each round's proposer offers and the values at round 0.

    ``offers[t]`` is the gain vector proposed in round t (NaN where the proposer delays);
    ``values`` the expected discounted gains at the start of round 0; ``agreement_round``
    the first round whose offer is accepted along the equilibrium path.
    """

    offers: FloatArray  # (T, 2)
    values: FloatArray  # (2,)
    agreement_round: int | None
    first: int
    low: FloatArray | None = None  # stationary discrete: the SPE worst for party 1 (gains of a, b)
    high: FloatArray | None = None
    note: str = ""
    proposals: FloatArray = field(default_factory=lambda: np.zeros((0, 2)))  # stationary: (2, 2) a, b


def _q(patience: tuple[float, float] | FloatArray, breakdown: float) -> FloatArray:
    q = (1.0 - breakdown) * np.asarray(patience, dtype=float)
    if np.any(q < 0) or np.any(q > 1):
        raise NegsimError("patience must lie in (0, 1] and the breakdown probability in [0, 1]")
    return q


def backward_induction(points: FloatArray, d: FloatArray, patience: tuple[float, float] | FloatArray,
                       rounds: int, breakdown: float = 0.0, first: int = 0, convex: bool = False) -> EquilibriumPath:
    """The SPE of alternating offers with a deadline of ``rounds`` rounds, by backward induction.

    ``points`` (N, 2) are the utilities of the feasible deals, ``d`` the no-deal utilities.
    Source: Ståhl (1972); Rubinstein (1982) §5; Osborne & Rubinstein (1990) §3.

    >>> pts = np.c_[np.linspace(0, 1, 11), np.linspace(1, 0, 11)]
    >>> backward_induction(pts, np.zeros(2), (0.5, 0.5), rounds=2).values.tolist()
    [0.5, 0.5]
    """
    if rounds < 1:
        raise NegsimError("the deadline must be at least one round")
    front = frontier_of(np.asarray(points) - d, convex)
    q = _q(patience, breakdown)
    offers = np.full((rounds, 2), np.nan)
    agree = np.zeros(rounds, dtype=bool)
    v = np.zeros(2)
    for t in range(rounds - 1, -1, -1):
        i = (first + t) % 2
        c = q * v
        offer = front.best_for_1(c[1]) if i == 0 else front.best_for_2(c[0])
        if offer is not None and offer[i] >= c[i] - TOL:
            offers[t] = offer
            agree[t] = True
            v = np.array(offer)
        else:
            v = c
    hit = np.flatnonzero(agree)
    return EquilibriumPath(offers, v, int(hit[0]) if hit.size else None, first)


def stationary(points: FloatArray, d: FloatArray, patience: tuple[float, float] | FloatArray,
               breakdown: float = 0.0, first: int = 0, convex: bool = False) -> EquilibriumPath:
    """The stationary SPE of infinite alternating offers (a fixed point; see the module docstring).

    Discrete deals: ``low``/``high`` give the stationary SPE worst and best for party 1 (they
    differ when the grid is coarse); ``values`` is the one best for the first proposer.
    Source: Rubinstein (1982); Binmore, Rubinstein & Wolinsky (1986); Muthoo (1999) §3.2.

    >>> pts = np.c_[np.linspace(0, 1, 101), np.linspace(1, 0, 101)]
    >>> stationary(pts, np.zeros(2), (0.9, 0.8), first=1, convex=True).values.round(4).tolist()
    [0.6429, 0.3571]
    """
    front = frontier_of(np.asarray(points) - d, convex)
    q = _q(patience, breakdown)
    if isinstance(front, ConvexFrontier):
        a, b, note = _stationary_convex(front, q)
        lo = hi = np.array([a, b])
    else:
        lo_ab, hi_ab = _stationary_discrete(front, q, from_top=False), _stationary_discrete(front, q, from_top=True)
        lo, hi = np.array(lo_ab), np.array(hi_ab)
        several = "several stationary SPE on these discrete deals; reported: the one best for the first proposer"
        note = "" if np.allclose(lo, hi) else several
        pick = hi if first == 0 else lo
        a, b = tuple(pick[0]), tuple(pick[1])
    if q[0] * q[1] >= 1.0 - 1e-15:
        note = "no discounting and no breakdown risk: every frontier deal is a stationary SPE"
    first_offer = a if first == 0 else b
    proposals = np.array([a, b])
    return EquilibriumPath(np.array([first_offer]), np.array(first_offer), 0, first, lo, hi, note, proposals)


def _stationary_discrete(front: DiscreteFrontier, q: FloatArray,
                         from_top: bool) -> tuple[tuple[float, float], tuple[float, float]]:
    """Iterate a ↦ best_1(q2 g2(best_2(q1 g1(a)))) from party 1's best (or worst) deal to a fixed point."""
    k = front.x.size - 1 if from_top else 0
    for _ in range(front.x.size + 2):
        a = (float(front.x[k]), float(front.y[k]))
        b = front.best_for_2(q[0] * a[0])
        assert b is not None  # a itself qualifies
        a_next = front.best_for_1(q[1] * b[1])
        assert a_next is not None  # b itself qualifies
        k_next = front.position(a_next)
        if k_next == k:
            return a, b
        k = k_next
    raise AssertionError("stationary iteration did not converge")  # pragma: no cover - monotone on a finite set


def _stationary_convex(front: ConvexFrontier, q: FloatArray) -> tuple[tuple[float, float], tuple[float, float], str]:
    """Bisection on party 1's gain x: the unique root of x − T(x) on the hull."""

    def step(x: float) -> tuple[tuple[float, float], tuple[float, float]]:
        b = front.best_for_2(q[0] * x)
        assert b is not None
        a = front.best_for_1(q[1] * b[1])
        assert a is not None
        return a, b

    lo, hi = float(front.x[0]), float(front.x[-1])
    if q[0] * q[1] >= 1.0 - 1e-15:
        a, b = step(hi)
        return a, b, ""
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid - step(mid)[0][0] > 0:
            hi = mid
        else:
            lo = mid
        if hi - lo < 1e-15:
            break
    a, b = step(0.5 * (lo + hi))
    return a, b, ""


# --- patience sweeps (data for the figure) ------------------------------------------


@dataclass
class PatienceCurve:
    """SPE utilities (convexified frontier) as common patience rises, with each party proposing first."""

    patience: FloatArray  # (K,)
    first_proposes: FloatArray  # (K, 2) utilities when party 1 proposes first
    second_proposes: FloatArray  # (K, 2) utilities when party 2 proposes first
    nash: FloatArray  # (2,) the Nash point of the convexified frontier
    breakdown: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"patience": self.patience.tolist(), "first_proposes": self.first_proposes.tolist(),
                "second_proposes": self.second_proposes.tolist(), "nash": self.nash.tolist(),
                "breakdown": self.breakdown}


def patience_curve(points: FloatArray, d: FloatArray, patience: FloatArray | None = None,
                   breakdown: float = 0.0) -> PatienceCurve:
    """Stationary SPE on the convex hull for each common patience δ (the Nash limit as δ → 1).

    Source: Binmore, Rubinstein & Wolinsky (1986), Proposition 1.

    >>> pts = np.c_[np.linspace(0, 1, 11), np.linspace(1, 0, 11)]
    >>> c = patience_curve(pts, np.zeros(2), np.array([0.5, 0.999]))
    >>> c.first_proposes[:, 0].round(3).tolist(), c.nash.tolist()
    ([0.667, 0.5], [0.5, 0.5])
    """
    grid = np.asarray(patience if patience is not None else 1.0 - np.geomspace(0.5, 1e-3, 40), dtype=float)
    first = np.array([stationary(points, d, (x, x), breakdown, 0, True).values for x in grid]) + d
    second = np.array([stationary(points, d, (x, x), breakdown, 1, True).values for x in grid]) + d
    lot = nash_convex(np.asarray(points, dtype=float), d)
    nash = np.array(lot.utilities) if lot is not None else np.full(2, np.nan)
    return PatienceCurve(grid, first, second, nash, breakdown)


# --- on a scenario ------------------------------------------------------------------


@dataclass
class Proposal:
    """A proposal in the SPE: by whom, the deal (or a lottery of two deals), each party's utility."""

    proposer: str
    deal: dict[str, str] | None
    utilities: dict[str, float]
    lottery: list[tuple[dict[str, str], float]] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"proposer": self.proposer, "deal": self.deal, "utilities": self.utilities}
        if self.lottery is not None:
            out["lottery"] = [{"deal": d, "probability": p} for d, p in self.lottery]
        return out


@dataclass
class SPE:
    """The subgame-perfect outcome of alternating offers on a scenario (two parties)."""

    parties: list[str]
    horizon: str  # "finite" | "infinite"
    rounds: int | None
    frontier: str  # "discrete" | "convex"
    first: str
    patience: dict[str, float]
    breakdown: float
    agreement_round: int | None
    agreement: Proposal | None
    proposals: list[Proposal]  # stationary: each party's proposal; finite: the offers of the first rounds
    values: dict[str, float]  # expected discounted utility at the start
    first_range: tuple[float, float] | None = None  # discrete stationary: first proposer's utility, worst..best SPE
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"parties": self.parties, "horizon": self.horizon, "rounds": self.rounds, "frontier": self.frontier,
                "first": self.first, "patience": self.patience, "breakdown": self.breakdown,
                "agreement_round": self.agreement_round,
                "agreement": self.agreement.to_dict() if self.agreement else None,
                "proposals": [p.to_dict() for p in self.proposals], "values": self.values,
                "first_range": list(self.first_range) if self.first_range else None, "note": self.note}


SHOWN_ROUNDS = 6
"""Finite horizon: the proposals of this many first rounds are kept in the result."""


def solve(domain: Domain, rounds: int | None = None, first: str | None = None, breakdown: float = 0.0,
          convex: bool = False) -> SPE:
    """The SPE of alternating offers on ``domain`` (two parties): finite with ``rounds``, else stationary.

    Source: see the module docstring.

    >>> import negsim
    >>> from negsim.dynamics.domain import build_domain
    >>> dom = build_domain(negsim.load(negsim.bundled("divide-the-dollar")))
    >>> spe = solve(dom, convex=True)
    >>> spe.agreement_round, round(spe.agreement.utilities["alice"], 4)
    (0, 0.5263)
    """
    if len(domain.parties) != 2:
        raise NegsimError(f"subgame-perfect alternating offers need two parties, not {len(domain.parties)}; "
                          "choose two with --parties")
    if not domain.feasible.any():
        raise NegsimError("no deal is acceptable to both parties (their red lines or no-deal utilities collide): "
                          "there is no equilibrium agreement; try an agenda with a zone of agreement")
    k0 = first_index(domain, first)
    idx = np.flatnonzero(domain.feasible)
    points = domain.u[idx]
    front = frontier_of(points - domain.no_deal, convex)
    if rounds is None:
        path = stationary(points, domain.no_deal, domain.patience, breakdown, k0, convex)
    else:
        path = backward_induction(points, domain.no_deal, domain.patience, rounds, breakdown, k0, convex)
    return _assemble(domain, idx, front, path, rounds, breakdown, convex)


def _assemble(domain: Domain, idx: IntArray, front: DiscreteFrontier | ConvexFrontier, path: EquilibriumPath,
              rounds: int | None, breakdown: float, convex: bool) -> SPE:
    d, parties = domain.no_deal, domain.parties
    if rounds is None:
        offers = [(k, path.proposals[k]) for k in range(2)]
    else:
        offers = [(int((path.first + t) % 2), path.offers[t]) for t in range(min(rounds, SHOWN_ROUNDS))]
    proposals = [_proposal(domain, idx, front, parties[k], g) for k, g in offers]
    agreement = None
    if path.agreement_round is not None:
        proposer = (path.first + path.agreement_round) % 2
        g = path.offers[path.agreement_round] if rounds is not None else path.proposals[proposer]
        agreement = _proposal(domain, idx, front, parties[proposer], g)
    first_range = None
    if rounds is None and path.low is not None and path.high is not None and not convex:
        k = path.first
        first_range = (float(path.low[k][k] + d[k]), float(path.high[k][k] + d[k]))
        first_range = (min(first_range), max(first_range))
    return SPE(list(parties), "infinite" if rounds is None else "finite", rounds, "convex" if convex else "discrete",
               parties[path.first], {p: float(x) for p, x in zip(parties, domain.patience, strict=True)}, breakdown,
               path.agreement_round, agreement, proposals,
               {p: float(v) for p, v in zip(parties, path.values + d, strict=True)}, first_range, path.note)


def _proposal(domain: Domain, idx: IntArray, front: DiscreteFrontier | ConvexFrontier, proposer: str,
              gains: FloatArray) -> Proposal:
    d = domain.no_deal
    if np.isnan(gains).any():
        return Proposal(proposer, None, {p: float(x) for p, x in zip(domain.parties, d, strict=True)},
                        None)
    point = (float(gains[0]), float(gains[1]))
    utilities = {p: float(x) for p, x in zip(domain.parties, np.array(point) + d, strict=True)}
    if isinstance(front, ConvexFrontier):
        a, b, p = front.lottery(point)
        if a == b:
            return Proposal(proposer, domain.deal(int(idx[a])), utilities)
        lottery = [(domain.deal(int(idx[a])), p), (domain.deal(int(idx[b])), 1.0 - p)]
        return Proposal(proposer, None, utilities, lottery)
    row = int(front.rows[front.position(point)])
    return Proposal(proposer, domain.deal(int(idx[row])), utilities)


__all__ = ["SPE", "ConvexFrontier", "DiscreteFrontier", "EquilibriumPath", "PatienceCurve", "Proposal",
           "backward_induction", "frontier_of", "patience_curve", "solve", "stationary"]
