"""Dominance, iterated elimination, security levels and Pareto cells against textbook cases and peers."""

from __future__ import annotations

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negsim.games.dominance import dominated_strategies, iterated_elimination
from negsim.games.model import Game
from negsim.games.pareto import pareto_cells
from negsim.games.security import maximin_mix, security


def test_gibbons_1992_iterated_strict_dominance_order() -> None:
    """Gibbons (1992), Game Theory for Applied Economists, §1.1.B: Right, then Down, then Left go; (Up, Middle)."""
    g = Game.from_arrays([[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]], players=("p1", "p2"),
                         strategies=(("Up", "Down"), ("Left", "Middle", "Right")))
    result = iterated_elimination(g)
    assert [(s.round, s.player, s.strategy) for s in result.steps] == [
        (1, "p2", "Right"), (2, "p1", "Down"), (3, "p2", "Left")]
    assert result.surviving == {"p1": ("Up",), "p2": ("Middle",)} and result.solved


def test_strictly_dominated_only_by_a_mixed_strategy() -> None:
    """Fudenberg & Tirole (1991) §2.1: B is beaten by ½T + ½M (1.5 > 1) but by no pure strategy."""
    g = Game.from_arrays([[3, 0], [0, 3], [1, 1]], np.zeros((3, 2)), strategies=(("T", "M", "B"), ("L", "R")))
    found = dominated_strategies(g)
    assert [s.strategy for s in found] == ["B"] and found[0].dominated_by.startswith("mix")


def test_weak_dominance_needs_a_strict_gain_somewhere() -> None:
    g = Game.from_arrays([[1, 1], [1, 0], [1, 1]], np.zeros((3, 2)))
    assert [s.strategy for s in dominated_strategies(g, "weak")] == ["r2"]
    assert dominated_strategies(g, "strict") == []


def test_prisoners_dilemma_dominance_solvable() -> None:
    pd = Game.from_arrays([[3, 1], [4, 2]], [[3, 4], [1, 2]], strategies=(("C", "D"), ("C", "D")))
    assert iterated_elimination(pd).surviving == {"row": ("D",), "column": ("D",)}


def test_matching_pennies_security_level_zero() -> None:
    g = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    s = security(g)
    assert s["row"].level == 0 and s["row"].mix == (0.5, 0.5) and s["row"].pure_level == -1


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6))
def test_security_level_equals_nashpy_linear_program_value(seed: int) -> None:
    """Zero-sum games: our maximin value equals the value of nashpy's minimax LP strategy."""
    rng = np.random.default_rng(seed)
    A = rng.integers(-5, 6, (3, 4)).astype(float)
    mix, level = maximin_mix(A)
    peer = np.asarray(nashpy.Game(A).linear_program()[0], dtype=float)
    assert abs(level - float((peer @ A).min())) < 1e-7
    assert abs(level - float((mix @ A).min())) < 1e-7


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6))
def test_pareto_cells_match_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    A, B = rng.integers(0, 4, (3, 3)), rng.integers(0, 4, (3, 3))
    cells = [(i, j) for i in range(3) for j in range(3)]
    expected = [c for c in cells if not any(
        A[d] >= A[c] and B[d] >= B[c] and (A[d] > A[c] or B[d] > B[c]) for d in cells)]
    assert pareto_cells(Game.from_arrays(A, B)) == expected


def test_two_strategy_security_levels_match_the_linear_programme() -> None:
    """The closed form for two own strategies (endpoints and crossings of the lower envelope) gives
    the same level as scipy's LP on random games; the same mix where the optimum is unique."""
    from scipy.optimize import linprog

    from negsim.games.security import maximin_mix

    rng = np.random.default_rng(3)
    for _ in range(200):
        M = rng.integers(-3, 4, (2, int(rng.integers(1, 6)))).astype(float)
        mix, level = maximin_mix(M)
        c = np.r_[0.0, 0.0, -1.0]
        res = linprog(c, A_ub=np.hstack([-M.T, np.ones((M.shape[1], 1))]), b_ub=np.zeros(M.shape[1]),
                      A_eq=[[1.0, 1.0, 0.0]], b_eq=[1.0], bounds=[(0, None), (0, None), (None, None)], method="highs")
        assert level == pytest.approx(-res.fun, abs=1e-9)
        assert (mix @ M).min() == pytest.approx(level, abs=1e-9)  # the mix guarantees the level


def test_a_failed_security_linear_programme_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """HiGHS's status was ignored: a failed solve would have returned garbage (res.x None or infeasible)."""
    import scipy.optimize

    from negsim.errors import NegsimError

    class Failed:
        status, x, fun, message = 4, None, None, "numerical difficulties"

    monkeypatch.setattr(scipy.optimize, "linprog", lambda *a, **k: Failed())
    g = Game.from_arrays(np.eye(3), np.eye(3))
    with pytest.raises(NegsimError, match=r"security level could not be computed.*numerical difficulties"):
        security(g)
