"""The analysis under a rule: coalitions against the engine, the EU Council scenario, ratification by hand."""

from __future__ import annotations

import math

import pytest

import negsim
from negsim.rules.analysis import analyze_rule
from negsim.scenario.models import Rule


def test_each_coalition_matches_the_engine_on_its_own_parties() -> None:
    """A coalition's ZOPA, frontier and solutions equal negsim.analyze on a scenario with only its parties."""
    s = negsim.load(negsim.bundled("supply-chain-three-party")).model_copy(
        update={"rule": Rule(kind="majority", quota=2)})
    ra = analyze_rule(s)
    assert len(ra.coalitions) == 3
    for c in ra.coalitions:
        sub = s.model_copy(update={"parties": [p for p in s.parties if p.id in c.members],
                                   "preferences": {k: v for k, v in s.preferences.items() if k in c.members},
                                   "rule": None})
        a = negsim.analyze(sub)
        assert c.zopa == a.zopa_size
        assert c.frontier_size == sum(len(f.deals) for f in a.frontier)
        for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
            assert c.solutions[name]["deal"] == a.solutions[name].deal
            assert c.solutions[name]["ties"] == a.solutions[name].ties


def test_rule_zopa_counts_deals_some_winning_coalition_accepts() -> None:
    s = negsim.load(negsim.bundled("supply-chain-three-party")).model_copy(
        update={"rule": Rule(kind="majority", quota=2)})
    space = negsim.build_space(s)
    accept = {p: space.acceptable(p) for p in s.party_ids}
    votes = sum(accept[p].astype(int) for p in s.party_ids)
    ra = analyze_rule(s)
    assert ra.zopa_rule == int((votes >= 2).sum())
    assert ra.zopa_unanimity == int((votes == 3).sum()) == negsim.analyze(s).zopa_size


# --- the EU Council scenario ------------------------------------------------------------------

EU_SHARES_2025 = {  # Agence Europe, 12 December 2024 (population on 1 January 2024), in percent
    "de": 18.49, "fr": 15.17, "it": 13.23, "es": 10.78, "pl": 8.33, "ro": 4.23, "nl": 4.01, "be": 2.62,
    "cz": 2.42, "pt": 2.36, "se": 2.34, "gr": 2.31, "hu": 2.13, "at": 2.02, "bg": 1.43, "dk": 1.32, "fi": 1.25,
    "sk": 1.21, "ie": 1.19, "hr": 0.86, "lt": 0.64, "si": 0.47, "lv": 0.42, "ee": 0.30, "cy": 0.21, "lu": 0.15,
    "mt": 0.12}


def qualified_majority(yes: set[str]) -> bool:
    """TFEU art. 238(3): 55% of the 27 members with 65% of the population, or fewer than four against."""
    population = sum(EU_SHARES_2025[c] for c in yes)
    total = sum(EU_SHARES_2025.values())
    return (len(yes) >= math.ceil(0.55 * 27) and population >= 0.65 * total - 1e-9) or 27 - len(yes) < 4


def test_eu_council_scenario_uses_the_published_rule_and_shares() -> None:
    s = negsim.load(negsim.bundled("eu-council-qmv"))
    crit = {c.name: c for c in s.rule.criteria}  # type: ignore[union-attr]
    assert crit["population"].weights == EU_SHARES_2025
    assert crit["member states"].share == 0.55 and crit["population"].share == 0.65
    assert s.rule.min_blocking == 4  # type: ignore[union-attr]


def test_eu_council_deals_passing_by_qualified_majority() -> None:
    s = negsim.load(negsim.bundled("eu-council-qmv"))
    space = negsim.build_space(s)
    accept = {p: space.acceptable(p) for p in s.party_ids}
    passing = sum(qualified_majority({p for p in s.party_ids if accept[p][d]}) for d in range(space.size))
    ra = analyze_rule(s)
    assert ra.zopa_rule == passing == 7
    assert ra.zopa_unanimity == 0
    nash = {tuple(sorted(c.solutions["nash"]["deal"].items())) for c in ra.coalitions}
    assert len(ra.coalitions) == 2 and len(nash) == 2  # one coalition borrows jointly, the other does not


def test_eu_financing_agenda_blocking_coalitions_by_hand() -> None:
    """Own resources by unanimity: Italy and Spain refuse national contributions, five frugal states refuse joint
    borrowing, so each pair (Italy or Spain, a frugal state) blocks, and dropping either group's red lines opens."""
    ra = analyze_rule(negsim.load(negsim.bundled("eu-council-qmv")), "financing")
    frugal = ["nl", "se", "at", "dk", "fi"]
    assert ra.zopa_rule == 0 and ra.blocking is not None and ra.openings is not None
    assert {frozenset(ra.rule.members(m)) for m in ra.blocking.masks} == {
        frozenset({south, f}) for south in ("it", "es") for f in frugal}
    assert {frozenset(ra.rule.members(m)) for m in ra.openings.masks} == {frozenset({"it", "es"}), frozenset(frugal)}


# --- ratification at home (the bundled two-level trade deal, worked out by hand) --------------------

def test_two_level_trade_deal_win_set_by_hand() -> None:
    """Only free traders (45) + labour caucus (35) reach 67 of 100 votes: ratified = tariff cut ≥ 20 and a strong
    labour chapter, 4 of 18 deals. The negotiator alone accepts cuts up to 40 with any chapter: 5 × 3 = 15; both:
    cuts 20–40 with a strong chapter, 3. With the EU's red lines (cut ≥ 10, some chapter) the zone of agreement
    is 4 cuts × 2 chapters = 8 deals without ratification and the 4 ratified deals with it."""
    ra = analyze_rule(negsim.load(negsim.bundled("two-level-trade-deal")))
    r = ra.ratification
    assert r is not None
    (w,) = r.win_sets
    assert (w.negotiator, w.win_set, w.both) == (15, 4, 3)
    assert r.zopa_without == {"unanimity": 8, "rule": 8}
    assert r.zopa_with == {"unanimity": 4, "rule": 4}
    assert r.effect == "shrinks"
    (c,) = ra.coalitions
    assert c.zopa == 4 and c.solutions["nash"]["deal"]["labour_chapter"] == "strong"


def test_a_lenient_senate_grows_the_zone() -> None:
    """With the negotiator's own limit at a 10-point cut, it and the EU agree only on a cut of 10 with a weak or
    strong chapter (2 deals); the Senate ratifies the 4 deals above, so the win-set grows the zone to 4."""
    s = negsim.load(negsim.bundled("two-level-trade-deal"))
    prefs = s.preferences["usa"].model_copy(update={"red_lines": [
        s.preferences["usa"].red_lines[0].model_copy(update={"at_most": 10.0})]})
    s = s.model_copy(update={"preferences": {**s.preferences, "usa": prefs}})
    r = analyze_rule(s).ratification
    assert r is not None
    assert r.zopa_without["rule"] == 2 and r.zopa_with["rule"] == 4 and r.effect == "grows"


def test_too_large_spaces_are_refused_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("negsim.rules.deals.MAX_DEALS", 5)
    with pytest.raises(negsim.NegsimError, match="limit"):
        analyze_rule(negsim.load(negsim.bundled("two-level-trade-deal")))
