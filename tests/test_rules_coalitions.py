"""Minimal winning coalitions, opening sets and blocking coalitions against brute force over all coalitions."""

from __future__ import annotations

import numpy as np
import pytest

import negsim
from negsim.rules import double_majority, unanimity, weighted
from negsim.rules.coalitions import blocking_coalitions, minimal_winning, opening_sets
from negsim.rules.model import VotingRule
from negsim.scenario.models import Rule


def random_rule(rng: np.random.Generator, n: int, kind: int) -> VotingRule:
    players = [f"p{k}" for k in range(n)]
    w = rng.integers(0, 10, n).tolist()
    w[0] += 1
    if kind == 0:
        return unanimity(players)
    if kind == 1:
        veto = [players[0]] if rng.random() < 0.4 else []
        return weighted(players, w, quota=int(rng.integers(1, sum(w) + 1)), veto=veto)
    return double_majority(players, [{"share": 0.5}, {"weights": w, "share": 0.6}], min_blocking=2)


def members_of(mask: int) -> frozenset[int]:
    return frozenset(k for k in range(64) if mask >> k & 1)


def minimal(family: list[frozenset[int]]) -> set[frozenset[int]]:
    return {s for s in family if not any(t < s for t in family)}


@pytest.mark.parametrize("seed", range(30))
def test_minimal_winning_coalitions_by_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 10))
    rule = random_rule(rng, n, seed % 3)
    every = [frozenset(k for k in range(n) if m >> k & 1) for m in range(1 << n)]
    winning = [s for s in every if rule.wins([f"p{k}" for k in s])]
    expected = minimal(winning)
    assert {members_of(m) for m in minimal_winning(rule).masks} == expected


@pytest.mark.parametrize("seed", range(60))
def test_blocking_and_opening_sets_by_brute_force(seed: int) -> None:
    """B blocks when, with only B's red lines, no winning coalition can agree; D opens when dropping D's lets one."""
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(2, 8))
    rule = random_rule(rng, n, seed % 3)
    patterns = rng.integers(0, 1 << n, int(rng.integers(1, 7))).astype(np.uint64)
    if rule.is_winning(patterns).any():
        assert blocking_coalitions(rule, patterns).masks == []
        return
    names = [f"p{k}" for k in range(n)]
    accepts = [members_of(int(p)) for p in patterns]
    every = [frozenset(k for k in range(n) if m >> k & 1) for m in range(1, 1 << n)]
    blocks = [b for b in every if not any(rule.wins(names[k] for k in (a | (set(range(n)) - b))) for a in accepts)]
    opens = [d for d in every if any(rule.wins(names[k] for k in (a | d)) for a in accepts)]
    found_b = blocking_coalitions(rule, patterns)
    found_o = opening_sets(rule, patterns)
    assert found_b.complete and found_o.complete
    assert {members_of(m) for m in found_b.masks} == minimal(blocks)
    assert {members_of(m) for m in found_o.masks} == minimal(opens)


def test_unanimity_blocking_coalitions_are_the_engine_conflicts_by_party() -> None:
    """Under unanimity, the minimal blocking coalitions are the minimal party sets of the engine's conflicting sets."""
    from negsim.rules.analysis import analyze_rule

    s = negsim.load(negsim.bundled("security-guarantees-2021")).model_copy(update={"rule": Rule(kind="unanimity")})
    engine = negsim.analyze(s)
    by_party = [frozenset(c.split(".")[0] for c in conflict) for conflict in engine.diagnosis.conflicts]
    ra = analyze_rule(s)
    assert ra.blocking is not None and ra.blocking.complete
    assert {frozenset(ra.rule.members(m)) for m in ra.blocking.masks} == minimal(by_party)
