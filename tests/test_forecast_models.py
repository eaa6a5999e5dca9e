"""The forecasting models against published anchors, hand derivations and brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negsim
from negsim.forecast import ForecastData, forecast, scenario_data
from negsim.forecast.compromise import compromise
from negsim.forecast.exchange import exchange
from negsim.forecast.median import weighted_median

EC = dict(actors=["nl", "be", "lu", "de", "fr", "it", "uk", "ie", "dk", "el"],
          positions=[[4, 7, 4, 4, 10, 10, 10, 7, 4, 7]], saliences=[[80, 40, 20, 80, 60, 60, 90, 10, 100, 70]],
          capabilities=[[.08, .08, .03, .16, .16, .16, .16, .05, .05, .08]])


def ec_data() -> ForecastData:
    return ForecastData.build(EC["actors"], ["years"], positions=EC["positions"], saliences=EC["saliences"],
                              capabilities=EC["capabilities"])


def test_ec_car_emissions_anchors() -> None:
    """Bueno de Mesquita (1994), table 4.1, as in ../shared/forecasting/README.md: mean 7.38996, median 7."""
    r = forecast(ec_data(), ["compromise", "median"])
    assert r.forecasts["compromise"][0] == pytest.approx(7.38996, abs=5e-6)
    assert r.forecasts["median"][0] == 7.0


def test_ec_bundled_scenario_gives_the_same_anchors() -> None:
    """The bundled scenario (defaults: demands as positions, power as capability) reproduces the table."""
    r = forecast(scenario_data(negsim.load(negsim.bundled("ec-car-emissions-1994"))), ["compromise", "median"])
    assert r.forecasts["compromise"][0] == pytest.approx(7.38996, abs=5e-6)
    assert r.forecasts["median"][0] == 7.0


def test_swapping_netherlands_and_belgium_rows_changes_nothing() -> None:
    """The README: two public copies swap these rows; both have capability 0.08, so aggregates agree."""
    d = ec_data()
    swapped = ForecastData.build(EC["actors"], ["years"], positions=[[7, 4, 4, 4, 10, 10, 10, 7, 4, 7]],
                                 saliences=[[40, 80, 20, 80, 60, 60, 90, 10, 100, 70]],
                                 capabilities=EC["capabilities"])
    a, b = forecast(d, ["compromise", "median"]), forecast(swapped, ["compromise", "median"])
    assert a.forecasts["compromise"] == pytest.approx(b.forecasts["compromise"])
    assert a.forecasts["median"] == pytest.approx(b.forecasts["median"])


@pytest.mark.parametrize(("positions", "expected"), [([0, 100], 50.0), ([0, 100, 100], 200 / 3)])
def test_decide_package_anchors(positions: list[float], expected: float) -> None:
    """decide-exchange-model's tests (test_calculations.py): equal salience and power -> 50 and 200/3.
    With one issue there is nothing to exchange, so the exchange model gives the same."""
    actors = [f"a{k}" for k in range(len(positions))]
    d = ForecastData.build(actors, ["p"], positions=[positions], saliences=[[1] * len(positions)])
    r = forecast(d, ["compromise", "exchange"])
    assert r.forecasts["compromise"][0] == pytest.approx(expected, rel=1e-12)
    assert r.forecasts["exchange"][0] == pytest.approx(expected, rel=1e-12)


weights_and_positions = st.integers(1, 7).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 10), min_size=n, max_size=n), st.lists(st.integers(0, 5), min_size=n, max_size=n)))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(weights_and_positions)
def test_weighted_median_by_brute_force(case: tuple[list[int], list[int]]) -> None:
    """Brute force of the definition: the smallest actor position at which the weight at or below it is at least
    half of the total; it also minimises the weighted distance Σ w|x − m| over the actors' positions."""
    x, w = (np.array(v, float) for v in case)
    got = weighted_median(x[None], w[None])[0]
    if w.sum() == 0:
        assert np.isnan(got)
        return
    candidates = sorted(set(x[w > 0].tolist()))
    expected = next(m for m in candidates if w[x <= m].sum() * 2 >= w.sum())
    assert got == expected
    cost = lambda m: float((w * np.abs(x - m)).sum())  # noqa: E731
    assert cost(got) == pytest.approx(min(cost(m) for m in candidates))


@settings(max_examples=100, deadline=None, derandomize=True)
@given(weights_and_positions)
def test_compromise_is_the_weighted_mean(case: tuple[list[int], list[int]]) -> None:
    x, w = (np.array(v, float) for v in case)
    got = compromise(x[None], w[None])[0]
    if w.sum() == 0:
        assert np.isnan(got)
    else:
        assert got == pytest.approx(sum(a * b for a, b in zip(x, w, strict=True)) / w.sum())


