"""The bargaining analysis of one agenda: ZOPA, frontier, solutions, diagnosis.

One streaming pass over the deals, chunk by chunk, so memory is bounded by the chunk
and the frontier, not by the deal count:

1. utilities and the constraints each deal breaks (a bit pattern per deal);
2. counts of every pattern (the ZOPA is pattern 0; the diagnosis needs the others);
3. the Pareto frontier of the feasible deals, merged chunk by chunk;
4. for every constraint, the best Nash deal if it alone were dropped (its price).

The four solutions are then computed on the frontier, and for two parties also on its
convex hull. See :mod:`negsim.bargaining.solutions` and :mod:`negsim.bargaining.conflicts`.

Example:
    >>> import negsim
    >>> a = negsim.analyze(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> a.zopa_size > 0, a.solutions["nash"].deal["pen"]
    (True, 'trade')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negsim.bargaining import solutions as sol
from negsim.bargaining.conflicts import minimal_conflicts, minimal_patterns
from negsim.bargaining.pareto import group_identical, pareto_indices
from negsim.errors import NegsimError
from negsim.scenario.models import Scenario
from negsim.space import TOL, OutcomeSpace, build_space

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

SOLUTION_NAMES = {"nash": "Nash", "kalai_smorodinsky": "Kalai–Smorodinsky",
                  "egalitarian": "Egalitarian", "utilitarian": "Utilitarian"}

SAMPLE_SIZE = 50_000
"""Deals kept (a seeded uniform sample when there are more) for the utility-space plot."""


@dataclass
class Solution:
    """A bargaining solution: the deal, each party's utility and gain, and its ties."""

    name: str
    label: str
    index: int | None
    deal: dict[str, str] | None
    utilities: dict[str, float] | None
    gains: dict[str, float] | None
    ties: int
    tied_deals: list[dict[str, str]] = field(default_factory=list)
    value: float | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "deal": self.deal, "utilities": self.utilities, "gains": self.gains,
                "ties": self.ties, "tied_deals": self.tied_deals, "objective": self.value, "note": self.note,
                "index": self.index}


@dataclass
class ConvexSolution:
    """A solution on the convex hull of the frontier: a lottery between two adjacent deals."""

    name: str
    label: str
    utilities: dict[str, float]
    lottery: list[tuple[dict[str, str], float]]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "utilities": self.utilities,
                "lottery": [{"deal": d, "probability": p} for d, p in self.lottery]}


@dataclass
class ConstraintReport:
    """One constraint: what it is, how many deals break it, and its price."""

    id: str
    party: str
    kind: str
    text: str
    reason: str
    broken_by: int
    opens: int
    nash_if_dropped: dict[str, Any] | None
    binds: bool

    def to_dict(self) -> dict[str, Any]:
        return {"constraint": self.id, "party": self.party, "kind": self.kind, "text": self.text,
                "reason": self.reason, "broken_by": self.broken_by, "opens": self.opens,
                "nash_if_dropped": self.nash_if_dropped, "binds": self.binds}


@dataclass
class Diagnosis:
    """Why there is no deal (minimal conflicting sets), and what each constraint costs."""

    conflicts: list[list[str]]
    complete: bool
    prices: list[ConstraintReport]
    openings: list[tuple[list[str], int]] = field(default_factory=list)

    @property
    def binding(self) -> list[str]:
        return [p.id for p in self.prices if p.binds]

    def to_dict(self) -> dict[str, Any]:
        return {"conflicts": self.conflicts, "complete": self.complete, "binding": self.binding,
                "prices": [p.to_dict() for p in self.prices],
                "openings": [{"drop": d, "opens": n} for d, n in self.openings]}


@dataclass
class FrontierPoint:
    """A point of the Pareto frontier and every deal with exactly these utilities."""

    utilities: dict[str, float]
    deals: list[dict[str, str]]
    indices: list[int]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"deal": self.deals[0], "utilities": self.utilities}
        if len(self.deals) > 1:
            out["identical_deals"] = self.deals[1:]
        return out


