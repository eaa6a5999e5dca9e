"""Subgame-perfect alternating offers (negsim.dynamics.spe) against independent computations."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import negsim
from negsim.dynamics import closed_forms as cf
from negsim.dynamics import spe
from negsim.dynamics.domain import build_domain

EPS = 1e-9


def brute_backward_induction(points: list[tuple[float, float]], d: tuple[float, float], delta: tuple[float, float],
                             rounds: int, p: float, first: int) -> tuple[float, float]:
    """Ståhl (1972) / Rubinstein (1982) backward induction written out by hand, over every deal.

    In each round, from the last back: the responder accepts when the offer gives it at least
    its continuation value; the proposer takes its best accepted deal (ties: the one better for
    the responder), or delays when the continuation is better for it. Gains over d throughout.
    """
    gains = [(u1 - d[0], u2 - d[1]) for u1, u2 in points if u1 >= d[0] - EPS and u2 >= d[1] - EPS]
    v = (0.0, 0.0)
    for t in reversed(range(rounds)):
        i = (first + t) % 2
        j = 1 - i
        cont = ((1 - p) * delta[0] * v[0], (1 - p) * delta[1] * v[1])
        best = None
        for g in gains:
            if g[j] >= cont[j] - EPS and (best is None or g[i] > best[i] + EPS
                                         or (abs(g[i] - best[i]) <= EPS and g[j] > best[j])):
                best = g
        v = best if best is not None and best[i] >= cont[i] - EPS else cont
    return v


def brute_stationary(points: list[tuple[float, float]], q: tuple[float, float]) -> list[float]:
    """Every pair (a, b) of deals that is a stationary SPE, by checking its conditions pair by pair."""
    values = []
    for a, b in itertools.product(points, points):
        a_ok = b[0] >= q[0] * a[0] - EPS and all(not (c[1] >= q[1] * b[1] - EPS and c[0] > a[0] + EPS) for c in points)
        b_ok = a[1] >= q[1] * b[1] - EPS and all(not (c[0] >= q[0] * a[0] - EPS and c[1] > b[1] + EPS) for c in points)
        if a_ok and b_ok:
            values.append(a[0])
    return values


@pytest.mark.parametrize("seed", range(8))
def test_backward_induction_matches_an_independent_one(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 12))
    pts = rng.random((n, 2)).round(2)
    d = tuple(rng.random(2).round(2) * 0.3)
    delta = tuple(rng.choice([0.5, 0.8, 0.9, 1.0], 2))
    rounds, p, first = int(rng.integers(1, 9)), float(rng.choice([0.0, 0.1, 0.3])), int(rng.integers(0, 2))
    if not np.any(np.all(pts >= np.array(d), axis=1)):
        pts = np.vstack([pts, [0.9, 0.9]])
    expected = brute_backward_induction([tuple(x) for x in pts], d, delta, rounds, p, first)
    got = spe.backward_induction(pts, np.array(d), delta, rounds, p, first).values
    assert got == pytest.approx(expected, abs=1e-12)


def test_backward_induction_on_a_tiny_pie() -> None:
    """A pie of 10 units, δ = (0.9, 0.8), deadlines 1..12 — compared with the hand-written induction."""
    pie = [(k / 10, 1 - k / 10) for k in range(11)]
    for rounds in range(1, 13):
        for first in (0, 1):
            expected = brute_backward_induction(pie, (0, 0), (0.9, 0.8), rounds, 0.0, first)
            got = spe.backward_induction(np.array(pie), np.zeros(2), (0.9, 0.8), rounds, 0.0, first).values
            assert got == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_stationary_discrete_extremes_match_pairwise_check(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    pts = rng.random((int(rng.integers(3, 10)), 2)).round(2)
    front = spe.DiscreteFrontier.of(pts)
    frontier = list(zip(front.x.tolist(), front.y.tolist(), strict=True))
    q = (0.8, 0.7)
    values = brute_stationary(frontier, q)
    path = spe.stationary(pts, np.zeros(2), q)
    assert path.low is not None and path.high is not None
    assert path.low[0][0] == pytest.approx(min(values)) and path.high[0][0] == pytest.approx(max(values))


def pie_scenario(step: float, d1: float, d2: float, no_deal: tuple[float, float] = (0.0, 0.0)) -> negsim.Scenario:
    return negsim.scenario.from_dict({
        "negsim": 1,
        "parties": [{"id": "a", "patience": d1, "no_deal": no_deal[0]},
                    {"id": "b", "patience": d2, "no_deal": no_deal[1]}],
        "issues": [{"id": "share", "range": [0, 100], "step": step}],
        "preferences": {"a": {"values": {"share": {0: 0, 100: 1}}}, "b": {"values": {"share": {0: 1, 100: 0}}}},
    })


def test_backward_induction_on_fine_grid_converges_to_rubinstein() -> None:
    """Rubinstein (1982): the finite, discrete game's SPE tends to (1 − δ2)/(1 − δ1δ2) = 0.7143."""
    dom = build_domain(pie_scenario(0.01, 0.9, 0.8))
    exact = cf.rubinstein(0.9, 0.8).first
    for rounds in (201, 200):
        got = spe.solve(dom, rounds=rounds)
        assert got.agreement is not None and got.agreement_round == 0
        assert got.values["a"] == pytest.approx(exact, abs=1e-3)
    stationary = spe.solve(dom)
    assert stationary.first_range is not None
    assert stationary.first_range[0] == pytest.approx(exact, abs=1e-3)
    assert stationary.first_range[1] == pytest.approx(exact, abs=1e-3)


