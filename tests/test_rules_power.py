"""Power indices: published anchors, an independent brute force, and the Monte Carlo estimate within its error."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from negsim.errors import NegsimError
from negsim.rules import double_majority, exact_power, majority, power_indices, unanimity, weighted
from negsim.rules.model import VotingRule
from negsim.rules.montecarlo import monte_carlo_power
from negsim.rules.power import PowerTooLarge

EEC = ["fr", "de", "it", "be", "nl", "lu"]


def eec_1958() -> VotingRule:
    """EEC Council of Ministers 1958-1972: weights 4, 4, 4, 2, 2, 1, quota 12 (Felsenthal & Machover 1998, §2.3)."""
    return weighted(EEC, [4, 4, 4, 2, 2, 1], quota=12)


def test_eec_1958_shapley_shubik_felsenthal_machover() -> None:
    p = exact_power(eec_1958())
    assert p.shapley_shubik_exact == [Fraction(7, 30)] * 3 + [Fraction(3, 20)] * 2 + [Fraction(0)]


def test_eec_1958_banzhaf_absolute_and_normalised_felsenthal_machover() -> None:
    p = exact_power(eec_1958())
    assert [Fraction(s, 2 ** 5) for s in p.swings or []] == [Fraction(5, 16)] * 3 + [Fraction(3, 16)] * 2 + [0]
    assert np.allclose(p.banzhaf_normalised, [5 / 21] * 3 + [1 / 7] * 2 + [0])
    assert p.dummies == ["lu"]  # Luxembourg is a dummy


def test_eec_json_shape() -> None:
    d = exact_power(eec_1958()).to_dict()
    assert d["players"] == EEC
    assert d["shapley_shubik"]["fr"] == pytest.approx(7 / 30)
    assert d["banzhaf"]["be"] == pytest.approx(3 / 16)
    assert d["banzhaf_normalised"]["nl"] == pytest.approx(1 / 7)
    assert d["exact"]["shapley_shubik"]["lu"] == "0"


# --- an independent brute force ---------------------------------------------------------------

def brute_force(players: list[str], wins: object) -> tuple[list[Fraction], list[int]]:
    """Shapley–Shubik by all n! orders and Banzhaf swings by all 2^n coalitions, with a plain-Python rule."""
    n = len(players)
    ss = [Fraction(0)] * n
    for order in itertools.permutations(range(n)):
        members: set[int] = set()
        for k in order:
            if wins(members | {k}):  # type: ignore[operator]
                ss[k] += Fraction(1, math.factorial(n))
                break
            members.add(k)
    swings = [0] * n
    for r in range(n + 1):
        for combo in itertools.combinations(range(n), r):
            s = set(combo)
            for k in range(n):
                if k not in s and wins(s | {k}) and not wins(s):  # type: ignore[operator]
                    swings[k] += 1
    return ss, swings


def plain_rule(weights: list[list[int]], quotas: list[int], veto: set[int], min_blocking: int | None, n: int):  # type: ignore[no-untyped-def]
    def wins(s: set[int]) -> bool:
        if not veto <= s:
            return False
        met = all(sum(w[k] for k in s) >= q for w, q in zip(weights, quotas, strict=True))
        return met or (min_blocking is not None and n - len(s) < min_blocking)
    return wins


@pytest.mark.parametrize("seed", range(40))
def test_random_games_match_brute_force(seed: int) -> None:
    """Weighted, majority and double-majority games, with vetoes and minimum blocking sizes, n ≤ 7."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 8))
    players = [f"p{k}" for k in range(n)]
    veto = sorted(rng.choice(n, size=int(rng.integers(0, 3)) if n > 2 else 0, replace=False).tolist())
    w1 = rng.integers(0, 10, n).tolist()
    w1[0] += 1
    w2 = rng.integers(0, 10, n).tolist()
    w2[-1] += 1
    kind = seed % 4
    if kind == 0:
        q = int(rng.integers(1, sum(w1) + 1))
        rule = weighted(players, w1, quota=q, veto=[players[k] for k in veto])
        wins = plain_rule([w1], [q], set(veto), None, n)
    elif kind == 1:
        q = int(rng.integers(1, n + 1))
        rule = majority(players, quota=q, veto=[players[k] for k in veto])
        wins = plain_rule([[1] * n], [q], set(veto), None, n)
    elif kind == 2:  # members and a weight, with a minimum blocking size (like the EU Council)
        mb = int(rng.integers(2, 4)) if n > 2 else 2
        rule = double_majority(players, [{"share": 0.55}, {"weights": w1, "share": 0.65}],
                               veto=[players[k] for k in veto], min_blocking=mb)
        wins = plain_rule([[1] * n, w1], [math.ceil(0.55 * n - 1e-12), math.ceil(Fraction(65, 100) * sum(w1))],
                          set(veto), mb, n)
    else:  # two weighted criteria
        q1, q2 = int(rng.integers(1, sum(w1) + 1)), int(rng.integers(1, sum(w2) + 1))
        rule = double_majority(players, [{"weights": w1, "quota": q1}, {"weights": w2, "quota": q2}],
                               veto=[players[k] for k in veto])
        wins = plain_rule([w1, w2], [q1, q2], set(veto), None, n)
    ss, swings = brute_force(players, wins)
    p = exact_power(rule)
    assert p.shapley_shubik_exact == ss
    assert p.swings == swings


