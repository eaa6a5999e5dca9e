"""The scenario library: every bundled scenario loads and analyses (full package and each agenda);
the four-issue scoring example reproduces REFERENCES case 10 exactly."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import negsim
from negsim.bargaining.pareto import pareto_indices
from negsim.cli import main
from negsim.resources import bundled_scenarios

SCENARIOS = bundled_scenarios()
MINE = ["four-issue-scoring", "job-offer", "supply-chain-three-party"]


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_bundled_scenario_loads_and_analyses(path) -> None:
    scenario = negsim.load(path)
    assert scenario.title and scenario.sources and scenario.notes, "a bundled scenario names sources and notes"
    if not scenario.issues:  # a game-only scenario (the classic 2×2 games): nothing to bargain over
        assert scenario.games
        return
    for agenda in [None, *(a.id for a in scenario.agendas)]:
        a = negsim.analyze(scenario, agenda)
        assert a.deals_total >= 1
        assert 0 <= a.zopa_size <= a.deals_total
        if a.has_deal:
            nash = a.solutions["nash"]
            assert nash.index is not None
            assert all(nash.utilities[p] >= a.no_deal[p] - 1e-9 for p in a.parties)


@pytest.mark.parametrize("name", MINE)
def test_scenario_runs_under_negsim_run(name: str, tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["run", name, "-o", str(tmp_path / "out"), "--no-plots"])
    assert r.exit_code == 0, r.output
    result = json.loads((tmp_path / "out" / "result.json").read_text())
    assert result, "negsim run wrote a result"


def test_agendas_shrink_the_gains_of_the_job_offer() -> None:
    """The teaching point of job-offer.yaml: trading across issues beats the money-only agenda for both."""
    scenario = negsim.load(negsim.bundled("job-offer"))
    full = negsim.analyze(scenario).solutions["nash"].utilities
    money = negsim.analyze(scenario, "money_only").solutions["nash"].utilities
    assert all(full[p] > money[p] for p in ("candidate", "employer"))


# --- REFERENCES case 10 ------------------------------------------------------------------

POINTS = 1400
"""Each party's best possible total in case 10: utility = points / 1400."""

FRONTIER = [(200, 1400), (500, 1300), (800, 1200), (1000, 1000), (1200, 800), (1300, 500), (1400, 200)]


def _points(u: np.ndarray) -> list[tuple[int, int]]:
    p = u * POINTS
    assert np.allclose(p, np.round(p), atol=1e-9), "every package is a whole number of points"
    return sorted((int(x), int(y)) for x, y in np.round(p))


def test_four_issue_scoring_reproduces_references_case_10() -> None:
    """REFERENCES case 10 (constructed, Raiffa 1982 style): 81 packages, 44 in the ZOPA, the 7-point
    frontier, splitting the difference dominated at (700, 700), Nash = the log-roll (A2, B3, C3, D3) at (1000, 1000)."""
    scenario = negsim.load(negsim.bundled("four-issue-scoring"))
    space = negsim.build_space(scenario)
    u = space.utilities()
    assert space.size == 81
    assert [p.no_deal * POINTS for p in scenario.parties] == pytest.approx([500, 500], abs=1e-9)

    assert sorted(set(_points(u[pareto_indices(u)]))) == FRONTIER  # over all 81 packages

    a = negsim.analyze(scenario)
    assert a.zopa_size == 44
    assert _points(a.frontier_u) == [p for p in FRONTIER if min(p) >= 500]  # the frontier inside the ZOPA

    split = space.index_of({"a": "A2", "b": "B2", "c": "C2", "d": "D2"})
    assert _points(u[[split]]) == [(700, 700)]
    assert np.any(np.all(u >= u[split], axis=1) & np.any(u > u[split] + 1e-9, axis=1)), "(700, 700) is dominated"

    nash = a.solutions["nash"]
    assert nash.deal == {"a": "A2", "b": "B3", "c": "C3", "d": "D3"}
    assert nash.ties == 1
    assert [nash.utilities[p] * POINTS for p in ("x", "y")] == pytest.approx([1000, 1000], abs=1e-9)
