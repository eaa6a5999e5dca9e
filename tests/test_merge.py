"""The merging engine against the enumerating one, and against brute force written here.

Random small scenarios (2 and 3 parties, red lines of every kind, bonuses coupling issues,
no-deal and ``min_utility`` floors, ties everywhere because values and weights come from
coarse grids): :func:`negsim.engine.merge.analyze` must give exactly what
:func:`negsim.engine.enumeration.analyze` gives —
the same frontier (utility vectors and every deal behind them, ties included), the same
solutions, convexified answers, conflicts, prices, openings and ZOPA size.
"""

from __future__ import annotations

from itertools import product
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negsim
import negsim.engine.counting as counting
from negsim.bargaining.pareto import non_dominated
from negsim.engine import choose_method, enumeration, merge
from negsim.engine.counting import count_deals
from negsim.engine.minkowski import MAX_FRONTIER, FrontierTooLarge, merge_frontier
from negsim.numeric import TOL
from negsim.resources import bundled_scenarios
from negsim.scenario.loader import from_dict
from negsim.space import build_space

GRID = [0.0, 0.25, 0.5, 0.75, 1.0]


@st.composite
def scenarios(draw: Any, parties: int) -> dict[str, Any]:
    """A random scenario: categorical issues, maybe one numeric, red lines, bonuses, floors."""
    n_issues = draw(st.integers(1, 4 if parties == 2 else 3))
    issues: list[dict[str, Any]] = []
    labels: dict[str, list[str]] = {}
    for k in range(n_issues):
        if k == 0 and draw(st.booleans()):
            issues.append({"id": "num", "range": [0, 30], "step": 10})
            labels["num"] = ["0", "10", "20", "30"]
        else:
            n = draw(st.integers(2, 4))
            labels[f"i{k}"] = [f"o{j}" for j in range(n)]
            issues.append({"id": f"i{k}", "options": labels[f"i{k}"]})
    pids = [f"p{j}" for j in range(parties)]
    prefs = {p: _preferences(draw, labels) for p in pids}
    return {
        "negsim": 1,
        "parties": [{"id": p, "no_deal": draw(st.sampled_from([0.0, 0.2, 0.4, 0.5, 0.6])),
                     "power": draw(st.sampled_from([1.0, 1.0, 2.0]))} for p in pids],
        "issues": issues,
        "preferences": prefs,
    }


def _preferences(draw: Any, labels: dict[str, list[str]]) -> dict[str, Any]:
    ids = list(labels)
    out: dict[str, Any] = {
        "weights": {i: float(draw(st.integers(0, 3))) for i in ids},
        "values": {i: {o: draw(st.sampled_from(GRID)) for o in labels[i]} for i in ids},
    }
    if sum(out["weights"].values()) == 0:
        out["weights"][ids[0]] = 1.0
    if "num" in labels:
        out["values"]["num"] = {"0": draw(st.sampled_from(GRID)), "30": draw(st.sampled_from(GRID))}
    red: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 2))):
        issue = draw(st.sampled_from(ids))
        kind = draw(st.sampled_from(["never", "only", "min_utility"] + (["at_least", "at_most"] if issue == "num"
                                                                       else [])))
        if kind == "min_utility":
            red.append({"min_utility": draw(st.sampled_from([0.3, 0.5, 0.7]))})
        elif kind in ("at_least", "at_most"):
            red.append({"issue": issue, kind: draw(st.sampled_from([10, 20]))})
        else:
            red.append({"issue": issue, kind: [draw(st.sampled_from(labels[issue]))]})
    bonuses = []
    for _ in range(draw(st.integers(0, 2))):
        when_ids = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
        bonuses.append({"when": {i: draw(st.sampled_from(labels[i])) for i in when_ids},
                        "add": draw(st.sampled_from([-0.25, 0.125, 0.25]))})
    out["red_lines"], out["bonuses"] = red, bonuses
    return out


