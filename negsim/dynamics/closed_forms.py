"""Closed forms of strategic bargaining over time: who gets what in the subgame-perfect equilibrium.

Every function splits a pie of size 1 between player 1 (who proposes first) and player 2
and returns a :class:`Split`. The results are the classic ones of alternating-offers
bargaining (Rubinstein 1982; Binmore, Rubinstein & Wolinsky 1986; Muthoo 1999) and of
crisis bargaining (Fearon 1995).

Example:
    >>> round(rubinstein(0.9, 0.9).first, 4)
    0.5263
    >>> fearon_range(0.5, 0.1, 0.1).as_tuple()
    (0.4, 0.6)
    >>> round(fearon_private_information(0.5, 0.1, 0.0, 0.4).p_war, 4)
    0.375
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from negsim.errors import NegsimError


@dataclass(frozen=True)
class Split:
    """Shares of a pie of 1 in equilibrium: ``first`` for the first proposer, ``second`` for the other."""

    first: float
    second: float
    source: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BargainingRange:
    """The interval of splits (player A's share) that both sides prefer to fighting."""

    low: float
    high: float
    war_a: float
    war_b: float
    source: str

    @property
    def empty(self) -> bool:
        """True when no split beats war for both (negative total costs of war)."""
        return self.low > self.high

    def as_tuple(self) -> tuple[float, float]:
        """``(low, high)`` rounded to 12 decimals (for display)."""
        return (round(self.low, 12), round(self.high, 12))

    def contains(self, x: float) -> bool:
        """Whether A's share ``x`` beats war for both sides."""
        return self.low <= x <= self.high

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "empty": self.empty}


RUBINSTEIN = "Rubinstein (1982), Perfect equilibrium in a bargaining model, Econometrica 50(1):97–109"
BRW = ("Binmore, Rubinstein & Wolinsky (1986), The Nash bargaining solution in economic modelling, "
       "RAND J. Econ. 17(2):176–188")
MUTHOO = "Muthoo (1999), Bargaining Theory with Applications, Cambridge UP, ch. 3–5"
FEARON = "Fearon (1995), Rationalist explanations for war, International Organization 49(3):379–414"


def _check_discount(*deltas: float) -> None:
    for d in deltas:
        if not 0.0 <= d <= 1.0:
            raise NegsimError(f"a discount factor must lie in [0, 1], got {d}")
    if math.prod(deltas) >= 1.0:
        raise NegsimError("with both discount factors equal to 1 every split is an equilibrium; "
                          "give at least one party patience below 1")


def _check_probability(p: float, what: str) -> None:
    if not 0.0 <= p <= 1.0:
        raise NegsimError(f"{what} must lie in [0, 1], got {p}")


def rubinstein(delta1: float, delta2: float) -> Split:
    """The unique SPE of infinite alternating offers: the first proposer keeps (1 − δ2)/(1 − δ1δ2).

    Source: Rubinstein (1982), Theorem (discounting case); Osborne & Rubinstein (1990) §3.4.

    >>> s = rubinstein(0.9, 0.8)
    >>> round(s.first, 4), round(s.second, 4)
    (0.7143, 0.2857)
    """
    _check_discount(delta1, delta2)
    x = (1.0 - delta2) / (1.0 - delta1 * delta2)
    return Split(x, 1.0 - x, RUBINSTEIN)


def rubinstein_rates(r1: float, r2: float, dt: float) -> Split:
    """Rubinstein shares with discount rates r_i and time ``dt`` between offers (δ_i = exp(−r_i dt)).

    Source: Binmore, Rubinstein & Wolinsky (1986) §3; Muthoo (1999) §3.2.3.

    >>> round(rubinstein_rates(1.0, 1.0, 0.1).first, 4)
    0.525
    """
    if r1 < 0 or r2 < 0 or dt <= 0 or r1 + r2 == 0:
        raise NegsimError("discount rates must be ≥ 0 (not both 0) and the time between offers > 0")
    return rubinstein(math.exp(-r1 * dt), math.exp(-r2 * dt))


def nash_limit(r1: float, r2: float) -> Split:
    """The limit of the Rubinstein shares as offers come faster (dt → 0): r2/(r1 + r2) to player 1.

    It is the asymmetric Nash solution of the pie with bargaining powers 1/r_i: patience is power.
    Source: Binmore, Rubinstein & Wolinsky (1986), Proposition 1; Muthoo (1999) §3.2.3.

    >>> nash_limit(1.0, 1.0).first, nash_limit(1.0, 3.0).first
    (0.5, 0.75)
    """
    if r1 < 0 or r2 < 0 or r1 + r2 == 0:
        raise NegsimError("discount rates must be ≥ 0 and not both 0")
    x = r2 / (r1 + r2)
    return Split(x, 1.0 - x, BRW, "asymmetric Nash split with powers proportional to 1/r_i")


