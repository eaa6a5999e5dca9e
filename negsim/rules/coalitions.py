"""Coalitions of a rule: minimal winning ones, and who can block a deal.

Deals are summarised by their *acceptance patterns*: for each deal, the set of parties
whose red lines and no-deal floor it meets (a bit mask). A coalition C can agree when
some pattern contains C. Under a rule:

- a deal passes when the parties accepting it form a winning coalition;
- a set D of parties *opens* a deal when dropping the red lines of D (so D accepts
  anything) lets some deal pass: some pattern A has A ∪ D winning;
- a set B of parties *blocks* when its red lines alone keep every winning coalition from
  agreeing: for every pattern A, A ∪ (everyone outside B) still loses.

The minimal blocking coalitions are the minimal hitting sets of the minimal opening
sets (B blocks exactly when it meets every set that opens a deal), the party-level form of
the engine's minimal conflicting sets; under unanimity they are the sets of parties whose
red lines conflict. Both are found by a search by size, vectorised over candidates and
patterns, within a budget (:data:`MAX_CHECKS`); the result says whether it is complete.

Example (three parties; every deal is accepted by exactly two of them):
    >>> from negsim.rules.model import majority, unanimity
    >>> patterns = np.array([0b011, 0b101, 0b110], dtype=np.uint64)
    >>> r = blocking_coalitions(unanimity(["a", "b", "c"]), patterns)
    >>> [unanimity(["a", "b", "c"]).members(m) for m in r.masks], r.complete
    ([['a', 'b', 'c']], True)
    >>> blocking_coalitions(majority(["a", "b", "c"]), patterns).masks   # two of three pass a deal
    []
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from negsim.numeric import BoolArray
from negsim.rules.masks import BitArray, bits_of, popcount
from negsim.rules.model import VotingRule

MAX_CHECKS = 20_000_000
"""Coalition-and-pattern pairs evaluated at most by one search."""

MAX_LISTED = 10_000
"""Minimal winning coalitions listed at most."""

EXHAUSTIVE = 16
"""Up to this many players, coalitions are listed exhaustively (2^16 masks); a pruned search beyond."""

MAX_NODES = 2_000_000
"""Nodes the pruned search visits at most."""


@dataclass
class CoalitionSearch:
    """Coalitions found (bit masks, smallest first) and whether the search was complete."""

    masks: list[int]
    complete: bool
    largest_size_searched: int


def maximal_patterns(patterns: BitArray) -> BitArray:
    """The distinct patterns not contained in another (only these matter for what can pass)."""
    uniq = np.unique(np.asarray(patterns, dtype=np.uint64))
    if len(uniq) > 50_000:
        return uniq  # an optimisation only
    keep = np.ones(len(uniq), dtype=bool)
    for k, p in enumerate(uniq):
        inside = (uniq & p) == p  # patterns containing p (p itself included)
        keep[k] = np.count_nonzero(inside) == 1
    return uniq[keep]


def minimal_winning(rule: VotingRule, limit: int = MAX_LISTED, within: int | None = None) -> CoalitionSearch:
    """The minimal winning coalitions (each member needed) made of players of ``within`` (default all), smallest first."""
    within = rule.full if within is None else within
    if rule.veto_mask & ~within:
        return CoalitionSearch([], True, rule.n)
    members = bits_of(within)
    if len(members) <= EXHAUSTIVE:
        masks = _subsets(members)
        win = rule.is_winning(masks)
        minimal = win.copy()
        for k in members:
            bit = np.uint64(1 << k)
            has = (masks & bit) != 0
            minimal[has] &= ~rule.is_winning(masks[has] & ~bit)
        found = masks[minimal]
        found = found[np.lexsort((found, popcount(found)))]
        return CoalitionSearch([int(m) for m in found[:limit]], len(found) <= limit, len(members))
    return _minimal_winning_dfs(rule, members, limit)


def _subsets(members: list[int]) -> BitArray:
    """Every subset of ``members`` as a mask."""
    idx = np.arange(1 << len(members), dtype=np.uint64)
    out = np.zeros(len(idx), dtype=np.uint64)
    for j, k in enumerate(members):
        out |= ((idx >> np.uint64(j)) & np.uint64(1)) << np.uint64(k)
    return out


def _minimal_winning_dfs(rule: VotingRule, members: list[int], limit: int) -> CoalitionSearch:
    """Depth-first search on running sums, pruned when even every remaining player cannot make it win."""
    crits = [(list(c.weights), c.quota) for c in rule.criteria]
    order = sorted(members, key=lambda k: -sum(w[k] for w, _ in crits))
    tail = [[sum(w[k] for k in order[i:]) for w, _ in crits] for i in range(len(order) + 1)]
    rest = [sum(1 << k for k in order[i:]) for i in range(len(order) + 1)]
    veto, mb, n = rule.veto_mask, rule.min_blocking, rule.n

    def wins(mask: int, size: int, sums: list[int]) -> bool:
        if mask & veto != veto:
            return False
        return all(x >= q for x, (_, q) in zip(sums, crits, strict=True)) or (mb is not None and n - size < mb)

    def minimal(mask: int, size: int, sums: list[int]) -> bool:
        return not any(wins(mask & ~(1 << k), size - 1, [x - w[k] for x, (w, _) in zip(sums, crits, strict=True)])
                       for k in bits_of(mask))

    found: list[int] = []
    stack: list[tuple[int, int, int, list[int]]] = [(0, 0, 0, [0] * len(crits))]
    nodes = 0
    while stack:
        mask, i, size, sums = stack.pop()
        nodes += 1
        if len(found) >= limit or nodes > MAX_NODES:
            return CoalitionSearch(sorted(found, key=lambda m: (bin(m).count("1"), m)), False, len(members))
        if wins(mask, size, sums):
            if minimal(mask, size, sums):
                found.append(mask)
            continue
        if i == len(order):
            continue
        best = [x + t for x, t in zip(sums, tail[i], strict=True)]
        if not wins(mask | rest[i], size + len(order) - i, best):
            continue  # even with every remaining player it loses
        k = order[i]
        stack.append((mask, i + 1, size, sums))
        stack.append((mask | 1 << k, i + 1, size + 1, [x + w[k] for x, (w, _) in zip(sums, crits, strict=True)]))
    return CoalitionSearch(sorted(found, key=lambda m: (bin(m).count("1"), m)), True, len(members))


def can_agree(coalitions: BitArray, patterns: BitArray) -> BoolArray:
    """For each coalition: is there a deal every member accepts (a pattern containing it)?"""
    coalitions = np.asarray(coalitions, dtype=np.uint64)
    out = np.zeros(coalitions.shape, dtype=bool)
    for p in np.asarray(patterns, dtype=np.uint64):
        out |= (coalitions & p) == coalitions
    return out


def blocking_coalitions(rule: VotingRule, patterns: BitArray) -> CoalitionSearch:
    """Minimal sets of parties whose red lines alone leave no deal a winning coalition accepts."""
    pats = maximal_patterns(patterns)
    full = np.uint64(rule.full)

    def blocks(cands: BitArray) -> BoolArray:
        outside = ~cands & full
        return np.asarray(~rule.is_winning(pats[None, :] | outside[:, None]).any(axis=1), dtype=bool)

    return _search_by_size(rule.n, len(pats), blocks)


def opening_sets(rule: VotingRule, patterns: BitArray) -> CoalitionSearch:
    """Minimal sets of parties whose red lines, if dropped, would let some deal pass ("what it would take")."""
    pats = maximal_patterns(patterns)

    def opens(cands: BitArray) -> BoolArray:
        return np.asarray(rule.is_winning(pats[None, :] | cands[:, None]).any(axis=1), dtype=bool)

    return _search_by_size(rule.n, len(pats), opens)


def _search_by_size(n: int, n_patterns: int, test: Callable[[BitArray], BoolArray]) -> CoalitionSearch:
    """Minimal sets S (smallest first) with ``test(S)``, a monotone property; within :data:`MAX_CHECKS`."""
    found: list[int] = []
    checks = 0
    batch = max(1, 2_000_000 // max(n_patterns, 1))
    for size in range(1, n + 1):
        for chunk in _chunks(combinations(range(n), size), batch):
            cands = np.array([sum(1 << b for b in c) for c in chunk], dtype=np.uint64)
            if found:
                f = np.array(found, dtype=np.uint64)
                cands = cands[~((cands[:, None] & f[None, :]) == f[None, :]).any(axis=1)]
            checks += len(cands) * n_patterns
            if checks > MAX_CHECKS:
                return CoalitionSearch(found, False, size - 1)
            if len(cands):
                found.extend(int(m) for m in cands[test(cands)])
    return CoalitionSearch(found, True, n)


def _chunks(it: Iterable[tuple[int, ...]], size: int) -> Iterator[list[tuple[int, ...]]]:
    chunk: list[tuple[int, ...]] = []
    for item in it:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


__all__ = ["CoalitionSearch", "blocking_coalitions", "can_agree", "maximal_patterns", "minimal_winning",
           "opening_sets"]
