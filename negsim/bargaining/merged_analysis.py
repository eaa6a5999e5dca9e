"""The bargaining analysis of deal spaces too large to list, on top of the merged frontier.

The same :class:`~negsim.bargaining.analysis.Analysis` as the enumerating engine, built
from frontiers only (:mod:`negsim.bargaining.merge`):

1. frontier: the merged frontier under every per-issue red line, cut by the utility
   floors (no deal, ``min_utility``) at the end; its deals are recovered from the
   back-pointers and their utilities recomputed with the enumerating engine's arithmetic;
2. the four solutions and the convexified answers: :mod:`negsim.bargaining.solutions`
   on those frontier deals, in deal-index order (so ties break the same way);
3. diagnosis: a set of constraints can be met together exactly when the frontier built
   with its red lines (over the parties it puts floors on) has a point meeting its floors.
   The minimal conflicting sets are enumerated smallest first, as
   :mod:`negsim.bargaining.conflicts` does; every deal met on the way (and every sampled
   deal) records which constraints it breaks, so most candidate sets are settled without
   a merge (a set is satisfiable when some known deal breaks none of it);
4. prices: what dropping each constraint opens (count and best Nash deal), from frontiers;
5. counts (ZOPA, deals breaking a constraint): exact when cheap — no floor binds (a
   product of option counts), or a meet-in-the-middle count (partial sums of two halves
   of the issues, paired) fits :data:`PAIR_BUDGET`; otherwise an estimate from a seeded
   uniform sample with a 95% Wilson interval, flagged ``exact: false`` in ``to_dict()``.

Source: Nash (1950), Kalai & Smorodinsky (1975), Kalai (1977) for the solutions;
Liffiton & Sakallah (2008) for minimal conflicting sets; Horowitz & Sahni (1974),
"Computing partitions with applications to the knapsack problem", JACM 21(2):277–292
(meet in the middle); Wilson (1927), JASA 22(158):209–212 (the interval).

Example:
    >>> import negsim
    >>> space = negsim.build_space(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> a = analyze_merged(space)
    >>> a.method, a.solutions["nash"].deal["pen"], a.zopa_size == negsim.analyze(space.scenario).zopa_size
    ('merge', 'trade', True)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negsim.bargaining import solutions as sol
from negsim.bargaining.analysis import (
    SAMPLE_SIZE,
    SOLUTION_NAMES,
    Analysis,
    ConstraintReport,
    ConvexSolution,
    Diagnosis,
    FrontierPoint,
    Solution,
    _named,
    convexified,
    describe_space,
)
from negsim.bargaining.conflicts import minimal_conflicts, minimal_patterns
from negsim.bargaining.merge import (
    Block,
    MergedFrontier,
    base_utilities,
    digits_index,
    digits_utilities,
    issue_blocks,
    lex_order,
    merge_frontier,
    non_dominated,
    restrict,
)
from negsim.bargaining.pareto import group_identical, quantize
from negsim.space import TOL, OutcomeSpace

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

MAX_LISTED = 1000
"""Deals listed per frontier point (all are counted; ``deals_count`` says how many there are)."""

MAX_ROWS = 200_000
"""Deals listed over all frontier points (fewer per point when the frontier has many points)."""

PAIR_BUDGET = 40_000_000
"""Largest (half-sum × half-sum) pairing an exact meet-in-the-middle count may do."""

HALF_BUDGET = 1 << 20
"""Most partial sums one half of a meet-in-the-middle count may list (one floor: up to ~10^12 deals)."""

MAX_CHECKS = 2_000_000
"""Candidate constraint sets examined at most by the diagnosis (as the enumerating engine); past this it
says it is incomplete."""

WITNESSES = 512
"""Violation patterns of seen deals kept to settle candidate sets without a merge (those breaking fewest)."""

FILTERS = 64
"""Known violation patterns used to filter candidate conflicting sets in bulk (the rest are checked one by one)."""

MAX_MERGES = 2_000
"""Frontier emptiness checks (one merge each) the diagnosis may run; past this it says it is incomplete."""


# --- results ---------------------------------------------------------------------------

@dataclass
class MergedFrontierPoint(FrontierPoint):
    """A frontier point with the exact number of deals behind it (only :data:`MAX_LISTED` are listed)."""

    count: int = 0

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        if self.count > len(self.deals):
            out["deals_count"] = self.count
        return out


@dataclass
class MergedConstraintReport(ConstraintReport):
    """A constraint report whose counts may be estimates (``exact`` False)."""

    exact: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "counts_exact": self.exact}


@dataclass
class MergedAnalysis(Analysis):
    """An :class:`Analysis` from the merged frontier; the ZOPA size may be an estimate."""

    zopa_exact: bool = True
    zopa_estimate: float | None = None
    zopa_interval: tuple[float, float] | None = None
    largest_intermediate: int = 0

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        if not self.zopa_exact:
            out["zopa"].update({"exact": False, "estimate": self.zopa_estimate,
                                "interval": list(self.zopa_interval or ()), "confidence": 0.95,
                                "method": f"uniform sample of {len(self.sample_u):,} deals (seeded)"})
        return out


# --- constraints as masks and floors ---------------------------------------------------

@dataclass
class _Constraints:
    """The space's constraints split into per-issue masks and per-party floors."""

    space: OutcomeSpace
    axis_of: dict[str, int] = field(init=False)
    party_of: dict[str, int] = field(init=False)
    blocks: list[Block] = field(init=False)
    _counts: dict[frozenset[int], int | None] = field(init=False, default_factory=dict)
    failed: set[frozenset[int]] = field(init=False, default_factory=set)  # party sets too costly to count

    def __post_init__(self) -> None:
        self.axis_of = {a.id: k for k, a in enumerate(self.space.axes)}
        self.party_of = {p: k for k, p in enumerate(self.space.parties)}
        self.blocks = issue_blocks(self.space)

    def count(self, subset: list[int]) -> int | None:
        """Exact number of deals meeting the constraints in ``subset`` (None when too costly), memoised."""
        key = frozenset(subset)
        if key not in self._counts:
            self._counts[key] = count_deals(self.space, self.masks(subset), self.floors(subset), self.blocks,
                                            self.failed)
        return self._counts[key]

    def frontier(self, subset: list[int], columns: tuple[int, ...] | None = None,
                 floors: FloatArray | None = None) -> MergedFrontier:
        """The merged frontier under the red lines in ``subset`` (and ``floors`` on ``columns``, if given)."""
        return merge_frontier(self.space, self.masks(subset), columns, blocks=self.blocks, floors=floors)

    @property
    def all(self) -> list[int]:
        return list(range(len(self.space.constraints)))

    def red(self, subset: list[int]) -> list[int]:
        return [c for c in subset if self.space.constraints[c].allowed is not None]

    def masks(self, subset: list[int]) -> dict[int, BoolArray]:
        """Allowed options per axis under the red lines in ``subset``."""
        out: dict[int, BoolArray] = {}
        for c in self.red(subset):
            con = self.space.constraints[c]
            assert con.issue is not None and con.allowed is not None
            a = self.axis_of[con.issue]
            out[a] = out.get(a, np.ones(len(con.allowed), dtype=bool)) & con.allowed
        return out

    def floors(self, subset: list[int]) -> FloatArray:
        """Per-party utility floor under the floors in ``subset`` (−inf where none)."""
        out = np.full(len(self.space.parties), -np.inf)
        for c in subset:
            con = self.space.constraints[c]
            if con.floor is not None:
                j = self.party_of[con.party]
                out[j] = max(out[j], con.floor)
        return out

    def patterns(self, digits: IntArray, u: FloatArray) -> NDArray[np.uint64]:
        """A bit per constraint broken (as :meth:`OutcomeSpace.violations`), from option digits."""
        viol = np.zeros(len(digits), dtype=np.uint64)
        for bit, con in enumerate(self.space.constraints):
            if con.allowed is not None and con.issue is not None:
                broken = ~con.allowed[digits[:, self.axis_of[con.issue]]]
            else:
                broken = u[:, self.party_of[con.party]] < (con.floor or 0.0) - TOL
            viol[broken] |= np.uint64(1 << bit)
        return viol


