"""Property tests of the bargaining engine against brute force written here, independently.

Random small scenarios (2–3 parties, 1–4 issues, red lines, bonuses, floors) are built as
plain dicts; the test evaluates every deal with plain Python from the dict and compares.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negsim
from negsim.bargaining import solutions as sol
from negsim.scenario import from_dict

EPS = 1e-9


@st.composite
def scenarios(draw: Any) -> dict:
    n_parties = draw(st.integers(2, 3))
    n_issues = draw(st.integers(1, 4))
    sizes = [draw(st.integers(2, 4)) for _ in range(n_issues)]
    issues = [{"id": f"i{k}", "options": [f"o{j}" for j in range(n)]} for k, n in enumerate(sizes)]
    levels = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])  # coarse values: many ties
    prefs = {}
    for p in range(n_parties):
        weights = {f"i{k}": draw(st.integers(0, 3)) for k in range(n_issues)}
        if sum(weights.values()) == 0:
            weights["i0"] = 1
        values = {f"i{k}": {f"o{j}": draw(levels) for j in range(n)} for k, n in enumerate(sizes)}
        red_lines = []
        for _ in range(draw(st.integers(0, 2))):
            k = draw(st.integers(0, n_issues - 1))
            chosen = draw(st.lists(st.integers(0, sizes[k] - 1), min_size=1, max_size=sizes[k] - 1, unique=True))
            kind = draw(st.sampled_from(["never", "only"]))
            red_lines.append({"issue": f"i{k}", kind: [f"o{j}" for j in chosen]})
        if draw(st.booleans()):
            red_lines.append({"min_utility": draw(st.sampled_from([0.2, 0.4, 0.6]))})
        bonuses = []
        if n_issues >= 2 and draw(st.booleans()):
            bonuses.append({"when": {"i0": "o0", "i1": "o1"}, "add": draw(st.sampled_from([-0.2, 0.1, 0.25]))})
        prefs[f"p{p}"] = {"weights": weights, "values": values, "red_lines": red_lines, "bonuses": bonuses}
    parties = [{"id": f"p{p}", "no_deal": draw(st.sampled_from([0.0, 0.2, 0.35, 0.5])),
                "power": draw(st.sampled_from([1.0, 1.0, 2.0]))} for p in range(n_parties)]
    return {"negsim": 1, "parties": parties, "issues": issues, "preferences": prefs}


def brute_force(data: dict) -> tuple[list[tuple[str, ...]], np.ndarray, list[list[bool]], list[str]]:
    """Every deal, its utilities and which constraints it meets — straight from the dict."""
    issues = data["issues"]
    parties = [p["id"] for p in data["parties"]]
    deals = list(itertools.product(*[i["options"] for i in issues]))
    utilities = np.zeros((len(deals), len(parties)))
    constraint_ids: list[str] = []
    meets: list[list[bool]] = [[] for _ in deals]
    for k, pid in enumerate(parties):
        pref = data["preferences"][pid]
        total = sum(pref["weights"].values())
        for n, deal in enumerate(deals):
            u = sum(pref["weights"][i["id"]] / total * pref["values"][i["id"]][o]
                    for i, o in zip(issues, deal, strict=True))
            for b in pref["bonuses"]:
                if all(deal[int(iid[1:])] == opt for iid, opt in b["when"].items()):
                    u += b["add"]
            utilities[n, k] = u
    for k, party in enumerate(data["parties"]):
        pid = party["id"]
        constraint_ids.append(f"{pid}.no_deal")
        for n in range(len(deals)):
            meets[n].append(utilities[n, k] >= party["no_deal"] - EPS)
        for r, rl in enumerate(data["preferences"][pid]["red_lines"]):
            constraint_ids.append(f"{pid}.red_lines[{r}]")
            for n, deal in enumerate(deals):
                if "min_utility" in rl:
                    ok = utilities[n, k] >= rl["min_utility"] - EPS
                else:
                    chosen = deal[int(rl["issue"][1:])]
                    ok = chosen not in rl["never"] if "never" in rl else chosen in rl["only"]
                meets[n].append(bool(ok))
    return deals, utilities, meets, constraint_ids


def brute_frontier(points: np.ndarray) -> set[int]:
    q = np.round(points / EPS).astype(np.int64)
    out = set()
    for i in range(len(q)):
        if not any(np.all(q[j] >= q[i]) and np.any(q[j] > q[i]) for j in range(len(q))):
            out.add(i)
    return out


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(scenarios())
def test_zopa_frontier_and_solutions_match_brute_force(data: dict) -> None:
    a = negsim.analyze(from_dict(data))
    deals, u, meets, _ = brute_force(data)
    feasible = [n for n in range(len(deals)) if all(meets[n])]
    assert a.zopa_size == len(feasible)
    front = {feasible[i] for i in brute_frontier(u[feasible])} if feasible else set()
    got = {idx for point in a.frontier for idx in point.indices}
    assert got == front  # same deals, ties included
    d = np.array([p["no_deal"] for p in data["parties"]])
    strict = bool(feasible) and bool(np.all(u[feasible] - d > EPS, axis=1).any())
    for name, s in a.solutions.items():
        # Nash (1950) maximises over deals every party strictly prefers to no deal: none such, no Nash deal
        assert (s.index is None) == (not strict if name == "nash" else not feasible)
        if s.index is not None:
            assert s.index in front  # every solution lies on the frontier
    if feasible:
        w = np.array([p["power"] for p in data["parties"]])
        w = w / w.sum()
        gains = u[feasible] - d
        ok = np.all(gains > EPS, axis=1)
        if ok.any():
            best = max(float(np.prod(g**w)) for g in gains[ok])
            nash_u = np.array(list(a.solutions["nash"].utilities.values()))
            assert float(np.prod((nash_u - d) ** w)) >= best - 1e-9
        util_best = max(u[feasible].sum(axis=1))
        assert sum(a.solutions["utilitarian"].utilities.values()) >= util_best - 1e-9


@SETTINGS
@given(scenarios())
def test_conflict_sets_are_minimal_complete_and_empty_the_zopa(data: dict) -> None:
    a = negsim.analyze(from_dict(data))
    _deals, _, meets, ids = brute_force(data)
    m = np.array(meets, dtype=bool)
    assert sorted(ids) == sorted(p.id for p in a.diagnosis.prices)

    def satisfiable(subset: set[str]) -> bool:
        cols = [ids.index(c) for c in subset]
        return bool(np.any(np.all(m[:, cols], axis=1))) if cols else True

    reported = [set(c) for c in a.diagnosis.conflicts]
    for c in reported:
        assert not satisfiable(c)
        for member in c:
            assert satisfiable(c - {member})
    if len(ids) <= 10:  # completeness by brute force over every subset
        for size in range(1, len(ids) + 1):
            for combo in itertools.combinations(ids, size):
                if not satisfiable(set(combo)):
                    assert any(r <= set(combo) for r in reported)
    for price in a.diagnosis.prices:  # what dropping one constraint alone opens
        k = ids.index(price.id)
        others = [j for j in range(len(ids)) if j != k]
        opens = int(np.sum(~m[:, k] & np.all(m[:, others], axis=1)))
        assert price.opens == opens


points_st = st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=25, unique=True)


@settings(max_examples=200, deadline=None)
@given(points_st, st.floats(0.1, 10), st.floats(-5, 5))
def test_nash_invariant_under_positive_affine_rescaling(pts: list, scale: float, shift: float) -> None:
    p = np.array(pts, dtype=float) / 20
    d = np.zeros(2)
    base = sol.nash(p, d)
    q, dq = p.copy(), d.copy()
    q[:, 0] = shift + scale * q[:, 0]
    dq[0] = shift + scale * dq[0]
    moved = sol.nash(q, dq)
    if base.index is not None:
        assert {tuple(p[i]) for i in base.ties} == {tuple(p[i]) for i in moved.ties}


@settings(max_examples=200, deadline=None)
@given(points_st)
def test_symmetric_problems_get_symmetric_answers(pts: list) -> None:
    p = np.array(pts + [(b, a) for a, b in pts], dtype=float) / 20
    d = np.zeros(2)
    for pick in (sol.nash(p, d), sol.kalai_smorodinsky(p, d), sol.egalitarian(p, d), sol.utilitarian(p)):
        if pick.index is None:
            continue
        tied = {tuple(p[i]) for i in pick.ties}
        assert tied == {(b, a) for a, b in tied}  # the tie set is closed under swapping the parties
    for lot in (sol.nash_convex(p, d), sol.kalai_smorodinsky_convex(p, d), sol.egalitarian_convex(p, d)):
        if lot is not None and p.max() > 0:
            assert abs(lot.utilities[0] - lot.utilities[1]) < 1e-9


def _on_some_segment(u: tuple[float, float], lot: Any, p: np.ndarray) -> bool:
    """The lottery's utilities are its probability mix of its two deals."""
    mix = lot.p * p[lot.a] + (1 - lot.p) * p[lot.b]
    return bool(np.allclose(mix, u, atol=1e-12))


