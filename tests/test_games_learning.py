"""Learning dynamics: published limits, and reproducibility that does not touch numpy's global state."""

from __future__ import annotations

import numpy as np
import pytest

from negsim.errors import NegsimError
from negsim.games.learning import (
    asymmetric_replicator,
    fictitious_play,
    replicator,
    seeded_global_state,
    stochastic_fictitious_play,
)
from negsim.games.model import Game

MP = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])


def test_hawk_dove_replicator_converges_to_v_over_c() -> None:
    """Maynard Smith (1982), Evolution and the Theory of Games: hawk share V/C with V = 2, C = 4."""
    V, C = 2.0, 4.0
    A = [[(V - C) / 2, V], [0, V / 2]]
    t = replicator(Game.from_arrays(A, np.transpose(A)), y0=[0.9, 0.1], timepoints=np.linspace(0, 60, 300))
    assert abs(t.row[-1, 0] - V / C) < 1e-3


def test_fictitious_play_in_matching_pennies_approaches_one_half() -> None:
    """Robinson (1951): fictitious play converges in zero-sum games (to ½, ½ here)."""
    t = fictitious_play(MP, iterations=3000, seed=5)
    assert np.allclose(t.row[-1], [0.5, 0.5], atol=0.05) and np.allclose(t.column[-1], [0.5, 0.5], atol=0.05)


def test_asymmetric_replicator_stag_hunt_basins() -> None:
    sh = Game.from_arrays([[4, 1], [3, 2]], [[4, 3], [1, 2]])
    up = asymmetric_replicator(sh, x0=[0.7, 0.3], y0=[0.7, 0.3], timepoints=np.linspace(0, 40, 200))
    down = asymmetric_replicator(sh, x0=[0.3, 0.7], y0=[0.3, 0.7], timepoints=np.linspace(0, 40, 200))
    assert up.row[-1, 0] > 0.99 and down.row[-1, 0] < 0.01  # the mixed point ½ separates the basins


@pytest.mark.parametrize("run", [lambda s: fictitious_play(MP, 200, seed=s),
                                 lambda s: stochastic_fictitious_play(MP, 200, seed=s)])
def test_same_seed_same_path_and_global_state_untouched(run) -> None:  # type: ignore[no-untyped-def]
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    a = run(4)
    assert np.array_equal(np.random.get_state()[1], before)
    np.random.seed(999)  # a different global state must not change the result
    b = run(4)
    assert np.array_equal(a.row, b.row) and np.array_equal(a.column, b.column)
    paths = {run(s).row.tobytes() for s in range(6)}
    assert len(paths) > 1  # the seed matters


def test_seeded_context_restores_state_after_an_error() -> None:
    np.random.seed(1)
    before = np.random.get_state()[1].copy()
    with pytest.raises(RuntimeError), seeded_global_state(3):
        raise RuntimeError
    assert np.array_equal(np.random.get_state()[1], before)


def test_bad_inputs_are_user_errors() -> None:
    with pytest.raises(NegsimError, match="square"):
        replicator(Game.from_arrays(np.zeros((2, 3)), np.zeros((2, 3))))
    with pytest.raises(NegsimError, match="summing to 1"):
        asymmetric_replicator(MP, x0=[0.2, 0.2])
    with pytest.raises(NegsimError, match="iterations"):
        fictitious_play(MP, 0)


def test_fictitious_play_is_nashpys_algorithm_and_draws_without_its_global_state() -> None:
    """negsim runs fictitious play itself (no nashpy import on `negsim run`); it must match nashpy's
    implementation fed the same seeded legacy generator, ties included (degenerate games tie often)."""
    from negsim.games.learning import fictitious_play, seeded_global_state

    rng = np.random.default_rng(5)
    for _ in range(20):
        g = Game.from_arrays(rng.integers(0, 3, (3, 4)), rng.integers(0, 3, (3, 4)))
        with seeded_global_state(11):
            ref = list(g.to_nashpy().fictitious_play(iterations=60))[1:]
        before = np.random.get_state()[1][:4].tolist()
        mine = fictitious_play(g, 60, seed=11)
        assert np.random.get_state()[1][:4].tolist() == before  # the global state is left alone
        rows = np.array([c[0] for c in ref], dtype=float)
        np.testing.assert_array_equal(mine.row, rows / rows.sum(axis=1, keepdims=True))


