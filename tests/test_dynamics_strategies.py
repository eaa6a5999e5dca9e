"""Scripted matches for each negotiation strategy: given these offers, the strategy answers these."""

from __future__ import annotations

import math

import pytest

import negsim
from negsim.dynamics import strategies as strat
from negsim.dynamics.domain import build_domain


def pie(red_lines_a: list[dict] | None = None) -> negsim.Scenario:
    """Alice's share in whole cents; no-deal 0 for both (a teaching pie)."""
    return negsim.scenario.from_dict({
        "negsim": 1,
        "parties": [{"id": "alice"}, {"id": "bob"}],
        "issues": [{"id": "share", "range": [0, 100], "step": 1}],
        "preferences": {"alice": {"values": {"share": {0: 0, 100: 1}}, "red_lines": red_lines_a or []},
                        "bob": {"values": {"share": {0: 1, 100: 0}}}},
    })


DOM = build_domain(pie())


def share(index: int) -> int:
    return int(DOM.deal(index)["share"])


def idx(cents: int) -> int:
    return DOM.space.index_of({"share": str(cents)})


def ceil_cents(target: float) -> int:
    """The smallest whole-cent share worth at least ``target`` to Alice."""
    return max(0, math.ceil(round(100 * target, 9)))


def test_every_registered_strategy_is_documented() -> None:
    for name, cls in strat.REGISTRY.items():
        assert cls.name == name and cls.description, name
        assert {"stochastic", "uses_deadline"} <= set(cls.properties), name
        assert cls.source, name


@pytest.mark.parametrize(("name", "exponent"), [("boulware", 0.2), ("linear", 1.0), ("conceder", 2.0)])
def test_time_dependent_offers_follow_faratin_1998(name: str, exponent: float) -> None:
    """Faratin, Sierra & Jennings (1998): aspiration 1 − (t/(T − 1))^(1/e) on a pie worth 0..1."""
    rounds = 10
    alice = strat.make(name, DOM, 0, rounds)
    expected = [ceil_cents(1 - (t / (rounds - 1)) ** (1 / exponent)) for t in range(rounds)]
    assert [share(alice.propose(t, [])) for t in range(rounds)] == expected


def test_conceder_with_a_parameter_and_k() -> None:
    alice = strat.make("conceder", DOM, 0, 11, params={"exponent": 3, "k": 0.1})
    assert share(alice.propose(0, [])) == 90  # k = 0.1: concedes 10% at once
    assert share(alice.propose(10, [])) == 0


def test_acceptance_is_ac_next() -> None:
    """Linear, T = 11, round 4: Alice's next offer (round 5) is 50 cents; she accepts 50, refuses 49."""
    alice = strat.make("linear", DOM, 0, 11)
    assert alice.respond(4, [(1, idx(50))], idx(50))
    assert not alice.respond(4, [(1, idx(49))], idx(49))


def test_hardliner_never_moves() -> None:
    alice = strat.make("hardliner", DOM, 0, 5)
    assert [share(alice.propose(t, [])) for t in range(5)] == [100] * 5
    assert not alice.respond(4, [(1, idx(99))], idx(99))
    assert alice.respond(4, [(1, idx(100))], idx(100))


def test_relative_tit_for_tat_mirrors_the_others_concession() -> None:
    """Bob's offers keep 100%, 80%, then 50% of his gain: Alice keeps the same share of hers."""
    alice = strat.make("tit_for_tat", DOM, 0, 30)
    history: strat.History = [(1, idx(0))]
    assert share(alice.propose(1, history)) == 100  # one offer: nothing to reciprocate yet
    history.append((1, idx(20)))
    assert share(alice.propose(2, history)) == 80
    history.append((1, idx(50)))
    assert share(alice.propose(3, history)) == 50
    assert alice.respond(3, history, idx(50)) and not alice.respond(3, [*history[:-1], (1, idx(45))], idx(45))


def test_nash_seeker_proposes_and_accepts_the_nash_deal() -> None:
    """Nash (1950): on the pie with d = 0 the Nash deal is the 50/50 split."""
    bob = strat.make("nash_seeker", DOM, 1, 10)
    assert [share(bob.propose(t, [])) for t in range(3)] == [50, 50, 50]
    assert bob.respond(0, [(0, idx(50))], idx(50)) and bob.respond(0, [(0, idx(40))], idx(40))
    assert not bob.respond(0, [(0, idx(51))], idx(51))


def test_random_is_seeded_and_stays_within_red_lines() -> None:
    dom = build_domain(pie([{"issue": "share", "at_least": 30}]))
    a = strat.make("random", dom, 0, 50, seed=3)
    b = strat.make("random", dom, 0, 50, seed=3)
    c = strat.make("random", dom, 0, 50, seed=4)
    offers = [a.propose(t, []) for t in range(50)]
    assert offers == [b.propose(t, []) for t in range(50)]
    assert offers != [c.propose(t, []) for t in range(50)]
    assert min(int(dom.deal(x)["share"]) for x in offers) >= 30


def test_red_lines_bound_proposals_and_answers() -> None:
    """Alice never goes below 30 cents, whatever her concession schedule says, and refuses 29."""
    dom = build_domain(pie([{"issue": "share", "at_least": 30}]))
    for name in strat.REGISTRY:
        alice = strat.make(name, dom, 0, 10)
        assert min(int(dom.deal(alice.propose(t, []))["share"]) for t in range(12)) >= 30, name
        offer = dom.space.index_of({"share": "29"})
        assert not alice.respond(9, [(1, offer)], offer), name


def test_parse_spec_and_parameter_errors() -> None:
    assert strat.parse_spec("conceder:exponent=3") == ("conceder", {"exponent": 3})
    assert strat.parse_spec("tit-for-tat") == ("tit_for_tat", {})
    with pytest.raises(negsim.NegsimError, match="no strategy `bogus`"):
        strat.parse_spec("bogus")
    with pytest.raises(negsim.NegsimError, match="no parameter"):
        strat.make("linear", DOM, 0, 10, params={"slope": 2})
    with pytest.raises(negsim.NegsimError, match="must be a number"):
        strat.make("linear", DOM, 0, 10, params={"exponent": "fast"})
    with pytest.raises(negsim.NegsimError, match="exponent must be > 0"):
        strat.make("linear", DOM, 0, 10, params={"exponent": 0})


def test_the_formats_list_of_negotiators_is_the_registry() -> None:
    """negsim.scenario.negotiators (what a scenario may name) lists exactly the registered strategies and params."""
    from negsim.dynamics.strategies import REGISTRY
    from negsim.scenario.negotiators import NEGOTIATORS

    assert {name: tuple(cls.params) for name, cls in REGISTRY.items()} == NEGOTIATORS
