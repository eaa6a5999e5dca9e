"""K samples of a scenario evaluated at once: the deal space is built once, samples are array rows.

When only utilities change (weights, values, no-deal utilities, bargaining power,
``min_utility`` floors), every sample shares the same deals and the same red-line masks;
only the per-issue tables (K, n_options, P), the off-agenda offset, the floors and the
powers differ. Utilities of K samples × N deals are then built by broadcasting, issue by
issue, in the same order as :meth:`negsim.space.OutcomeSpace.utilities` (so they are equal
to the last bit), one block of samples × deals at a time: memory is bounded by
:data:`CELLS`, not by K × N.

Per sample it finds what :func:`negsim.analyze` finds: whether a deal exists, the size of
the ZOPA, the Nash and Kalai–Smorodinsky deals (same tie rule: largest utility sum on
the comparison grid, then the lowest deal index), the red lines that bind, and for
samples without a deal the minimal conflicting sets of constraints. Those come from the
distinct violation patterns: a set S conflicts when no deal's pattern lies inside the
complement of S (the hitting-set duality of Liffiton & Sakallah 2008), evaluated for every
S at once with a subset-sum (zeta) transform over the pattern bits (Yates 1937; see
Björklund, Husfeldt, Kaski & Koivisto 2007, "Fourier meets Möbius", STOC).

Game payoffs are handled per game: every sample's pure equilibria of each two-player
game, by best responses over all cells at once. Fields that affect neither (patience,
breakdown) are carried along; :func:`evaluate_per_sample` is the one-analysis-per-sample
reference the batched results are tested against.

Example:
    >>> import negsim, numpy as np
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> t = evaluate(s, "arms_control", ["parties.russia.no_deal"], np.array([[0.2], [0.9]]))
    >>> t.has_deal.tolist(), int(t.zopa[0]) == negsim.analyze(s, "arms_control").zopa_size
    ([True, False], True)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negsim.bargaining.analysis import analyze
from negsim.bargaining.conflicts import minimal_conflicts
from negsim.scenario.models import Scenario
from negsim.scenario.paths import FieldRef, resolve_all
from negsim.scenario.values import issue_grid, issue_labels, option_values, raw_weights
from negsim.space import TOL, OutcomeSpace, build_space
from negsim.uncertainty.apply import apply_sample

CELLS = 1 << 20
"""Sample × deal cells evaluated at once (about 24 MB of utilities for three parties)."""

DEALS_PER_BLOCK = 1 << 18
"""Largest number of deals in one block of a huge deal space."""

DENSE_BITS = 12
"""Up to this many constraints, conflicts of all samples are found with array transforms."""

CACHE_DEALS = 1 << 22
"""Deal spaces up to this size keep their per-block deal data between sample chunks."""

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

_MIN_UTILITY_ID = re.compile(r"\.red_lines\[(\d+)\]$")


@dataclass
class SampleTable:
    """Per-sample results (one row per sample); deal indices are -1 when there is no deal."""

    values: FloatArray  # (K, V) the inputs
    has_deal: BoolArray  # (K,)
    zopa: IntArray  # (K,) feasible deals
    nash: IntArray  # (K,)
    nash_u: FloatArray  # (K, P)
    ks: IntArray
    ks_u: FloatArray
    alone: BoolArray  # (K, C) no deal, and dropping this constraint alone opens one
    involved: BoolArray  # (K, C) in some minimal conflicting set
    binds: BoolArray  # (K, C) a red line whose removal gives a better Nash deal
    conflicts: list[tuple[int, ...]]  # per sample: bit masks of the minimal conflicting sets
    games: dict[str, list[str]] = field(default_factory=dict)  # game id → equilibrium structure per sample

    def __len__(self) -> int:
        return len(self.has_deal)

    @staticmethod
    def concat(tables: Sequence[SampleTable]) -> SampleTable:
        """Rows of several tables, in order."""
        first = tables[0]
        games = {g: [x for t in tables for x in t.games[g]] for g in first.games}
        arrays = {name: np.concatenate([getattr(t, name) for t in tables]) for name in
                  ("values", "has_deal", "zopa", "nash", "nash_u", "ks", "ks_u", "alone", "involved", "binds")}
        return SampleTable(**arrays, conflicts=[c for t in tables for c in t.conflicts], games=games)


# --- what stays fixed across samples -------------------------------------------------

@dataclass
class Plan:
    """The deal space and the base numbers every sample starts from."""

    space: OutcomeSpace
    refs: list[FieldRef]
    raw_w: FloatArray  # (P, I) raw weights, issues in scenario order
    values: list[list[FloatArray | None]]  # [party][issue] option values
    red_bits: list[tuple[int, int, BoolArray]]  # (bit, axis, allowed mask)
    floors: list[tuple[int, int, float, int | None]]  # (bit, party, base floor, vary column or None: no_deal)

    @property
    def n_constraints(self) -> int:
        return len(self.space.constraints)


def make_plan(scenario: Scenario, agenda: str | None, paths: Sequence[str]) -> Plan:
    """Build the deal space once and note which sample column changes which number."""
    space = build_space(scenario, agenda)
    refs = resolve_all(scenario, list(paths))
    parties = space.parties
    raw = np.array([[raw_weights(scenario.issues, scenario.preferences[p])[i.id] for i in scenario.issues]
                    for p in parties])
    values = [[option_values(i, scenario.preferences[p]) for i in scenario.issues] for p in parties]
    axis_of = {a.id: k for k, a in enumerate(space.axes)}
    red, floors = [], []
    for bit, c in enumerate(space.constraints):
        if c.allowed is not None and c.issue is not None:
            red.append((bit, axis_of[c.issue], c.allowed))
        else:
            floors.append((bit, parties.index(c.party), float(c.floor or 0.0), _floor_column(c.id, c.kind, refs)))
    return Plan(space, refs, raw, values, red, floors)


def _floor_column(cid: str, kind: str, refs: list[FieldRef]) -> int | None:
    if kind != "min_utility":
        return None
    m = _MIN_UTILITY_ID.search(cid)
    k = int(m.group(1)) if m else -1
    party = cid.split(".red_lines")[0]
    return next((j for j, r in enumerate(refs) if r.kind == "min_utility" and r.party == party and r.index == k), -1)


# --- what each sample changes --------------------------------------------------------

@dataclass
class Params:
    """The numbers of a block of samples: per-axis tables, offset, no-deal point, powers, floors."""

    tables: list[FloatArray]  # per axis (k, n_options, P)
    ptables: list[FloatArray]  # the same, laid out (P, k, n_options)
    offset: FloatArray  # (k, P)
    d: FloatArray  # (k, P)
    w: FloatArray  # (k, P) normalised powers
    floors: FloatArray  # (k, n_floors)


def sample_params(plan: Plan, x: FloatArray) -> Params:
    """Tables, offset, no-deal point, powers and floors of the samples ``x`` (k, V)."""
    s, space = plan.space.scenario, plan.space
    k, n_parties = len(x), len(space.parties)
    raw = np.broadcast_to(plan.raw_w, (k, *plan.raw_w.shape)).copy()
    d = np.broadcast_to(space.no_deal, (k, n_parties)).copy()
    power = np.broadcast_to(space.power, (k, n_parties)).copy()
    issue_pos = {i.id: n for n, i in enumerate(s.issues)}
    for j, ref in enumerate(plan.refs):
        p = space.parties.index(ref.party) if ref.party is not None else -1
        if ref.kind == "weights":
            raw[:, p, issue_pos[str(ref.issue)]] = x[:, j]
        elif ref.kind == "no_deal":
            d[:, p] = x[:, j]
        elif ref.kind == "power":
            power[:, p] = x[:, j]
    tables = _tables(plan, x, raw)
    offset = np.zeros((k, n_parties))
    on = {a.id for a in space.axes}
    for n, issue in enumerate(s.issues):
        if issue.id not in on:
            offset += tables[n][:, issue_labels(issue).index(str(issue.status_quo)), :]
    axis_tables = [tables[issue_pos[a.id]] for a in space.axes]
    w = power / power.sum(axis=1, keepdims=True)
    floors = np.stack([d[:, p] if col is None else (x[:, col] if col >= 0 else np.full(k, base))
                       for _, p, base, col in plan.floors], axis=1) if plan.floors else np.zeros((k, 0))
    ptables = [np.ascontiguousarray(t.transpose(2, 0, 1)) for t in axis_tables]
    return Params(axis_tables, ptables, offset, d, w, floors)


def _tables(plan: Plan, x: FloatArray, raw: FloatArray) -> list[FloatArray]:
    """(k, n_options, P) weight × value per issue, as :func:`negsim.space.build_space` computes them."""
    s = plan.space.scenario
    k, n_parties = len(x), len(plan.space.parties)
    total = raw[:, :, :1].copy()
    for i in range(1, raw.shape[2]):  # left to right, as Python's sum() in normalised_weights
        total = total + raw[:, :, i:i + 1]
    w = np.where(total > 0, raw / np.where(total > 0, total, 1.0), 0.0)
    out = []
    for n, issue in enumerate(s.issues):
        table = np.zeros((k, len(issue_labels(issue)), n_parties))
        for p in range(n_parties):
            v = _values(plan, x, p, n)
            if v is not None:
                table[:, :, p] = np.where(w[:, p, n, None] == 0, 0.0, w[:, p, n, None] * v)
        out.append(table)
    return out


def _values(plan: Plan, x: FloatArray, p: int, n: int) -> FloatArray | None:
    """Party p's option values of issue n for each sample ((k, n_options), or the shared base)."""
    s = plan.space.scenario
    issue, pid = s.issues[n], plan.space.parties[p]
    mine = [(j, r) for j, r in enumerate(plan.refs) if r.kind == "values" and r.party == pid and r.issue == issue.id]
    base = plan.values[p][n]
    if not mine:
        return base
    labels = issue_labels(issue)
    grid = issue_grid(issue)
    if grid is None:
        assert base is not None  # the party gives values for this issue (the path was resolved)
        v = np.broadcast_to(base, (len(x), len(labels))).copy()
        for j, r in mine:
            v[:, labels.index(str(r.option))] = x[:, j]
        return v
    points = s.preferences[pid].values[issue.id]
    xs = np.array([float(key) for key in points])
    order = np.argsort(xs)
    ys = np.broadcast_to(np.array(list(points.values()), dtype=float), (len(x), len(points))).copy()
    keys = list(points)
    for j, r in mine:
        ys[:, keys.index(str(r.option))] = x[:, j]
    return np.stack([np.interp(grid, xs[order], row[order]) for row in ys])  # rare: numeric points varied


