"""Method ``enumeration``: walk every deal once, chunk by chunk, with memory bounded by the chunk.

One streaming pass over the deals (:meth:`~negsim.space.model.OutcomeSpace.chunks`):

1. utilities and the constraints each deal breaks (a bit pattern per deal);
2. counts of every pattern (the ZOPA is pattern 0; the diagnosis needs the others);
3. the Pareto frontier of the feasible deals, merged chunk by chunk;
4. for every constraint, the best Nash deal if it alone were dropped (its price).

The minimal conflicting sets are the minimal hitting sets of the patterns
(:func:`negsim.bargaining.conflicts.minimal_conflicts`); the openings are the minimal
patterns. Everything else is assembled by :mod:`negsim.engine.assemble`.

Example:
    >>> import negsim
    >>> space = negsim.build_space(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> a = analyze(space)
    >>> a.method, a.zopa_size, a.solutions["nash"].deal["pen"]
    ('enumeration', 293, 'trade')
"""

from __future__ import annotations

import numpy as np

from negsim.bargaining import solutions as sol
from negsim.bargaining.conflicts import minimal_conflicts, minimal_patterns
from negsim.bargaining.pareto import pareto_indices
from negsim.engine.assemble import Evidence, Relaxed, assemble, relaxed_no_deal
from negsim.engine.counting import sample_deals
from negsim.engine.result import Analysis, Count
from negsim.numeric import BitArray, FloatArray, IntArray
from negsim.progress import Progress, tell
from negsim.space import OutcomeSpace

MAX_ENUMERATE = 10**8
"""Largest deal space other steps choose to walk rather than merge (derived games: about a minute on
2 cores). The enumerating engine itself walks as many deals as the budget allows (negsim.engine.cost)."""


def analyze(space: OutcomeSpace, *, seed: int = 0, progress: Progress | None = None) -> Analysis:
    """Analyse ``space`` by walking every deal (see the module docstring).

    ``seed`` seeds the sample of deals kept for plots; ``progress("deals", done, total)`` is told
    after each chunk.
    """
    acc = _Accumulator(space)
    for start, stop in space.chunks():
        acc.add(start, stop)
        tell(progress, "deals", stop, space.size)
    return assemble(_evidence(space, acc, seed))


class _Accumulator:
    """State of the streaming pass: pattern counts, frontier candidates, per-constraint bests."""

    def __init__(self, space: OutcomeSpace) -> None:
        self.space = space
        self.k = len(space.constraints)
        self.counts: dict[int, int] = {}
        self.front_idx = np.zeros(0, dtype=np.int64)
        self.front_u = np.zeros((0, len(space.parties)))
        self.w = sol.normalised_power(space.power, len(space.parties))
        self.d_relaxed = [relaxed_no_deal(space, c) for c in range(self.k)]
        self.best: list[tuple[float, int, FloatArray] | None] = [None] * self.k

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
                self.offer(c, opened + start, u[opened])

    def _count(self, viol: BitArray) -> None:
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

    def offer(self, c: int, idx: IntArray, u: FloatArray) -> None:
        """Candidates for the best Nash deal with constraint ``c`` dropped (the first best on ties)."""
        score, ok = sol.nash_log_scores(u - self.d_relaxed[c], self.w)
        if not ok.any():
            return
        j = int(np.argmax(score))
        current = self.best[c]
        if current is None or score[j] > current[0] + 1e-12:
            self.best[c] = (float(score[j]), int(idx[j]), u[j].copy())

    def offer_feasible(self) -> None:
        """The relaxed problems also contain every feasible deal; their best is on the frontier."""
        if len(self.front_idx):
            for c in range(self.k):
                self.offer(c, self.front_idx, self.front_u)


def _evidence(space: OutcomeSpace, acc: _Accumulator, seed: int) -> Evidence:
    acc.offer_feasible()
    patterns = np.array(list(acc.counts), dtype=np.uint64)
    conflicts, complete = minimal_conflicts(patterns)
    bits = [1 << c for c in range(acc.k)]
    zopa = acc.counts.get(0, 0)
    sample_digits, sampled = sample_deals(space, seed)
    sample_u = space.utilities_of_digits(sample_digits)
    n = len(acc.front_idx)
    return Evidence(
        space=space, method="enumeration", zopa=Count.of(zopa),
        digits=space.digit_rows(acc.front_idx), u=acc.front_u, node=np.arange(n, dtype=np.int64),
        node_counts=dict.fromkeys(range(n), 1), indices=[int(i) for i in acc.front_idx],
        broken_by=[Count.of(sum(m for v, m in acc.counts.items() if v & b)) for b in bits],
        opens=[Count.of(acc.counts.get(b, 0)) for b in bits],
        relaxed=[None if best is None else Relaxed(best[0], space.digit_rows([best[1]])[0], best[2])
                 for best in acc.best],
        conflicts=conflicts, complete=complete,
        openings=_openings(acc) if zopa == 0 else [],
        sample_u=sample_u, sample_feasible=space.violations_of_digits(sample_digits, sample_u) == 0,
        sampled=sampled,
    )


def _openings(acc: _Accumulator) -> list[tuple[int, int]]:
    """The minimal patterns: a set R of constraints opens a deal exactly when some deal breaks only R.

    Each comes with the number of deals it opens (those breaking only constraints of R).
    """
    patterns = minimal_patterns(np.array(list(acc.counts), dtype=np.uint64))
    return [(int(p), sum(n for v, n in acc.counts.items() if v & ~int(p) == 0)) for p in patterns]


__all__ = ["MAX_ENUMERATE", "analyze"]
