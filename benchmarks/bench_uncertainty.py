"""Benchmark: 10,000 Monte Carlo samples of the seed scenario vs one negsim.analyze() per sample.

Same work both ways: the full package of the first coding of security-guarantees-2021, kept as
tests/data/security-guarantees-uncertainty.yaml so that recorded timings stay comparable (6,561 deals,
3 parties, 10 constraints) with the three no-deal utilities and three weights uncertain. The batched
run does all 10,000 samples (end to end: drawing, worker start-up, evaluation, summary).
The per-sample loop (apply the sample, then negsim.analyze) is timed on the first 500 of
the same samples and extrapolated linearly to 10,000 (it is ~10 ms per sample, flat);
the two agree sample by sample on those 500 (checked below). Run:

    /work/venv/bin/python benchmarks/bench_uncertainty.py [--samples 10000] [--loop 500]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

import numpy as np

import negsim
from negsim.scenario.models import Vary
from negsim.uncertainty.evaluate import evaluate, evaluate_per_sample
from negsim.uncertainty.montecarlo import run_uncertainty
from negsim.uncertainty.sampling import draw_batch

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "data" / "security-guarantees-uncertainty.yaml"
VARY = [
    Vary(path="parties.russia.no_deal", triangular=(0.0, 0.12, 0.3)),
    Vary(path="parties.usa.no_deal", normal=(0.78, 0.05)),
    Vary(path="parties.nato_allies.no_deal", uniform=(0.6, 0.8)),
    Vary(path="preferences.usa.weights.nato_enlargement", uniform=(10, 40)),
    Vary(path="preferences.russia.weights.intermediate_missiles", uniform=(5, 25)),
    Vary(path="preferences.nato_allies.weights.force_posture", uniform=(15, 35)),
]


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=10_000)
    ap.add_argument("--loop", type=int, default=500)
    ap.add_argument("--agenda", default=None)
    args = ap.parse_args()
    s = negsim.load(FIXTURE)
    space = negsim.build_space(s, args.agenda)
    print(f"scenario: security-guarantees-2021 (first coding), {args.agenda or 'full package'}: {space.size:,} deals, "
          f"{len(space.parties)} parties, {len(space.constraints)} constraints; {len(VARY)} uncertain inputs; "
          f"{os.cpu_count()} cores")

    rows = []
    for workers in (2, 1):
        r, t = timed(run_uncertainty, s, args.agenda, samples=args.samples, seed=1, vary=VARY, workers=workers)
        rows.append((f"negsim uncertainty, batched, {workers} worker{'s' if workers > 1 else ''}", args.samples, t, t))
    x = draw_batch(s, VARY, seed=1, batch=0, n=args.loop)
    paths = [v.path for v in VARY]
    loop, t_loop = timed(evaluate_per_sample, s, args.agenda, paths, x)
    est = t_loop / args.loop * args.samples
    rows.append((f"loop: apply + negsim.analyze per sample (timed on {args.loop}, extrapolated)", args.samples,
                 t_loop, est))
    batched = evaluate(s, args.agenda, paths, x)
    same = all(np.array_equal(getattr(batched, f), getattr(loop, f))
               for f in ("has_deal", "zopa", "nash", "ks", "alone", "involved", "binds")) \
        and batched.conflicts == loop.conflicts

    print(f"\n{'method':<78} {'samples':>8} {'measured s':>11} {'for 10k s':>10} {'ratio':>7}")
    best = rows[0][3]
    for name, n, measured, total in rows:
        print(f"{name:<78} {n:>8,} {measured:>11.2f} {total:>10.2f} {total / best:>6.1f}×")
    print(f"\nP(deal) = {r.p_deal:.3f}; batched == per-sample loop on the {args.loop} timed samples: {same}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: this process {own:.0f} MB, largest worker {kids:.0f} MB "
          f"(K × N × P utilities would be {args.samples * space.size * len(space.parties) * 8 / 2**20:,.0f} MB)")


if __name__ == "__main__":
    main()
