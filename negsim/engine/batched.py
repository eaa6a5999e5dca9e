"""K samples × N deals evaluated at once: the deal space is built once, samples are array rows.

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

Which number each sample changes is :mod:`negsim.engine.sample_plan`; the games of a
scenario are evaluated per sample by :func:`negsim.games.batch2x2.game_structures`, and
:func:`negsim.uncertainty.evaluate.evaluate_per_sample` is the one-analysis-per-sample
reference the batched results are tested against.

Example:
    >>> import negsim, numpy as np
    >>> from negsim.engine.sample_plan import make_plan
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> t = evaluate_plan(make_plan(s, "arms_control", ["parties.russia.no_deal"]), np.array([[0.2], [0.9]]))
    >>> t.has_deal.tolist(), int(t.zopa[0]) == negsim.analyze(s, "arms_control").zopa_size
    ([True, False], True)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from negsim.bargaining.conflicts import dense_minimal_conflicts, involved_bits, minimal_conflicts
from negsim.bargaining.solutions import ks_scores, nash_log_product, nash_log_scores, tie_break
from negsim.engine.sample_plan import Params, Plan, sample_params
from negsim.numeric import TOL, BoolArray, FloatArray, IntArray, quantize
from negsim.space import OutcomeSpace

CELLS = 1 << 20
"""Sample × deal cells evaluated at once (about 24 MB of utilities for three parties)."""

DEALS_PER_BLOCK = 1 << 18
"""Largest number of deals in one block of a huge deal space."""

DENSE_BITS = 12
"""Up to this many constraints, conflicts of all samples are found with array transforms."""

CACHE_DEALS = 1 << 22
"""Deal spaces up to this size keep their per-block deal data between sample chunks."""


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


# --- utilities of a block of samples × deals -----------------------------------------
#
# Inside a block, arrays are laid out (party, sample, position): the axis added last is the
# slowest in memory, so every broadcast step runs over long contiguous rows. ``Block.deals``
# maps each position to its deal index (the trailing issues vary slowest in memory).

@dataclass(frozen=True)
class DealRange:
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


def blocks(space: OutcomeSpace, most: int = DEALS_PER_BLOCK) -> list[DealRange]:
    """Contiguous deal ranges whose utilities are built by broadcasting the trailing axes."""
    shape = space.shape
    split = 0
    while split < len(shape) and int(np.prod(shape[split:], dtype=np.int64)) > most:
        split += 1
    inner = int(np.prod(shape[split:], dtype=np.int64)) if shape else 1
    n_prefix = int(np.prod(shape[:split], dtype=np.int64)) if split else 1
    step = max(1, most // inner)
    return [DealRange(p * inner, min(p + step, n_prefix) * inner, split, p, min(p + step, n_prefix))
            for p in range(0, n_prefix, step)]


def block_data(plan: Plan, blk: DealRange) -> BlockData:
    """The block's deals (position p is deal ``start + p``), red-line bits, bonus masks, "alone" candidates."""
    space = plan.space
    deals = np.arange(blk.start, blk.stop, dtype=np.int64)
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


def block_utilities(space: OutcomeSpace, prm: Params, blk: DealRange, data: BlockData) -> FloatArray:
    """Utilities (P, k, positions): t_0 + (t_1 + (… + (t_{n−1} + offset))), as the engine sums, then bonuses.

    The trailing axes are added in place in one buffer, from the last axis: for each axis, option
    by option from the last, ``buffer[.., o·m:(o+1)·m] = t[.., o] + buffer[.., :m]`` (option 0
    last, in place), so each new axis varies slowest and the positions come out in deal order;
    then the leading axes, from the last, are added to the trailing sums (one block per prefix).
    """
    n_lead = blk.p1 - blk.p0
    inner = int(np.prod(space.shape[blk.split:], dtype=np.int64))
    u = np.empty((len(space.parties), prm.offset.shape[0], inner))
    u[:, :, :1] = prm.offset.T[:, :, None]
    m = 1
    for a in range(len(space.axes) - 1, blk.split - 1, -1):
        t = prm.ptables[a]  # (P, k, n_options)
        for o in range(t.shape[2] - 1, -1, -1):
            np.add(t[:, :, o, None], u[:, :, :m], out=u[:, :, o * m:(o + 1) * m])
        m *= t.shape[2]
    if blk.split:
        digits = np.unravel_index(np.arange(blk.p0, blk.p1), space.shape[:blk.split])
        v = u[:, :, None, :]
        for a in range(blk.split - 1, -1, -1):
            v = prm.ptables[a][:, :, digits[a], None] + v
        u = v.reshape(*u.shape[:2], n_lead * inner)  # a new array (at least one leading axis was added)
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
    """Log Nash products (-inf where a party gains nothing or ``ok`` is False) and where every party gains."""
    score, positive = nash_log_scores(u - prm.d.T[:, :, None], prm.w.T[:, :, None], party_axis=0)
    positive &= ok
    return np.where(positive, score, -np.inf), positive


def _ks_scores(prm: Params, u: FloatArray, ok: BoolArray, ideal: FloatArray) -> FloatArray:
    span = (ideal - prm.d.T)[:, :, None]  # (P, k, 1)
    return np.where(ok, ks_scores(u - prm.d.T[:, :, None], span, party_axis=0), -np.inf)


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
    qsum = quantize(u).sum(axis=0)
    pos = np.maximum(tie_break(tied, qsum, deals), 0)
    best_q = qsum[np.arange(len(pos)), pos]
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
    tied = st.any_positive[:, None] & (score >= best - TOL * np.maximum(1.0, np.abs(best)))
    _tie_break(st, "nash", tied & feasible, u, data.deals)  # no strict gain anywhere: no Nash deal
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
        uniq_involved = involved_bits(minimal)
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
    return SampleTable.concat(parts)


def _evaluate_chunk(plan: Plan, x: FloatArray, blks: list[DealRange], cached: list[BlockData] | None) -> SampleTable:
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
    """A red line binds when dropping it alone gives a Nash score above the Nash deal's (none without a Nash deal)."""
    has_nash = st.picks["nash"][1] >= 0
    gains = np.nan_to_num(st.picks["nash"][2] - prm.d, nan=1.0)
    nash_score = nash_log_product(gains, prm.w)
    binds = np.zeros((st.k, st.n_bits), dtype=bool)
    for bit, _, _ in plan.red_bits:
        binds[:, bit] = has_deal & has_nash & (st.relaxed[:, bit] > nash_score + 1e-9)
    return binds


def _empty(plan: Plan, x: FloatArray) -> SampleTable:
    p, c = len(plan.space.parties), plan.n_constraints
    return SampleTable(x, np.zeros(0, bool), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, p)),
                       np.zeros(0, np.int64), np.zeros((0, p)), np.zeros((0, c), bool), np.zeros((0, c), bool),
                       np.zeros((0, c), bool), [])


__all__ = ["CELLS", "DealRange", "SampleTable", "blocks", "evaluate_plan"]
