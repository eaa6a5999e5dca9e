"""How an :class:`~negsim.engine.result.Analysis` is computed: one module per ``--method``, one result type.

* ``enumeration`` (:mod:`negsim.engine.enumeration`) walks every deal: exact counts, for as
  many deals as the budget allows (:mod:`negsim.engine.cost` plans the walk);
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

from negsim import plan
from negsim.engine import cost, enumeration, merge
from negsim.engine.cost import ENUMERATE_UP_TO
from negsim.engine.minkowski import FrontierTooLarge
from negsim.engine.result import Analysis
from negsim.errors import NegsimError
from negsim.progress import Progress
from negsim.scenario.models import Scenario
from negsim.space import OutcomeSpace, build_space

METHODS = ("auto", "enumeration", "merge")
"""The values of ``--method``."""



def choose_method(space: OutcomeSpace) -> str:
    """``"enumeration"`` or ``"merge"``: the faster engine for this space (both give the same results).

    The rule: enumerate up to :data:`ENUMERATE_UP_TO` deals (2^17 = 131,072), merge beyond.
    Measured crossovers (benchmarks/bench_merge.py, random spaces, 2 cores): about 5·10^4
    deals for two and three parties, 5·10^4–3·10^5 for four and five; below 2^17 both
    engines take about 0.1 s or less, and enumeration's counts are always exact.
    """
    return "enumeration" if space.size <= ENUMERATE_UP_TO else "merge"


ENUMERATION_ADVICE = ("use --method merge (or auto), analyse an agenda (--agenda), or coarsen numeric issues "
                      "(a larger `step`)")


def analyze_space(space: OutcomeSpace, *, method: str = "auto", seed: int = 0,
                  progress: Progress | None = None) -> Analysis:
    """The bargaining analysis of a built space by ``method`` (see the module docstring).

    Enumeration is planned first (:mod:`negsim.engine.cost`) and refused, before any deal is
    walked, when its estimate exceeds the budget (:mod:`negsim.plan`); the merge's steps have
    limits of their own that scale with the budget. ``progress("deals", done, total)`` is told
    as deals are walked (enumeration only).
    """
    if method not in METHODS:
        raise NegsimError(f"unknown method `{method}`; choose one of {', '.join(METHODS)}")
    chosen = choose_method(space) if method == "auto" else method
    if chosen == "merge":
        try:
            return merge.analyze(space, seed=seed)
        except FrontierTooLarge as exc:
            walk = cost.enumeration_estimate(space)
            if method == "merge" or not plan.fits(walk):
                raise FrontierTooLarge(f"{exc}. Walking every deal instead (--method enumeration): {walk.what} "
                                       f"would take {walk.summary()}") from None
            return enumeration.analyze(space, seed=seed, progress=progress)
    plan.check(plan.with_changes(cost.enumeration_estimate(space), ENUMERATION_ADVICE))
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