def _rounded(x: Any) -> Any:
    """JSON data without the engine's name: everything else must be identical, floats to the last bit
    (both engines evaluate deals with the one summation order of negsim.space.model)."""
    if isinstance(x, dict):
        return {k: _rounded(v) for k, v in x.items() if k != "method"}
    if isinstance(x, list):
        return [_rounded(v) for v in x]
    return x


def _same_analysis(data: dict[str, Any]) -> None:
    space = build_space(from_dict(data))
    enum, merged = enumeration.analyze(space), merge.analyze(space)
    a, b = _rounded(enum.to_dict()), _rounded(merged.to_dict())
    for key in a:
        assert a[key] == b[key], key
    assert sorted(i for p in enum.frontier for i in p.indices) == sorted(i for p in merged.frontier for i in p.indices)
    np.testing.assert_allclose(np.sort(merged.frontier_u, axis=0), np.sort(enum.frontier_u, axis=0), atol=1e-12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(scenarios(parties=2))
def test_two_parties_same_as_enumeration(data: dict[str, Any]) -> None:
    _same_analysis(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(scenarios(parties=3))
def test_three_parties_same_as_enumeration(data: dict[str, Any]) -> None:
    _same_analysis(data)


BUNDLED_WITH_ISSUES = [p.stem for p in bundled_scenarios() if negsim.load(p).issues]
"""Every bundled scenario with a deal space (eu-council-qmv: its diagnosis is cut short under merging,
see the next test; its other results are checked there too)."""


@pytest.mark.parametrize("name", [n for n in BUNDLED_WITH_ISSUES if n != "eu-council-qmv"])
def test_bundled_scenarios_same_as_enumeration(name: str) -> None:
    scenario = negsim.load(negsim.bundled(name))
    for agenda in [None] + [a.id for a in scenario.agendas]:
        space = build_space(scenario, agenda)
        a, b = _rounded(enumeration.analyze(space).to_dict()), _rounded(merge.analyze(space).to_dict())
        assert a == b


def test_many_constraints_end_the_search_with_a_note_not_a_hang() -> None:
    """The 27-party Council vote has 47 constraints (2^47 candidate sets): the merging engine's
    search for conflicting sets used to run for hours; now it stops at MAX_CHECKS candidates, says
    it is incomplete, and keeps the sets it found — the same as enumerating the 12 deals finds."""
    space = build_space(negsim.load(negsim.bundled("eu-council-qmv")), None)
    exact, merged = enumeration.analyze(space).diagnosis, merge.analyze(space).diagnosis
    assert exact.complete and not merged.complete
    assert merged.conflicts == exact.conflicts
    a, b = _rounded(enumeration.analyze(space).to_dict()), _rounded(merge.analyze(space).to_dict())
    a.pop("diagnosis"), b.pop("diagnosis")
    assert a == b
    assert set(map(tuple, (d for d, _ in merged.openings))) <= set(map(tuple, (d for d, _ in exact.openings)))


def _brute_frontier(u: np.ndarray) -> set[int]:
    """Non-dominated rows by the definition, O(N²), on the 1e-9 grid."""
    q = np.rint(u / TOL).astype(np.int64)
    ge = np.all(q[None, :, :] >= q[:, None, :], axis=2)
    gt = np.any(q[None, :, :] > q[:, None, :], axis=2)
    return {i for i in range(len(q)) if not np.any(ge[i] & gt[i])}


@pytest.mark.parametrize("parties", [3, 4, 5])
def test_pruning_sweep_is_the_brute_force_frontier(parties: int) -> None:
    """Rows with many ties (values on a coarse grid) and without; 3 to 5 parties."""
    rng = np.random.default_rng(parties)
    for trial in range(20):
        n = int(rng.integers(64, 400))
        points = rng.random((n, parties)) if trial % 2 else rng.integers(0, 5, size=(n, parties)) / 4
        assert set(non_dominated(points).tolist()) == _brute_frontier(points)


def _random_space(parties: int, issues: int, options: int, seed: int, no_deal: float = 0.0, red: int = 0) -> Any:
    """Random weights 1..9 and values on a 0.1 grid; ``red`` red lines per party plus a ``min_utility``."""
    rng = np.random.default_rng(seed)
    labels = {f"i{k}": [f"o{j}" for j in range(options)] for k in range(issues)}
    prefs = {}
    for j in range(parties):
        red_lines: list[dict[str, Any]] = [
            {"issue": i, "never" if r % 2 else "only": [str(o) for o in rng.choice(labels[i], 2, replace=False)]}
            for r, i in enumerate(rng.choice(list(labels), red))]
        prefs[f"p{j}"] = {"weights": {i: float(rng.integers(1, 10)) for i in labels},
                          "values": {i: {o: float(rng.integers(0, 11)) / 10 for o in opts}
                                     for i, opts in labels.items()},
                          "red_lines": red_lines + ([{"min_utility": 0.5}] if red else [])}
    data = {
        "negsim": 1,
        "parties": [{"id": f"p{j}", "no_deal": no_deal} for j in range(parties)],
        "issues": [{"id": i, "options": o} for i, o in labels.items()],
        "preferences": prefs,
    }
    return build_space(from_dict(data, max_deals=None))


@pytest.mark.parametrize("parties, issues, options, no_deal, red, seed", [
    (2, 6, 8, 0.3, 2, 1),  # 262,144 deals
    (3, 6, 6, 0.35, 2, 2),  # 46,656 deals, frontiers pruned by the three-party sweep
    (3, 5, 6, 0.6, 3, 3),  # no ZOPA: conflicts and openings
])
def test_medium_spaces_same_as_enumeration(parties: int, issues: int, options: int, no_deal: float, red: int,
                                           seed: int) -> None:
    space = _random_space(parties, issues, options, seed, no_deal, red)
    enum, merged = enumeration.analyze(space), merge.analyze(space)
    assert _rounded(enum.to_dict()) == _rounded(merged.to_dict())


@pytest.mark.parametrize("parties, issues, options", [(2, 5, 5), (3, 4, 4), (4, 3, 4)])
def test_frontier_is_the_brute_force_frontier(parties: int, issues: int, options: int) -> None:
    space = _random_space(parties, issues, options, seed=parties)
    front = merge_frontier(space)
    _, digits = front.deals(np.arange(len(front)), 10**6)
    u = np.stack([space.axes[k].table[np.indices(space.shape).reshape(issues, -1)[k]] for k in range(issues)]).sum(0)
    assert set(space.index_of_digits(digits)) == _brute_frontier(u)
    assert sum(int(c) for c in front.counts()) == len(digits)


def test_ties_of_indifferent_issues_are_counted_not_lost() -> None:
    """Issues nobody cares about multiply every frontier point: 4 options on each of 30 issues."""
    labels = {f"z{k}": ["a", "b", "c", "d"] for k in range(30)}
    data = {
        "negsim": 1,
        "parties": [{"id": "p"}, {"id": "q"}],
        "issues": [{"id": "x", "options": ["l", "m", "h"]}] + [{"id": i, "options": o} for i, o in labels.items()],
        "preferences": {"p": {"weights": {"x": 1.0}, "values": {"x": {"l": 0, "m": 0.5, "h": 1}}},
                        "q": {"weights": {"x": 1.0}, "values": {"x": {"l": 1, "m": 0.5, "h": 0}}}},
    }
    space = build_space(from_dict(data, max_deals=None))
    a = merge.analyze(space)
    assert [p.count for p in a.frontier] == [4**30] * 3  # type: ignore[attr-defined]
    assert a.zopa_size == 3 * 4**30 and a.to_dict()["zopa"]["exact"] is True
    assert a.to_dict()["frontier"][0]["deals_count"] == 4**30


def test_counting_matches_brute_force_with_floors() -> None:
    space = _random_space(2, 6, 6, seed=7)
    u = space.utilities()
    for floors in ([0.4, 0.5], [0.6, 0.3], [0.0, 0.55]):
        expected = int(np.all(u >= np.array(floors) - TOL, axis=1).sum())
        assert count_deals(space, {}, np.array(floors)) == expected


def test_huge_space_solutions_and_estimated_zopa() -> None:
    """2 parties × 40 issues (10^40 deals): the Nash deal maximises the product over the frontier."""
    space = _random_space(2, 40, 10, seed=3, no_deal=0.3)  # floors on both: counting is estimated
    a = merge.analyze(space)
    zopa = a.to_dict()["zopa"]
    assert space.size == 10**40 and len(a.frontier) > 100
    assert a.solutions["nash"].index == -1  # the index does not fit in int64
    u = a.frontier_u
    nash = a.solutions["nash"].utilities
    assert nash is not None
    assert np.prod(np.array(list(nash.values())) - 0.3) == pytest.approx(np.max(np.prod(u - 0.3, axis=1)))
    deal = a.solutions["nash"].deal
    assert deal is not None
    digits = np.array([[space.axes[k].labels.index(deal[ax.id]) for k, ax in enumerate(space.axes)]])
    assert space.utilities_of_digits(digits)[0] == pytest.approx(list(nash.values()))
    assert zopa["exact"] is False and zopa["interval"][0] <= zopa["estimate"] <= zopa["interval"][1]
    assert 0 < zopa["interval"][0] < zopa["interval"][1] <= 10**40


def test_estimated_zopa_interval_covers_the_true_count() -> None:
    space = _random_space(3, 7, 6, seed=11, no_deal=0.45)  # 279,936 deals; three binding floors
    budget = counting.PAIR_BUDGET
    counting.PAIR_BUDGET = 10  # force the estimate
    try:
        zopa = merge.analyze(space).to_dict()["zopa"]
    finally:
        counting.PAIR_BUDGET = budget
    true = int(np.all(space.utilities() >= 0.45 - TOL, axis=1).sum())
    assert zopa["exact"] is False and zopa["interval"][0] <= true <= zopa["interval"][1]


def test_too_large_frontier_is_a_clear_error() -> None:
    space = _random_space(4, 8, 6, seed=1)
    with pytest.raises(FrontierTooLarge, match="--budget-memory"):
        merge_frontier(space, limit=50)
    assert MAX_FRONTIER >= 1000


def test_choose_method() -> None:
    assert choose_method(_random_space(2, 4, 5, seed=0)) == "enumeration"
    assert choose_method(_random_space(2, 30, 10, seed=0)) == "merge"


def test_bonus_coupled_issues_merge_as_one() -> None:
    """A bonus on (x=a, y=a) for p makes the corner deal the only one p accepts with its floor."""
    data = {
        "negsim": 1,
        "parties": [{"id": "p", "no_deal": 0.9}, {"id": "q"}],
        "issues": [{"id": "x", "options": ["a", "b"]}, {"id": "y", "options": ["a", "b"]}],
        "preferences": {"p": {"values": {"x": {"a": 0.5, "b": 1}, "y": {"a": 0.5, "b": 1}},
                              "bonuses": [{"when": {"x": "a", "y": "a"}, "add": 0.5}]},
                        "q": {"values": {"x": {"a": 1, "b": 0}, "y": {"a": 1, "b": 0}}}},
    }
    a = merge.analyze(build_space(from_dict(data)))
    expected = [d for d in product("ab", "ab")
                if (0.5 if d[0] == "a" else 1) / 2 + (0.5 if d[1] == "a" else 1) / 2 + 0.5 * (d == ("a", "a")) >= 0.9]
    assert a.zopa_size == len(expected) == 2
    assert a.solutions["nash"].deal == {"x": "a", "y": "a"}
