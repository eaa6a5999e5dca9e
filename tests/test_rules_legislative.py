"""Baron–Ferejohn legislative bargaining: the published symmetric case and the equilibrium conditions."""

from __future__ import annotations

import numpy as np
import pytest

from negsim.errors import NegsimError
from negsim.rules.legislative import BaronFerejohn, baron_ferejohn


def test_five_players_delta_one_baron_ferejohn_1989() -> None:
    """Baron & Ferejohn (1989, APSR 83(4)), closed rule, n = 5, δ = 1, equal recognition:
    the proposer keeps 3/5 and buys two votes at 1/5 each."""
    r = baron_ferejohn(list("abcde"), delta=1.0)
    assert r.quota == 3
    assert all(k == pytest.approx(3 / 5) for k in r.keeps.values())
    assert all(p == pytest.approx(1 / 5) for p in r.price.values())
    assert all(sum(buys.values()) == pytest.approx(2) for buys in r.inclusion.values())


@pytest.mark.parametrize(("n", "delta"), [(3, 0.9), (5, 0.8), (7, 0.95), (9, 1.0), (11, 0.5)])
def test_equal_recognition_closed_form(n: int, delta: float) -> None:
    """Baron & Ferejohn (1989): with equal recognition the proposer keeps 1 − δ(n−1)/(2n), a bought vote costs δ/n."""
    r = baron_ferejohn([f"p{k}" for k in range(n)], delta=delta)
    q = n // 2 + 1
    assert r.keeps["p0"] == pytest.approx(1 - delta * (q - 1) / n)
    assert r.price["p0"] == pytest.approx(delta / n)


def check_equilibrium(r: BaronFerejohn) -> None:
    """The stationary equilibrium conditions, written out independently of the solver."""
    ids, n, q, d = r.players, len(r.players), r.quota, r.delta
    v = np.array([r.value[i] for i in ids])
    p = np.array([r.recognition[i] for i in ids])
    pi = np.array([[r.inclusion[a].get(b, 0.0) for b in ids] for a in ids])
    x = d * v
    assert v.sum() == pytest.approx(1, abs=1e-9)  # the first proposal passes: the whole surplus is shared
    assert (pi >= -1e-12).all() and (pi <= 1 + 1e-12).all() and np.allclose(np.diag(pi), 0)
    for j in range(n):
        others = sorted(x[k] for k in range(n) if k != j)
        assert pi[j].sum() == pytest.approx(q - 1, abs=1e-8)  # buys q − 1 votes
        assert pi[j] @ x == pytest.approx(sum(others[: q - 1]), abs=1e-9)  # ... the cheapest ones
    bought = p @ pi
    for i in range(n):
        assert v[i] == pytest.approx(p[i] * (1 - pi[i] @ x) + x[i] * bought[i], abs=1e-9)


@pytest.mark.parametrize("seed", range(60))
def test_unequal_recognition_is_an_equilibrium(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 9))
    recognition = rng.dirichlet(np.ones(n)) if seed % 2 else np.round(rng.dirichlet(np.ones(n)), 1) + 0.05
    r = baron_ferejohn([f"p{k}" for k in range(n)], delta=float(rng.uniform(0.3, 0.99)),
                       recognition=recognition.tolist(), quota=int(rng.integers(1, n + 1)))
    check_equilibrium(r)


def test_a_more_often_recognised_player_gets_more() -> None:
    """Eraslan (2002): with a common δ, expected payoffs rise with the recognition probability."""
    r = baron_ferejohn(list("abcde"), delta=0.9, recognition=[0.4, 0.25, 0.15, 0.1, 0.1])
    values = [r.value[k] for k in "abcde"]
    assert values == sorted(values, reverse=True)


def test_bad_input() -> None:
    with pytest.raises(NegsimError, match="delta"):
        baron_ferejohn(["a", "b"], delta=0)
    with pytest.raises(NegsimError, match="quota"):
        baron_ferejohn(["a", "b"], quota=3)
    with pytest.raises(NegsimError, match="recognition"):
        baron_ferejohn(["a", "b"], recognition=[0.5])
