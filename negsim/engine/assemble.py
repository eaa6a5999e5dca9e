"""From what an engine found to an :class:`~negsim.engine.result.Analysis`: written once for every engine.

An engine (enumeration, merge) walks the deal space its own way and hands over
:class:`Evidence`: the frontier deals (as option digits, in deal-index order, each with how
many deals share its frontier point), the ZOPA count, per constraint how many deals break
it and how many break only it, the best Nash deal with that constraint dropped, the
minimal conflicting sets and the openings. This module turns that into the result with
one rule for each of:

* the four solutions on the frontier (:mod:`negsim.bargaining.solutions`, one tie rule) and,
  for two parties, their convexified answers;
* frontier points (identical utility vectors grouped, with their deal counts);
* the **price** of a constraint: the Nash deal if it alone were dropped, and whether it
  **binds** — a red line binds when dropping it alone gives a deal with a strictly larger Nash
  product (by more than 1e−9 in log terms) that differs from the Nash deal; floors never bind;
* the openings ranked: fewest constraints first, then most deals opened.

Example:
    >>> import negsim
    >>> a = negsim.analyze(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> a.solutions["nash"].deal["pen"], a.diagnosis.binding
    ('trade', [])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negsim.bargaining import solutions as sol
from negsim.bargaining.pareto import group_identical
from negsim.engine.result import (
    SOLUTION_NAMES,
    Analysis,
    ConstraintReport,
    ConvexSolution,
    Count,
    Diagnosis,
    FrontierPoint,
    Solution,
)
from negsim.numeric import BoolArray, FloatArray, IntArray
from negsim.space import OutcomeSpace

BINDS_MARGIN = 1e-9
"""A relaxed Nash deal must beat the Nash deal's log-product by more than this to count as better."""

MOST_OPENINGS = 10
"""Openings (smallest sets of constraints to drop) reported at most."""

MOST_TIED_LISTED = 10
"""Tied deals listed per solution (all are counted)."""


@dataclass(frozen=True)
class Relaxed:
    """The best Nash deal when one constraint is dropped: its log-product score, digits and utilities."""

    score: float
    digits: IntArray
    u: FloatArray


@dataclass
class Evidence:
    """What an engine found about one space (see the module docstring)."""

    space: OutcomeSpace
    method: str
    zopa: Count
    digits: IntArray  # (F, n_axes) frontier deals, in deal-index order
    u: FloatArray  # (F, P) their utilities
    node: IntArray  # (F,) frontier point each row belongs to (rows of a node share one count)
    node_counts: dict[int, int]  # deals behind each node
    broken_by: list[Count]
    opens: list[Count]
    relaxed: list[Relaxed | None]
    conflicts: list[list[int]]
    complete: bool
    openings: list[tuple[int, int]]  # (bit mask of constraints to drop, deals it opens), any order
    sample_u: FloatArray
    sample_feasible: BoolArray
    sampled: bool
    largest_intermediate: int = 0
    indices: list[int] = field(default_factory=list)  # deal index of each row, when the space allows one


def assemble(ev: Evidence) -> Analysis:
    """The :class:`Analysis` of the evidence (see the module docstring for each rule)."""
    space, info = ev.space, ev.space.info
    if not ev.indices and space.size < 2**63:
        ev.indices = space.index_of_digits(ev.digits)
    solutions = _solutions(ev)
    zopa = ev.zopa
    return Analysis(
        title=info.title, agenda=info.agenda, agenda_name=info.agenda_name, issues=[a.id for a in space.axes],
        off_table=info.off_table, parties=space.parties, party_names=info.party_names,
        no_deal=named(space, space.no_deal), power=named(space, space.power), deals_total=space.size,
        zopa_size=zopa.size, frontier=_frontier_points(ev), solutions=solutions,
        convex=_convex(ev) if len(space.parties) == 2 and len(ev.u) else {},
        diagnosis=_diagnosis(ev, solutions["nash"]), demands=info.demands, options=info.options,
        issue_names={a.id: info.issue_names.get(a.id, a.id) for a in space.axes}, units=info.units,
        method=ev.method, zopa_exact=zopa.exact, zopa_estimate=None if zopa.exact else zopa.estimate,
        zopa_interval=None if zopa.exact else zopa.interval, largest_intermediate=ev.largest_intermediate,
        frontier_u=ev.u, sample_u=ev.sample_u, sample_feasible=ev.sample_feasible, sampled=ev.sampled,
    )