def _meets(u: FloatArray, floors: FloatArray) -> BoolArray:
    """Rows meeting every floor (the enumerating engine's test: not below floor − TOL)."""
    return np.all(~(u < floors - TOL), axis=1)


# --- deals behind a frontier -----------------------------------------------------------

@dataclass
class _Rows:
    """Deals behind frontier points, in deal-index order, with their recomputed utilities."""

    digits: IntArray
    u: FloatArray
    node: IntArray

    def take(self, keep: IntArray | BoolArray) -> _Rows:
        return _Rows(self.digits[keep], self.u[keep], self.node[keep])


def _rows(space: OutcomeSpace, front: MergedFrontier, nodes: IntArray | None = None) -> _Rows:
    nodes = np.arange(len(front), dtype=np.int64) if nodes is None else nodes
    node, digits = front.deals(nodes, min(MAX_LISTED, max(1, MAX_ROWS // max(1, len(nodes)))))
    order = lex_order(digits)
    return _Rows(digits[order], digits_utilities(space, digits[order]), node[order])


# --- the analysis ----------------------------------------------------------------------

def analyze_merged(space: OutcomeSpace, *, seed: int = 0) -> MergedAnalysis:
    """Analyse ``space`` from merged frontiers (see the module docstring for the steps and sources).

    ``seed`` seeds the sample of deals (plots, and estimates where exact counting is too costly).

    >>> import negsim
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> a = analyze_merged(negsim.build_space(s, "core"))
    >>> a.to_dict()["diagnosis"]["conflicts"] == negsim.analyze(s, "core").to_dict()["diagnosis"]["conflicts"]
    True
    """
    cons = _Constraints(space)
    everything = cons.all
    floors = cons.floors(everything)
    front = cons.frontier(everything)
    rows = _rows(space, front)
    feasible = rows.take(_meets(rows.u, floors))
    top = feasible.take(non_dominated(feasible.u))
    counts = front.counts()
    sample_digits, sampled = _sample_digits(space, seed)
    sample_u = digits_utilities(space, sample_digits)
    sample_pat = cons.patterns(sample_digits, sample_u)
    zopa = _at_least(_count(space, cons, everything, sample_pat == 0, seed),
                     int(sum(counts[n] for n in np.unique(top.node))))  # frontier deals are counted exactly
    solutions = _solutions(space, top, counts)
    return MergedAnalysis(
        **describe_space(space), zopa_size=zopa.size,
        frontier=_frontier_points(space, top, counts), solutions=solutions,
        convex=_convex(space, top) if len(space.parties) == 2 and len(top.u) else {},
        diagnosis=_diagnosis(space, cons, rows, solutions["nash"], sample_pat, zopa, seed),
        method="merge", frontier_u=top.u, sample_u=sample_u, sample_feasible=sample_pat == 0, sampled=sampled,
        zopa_exact=zopa.exact, zopa_estimate=None if zopa.exact else zopa.estimate,
        zopa_interval=None if zopa.exact else zopa.interval, largest_intermediate=front.largest,
    )


def _deal(space: OutcomeSpace, digits: IntArray) -> dict[str, str]:
    return {a.id: a.labels[d] for a, d in zip(space.axes, np.asarray(digits).tolist(), strict=True)}


def _deals(space: OutcomeSpace, digits: IntArray) -> list[dict[str, str]]:
    """Deals of many digit rows (one ``tolist`` for all of them)."""
    ids, labels = [a.id for a in space.axes], [a.labels for a in space.axes]
    return [{i: lab[d] for i, lab, d in zip(ids, labels, row, strict=True)} for row in digits.tolist()]


def _index(space: OutcomeSpace, digits: IntArray) -> int:
    """The deal index when it fits in int64 (the enumerating engine's index), else −1."""
    return digits_index(space, digits[None, :])[0] if space.size < 2**63 else -1


def _frontier_points(space: OutcomeSpace, top: _Rows, counts: NDArray[np.object_]) -> list[FrontierPoint]:
    out: list[FrontierPoint] = []
    deals = _deals(space, top.digits)
    indices = digits_index(space, top.digits) if space.size < 2**63 else []
    for group in group_identical(top.u):
        nodes = np.unique(top.node[group]).tolist()
        out.append(MergedFrontierPoint(_named(space, top.u[group[0]]), [deals[g] for g in group.tolist()],
                                       [indices[g] for g in group.tolist()] if indices else [],
                                       count=int(sum(counts[n] for n in nodes))))
    out.sort(key=lambda f: [-v for v in f.utilities.values()])
    return out


def _solutions(space: OutcomeSpace, top: _Rows, counts: NDArray[np.object_]) -> dict[str, Solution]:
    d, points = space.no_deal, top.u
    none = sol.Pick(None, (), float("nan"))
    picks = {
        "nash": sol.nash(points, d, space.power) if len(points) else none,
        "kalai_smorodinsky": sol.kalai_smorodinsky(points, d) if len(points) else none,
        "egalitarian": sol.egalitarian(points, d) if len(points) else none,
        "utilitarian": sol.utilitarian(points) if len(points) else none,
    }
    return {name: _solution(space, name, pick, top, counts) for name, pick in picks.items()}


def _solution(space: OutcomeSpace, name: str, pick: sol.Pick, top: _Rows,
              counts: NDArray[np.object_]) -> Solution:
    label = SOLUTION_NAMES[name]
    if pick.index is None:
        return Solution(name, label, None, None, None, None, 0, note="no feasible deal: disagreement")
    u = top.u[pick.index]
    others = [_deal(space, top.digits[t]) for t in pick.ties if t != pick.index][:10]
    ties = int(sum(counts[n] for n in np.unique(top.node[list(pick.ties)])))
    return Solution(name, label, _index(space, top.digits[pick.index]), _deal(space, top.digits[pick.index]),
                    _named(space, u), _named(space, u - space.no_deal), ties, others,
                    None if np.isnan(pick.value) else float(pick.value), pick.note)


def _convex(space: OutcomeSpace, top: _Rows) -> dict[str, ConvexSolution]:
    return convexified(space, top.u, lambda row: _deal(space, top.digits[row]))


# --- sampling --------------------------------------------------------------------------

def _sample_digits(space: OutcomeSpace, seed: int) -> tuple[IntArray, bool]:
    """All deals when few; else the enumerating engine's seeded sample (or per-issue draws past int64)."""
    if not space.axes:
        return np.zeros((1, 0), dtype=np.int64), False
    if space.size <= SAMPLE_SIZE:
        return np.indices(space.shape).reshape(len(space.shape), -1).T.astype(np.int64), False
    rng = np.random.default_rng(seed)
    if space.size < 2**63:
        idx = np.sort(rng.choice(space.size, size=SAMPLE_SIZE, replace=False)).astype(np.int64)
        return np.stack(space.digits(idx), axis=0).astype(np.int64).T, True
    shape = np.array(space.shape, dtype=np.int64)
    columns = np.empty((len(shape), SAMPLE_SIZE), dtype=np.int64)  # column-major, as used
    for n in np.unique(shape):  # one draw for all issues with n options
        rows = np.flatnonzero(shape == n)
        columns[rows] = rng.integers(0, n, size=(len(rows), SAMPLE_SIZE))
    return columns.T, True


# --- counting --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Count:
    size: int
    exact: bool
    estimate: float
    interval: tuple[float, float]


def _count(space: OutcomeSpace, cons: _Constraints, subset: list[int], hit: BoolArray, seed: int) -> _Count:
    """Deals meeting the constraints in ``subset``: exact when cheap, else estimated from the sample ``hit``."""
    exact = cons.count(subset)
    if exact is not None:
        return _Count(exact, True, float(exact), (float(exact), float(exact)))
    return _estimate(space.size, int(hit.sum()), len(hit))


def _at_least(count: _Count, known: int) -> _Count:
    """An estimate raised to a known lower bound (exact counts are left alone)."""
    if count.exact or count.size >= known:
        return count
    return _Count(known, False, max(count.estimate, float(known)),
                  (max(count.interval[0], float(known)), max(count.interval[1], float(known))))


def _estimate(total: int, k: int, n: int) -> _Count:
    """Wilson 95% interval for a share ``k/n`` of a sample, scaled to ``total`` deals."""
    z, p = 1.959963984540054, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * float(np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)
    lo, hi = max(0.0, centre - half), min(1.0, centre + half)
    return _Count((2 * k * total + n) // (2 * n), False, p * float(total), (lo * float(total), hi * float(total)))


def count_deals(space: OutcomeSpace, masks: dict[int, BoolArray], floors: FloatArray,
                blocks: list[Block] | None = None, failed: set[frozenset[int]] | None = None) -> int | None:
    """Deals whose options the masks allow and whose utilities meet ``floors``; None when too costly.

    Exact: a product of option counts when no floor binds, else meet in the middle (Horowitz &
    Sahni 1974): the distinct partial sums of two halves of the issues, with multiplicities,
    paired within :data:`PAIR_BUDGET`. ``failed`` remembers the sets of parties whose floors
    were too costly to count, so that later calls give up at once (it is updated).

    >>> import numpy as np, negsim
    >>> space = negsim.build_space(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> count_deals(space, {}, np.array([0.5, 0.5])) == int(np.all(space.utilities() >= 0.5 - 1e-9, axis=1).sum())
    True
    """
    blocks = restrict(issue_blocks(space) if blocks is None else blocks, masks)
    if any(len(b) == 0 for b in blocks):
        return 0
    total = int(np.prod([len(b) for b in blocks], dtype=object)) if blocks else 1
    base = base_utilities(space)
    low = base + sum((b.table.min(axis=0) for b in blocks), np.zeros(len(base)))
    high = base + sum((b.table.max(axis=0) for b in blocks), np.zeros(len(base)))
    if np.any(high < floors - 1.5 * TOL):
        return 0
    cols = [j for j in range(len(base)) if low[j] < floors[j] - 0.5 * TOL]
    if not cols:
        return total
    if total >= 2**53:  # counts are summed in float64 matrix products below: exact up to 2^53
        return None
    if failed is not None and any(f <= set(cols) for f in failed):
        return None
    out = _meet_in_the_middle(blocks, cols, floors[cols] - TOL - base[cols])
    if out is None and failed is not None:
        failed.add(frozenset(cols))
    return out


def _half_sums(blocks: list[Any], cols: list[int]) -> tuple[FloatArray, IntArray] | None:
    """Distinct partial sums over ``cols`` of ``blocks`` with their multiplicities."""
    vals, mult = np.zeros((1, len(cols))), np.ones(1, dtype=np.int64)
    for b in blocks:
        if len(vals) * len(b) > HALF_BUDGET:
            return None
        vals = (vals[:, None, :] + b.table[None, :, cols]).reshape(-1, len(cols))
        mult = np.repeat(mult, len(b))
        first, inv = _group_rows(quantize(vals))
        vals, mult = vals[first], np.bincount(inv, weights=mult).round().astype(np.int64)
    return vals, mult


def _group_rows(q: IntArray) -> tuple[IntArray, IntArray]:
    """First row of each distinct row of ``q`` and each row's group (one sort key when the range allows)."""
    lo, span = q.min(axis=0), q.max(axis=0) - q.min(axis=0) + 1
    if np.prod(span.astype(float)) < 2**62:
        key = np.zeros(len(q), dtype=np.int64)
        for j in range(q.shape[1]):
            key = key * span[j] + (q[:, j] - lo[j])
        _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    else:
        _, first, inv = np.unique(q, axis=0, return_index=True, return_inverse=True)
    return first, np.asarray(inv).reshape(-1)


def _meet_in_the_middle(blocks: list[Any], cols: list[int], need: FloatArray) -> int | None:
    """Pairs (left, right) of half sums with left + right ≥ need, weighted by multiplicities."""
    sizes = np.array([len(b) for b in blocks], dtype=float)
    split = int(np.searchsorted(np.cumsum(np.log(sizes)), np.log(sizes).sum() / 2)) + 1 if blocks else 0
    left, right = _half_sums(blocks[:split], cols), _half_sums(blocks[split:], cols)
    if left is None or right is None or len(left[0]) * len(right[0]) > PAIR_BUDGET:
        return None
    (a, ca), (b, cb) = left, right
    if len(cols) == 1:
        order = np.argsort(b[:, 0])
        bs, suffix = b[order, 0], np.r_[np.cumsum(cb[order][::-1])[::-1], 0]
        return int(ca @ suffix[np.searchsorted(bs, need[0] - a[:, 0], "left")])
    order = np.argsort(-b[:, 0])  # b by its first column, best first: each a needs a prefix of it
    b, cb = b[order], cb[order].astype(np.float64)
    prefix = np.searchsorted(-b[:, 0], -(need[0] - a[:, 0]), "right")
    by_prefix = np.argsort(prefix)
    a, ca, prefix = a[by_prefix], ca[by_prefix], prefix[by_prefix]
    total = 0
    step = max(1, (1 << 22) // max(1, len(b)))
    for s in range(0, len(a), step):
        rows, width = slice(s, s + step), int(prefix[min(s + step, len(a)) - 1])
        ok = np.ones((len(ca[rows]), width), dtype=bool)
        for j in range(1, len(need)):  # column by column: cheaper than a reduction over a small last axis
            ok &= a[rows, j, None] + b[None, :width, j] >= need[j]
        ok &= np.arange(width)[None, :] < prefix[rows, None]
        total += int(ca[rows] @ np.rint(ok.astype(np.float64) @ cb[:width]).astype(np.int64))
    return total


# --- diagnosis -------------------------------------------------------------------------

def _diagnosis(space: OutcomeSpace, cons: _Constraints, rows: _Rows, nash: Solution,
               sample_pat: NDArray[np.uint64], zopa: _Count, seed: int) -> Diagnosis:
    known = _Witnesses(np.concatenate([sample_pat, cons.patterns(rows.digits, rows.u)]))
    bits = [c for c in cons.all if _ever_broken(space, cons, c)]
    conflicts, complete = _conflicts_by_checks(space, cons, known, bits)
    ids = [c.id for c in space.constraints]
    prices: list[ConstraintReport] = [_price(space, cons, c, rows, nash, sample_pat, seed) for c in cons.all]
    openings = [] if zopa.size > 0 else [
        ([ids[b] for b in opening], n)
        for opening, n in _openings(space, cons, known, bits, sample_pat, seed, conflicts if complete else None)]
    return Diagnosis([[ids[b] for b in conflict] for conflict in conflicts], complete, prices, openings)


class _Witnesses:
    """Violation patterns of deals seen so far, kept minimal (a pattern containing another adds nothing)."""

    def __init__(self, patterns: NDArray[np.uint64]) -> None:
        uniq = np.unique(np.asarray(patterns, dtype=np.uint64))
        fewest = uniq[np.argsort(np.bitwise_count(uniq), kind="stable")[:WITNESSES]]  # filters only: a subset is safe
        self.patterns = minimal_patterns(fewest)

    @property
    def filters(self) -> NDArray[np.uint64]:
        """The few patterns with the fewest constraints: the sharpest filters for candidate sets."""
        sizes = np.bitwise_count(self.patterns)
        return self.patterns[np.argsort(sizes, kind="stable")[:FILTERS]]

    def add(self, pattern: int) -> None:
        p = np.uint64(pattern)
        if np.any((self.patterns & p) == self.patterns):
            return  # some known pattern is inside it
        self.patterns = np.append(self.patterns[(self.patterns & p) != p], p)

    @property
    def has_feasible(self) -> bool:
        return bool(np.any(self.patterns == 0))

    def missed_by(self, mask: int) -> bool:
        """Some known deal breaks none of ``mask``: the constraints of ``mask`` can be met together."""
        return bool(np.any((self.patterns & np.uint64(mask)) == 0))

    def inside(self, mask: int) -> bool:
        """Some known deal breaks only constraints of ``mask``: dropping them opens it."""
        return bool(np.any((self.patterns & np.uint64(~mask & (2**64 - 1))) == 0))


def _conflicts_by_checks(space: OutcomeSpace, cons: _Constraints, known: _Witnesses,
                             bits: list[int]) -> tuple[list[list[int]], bool]:
    """Minimal sets of constraints no deal meets together, smallest first, by frontier emptiness checks.

    ``known`` holds violation patterns of deals already seen (each rules out every candidate
    set it does not hit); each check that finds a deal adds its pattern. ``bits``: the
    constraints some deal breaks (no other can be in a conflict). Liffiton & Sakallah (2008).
    """
    if known.has_feasible or _satisfiable(space, cons, cons.all, known):
        return [], True
    found: list[int] = []
    checked = merges = 0
    for size in range(1, len(bits) + 1):
        level: list[int] = []
        for chunk in _candidate_sets(bits, size):
            chunk = chunk[_no_superset(chunk, found) & _hits_all(chunk, known.filters)]
            checked += len(chunk)
            for mask in chunk.tolist():
                if known.missed_by(mask):  # a deal found since the chunk was filtered
                    continue
                merges += 1
                if checked > MAX_CHECKS or merges > MAX_MERGES:
                    return _as_lists(found + sorted(level, key=_lex)), False
                if not _satisfiable(space, cons, _as_lists([mask])[0], known):
                    level.append(mask)
        found += sorted(level, key=_lex)
    return _as_lists(found), True


def _lex(mask: int) -> list[int]:
    """Sort key: the constraints of a set in order (the order :func:`itertools.combinations` lists them)."""
    return _as_lists([mask])[0]


def _candidate_sets(bits: list[int], size: int, chunk: int = 1 << 16) -> Iterator[NDArray[np.uint64]]:
    """All sets of ``size`` constraints from ``bits``, as bit masks, in chunks."""
    out: list[int] = []
    for combo in combinations(bits, size):
        out.append(sum(1 << b for b in combo))
        if len(out) == chunk:
            yield np.array(out, dtype=np.uint64)
            out = []
    if out:
        yield np.array(out, dtype=np.uint64)


def _no_superset(masks: NDArray[np.uint64], found: list[int]) -> BoolArray:
    keep = np.ones(len(masks), dtype=bool)
    for f in found:
        keep &= (masks & np.uint64(f)) != np.uint64(f)
    return keep


def _hits_all(masks: NDArray[np.uint64], patterns: NDArray[np.uint64]) -> BoolArray:
    keep = np.ones(len(masks), dtype=bool)
    for p in patterns:
        keep &= (masks & p) != 0
    return keep


def _openings(space: OutcomeSpace, cons: _Constraints, known: _Witnesses, bits: list[int],
                     sample_pat: NDArray[np.uint64], seed: int, conflicts: list[list[int]] | None = None,
                     most: int = 10) -> list[tuple[list[int], int]]:
    """The smallest sets of constraints whose removal opens some deal, and how many deals each opens.

    These minimal correction sets are the minimal hitting sets of the minimal conflicting
    sets (Reiter 1987; Liffiton & Sakallah 2008), computed from ``conflicts`` when that list
    is complete; otherwise enumerated smallest first by frontier checks (a set R opens a deal
    exactly when the constraints outside R can be met together). Ranked as the enumerating
    engine ranks them: size, then deals opened.
    """
    if conflicts is not None:
        hitting, _ = minimal_conflicts(np.array([sum(1 << b for b in c) for c in conflicts], dtype=np.uint64))
        found = [sum(1 << b for b in h) for h in hitting]
    else:
        found = _openings_by_checks(space, cons, known, bits, most)
    opened = {m: _count(space, cons, [c for c in cons.all if not m >> c & 1],
                        (sample_pat & np.uint64(~m & (2**64 - 1))) == 0, seed).size for m in found}
    ranked = sorted((bin(m).count("1"), -opened[m], m) for m in found)
    return [(_as_lists([m])[0], -n) for _, n, m in ranked[:most]]


def _openings_by_checks(space: OutcomeSpace, cons: _Constraints, known: _Witnesses, bits: list[int],
                        most: int) -> list[int]:
    found: list[int] = []
    merges = 0
    for size in range(1, len(bits) + 1):
        for combo in combinations(bits, size):
            mask = sum(1 << b for b in combo)
            if any((f & mask) == f for f in found):
                continue
            if known.inside(mask):
                found.append(mask)
                continue
            merges += 1
            if merges > MAX_MERGES:
                return found
            if _satisfiable(space, cons, [c for c in cons.all if not mask >> c & 1], known):
                found.append(mask)
        if len(found) >= most:
            break
    return found


def _as_lists(masks: list[int]) -> list[list[int]]:
    return [[b for b in range(64) if m >> b & 1] for m in masks]


def _ever_broken(space: OutcomeSpace, cons: _Constraints, c: int) -> bool:
    """Does some deal break constraint ``c``? (A floor: is the lowest utility possible below it?)"""
    con = space.constraints[c]
    if con.allowed is not None:
        return not bool(con.allowed.all())
    j = cons.party_of[con.party]
    lowest = base_utilities(space)[j] + sum(float(b.table[:, j].min()) for b in cons.blocks)
    return bool(lowest < (con.floor or 0.0) - TOL)


def _satisfiable(space: OutcomeSpace, cons: _Constraints, subset: list[int], known: _Witnesses) -> bool:
    """Does some deal meet every constraint in ``subset``? Adds the witness's pattern to ``known``."""
    floors = cons.floors(subset)
    cols = tuple(int(j) for j in np.flatnonzero(np.isfinite(floors)))
    front = cons.frontier(subset, cols, floors[list(cols)])
    ok = np.flatnonzero(_meets(front.points, floors[list(cols)]))
    if len(ok) == 0:
        return False
    _, digits = front.deals(ok[:1], 1)
    known.add(int(cons.patterns(digits, digits_utilities(space, digits))[0]))
    return True


# --- prices ----------------------------------------------------------------------------

def _price(space: OutcomeSpace, cons: _Constraints, c: int, rows: _Rows, nash: Solution,
           sample_pat: NDArray[np.uint64], seed: int) -> MergedConstraintReport:
    """How many deals break constraint ``c``, how many break only it, and the best Nash deal without it."""
    con = space.constraints[c]
    bit = 1 << c
    others = [o for o in cons.all if o != c]
    broken = _broken_by(space, cons, c, sample_pat, seed)
    opens = _opens(space, cons, c, others, sample_pat, seed)
    d = space.no_deal.copy()
    if con.floor is not None:
        if con.kind == "no_deal":  # a dropped no-deal floor measures that party's gains from 0
            d[cons.party_of[con.party]] = 0.0
        cand = rows.take(_meets(rows.u, cons.floors(others)))
    elif opens.exact and opens.size == 0:
        cand = rows.take(np.zeros(len(rows.u), dtype=bool))  # no deal breaks only this red line
    else:
        relaxed = _rows(space, cons.frontier(others))
        cand = relaxed.take(_meets(relaxed.u, cons.floors(others)) & (cons.patterns(relaxed.digits, relaxed.u)
                                                                     == np.uint64(bit)))
    best = _best_nash(cand, d, space.power)
    nash_score = _nash_score(space, nash)
    dropped = None
    if best is not None and not (con.floor is None and nash.index is not None and best[0] <= nash_score + 1e-9):
        dropped = {"deal": _deal(space, cand.digits[best[1]]), "utilities": _named(space, cand.u[best[1]])}
    elif nash.index is not None:
        dropped = {"deal": nash.deal, "utilities": nash.utilities}
    binds = (nash.index is not None and con.floor is None and best is not None and best[0] > nash_score + 1e-9
             and _deal(space, cand.digits[best[1]]) != nash.deal)
    return MergedConstraintReport(con.id, con.party, con.kind, con.text, con.reason, broken.size, opens.size,
                                  dropped, bool(binds), exact=broken.exact and opens.exact)


def _broken_by(space: OutcomeSpace, cons: _Constraints, c: int, sample_pat: NDArray[np.uint64], seed: int) -> _Count:
    con = space.constraints[c]
    if con.allowed is not None:
        n = space.size // len(con.allowed) * int((~con.allowed).sum())
        return _Count(n, True, float(n), (float(n), float(n)))
    meeting = _count(space, cons, [c], (sample_pat & np.uint64(1 << c)) == 0, seed)
    if meeting.exact:
        n = space.size - meeting.size
        return _Count(n, True, float(n), (float(n), float(n)))
    return _estimate(space.size, int(((sample_pat & np.uint64(1 << c)) != 0).sum()), len(sample_pat))


def _opens(space: OutcomeSpace, cons: _Constraints, c: int, others: list[int], sample_pat: NDArray[np.uint64],
           seed: int) -> _Count:
    """Deals breaking constraint ``c`` and nothing else."""
    con = space.constraints[c]
    only = sample_pat == np.uint64(1 << c)
    if con.allowed is not None and con.issue is not None:
        masks = cons.masks(others)
        a = cons.axis_of[con.issue]
        masks[a] = masks.get(a, np.ones(len(con.allowed), dtype=bool)) & ~con.allowed
        n = count_deals(space, masks, cons.floors(others), cons.blocks, cons.failed)
        return _Count(n, True, float(n), (float(n), float(n))) if n is not None else \
            _estimate(space.size, int(only.sum()), len(only))
    with_c, without = cons.count(cons.all), cons.count(others)
    if with_c is None or without is None:
        return _estimate(space.size, int(only.sum()), len(only))
    return _Count(without - with_c, True, float(without - with_c), (float(without - with_c),) * 2)


def _best_nash(cand: _Rows, d: FloatArray, power: FloatArray) -> tuple[float, int] | None:
    """The enumerating engine's per-constraint best: largest Nash log-product, first deal on ties."""
    gains = cand.u - d
    ok = np.all(gains > TOL, axis=1)
    if not ok.any():
        return None
    w = sol.normalised_power(power, cand.u.shape[1])
    score = np.log(np.where(ok[:, None], gains, 1.0)) @ w
    score[~ok] = -np.inf
    j = int(np.argmax(score))
    return float(score[j]), j


def _nash_score(space: OutcomeSpace, nash: Solution) -> float:
    if nash.utilities is None:
        return -np.inf
    gains = np.array(list(nash.utilities.values())) - space.no_deal
    return float(np.log(np.maximum(gains, 1e-300)) @ sol.normalised_power(space.power, len(space.parties)))


__all__ = ["HALF_BUDGET", "MAX_CHECKS", "MAX_LISTED", "MAX_MERGES", "MAX_ROWS", "PAIR_BUDGET", "MergedAnalysis",
           "MergedConstraintReport",
           "MergedFrontierPoint", "analyze_merged", "count_deals"]
