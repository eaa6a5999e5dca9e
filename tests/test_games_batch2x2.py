"""Batched 2×2 solver: agrees with the exact brute force (test_games_equilibria) and with nashpy."""

from __future__ import annotations

from fractions import Fraction as F

import nashpy
import numpy as np
import pytest
from test_games_equilibria import brute_force

from negsim.errors import NegsimError
from negsim.games.batch2x2 import solve_2x2
from negsim.games.equilibria import extreme_equilibria


def _as_set(pairs: list[tuple[np.ndarray, np.ndarray]]) -> set[tuple[float, ...]]:
    return {tuple(np.round(np.concatenate([x, y]), 9)) for x, y in pairs}


def _exact_set(pairs: set[tuple[tuple[F, ...], tuple[F, ...]]]) -> set[tuple[float, ...]]:
    return {tuple(round(float(v), 9) for v in (*x, *y)) for x, y in pairs}


def test_batch_equals_exact_brute_force_on_tied_integer_games() -> None:
    rng = np.random.default_rng(2024)
    A = rng.integers(0, 3, (400, 2, 2))
    B = rng.integers(0, 3, (400, 2, 2))
    result = solve_2x2(A, B)
    for g in range(len(A)):
        assert _as_set(result.equilibria(g)) == _exact_set(brute_force(A[g].tolist(), B[g].tolist())), g


def test_batch_equals_complete_solver_on_many_games() -> None:
    rng = np.random.default_rng(7)
    A = rng.integers(-3, 4, (800, 2, 2)).astype(float)
    B = rng.integers(-3, 4, (800, 2, 2)).astype(float)
    result = solve_2x2(A, B)
    for g in range(len(A)):
        assert _as_set(result.equilibria(g)) == _as_set(extreme_equilibria(A[g], B[g]))


def test_batch_agrees_with_nashpy_on_nondegenerate_float_games() -> None:
    rng = np.random.default_rng(11)
    A, B = rng.random((60, 2, 2)), rng.random((60, 2, 2))
    result = solve_2x2(A, B)
    for g in range(len(A)):
        peer = [(np.asarray(x, float), np.asarray(y, float)) for x, y in nashpy.Game(A[g], B[g]).vertex_enumeration()]
        assert _as_set(result.equilibria(g)) == _as_set(peer)


def test_issue_degenerate_example_in_a_batch() -> None:
    A = np.array([[[0, 0], [-1, 2]], [[3, 1], [4, 2]]])
    B = np.array([[[2, 2], [-1, 1]], [[3, 4], [1, 2]]])
    r = solve_2x2(A, B)
    assert _as_set(r.equilibria(0)) == {(1, 0, 1, 0), (1, 0, round(2 / 3, 9), round(1 / 3, 9)), (0, 1, 0, 1)}
    assert r.count.tolist() == [3, 1] and r.pure_count.tolist() == [2, 1]


def test_bad_shape_is_a_user_error() -> None:
    with pytest.raises(NegsimError, match="shape"):
        solve_2x2(np.zeros((3, 3, 3)), np.zeros((3, 3, 3)))
