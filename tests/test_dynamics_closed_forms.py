"""Closed forms of bargaining over time against the published numbers (REFERENCES.md cases 5–8)."""

from __future__ import annotations

import numpy as np
import pytest

import negsim
from negsim.dynamics import closed_forms as cf
from negsim.dynamics import spe
from negsim.errors import NegsimError

PIE = np.c_[np.linspace(0, 1, 101), np.linspace(1, 0, 101)]


@pytest.mark.parametrize(("d1", "d2", "share"), [(0.9, 0.9, 0.5263), (0.9, 0.8, 0.7143), (0.8, 0.9, 0.3571),
                                                (0.95, 0.95, 0.5128), (0.99, 0.9, 0.9174)])
def test_rubinstein_1982_shares(d1: float, d2: float, share: float) -> None:
    """Case 5: Rubinstein (1982), proposer's share (1 − δ2)/(1 − δ1δ2)."""
    assert round(cf.rubinstein(d1, d2).first, 4) == share
    # the same number from the SPE solver on a linear pie (lotteries allowed), an independent route
    assert round(float(spe.stationary(PIE, np.zeros(2), (d1, d2), convex=True).values[0]), 4) == share


def test_rubinstein_1982_fixed_costs() -> None:
    """Case 5: fixed costs c1 < c2 → player 1 gets all; c1 = 0.2 > c2 = 0.1 → (0.1, 0.9)."""
    assert cf.fixed_costs(0.1, 0.2).first == 1.0
    split = cf.fixed_costs(0.2, 0.1)
    assert (round(split.first, 4), round(split.second, 4)) == (0.1, 0.9)


@pytest.mark.parametrize(("w2", "share"), [(0.2, 0.5263), (0.4, 0.5263), (0.45, 0.5263), (0.6, 0.4)])
def test_outside_option_principle_brw_1986(w2: float, share: float) -> None:
    """Case 6: Binmore, Rubinstein & Wolinsky (1986); Muthoo (1999) ch. 5 — δ = 0.9."""
    assert round(cf.outside_options(0.9, 0.9, w2=w2).first, 4) == share


def test_first_proposers_own_outside_option() -> None:
    """Player 1's option binds only when it responds (Muthoo 1999 ch. 5), here derived by hand.

    w1 = 0.45 ≤ δ·0.5263: no effect. w1 = 0.6: player 2 offers 0.6 and keeps 0.4, so player 1
    proposing first keeps 1 − δ·0.4 = 0.64.
    """
    assert round(cf.outside_options(0.9, 0.9, w1=0.45).first, 4) == 0.5263
    assert round(cf.outside_options(0.9, 0.9, w1=0.6).first, 4) == 0.64


@pytest.mark.parametrize(("p", "b", "share"), [(0.1, (0.0, 0.0), 0.5263)])
def test_risk_of_breakdown_brw_1986(p: float, b: tuple[float, float], share: float) -> None:
    """Case 7: proposer gets bA + (1 − bA − bB)/(2 − p); p = 0.1, b = 0 → 0.5263."""
    assert round(cf.breakdown_risk(p, *b).first, 4) == share
    assert round(float(spe.stationary(PIE, np.zeros(2), (1.0, 1.0), breakdown=p, convex=True).values[0]), 4) == share


def test_breakdown_limit_is_the_nash_split() -> None:
    """Case 7: as p → 0 the share tends to the Nash solution with d = b (Case 3: 0.2 + 0.5·0.7 = 0.55)."""
    assert cf.breakdown_risk(1e-9, 0.2, 0.1).first == pytest.approx(0.55, abs=1e-8)
    assert cf.breakdown_risk(0.5, 0.2, 0.1).first == pytest.approx(0.2 + 0.7 / 1.5)


def test_nash_limit_of_rubinstein_with_rates() -> None:
    """BRW (1986) Prop. 1: with δ_i = exp(−r_i Δ), Δ → 0, player 1 gets r2/(r1 + r2)."""
    assert cf.rubinstein_rates(1.0, 3.0, 1e-6).first == pytest.approx(0.75, abs=1e-5)
    assert cf.nash_limit(1.0, 3.0).first == 0.75


def test_first_mover_advantage_vanishes_with_patience() -> None:
    """Rubinstein (1982): x1 − (1 − x2) = (1 − δ)/(1 + δ) for a common δ."""
    for d in (0.5, 0.9, 0.99):
        assert cf.first_mover_advantage(d, d) == pytest.approx((1 - d) / (1 + d))