def test_absent_actors_are_left_out() -> None:
    """An actor with no position, or no salience, on an issue plays no part there."""
    d = ForecastData.build(["a", "b", "c"], ["p", "q"], positions=[[0, 100, None], [0, 100, 40]],
                           saliences=[[1, 1, 1], [1, 1, None]])
    r = forecast(d, ["compromise", "median"])
    assert r.forecasts["compromise"].tolist() == [50.0, 50.0]


# --- the exchange model ---------------------------------------------------------------------

def two_issue_trade() -> ForecastData:
    """a cares about p (0.8) more than q (0.2); b the other way round; equal capabilities."""
    return ForecastData.build(["a", "b"], ["p", "q"], positions=[[0, 100], [0, 100]],
                              saliences=[[0.8, 0.2], [0.2, 0.8]], groups=["g", "g"])


def test_exchange_by_hand() -> None:
    """Derived by hand from Stokman & Van Oosten (1994): O_p = 20, O_q = 80 at first; b's full move on p
    (to 0) shifts O_p by 20, a's full move on q (to 100) shifts O_q by 20; gains 0.8·20 − 0.2·20 = 12 each.
    After the exchange both issues go the way of the actor who cares more: O = (0, 100)."""
    d = two_issue_trade()
    assert forecast(d, ["compromise"]).forecasts["compromise"].tolist() == pytest.approx([20.0, 80.0])
    r = exchange(d)
    assert r.forecast.tolist() == pytest.approx([0.0, 100.0])
    assert np.allclose(r.positions, [[0.0, 0.0], [100.0, 100.0]])


def test_no_exchange_across_groups() -> None:
    d = ForecastData.build(["a", "b"], ["p", "q"], positions=[[0, 100], [0, 100]],
                           saliences=[[0.8, 0.2], [0.2, 0.8]], groups=["g1", "g2"])
    assert exchange(d).forecast.tolist() == pytest.approx([20.0, 80.0])


def _utility(x: np.ndarray, s: np.ndarray, outcome: np.ndarray, actor: int) -> float:
    """Minus salience-weighted distance of the actor's (original) position to the outcome."""
    return float(-(s[:, actor] * np.abs(x[:, actor] - outcome)).sum())


@pytest.mark.parametrize("seed", range(8))
def test_exchange_gains_are_equal_and_positive(seed: int) -> None:
    """Brute-force check of one round with two actors: recompute both outcomes from scratch; each actor's
    utility (at its own original positions) rises by the same amount."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 100, (2, 2))
    x[:, 1] = 100 - x[:, 0]  # opposite sides of the outcome on both issues
    s = rng.uniform(0.1, 1, (2, 2))
    d = ForecastData.build(["a", "b"], ["p", "q"], positions=x, saliences=s, capabilities=rng.uniform(0.5, 2, (2, 2)),
                           groups=["g", "g"])
    before = compromise(x, d.weights())
    after = exchange(d, rounds=1).forecast
    gains = [_utility(x, s, after, k) - _utility(x, s, before, k) for k in (0, 1)]
    if np.allclose(before, after):
        return  # no exchange was possible (e.g. equal salience ratios)
    assert gains[0] > 0
    assert gains[0] == pytest.approx(gains[1], rel=1e-9, abs=1e-9)


def test_exchange_greedy_matches_sequential_greedy() -> None:
    """The parallel selection picks what going down the list one by one picks (brute force on random gains)."""
    from negsim.forecast.exchange import _Candidates, _greedy

    rng = np.random.default_rng(3)
    for _ in range(30):
        k = 60
        c = _Candidates(rng.integers(0, 6, k), rng.integers(0, 6, k), rng.integers(0, 3, k), rng.integers(0, 3, k))
        gain = rng.integers(0, 5, k).astype(float)
        got = set(_greedy(gain, c, 6, 18).tolist())
        used: set[int] = set()
        expected = set()
        for i in sorted(range(k), key=lambda i: (-gain[i], i)):
            keys = {c.p[i] * 6 + c.a[i], c.p[i] * 6 + c.b[i], c.q[i] * 6 + c.a[i], c.q[i] * 6 + c.b[i]}
            if gain[i] > 1e-9 and not keys & used:
                used |= keys
                expected.add(i)
        assert got == expected


def test_every_model_handles_an_issue_without_weight() -> None:
    d = ForecastData.build(["a", "b"], ["p"], positions=[[0, 100]], saliences=[[0, 0]])
    r = forecast(d)
    assert all(np.isnan(f[0]) for f in r.forecasts.values())
    assert r.to_dict()["issues"][0]["forecasts"] == dict.fromkeys(r.models)
