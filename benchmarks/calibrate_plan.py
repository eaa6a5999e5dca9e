"""Calibrate and check negsim's plan (negsim/plan.py): measured time and memory against the estimates.

Each case runs in a fresh process (``--case NAME``), which measures the work's wall time and
its peak resident memory above what the process held before the work started, and prints
them beside the plan's estimate for the same input. The unit costs in ``negsim.plan.COSTS``
were set from these measurements (ratio = estimate ÷ measured; the plan aims at 0.5–3, erring
high so that what it accepts fits the budget); docs/limits.md shows the last table.

Run:  python benchmarks/calibrate_plan.py [--only PREFIX]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_engine import random_domain  # noqa: E402


def _random_scenario(parties: int, issues: int, options: int, no_deal: float, **extra: Any) -> Any:
    from negsim.scenario import from_dict

    data = random_domain(issues, parties, options, 1)
    for p in data["parties"]:
        p["no_deal"] = no_deal
    data.update(extra)
    return from_dict(data, max_deals=None)


def _game(m: int, seed: int = 0) -> Any:
    from negsim.games.model import Game

    rng = np.random.default_rng(seed)
    return Game.from_arrays(rng.integers(0, 10, (m, m)), rng.integers(0, 10, (m, m)))


# --- the cases: (prepare → (work, estimate)) -------------------------------------------------

def enumeration_case(parties: int, issues: int, no_deal: float) -> Callable[[], tuple[Any, Any]]:
    def prepare() -> tuple[Any, Any]:
        import negsim
        from negsim.engine import analyze_space
        from negsim.engine.cost import enumeration_estimate

        space = negsim.build_space(_random_scenario(parties, issues, 10, no_deal))
        return (lambda: analyze_space(space, method="enumeration")), enumeration_estimate(space)
    return prepare


def monte_carlo_case(scenario: str | tuple[int, int, float], agenda: str | None, samples: int,
                     workers: int = 1) -> Callable[[], tuple[Any, Any]]:
    def prepare() -> tuple[Any, Any]:
        import negsim
        from negsim.uncertainty.montecarlo import estimate_uncertainty, run_uncertainty

        if isinstance(scenario, str):
            s = negsim.load(negsim.bundled(scenario))
        else:
            p, i, nd = scenario
            s = _random_scenario(p, i, 10, nd, uncertainty={"samples": samples, "seed": 1, "vary": [
                {"path": "parties.p0.no_deal", "uniform": [0.1, 0.6]},
                {"path": "preferences.p1.weights.i0", "uniform": [0.1, 2.0]}]})
        e = estimate_uncertainty(s, agenda, samples=samples, workers=workers)
        return (lambda: run_uncertainty(s, agenda, samples=samples, workers=workers)), e
    return prepare


def sweep_case(steps: int) -> Callable[[], tuple[Any, Any]]:
    def prepare() -> tuple[Any, Any]:
        import negsim
        from negsim.uncertainty.sweep import estimate_sweep, parse_vary, run_sweep

        s = negsim.load(negsim.bundled("job-offer"))
        specs = [parse_vary(f"parties.{p}.no_deal=0:0.6:{steps}") for p in ("candidate", "employer")]
        return (lambda: run_sweep(s, specs)), estimate_sweep(s, specs)
    return prepare


def negotiation_case(rounds: int) -> Callable[[], tuple[Any, Any]]:
    def prepare() -> tuple[Any, Any]:
        import negsim
        from negsim import plan
        from negsim.dynamics.domain import build_domain
        from negsim.dynamics.protocols import negotiate

        dom = build_domain(negsim.load(negsim.bundled("job-offer")))
        strategies = {p: "hardliner" for p in dom.parties}
        return (lambda: negotiate(dom, strategies, rounds=rounds)), plan.negotiations(1, rounds, len(dom.parties))
    return prepare


def tournament_case(name: str, seeds: int, rounds: int) -> Callable[[], tuple[Any, Any]]:
    def prepare() -> tuple[Any, Any]:
        import negsim
        from negsim.dynamics.domain import build_domain
        from negsim.dynamics.strategies import TOURNAMENT
        from negsim.dynamics.tournament import estimate, play

        dom = build_domain(negsim.load(negsim.bundled(name)))
        e = estimate(len(dom.parties), len(TOURNAMENT) ** len(dom.parties), seeds, rounds)
        return (lambda: play(dom, seeds=seeds, rounds=rounds, rerun_deterministic=True)), e
    return prepare


def domain_case(parties: int, issues: int) -> Callable[[], tuple[Any, Any]]:
    def prepare() -> tuple[Any, Any]:
        import negsim
        from negsim import plan
        from negsim.dynamics.domain import domain_of_space

        space = negsim.build_space(_random_scenario(parties, issues, 10, 0.3))
        return (lambda: domain_of_space(space)), plan.domain(space.size, parties)
    return prepare


def derived_case(issues: int) -> Callable[[], tuple[Any, Any]]:
    def prepare() -> tuple[Any, Any]:
        import negsim
        from negsim import plan
        from negsim.games.derived import derive_from

        space = negsim.build_space(_random_scenario(2, issues, 10, 0.3))
        a = negsim.engine.analyze_space(space)
        return (lambda: derive_from(space, a, "p0", "p1")), plan.walks(space.size, 2, 2, "derived game")
    return prepare


def equilibria_case(m: int, method: str = "auto") -> Callable[[], tuple[Any, Any]]:
    def prepare() -> tuple[Any, Any]:
        from negsim.games.equilibria import estimate, solve

        g = _game(m)
        return (lambda: solve(g, method)), estimate(g, method)
    return prepare


CASES: dict[str, Callable[[], tuple[Any, Any]]] = {
    "enumeration 2p 1e7": enumeration_case(2, 7, 0.3),
    "enumeration 3p 1e6": enumeration_case(3, 6, 0.3),
    "enumeration 4p 1e7": enumeration_case(4, 7, 0.3),
    "enumeration 5p 1e6": enumeration_case(5, 6, 0.0),
    "enumeration 10p 1e4": enumeration_case(10, 4, 0.0),
    "enumeration 10p 1e5": enumeration_case(10, 5, 0.3),
    "monte carlo seed 4000": monte_carlo_case("security-guarantees-2021", None, 4000),
    "monte carlo arms 2e5": monte_carlo_case("security-guarantees-2021", "arms_control", 200_000),
    "monte carlo 2p 1e4 x1000": monte_carlo_case((2, 4, 0.3), None, 1000),
    "monte carlo 5p 1e4 x1000": monte_carlo_case((5, 4, 0.3), None, 1000),
    "monte carlo seed 2e4 2 workers": monte_carlo_case("security-guarantees-2021", None, 20_000, 2),
    "sweep 60x60": sweep_case(60),
    "negotiation 5000 rounds": negotiation_case(5000),
    "negotiation 20000 rounds": negotiation_case(20_000),
    "tournament job-offer 10x300": tournament_case("job-offer", 10, 300),
    "tournament seed 10x30": tournament_case("security-guarantees-2021", 10, 30),
    "domain 2p 1e6": domain_case(2, 6),
    "derived game 1e7": derived_case(7),
    "equilibria 11x11": equilibria_case(11),
    "equilibria 12x12": equilibria_case(12),
    "lcp 20x20": equilibria_case(20, "lcp"),
    "lcp 40x40": equilibria_case(40, "lcp"),
}


def run_case(name: str) -> dict[str, Any]:
    work, estimate = CASES[name]()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    from negsim.plan import BASE_MEMORY

    return {"case": name, "seconds": seconds, "estimate": estimate.seconds, "memory": max(peak - before, 0),
            "memory_estimate": estimate.memory - BASE_MEMORY}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--case", help=argparse.SUPPRESS)
    ap.add_argument("--only", default="", help="run only the cases whose name starts with this")
    args = ap.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case)))
        return
    print("| case | measured | estimate | ratio | memory (above start) | estimate (above base) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in CASES:
        if not name.startswith(args.only):
            continue
        out = subprocess.run([sys.executable, __file__, "--case", name], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {name} | {r['seconds']:.2f} s | {r['estimate']:.2f} s | {r['estimate'] / r['seconds']:.2f} | "
              f"{r['memory'] / 2**20:.0f} MB | {r['memory_estimate'] / 2**20:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