@pytest.mark.parametrize(("p", "ca", "cb", "low", "high"), [(0.5, 0.1, 0.1, 0.40, 0.60), (0.6, 0.1, 0.15, 0.50, 0.75),
                                                           (0.7, 0.05, 0.2, 0.65, 0.90)])
def test_fearon_1995_bargaining_range(p: float, ca: float, cb: float, low: float, high: float) -> None:
    """Case 8: Fearon (1995), every split in [p − cA, p + cB] beats war for both."""
    r = cf.fearon_range(p, ca, cb)
    assert (round(r.low, 4), round(r.high, 4)) == (low, high)


def test_fearon_scenario_zone_of_agreement_is_the_bargaining_range() -> None:
    """The bundled Fearon scenario (p = 0.5, c = 0.1 each): the ZOPA is A's shares 40..60 (Case 8)."""
    a = negsim.analyze(negsim.load(negsim.bundled("fearon-crisis-bargaining")))
    assert a.zopa_size == 21


def test_closed_forms_refuse_bad_input() -> None:
    with pytest.raises(NegsimError, match="every split"):
        cf.rubinstein(1.0, 1.0)
    with pytest.raises(NegsimError):
        cf.outside_options(0.9, 0.9, w1=0.6, w2=0.6)
    with pytest.raises(NegsimError):
        cf.breakdown_risk(1.5)


# --- Fearon (1995): private information and the risk–return trade-off ------------------------


def _brute_force(p: float, ca: float, low: float, high: float) -> tuple[float, float]:
    """A's best demand and the war probability it risks, by a bounded scalar search (scipy), not the formula."""
    from scipy.optimize import minimize_scalar

    def war(x: float) -> float:
        return float(np.clip((x - p - low) / (high - low), 0.0, 1.0))

    def minus_expected(x: float) -> float:
        return -((1 - war(x)) * x + war(x) * (p - ca))

    best = minimize_scalar(minus_expected, bounds=(min(1.0, p + low), min(1.0, p + high)), method="bounded",
                           options={"xatol": 1e-12})
    return float(best.x), war(float(best.x))


@pytest.mark.parametrize(("p", "ca", "low", "high"), [
    (0.5, 0.1, 0.0, 0.4), (0.5, 0.1, 0.0, 0.3), (0.4, 0.05, 0.02, 0.3), (0.6, 0.0, 0.1, 0.5), (0.3, 0.2, 0.0, 0.9),
])
def test_fearon_private_information_matches_a_brute_force_search(p: float, ca: float, low: float, high: float) -> None:
    """Fearon (1995) pp. 395–401, B's cost uniform: the closed form agrees with a numerical optimum within 1e-9."""
    r = cf.fearon_private_information(p, ca, low, high)
    demand, p_war = _brute_force(p, ca, low, high)
    assert r.demand == pytest.approx(demand, abs=1e-9)
    assert r.p_war == pytest.approx(p_war, abs=1e-9)
    assert r.p_war > 0 and r.demand > r.safe_demand


def test_fearon_private_information_without_uncertainty_is_the_top_of_the_range() -> None:
    """With B's cost known (low = high) A demands p + c_B, the top of Fearon's range, and there is no war."""
    r = cf.fearon_private_information(0.6, 0.1, 0.15, 0.15)
    assert (r.demand, r.p_war) == (pytest.approx(cf.fearon_range(0.6, 0.1, 0.15).high), 0.0)


def test_fearon_private_information_safe_and_capped_cases() -> None:
    """No risk when high ≤ c_A + 2·low; the demand never exceeds the whole issue."""
    safe = cf.fearon_private_information(0.5, 0.3, 0.1, 0.4)       # 0.4 ≤ 0.3 + 0.2
    assert safe.p_war == 0.0 and safe.demand == pytest.approx(0.6)
    capped = cf.fearon_private_information(0.9, 0.0, 0.0, 0.6)     # p + high/2 = 1.2 > 1
    assert capped.demand == 1.0 and capped.p_war == pytest.approx(0.1 / 0.6)
    with pytest.raises(NegsimError):
        cf.fearon_private_information(0.5, 0.1, 0.3, 0.2)
    with pytest.raises(NegsimError):
        cf.fearon_private_information(1.5, 0.1, 0.0, 0.2)