# --- utilities of a block of samples × deals -----------------------------------------
#
# Inside a block, arrays are laid out (party, sample, position): the axis added last is the
# slowest in memory, so every broadcast step runs over long contiguous rows. ``Block.deals``
# maps each position to its deal index (the trailing issues vary slowest in memory).

@dataclass(frozen=True)
class Block:
    """Deals ``start..stop-1``: prefixes ``p0..p1-1`` of the leading axes times every inner combination."""

    start: int
    stop: int
    split: int  # axes before this index are enumerated, the rest broadcast
    p0: int
    p1: int


@dataclass
class BlockData:
    """What a block's deals are, independent of the samples: indices, red-line bits, bonus hits."""

    deals: IntArray  # deal index at each position
    static: IntArray  # red-line bits broken at each position
    bonus_hits: list[tuple[int, BoolArray, float]]
    alone_cols: list[IntArray]  # per constraint: positions that could break it alone


def blocks(space: OutcomeSpace, most: int = DEALS_PER_BLOCK) -> list[Block]:
    """Contiguous deal ranges whose utilities are built by broadcasting the trailing axes."""
    shape = space.shape
    split = 0
    while split < len(shape) and int(np.prod(shape[split:], dtype=np.int64)) > most:
        split += 1
    inner = int(np.prod(shape[split:], dtype=np.int64)) if shape else 1
    n_prefix = int(np.prod(shape[:split], dtype=np.int64)) if split else 1
    step = max(1, most // inner)
    return [Block(p * inner, min(p + step, n_prefix) * inner, split, p, min(p + step, n_prefix))
            for p in range(0, n_prefix, step)]


def block_data(plan: Plan, blk: Block) -> BlockData:
    """Deal indices in memory order, red-line bits, bonus masks, and candidates for "blocks alone"."""
    space = plan.space
    n_pre = blk.p1 - blk.p0
    natural = blk.start + np.arange(blk.stop - blk.start, dtype=np.int64).reshape(n_pre, *space.shape[blk.split:])
    deals = natural.transpose(*reversed(range(natural.ndim))).ravel()
    digits = space.digits(deals)
    static = np.zeros(len(deals), dtype=np.int64)
    for bit, axis, allowed in plan.red_bits:
        static[~allowed[digits[axis]]] |= 1 << bit
    hits = []
    for bonus in space.bonuses:
        hit = np.ones(len(deals), dtype=bool)
        for a, o in bonus.terms:
            hit &= digits[a] == o
        hits.append((bonus.party, hit, bonus.add))
    alone = [np.flatnonzero((static == 0) | (static == (1 << c))) for c in range(plan.n_constraints)]
    return BlockData(deals, static, hits, alone)


def block_utilities(space: OutcomeSpace, prm: Params, blk: Block, data: BlockData) -> FloatArray:
    """Utilities (P, k, positions): offset + Σ axis tables in axis order (as the engine sums), then bonuses."""
    u = prm.offset.T[:, :, None]
    if blk.split:
        digits = np.unravel_index(np.arange(blk.p0, blk.p1), space.shape[:blk.split])
        u = np.broadcast_to(u, (*u.shape[:2], blk.p1 - blk.p0)).copy()
        for a in range(blk.split):
            u += prm.ptables[a][:, :, digits[a]]
    for a in range(blk.split, len(space.axes)):
        t = prm.ptables[a]  # (P, k, n_options); t + u == u + t exactly, so the sum order is kept
        u = (t[:, :, :, None] + u[:, :, None, :]).reshape(u.shape[0], u.shape[1], -1)
    u = np.ascontiguousarray(u)
    for party, hit, add in data.bonus_hits:
        u[party][:, hit] += add
    return u


def patterns(plan: Plan, prm: Params, u: FloatArray, static: IntArray) -> IntArray:
    """(k, positions) bit pattern of the constraints each deal breaks in each sample."""
    pat = np.broadcast_to(static, u.shape[1:]).copy()
    for col, (bit, p, _, _) in enumerate(plan.floors):
        np.bitwise_or(pat, 1 << bit, out=pat, where=u[p] < prm.floors[:, col, None] - TOL)
    return pat


# --- the three passes over the deals ---------------------------------------------------

@dataclass
class _State:
    """Running results for a block of samples."""

    k: int
    n_parties: int
    n_bits: int
    zopa: IntArray = field(init=False)
    ideal: FloatArray = field(init=False)
    nash_best: FloatArray = field(init=False)
    any_positive: BoolArray = field(init=False)
    ks_best: FloatArray = field(init=False)
    alone: BoolArray = field(init=False)
    presence: BoolArray | None = field(init=False)
    seen: list[set[int]] = field(init=False)
    picks: dict[str, tuple[IntArray, IntArray, FloatArray]] = field(init=False)
    relaxed: FloatArray = field(init=False)

    def __post_init__(self) -> None:
        k, p, c = self.k, self.n_parties, self.n_bits
        self.zopa = np.zeros(k, dtype=np.int64)
        self.ideal = np.full((p, k), -np.inf)
        self.nash_best = np.full(k, -np.inf)
        self.any_positive = np.zeros(k, dtype=bool)
        self.ks_best = np.full(k, -np.inf)
        self.alone = np.zeros((k, c), dtype=bool)
        self.presence = np.zeros((k, 1 << c), dtype=bool) if c <= DENSE_BITS else None
        self.seen = [set() for _ in range(k)] if c > DENSE_BITS else []
        self.picks = {name: (np.full(k, np.iinfo(np.int64).min), np.full(k, -1, dtype=np.int64),
                             np.full((k, p), np.nan)) for name in ("nash", "ks")}
        self.relaxed = np.full((k, c), -np.inf)


def _nash_scores(prm: Params, u: FloatArray, ok: BoolArray) -> tuple[FloatArray, BoolArray]:
    """Log Nash products (-inf where a party gains nothing) and which deals give every party a strict gain."""
    gains = u - prm.d.T[:, :, None]
    positive = ok & np.all(gains > TOL, axis=0)
    logs = np.log(np.where(positive[None], gains, 1.0))
    score = prm.w[:, 0, None] * logs[0]
    for p in range(1, len(logs)):
        score += prm.w[:, p, None] * logs[p]
    return np.where(positive, score, -np.inf), positive


def _ks_scores(prm: Params, u: FloatArray, ok: BoolArray, ideal: FloatArray) -> FloatArray:
    span = ideal - prm.d.T  # (P, k)
    good = span > TOL
    share = np.where(good[:, :, None], (u - prm.d.T[:, :, None]) / np.where(good, span, 1.0)[:, :, None], 1.0)
    return np.where(ok, share.min(axis=0), -np.inf)


def _pass_counts(st: _State, plan: Plan, prm: Params, u: FloatArray, pat: IntArray, data: BlockData) -> None:
    """Pass 1: ZOPA, pattern presence, each party's best feasible utility, the best Nash score."""
    feasible = pat == 0
    st.zopa += feasible.sum(axis=1)
    for c in range(st.n_bits):
        cols = data.alone_cols[c]
        if len(cols):
            st.alone[:, c] |= (pat[:, cols] == (1 << c)).any(axis=1)
    if st.presence is not None:
        keys = pat + (np.arange(st.k, dtype=np.int64) << st.n_bits)[:, None]
        st.presence |= np.bincount(keys.ravel(), minlength=st.k << st.n_bits).reshape(st.k, -1) > 0
    else:
        for i in range(st.k):
            st.seen[i].update(np.unique(pat[i]).tolist())
    if not feasible.any():
        return
    st.ideal = np.maximum(st.ideal, np.where(feasible[None], u, -np.inf).max(axis=2))
    score, positive = _nash_scores(prm, u, feasible)
    st.nash_best = np.maximum(st.nash_best, score.max(axis=1))
    st.any_positive |= positive.any(axis=1)


def _tie_break(st: _State, name: str, tied: BoolArray, u: FloatArray, deals: IntArray) -> None:
    """Among tied deals: the largest utility sum on the comparison grid, then the lowest deal index."""
    qsum = np.rint(u / TOL).astype(np.int64).sum(axis=0)
    key = np.where(tied, qsum, np.iinfo(np.int64).min)
    best_q = key.max(axis=1)
    pos = np.argmin(np.where(key == best_q[:, None], deals[None, :], np.iinfo(np.int64).max), axis=1)
    old_q, old_idx, old_u = st.picks[name]
    found = deals[pos]
    better = tied.any(axis=1) & ((best_q > old_q) | ((best_q == old_q) & (found < old_idx)))
    rows = np.flatnonzero(better)
    old_q[rows] = best_q[rows]
    old_idx[rows] = found[rows]
    old_u[rows] = u[:, rows, pos[rows]].T


def _pass_picks(st: _State, prm: Params, u: FloatArray, pat: IntArray, data: BlockData) -> None:
    """Pass 2: the Nash deal (tie-broken) and the best Kalai–Smorodinsky score."""
    feasible = pat == 0
    if not feasible.any():
        return
    score, _ = _nash_scores(prm, u, feasible)
    best = st.nash_best[:, None]
    tied = np.where(st.any_positive[:, None], score >= best - TOL * np.maximum(1.0, np.abs(best)), feasible)
    _tie_break(st, "nash", tied & feasible, u, data.deals)
    st.ks_best = np.maximum(st.ks_best, _ks_scores(prm, u, feasible, st.ideal).max(axis=1))


def _pass_ks(st: _State, plan: Plan, prm: Params, u: FloatArray, pat: IntArray, data: BlockData) -> None:
    """Pass 3: the KS deal (tie-broken) and, per red line, the best Nash score if it alone were dropped."""
    feasible = pat == 0
    if feasible.any():
        best = st.ks_best[:, None]
        tied = _ks_scores(prm, u, feasible, st.ideal) >= best - TOL * np.maximum(1.0, np.abs(best))
        _tie_break(st, "ks", tied & feasible, u, data.deals)
    for bit, _, _ in plan.red_bits:
        cols = np.flatnonzero(data.static == (1 << bit))
        only = pat[:, cols] == (1 << bit)
        if only.any():
            score, _ = _nash_scores(prm, u[:, :, cols], only)
            st.relaxed[:, bit] = np.maximum(st.relaxed[:, bit], score.max(axis=1))


# --- conflicts -----------------------------------------------------------------------

def dense_minimal_conflicts(presence: BoolArray) -> BoolArray:
    """(k, 2^C) → which constraint sets are minimal conflicting sets, for every sample at once.

    ``presence[k, m]``: some deal breaks exactly the constraints in bit mask m. A set S
    conflicts when no present pattern lies inside its complement (subset-sum transform).

    >>> pres = np.zeros((1, 8), dtype=bool); pres[0, [0b001, 0b010, 0b110]] = True
    >>> np.flatnonzero(dense_minimal_conflicts(pres)[0]).tolist()   # {0, 1} = 0b011
    [3]
    """
    k, size = presence.shape
    n_bits = size.bit_length() - 1
    z = presence.copy()
    for b in range(n_bits):
        view = z.reshape(k, -1, 2, 1 << b)
        view[:, :, 1, :] |= view[:, :, 0, :]
    masks = np.arange(size)
    conflicting = ~z[:, (size - 1) ^ masks]
    minimal = conflicting.copy()
    for b in range(n_bits):
        has = (masks >> b) & 1 == 1
        minimal[:, has] &= ~conflicting[:, masks[has] ^ (1 << b)]
    return minimal


def _conflicts(st: _State, has_deal: BoolArray) -> tuple[list[tuple[int, ...]], BoolArray]:
    """Per sample: the minimal conflicting sets (bit masks) and which constraints are in one."""
    involved = np.zeros((st.k, st.n_bits), dtype=bool)
    out: list[tuple[int, ...]] = [()] * st.k
    if st.presence is not None:
        rows = np.flatnonzero(~has_deal)
        if len(rows) == 0:
            return out, involved
        size = st.presence.shape[1]
        uniq, inverse = np.unique(np.packbits(st.presence[rows], axis=1), axis=0, return_inverse=True)
        minimal = dense_minimal_conflicts(np.unpackbits(uniq, axis=1, count=size).astype(bool))
        bits = (np.arange(size)[:, None] >> np.arange(st.n_bits)) & 1
        uniq_involved = (minimal.astype(np.int64) @ bits) > 0
        decoded = [tuple(np.flatnonzero(row).tolist()) for row in minimal]
        inverse = np.asarray(inverse).ravel()
        involved[rows] = uniq_involved[inverse]
        for r, i in zip(rows.tolist(), inverse.tolist(), strict=True):
            out[r] = decoded[i]
        return out, involved
    for i in np.flatnonzero(~has_deal).tolist():
        sets, _ = minimal_conflicts(np.array(sorted(st.seen[i]), dtype=np.uint64))
        out[i] = tuple(sorted(sum(1 << b for b in s) for s in sets))
        for s in sets:
            involved[i, s] = True
    return out, involved


# --- the driver ----------------------------------------------------------------------

def sample_chunks(plan: Plan, k: int) -> Iterator[tuple[int, int]]:
    """Sample ranges sized so that samples × deals per block stays within :data:`CELLS`."""
    per = max(1, CELLS // max(1, min(plan.space.size, DEALS_PER_BLOCK)))
    for start in range(0, k, per):
        yield start, min(start + per, k)


def evaluate_plan(plan: Plan, x: FloatArray) -> SampleTable:
    """Per-sample results for the input rows ``x`` (k, V) on a prepared plan."""
    blks = blocks(plan.space, DEALS_PER_BLOCK)
    cached = [block_data(plan, b) for b in blks] if plan.space.size <= CACHE_DEALS else None
    parts = [_evaluate_chunk(plan, x[a:b], blks, cached) for a, b in sample_chunks(plan, len(x))]
    if not parts:
        return _empty(plan, x)
    table = SampleTable.concat(parts)
    table.games = game_structures(plan.space.scenario, plan.refs, x)
    return table


def evaluate(scenario: Scenario, agenda: str | None, paths: Sequence[str], x: FloatArray) -> SampleTable:
    """Per-sample results of ``scenario`` (one agenda or the full package) with ``paths`` set to rows of ``x``."""
    return evaluate_plan(make_plan(scenario, agenda, paths), np.asarray(x, dtype=float).reshape(len(x), len(paths)))


def _evaluate_chunk(plan: Plan, x: FloatArray, blks: list[Block], cached: list[BlockData] | None) -> SampleTable:
    space = plan.space
    prm = sample_params(plan, x)
    st = _State(len(x), len(space.parties), plan.n_constraints)
    memo: dict[int, tuple[FloatArray, IntArray, BlockData]] = {}

    def block(i: int) -> tuple[FloatArray, IntArray, BlockData]:
        if i in memo:
            return memo[i]
        data = cached[i] if cached is not None else block_data(plan, blks[i])
        u = block_utilities(space, prm, blks[i], data)
        out = u, patterns(plan, prm, u, data.static), data
        if len(blks) == 1:
            memo[i] = out
        return out

    for i in range(len(blks)):
        _pass_counts(st, plan, prm, *block(i))
    has_deal = st.zopa > 0
    st.nash_best = np.where(has_deal & ~st.any_positive, 0.0, st.nash_best)
    if has_deal.any():
        for i in range(len(blks)):
            _pass_picks(st, prm, *block(i))
        for i in range(len(blks)):
            _pass_ks(st, plan, prm, *block(i))
    conflicts, involved = _conflicts(st, has_deal)
    return SampleTable(values=x, has_deal=has_deal, zopa=st.zopa, nash=st.picks["nash"][1], nash_u=st.picks["nash"][2],
                       ks=st.picks["ks"][1], ks_u=st.picks["ks"][2], alone=st.alone & ~has_deal[:, None],
                       involved=involved, binds=_binds(st, plan, prm, has_deal), conflicts=conflicts)


def _binds(st: _State, plan: Plan, prm: Params, has_deal: BoolArray) -> BoolArray:
    """A red line binds when dropping it alone gives a Nash score above the Nash deal's."""
    gains = st.picks["nash"][2] - prm.d
    with np.errstate(invalid="ignore"):
        nash_score = np.einsum("kp,kp->k", np.log(np.maximum(np.nan_to_num(gains, nan=1.0), 1e-300)), prm.w)
    binds = np.zeros((st.k, st.n_bits), dtype=bool)
    for bit, _, _ in plan.red_bits:
        binds[:, bit] = has_deal & (st.relaxed[:, bit] > nash_score + 1e-9)
    return binds


def _empty(plan: Plan, x: FloatArray) -> SampleTable:
    p, c = len(plan.space.parties), plan.n_constraints
    return SampleTable(x, np.zeros(0, bool), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, p)),
                       np.zeros(0, np.int64), np.zeros((0, p)), np.zeros((0, c), bool), np.zeros((0, c), bool),
                       np.zeros((0, c), bool), [], {g.id: [] for g in plan.space.scenario.games})


