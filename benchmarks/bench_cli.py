"""Benchmark: whole-process times of the commands people run, as a user sees them (issue 11).

Each command runs as its own process, several times, started as the ``negsim`` console
script starts it (``from negsim.cli import main; main()``; ``python -m negsim`` is the same
command but starts about 0.07 s slower here); the table shows the fastest and the median
wall-clock time. The big-space rows compare with NegMAS 0.16 computing the same Pareto
frontier, Nash and Kalai–Smorodinsky points, also as a whole process, on the same random
domain, and print the ratio.

With ``--before DIR`` (a checkout of an earlier negsim, e.g. ``git worktree add DIR 62034fb``)
the same commands also run on that code (same interpreter and dependencies, ``PYTHONPATH=DIR``),
on the scenario file that code can read (``--before-seed``), for a before/after table.

Run:  python benchmarks/bench_cli.py [--repeat 5] [--before DIR --before-seed FILE] [--no-negmas]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_engine import random_domain  # noqa: E402

# The utility functions of bench_engine.negmas_ufuns, written out: the NegMAS process must not pay
# for importing negsim (bench_engine imports it).
NEGMAS_JOB = """
import sys, time, yaml
from negmas.outcomes import make_issue, make_os
from negmas.preferences import LinearAdditiveUtilityFunction as Linear
from negmas.preferences.ops import kalai_points, nash_points, pareto_frontier
data = yaml.safe_load(open(sys.argv[1]))
issues = [make_issue(values=i["options"], name=i["id"]) for i in data["issues"]]
space = make_os(issues)
ufuns = []
for p in data["parties"]:
    pref = data["preferences"][p["id"]]
    total = sum(pref["weights"].values())
    ufuns.append(Linear(values=[pref["values"][i["id"]] for i in data["issues"]],
                        weights=[pref["weights"][i["id"]] / total for i in data["issues"]],
                        outcome_space=space, reserved_value=0.0))
frontier, _ = pareto_frontier(ufuns, issues=space.issues)
nash = nash_points(ufuns, frontier, outcome_space=space)
kalai_points(ufuns, frontier, outcome_space=space)
print(len(frontier), nash[0][0] if nash else None)
"""


ENTRY = "import sys; from negsim.cli import main; sys.exit(main())"
"""What the ``negsim`` console script runs (pip's entry-point wrapper), for any checkout on PYTHONPATH."""


def timed(cmd: list[str], repeat: int, env: dict[str, str] | None = None,
          cwd: Path | None = None) -> tuple[float, float, int]:
    """Fastest and median wall-clock seconds of ``cmd`` over ``repeat`` runs, and its exit code.

    Run from ``cwd`` (a scratch folder), so that ``python -m negsim`` imports the negsim the
    environment points at, not a checkout in the current folder.
    """
    times, code = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd).returncode
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times), code


def write_domain(folder: Path, name: str, n_issues: int) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(random_domain(n_issues, 2, 10, seed=1), sort_keys=False), encoding="utf-8")
    return path


def rows(py: list[str], seed: str, big: Path, huge: Path, out: Path, env: dict[str, str] | None) -> list[tuple]:
    run = [*py, "run"]
    return [
        ("negsim --version", [*py, "--version"]),
        ("negsim validate <seed>", [*py, "validate", seed]),
        ("negsim run <seed> --no-plots", [*run, seed, "--no-plots", "-o", str(out / "a"), "--force"]),
        ("negsim run <seed> (every figure)", [*run, seed, "-o", str(out / "b"), "--force"]),
        ("negsim run random 2×10⁶ --no-plots --format json",
         [*run, str(big), "--no-plots", "--format", "json", "-o", str(out / "c"), "--force"]),
        ("negsim run random 2×10³⁰ --no-plots --format json",
         [*run, str(huge), "--no-plots", "--format", "json", "-o", str(out / "d"), "--force"]),
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--before", type=Path, default=None, help="checkout of an earlier negsim to compare with")
    ap.add_argument("--before-seed", type=Path, default=None, help="the seed scenario file for --before")
    ap.add_argument("--no-negmas", action="store_true")
    args = ap.parse_args()
    env = {**os.environ, "MPLBACKEND": "Agg"}
    py = [sys.executable, "-c", ENTRY]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big, huge = write_domain(folder, "random_1e6", 6), write_domain(folder, "random_1e30", 30)
        table: dict[str, dict[str, Any]] = {}
        for label, cmd in rows(py, "security-guarantees-2021", big, huge, folder, None):
            table.setdefault(label, {})["now"] = timed(cmd, args.repeat, env, folder)
        if args.before is not None:
            old_env = {**env, "PYTHONPATH": str(args.before.resolve())}
            seed = str(args.before_seed.resolve() if args.before_seed else "security-guarantees-2021")
            for label, cmd in rows(py, seed, big, huge, folder, old_env):
                table[label]["before"] = timed(cmd, args.repeat, old_env, folder)
            for label, cmd in rows(py, seed, big, huge, folder, None):
                table[label]["now, same file"] = timed(cmd, args.repeat, env, folder)
        negmas = None if args.no_negmas else timed([sys.executable, "-c", NEGMAS_JOB, str(big)],
                                                   max(1, args.repeat // 2), env, folder)
    print(f"{'command':<52} " + " | ".join(f"{k:>22}" for k in ("now", "before", "now, same file")))
    for label, cols in table.items():
        cells = [f"{cols[k][0]:6.2f} s (med {cols[k][1]:5.2f})" if k in cols else "" for k in
                 ("now", "before", "now, same file")]
        print(f"{label:<52} " + " | ".join(f"{c:>22}" for c in cells))
    if negmas is not None:
        mine = table["negsim run random 2×10⁶ --no-plots --format json"]["now"][0]
        print(f"\nNegMAS 0.16 whole process, same 10⁶-deal domain (frontier + Nash + KS): {negmas[0]:.2f} s "
              f"(exit {negmas[2]}); negsim is {negmas[0] / mine:.1f}× faster")


if __name__ == "__main__":
    main()
