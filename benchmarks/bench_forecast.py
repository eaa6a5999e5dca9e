"""Benchmark: the forecasting models on the DEU III subset in ../shared/forecasting (issue 15).

Times, on every issue of the subset (Arregui & Perarnaud 2021, doi 10.34810/data53):

* the whole process `negsim forecast DEU --models compromise,median,exchange --format json`
  (a fresh interpreter: start-up, imports, reading, three models, JSON) — target ≤ 1 s;
* the expected-utility model alone, in this process, vectorised over issues and actor
  pairs (10 rounds), and per round;
* each model's mean absolute error beside the reference point's.

The data are read where they lie and never copied. The machine is shared: the fastest of
`--repeat` runs is reported.

Run:  python benchmarks/bench_forecast.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from negsim.forecast import forecast, read_table
from negsim.forecast.expected_utility import expected_utility

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = [ROOT.parent / "shared" / "forecasting", ROOT.parents[1] / "shared" / "forecasting"]


def deu_path() -> Path | None:
    return next((p / "deu3-visible.tsv" for p in CANDIDATES if (p / "deu3-visible.tsv").is_file()), None)


def whole_process(path: Path, repeat: int) -> float:
    cmd = [sys.executable, "-m", "negsim", "forecast", str(path), "--models", "compromise,median,exchange",
           "--format", "json"]
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def in_process(path: Path, repeat: int, rounds: int) -> tuple[float, int, int]:
    data = read_table(path)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        expected_utility(data, rounds=rounds)
        best = min(best, time.perf_counter() - t)
    return best, len(data.issues), len(data.actors)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    path = deu_path()
    if path is None:
        print("../shared/forecasting/deu3-visible.tsv not found: nothing to measure")
        return
    process = whole_process(path, args.repeat)
    eu, issues, actors = in_process(path, args.repeat, args.rounds)
    print(f"DEU subset: {issues} issues, {actors} actors")
    print(f"whole process, compromise + median + exchange: {process:.3f} s (target 1 s)")
    print(f"expected utility, {args.rounds} rounds, all issues: {eu:.3f} s ({eu / args.rounds * 1000:.1f} ms a round)")
    r = forecast(read_table(path))
    print("| model | MAE | issues |")
    print("|---|---:|---:|")
    for model, s in r.scores.items():
        print(f"| {model} | {s.mae:.2f} | {s.n} |")


if __name__ == "__main__":
    main()