# --- games ---------------------------------------------------------------------------

def game_structures(scenario: Scenario, refs: Sequence[FieldRef], x: FloatArray) -> dict[str, list[str]]:
    """Each game's equilibrium structure per sample, as text (``"negotiate/stonewall; escalate/engage; mixed"``).

    2×2 games use the batched solver :func:`negsim.games.batch2x2.solve_2x2` (pure and
    mixed extreme equilibria, ties included); larger games list their pure equilibria,
    the cells where each payoff is a best response to the other's strategy (Nash 1951).

    >>> import negsim
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> game_structures(s, [], np.zeros((1, 0)))["crisis"]
    ['negotiate/stonewall; escalate/engage; mixed']
    """
    out = {}
    for game in scenario.games:
        rows, cols = game.strategies[game.players[0]], game.strategies[game.players[1]]
        a, b = _payoff_arrays(game.payoffs, rows, cols, len(x))
        for j, ref in enumerate(refs):
            if ref.kind == "payoffs" and ref.game == game.id:
                _set_cell(a, b, ref.cell, rows, cols, x[:, j])
        flat, mixed = _equilibria(a, b)
        names = [f"{r}/{c}" for r in rows for c in cols]
        uniq, inverse = np.unique(np.concatenate([flat, mixed[:, None]], axis=1), axis=0, return_inverse=True)
        labels = ["; ".join([n for n, on in zip(names, row[:-1], strict=True) if on] + (["mixed"] if row[-1] else []))
                  or "none" for row in uniq]
        out[game.id] = [labels[i] for i in np.asarray(inverse).ravel()]
    return out