@settings(max_examples=300, deadline=None)
@given(points_st, st.integers(0, 5), st.integers(0, 5), st.floats(0.2, 5.0))
def test_convexified_solutions_match_a_brute_force_over_every_segment(pts: list, d0: int, d1: int,
                                                                    power: float) -> None:
    """Nash, KS and egalitarian on the convex hull against every segment between two deals, finely gridded.

    The best point of the hull lies on a segment between two deals, so the grid's best over all
    pairs is at most the exact answer and within the grid's step of it.
    """
    p = np.array(pts, dtype=float) / 20
    d = np.array([d0, d1], dtype=float) / 20
    t = np.linspace(0.0, 1.0, 401)[:, None, None]
    pairs = np.array(list(itertools.product(range(len(p)), repeat=2)))
    seg = p[pairs[:, 0]][None] * (1 - t) + p[pairs[:, 1]][None] * t  # (grid, pairs, 2)
    w = np.array([1.0, power]) / (1.0 + power)
    gains = seg - d
    with np.errstate(divide="ignore", invalid="ignore"):
        nash_grid = np.where((gains > 1e-9).all(axis=2), (np.log(gains) * w).sum(axis=2), -np.inf)
    lot = sol.nash_convex(p, d, np.array([1.0, power]))
    if np.isfinite(nash_grid).any():
        assert lot is not None and _on_some_segment(lot.utilities, lot, p)
        assert float(np.log(np.array(lot.utilities) - d) @ w) >= nash_grid.max() - 1e-12
    ideal = p.max(axis=0)
    for found, direction in ((sol.kalai_smorodinsky_convex(p, d), ideal - d),
                             (sol.egalitarian_convex(p, d), np.ones(2))):
        if np.abs(direction).min() < 1e-6:
            continue  # a degenerate ray (no room to gain on one side): the objective is scaled by 1e9
        r = direction
        grid = (gains / r).min(axis=2)
        assert found is not None and _on_some_segment(found.utilities, found, p)
        assert float(((np.array(found.utilities) - d) / r).min()) >= grid.max() - 1e-9