def first_mover_advantage(delta1: float, delta2: float) -> float:
    """What player 1 gains by proposing first rather than second: x1 − δ1 x1 = (1−δ1)(1−δ2)/(1−δ1δ2).

    Vanishes as both parties become patient. Source: Rubinstein (1982); Muthoo (1999) §3.2.2.

    >>> round(first_mover_advantage(0.9, 0.9), 4), round(first_mover_advantage(0.999, 0.999), 4)
    (0.0526, 0.0005)
    """
    x = rubinstein(delta1, delta2).first
    return (1.0 - delta1) * x


def fixed_costs(c1: float, c2: float) -> Split:
    """Rubinstein's fixed bargaining costs: each rejected round costs player i the amount c_i.

    c1 < c2: player 1 takes the whole pie; c1 > c2: player 1 gets only c2; c1 = c2 = c: many
    equilibria (player 1 gets between c and 1; the split (1, 0) is reported with a note).
    Source: Rubinstein (1982), the fixed-cost case; Osborne & Rubinstein (1990) §3.9.2.

    >>> fixed_costs(0.1, 0.2).first, fixed_costs(0.2, 0.1).first
    (1.0, 0.1)
    """
    if c1 <= 0 or c2 <= 0:
        raise NegsimError("bargaining costs per round must be positive")
    if c1 < c2:
        return Split(1.0, 0.0, RUBINSTEIN, "the party with the lower cost per round takes everything")
    if c1 > c2:
        return Split(c2, 1.0 - c2, RUBINSTEIN, "the first proposer gets only the other's cost per round")
    return Split(1.0, 0.0, RUBINSTEIN, f"equal costs: any split giving player 1 between {c1:g} and 1 is an SPE")


def outside_options(delta1: float, delta2: float, w1: float = 0.0, w2: float = 0.0) -> Split:
    """SPE shares when a responder may leave for an outside option w_i instead of answering.

    The outside-option principle: an option matters only when it beats what the party gets
    inside the game; then the proposer offers exactly the option. Player j accepts an offer
    worth max(w_j, δ_j x_j), x_j being j's share when proposing; the fixed point is solved
    exactly, case by case. Source: Binmore, Shaked & Sutton (1989); Muthoo (1999) ch. 5.

    >>> round(outside_options(0.9, 0.9, w2=0.45).first, 4), round(outside_options(0.9, 0.9, w2=0.6).first, 4)
    (0.5263, 0.4)
    """
    _check_discount(delta1, delta2)
    if w1 < 0 or w2 < 0 or w1 + w2 > 1:
        raise NegsimError("outside options must be ≥ 0 and sum to at most the pie (1)")
    x1, x2 = _outside_option_fixed_point(delta1, delta2, w1, w2)
    binds = [f"player {k} is offered its outside option" for k, w, share, d in
             ((2, w2, x2, delta2), (1, w1, x1, delta1)) if w > d * share + 1e-12]
    return Split(x1, 1.0 - x1, MUTHOO, "; ".join(binds) or "outside options do not bind")


def _outside_option_fixed_point(d1: float, d2: float, w1: float, w2: float) -> tuple[float, float]:
    """Proposer shares (x1, x2) solving x1 = 1 − max(w2, δ2 x2), x2 = 1 − max(w1, δ1 x1)."""
    candidates = [
        ((1 - d2) / (1 - d1 * d2), (1 - d1) / (1 - d1 * d2)),  # neither option binds
        (1 - w2, 1 - d1 * (1 - w2)),  # player 2's option binds
        (1 - d2 * (1 - w1), 1 - w1),  # player 1's option binds
        (1 - w2, 1 - w1),  # both bind
    ]
    for x1, x2 in candidates:
        if abs(x1 - (1 - max(w2, d2 * x2))) < 1e-12 and abs(x2 - (1 - max(w1, d1 * x1))) < 1e-12:
            return x1, x2
    raise AssertionError("no consistent case")  # pragma: no cover - the map is a contraction