@dataclass
class Analysis:
    """Everything negsim computes about one agenda (or the full package)."""

    title: str
    agenda: str | None
    agenda_name: str
    issues: list[str]
    off_table: dict[str, str]
    parties: list[str]
    party_names: dict[str, str]
    no_deal: dict[str, float]
    power: dict[str, float]
    deals_total: int
    zopa_size: int
    frontier: list[FrontierPoint]
    solutions: dict[str, Solution]
    convex: dict[str, ConvexSolution]
    diagnosis: Diagnosis
    demands: dict[str, dict[str, str]]
    options: dict[str, list[str]] = field(default_factory=dict)
    method: str = "enumeration"
    zopa_exact: bool = True
    zopa_estimate: float | None = None
    zopa_interval: tuple[float, float] | None = None
    # arrays for plots (not in to_dict)
    frontier_u: FloatArray = field(default_factory=lambda: np.zeros((0, 2)), repr=False)
    sample_u: FloatArray = field(default_factory=lambda: np.zeros((0, 2)), repr=False)
    sample_feasible: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool), repr=False)
    sampled: bool = False

    @property
    def zopa_share(self) -> float:
        return self.zopa_size / self.deals_total if self.deals_total else 0.0

    @property
    def has_deal(self) -> bool:
        return self.zopa_size > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "agenda": self.agenda, "agenda_name": self.agenda_name, "issues": self.issues,
            "off_table": self.off_table, "method": self.method,
            "deals_total": self.deals_total,
            "zopa": {"size": self.zopa_size, "share": self.zopa_share, "exact": self.zopa_exact},
            "no_deal": self.no_deal, "power": self.power,
            "diagnosis": self.diagnosis.to_dict(),
            "frontier": [p.to_dict() for p in self.frontier],
            "solutions": {k: v.to_dict() for k, v in self.solutions.items()},
            "convexified": {k: v.to_dict() for k, v in self.convex.items()},
        }


METHODS = ("auto", "enumeration", "merge")

MAX_ENUMERATE = 10**8
"""Largest deal space the enumerating engine is asked to walk (about a minute on 2 cores)."""


def analyze(scenario: Scenario, agenda: str | None = None, *, seed: int = 0, method: str = "auto") -> Analysis:
    """Analyse the full package (``agenda=None``) or one named agenda of ``scenario``.

    ``method``: ``"enumeration"`` walks every deal; ``"merge"`` merges issue frontiers
    (:mod:`negsim.bargaining.merge`, exact, for spaces far too large to list); ``"auto"``
    picks by :func:`negsim.bargaining.merge.choose_method` (enumerate up to 2^17 deals) and
    falls back to enumeration when a merge outgrows its limits on a space small enough to walk.
    Both give identical results where both run (a property test checks it).
    """
    from negsim.bargaining.merge import FrontierTooLarge, choose_method
    from negsim.bargaining.merged_analysis import analyze_merged

    if method not in METHODS:
        raise NegsimError(f"unknown method `{method}`; choose one of {', '.join(METHODS)}")
    space = build_space(scenario, agenda)
    chosen = choose_method(space) if method == "auto" else method
    if chosen == "merge":
        try:
            return analyze_merged(space, seed=seed)
        except FrontierTooLarge:
            if method == "merge" or space.size > MAX_ENUMERATE:
                raise
    if space.size > MAX_ENUMERATE:
        raise NegsimError(f"{space.size:.3g} deals are too many to enumerate (limit {MAX_ENUMERATE:,}); "
                          "use --method merge (or auto), analyse an agenda, or coarsen numeric issues")
    return analyze_space(space, seed=seed)


def analyze_space(space: OutcomeSpace, *, seed: int = 0) -> Analysis:
    """Analyse a prepared :class:`OutcomeSpace` (see the module docstring for the steps)."""
    acc = _Accumulator(space)
    for start, stop in space.chunks():
        acc.add(start, stop)
    return _assemble(space, acc, seed)


