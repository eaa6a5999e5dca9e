"""Benchmark: negsim's full bargaining analysis vs NegMAS 0.16 on the same random domains.

Random linear-additive domains, 10 options per issue (10^3 … 10^7 deals), 2 and 3 parties,
no red lines, no-deal utility 0. negsim: deal space + feasibility + frontier + Nash, KS,
egalitarian, utilitarian (+ diagnosis). NegMAS: ``pareto_frontier`` + ``nash_points`` +
``kalai_points`` over the same utility functions. Both are checked to give the same frontier
(utility vectors) and the same Nash point.

Run:  python benchmarks/bench_engine.py [--max-deals 10000000] [--negmas-max 1000000]
Needs the benchmark extra for the NegMAS side: pip install -e ".[benchmark]".
"""

from __future__ import annotations

import argparse
import resource
import time
from typing import Any

import numpy as np

import negsim
from negsim.scenario import from_dict


def random_domain(n_issues: int, n_parties: int, n_options: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    issues = [{"id": f"i{k}", "options": [f"v{j}" for j in range(n_options)]} for k in range(n_issues)]
    prefs = {}
    for p in range(n_parties):
        w = rng.random(n_issues) + 0.05
        prefs[f"p{p}"] = {
            "weights": {f"i{k}": float(w[k]) for k in range(n_issues)},
            "values": {f"i{k}": {f"v{j}": float(v) for j, v in enumerate(np.round(rng.random(n_options), 3))}
                       for k in range(n_issues)},
        }
    return {"negsim": 1, "parties": [{"id": f"p{p}"} for p in range(n_parties)], "issues": issues,
            "preferences": prefs}


def time_negsim(data: dict[str, Any], method: str) -> tuple[float, Any]:
    scenario = from_dict(data, max_deals=None)
    t = time.perf_counter()
    analysis = negsim.analyze(scenario, method=method)
    return time.perf_counter() - t, analysis


def negmas_ufuns(data: dict[str, Any]) -> tuple[list[Any], Any]:
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction as Linear

    issues = [make_issue(values=i["options"], name=i["id"]) for i in data["issues"]]
    space = make_os(issues)
    ufuns = []
    for p in data["parties"]:
        pref = data["preferences"][p["id"]]
        total = sum(pref["weights"].values())
        values = [pref["values"][i["id"]] for i in data["issues"]]
        weights = [pref["weights"][i["id"]] / total for i in data["issues"]]
        ufuns.append(Linear(values=values, weights=weights, outcome_space=space, reserved_value=0.0))
    return ufuns, space


def time_negmas(data: dict[str, Any]) -> tuple[float, Any, Any]:
    from negmas.preferences.ops import kalai_points, nash_points, pareto_frontier

    ufuns, space = negmas_ufuns(data)
    t = time.perf_counter()
    frontier, _ = pareto_frontier(ufuns, issues=space.issues)
    nash = nash_points(ufuns, frontier, outcome_space=space)
    kalai_points(ufuns, frontier, outcome_space=space)
    return time.perf_counter() - t, frontier, nash


def same_frontier(a: Any, frontier: Any) -> bool:
    mine = {tuple(np.round(p, 9)) for p in a.frontier_u}
    theirs = {tuple(np.round(p, 9)) for p in frontier}
    return mine == theirs


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--max-deals", type=int, default=10**7)
    ap.add_argument("--negmas-max", type=int, default=10**6, help="largest space to give NegMAS")
    args = ap.parse_args()
    try:
        import negmas  # noqa: F401

        have_negmas = True
    except ImportError:
        have_negmas = False
        print("NegMAS not installed (pip install -e '.[benchmark]'): negsim only.")
    print("negsim enumerating every deal ('enum') and with its default engine choice ('auto': merging issue\n"
          "frontiers above 2^17 deals); NegMAS: pareto_frontier + nash_points + kalai_points; ratio = NegMAS / enum.")
    print(f"{'parties':>7} {'deals':>10} {'frontier':>8} {'enum s':>8} {'auto s':>8} {'NegMAS s':>9} {'ratio':>7} "
          f"{'same frontier':>13} {'same Nash':>9} {'peak MB':>8}")
    for parties in (2, 3):
        for n_issues in range(3, 8):
            deals = 10**n_issues
            if deals > args.max_deals:
                break
            data = random_domain(n_issues, parties, 10, seed=n_issues * 10 + parties)
            t_ns, a = time_negsim(data, "enumeration")
            t_auto, b = time_negsim(data, "auto")
            assert same_frontier(a, b.frontier_u), "enumeration and merge disagree"
            row = f"{parties:>7} {deals:>10,} {len(a.frontier_u):>8} {t_ns:>8.3f} {t_auto:>8.3f}"
            if have_negmas and deals <= args.negmas_max:
                t_nm, frontier, nash = time_negmas(data)
                nash_u = np.array(nash[0][0]) if nash else None
                mine = np.array(list(a.solutions["nash"].utilities.values()))
                same_nash = nash_u is not None and bool(np.allclose(mine, nash_u, atol=1e-9))
                row += f" {t_nm:>9.3f} {t_nm / t_ns:>6.1f}x {same_frontier(a, frontier)!s:>13} {same_nash!s:>9}"
            else:
                row += f" {'—':>9} {'—':>7} {'—':>13} {'—':>9}"
            print(row + f" {peak_mb():>8.0f}", flush=True)


if __name__ == "__main__":
    main()