def breakdown_risk(p: float, b1: float = 0.0, b2: float = 0.0, delta1: float = 1.0, delta2: float = 1.0) -> Split:
    """SPE shares when talks break down with probability ``p`` after each rejection (payoffs b_i).

    Responder j accepts an offer worth p b_j + (1 − p) δ_j x_j, so with q_i = (1 − p) δ_i
    the first proposer keeps (1 − q2 − p b2 + q2 p b1) / (1 − q1 q2); without discounting,
    b1 + (1 − b1 − b2)/(2 − p), which tends to the Nash split with disagreement point b as p → 0.
    Source: Binmore, Rubinstein & Wolinsky (1986) §4; Muthoo (1999) ch. 4.

    >>> round(breakdown_risk(0.1).first, 4), round(breakdown_risk(1e-9, 0.2, 0.1).first, 4)
    (0.5263, 0.55)
    """
    _check_probability(p, "the breakdown probability")
    if b1 < 0 or b2 < 0 or b1 + b2 > 1:
        raise NegsimError("breakdown payoffs must be ≥ 0 and sum to at most the pie (1)")
    q1, q2 = (1 - p) * delta1, (1 - p) * delta2
    if q1 * q2 >= 1.0:
        raise NegsimError("with no breakdown risk and no discounting every split is an equilibrium")
    x = (1 - q2 - p * b2 + q2 * p * b1) / (1 - q1 * q2)
    return Split(x, 1.0 - x, BRW)


def fearon_range(p: float, cost_a: float, cost_b: float) -> BargainingRange:
    """Fearon's bargaining range: A's shares in [p − c_A, p + c_B] beat war for both states.

    War gives A the expected value p − c_A (it wins the whole issue with probability p and
    pays c_A) and B (1 − p) − c_B. Source: Fearon (1995), pp. 386–387 and Figure 1.

    >>> fearon_range(0.6, 0.1, 0.15).as_tuple()
    (0.5, 0.75)
    """
    _check_probability(p, "the probability that A wins")
    if cost_a < 0 or cost_b < 0:
        raise NegsimError("costs of war must be ≥ 0")
    return BargainingRange(p - cost_a, p + cost_b, p - cost_a, 1.0 - p - cost_b, FEARON)


@dataclass(frozen=True)
class RiskReturn:
    """A's best take-it-or-leave-it demand when B's cost of war is private, and the war it risks.

    ``demand`` is A's share x*; B accepts when its cost of war is at least x* − p, so war
    breaks out with probability ``p_war``. ``safe_demand`` is the largest demand every type
    of B accepts (no risk of war); ``expected_a`` is A's expected utility of demanding x*.
    """

    demand: float
    p_war: float
    expected_a: float
    safe_demand: float
    source: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


FEARON_PRIVATE = (FEARON + ", pp. 395–401 (private information and the risk–return trade-off); closed form "
                  "derived for B's cost of war uniform on [low, high]")


def fearon_private_information(p: float, cost_a: float, cost_b_low: float, cost_b_high: float) -> RiskReturn:
    """Fearon's risk–return trade-off: A demands x from B, whose cost of war is uniform on [low, high].

    B accepts a demand x (A's share) when 1 − x ≥ (1 − p) − c_B, i.e. when c_B ≥ x − p. A
    maximises P(accept)·x + P(war)·(p − c_A). Setting the derivative to zero gives
    x* = p + (high − c_A)/2 whenever that lies above the safe demand p + low: A asks for more
    than every type of B would grant and accepts a risk of war

        P(war) = (high − c_A − 2·low) / (2·(high − low)),

    which is positive exactly when high > c_A + 2·low (the demand is capped at the whole
    issue, 1). With no uncertainty (low = high) there is no war and A gets p + c_B, the top of
    :func:`fearon_range`. Source: Fearon (1995), pp. 395–401; derived for uniform costs.

    >>> r = fearon_private_information(0.5, 0.1, 0.0, 0.4)
    >>> round(r.demand, 4), round(r.p_war, 4), r.safe_demand
    (0.65, 0.375, 0.5)
    >>> fearon_private_information(0.5, 0.1, 0.2, 0.2).p_war
    0.0
    """
    _check_probability(p, "the probability that A wins")
    if cost_a < 0 or cost_b_low < 0 or cost_b_high < cost_b_low:
        raise NegsimError("costs of war must be ≥ 0, and B's lowest cost at most its highest")
    safe = min(1.0, p + cost_b_low)
    if cost_b_high == cost_b_low:
        return RiskReturn(safe, 0.0, safe, safe, FEARON_PRIVATE)
    x = min(1.0, max(safe, p + (cost_b_high - cost_a) / 2.0))
    p_war = min(1.0, max(0.0, (x - p - cost_b_low) / (cost_b_high - cost_b_low)))
    expected = (1.0 - p_war) * x + p_war * (p - cost_a)
    return RiskReturn(x, p_war, expected, safe, FEARON_PRIVATE)


__all__ = ["BargainingRange", "RiskReturn", "Split", "breakdown_risk", "fearon_private_information", "fearon_range",
           "first_mover_advantage", "fixed_costs", "nash_limit", "outside_options", "rubinstein", "rubinstein_rates"]