class _Accumulator:
    """State of the streaming pass: pattern counts, frontier candidates, per-constraint bests."""

    def __init__(self, space: OutcomeSpace) -> None:
        self.space = space
        self.k = len(space.constraints)
        self.counts: dict[int, int] = {}
        self.front_idx = np.zeros(0, dtype=np.int64)
        self.front_u = np.zeros((0, len(space.parties)))
        self.d = space.no_deal
        self.w = sol.normalised_power(space.power, len(space.parties))
        self.d_relaxed = [self._relaxed_d(c) for c in range(self.k)]
        self.best: list[tuple[float, int, FloatArray] | None] = [None] * self.k

    def _relaxed_d(self, c: int) -> FloatArray:
        """Disagreement point when constraint c is dropped: a dropped no-deal floor counts from 0."""
        con = self.space.constraints[c]
        d = self.d.copy()
        if con.kind == "no_deal":
            d[self.space.parties.index(con.party)] = 0.0
        return d

    def add(self, start: int, stop: int) -> None:
        u = self.space.utilities_range(start, stop)
        viol = self.space.violations_range(start, stop, u)
        self._count(viol)
        ok = viol == 0
        if ok.all():  # every deal of the chunk is feasible: nothing breaks exactly one constraint
            self._merge_frontier(np.arange(start, stop, dtype=np.int64), u)
            return
        feasible = np.flatnonzero(ok)
        self._merge_frontier(feasible + start, u[feasible])
        for c in range(self.k):
            opened = np.flatnonzero(viol == np.uint64(1 << c))
            if opened.size:
                self._offer(c, opened + start, u[opened])

    def _count(self, viol: NDArray[np.uint64]) -> None:
        if self.k <= 16:
            counts = np.bincount(viol.astype(np.int64), minlength=1)
            values = np.flatnonzero(counts)
            counts = counts[values]
        else:
            values, counts = np.unique(viol, return_counts=True)
        for v, n in zip(values.tolist(), counts.tolist(), strict=True):
            self.counts[v] = self.counts.get(v, 0) + n

    def _merge_frontier(self, idx: IntArray, u: FloatArray) -> None:
        """Frontier of (frontier so far ∪ this chunk's frontier), kept sorted by deal index."""
        if len(idx) == 0:
            return
        keep = pareto_indices(u)
        idx, u = idx[keep], u[keep]
        if len(self.front_idx):
            idx = np.concatenate([self.front_idx, idx])
            u = np.concatenate([self.front_u, u])
            keep = pareto_indices(u)
            idx, u = idx[keep], u[keep]
        order = np.argsort(idx, kind="stable")
        self.front_idx, self.front_u = idx[order], u[order]

    def add_feasible_candidates(self) -> None:
        """The relaxed problems also contain every feasible deal; their best is on the frontier."""
        if len(self.front_idx) == 0:
            return
        for c in range(self.k):
            self._offer(c, self.front_idx, self.front_u)

    def _offer(self, c: int, idx: IntArray, u: FloatArray) -> None:
        gains = u - self.d_relaxed[c]
        ok = np.all(gains > TOL, axis=1)
        if not ok.any():
            return
        score = np.log(np.where(ok[:, None], gains, 1.0)) @ self.w
        score[~ok] = -np.inf
        j = int(np.argmax(score))
        current = self.best[c]
        if current is None or score[j] > current[0] + 1e-12:
            self.best[c] = (float(score[j]), int(idx[j]), u[j].copy())


def _assemble(space: OutcomeSpace, acc: _Accumulator, seed: int) -> Analysis:
    zopa = acc.counts.get(0, 0)
    points, idx = acc.front_u, acc.front_idx
    acc.add_feasible_candidates()
    solutions = _solutions(space, points, idx)
    sample_idx, sampled = _sample(space.size, seed)
    sample_u = space.utilities_of(sample_idx)
    sample_feasible = space.violations(sample_idx, sample_u) == 0
    return Analysis(
        **describe_space(space), zopa_size=zopa,
        frontier=_frontier_points(space, points, idx), solutions=solutions,
        convex=_convex(space, points, idx) if len(space.parties) == 2 and len(points) else {},
        diagnosis=_diagnosis(space, acc, solutions["nash"]),
        frontier_u=points, sample_u=sample_u, sample_feasible=sample_feasible, sampled=sampled,
    )


def describe_space(space: OutcomeSpace) -> dict[str, Any]:
    """The fields of an :class:`Analysis` that describe the space itself (shared by both engines)."""
    agenda = space.scenario.agenda(space.agenda) if space.agenda else None
    on = {a.id for a in space.axes}
    return {
        "title": space.scenario.title, "agenda": space.agenda,
        "agenda_name": (agenda.name or agenda.id) if agenda else "Full package",
        "issues": [a.id for a in space.axes],
        "off_table": {i.id: str(i.status_quo) for i in space.scenario.issues if i.id not in on},
        "parties": space.parties, "party_names": {p.id: p.name for p in space.scenario.parties},
        "no_deal": _named(space, space.no_deal), "power": _named(space, space.power),
        "deals_total": space.size,
        "demands": {p: {k: v for k, v in space.scenario.preferences[p].demands.items() if k in on}
                    for p in space.parties},
        "options": {a.id: list(a.labels) for a in space.axes},
    }


def _named(space: OutcomeSpace, values: FloatArray) -> dict[str, float]:
    return {p: float(v) for p, v in zip(space.parties, values, strict=True)}


def _sample(n: int, seed: int) -> tuple[IntArray, bool]:
    if n <= SAMPLE_SIZE:
        return np.arange(n, dtype=np.int64), False
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=SAMPLE_SIZE, replace=False)).astype(np.int64), True


def _frontier_points(space: OutcomeSpace, points: FloatArray, idx: IntArray) -> list[FrontierPoint]:
    out = []
    for group in group_identical(points):
        u = points[group[0]]
        out.append(FrontierPoint(_named(space, u), [space.deal(int(idx[g])) for g in group],
                                 [int(idx[g]) for g in group]))
    out.sort(key=lambda f: [-v for v in f.utilities.values()])
    return out


