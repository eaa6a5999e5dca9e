"""Tournaments and the strategy meta-game."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import negsim
from negsim.dynamics import negotiate
from negsim.dynamics.domain import build_domain
from negsim.dynamics.tournament import bimatrix_equilibria, play, pure_equilibria

DOLLAR = build_domain(negsim.load(negsim.bundled("divide-the-dollar")))


def brute_pure(payoffs: np.ndarray) -> list[tuple[int, ...]]:
    """Pure equilibria by checking every unilateral deviation of every profile."""
    shape, n = payoffs.shape[:-1], payoffs.shape[-1]
    out = []
    for prof in itertools.product(*(range(s) for s in shape)):
        stable = True
        for k in range(n):
            for alt in range(shape[k]):
                dev = list(prof)
                dev[k] = alt
                if payoffs[tuple(dev)][k] > payoffs[prof][k] + 1e-12:
                    stable = False
        if stable:
            out.append(prof)
    return out


@pytest.mark.parametrize("seed", range(10))
def test_pure_equilibria_match_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = tuple(int(x) for x in rng.integers(2, 4, size=int(rng.integers(2, 4))))
    payoffs = rng.integers(0, 4, size=(*shape, len(shape))).astype(float)  # ties on purpose (degenerate)
    assert pure_equilibria(payoffs) == brute_pure(payoffs)


def test_meta_game_solver_on_published_games() -> None:
    """REFERENCES case 9: Chicken (two pure, mixed 1/2) and Battle of the Sexes (mixed 2/3, 1/3)."""
    chicken = bimatrix_equilibria(np.array([[3.0, 2.0], [4.0, 1.0]]), np.array([[3.0, 4.0], [2.0, 1.0]]))[0]
    mixes = sorted(round(float(x[0]), 6) for x, _ in chicken)
    assert mixes == [0.0, 0.5, 1.0]
    bos = bimatrix_equilibria(np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 2.0]]))[0]
    assert any(np.allclose(x, [2 / 3, 1 / 3]) and np.allclose(y, [1 / 3, 2 / 3]) for x, y in bos)


def test_tournament_cells_equal_the_single_negotiations() -> None:
    t = play(DOLLAR, ["hardliner", "linear", "random"], seeds=4, rounds=12)
    assert len(t.cells) == 9
    for cell in t.cells:
        runs = [negotiate(DOLLAR, dict(zip(DOLLAR.parties, cell.profile, strict=True)), 12, seed=s) for s in range(4)]
        assert cell.agreement_rate == sum(r.outcome.agreement for r in runs) / 4
        for k, p in enumerate(DOLLAR.parties):
            assert cell.discounted[k] == pytest.approx(np.mean([r.outcome.discounted[p] for r in runs]))
    assert t.grid("agreement_rate")[0, 0] == 0.0  # two hardliners never agree


def test_meta_game_equilibria_are_best_responses() -> None:
    t = play(DOLLAR, ["boulware", "linear", "conceder", "hardliner"], seeds=1, rounds=20)
    A, B = t.meta.payoffs[..., 0], t.meta.payoffs[..., 1]
    assert t.meta.equilibria
    for eq in t.meta.equilibria:
        x = np.array(list(eq["strategies"]["alice"].values()))
        y = np.array(list(eq["strategies"]["bob"].values()))
        assert x @ A @ y >= (A @ y).max() - 1e-7 and x @ B @ y >= (x @ B).max() - 1e-7


def test_tournament_on_the_seed_scenario_without_common_deal() -> None:
    s = negsim.load(negsim.bundled("security-guarantees-2021"))
    t = play(build_domain(s, None, ["russia", "usa"]), seeds=2, rounds=10)
    assert all(c.agreement_rate == 0 for c in t.cells)
    assert "same payoffs" in t.meta.note
    t3 = play(build_domain(s, "arms_control"), ["boulware", "hardliner"], seeds=2, rounds=10)
    assert len(t3.cells) == 8 and t3.meta.equilibria == [] and t3.meta.pure
    assert t3.to_dict()["meta_game"]["method"] == "pure-strategy enumeration"


def test_bad_tournament_requests() -> None:
    with pytest.raises(negsim.NegsimError):
        play(DOLLAR, ["linear", "linear"])
    with pytest.raises(negsim.NegsimError):
        play(DOLLAR, ["nope"])


def test_nashpy_fallback_finds_the_same_equilibria(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without negsim.games the meta-game falls back to nashpy + pure enumeration (Battle of the Sexes)."""
    from negsim.dynamics import tournament as tour

    monkeypatch.setattr(tour, "_games_solver", lambda: None)
    found, method, note = bimatrix_equilibria(np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 2.0]]))
    assert method.startswith("nashpy") and note
    assert len(found) == 3
