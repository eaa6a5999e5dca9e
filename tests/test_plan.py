"""Plan before work (issue 17, review D6): every refusal comes with the estimate and the option that changes it,
and happens before anything large is allocated (tracemalloc measures what was allocated up to the refusal)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

import negsim
from negsim import plan
from negsim.cli import main
from negsim.engine import analyze_space
from negsim.engine.cost import estimate as engine_estimate
from negsim.engine.minkowski import FrontierTooLarge, merge_frontier
from negsim.errors import NegsimError
from negsim.games.equilibria import regret, solve
from negsim.games.model import Game
from negsim.pipeline import estimate_run
from negsim.plan import Budget, OverBudget
from negsim.scenario import from_dict
from negsim.uncertainty.montecarlo import run_uncertainty
from negsim.uncertainty.sweep import parse_vary, run_sweep

SEED = negsim.load(negsim.bundled("security-guarantees-2021"))
TINY = Budget(seconds=0.05, memory=plan.DEFAULT_MEMORY)
MB = 1 << 20


def random_data(parties: int, issues: int, options: int, no_deal: float = 0.3, seed: int = 1) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    labels = [f"o{j}" for j in range(options)]
    return {"negsim": 1, "parties": [{"id": f"p{k}", "no_deal": no_deal} for k in range(parties)],
            "issues": [{"id": f"i{k}", "options": labels} for k in range(issues)],
            "preferences": {f"p{k}": {"weights": {f"i{i}": float(rng.integers(1, 10)) for i in range(issues)},
                                      "values": {f"i{i}": {o: float(rng.integers(0, 11)) / 10 for o in labels}
                                                 for i in range(issues)}} for k in range(parties)}}


def peak_allocated(work: Callable[[], Any]) -> tuple[BaseException | None, int]:
    """Run ``work``; the exception it raised (or None) and the peak bytes Python allocated meanwhile."""
    tracemalloc.start()
    try:
        work()
        raised = None
    except BaseException as exc:
        raised = exc
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return raised, peak


# --- D6: --samples 10^12 --------------------------------------------------------------------

def test_a_trillion_samples_is_refused_before_anything_is_drawn() -> None:
    raised, peak = peak_allocated(lambda: run_uncertainty(SEED, samples=10**12))
    assert isinstance(raised, NegsimError) and "10,000,000" in str(raised) and "--samples" in str(raised)
    assert peak < 5 * MB  # the probe saw 3.7 GB allocated before the MemoryError


def test_the_command_line_refuses_a_trillion_samples_with_exit_1() -> None:
    r = CliRunner().invoke(main, ["uncertainty", "security-guarantees-2021", "--samples", str(10**12)])
    assert r.exit_code == 1 and "use fewer --samples" in r.output and "Traceback" not in r.output


def test_a_run_over_the_time_budget_is_refused_with_its_estimate_before_drawing() -> None:
    # 10^6 samples × 26,244 deals: about 0.7 ms a sample (review L3: 131 s for 10^6 on two workers)
    with plan.budget(Budget(seconds=60)):
        raised, peak = peak_allocated(lambda: run_uncertainty(SEED, samples=10**6, workers=1))
    assert isinstance(raised, OverBudget)
    text = str(raised)
    assert "1,000,000 samples × 26,244 deals" in text and "budget 60 s" in text and "--budget-seconds" in text
    assert raised.estimate.seconds > 60
    assert peak < 20 * MB  # the pilot sample of the deal space, nothing per sample


def test_memory_budget_refuses_monte_carlo_whose_results_would_not_fit() -> None:
    # results kept per sample: about 0.5 KB (review L3: 723 MB for 10^6 samples)
    e = negsim.uncertainty.montecarlo.estimate_uncertainty(SEED, "arms_control", samples=10**7, workers=1)
    assert 2e9 < e.memory < 20e9
    with pytest.raises(OverBudget, match="of memory"):
        plan.check(e, Budget(seconds=10**6, memory=1 << 30))


def test_budget_from_the_environment_and_the_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(plan.ENV_SECONDS, "2")
    r = CliRunner().invoke(main, ["uncertainty", "security-guarantees-2021", "--samples", "100000"])
    assert r.exit_code == 1 and "budget 2.0 s" in r.output
    r = CliRunner().invoke(main, ["uncertainty", "security-guarantees-2021", "--samples", "100000",
                                  "--budget-seconds", "1s", "--format", "json"])
    assert r.exit_code == 1 and "budget 1.0 s" in r.output
    r = CliRunner().invoke(main, ["uncertainty", "security-guarantees-2021", "--budget-memory", "lots"])
    assert r.exit_code == 2 and "8G" in r.output
    monkeypatch.setenv(plan.ENV_MEMORY, "-3")
    r = CliRunner().invoke(main, ["uncertainty", "security-guarantees-2021", "--samples", "10"])
    assert r.exit_code == 1 and plan.ENV_MEMORY in r.output


@pytest.mark.parametrize(("text", "seconds"), [("90", 90.0), ("90s", 90.0), ("10m", 600.0), ("1.5h", 5400.0)])
def test_durations(text: str, seconds: float) -> None:
    assert plan.parse_seconds(text) == seconds


@pytest.mark.parametrize(("text", "size"), [("512M", 512 * MB), ("2GB", 2 << 30), ("1gib", 1 << 30), ("4096", 4096)])
def test_memory_sizes(text: str, size: int) -> None:
    assert plan.parse_memory(text) == size


# --- the engines ----------------------------------------------------------------------------

def test_enumeration_over_budget_is_refused_before_walking() -> None:
    space = negsim.build_space(from_dict(random_data(3, 7, 10), max_deals=None))  # 10^7 deals
    with plan.budget(TINY):
        raised, peak = peak_allocated(lambda: analyze_space(space, method="enumeration"))
    assert isinstance(raised, OverBudget) and "10,000,000 deals of 3 parties" in str(raised)
    assert "--method merge" in str(raised) and "--budget-seconds" in str(raised)
    assert peak < 16 * MB  # the pilot sample; one chunk of the walk alone holds 2^20 deals × 3 utilities and more


def test_ten_parties_enumeration_is_planned_by_its_frontier() -> None:
    """With ten parties most deals are Pareto-optimal and the skyline dominates: 10^5 deals took 124 s where
    10^5 deals of two parties take 0.02 s. The plan sees the frontier coming from the pilot sample."""
    ten = negsim.build_space(from_dict(random_data(10, 6, 10, no_deal=0.0), max_deals=None))  # 10^6 deals
    two = negsim.build_space(from_dict(random_data(2, 6, 10, no_deal=0.0), max_deals=None))
    e10, e2 = engine_estimate(ten, "enumeration"), engine_estimate(two, "enumeration")
    assert e10.seconds > plan.DEFAULT_SECONDS > 100 * e2.seconds
    assert "Pareto frontier of about" in e10.parts[0].what
    with pytest.raises(OverBudget, match="Pareto frontier"):
        plan.check(e10, Budget())


def test_merge_limits_scale_with_the_budget_and_name_the_option() -> None:
    space = negsim.build_space(from_dict(random_data(4, 8, 6, no_deal=0.0), max_deals=None))
    with plan.budget(Budget(memory=plan.DEFAULT_MEMORY / 10_000)), pytest.raises(FrontierTooLarge) as info:
        merge_frontier(space)  # limit 500,000 × 1/10,000 = 50 partial sums
    assert "limit 50 at this budget" in str(info.value) and "--budget-memory" in str(info.value)
    assert len(merge_frontier(space)) > 50  # the default budget allows it


def test_run_refuses_forced_enumeration_of_a_huge_space_at_once() -> None:
    scenario = from_dict(random_data(2, 5, 1000), max_deals=None)  # 10^15 deals (review Y28)
    estimate = estimate_run(scenario, [None], method="enumeration")
    with pytest.raises(OverBudget, match=r"enumerating 1\.0e\+15 deals of 2 parties"):
        plan.check(estimate, Budget())
    assert plan.fits(estimate_run(scenario, [None], method="auto"), Budget())  # merging: fine


def test_run_command_refuses_with_the_estimate(tmp_path: Path) -> None:
    path = tmp_path / "ten.yaml"
    path.write_text(yaml.safe_dump(random_data(10, 5, 10, no_deal=0.0)), encoding="utf-8")
    results = []
    raised, peak = peak_allocated(lambda: results.append(CliRunner().invoke(
        main, ["run", str(path), "-o", str(tmp_path / "o"), "--budget-seconds", "5"])))
    assert raised is None and results[0].exit_code == 1
    assert "Pareto frontier of about" in results[0].output and "--budget-seconds" in results[0].output
    assert not (tmp_path / "o").exists()  # nothing was created: the plan came first
    assert peak < 40 * MB


# --- games, dynamics, sweeps ---------------------------------------------------------------

def test_games_of_14x14_are_refused_with_why_and_lcp_answers_20x20() -> None:
    rng = np.random.default_rng(3)
    big = Game.from_arrays(rng.integers(0, 10, (14, 14)), rng.integers(0, 10, (14, 14)))
    raised, peak = peak_allocated(lambda: solve(big))
    assert isinstance(raised, NegsimError) and peak < MB
    assert "C(28, 14) = 4.0e+07" in str(raised) and "--method lcp" in str(raised)
    g = Game.from_arrays(rng.random((20, 20)), rng.random((20, 20)))
    found = solve(g, "lcp")
    assert found.equilibria and not found.complete
    for e in found.equilibria:  # each is a Nash equilibrium: no pure deviation gains (checked here, independently)
        x, y = np.array(e.row), np.array(e.column)
        assert (g.A @ y).max() <= x @ g.A @ y + 1e-9 and (x @ g.B).max() <= x @ g.B @ y + 1e-9
        assert regret(g.A, g.B, x, y) < 1e-9


def test_lcp_ends_are_extreme_equilibria_of_the_complete_enumeration() -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        m, n = (int(v) for v in rng.integers(2, 6, 2))
        g = Game.from_arrays(rng.integers(0, 4, (m, n)), rng.integers(0, 4, (m, n)))
        complete = [(np.array(e.row), np.array(e.column)) for e in solve(g).equilibria]
        for e in solve(g, "lcp").equilibria:
            assert any(np.allclose(e.row, x, atol=1e-7) and np.allclose(e.column, y, atol=1e-7) for x, y in complete)


def test_complete_enumeration_over_a_small_budget_is_refused() -> None:
    rng = np.random.default_rng(0)
    g = Game.from_arrays(rng.integers(0, 10, (12, 12)), rng.integers(0, 10, (12, 12)))
    with plan.budget(TINY):
        raised, peak = peak_allocated(lambda: solve(g))
    assert isinstance(raised, OverBudget) and "--method lcp" in str(raised) and peak < MB


def test_tournament_over_budget_never_starts_a_negotiation(monkeypatch: pytest.MonkeyPatch) -> None:
    from negsim.dynamics import tournament
    from negsim.dynamics.domain import build_domain

    dom = build_domain(negsim.load(negsim.bundled("job-offer")))
    monkeypatch.setattr(tournament, "run", lambda *a, **k: pytest.fail("a negotiation ran"))
    with plan.budget(TINY), pytest.raises(OverBudget, match="--seeds"):
        tournament.play(dom, seeds=1000, rounds=1000)


def test_simulate_command_refuses_a_long_deadline_under_a_small_budget() -> None:
    r = CliRunner().invoke(main, ["simulate", "job-offer", "--rounds", "100000", "--budget-seconds", "5"])
    assert r.exit_code == 1 and "--rounds" in r.output and "100,000 rounds" in r.output


def test_sweep_over_budget_is_refused_before_any_point() -> None:
    specs = [parse_vary("parties.russia.no_deal=0:0.5:2001"), parse_vary("parties.usa.no_deal=0:0.5:2001")]
    with plan.budget(Budget(seconds=30)):
        raised, peak = peak_allocated(lambda: run_sweep(SEED, specs))
    assert isinstance(raised, OverBudget) and "STEPS" in str(raised) and peak < 20 * MB


def test_domain_over_budget_is_refused_before_utilities_are_held() -> None:
    from negsim.dynamics.domain import domain_of_space

    space = negsim.build_space(from_dict(random_data(2, 7, 10), max_deals=None))  # 10^7 deals × 2 parties
    with plan.budget(Budget(memory=64 * MB)):
        raised, peak = peak_allocated(lambda: domain_of_space(space))
    assert isinstance(raised, OverBudget) and "--parties" in str(raised) and peak < MB


# --- the pieces of the plan -----------------------------------------------------------------

def test_estimates_add_in_time_and_peak_in_memory() -> None:
    a, b = plan.Estimate("a", 2.0, 100.0, unit="deals"), plan.Estimate("b", 3.0, 50.0, unit="samples")
    both = plan.combine("run", [a, b])
    assert (both.seconds, both.memory) == (5.0, 100.0)
    assert both.seconds_for("samples") == 3.0 and both.seconds_for("rounds") is None


def test_refusal_names_the_piece_that_is_over() -> None:
    big = plan.Estimate("the big step", 1000.0, 1.0, "use less of it")
    small = plan.Estimate("a small step", 1.0, 1.0, "nothing")
    with pytest.raises(OverBudget) as info:
        plan.check(plan.combine("everything", [small, big]), Budget(seconds=100))
    text = str(info.value)
    assert text.startswith("the big step would take about 17 min (budget 100 s)") and "use less of it" in text


def test_frontier_extrapolation_follows_the_maxima_law() -> None:
    """Bentley et al. (1978): the expected number of maxima of n random points in P dimensions grows as
    ln(n)^(P−1); two parties: ln(10^6)/ln(10^3) = 2 times the sample's frontier."""
    assert plan.frontier_size(10**6, 10**3, 25, 2) == pytest.approx(50)
    assert plan.frontier_size(10**6, 10**3, 25, 3) == pytest.approx(100)
    assert plan.frontier_size(10**4, 10, 4, 10) == 10**4  # never more than the points