def named(space: OutcomeSpace, values: FloatArray) -> dict[str, float]:
    """Values per party, by party id."""
    return {p: float(v) for p, v in zip(space.parties, values, strict=True)}


def _count_rows(ev: Evidence, rows: Sequence[int] | IntArray) -> int:
    """Deals behind the frontier rows ``rows`` (rows of one node count once)."""
    return int(sum(int(ev.node_counts[n]) for n in np.unique(ev.node[np.asarray(rows, dtype=np.int64)])))


def _group_counts(ev: Evidence, groups: list[IntArray]) -> list[int]:
    """:func:`_count_rows` of every group at once (counts stay Python integers: they may pass 2^63)."""
    if not groups:
        return []
    key = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    node = ev.node[np.concatenate(groups)]
    counts = [0] * len(groups)
    for g, n in np.unique(np.stack([key, node], axis=1), axis=0).tolist():  # each node once per group
        counts[g] += int(ev.node_counts[n])
    return counts


def _index(ev: Evidence, row: int) -> int:
    """The deal index of a frontier row; −1 when the space is too large for a 64-bit index."""
    return ev.indices[row] if ev.indices else -1


def _frontier_points(ev: Evidence) -> list[FrontierPoint]:
    out = []
    deals = ev.space.deals_of_digits(ev.digits)
    groups = group_identical(ev.u)
    counts = _group_counts(ev, groups)
    for group, count in zip(groups, counts, strict=True):
        rows = group.tolist()
        out.append(FrontierPoint(named(ev.space, ev.u[rows[0]]), [deals[g] for g in rows],
                                 [ev.indices[g] for g in rows] if ev.indices else [], count=count))
    out.sort(key=lambda f: ([-round(v, 9) for v in f.utilities.values()], f.indices[:1]))  # best first, stable
    return out


def _solutions(ev: Evidence) -> dict[str, Solution]:
    space, points, d = ev.space, ev.u, ev.space.no_deal
    none = sol.Pick(None, (), float("nan"))
    picks = {
        "nash": sol.nash(points, d, space.power) if len(points) else none,
        "kalai_smorodinsky": sol.kalai_smorodinsky(points, d) if len(points) else none,
        "egalitarian": sol.egalitarian(points, d) if len(points) else none,
        "utilitarian": sol.utilitarian(points) if len(points) else none,
    }
    return {name: _solution(ev, name, pick) for name, pick in picks.items()}


def _solution(ev: Evidence, name: str, pick: sol.Pick) -> Solution:
    label = SOLUTION_NAMES[name]
    if pick.index is None:
        return Solution(name, label, None, None, None, None, 0, note=pick.note if len(ev.u) else
                        "no feasible deal: disagreement")
    space, u = ev.space, ev.u[pick.index]
    others = [space.deal_of_digits(ev.digits[t]) for t in pick.ties if t != pick.index][:MOST_TIED_LISTED]
    return Solution(name, label, _index(ev, pick.index), space.deal_of_digits(ev.digits[pick.index]),
                    named(space, u), named(space, u - space.no_deal), _count_rows(ev, list(pick.ties)), others,
                    None if np.isnan(pick.value) else float(pick.value), pick.note,
                    tied_options(space, ev.digits[list(pick.ties)]))