def _equilibria(a: FloatArray, b: FloatArray) -> tuple[BoolArray, BoolArray]:
    """(k, cells) pure equilibria and (k,) whether a mixed extreme equilibrium exists."""
    k = len(a)
    if a.shape[1:] == (2, 2):
        from negsim.games.batch2x2 import solve_2x2

        eq = solve_2x2(a, b).is_equilibrium
        return eq[:, :2, :2].reshape(k, -1), np.asarray(eq[:, 2, :].any(axis=1) | eq[:, :, 2].any(axis=1))
    pure = (a >= a.max(axis=1, keepdims=True) - 1e-12) & (b >= b.max(axis=2, keepdims=True) - 1e-12)
    return pure.reshape(k, -1), np.zeros(k, dtype=bool)


def _payoff_arrays(payoffs: dict[str, Any], rows: list[str], cols: list[str],
                   k: int) -> tuple[FloatArray, FloatArray]:
    if set(payoffs) <= {"row", "column"}:
        a = np.array(payoffs["row"], dtype=float)
        b = np.array(payoffs["column"], dtype=float)
    else:
        cells = np.array([[payoffs[r][c] for c in cols] for r in rows], dtype=np.float64)
        a, b = cells[:, :, 0], cells[:, :, 1]
    return np.broadcast_to(a, (k, *a.shape)).copy(), np.broadcast_to(b, (k, *b.shape)).copy()


