"""Benchmark: simulated negotiations in negsim vs NegMAS 0.16, plus the issue's time targets.

1. The same 10^4-deal domain (two issues × 100 values, linear additive utilities, opposed
   interests), Boulware vs Conceder time-based negotiators, 100 rounds, in negsim and in
   NegMAS's SAOMechanism, same process, median of several runs. negsim is timed with the
   domain built per run (like NegMAS, which builds its outcome space per mechanism) and
   with a prebuilt domain (as in a tournament).
2. One 100-round negotiation on 10^6 deals (three issues × 100 values); target ≤ 0.5 s.
3. A 5 × 5 strategies × 10 seeds tournament on scenarios/security-guarantees-2021.yaml
   (Russia vs the US: full package and the arms_control agenda; and all three parties);
   target ≤ 10 s.

Run: /work/venv/bin/python benchmarks/bench_dynamics.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import negsim
from negsim.dynamics import build_domain, negotiate
from negsim.dynamics.tournament import play


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls (after one warm-up call) and the last result."""
    times, out = [], fn()
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    LAST_MIN[0] = min(times)
    return statistics.median(times), out


LAST_MIN = [0.0]
"""The fastest of the last timed calls (the machine is shared: medians are noisy)."""


def grid_scenario(n_issues: int, n_values: int = 100) -> negsim.Scenario:
    ids = [f"i{k}" for k in range(n_issues)]
    wa = {i: float(w) for i, w in zip(ids, (6, 4, 5, 3), strict=False)}
    wb = {i: float(w) for i, w in zip(ids, (3, 7, 4, 6), strict=False)}
    top = n_values - 1
    return negsim.scenario.from_dict({
        "negsim": 1,
        "parties": [{"id": "a"}, {"id": "b"}],
        "issues": [{"id": i, "range": [0, top], "step": 1} for i in ids],
        "preferences": {"a": {"weights": wa, "values": {i: {0: 0, top: 1} for i in ids}},
                        "b": {"weights": wb, "values": {i: {0: 1, top: 0} for i in ids}}},
    })


def negmas_run() -> tuple[Any, int]:
    from negmas import SAOMechanism, make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction as Ufun
    from negmas.preferences.value_fun import AffineFun
    from negmas.sao.negotiators import BoulwareTBNegotiator, ConcederTBNegotiator

    issues = [make_issue(100, "i0"), make_issue(100, "i1")]
    mech = SAOMechanism(issues=issues, n_steps=100)
    ua = Ufun(values={"i0": AffineFun(1 / 99), "i1": AffineFun(1 / 99)}, weights={"i0": 0.6, "i1": 0.4},
              issues=issues, reserved_value=0.0)
    ub = Ufun(values={"i0": AffineFun(-1 / 99, bias=1), "i1": AffineFun(-1 / 99, bias=1)},
              weights={"i0": 0.3, "i1": 0.7}, issues=issues, reserved_value=0.0)
    mech.add(BoulwareTBNegotiator(name="a"), ufun=ua)
    mech.add(ConcederTBNegotiator(name="b"), ufun=ub)
    state = mech.run()
    return state.agreement, state.step


def main() -> None:
    rows: list[tuple[str, str, str, str]] = []
    s4 = grid_scenario(2)
    pair = {"a": "boulware", "b": "conceder"}
    t_full, r = timed(lambda: negotiate(build_domain(s4), pair, rounds=100), 31)
    m_full = LAST_MIN[0]
    dom = build_domain(s4)
    t_run, r = timed(lambda: negotiate(dom, pair, rounds=100), 51)
    m_run = LAST_MIN[0]
    try:
        import negmas

        t_negmas, (agreement, step) = timed(negmas_run, 15)
        m_negmas = LAST_MIN[0]
        print(f"NegMAS {negmas.__version__} on 10^4 deals: agreement {agreement} at step {step}")
        rows.append(("10^4 deals, 100 rounds, domain built per run (median)", f"{t_full * 1e3:.1f} ms",
                     f"NegMAS {t_negmas * 1e3:.1f} ms", f"{t_negmas / t_full:.1f}×"))
        rows.append(("10^4 deals, 100 rounds, domain built per run (fastest)", f"{m_full * 1e3:.1f} ms",
                     f"NegMAS {m_negmas * 1e3:.1f} ms", f"{m_negmas / m_full:.1f}×"))
        rows.append(("10^4 deals, 100 rounds, prebuilt domain (median)", f"{t_run * 1e3:.2f} ms",
                     f"NegMAS {t_negmas * 1e3:.1f} ms", f"{t_negmas / t_run:.0f}×"))
        rows.append(("10^4 deals, 100 rounds, prebuilt domain (fastest)", f"{m_run * 1e3:.2f} ms",
                     f"NegMAS {m_negmas * 1e3:.1f} ms", f"{m_negmas / m_run:.0f}×"))
    except ImportError as exc:
        rows.append(("10^4 deals, 100 rounds", f"{t_full * 1e3:.1f} ms", f"NegMAS not installed ({exc})", "–"))
    print(f"negsim on 10^4 deals: agreement in round {r.outcome.round} on {r.outcome.deal}")

    s6 = grid_scenario(3)
    t6, r6 = timed(lambda: negotiate(build_domain(s6), pair, rounds=100), 5)
    print(f"negsim on 10^6 deals: agreement in round {r6.outcome.round} on {r6.outcome.deal}")
    rows.append(("10^6 deals, 100 rounds, incl. domain build (median)", f"{t6:.3f} s", "target ≤ 0.5 s",
                 "ok" if t6 <= 0.5 else "MISSED"))
    rows.append(("10^6 deals, 100 rounds, incl. domain build (fastest)", f"{LAST_MIN[0]:.3f} s", "target ≤ 0.5 s",
                 "ok" if LAST_MIN[0] <= 0.5 else "MISSED"))

    seed = negsim.load(negsim.bundled("security-guarantees-2021"))
    for label, agenda, parties in (("full package, russia vs usa", None, ["russia", "usa"]),
                                   ("arms_control, russia vs usa", "arms_control", ["russia", "usa"]),
                                   ("arms_control, 3 parties (5^3 profiles)", "arms_control", None)):
        for rerun in (False, True):
            t, tour = timed(lambda a=agenda, p=parties, rr=rerun: play(build_domain(seed, a, p), seeds=10, rounds=30,
                                                                       rerun_deterministic=rr), 2)
            runs = len(tour.cells) * 10
            how = "every seed run" if rerun else "deterministic profiles run once"
            rows.append((f"tournament 5 strategies × 10 seeds: {label} ({runs} runs, {how})", f"{t:.3f} s",
                         "target ≤ 10 s", "ok" if t <= 10 else "MISSED"))

    width = max(len(r[0]) for r in rows)
    print(f"{'work':<{width}} | {'negsim':>12} | peer / target | ratio")
    for work, ours, peer, ratio in rows:
        print(f"{work:<{width}} | {ours:>12} | {peer} | {ratio}")


if __name__ == "__main__":
    main()
