"""The exact Pareto frontier of an additive deal space, without listing the deals.

Utilities are additive across issues, so the utility vectors of all deals are the
Minkowski sum of one point set per issue (a ``bonuses`` entry couples the issues it
names: each coupled group is merged into one combined issue first). The Pareto frontier
of a Minkowski sum lies inside the sum of the operands' frontiers, so the issues are
merged one at a time and only the non-dominated partial sums are kept after each merge:

1. red lines of the ``never`` / ``only`` / ``at_least`` / ``at_most`` kind are per issue:
   they remove options before merging (option masks);
2. each issue (or combined issue) keeps its non-dominated options only;
3. merge: every kept partial sum plus every option, drop the dominated sums, group the
   identical ones (ties are never dropped: a group keeps every back-pointer
   ``(previous partial sum, option)`` that reaches it);
4. utility floors (no-deal utilities, ``min_utility``) are applied by the caller at the
   end: a deal that dominates a deal meeting the floors meets them too, so the frontier of
   the deals meeting the floors is the part of this frontier that meets them.

Deals are recovered by following the back-pointers; the number of deals behind each
point is counted exactly (Python integers) by the same pointers. Memory is bounded by the
frontier sizes, not the deal count; past :data:`MAX_FRONTIER` distinct partial sums a
:class:`FrontierTooLarge` (a :class:`~negsim.errors.NegsimError`) says so instead of running out of
memory or time.

Source: the Minkowski-sum decomposition of additive multi-objective problems —
Klamroth & Wiecek (2000), "Dynamic programming approaches to the multiple criteria
knapsack problem", Naval Research Logistics 47(1):57–76; Bazgan, Hugot & Vanderpooten
(2009), "Solving efficiently the 0–1 multi-objective knapsack problem", Computers &
Operations Research 36(1):260–279 (dominance pruning of partial solutions).

Example:
    >>> import negsim
    >>> space = negsim.build_space(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> front = merge_frontier(space)
    >>> len(front), int(front.counts().sum()) >= len(front)
    (11, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from negsim import plan
from negsim.bargaining.pareto import non_dominated
from negsim.errors import NegsimError
from negsim.numeric import TOL, BoolArray, FloatArray, IntArray, quantize
from negsim.space import OutcomeSpace

MAX_FRONTIER = 500_000
"""Most distinct partial sums kept after one merge step (at the default memory budget; scales with
``--budget-memory``, :func:`negsim.plan.scale_limit`)."""

MAX_CANDIDATES = 5_000_000
"""Most (partial sum, option) pairs formed in one merge step (about 0.5 GB of temporaries for three
parties) at the default memory budget; scales with ``--budget-memory``."""

MAX_WORK = 3e8
"""Most pruning work one merge step may take, counted as N·log2(N)^(P−2) for N candidate sums of P parties
(the divide-and-conquer sweep): a few seconds at the default time budget; scales with ``--budget-seconds``.
Matters for four parties or more."""

MAX_COMBINED = 1_000_000
"""Most option combinations of one bonus-coupled group of issues."""

class FrontierTooLarge(NegsimError):
    """An intermediate frontier passed a documented limit (the message names it and what to do)."""


@dataclass(frozen=True)
class IssueBlock:
    """One merge operand: an issue, or a group of issues coupled by bonuses, as rows of options.

    ``digits[r]`` is the option index on each axis of ``axes`` for row ``r``; ``table[r]`` is
    the utility (all parties) those options add, bonuses inside the group included.
    """

    axes: tuple[int, ...]
    digits: IntArray  # (K, len(axes))
    table: FloatArray  # (K, P)

    def __len__(self) -> int:
        return len(self.table)


@dataclass(frozen=True)
class MergeStep:
    """One merge: the back-pointers of every kept partial sum (``child``) to ``(parent, option)``."""

    block: IssueBlock
    parent: IntArray
    option: IntArray
    child: IntArray
    size: int  # distinct partial sums after this step


@dataclass
class MergedFrontier:
    """The Pareto frontier of a (masked) deal space as distinct utility vectors with back-pointers.

    ``points`` (F, len(columns)) are the distinct non-dominated utility vectors (over the
    parties in ``columns``); every deal reaching one of them is recovered by :meth:`deals`.
    """

    space: OutcomeSpace
    columns: tuple[int, ...]
    steps: list[MergeStep]
    points: FloatArray
    largest: int = 0  # largest intermediate frontier met
    _counts: NDArray[np.object_] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.points)

    def counts(self) -> NDArray[np.object_]:
        """How many deals have each frontier point's utilities (exact Python integers)."""
        if self._counts is None:
            self._counts = _path_counts(self.steps, len(self.points))
        return self._counts

    def deals(self, nodes: IntArray, limit: int) -> tuple[IntArray, IntArray]:
        """Deals behind ``nodes``: ``(node of each row, option digits (R, n_axes))``, at most ``limit`` per node."""
        return _expand(self.steps, len(self.space.axes), np.asarray(nodes, dtype=np.int64), limit)


