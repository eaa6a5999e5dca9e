"""Benchmark: negsim's equilibrium enumeration vs nashpy (and pygambit when installed), same games, same run.

1. Random bimatrix games, m × m for m = 2 … 12, float payoffs U(0, 1) and integer payoffs 0..9
   (ties: degenerate games). For each game: negsim ``auto`` (complete, verified), nashpy
   ``support_enumeration`` and ``vertex_enumeration`` (each in a child process with a time
   limit; a stopped run counts as "≥ limit"), and pygambit ``enummixed_solve`` (exact) when
   importable. Columns: time per game, number of extreme equilibria, and agreement with
   negsim (games where the peer found exactly negsim's set; equilibria the peer missed).
   negsim's own answers are checked for zero regret.
2. 10,000 random 2×2 games (half float, half integer 0..9): negsim's vectorised batch vs
   nashpy ``support_enumeration`` game by game; agreement of the batch with negsim's
   complete solver and with nashpy.

Run:  /work/venv/bin/python benchmarks/bench_games.py [--quick] [--timeout 60]
Targets (issue 4): 10×10 ≥ 100× faster than nashpy support_enumeration; 2×2 batch ≥ 100×
nashpy per game; zero missed equilibria.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from typing import Any

import nashpy  # imported before the guarded child processes fork, so they do not pay for it
import numpy as np

from negsim.games.batch2x2 import solve_2x2
from negsim.games.equilibria import extreme_equilibria, regret, run_nashpy
from negsim.games.model import Game

Pairs = list[tuple[np.ndarray, np.ndarray]]


def random_games(m: int, kind: str, count: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    if kind == "float":
        return [(rng.random((m, m)), rng.random((m, m))) for _ in range(count)]
    return [(rng.integers(0, 10, (m, m)).astype(float), rng.integers(0, 10, (m, m)).astype(float))
            for _ in range(count)]


def key_set(pairs: Pairs) -> set[tuple[float, ...]]:
    return {tuple(np.round(np.concatenate([x, y]), 6) + 0.0) for x, y in pairs}


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def gambit_solver() -> Callable[[np.ndarray, np.ndarray], Pairs] | None:
    try:
        import pygambit as gbt
    except ImportError:
        return None

    def solve(A: np.ndarray, B: np.ndarray) -> Pairs:
        g = gbt.Game.from_arrays(A.astype(int) if np.all(A.round() == A) else A,
                                 B.astype(int) if np.all(B.round() == B) else B)
        out = []
        for eq in gbt.nash.enummixed_solve(g).equilibria:
            x = [float(eq[s]) for s in g.players[0].strategies]
            y = [float(eq[s]) for s in g.players[1].strategies]
            out.append((np.array(x), np.array(y)))
        return out

    return solve


def part1(sizes: list[int], timeout: float, quick: bool) -> None:
    gambit = gambit_solver()
    print("\n## 1. All equilibria of random m×m games (time per game; agreement with negsim auto)\n")
    if gambit is None:
        print("pygambit is not installed (its wheel builds from C++ source): the Gambit column is skipped.\n")
    head = ("| m | payoffs | games | negsim auto | eq (negsim) | max regret | nashpy support | ratio | "
            "support: same set / missed | nashpy vertex | vertex: same set / missed |"
            + (" gambit enummixed | gambit: same set |" if gambit else ""))
    print(head)
    print("|" + "---:|" * (head.count("|") - 1))
    for m in sizes:
        for kind in ("float", "int"):
            count = _count(m, quick)
            games = random_games(m, kind, count, seed=1000 * m + (kind == "int"))
            _row(m, kind, games, timeout, gambit)


def _count(m: int, quick: bool) -> int:
    if m >= 10:
        return 1 if quick or m >= 12 else 2
    return 3 if quick else (5 if m >= 8 else 10)


def _row(m: int, kind: str, games: list[tuple[np.ndarray, np.ndarray]], timeout: float,
         gambit: Callable[[np.ndarray, np.ndarray], Pairs] | None) -> None:
    ours_t, ours, worst = [], [], 0.0
    for A, B in games:
        t, eqs = timed(lambda A=A, B=B: extreme_equilibria(A, B))
        ours_t.append(t)
        ours.append(eqs)
        worst = max([worst] + [regret(A, B, x, y) for x, y in eqs])
    cells = [f"{m}", kind, f"{len(games)}", f"{np.mean(ours_t) * 1e3:.2f} ms",
             f"{np.mean([len(e) for e in ours]):.1f}", f"{worst:.1e}"]
    for method in ("support", "vertex"):
        peer_limit = timeout / 2 if m >= 12 else timeout
        times, same, missed, stopped = [], 0, 0, 0
        for (A, B), mine in zip(games, ours, strict=True):
            found, finished, t = run_nashpy(Game.from_arrays(A, B), method, peer_limit)
            times.append(t)
            stopped += not finished
            a, b = key_set(mine), key_set(found)
            same += finished and a == b
            missed += len(a - b)
        mean = np.mean(times)
        text = f"{mean * 1e3:.1f} ms" if mean < 1 else f"{mean:.1f} s"
        if stopped:
            text = f"≥ {text} ({stopped} stopped at {peer_limit:g} s)"
        if method == "support":
            cells += [text, f"{'≥ ' if stopped else ''}{mean / np.mean(ours_t):,.0f}×"]
        else:
            cells.append(text)
        cells.append(f"{same}/{len(games)} / {missed}")
    if gambit is not None:
        g_times, g_same = [], 0
        for (A, B), mine in zip(games, ours, strict=True):
            t, found = timed(lambda A=A, B=B: gambit(A, B))
            g_times.append(t)
            g_same += key_set(mine) == key_set(found)
        cells += [f"{np.mean(g_times) * 1e3:.1f} ms", f"{g_same}/{len(games)}"]
    print("| " + " | ".join(cells) + " |", flush=True)


def part2(n: int) -> None:
    print(f"\n## 2. {n:,} random 2×2 games: vectorised batch vs nashpy support_enumeration per game\n")
    rng = np.random.default_rng(42)
    half = n // 2
    A = np.concatenate([rng.random((half, 2, 2)), rng.integers(0, 10, (n - half, 2, 2)).astype(float)])
    B = np.concatenate([rng.random((half, 2, 2)), rng.integers(0, 10, (n - half, 2, 2)).astype(float)])
    solve_2x2(A[:10], B[:10])  # warm-up
    t_batch, batch = timed(lambda: solve_2x2(A, B))
    warnings.simplefilter("ignore")
    t_nashpy, peer = timed(lambda: [list(nashpy.Game(A[g], B[g]).support_enumeration()) for g in range(n)])
    t_full, full = timed(lambda: [extreme_equilibria(A[g], B[g]) for g in range(n)])
    agree_full = sum(key_set(batch.equilibria(g)) == key_set(full[g]) for g in range(n))
    agree_peer = [key_set(batch.equilibria(g)) == key_set([(np.asarray(x), np.asarray(y)) for x, y in peer[g]])
                  for g in range(n)]
    missed_peer = sum(len(key_set(full[g]) - key_set([(np.asarray(x), np.asarray(y)) for x, y in peer[g]]))
                      for g in range(n))
    print("| solver | total | per game | ratio vs nashpy | agreement |")
    print("|---|---:|---:|---:|---|")
    print(f"| negsim solve_2x2 (batch) | {t_batch * 1e3:.1f} ms | {t_batch / n * 1e6:.2f} µs | "
          f"{t_nashpy / t_batch:,.0f}× | same set as negsim auto on {agree_full:,}/{n:,} games |")
    print(f"| negsim auto, game by game | {t_full:.2f} s | {t_full / n * 1e6:.0f} µs | {t_nashpy / t_full:,.1f}× | "
          "(reference) |")
    print(f"| nashpy support_enumeration | {t_nashpy:.2f} s | {t_nashpy / n * 1e6:.0f} µs | 1× | same set as the "
          f"batch on {sum(agree_peer):,}/{n:,} games; missed {missed_peer:,} extreme equilibria |")
    print(f"\nGames with an even number of extreme equilibria (degenerate): {int(batch.degenerate.sum()):,}; "
          f"integer half: {int(batch.degenerate[half:].sum()):,}/{n - half:,}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer games, sizes 2, 4, 6, 10")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per nashpy run on 8×8 and larger")
    parser.add_argument("--batch", type=int, default=10_000, help="number of 2×2 games in part 2")
    args = parser.parse_args()
    sizes = [2, 4, 6, 10] if args.quick else [2, 3, 4, 6, 8, 10, 12]
    part1(sizes, args.timeout, args.quick)
    part2(args.batch)


if __name__ == "__main__":
    main()
