"""The negotiators' domain: bucketed 2-D frontier and aspiration-level offers against brute force."""

from __future__ import annotations

import numpy as np
import pytest

import negsim
from negsim.bargaining.pareto import frontier_2d
from negsim.dynamics.domain import build_domain


def brute_frontier(x: np.ndarray, y: np.ndarray) -> list[int]:
    """Points no other point weakly beats in both and strictly in one (O(n²), on a 1e-9 grid)."""
    qx, qy = np.rint(x / 1e-9), np.rint(y / 1e-9)
    return [i for i in range(x.size)
            if not np.any((qx >= qx[i]) & (qy >= qy[i]) & ((qx > qx[i]) | (qy > qy[i])))]


@pytest.mark.parametrize("seed", range(6))
def test_bucketed_frontier_equals_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 3000
    x = rng.integers(0, 60, n) / 59 if seed % 2 else rng.random(n)  # with and without ties
    y = rng.integers(0, 60, n) / 59 if seed % 2 else 1 - x ** 2 * rng.random(n)
    assert sorted(frontier_2d(x, y, exact_below=0).tolist()) == brute_frontier(x, y)


def test_domain_frontier_and_offers_against_brute_force() -> None:
    s = negsim.scenario.from_dict({
        "negsim": 1,
        "parties": [{"id": "a", "no_deal": 0.2}, {"id": "b", "no_deal": 0.1}],
        "issues": [{"id": "x", "range": [0, 60], "step": 1}, {"id": "y", "range": [0, 60], "step": 1},
                   {"id": "z", "options": ["p", "q", "r"]}],
        "preferences": {
            "a": {"weights": {"x": 3, "y": 1, "z": 1}, "values": {"x": {0: 0, 60: 1}, "y": {0: 0, 30: 0.8, 60: 1},
                                                                  "z": {"p": 0, "q": 1, "r": 0.5}},
                  "red_lines": [{"issue": "z", "never": ["r"]}]},
            "b": {"weights": {"x": 1, "y": 2, "z": 1}, "values": {"x": {0: 1, 60: 0}, "y": {0: 1, 60: 0},
                                                                  "z": {"p": 1, "q": 0.2, "r": 0.6}}}},
    })
    dom = build_domain(s)
    u = dom.u
    feasible = np.flatnonzero(dom.feasible)
    assert sorted(dom.frontier.tolist()) == sorted(feasible[brute_frontier(u[feasible, 0], u[feasible, 1])].tolist())
    view = dom.views[0]
    pool = np.flatnonzero(dom.acceptable[0])
    for target in np.linspace(0.2, 1.0, 17):
        ok = pool[u[pool, 0] >= target - 1e-9]
        if ok.size == 0:
            continue
        best_for_b = u[ok, 1].max()
        pick = view.at_level(float(target))
        assert u[pick, 0] >= target - 1e-9 and u[pick, 1] == pytest.approx(best_for_b)
        assert dom.deal(pick)["z"] != "r"
