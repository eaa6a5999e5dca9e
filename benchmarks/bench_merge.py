"""Exact analysis of large deal spaces: merging issues vs enumerating deals.

Random linear-additive scenarios as in issue 8: 10 options per issue for two parties,
6 for three or four; weights uniform in 1..9, values uniform on a 0.001 grid, no-deal
utilities as given; some cases add red lines (``only`` / ``never``, ``red`` per party) and
a ``min_utility`` of 0.55 per party. "same": the enumerating engine gives the same
frontier deals, ZOPA size, conflicts and Nash deal.

For each case: the merged frontier alone, the full merged analysis (frontier, four
solutions, convexified answers, diagnosis, prices, ZOPA), and — where the space can be
listed — the enumerating engine on the same space in the same run (ratio = enumeration
time / merged analysis time). Times are the best of 3 runs (enumeration: 1 run).

Run: ``python benchmarks/bench_merge.py`` (about two minutes on 2 cores).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from negsim.engine import enumeration, merge
from negsim.engine.minkowski import merge_frontier
from negsim.scenario.loader import from_dict
from negsim.space import OutcomeSpace, build_space

CASES = [  # (parties, issues, options, no_deal, red lines per party, enumerate too?)
    (2, 30, 10, 0.0, 0, False),
    (2, 60, 10, 0.0, 0, False),
    (3, 15, 6, 0.0, 0, False),
    (2, 30, 10, 0.3, 0, False),
    (2, 30, 10, 0.5, 5, False),
    (3, 15, 6, 0.5, 4, False),
    (2, 5, 10, 0.3, 0, True),
    (2, 6, 10, 0.3, 0, True),
    (2, 7, 10, 0.3, 0, True),
    (2, 7, 10, 0.5, 5, True),
    (3, 8, 6, 0.3, 0, True),
    (3, 9, 6, 0.3, 0, True),
    (3, 9, 6, 0.5, 4, True),
    (4, 8, 6, 0.3, 0, True),
    (4, 9, 6, 0.3, 0, True),
    (4, 12, 6, 0.0, 0, False),
]


def random_space(parties: int, issues: int, options: int, no_deal: float, red: int = 0,
                 seed: int = 0) -> OutcomeSpace:
    """A random linear-additive space (seeded); ``red`` red lines per party (``only`` / ``never``) and,
    with red lines, a ``min_utility`` of 0.55 each."""
    rng = np.random.default_rng(seed)
    labels = [f"o{j}" for j in range(options)]
    ids = [f"i{k}" for k in range(issues)]
    prefs = {}
    for j in range(parties):
        prefs[f"p{j}"] = {"weights": {i: float(rng.integers(1, 10)) for i in ids},
                          "values": {i: {o: float(rng.integers(0, 1001)) / 1000 for o in labels} for i in ids},
                          "red_lines": _red_lines(rng, ids, labels, red)}
    data: dict[str, Any] = {
        "negsim": 1,
        "parties": [{"id": f"p{j}", "no_deal": no_deal} for j in range(parties)],
        "issues": [{"id": i, "options": labels} for i in ids],
        "preferences": prefs,
    }
    return build_space(from_dict(data, max_deals=None))


def _red_lines(rng: np.random.Generator, ids: list[str], labels: list[str], n: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in range(n):
        issue = ids[int(rng.integers(len(ids)))]
        kind, k = ("never", len(labels) // 3) if r % 2 else ("only", 2 * len(labels) // 3)
        out.append({"issue": issue, kind: [str(x) for x in rng.choice(labels, k, replace=False)]})
    return out + ([{"min_utility": 0.55}] if n else [])


def timed(f: Any, repeat: int = 3) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    head = (f"{'P×issues×options':>16} {'no_deal':>7} {'red':>3} {'deals':>6} {'frontier':>8} {'largest':>8} "
            f"{'merge frontier':>14} {'merge analysis':>14} {'zopa':>6} {'enumeration':>11} {'ratio':>6} same")
    print(head)
    print("-" * len(head))
    for parties, issues, options, no_deal, red, enumerate_too in CASES:
        space = random_space(parties, issues, options, no_deal, red)
        t_front, front = timed(lambda s=space: merge_frontier(s))
        t_merge, merged = timed(lambda s=space: merge.analyze(s))
        zopa = "exact" if merged.zopa_exact else "est."
        enum_col, ratio, same = "—", "—", "—"
        if enumerate_too:
            t_enum, enum = timed(lambda s=space: enumeration.analyze(s), repeat=1)
            enum_col, ratio = f"{t_enum:10.3f}s", f"{t_enum / t_merge:5.1f}×"
            same = str(sorted(i for p in enum.frontier for i in p.indices)
                       == sorted(i for p in merged.frontier for i in p.indices)
                       and enum.zopa_size == merged.zopa_size
                       and enum.diagnosis.conflicts == merged.diagnosis.conflicts
                       and enum.solutions["nash"].deal == merged.solutions["nash"].deal)
        n_front = sum(len(p.deals) for p in merged.frontier)
        print(f"{f'{parties}×{issues}×{options}':>16} {no_deal:>7} {red:>3} {_magnitude(space.size):>6} "
              f"{n_front:>8} {front.largest:>8} {t_front:13.4f}s {t_merge:13.4f}s {zopa:>6} {enum_col:>11} "
              f"{ratio:>6} {same}")


def _magnitude(n: int) -> str:
    digits = len(str(n)) - 1
    return f"{n / 10**digits:.1f}e{digits}"


if __name__ == "__main__":
    main()
