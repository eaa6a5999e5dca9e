"""Benchmark: negsim's exact power indices vs a published tool and a brute force, same games, same run.

1. 28 players, integer weights drawn uniformly from 1..10^4 (seeded), quota = half the total
   weight + 1, two thirds, and 90% of it: negsim's exact Shapley–Shubik and Banzhaf (both
   from one count grid). Peer: the `powerindex` package (generating functions in pure Python;
   Banzhaf and Shapley–Shubik are computed separately), run in a child process with a time
   limit; its normalised values are compared with negsim's.
2. 20 players, weights 1..100: a vectorised brute force over all 2^20 coalitions (Banzhaf
   swings), against negsim; the swings must be identical.
3. The EU Council's qualified majority (27 members, 55% of members and 65% of population,
   blocking minority of four): exact, and the seeded Monte Carlo estimate (200,000 draws).

Run:  .venv/bin/python benchmarks/bench_power.py [--quick] [--timeout 120]
Target (issue 16): exact indices for a 28-member weighted game with weights up to 10^4 in ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import time
from typing import Any

import numpy as np

import negsim
from negsim.rules import exact_power, weighted
from negsim.rules.montecarlo import monte_carlo_power
from negsim.rules.spec import rule_of


def timed(fn: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def _peer(weights: list[int], quota: int, which: str, queue: Any) -> None:
    import powerindex

    game = powerindex.Game(quota, weights=weights)
    t = time.perf_counter()
    if which == "banzhaf":
        game.calc_banzhaf()
        values = game.banzhaf
    else:
        game.calc_shapley_shubik()
        values = game.shapley_shubik
    queue.put((time.perf_counter() - t, list(values)))


def peer(weights: list[int], quota: int, which: str, timeout: float) -> tuple[float | None, list[float] | None]:
    """The peer's time and values, or (None, None) when it is missing or out of time."""
    try:
        import powerindex  # noqa: F401
    except ImportError:
        return None, None
    queue: Any = mp.Queue()
    proc = mp.Process(target=_peer, args=(weights, quota, which, queue))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return float("inf"), None
    return queue.get()


def part_one(seeds: int, timeout: float) -> None:
    print("1. 28 players, weights 1..10^4 (seeded); negsim exact (both indices) vs powerindex (each index)")
    print(f"{'quota':>8} {'seed':>4} {'negsim':>9} {'peer Bz':>9} {'peer SS':>9} {'ratio Bz':>9} {'ratio SS':>9} "
          f"{'max |diff|':>10}")
    times = []
    for share in (0.5, 2 / 3, 0.9):
        for seed in range(seeds):
            w = np.random.default_rng(seed).integers(1, 10**4 + 1, 28).tolist()
            quota = int(sum(w) * share) + 1
            rule = weighted([f"p{k}" for k in range(28)], w, quota=quota)
            t, p = timed(lambda rule=rule: exact_power(rule))
            times.append(t)
            tb, bz = peer(w, quota, "banzhaf", timeout) if seed == 0 else (None, None)
            ts, ss = peer(w, quota, "shapley_shubik", timeout) if seed == 0 and share == 0.5 else (None, None)
            diff = max([float(np.max(np.abs(np.array(bz) - p.banzhaf_normalised))) if bz else 0.0,
                        float(np.max(np.abs(np.array(ss) - p.shapley_shubik))) if ss else 0.0])
            print(f"{share:>8.3f} {seed:>4} {t:>8.3f}s {_t(tb):>9} {_t(ts):>9} {_ratio(tb, t):>9} {_ratio(ts, t):>9} "
                  f"{diff if bz or ss else float('nan'):>10.2e}")
    print(f"negsim over {len(times)} games: median {statistics.median(times):.3f} s, max {max(times):.3f} s "
          f"(target ≤ 0.5 s)\n")


def _t(x: float | None) -> str:
    return "—" if x is None else ("> limit" if x == float("inf") else f"{x:.2f}s")


def _ratio(peer_time: float | None, ours: float) -> str:
    if peer_time is None:
        return "—"
    return "> limit" if peer_time == float("inf") else f"{peer_time / ours:.0f}×"


def brute_force_swings(w: np.ndarray, quota: int) -> np.ndarray:
    """Banzhaf swings by listing all 2^n coalitions (vectorised)."""
    n = len(w)
    masks = np.arange(1 << n, dtype=np.int64)
    weight = np.zeros(1 << n, dtype=np.int64)
    for k in range(n):
        weight += ((masks >> k) & 1) * w[k]
    win = weight >= quota
    out = np.zeros(n, dtype=np.int64)
    for k in range(n):
        without = (masks >> k) & 1 == 0
        out[k] = np.count_nonzero(without & ~win & win[masks | (1 << k)])
    return out


def part_two() -> None:
    print("2. 20 players, weights 1..100: brute force over 2^20 coalitions vs negsim")
    w = np.random.default_rng(7).integers(1, 101, 20)
    quota = int(w.sum()) // 2 + 1
    tb, swings = timed(lambda: brute_force_swings(w, quota))
    tn, p = timed(lambda: exact_power(weighted([f"p{k}" for k in range(20)], w.tolist(), quota=quota)))
    same = p.swings == swings.tolist()
    print(f"brute force {tb:.3f} s, negsim {tn:.4f} s ({tb / tn:.0f}× faster), identical swings: {same}\n")


def part_three(samples: int) -> None:
    print("3. EU Council, qualified majority (27 members; bundled scenario eu-council-qmv)")
    rule = rule_of(negsim.load(negsim.bundled("eu-council-qmv")))
    te, exact = timed(lambda: exact_power(rule))
    tm, est = timed(lambda: monte_carlo_power(rule, samples=samples, seed=0))
    z = np.abs(est.shapley_shubik - exact.shapley_shubik) / np.maximum(est.se["shapley_shubik"], 1e-12)
    print(f"exact {te:.3f} s; Monte Carlo {samples:,} draws {tm:.2f} s, largest |error| / SE = {z.max():.2f}; "
          f"Shapley–Shubik Germany {exact.shapley_shubik[0]:.4f}, Malta {exact.shapley_shubik[-1]:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one seed per quota, 20,000 Monte Carlo draws")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds the peer may run per index")
    args = parser.parse_args()
    part_one(1 if args.quick else 3, args.timeout)
    part_two()
    part_three(20_000 if args.quick else 200_000)


if __name__ == "__main__":
    main()