def test_a_dense_frontier_is_planned_in_proportion() -> None:
    """One issue split between two parties with opposed values: every deal is Pareto-optimal (a frontier of
    10^5 points, which the maxima law for random points would put at 3,000); the plan sees it from the sample."""
    space = negsim.build_space(from_dict({
        "negsim": 1, "parties": [{"id": "a"}, {"id": "b"}], "issues": [{"id": "x", "range": [0, 99_999], "step": 1}],
        "preferences": {"a": {"values": {"x": {0: 0, 99_999: 1}}}, "b": {"values": {"x": {0: 1, 99_999: 0}}}}}))
    # (a's utility rises and b's falls strictly along x, so no deal dominates another: all 10^5 are on the frontier)
    report = engine_estimate(space).parts[1]
    assert "100,000 points" in report.what


def test_the_limits_docs_quote_are_the_code_s() -> None:
    """docs/limits.md quotes these numbers in prose; they are the code's constants."""
    from negsim.dynamics.tournament import MAX_RUNS
    from negsim.engine.cost import ENUMERATE_UP_TO, PILOT
    from negsim.engine.minkowski import MAX_CANDIDATES, MAX_FRONTIER, MAX_WORK
    from negsim.games.lemke_howson import MAX_PIVOTS
    from negsim.games.vertices import MAX_BASES
    from negsim.rules.montecarlo import MAX_SAMPLES as POWER_SAMPLES
    from negsim.scenario.loader import DEFAULT_MAX_DEALS
    from negsim.uncertainty.cluster import CONNECT_TIMEOUT, GREETING_TIMEOUT, NO_WORKERS_TIMEOUT
    from negsim.uncertainty.montecarlo import MAX_SAMPLES
    from negsim.uncertainty.sweep import MAX_STEPS

    text = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text(encoding="utf-8")
    assert (plan.DEFAULT_SECONDS, plan.DEFAULT_MEMORY) == (600, 8 << 30) and "| time | 10 minutes |" in text
    assert (PILOT, ENUMERATE_UP_TO, DEFAULT_MAX_DEALS) == (65_536, 131_072, 10**40)
    assert (MAX_CANDIDATES, MAX_FRONTIER, MAX_WORK) == (5 * 10**6, 5 * 10**5, 3e8)
    assert (MAX_SAMPLES, MAX_STEPS, MAX_BASES, MAX_PIVOTS, MAX_RUNS, POWER_SAMPLES) == (
        10**7, 2001, 2 * 10**7, 10_000, 200_000, 5 * 10**7)
    assert (CONNECT_TIMEOUT, GREETING_TIMEOUT, NO_WORKERS_TIMEOUT) == (10, 5, 120)
    from negsim.cli.dynamics_cmds import simulate
    from negsim.cli.forecast_cmd import forecast

    def most(command: Any, name: str) -> Any:
        return next(p for p in command.params if p.name == name).type.max

    assert most(simulate, "rounds") == 100_000 and most(forecast, "samples") == 100_000
    for quoted in ("65,536 deals", "131,072 deals", "5·10⁶ candidates", "5·10⁵ kept sums", "3·10⁸ pruning",
                   "10⁷ samples", "2,001 steps", "2·10⁷ bases", "10,000 pivots", "200,000 runs", "5·10⁷ samples",
                   "after 10 s", "within 5 s", "up to 2 minutes", "100,000 rounds", "100,000 samples"):
        assert quoted in text, quoted