def _set_cell(a: FloatArray, b: FloatArray, cell: tuple[object, ...], rows: list[str], cols: list[str],
              v: FloatArray) -> None:
    first, second, k = cell
    if first in ("row", "column") and isinstance(second, int):
        (a if first == "row" else b)[:, second, int(k)] = v  # type: ignore[call-overload]
    else:
        (a if k == 0 else b)[:, rows.index(str(first)), cols.index(str(second))] = v


# --- the reference: one full analysis per sample ---------------------------------------

def evaluate_per_sample(scenario: Scenario, agenda: str | None, paths: Sequence[str], x: FloatArray) -> SampleTable:
    """The same table built the slow way: :func:`apply_sample` then :func:`negsim.analyze` per row."""
    refs = resolve_all(scenario, list(paths))
    space = build_space(scenario, agenda)
    ids = [c.id for c in space.constraints]
    rows = [_row(analyze(apply_sample(scenario, refs, xi), agenda), ids) for xi in x]
    p, c = len(space.parties), len(ids)
    if not rows:
        return _empty(make_plan(scenario, agenda, paths), x)

    def col(i: int, shape: tuple[int, ...], dtype: type) -> Any:
        return np.array([r[i] for r in rows], dtype=dtype).reshape(len(rows), *shape)

    return SampleTable(x, col(0, (), bool), col(1, (), np.int64), col(2, (), np.int64), col(3, (p,), float),
                       col(4, (), np.int64), col(5, (p,), float), col(6, (c,), bool), col(7, (c,), bool),
                       col(8, (c,), bool), [r[9] for r in rows],  # type: ignore[misc]
                       game_structures(scenario, refs, x))


def _row(a: object, ids: list[str]) -> tuple[object, ...]:
    from negsim.bargaining.analysis import Analysis

    assert isinstance(a, Analysis)
    nan = [float("nan")] * len(a.parties)
    nash, ks = a.solutions["nash"], a.solutions["kalai_smorodinsky"]
    by_id = {p.id: p for p in a.diagnosis.prices}
    alone = [not a.has_deal and by_id[i].opens > 0 for i in ids]
    involved = [any(i in conflict for conflict in a.diagnosis.conflicts) for i in ids]
    binds = [by_id[i].binds for i in ids]
    masks = tuple(sorted(sum(1 << ids.index(i) for i in conflict) for conflict in a.diagnosis.conflicts))
    return (a.has_deal, a.zopa_size, -1 if nash.index is None else nash.index,
            list(nash.utilities.values()) if nash.utilities else nan,
            -1 if ks.index is None else ks.index, list(ks.utilities.values()) if ks.utilities else nan,
            alone, involved, binds, masks)


__all__ = ["CELLS", "Plan", "SampleTable", "blocks", "dense_minimal_conflicts", "evaluate", "evaluate_per_sample",
           "evaluate_plan", "game_structures", "make_plan"]
