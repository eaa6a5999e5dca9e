"""The expected-utility model (Bueno de Mesquita 1994 as replicated by Scholz, Calbert & Smith 2011),
checked against a plain scalar re-implementation of the published formulas, one actor pair at a time."""

from __future__ import annotations

import math

import numpy as np
import pytest

from negsim.errors import NegsimError
from negsim.forecast import EUOptions, ForecastData
from negsim.forecast.eu_calculus import expected_utilities, risk_exponents, win_probabilities
from negsim.forecast.expected_utility import CAPITULATES, COMPROMISES, expected_utility


def scalar_probability(x: list[float], w: list[float], i: int, j: int, denominator: str) -> float:
    """P(i beats j) written out from Scholz et al. (2011) section 4, one vote at a time."""
    if x[i] == x[j]:
        return 0.0
    vote = lambda k, a, b: w[k] * (abs(x[k] - x[b]) - abs(x[k] - x[a]))  # noqa: E731
    n = len(x)
    top = sum(max(0.0, vote(k, i, j)) for k in range(n))
    if denominator == "pair":
        bottom = sum(abs(vote(k, i, j)) for k in range(n))
    else:
        bottom = sum(abs(vote(k, a, b)) for k in range(n) for a in range(n) for b in range(n))
    return top / bottom if bottom else 0.0


def scalar_eu(x: list[float], s: list[float], p: float, i: int, j: int, r: float, mu: float, q: float,
              t: float) -> float:
    """EU_i(challenge j), Scholz et al. (2011) section 2.2 with the status-quo term subtracted whole."""
    d = abs(x[i] - x[j])
    dm = abs(x[i] - mu)
    us, uf = 2 - 4 * (0.5 - 0.5 * d) ** r, 2 - 4 * (0.5 + 0.5 * d) ** r
    ub, uw = 2 - 4 * (0.5 - 0.25 * (dm + d)) ** r, 2 - 4 * (0.5 + 0.25 * (dm + d)) ** r
    usq = 2 - 4 * 0.5 ** r
    return s[j] * (p * us + (1 - p) * uf) + (1 - s[j]) * us - (q * usq + (1 - q) * (t * ub + (1 - t) * uw))