def test_convexified_spe_is_exact_and_names_a_lottery() -> None:
    dom = build_domain(negsim.load(negsim.bundled("divide-the-dollar")))
    got = spe.solve(dom, convex=True)
    assert got.agreement is not None and got.agreement.lottery is not None
    assert got.values["alice"] == pytest.approx(1 / 1.9, abs=1e-9)
    (deal_a, p), (deal_b, _) = got.agreement.lottery
    assert {deal_a["share"], deal_b["share"]} == {"52", "53"}
    assert 0.52 * p + 0.53 * (1 - p) == pytest.approx(1 / 1.9)


def test_breakdown_risk_with_no_deal_point_tends_to_nash() -> None:
    """Case 7 with d = (0.2, 0.1): as p → 0 the SPE → the Nash split 0.55 (Case 3, equal powers)."""
    dom = build_domain(pie_scenario(0.5, 1.0, 1.0, (0.2, 0.1)))
    for p, expected in ((0.1, cf.breakdown_risk(0.1, 0.2, 0.1).first), (1e-6, 0.55)):
        got = spe.solve(dom, breakdown=p, convex=True)
        assert got.values["a"] == pytest.approx(expected, abs=1e-6)


def test_breakdown_limit_on_a_curved_frontier_is_nash() -> None:
    """Case 4 (Osborne & Rubinstein 1990 ch. 2): u2 = y^(1/2) → the Nash split gives player 1 2/3."""
    x = np.linspace(0, 1, 4001)
    pts = np.c_[x, np.sqrt(1 - x)]
    for first in (0, 1):
        got = spe.stationary(pts, np.zeros(2), (1.0, 1.0), breakdown=1e-5, first=first, convex=True)
        assert got.values[0] == pytest.approx(2 / 3, abs=1e-4)


def test_patience_curve_converges_to_nash_and_favours_the_first_mover() -> None:
    x = np.linspace(0, 1, 2001)
    pts = np.c_[x, np.sqrt(1 - x)]
    curve = spe.patience_curve(pts, np.zeros(2), np.array([0.5, 0.9, 0.9999]))
    assert np.all(curve.first_proposes[:, 0] >= curve.second_proposes[:, 0])
    gaps = curve.first_proposes[:, 0] - curve.second_proposes[:, 0]
    assert gaps[0] > gaps[1] > gaps[2]
    assert curve.first_proposes[-1, 0] == pytest.approx(2 / 3, abs=1e-3)
    assert curve.nash[0] == pytest.approx(2 / 3, abs=1e-3)


def test_first_mover_advantage_on_the_pie() -> None:
    """Rubinstein (1982): proposing first is worth (1 − δ)/(1 + δ) of the pie."""
    pie = np.c_[np.linspace(0, 1, 11), np.linspace(1, 0, 11)]
    a = spe.stationary(pie, np.zeros(2), (0.9, 0.9), first=0, convex=True).values[0]
    b = spe.stationary(pie, np.zeros(2), (0.9, 0.9), first=1, convex=True).values[0]
    assert a - b == pytest.approx(cf.first_mover_advantage(0.9, 0.9))


def test_spe_on_scenarios_without_a_common_deal_is_a_clear_error() -> None:
    s = negsim.load(negsim.bundled("security-guarantees-2021"))
    with pytest.raises(negsim.NegsimError, match="no deal is acceptable"):
        spe.solve(build_domain(s, None, ["russia", "usa"]))
    with pytest.raises(negsim.NegsimError, match="two parties"):
        spe.solve(build_domain(s, "arms_control"))
    got = spe.solve(build_domain(s, "arms_control", ["russia", "usa"]), rounds=10)
    assert got.agreement is not None
