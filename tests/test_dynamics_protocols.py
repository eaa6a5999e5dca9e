"""Protocols: reproducible traces, red lines never broken, n parties, graceful failures."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negsim
from negsim.dynamics import negotiate, simulate
from negsim.dynamics.domain import build_domain
from negsim.dynamics.strategies import REGISTRY

SEED_SCENARIO = negsim.load(negsim.bundled("security-guarantees-2021"))


def test_same_seed_gives_the_same_trace() -> None:
    dom = build_domain(negsim.load(negsim.bundled("divide-the-dollar")))
    runs = [negotiate(dom, {"alice": "random", "bob": "random"}, rounds=40, breakdown=0.05, seed=s).to_dict()
            for s in (11, 11, 12)]
    assert runs[0] == runs[1]
    assert runs[0]["trace"] != runs[2]["trace"]


def test_divide_the_dollar_trace_by_hand() -> None:
    """Hardliner Alice vs linear Bob, 5 rounds: Bob concedes 25 cents a round and accepts 100 at the end."""
    dom = build_domain(negsim.load(negsim.bundled("divide-the-dollar")))
    r = negotiate(dom, {"alice": "hardliner", "bob": "linear"}, rounds=5)
    assert [(s.proposer, s.deal["share"], s.accepted) for s in r.trace] == [
        ("alice", "100", False), ("bob", "25", False), ("alice", "100", False), ("bob", "75", False),
        ("alice", "100", True)]
    assert r.outcome.round == 4 and r.outcome.utilities == {"alice": 1.0, "bob": 0.0}
    assert r.outcome.discounted["alice"] == pytest.approx(0.9 ** 4)
    assert r.outcome.distance_to_frontier == 0.0
    assert r.outcome.distance_to_nash == pytest.approx(np.hypot(0.5, 0.5))


def test_nash_seekers_agree_on_the_analysis_nash_deal() -> None:
    s = negsim.load(negsim.bundled("nash-bill-and-jack"))
    r = simulate(s, strategies={"bill": "nash_seeker", "jack": "nash_seeker"})
    assert r.outcome.round == 0
    assert r.outcome.deal == negsim.analyze(s).solutions["nash"].deal
    assert r.outcome.distance_to_nash == 0.0


def test_full_seed_package_has_no_agreement_and_says_why() -> None:
    r = simulate(SEED_SCENARIO, rounds=12)
    assert r.protocol == "stacked_alternating_offers" and not r.outcome.agreement
    assert r.outcome.reason == "deadline of 12 rounds reached"
    assert r.outcome.distance_to_nash is None
    assert [s.proposer for s in r.trace[:4]] == ["russia", "usa", "nato_allies", "russia"]


def test_stacked_offers_pass_only_when_all_accept() -> None:
    r = simulate(SEED_SCENARIO, "arms_control", rounds=30)
    assert r.outcome.agreement
    assert all(not s.accepted and s.rejected_by for s in r.trace[:-1])
    dom = build_domain(SEED_SCENARIO, "arms_control")
    assert dom.feasible[r.trace[-1].index]


def test_walking_away_when_own_red_lines_leave_nothing() -> None:
    s = negsim.scenario.from_dict({
        "negsim": 1, "parties": [{"id": "a", "no_deal": 0.9}, {"id": "b"}],
        "issues": [{"id": "x", "options": ["p", "q"]}],
        "preferences": {"a": {"values": {"x": {"p": 0.5, "q": 0.6}}}, "b": {"values": {"x": {"p": 1, "q": 0}}}}})
    r = simulate(s)
    assert not r.outcome.agreement and "walks away" in r.outcome.reason and r.trace == []


# --- property: no simulated offer breaks its proposer's red lines --------------------------


@st.composite
def small_scenarios(draw: st.DrawFn) -> dict:
    n_parties = draw(st.integers(2, 3))
    n_issues = draw(st.integers(1, 3))
    parties = [f"p{k}" for k in range(n_parties)]
    issues = [{"id": f"i{j}", "options": [f"o{m}" for m in range(draw(st.integers(2, 4)))]} for j in range(n_issues)]
    unit = st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 2))
    prefs = {}
    for p in parties:
        values = {i["id"]: {o: draw(unit) for o in i["options"]} for i in issues}
        red = []
        for i in issues:
            kind = draw(st.sampled_from(["none", "never", "only"]))
            if kind != "none":
                red.append({"issue": i["id"], kind: [draw(st.sampled_from(i["options"]))]})
        prefs[p] = {"values": values, "red_lines": red}
    return {"negsim": 1, "parties": [{"id": p, "no_deal": draw(unit) * 0.6, "patience": 0.95} for p in parties],
            "issues": issues, "preferences": prefs}


def breaks_own_red_lines(scenario: dict, party: str, deal: dict[str, str]) -> bool:
    """A red line read straight from the scenario data (not through negsim's masks)."""
    for rl in scenario["preferences"][party]["red_lines"]:
        chosen = deal[rl["issue"]]
        if ("never" in rl and chosen in rl["never"]) or ("only" in rl and chosen not in rl["only"]):
            return True
    return False


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=small_scenarios(), names=st.lists(st.sampled_from(sorted(REGISTRY)), min_size=3, max_size=3),
       seed=st.integers(0, 1000))
def test_no_offer_breaks_its_proposers_red_lines(data: dict, names: list[str], seed: int) -> None:
    s = negsim.scenario.from_dict(data)
    parties = [p["id"] for p in data["parties"]]
    r = simulate(s, strategies=dict(zip(parties, names, strict=False)), rounds=15, seed=seed)
    space = negsim.build_space(s)
    no_deal = {p["id"]: p["no_deal"] for p in data["parties"]}
    for step in r.trace:
        assert not breaks_own_red_lines(data, step.proposer, step.deal)
        u = dict(zip(space.parties, space.utilities_of(np.array([step.index]))[0], strict=True))
        assert u[step.proposer] >= no_deal[step.proposer] - 1e-9
    if r.outcome.agreement:
        assert r.outcome.deal is not None
        for p in parties:
            assert not breaks_own_red_lines(data, p, r.outcome.deal)
            assert r.outcome.utilities[p] >= no_deal[p] - 1e-9
