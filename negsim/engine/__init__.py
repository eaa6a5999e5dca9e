"""How an :class:`~negsim.engine.result.Analysis` is computed: one module per ``--method``, one result type.

* ``enumeration`` (:mod:`negsim.engine.enumeration`) walks every deal: exact counts, up to
  :data:`~negsim.engine.enumeration.MAX_ENUMERATE` deals;
* ``merge`` (:mod:`negsim.engine.merge`) merges issue frontiers: exact frontier and solutions
  for spaces far too large to list (10^30 deals and more), counts exact when cheap;
* ``auto`` enumerates up to :data:`ENUMERATE_UP_TO` deals and merges beyond, falling back to
  enumeration when a merge outgrows its limits on a space small enough to walk.

Both engines return the same numbers where both run (tests/test_merge.py); the results are
assembled by one module (:mod:`negsim.engine.assemble`). The K-samples engine of the
uncertainty runs is :mod:`negsim.engine.batched`.

Example:
    >>> import negsim
    >>> space = negsim.build_space(negsim.load(negsim.bundled("four-issue-scoring")))
    >>> choose_method(space), analyze_space(space, method="merge").zopa_size
    ('enumeration', 44)
"""

from __future__ import annotations

from negsim.engine import enumeration, merge
from negsim.engine.minkowski import FrontierTooLarge
from negsim.engine.result import Analysis
from negsim.errors import NegsimError
from negsim.progress import Progress
from negsim.scenario.models import Scenario
from negsim.space import OutcomeSpace, build_space

METHODS = ("auto", "enumeration", "merge")
"""The values of ``--method``."""

ENUMERATE_UP_TO = 1 << 17
""":func:`choose_method` enumerates spaces of up to this many deals (131,072) and merges larger ones."""


def choose_method(space: OutcomeSpace) -> str:
    """``"enumeration"`` or ``"merge"``: the faster engine for this space (both give the same results).

    The rule: enumerate up to :data:`ENUMERATE_UP_TO` deals (2^17 = 131,072), merge beyond.
    Measured crossovers (benchmarks/bench_merge.py, random spaces, 2 cores): about 5·10^4
    deals for two and three parties, 5·10^4–3·10^5 for four and five; below 2^17 both
    engines take about 0.1 s or less, and enumeration's counts are always exact.
    """
    return "enumeration" if space.size <= ENUMERATE_UP_TO else "merge"


def analyze_space(space: OutcomeSpace, *, method: str = "auto", seed: int = 0,
                  progress: Progress | None = None) -> Analysis:
    """The bargaining analysis of a built space by ``method`` (see the module docstring).

    ``progress("deals", done, total)`` is told as deals are walked (enumeration only).
    """
    if method not in METHODS:
        raise NegsimError(f"unknown method `{method}`; choose one of {', '.join(METHODS)}")
    chosen = choose_method(space) if method == "auto" else method
    if chosen == "merge":
        try:
            return merge.analyze(space, seed=seed)
        except FrontierTooLarge:
            if method == "merge" or space.size > enumeration.MAX_ENUMERATE:
                raise
    if space.size > enumeration.MAX_ENUMERATE:
        raise NegsimError(f"{space.size:.3g} deals are too many to enumerate (limit {enumeration.MAX_ENUMERATE:,}); "
                          "use --method merge (or auto), analyse an agenda, or coarsen numeric issues")
    return enumeration.analyze(space, seed=seed, progress=progress)


def analyze(scenario: Scenario, agenda: str | None = None, *, seed: int = 0, method: str = "auto") -> Analysis:
    """Analyse the full package (``agenda=None``) or one named agenda of ``scenario``.

    ``method``: ``"enumeration"``, ``"merge"`` or ``"auto"`` (see the module docstring);
    ``seed`` seeds the sample of deals kept for plots and estimates.

    >>> import negsim
    >>> a = negsim.analyze(negsim.load(negsim.bundled("nash-bill-and-jack")))
    >>> a.zopa_size > 0, a.solutions["nash"].deal["pen"]
    (True, 'trade')
    """
    return analyze_space(build_space(scenario, agenda), method=method, seed=seed)


__all__ = ["ENUMERATE_UP_TO", "METHODS", "Analysis", "FrontierTooLarge", "analyze", "analyze_space", "choose_method"]
