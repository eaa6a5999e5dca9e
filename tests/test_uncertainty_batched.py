"""The batched engine gives, sample by sample, what one full negsim.analyze() per sample gives.

The reference is evaluate_per_sample: apply the sample to the scenario, then run the
ordinary single-scenario analysis. Both are compared on small spaces with every kind of
utility input varied at once, and on the seed scenario's agendas. A hand-computed case
checks the pieces the reference cannot (the pure equilibria of a varied game).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negsim
from negsim.bargaining.conflicts import dense_minimal_conflicts, involved_bits
from negsim.engine import batched
from negsim.engine.batched import SampleTable
from negsim.uncertainty.evaluate import evaluate, evaluate_per_sample

DATA = Path(__file__).parent / "data"
SMALL = negsim.load(DATA / "uncertainty-small.yaml")
SEED = negsim.load(negsim.bundled("security-guarantees-2021"))

SMALL_PATHS = ["parties.a.no_deal", "parties.b.no_deal", "parties.b.power", "preferences.a.weights.share",
               "preferences.a.values.share.50", "preferences.b.values.x.mid", "preferences.a.red_lines[0].min_utility",
               "preferences.c.weights.z"]
SEED_PATHS = ["parties.russia.no_deal", "parties.usa.no_deal", "parties.nato_allies.no_deal",
              "preferences.usa.weights.nato_enlargement", "preferences.russia.weights.intermediate_missiles",
              "preferences.usa.values.exercises.border_zone_limits", "parties.russia.power"]


def small_inputs(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(0, 0.6, n), rng.uniform(0, 0.6, n), rng.uniform(0.2, 5, n),
                            rng.uniform(0, 6, n), rng.uniform(0, 1, n), rng.uniform(0, 1, n),
                            rng.uniform(0, 0.7, n), rng.choice([0.0, 1.0, 3.0], n)])


def seed_inputs(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(0, 0.35, n), rng.uniform(0.6, 0.95, n), rng.uniform(0.5, 0.9, n),
                            rng.uniform(0, 50, n), rng.uniform(0, 30, n), rng.uniform(0, 1, n), rng.uniform(0.3, 3, n)])


def assert_same(a: SampleTable, b: SampleTable) -> None:
    for name in ("has_deal", "zopa", "nash", "ks", "alone", "involved", "binds"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    np.testing.assert_allclose(a.nash_u, b.nash_u, atol=1e-12)
    np.testing.assert_allclose(a.ks_u, b.ks_u, atol=1e-12)
    assert a.conflicts == b.conflicts


@pytest.mark.parametrize("agenda", [None, "two"])
def test_batched_equals_per_sample_analysis_on_a_small_scenario(agenda: str | None) -> None:
    x = small_inputs(150, seed=1 if agenda else 2)
    a = evaluate(SMALL, agenda, SMALL_PATHS, x)
    b = evaluate_per_sample(SMALL, agenda, SMALL_PATHS, x)
    assert_same(a, b)
    assert 0 < a.has_deal.sum() < len(x)  # both outcomes are exercised
    assert a.binds.any() and a.alone.any()


@pytest.mark.parametrize("agenda", ["arms_control", "core", None])
def test_batched_equals_per_sample_analysis_on_the_seed_scenario(agenda: str | None) -> None:
    x = seed_inputs(40, seed=3)
    assert_same(evaluate(SEED, agenda, SEED_PATHS, x), evaluate_per_sample(SEED, agenda, SEED_PATHS, x))


def test_small_blocks_give_the_same_answer_as_one_block(monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory is bounded by the block size: force many sample and deal blocks (multi-pass path)."""
    x = small_inputs(60, seed=4)
    whole = evaluate(SMALL, None, SMALL_PATHS, x)
    monkeypatch.setattr(batched, "CELLS", 64)
    monkeypatch.setattr(batched, "DEALS_PER_BLOCK", 7)
    assert len(batched.blocks(negsim.build_space(SMALL), 7)) > 5
    assert_same(evaluate(SMALL, None, SMALL_PATHS, x), whole)


def test_sparse_conflict_path_equals_the_dense_one(monkeypatch: pytest.MonkeyPatch) -> None:
    x = seed_inputs(12, seed=5)
    dense = evaluate(SEED, None, SEED_PATHS, x)
    monkeypatch.setattr(batched, "DENSE_BITS", 2)
    assert_same(evaluate(SEED, None, SEED_PATHS, x), dense)


def test_dense_minimal_conflicts_match_brute_force() -> None:
    """Minimal hitting sets of random pattern families, by brute force over all subsets."""
    rng = np.random.default_rng(0)
    n_bits = 5
    presence = rng.random((200, 1 << n_bits)) < 0.08
    presence[:, 0] = False
    presence[:, 0b10110] = True  # every family has a pattern (a deal space is never empty)
    got = dense_minimal_conflicts(presence)
    for k in range(len(presence)):
        pats = np.flatnonzero(presence[k])
        hits = [s for s in range(1 << n_bits) if all(p & s for p in pats)]
        minimal = [s for s in hits if not any(t != s and t & s == t for t in hits)]
        assert np.flatnonzero(got[k]).tolist() == sorted(minimal)
        in_some = [any(s >> b & 1 for s in minimal) for b in range(n_bits)]
        assert involved_bits(got[k : k + 1]).tolist() == [in_some]


def test_varied_game_payoffs_change_the_equilibrium_structure() -> None:
    """Stag hunt: a's payoff at (hare, stag) above 4 makes hare dominant for a (hand computation)."""
    x = np.array([[3.0], [5.0]])
    t = evaluate(SMALL, None, ["games.stag.payoffs.row[1][0]"], x)
    assert t.games["stag"] == ["stag/stag; hare/hare; mixed", "hare/hare"]
    assert np.array_equal(t.has_deal, [True, True])  # payoffs do not touch the deal space