def base_utilities(space: OutcomeSpace) -> FloatArray:
    """What every deal gets whatever its options: the off-table offset and bonuses without terms.

    >>> import negsim
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> base_utilities(negsim.build_space(s)).tolist()
    [0.0, 0.0, 0.0]
    """
    base = np.array(space.offset, dtype=float)
    for b in space.bonuses:
        if not b.terms:
            base[b.party] += b.add
    return base


def issue_blocks(space: OutcomeSpace) -> list[IssueBlock]:
    """The merge operands: single issues, and bonus-coupled groups combined into one block each.

    >>> import negsim
    >>> space = negsim.build_space(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> [b.axes for b in issue_blocks(space)][:3], issue_blocks(space)[0].table.shape
    ([(0,), (1,), (2,)], (2, 2))
    """
    groups = _coupled_groups(space)
    return [_combine(space, g) for g in groups]


def _coupled_groups(space: OutcomeSpace) -> list[tuple[int, ...]]:
    """Connected components of the axes linked by bonus terms, ordered by their first axis."""
    root = list(range(len(space.axes)))

    def find(a: int) -> int:
        while root[a] != a:
            root[a] = root[root[a]]
            a = root[a]
        return a

    for b in space.bonuses:
        axes = [a for a, _ in b.terms]
        for a in axes[1:]:
            root[find(a)] = find(axes[0])
    members: dict[int, list[int]] = {}
    for a in range(len(space.axes)):
        members.setdefault(find(a), []).append(a)
    return sorted((tuple(m) for m in members.values()), key=lambda m: m[0])


def _combine(space: OutcomeSpace, axes: tuple[int, ...]) -> IssueBlock:
    """All option combinations of ``axes`` with their summed utilities and inner bonuses."""
    shape = tuple(len(space.axes[a].labels) for a in axes)
    n = int(np.prod(shape, dtype=object))
    if n > MAX_COMBINED:
        names = ", ".join(space.axes[a].id for a in axes)
        raise FrontierTooLarge(f"bonuses couple issues {names} into {n:,} option combinations "
                               f"(limit {MAX_COMBINED:,}: the merge lists every combination of coupled issues); "
                               "couple fewer issues per bonus, analyse a smaller agenda (--agenda), or use "
                               "--method enumeration")
    digits = np.indices(shape).reshape(len(axes), -1).T.astype(np.int64)
    table = np.zeros((n, len(space.parties)))
    for k, a in enumerate(axes):
        table += space.axes[a].table[digits[:, k]]
    pos = {a: k for k, a in enumerate(axes)}
    for b in space.bonuses:
        if b.terms and b.terms[0][0] in pos:
            hit = np.ones(n, dtype=bool)
            for a, o in b.terms:
                hit &= digits[:, pos[a]] == o
            table[hit, b.party] += b.add
    return IssueBlock(axes, digits, table)