def _solutions(space: OutcomeSpace, points: FloatArray, idx: IntArray) -> dict[str, Solution]:
    d = space.no_deal
    picks = {
        "nash": sol.nash(points, d, space.power) if len(points) else sol.Pick(None, (), float("nan")),
        "kalai_smorodinsky": sol.kalai_smorodinsky(points, d) if len(points) else sol.Pick(None, (), float("nan")),
        "egalitarian": sol.egalitarian(points, d) if len(points) else sol.Pick(None, (), float("nan")),
        "utilitarian": sol.utilitarian(points) if len(points) else sol.Pick(None, (), float("nan")),
    }
    return {name: _solution(space, name, pick, points, idx) for name, pick in picks.items()}


def _solution(space: OutcomeSpace, name: str, pick: sol.Pick, points: FloatArray, idx: IntArray) -> Solution:
    label = SOLUTION_NAMES[name]
    if pick.index is None:
        return Solution(name, label, None, None, None, None, 0, note="no feasible deal: disagreement")
    u = points[pick.index]
    others = [space.deal(int(idx[t])) for t in pick.ties if t != pick.index][:10]
    return Solution(name, label, int(idx[pick.index]), space.deal(int(idx[pick.index])), _named(space, u),
                    _named(space, u - space.no_deal), len(pick.ties), others,
                    None if np.isnan(pick.value) else float(pick.value), pick.note)


def _convex(space: OutcomeSpace, points: FloatArray, idx: IntArray) -> dict[str, ConvexSolution]:
    return convexified(space, points, lambda row: space.deal(int(idx[row])))


def convexified(space: OutcomeSpace, points: FloatArray,
                deal_of: Callable[[int], dict[str, str]]) -> dict[str, ConvexSolution]:
    """Nash, KS and egalitarian on the convex hull of two parties' frontier ``points``.

    ``deal_of(row)`` names the deal behind a row of ``points`` (each engine keeps deals its own way).
    """
    d = space.no_deal
    found = {"nash": sol.nash_convex(points, d, space.power),
             "kalai_smorodinsky": sol.kalai_smorodinsky_convex(points, d),
             "egalitarian": sol.egalitarian_convex(points, d)}
    out = {}
    for name, lot in found.items():
        if lot is None:
            continue
        mix = [(deal_of(lot.a), lot.p)]
        if not lot.pure:
            mix.append((deal_of(lot.b), 1 - lot.p))
        out[name] = ConvexSolution(name, SOLUTION_NAMES[name], _named(space, np.array(lot.utilities)), mix)
    return out


def _diagnosis(space: OutcomeSpace, acc: _Accumulator, nash: Solution) -> Diagnosis:
    ids = [c.id for c in space.constraints]
    patterns = np.array(list(acc.counts), dtype=np.uint64)
    conflicts, complete = minimal_conflicts(patterns)
    nash_score = _nash_score(acc, nash)
    prices = []
    for c, con in enumerate(space.constraints):
        bit = 1 << c
        broken = sum(n for v, n in acc.counts.items() if v & bit)
        best = acc.best[c]
        dropped = None
        if best is not None and not (con.floor is None and nash.index is not None and best[0] <= nash_score + 1e-9):
            dropped = {"deal": space.deal(best[1]), "utilities": _named(space, best[2])}
        elif nash.index is not None:
            dropped = {"deal": nash.deal, "utilities": nash.utilities}
        binds = (nash.index is not None and con.floor is None and best is not None
                 and best[0] > nash_score + 1e-9 and best[1] != nash.index)
        prices.append(ConstraintReport(con.id, con.party, con.kind, con.text, con.reason, broken,
                                       acc.counts.get(bit, 0), dropped, bool(binds)))
    return Diagnosis([[ids[b] for b in conflict] for conflict in conflicts], complete, prices,
                     _openings(acc, ids) if acc.counts.get(0, 0) == 0 else [])


def _openings(acc: _Accumulator, ids: list[str], most: int = 10) -> list[tuple[list[str], int]]:
    """The smallest sets of constraints whose removal opens some deal (minimal patterns), and how many.

    A set R opens a deal exactly when some deal breaks only constraints in R, so the minimal
    such sets (minimal correction sets) are the minimal violation patterns.
    """
    patterns = minimal_patterns(np.array(list(acc.counts), dtype=np.uint64))
    ranked = sorted((bin(int(p)).count("1"), -_opened(acc, int(p)), int(p)) for p in patterns)
    return [([ids[b] for b in range(64) if p >> b & 1], -n) for _, n, p in ranked[:most]]


def _opened(acc: _Accumulator, pattern: int) -> int:
    """Deals that break only constraints of ``pattern`` (they open when it is dropped)."""
    return sum(n for v, n in acc.counts.items() if v & ~pattern == 0)


def _nash_score(acc: _Accumulator, nash: Solution) -> float:
    if nash.utilities is None:
        return -np.inf
    gains = np.array(list(nash.utilities.values())) - acc.d
    return float(np.log(np.maximum(gains, 1e-300)) @ acc.w)
