"""Benchmark: how `negsim run` and `negsim uncertainty` grow with the input (issue 17), as a user runs them.

Each row is one whole process (``python -m negsim …``): wall time and peak resident memory
(``wait4``'s ``ru_maxrss``), beside the plan's estimate (negsim/plan: the work itself, without
the ~0.7 s of starting Python and importing numpy). The growth rate is the exponent b of
time ∝ size^b between consecutive rows (0: constant, 1: linear, 2: quadratic).

* ``run`` on P parties (2, 3, 10, 50) over the same 3 issues × 4 options, with ``--no-plots``
  and with figures;
* ``run`` on one issue of 10², 10³, 10⁴, 10⁵ options, two parties, with ``--no-plots`` and with figures;
* ``uncertainty`` of the seed case (security-guarantees-2021) for 10⁴, 10⁵, 10⁶ samples.

Rows with figures can be skipped with ``--no-figures``; any row can be capped with
``--timeout`` (it is then reported as "> timeout").

Run:  python benchmarks/bench_scale.py [--only run-parties|run-options|uncertainty] [--timeout 300]
      [--no-figures] [--agenda arms_control] [--max-samples 1000000]
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]


def parties_scenario(parties: int, seed: int = 1) -> dict[str, Any]:
    """P parties over 3 issues × 4 options (64 deals), random weights and values, no-deal 0.2."""
    rng = np.random.default_rng(seed)
    labels = ["a", "b", "c", "d"]
    issues = [f"i{k}" for k in range(3)]
    return {"negsim": 1, "title": f"{parties} parties",
            "parties": [{"id": f"p{j}", "no_deal": 0.2} for j in range(parties)],
            "issues": [{"id": i, "options": labels} for i in issues],
            "preferences": {f"p{j}": {"weights": {i: int(rng.integers(1, 10)) for i in issues},
                                      "values": {i: {o: round(float(rng.random()), 2) for o in labels}
                                                 for i in issues}} for j in range(parties)}}


def options_scenario(options: int) -> dict[str, Any]:
    """Two parties dividing one numeric issue of ``options`` grid points (opposed linear values)."""
    top = options - 1
    return {"negsim": 1, "title": f"{options} options",
            "parties": [{"id": "a", "no_deal": 0.2}, {"id": "b", "no_deal": 0.2}],
            "issues": [{"id": "share", "range": [0, top], "step": 1}],
            "preferences": {"a": {"values": {"share": {0: 0, top: 1}}},
                            "b": {"values": {"share": {0: 1, top: 0}}}}}


def measure(args: list[str], timeout: float) -> tuple[float | None, float | None]:
    """Wall seconds and peak RSS (MB) of one negsim process; (None, None) past ``timeout``."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "negsim", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, cwd=tempfile.gettempdir())
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            proc.wait()
            return None, None
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"negsim {' '.join(args)} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return seconds, usage.ru_maxrss / 1024


def estimate(scenario_path: Path, kind: str, **kw: Any) -> float:
    import negsim
    from negsim.pipeline import estimate_run
    from negsim.uncertainty.montecarlo import estimate_uncertainty

    s = negsim.load(scenario_path, max_deals=None)
    if kind == "run":
        return estimate_run(s).seconds
    return estimate_uncertainty(s, kw.get("agenda"), samples=kw["samples"]).seconds


def table(title: str, label: str, rows: list[tuple[Any, float, str, float | None, float | None, float]]) -> None:
    print(f"\n{title}\n")
    print(f"| {label} | figures | time | peak memory | growth b | plan's estimate |")
    print("|---:|:-:|---:|---:|---:|---:|")
    previous: dict[str, tuple[float, float]] = {}
    for size, scale, figs, seconds, memory, planned in rows:
        growth = ""
        if seconds is not None and figs in previous:
            last_scale, last_seconds = previous[figs]
            growth = f"{math.log(seconds / last_seconds) / math.log(scale / last_scale):.2f}"
        if seconds is not None:
            previous[figs] = (scale, seconds)
        shown = "> timeout" if seconds is None else f"{seconds:.1f} s"
        mem = "—" if memory is None else f"{memory:.0f} MB"
        print(f"| {size} | {figs} | {shown} | {mem} | {growth} | {planned:.2f} s |", flush=True)


def run_rows(kind: str, sizes: list[int], make: Any, args: argparse.Namespace, folder: Path
             ) -> list[tuple[Any, float, str, float | None, float | None, float]]:
    rows = []
    for size in sizes:
        path = folder / f"{kind}-{size}.yaml"
        path.write_text(yaml.safe_dump(make(size), sort_keys=False), encoding="utf-8")
        planned = estimate(path, "run")
        for figs in (["no"] if args.no_figures else ["no", "yes"]):
            extra = ["--no-plots"] if figs == "no" else []
            seconds, memory = measure(["run", str(path), "-o", str(folder / f"out-{kind}-{size}-{figs}"), "--force",
                                       "--format", "json", *extra], args.timeout)
            rows.append((f"{size:,}", float(size), figs, seconds, memory, planned))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="", help="run-parties, run-options or uncertainty")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per process before it is stopped")
    ap.add_argument("--no-figures", action="store_true", help="only the --no-plots rows of `negsim run`")
    ap.add_argument("--agenda", default=None, help="uncertainty on this agenda of the seed case (default: full)")
    ap.add_argument("--max-samples", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only in ("", "run-parties"):
            table("negsim run: parties (3 issues × 4 options)", "parties",
                  run_rows("parties", [2, 3, 10, 50], parties_scenario, args, folder))
        if args.only in ("", "run-options"):
            table("negsim run: options of one issue (two parties)", "options",
                  run_rows("options", [100, 1000, 10_000, 100_000], options_scenario, args, folder))
        if args.only in ("", "uncertainty"):
            seed = ROOT / "scenarios" / "security-guarantees-2021.yaml"
            rows = []
            for samples in [n for n in (10_000, 100_000, 1_000_000) if n <= args.max_samples]:
                extra = ["--agenda", args.agenda] if args.agenda else []
                seconds, memory = measure(["uncertainty", str(seed), "--samples", str(samples), "--format", "json",
                                           *extra], args.timeout)
                rows.append((f"{samples:,}", float(samples), "—", seconds, memory,
                             estimate(seed, "uncertainty", samples=samples, agenda=args.agenda)))
            table(f"negsim uncertainty security-guarantees-2021{' --agenda ' + args.agenda if args.agenda else ''} "
                  f"(all cores)", "samples", rows)


if __name__ == "__main__":
    main()
