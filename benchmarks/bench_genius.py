"""Benchmark: reading an ANAC/GENIUS domain and finding its frontier and Nash point, negsim vs NegMAS 0.16.

Same work on each domain of ../shared/genius: read the XML folder, then the Pareto frontier
and the Nash point (negsim: its whole analysis, which also computes KS, egalitarian,
utilitarian and the diagnosis). The table also shows each library's Nash utilities:
NegMAS reads discrete evaluations on their raw scale (see PITFALLS.md), so on domains
whose evaluations go above 1 its numbers are not GENIUS's; negsim's match REFERENCES case 11.
negsim's frontier holds the deals every party prefers to its reservation value (CarA: 0.5);
NegMAS's is over all deals, so the counts differ there too.

Run:  python benchmarks/bench_genius.py [--repeat 5]
Needs the benchmark extra for the NegMAS side: pip install -e ".[benchmark]".
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import negsim
from negsim.genius import load_genius

SHARED = Path(__file__).resolve().parents[2] / "shared" / "genius"


def time_negsim(folder: Path) -> tuple[float, Any]:
    t = time.perf_counter()
    analysis = negsim.analyze(load_genius(folder))
    return time.perf_counter() - t, analysis


def time_negmas(folder: Path) -> tuple[float, int, tuple[float, ...]]:
    from negmas.inout import Scenario
    from negmas.preferences.ops import nash_points, pareto_frontier

    t = time.perf_counter()
    scenario = Scenario.from_genius_folder(folder)
    assert scenario is not None
    frontier, _ = pareto_frontier(scenario.ufuns)
    nash = nash_points(scenario.ufuns, frontier, outcome_space=scenario.outcome_space)
    elapsed = time.perf_counter() - t
    return elapsed, len(set(frontier)), tuple(float(v) for v in nash[0][0]) if nash else ()


def best_of(repeat: int, run: Any, *args: Any) -> tuple[float, Any]:
    results = [run(*args) for _ in range(repeat)]
    return min(r[0] for r in results), results[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="best of this many runs")
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"no GENIUS domains at {SHARED}")
    print(f"{'domain':16} {'deals':>7} {'negsim s':>9} {'negmas s':>9} {'ratio':>6}  "
          f"{'frontier':>9}  nash negsim / negmas")
    for folder in sorted(p for p in SHARED.iterdir() if p.is_dir()):
        t_ns, (_, a) = best_of(args.repeat, time_negsim, folder)
        try:
            t_nm, (_, n_front, nash_nm) = best_of(args.repeat, time_negmas, folder)
        except ImportError:
            t_nm, n_front, nash_nm = float("nan"), 0, ()
        nash_ns = tuple(round(v, 6) for v in a.solutions["nash"].utilities.values())
        print(f"{folder.name:16} {a.deals_total:7d} {t_ns:9.4f} {t_nm:9.4f} {t_nm / t_ns:6.1f}  "
              f"{len(a.frontier):4d}/{n_front:<4d}  {nash_ns} / {tuple(round(v, 6) for v in nash_nm)}")


if __name__ == "__main__":
    main()