def tied_options(space: OutcomeSpace, rows: IntArray) -> dict[str, list[str]]:
    """For each issue on which the tied deals differ, the options they take (in the issue's order)."""
    out = {}
    for k, axis in enumerate(space.axes):
        taken = np.unique(rows[:, k])
        if len(taken) > 1:
            out[axis.id] = [axis.labels[int(o)] for o in taken]
    return out


def _convex(ev: Evidence) -> dict[str, ConvexSolution]:
    """Nash, KS and egalitarian on the convex hull of two parties' frontier."""
    space, points, d = ev.space, ev.u, ev.space.no_deal
    found = {"nash": sol.nash_convex(points, d, space.power),
             "kalai_smorodinsky": sol.kalai_smorodinsky_convex(points, d),
             "egalitarian": sol.egalitarian_convex(points, d)}
    out = {}
    for name, lot in found.items():
        if lot is None:
            continue
        mix = [(space.deal_of_digits(ev.digits[lot.a]), lot.p)]
        if not lot.pure:
            mix.append((space.deal_of_digits(ev.digits[lot.b]), 1 - lot.p))
        out[name] = ConvexSolution(name, SOLUTION_NAMES[name], named(space, np.array(lot.utilities)), mix)
    return out


def _diagnosis(ev: Evidence, nash: Solution) -> Diagnosis:
    space = ev.space
    ids = [c.id for c in space.constraints]
    prices = [price(ev, c, nash) for c in range(len(space.constraints))]
    openings = rank_openings(ev.openings) if ev.zopa.size == 0 else []
    return Diagnosis([[ids[b] for b in conflict] for conflict in ev.conflicts], ev.complete, prices,
                     [([ids[b] for b in range(64) if mask >> b & 1], n) for mask, n in openings])


def relaxed_no_deal(space: OutcomeSpace, c: int) -> FloatArray:
    """The disagreement point when constraint ``c`` is dropped: a dropped no-deal floor counts from 0."""
    con = space.constraints[c]
    d = np.array(space.no_deal, dtype=float)
    if con.kind == "no_deal":
        d[space.parties.index(con.party)] = 0.0
    return d


def price(ev: Evidence, c: int, nash: Solution) -> ConstraintReport:
    """What constraint ``c`` costs: deals it rules out, deals it alone rules out, the Nash deal without it, binds."""
    space, con = ev.space, ev.space.constraints[c]
    best = ev.relaxed[c]
    nash_score = _nash_score(space, nash)
    better = best is not None and best.score > nash_score + BINDS_MARGIN
    dropped: dict[str, Any] | None = None
    if best is not None and (con.floor is not None or nash.deal is None or better):
        dropped = {"deal": space.deal_of_digits(best.digits), "utilities": named(space, best.u)}
    elif nash.deal is not None:
        dropped = {"deal": nash.deal, "utilities": nash.utilities}
    binds = (nash.deal is not None and con.floor is None and best is not None and better
             and space.deal_of_digits(best.digits) != nash.deal)
    broken, opens = ev.broken_by[c], ev.opens[c]
    return ConstraintReport(con.id, con.party, con.kind, con.text, con.reason, broken.size, opens.size, dropped,
                            bool(binds), counts_exact=broken.exact and opens.exact)


def _nash_score(space: OutcomeSpace, nash: Solution) -> float:
    if nash.utilities is None:
        return -np.inf
    gains = np.array(list(nash.utilities.values())) - space.no_deal
    return float(sol.nash_log_product(gains, sol.normalised_power(space.power, len(space.parties))))


def rank_openings(openings: Sequence[tuple[int, int]], most: int = MOST_OPENINGS) -> list[tuple[int, int]]:
    """Openings by size (fewest constraints first), then deals opened (most first), then the constraints."""
    ranked = sorted((bin(mask).count("1"), -n, mask) for mask, n in openings)
    return [(mask, -n) for _, n, mask in ranked[:most]]


__all__ = ["BINDS_MARGIN", "Evidence", "Relaxed", "assemble", "named", "price", "rank_openings",
           "relaxed_no_deal"]