def test_unanimity_and_dictator() -> None:
    u = exact_power(unanimity(["a", "b", "c", "d"]))
    assert u.shapley_shubik_exact == [Fraction(1, 4)] * 4
    assert u.swings == [1, 1, 1, 1]
    d = exact_power(weighted(["a", "b", "c"], [5, 1, 1], quota=5))
    assert d.shapley_shubik_exact == [1, 0, 0]


def test_decimal_weights_are_exact() -> None:
    """Shares written with decimals are scaled to integers exactly: 0.55 × 3 parties → 2 needed, not 1.65."""
    a = weighted(["a", "b", "c"], [0.5, 0.25, 0.25], share=0.55)
    b = weighted(["a", "b", "c"], [2, 1, 1], quota=3)
    assert exact_power(a).shapley_shubik_exact == exact_power(b).shapley_shubik_exact


def test_shapley_shubik_sums_to_one_on_28_players() -> None:
    rng = np.random.default_rng(3)
    w = rng.integers(1, 10**4 + 1, 28).tolist()
    p = exact_power(weighted([f"p{k}" for k in range(28)], w, quota=sum(w) // 2 + 1))
    assert sum(p.shapley_shubik_exact or []) == 1


def test_monte_carlo_within_its_error_of_the_exact_value() -> None:
    """Seeded estimates of a 12-player double majority lie within 4 standard errors of the exact indices."""
    rng = np.random.default_rng(11)
    w = rng.integers(1, 50, 12).tolist()
    rule = double_majority([f"p{k}" for k in range(12)], [{"share": 0.55}, {"weights": w, "share": 0.65}],
                           min_blocking=4)
    exact = exact_power(rule)
    est = monte_carlo_power(rule, samples=60_000, seed=5)
    for key, value in (("shapley_shubik", exact.shapley_shubik), ("banzhaf", exact.banzhaf),
                       ("banzhaf_normalised", exact.banzhaf_normalised)):
        err = np.abs(getattr(est, key) - value)
        assert (err <= 4 * est.se[key] + 1e-12).all(), key


def test_monte_carlo_same_seed_same_numbers() -> None:
    a = monte_carlo_power(eec_1958(), samples=5000, seed=9).to_dict()
    b = monte_carlo_power(eec_1958(), samples=5000, seed=9).to_dict()
    assert a == b
    assert monte_carlo_power(eec_1958(), samples=5000, seed=10).to_dict() != a


def test_too_large_grids_fall_back_to_monte_carlo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("negsim.rules.power.MAX_CELLS", 10)
    with pytest.raises(PowerTooLarge):
        exact_power(eec_1958())
    p = power_indices(eec_1958(), samples=2000, seed=1)
    assert p.method == "monte_carlo" and "Monte Carlo" in p.note


def test_bad_rules_are_user_errors() -> None:
    with pytest.raises(NegsimError, match="at most the total"):
        weighted(["a", "b"], [1, 1], quota=3)
    with pytest.raises(NegsimError, match="exactly one"):
        weighted(["a", "b"], [1, 1], quota=1, share=0.5)
    with pytest.raises(NegsimError, match="decimals"):
        weighted(["a", "b"], [1.0000001, 1], quota=1)
    with pytest.raises(NegsimError, match="samples"):
        monte_carlo_power(eec_1958(), samples=0)
