"""Coalitions of a rule: minimal winning ones, and who can block a deal.

Deals are summarised by their *acceptance patterns*: for each deal, the set of parties
whose red lines and no-deal floor it meets (a bit mask). A coalition C can agree when
some pattern contains C. Under a rule:

- a deal passes when the parties accepting it form a winning coalition;
- a set D of parties *opens* a deal when dropping the red lines of D (so D accepts
  anything) lets some deal pass: some pattern A has A ∪ D winning;
- a set B of parties *blocks* when its red lines alone keep every winning coalition from
  agreeing: for every pattern A, A ∪ (everyone outside B) still loses.

The minimal opening sets are found pattern by pattern, as the minimal sets D outside a
pattern A with A ∪ D winning. The minimal blocking coalitions are the minimal hitting sets of
the opening sets (B blocks exactly when it meets every set that opens a deal), enumerated by
the engine's minimal-conflicting-set machinery: the party-level form of the engine's
diagnosis; under unanimity they are the sets of parties whose red lines conflict. The
searches are bounded (:data:`MAX_LISTED`, :data:`MAX_NODES`) and say whether they are complete.

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

from dataclasses import dataclass

import numpy as np

from negsim.numeric import BoolArray
from negsim.rules.masks import BitArray, bits_of, popcount
from negsim.rules.model import VotingRule

MAX_LISTED = 10_000
"""Minimal winning coalitions listed at most."""

EXHAUSTIVE = 16
"""Up to this many players, coalitions are listed exhaustively (2^16 masks); a pruned search beyond."""

MAX_NODES = 2_000_000
"""Nodes the pruned search visits at most (shared among the patterns when there are several)."""

MAX_PATTERNS = 1_000
"""Deal acceptance patterns searched at most (those accepted by the most parties first)."""


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


def searched_patterns(patterns: BitArray) -> tuple[BitArray, bool]:
    """The maximal patterns, at most :data:`MAX_PATTERNS` of them (most parties first), and whether that is all."""
    pats = maximal_patterns(patterns)
    if len(pats) <= MAX_PATTERNS:
        return pats, True
    order = np.lexsort((pats, -popcount(pats)))
    return pats[order[:MAX_PATTERNS]], False


def minimal_winning(rule: VotingRule, limit: int = MAX_LISTED, within: int | None = None,
                    base: int = 0, max_nodes: int = MAX_NODES) -> CoalitionSearch:
    """Minimal sets D of players of ``within`` (default all) such that ``base`` ∪ D wins, smallest first.

    With ``base`` empty these are the minimal winning coalitions (each member needed).
    """
    within = (rule.full if within is None else within) & ~base
    if rule.veto_mask & ~(within | base):
        return CoalitionSearch([], True, rule.n)
    members = bits_of(within)
    if len(members) <= EXHAUSTIVE:
        masks = _subsets(members)
        win = rule.is_winning(masks | np.uint64(base))
        minimal = win.copy()
        for k in members:
            bit = np.uint64(1 << k)
            has = (masks & bit) != 0
            minimal[has] &= ~rule.is_winning((masks[has] & ~bit) | np.uint64(base))
        found = masks[minimal]
        found = found[np.lexsort((found, popcount(found)))]
        return CoalitionSearch([int(m) for m in found[:limit]], len(found) <= limit, len(members))
    return _minimal_winning_dfs(rule, members, limit, base, max_nodes)


def _subsets(members: list[int]) -> BitArray:
    """Every subset of ``members`` as a mask."""
    idx = np.arange(1 << len(members), dtype=np.uint64)
    out = np.zeros(len(idx), dtype=np.uint64)
    for j, k in enumerate(members):
        out |= ((idx >> np.uint64(j)) & np.uint64(1)) << np.uint64(k)
    return out


def _minimal_winning_dfs(rule: VotingRule, members: list[int], limit: int, base: int = 0,
                         max_nodes: int = MAX_NODES) -> CoalitionSearch:
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
                       for k in bits_of(mask & ~base))

    found: list[int] = []
    start = [sum(w[k] for k in bits_of(base)) for w, _ in crits]
    stack: list[tuple[int, int, int, list[int]]] = [(base, 0, bin(base).count("1"), start)]
    nodes = 0
    while stack:
        mask, i, size, sums = stack.pop()
        nodes += 1
        if len(found) >= limit or nodes > max_nodes:
            return CoalitionSearch(sorted(found, key=lambda m: (bin(m).count("1"), m)), False, len(members))
        if wins(mask, size, sums):
            if minimal(mask, size, sums):
                found.append(mask & ~base)
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


def opening_sets(rule: VotingRule, patterns: BitArray) -> CoalitionSearch:
    """Minimal sets of parties whose red lines, if dropped, would let some deal pass ("what it would take").

    For each deal pattern A, the minimal sets D of parties outside A with A ∪ D winning (the search
    of :func:`minimal_winning` started from A); the opening sets are the minimal ones over all patterns.
    """
    found: set[int] = set()
    pats, complete = searched_patterns(patterns)
    for a in pats:
        search = minimal_winning(rule, limit=MAX_LISTED, base=int(a), max_nodes=max(MAX_NODES // len(pats), 20_000))
        found.update(search.masks)
        complete &= search.complete
    masks = _minimal_sets(sorted(found, key=lambda m: (bin(m).count("1"), m)))
    return CoalitionSearch(masks, complete, rule.n)


def blocking_coalitions(rule: VotingRule, patterns: BitArray) -> CoalitionSearch:
    """Minimal sets of parties whose red lines alone leave no deal a winning coalition accepts.

    B blocks exactly when it meets every opening set, so these are the minimal hitting sets of
    the opening sets — found by the engine's enumerator of minimal conflicting sets
    (:func:`negsim.bargaining.conflicts.minimal_conflicts`), and each is checked directly.
    """
    from negsim.bargaining.conflicts import minimal_conflicts

    pats = maximal_patterns(patterns)
    if rule.is_winning(pats).any():
        return CoalitionSearch([], True, rule.n)  # a deal passes: nothing blocks
    openings = opening_sets(rule, pats)
    sets, complete = minimal_conflicts(np.array(openings.masks, dtype=np.uint64))
    masks = [sum(1 << b for b in bits) for bits in sets]
    if not openings.complete:  # hitting sets of part of the family: keep those that really block
        masks = [m for m in masks if _blocks(rule, pats, m)]
    return CoalitionSearch(masks, complete and openings.complete, rule.n)


def _blocks(rule: VotingRule, pats: BitArray, mask: int) -> bool:
    outside = np.uint64(rule.full & ~mask)
    return not rule.is_winning(pats | outside).any()


def _minimal_sets(masks: list[int]) -> list[int]:
    """The sets of ``masks`` (sorted by size) that contain no other."""
    out: list[int] = []
    for m in masks:
        if not any(f & m == f for f in out):
            out.append(m)
    return out


__all__ = ["CoalitionSearch", "blocking_coalitions", "can_agree", "maximal_patterns", "minimal_winning",
           "opening_sets"]