def restrict(blocks: list[IssueBlock], masks: dict[int, BoolArray]) -> list[IssueBlock]:
    """Blocks without the options a red line forbids (``masks``: axis → allowed options).

    >>> import numpy as np, negsim
    >>> space = negsim.build_space(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> len(restrict(issue_blocks(space), {0: np.array([True, False])})[0])
    1
    """
    out = []
    for block in blocks:
        keep = np.ones(len(block), dtype=bool)
        for k, a in enumerate(block.axes):
            if a in masks:
                keep &= masks[a][block.digits[:, k]]
        out.append(block if keep.all() else IssueBlock(block.axes, block.digits[keep], block.table[keep]))
    return out


def merge_frontier(space: OutcomeSpace, masks: dict[int, BoolArray] | None = None,
                   columns: tuple[int, ...] | None = None, *, limit: int = MAX_FRONTIER,
                   blocks: list[IssueBlock] | None = None, floors: FloatArray | None = None) -> MergedFrontier:
    """The Pareto frontier (over the parties in ``columns``, default all) of the deals the masks allow.

    ``blocks`` (from :func:`issue_blocks`) may be passed to save rebuilding them. With
    ``floors`` (one per column), partial sums that cannot reach them even with the best
    remaining options are dropped on the way: the result is then the frontier of the deals
    meeting the floors only (used for emptiness checks).

    Source: see the module docstring (Minkowski sum, dominance pruning after each merge).

    >>> import negsim
    >>> space = negsim.build_space(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> merge_frontier(space).points.shape
    (11, 2)
    """
    cols = tuple(range(len(space.parties))) if columns is None else tuple(columns)
    blocks = restrict(issue_blocks(space) if blocks is None else blocks, masks or {})
    u = base_utilities(space)[list(cols)][None, :]
    if any(len(b) == 0 for b in blocks):
        return MergedFrontier(space, cols, [], np.zeros((0, len(cols))))
    blocks = [_pruned(b, cols) for b in blocks]
    needs = _needs(blocks, cols, floors)
    steps: list[MergeStep] = []
    largest = 1
    for block, need in zip(blocks, needs, strict=True):
        step, u = _merge_step(block, u, cols, limit, space, need)
        steps.append(step)
        largest = max(largest, step.size)
        if len(u) == 0:
            return MergedFrontier(space, cols, [], np.zeros((0, len(cols))), largest)
    return MergedFrontier(space, cols, steps, u, largest)


def _needs(blocks: list[IssueBlock], cols: tuple[int, ...], floors: FloatArray | None) -> list[FloatArray | None]:
    """Per step: the least partial sum that can still reach ``floors`` (floor − best of the blocks left)."""
    if floors is None:
        return [None] * len(blocks)
    best = np.array([b.table[:, list(cols)].max(axis=0) for b in blocks]).reshape(len(blocks), len(cols))
    left = np.cumsum(best[::-1], axis=0)[::-1]  # best of blocks t.. end
    after = np.vstack([left[1:], np.zeros((1, len(cols)))])
    return [floors - TOL - a - 1e-12 for a in after]


def _pruned(block: IssueBlock, cols: tuple[int, ...]) -> IssueBlock:
    """The block's non-dominated rows over ``cols`` (identical rows all kept)."""
    if len(block) <= 1:
        return block
    keep = non_dominated(block.table[:, list(cols)])
    return IssueBlock(block.axes, block.digits[keep], block.table[keep])