CLASSIC = {  # (A, B): games whose replicator paths stay away from the corners for 20 time units
    "stag hunt": ([[4, 1], [3, 2]], [[4, 3], [1, 2]]),
    "hawk-dove": ([[-1, 2], [0, 1]], [[-1, 0], [2, 1]]),
    "chicken (the seed case's crisis game)": ([[3, 2], [4, 1]], [[3, 4], [2, 1]]),
    "matching pennies": ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
    "battle of the sexes": ([[3, 0], [0, 2]], [[2, 0], [0, 3]]),
    "rock-paper-scissors": ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]),
}


@pytest.mark.parametrize("name", sorted(CLASSIC))
def test_replicator_paths_match_nashpy(name: str) -> None:
    """negsim integrates the log shares itself; nashpy (scipy's odeint on the shares) is the peer. odeint's
    own error reaches 3e-6 on matching pennies (against a 1e-13 DOP853 solution; negsim's is 7e-11)."""
    import nashpy

    A, B = (np.asarray(m, dtype=float) for m in CLASSIC[name])
    rng = np.random.default_rng(11)
    t = np.linspace(0, 20, 400)
    for _ in range(3):
        x0, y0 = rng.dirichlet(np.ones(A.shape[0])), rng.dirichlet(np.ones(A.shape[1]))
        ours = asymmetric_replicator(Game.from_arrays(A, B), x0=x0, y0=y0, timepoints=t)
        xs, ys = nashpy.Game(A, B).asymmetric_replicator_dynamics(x0=x0, y0=y0, timepoints=t)
        assert np.abs(ours.row - xs).max() < 1e-5 and np.abs(ours.column - ys).max() < 1e-5
        if A.shape[0] == A.shape[1]:
            mine = replicator(Game.from_arrays(A, A.T), y0=x0, timepoints=t).row
            assert np.abs(mine - nashpy.Game(A, A.T).replicator_dynamics(y0=x0, timepoints=t)).max() < 1e-5


def test_replicator_is_exact_where_fitness_is_constant() -> None:
    """With fitness c independent of the other population, x_i(t) ∝ x_i(0)·exp(c_i t) exactly — also
    deep in a corner (shares of 1e-20), where integrating the shares themselves loses them."""
    c = np.array([0.0, 1.0, 2.5])
    A = np.tile(c[:, None], (1, 2))  # the row population's fitness does not depend on the column's play
    x0, t = np.array([0.5, 0.3, 0.2]), np.linspace(0, 30, 61)
    path = asymmetric_replicator(Game.from_arrays(A, np.zeros((3, 2))), x0=x0, y0=[0.5, 0.5], timepoints=t).row
    exact = x0 * np.exp(np.outer(t, c))
    exact /= exact.sum(axis=1, keepdims=True)
    assert np.abs(np.log(path) - np.log(exact)).max() < 1e-8  # relative error of every share, the tiny ones too
    assert path[-1, 0] < 1e-30


def test_replicator_shares_stay_shares_and_absent_strategies_stay_absent() -> None:
    rng = np.random.default_rng(3)
    g = Game.from_arrays(rng.integers(-5, 6, (3, 4)), rng.integers(-5, 6, (3, 4)))
    tr = asymmetric_replicator(g, x0=[0.0, 0.4, 0.6], y0=[0.25, 0.25, 0.5, 0.0], timepoints=np.linspace(0, 50, 101))
    assert tr.column is not None
    for shares in (tr.row, tr.column):
        assert np.all(shares >= 0) and np.allclose(shares.sum(axis=1), 1.0)
    assert np.all(tr.row[:, 0] == 0) and np.all(tr.column[:, 3] == 0)


def test_replicator_that_cannot_be_followed_stops_with_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from negsim.games import ode

    monkeypatch.setattr(ode, "MAX_STEPS", 500)
    fast = Game.from_arrays([[1000, -1000], [-1000, 1000]], [[-1000, 1000], [1000, -1000]])  # orbits every ~0.01
    with pytest.raises(NegsimError, match="too fast to follow"):
        asymmetric_replicator(fast, x0=[0.3, 0.7], y0=[0.6, 0.4])
    with pytest.raises(NegsimError, match="increasing order"):
        asymmetric_replicator(MP, timepoints=[0.0, 2.0, 1.0])
