"""Whole runs: the same seed gives the same result on any executor; sweeps find hand-computed thresholds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negsim
from negsim.errors import NegsimError
from negsim.scenario.models import Vary
from negsim.uncertainty import cluster, parse_vary, run_sweep, run_uncertainty
from negsim.uncertainty.results import spearman, wilson_interval

DATA = Path(__file__).parent / "data"
SEED_U = negsim.load(DATA / "security-guarantees-uncertainty.yaml")

# Two parties, two issues. Utilities by hand (a: 0.75·x + 0.25·y, b: 0.5·x + 0.5·y):
#   (lo,lo) a 0     b 1     (lo,hi) a 0.25  b 0.5   (mid,lo) a 0.375 b 0.8
#   (mid,hi) a 0.625 b 0.3  (hi,lo) a 0.75  b 0.5   (hi,hi)  a 1     b 0
# With b's no-deal utility 0.3, every deal but (hi,hi) is acceptable to b, and a's best
# of them is 0.75 at (hi,lo): a deal exists exactly when a's no-deal utility is ≤ 0.75.
HAND = negsim.loads("""
negsim: 1
parties: [{id: a, no_deal: 0.2}, {id: b, no_deal: 0.3}]
issues: [{id: x, options: [lo, mid, hi]}, {id: y, options: [lo, hi]}]
preferences:
  a: {weights: {x: 3, y: 1}, values: {x: {lo: 0, mid: 0.5, hi: 1}, y: {lo: 0, hi: 1}}}
  b: {weights: {x: 1, y: 1}, values: {x: {lo: 1, mid: 0.6, hi: 0}, y: {lo: 1, hi: 0}}}
uncertainty:
  samples: 4000
  seed: 5
  vary: [{path: parties.a.no_deal, uniform: [0.5, 1.0]}]
""")


def test_sweep_over_a_no_deal_utility_finds_the_hand_computed_threshold() -> None:
    sw = run_sweep(HAND, [parse_vary("parties.a.no_deal=0:1:11")])
    assert sw.has_deal.tolist() == [True] * 8 + [False] * 3  # 0, 0.1, ..., 0.7 yes; 0.8.. no
    (t,) = sw.thresholds
    assert t["at"] == pytest.approx(0.75, abs=1e-8)
    assert t["between"] == pytest.approx([0.7, 0.8])
    # Nash at d = (0.2, 0.3), by hand: products .05·.2 = .01, .175·.5 = .0875, .55·.2 = .11 → (hi, lo)
    assert sw.deals[int(sw.picks["nash"][2])] == {"x": "hi", "y": "lo"}


def test_monte_carlo_deal_probability_matches_the_hand_computation() -> None:
    r = run_uncertainty(HAND, workers=1)
    lo, hi = r.p_deal_ci
    assert lo <= 0.5 <= hi  # P(U(0.5, 1) ≤ 0.75) = 1/2
    assert r.sensitivity[0].correlations["deal_exists"] is not None
    assert r.sensitivity[0].correlations["deal_exists"] < -0.8


def test_two_input_sweep_maps_where_no_deal_exists() -> None:
    sw = run_sweep(HAND, [parse_vary("parties.a.no_deal=0:1:6"), parse_vary("parties.b.no_deal=0:1:6")])
    # (hand) a deal exists iff some deal has u_a ≥ d_a and u_b ≥ d_b
    table = [(0, 1), (0.25, 0.5), (0.375, 0.8), (0.625, 0.3), (0.75, 0.5), (1, 0)]
    grid = np.linspace(0, 1, 6)
    expect = [[any(ua >= da - 1e-9 and ub >= db - 1e-9 for ua, ub in table) for db in grid] for da in grid]
    assert sw.has_deal.tolist() == expect


def test_same_seed_same_result_with_one_or_two_local_workers() -> None:
    one = run_uncertainty(SEED_U, "arms_control", samples=1200, workers=1)
    two = run_uncertainty(SEED_U, "arms_control", samples=1200, workers=2)
    assert one.to_dict() == two.to_dict()
    assert one.to_dict() != run_uncertainty(SEED_U, "arms_control", samples=1200, seed=1, workers=1).to_dict()


def test_dask_local_cluster_gives_the_local_result() -> None:
    distributed = pytest.importorskip("dask.distributed")
    local = run_uncertainty(SEED_U, "arms_control", samples=1100, workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        remote = run_uncertainty(SEED_U, "arms_control", samples=1100, client=client)
    assert remote.to_dict() == local.to_dict()


def test_unreachable_scheduler_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("dask.distributed")
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    with pytest.raises(NegsimError, match="cannot reach the Dask scheduler"):
        run_uncertainty(SEED_U, "arms_control", samples=10, scheduler="tcp://127.0.0.1:9")


def test_full_package_has_no_deal_and_its_red_lines_always_collide() -> None:
    r = run_uncertainty(SEED_U, None, samples=500, workers=1)
    assert r.p_deal == 0.0
    risks = {c.id: c for c in r.constraints}
    # Russia's enlargement red line (only a legally binding ban) meets the US one (only the open door)
    # whatever the numbers: the pair is a conflict in every sample.
    assert risks["russia.red_lines[0]"].p_in_conflict == 1.0
    assert risks["usa.red_lines[0]"].p_in_conflict == 1.0
    assert all(["russia.red_lines[0]", "usa.red_lines[0]"] in c["conflicts"] for c in r.conflict_sets)


def test_wilson_interval_and_spearman_agree_with_scipy() -> None:
    from scipy import stats

    ci = stats.binomtest(37, 120).proportion_ci(method="wilson")
    assert wilson_interval(37, 120) == pytest.approx((ci.low, ci.high), abs=1e-4)
    rng = np.random.default_rng(0)
    x, y = rng.random(50), rng.random(50)
    assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-4)


def test_missing_uncertainty_section_is_a_user_error() -> None:
    with pytest.raises(NegsimError, match="no `uncertainty:` section"):
        run_uncertainty(negsim.load(negsim.bundled("nash-bill-and-jack")))
    with pytest.raises(NegsimError, match="PATH=LOW:HIGH:STEPS"):
        parse_vary("parties.a.no_deal=0:1")
    with pytest.raises(NegsimError, match="must stay in"):
        run_sweep(HAND, [parse_vary("parties.a.no_deal=0:2:5")])
    assert run_uncertainty(HAND, samples=5, vary=[Vary(path="parties.b.no_deal", uniform=(0, 0.1))],
                           workers=1).p_deal == 1.0