def _merge_step(block: IssueBlock, u: FloatArray, cols: tuple[int, ...], limit: int,
                space: OutcomeSpace, need: FloatArray | None = None) -> tuple[MergeStep, FloatArray]:
    """Add every option of ``block`` to every partial sum ``u``; keep the non-dominated, grouped."""
    k = len(block)
    most = plan.scale_limit(MAX_CANDIDATES, "memory")
    if len(u) * k > most:
        _too_large(space, len(u) * k, "candidate partial sums", f"{most:,.0f}", "--budget-memory")
    work = len(u) * k * max(1.0, np.log2(max(2, len(u) * k))) ** max(0, len(cols) - 2)
    most_work = plan.scale_limit(MAX_WORK, "seconds")
    if work > most_work:
        _too_large(space, len(u) * k, f"candidate partial sums of {len(cols)} parties, too many to prune in "
                   f"reasonable time (about {work:.1e} steps)", f"{most_work:.1e} steps", "--budget-seconds")
    cand = (u[:, None, :] + block.table[None, :, list(cols)]).reshape(-1, len(cols))
    if need is None:
        keep = non_dominated(cand)
    else:
        alive = np.flatnonzero(np.all(cand >= need, axis=1))
        keep = alive[non_dominated(cand[alive])]
    _, first, child = np.unique(quantize(cand[keep]), axis=0, return_index=True, return_inverse=True)
    most_kept = plan.scale_limit(limit, "memory")
    if len(first) > most_kept:
        _too_large(space, len(first), "distinct non-dominated partial sums", f"{most_kept:,.0f}", "--budget-memory")
    step = MergeStep(block, (keep // k).astype(np.int64), (keep % k).astype(np.int64),
                np.asarray(child, dtype=np.int64).reshape(-1), len(first))
    return step, cand[keep[first]]


def _too_large(space: OutcomeSpace, n: int, what: str, limit: str, option: str) -> None:
    raise FrontierTooLarge(
        f"merging the issues built {n:,} {what} (limit {limit} at this budget); the Pareto frontier of this "
        f"{len(space.parties)}-party space is too large to merge. Analyse a smaller agenda (--agenda), coarsen "
        f"numeric issues (larger `step`), or raise the limit with {option} (it grows in proportion)")


def _path_counts(steps: list[MergeStep], n_final: int) -> NDArray[np.object_]:
    """Deals reaching each partial sum, step by step (exact integers, which may exceed int64)."""
    counts = np.array([1], dtype=object)
    for step in steps:
        order = np.argsort(step.child, kind="stable")
        vals = counts[step.parent[order]]
        starts = np.flatnonzero(np.r_[True, np.diff(step.child[order]) != 0])
        counts = np.add.reduceat(vals, starts) if len(vals) else np.zeros(0, dtype=object)
    return counts if steps else np.ones(n_final, dtype=object)


def _expand(steps: list[MergeStep], n_axes: int, nodes: IntArray, limit: int) -> tuple[IntArray, IntArray]:
    """Follow back-pointers from ``nodes`` to the first step, at most ``limit`` paths per node."""
    root = np.arange(len(nodes), dtype=np.int64)
    cur = nodes.copy()
    digits = np.zeros((len(nodes), n_axes), dtype=np.int64)
    for step in reversed(steps):
        order = np.argsort(step.child, kind="stable")
        sorted_child = step.child[order]
        lo = np.searchsorted(sorted_child, cur, "left")
        fan = np.searchsorted(sorted_child, cur, "right") - lo
        row = np.repeat(np.arange(len(cur)), fan)
        within = np.arange(len(row)) - np.repeat(np.cumsum(fan) - fan, fan)
        edge = order[lo[row] + within]
        root, digits = root[row], digits[row]
        keep = _first_per_group(root, limit)
        root, digits, edge = root[keep], digits[keep], edge[keep]
        digits[:, list(step.block.axes)] = step.block.digits[step.option[edge]]
        cur = step.parent[edge]
    return nodes[root], digits


def _first_per_group(group: IntArray, limit: int) -> IntArray:
    """Positions of the first ``limit`` rows of each group (rows of a group are contiguous)."""
    if len(group) == 0:
        return np.zeros(0, dtype=np.int64)
    start = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    size = np.diff(np.r_[start, len(group)])
    rank = np.arange(len(group)) - np.repeat(start, size)
    return np.flatnonzero(rank < limit)


__all__ = ["MAX_CANDIDATES", "MAX_COMBINED", "MAX_FRONTIER", "MAX_WORK", "FrontierTooLarge", "IssueBlock",
           "MergeStep", "MergedFrontier", "base_utilities", "issue_blocks", "merge_frontier", "restrict"]