@pytest.mark.parametrize("denominator", ["pair", "all"])
@pytest.mark.parametrize("seed", range(4))
def test_probabilities_and_utilities_match_the_scalar_formulas(denominator: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 6
    x = rng.uniform(0, 1, n).round(2)
    w = rng.uniform(0, 1, n)
    s = rng.uniform(0, 1, n)
    r = rng.uniform(0.5, 2, n)
    present = np.ones((1, n), bool)
    p = win_probabilities(x[None], w[None], present, denominator)[0]
    eu = expected_utilities(x[None], s[None], p[None], r[None, :, None], np.array([0.4]), status_quo=0.3,
                            improvement=0.6)[0]
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            pij = scalar_probability(list(x), list(w), i, j, denominator)
            assert p[i, j] == pytest.approx(pij, abs=1e-12)
            assert eu[i, j] == pytest.approx(scalar_eu(list(x), list(s), pij, i, j, r[i], 0.4, 0.3, 0.6), abs=1e-12)


def test_pair_probabilities_sum_to_one() -> None:
    """With the pair denominator P(i beats j) + P(j beats i) = 1 for distinct positions (BDM 1994)."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (3, 7))
    p = win_probabilities(x, rng.uniform(0.1, 1, (3, 7)), np.ones((3, 7), bool), "pair")
    off = ~np.eye(7, dtype=bool)
    assert np.allclose((p + np.swapaxes(p, 1, 2))[:, off], 1.0)


def test_risk_exponents_span_half_to_two() -> None:
    """r_i = (1 − R_i/3)/(1 + R_i/3) with R in [−1, 1]: the most endangered actor gets ½, the safest 2."""
    rng = np.random.default_rng(1)
    eu = rng.normal(size=(1, 5, 5))
    r = risk_exponents(eu, np.ones((1, 5), bool))[0]
    danger = eu[0].sum(axis=0) - np.diag(eu[0])
    assert r[np.argmax(danger)] == pytest.approx(0.5)
    assert r[np.argmin(danger)] == pytest.approx(2.0)
    assert ((r >= 0.5 - 1e-12) & (r <= 2 + 1e-12)).all()


def test_capitulation_can_happen() -> None:
    """The corrected capitulation test (|EU_i| ≥ EU_j) fires; a replication's `eu_ji < abs(eu_ji)` never does."""
    rng = np.random.default_rng(0)
    kinds = set()
    for _ in range(20):
        n = 6
        d = ForecastData.build([f"a{k}" for k in range(n)], ["p"], positions=[rng.uniform(0, 100, n).round()],
                               saliences=[rng.uniform(10, 100, n)], capabilities=[rng.uniform(0.1, 1, n)])
        kinds |= set(np.unique(expected_utility(d, rounds=1).challenges).tolist())
    assert CAPITULATES in kinds and COMPROMISES in kinds


def test_one_round_matches_a_scalar_round() -> None:
    """A full first round, recomputed pair by pair in plain Python (risk, offers, nearest offer taken)."""
    rng = np.random.default_rng(5)
    n = 5
    x = rng.uniform(0, 100, n).round()
    s = rng.uniform(10, 100, n)
    c = rng.uniform(0.1, 1, n)
    d = ForecastData.build([f"a{k}" for k in range(n)], ["p"], positions=[x], saliences=[s], capabilities=[c])
    got = expected_utility(d, rounds=1).positions[1, 0]

    lo, dx = x.min(), x.max() - x.min()
    xs, ss, w = list((x - lo) / dx), list(s / 100), list(c * s)
    med = _median(xs, w)
    P = [[scalar_probability(xs, w, i, j, "pair") for j in range(n)] for i in range(n)]
    eu1 = [[scalar_eu(xs, ss, P[i][j], i, j, 1.0, med, 1.0, 1.0) for j in range(n)] for i in range(n)]
    danger = [sum(eu1[j][i] for j in range(n) if j != i) for i in range(n)]
    big = [(2 * dg - max(danger) - min(danger)) / (max(danger) - min(danger)) for dg in danger]
    r = [(1 - b / 3) / (1 + b / 3) for b in big]
    expected = []
    for i in range(n):
        best = (math.inf, xs[i])
        for j in range(n):
            if j == i or xs[j] == xs[i]:
                continue
            a = scalar_eu(xs, ss, P[i][j], i, j, r[i], med, 1.0, 1.0)
            b = scalar_eu(xs, ss, P[j][i], j, i, r[i], med, 1.0, 1.0)  # j's gain as i sees it
            if b <= 0 or (a > 0 and b <= a):
                continue
            new = xs[i] + (xs[j] - xs[i]) * (-a / b) if (a <= 0 and -a < b) else xs[j]
            if abs(new - xs[i]) < best[0]:
                best = (abs(new - xs[i]), new)
        expected.append(best[1] * dx + lo)
    assert got.tolist() == pytest.approx(expected, abs=1e-9)


def _median(x: list[float], w: list[float]) -> float:
    pairs = sorted(zip(x, w, strict=True))
    total, acc = sum(w), 0.0
    for xi, wi in pairs:
        acc += wi
        if acc * 2 >= total * (1 - 1e-12):
            return xi
    return pairs[-1][0]


def test_unanimous_issue_stays_put() -> None:
    d = ForecastData.build(["a", "b"], ["p"], positions=[[30, 30]], saliences=[[50, 80]])
    r = expected_utility(d, rounds=5)
    assert r.forecast.tolist() == [30.0] and bool(r.settled[0]) and int(r.rounds_run[0]) == 0


def test_switches_are_checked() -> None:
    with pytest.raises(NegsimError, match="choice"):
        EUOptions(choice="loudest").check()
    with pytest.raises(NegsimError, match="status_quo"):
        EUOptions(status_quo=1.5).check()


def test_chunks_give_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issues are processed in chunks to bound memory; the chunk size never changes the answer."""
    import negsim.forecast.expected_utility as eu

    rng = np.random.default_rng(2)
    d = ForecastData.build([f"a{k}" for k in range(6)], [f"i{k}" for k in range(9)],
                           positions=rng.uniform(0, 100, (9, 6)).round(), saliences=rng.uniform(0, 100, (9, 6)))
    whole = expected_utility(d, rounds=4)
    monkeypatch.setattr(eu, "CELLS_PER_CHUNK", 6**3 * 2)
    parts = expected_utility(d, rounds=4)
    assert np.array_equal(whole.positions, parts.positions, equal_nan=True)
    assert np.array_equal(whole.forecast, parts.forecast)


def test_the_ec_example_does_not_settle_but_its_median_holds() -> None:
    """docs/forecasting.md: on the EC example positions still move after ten rounds; the median stays 7 years."""
    import negsim
    from negsim.forecast import scenario_data

    r = expected_utility(scenario_data(negsim.load(negsim.bundled("ec-car-emissions-1994"))), rounds=10)
    assert not r.settled[0] and int(r.rounds_run[0]) == 10
    assert r.outcomes[:, 0].tolist() == [7.0] * 11
