"""Plan before work: how long a command will take and how much memory it needs, known before it starts.

Every command (and the library functions behind it) describes its work in numbers — deals,
parties, constraints, samples, grid points, negotiations, strategies — and asks this
module for an :class:`Estimate`; :func:`check` refuses, with the estimate and the option
that changes it, work that would exceed the :class:`Budget`. Nothing large is allocated
before that check, so an impossible request costs milliseconds, not gigabytes.

The budget defaults to :data:`DEFAULT_SECONDS` and :data:`DEFAULT_MEMORY` (well inside the
2-core, 24 GB development machine), and is set by the environment (``NEGSIM_BUDGET_SECONDS``,
``NEGSIM_BUDGET_MEMORY``), by the command-line options ``--budget-seconds`` and
``--budget-memory``, or in Python with ``with plan.budget(Budget(...)):``.

The models are sums of measured unit costs (one constant per kind of work, in
:data:`COSTS`). They were fitted on the development machine by
``benchmarks/calibrate_plan.py``, which also prints how far each prediction falls from
the measured time (docs/limits.md gives the table). The enumeration's Pareto-frontier
term grows with the frontier, which the engine estimates from a seeded sample of deals
with the expected-maxima law of Bentley, Kung, Schkolnick & Thompson (1978), "On the
average number of maxima in a set of vectors and applications", JACM 25(4):536–543:
about ln(n)^(P−1)/(P−1)! of n points are maxima.

Two modules: :mod:`negsim.plan.budgets` (the budget, estimates, the refusal) and
:mod:`negsim.plan.costs` (the cost models and their measured unit costs); everything is
re-exported here, so callers write ``from negsim import plan`` and ``plan.check(plan.monte_carlo(...))``.

Example:
    >>> e = monte_carlo(samples=10**12, deals=26_244, parties=3, constraints=12)
    >>> e.seconds > DEFAULT_SECONDS
    True
    >>> try:
    ...     check(e, Budget(seconds=600, memory=8 * GIB))
    ... except OverBudget as exc:
    ...     print(str(exc)[:56])
    Monte Carlo of 1.0e+12 samples × 26,244 deals would take
    >>> parse_memory("1.5G"), parse_seconds("10m")
    (1610612736, 600.0)
"""

from negsim.plan.budgets import (
    DEFAULT_MEMORY,
    DEFAULT_SECONDS,
    ENV_MEMORY,
    ENV_SECONDS,
    GIB,
    MIB,
    OPTIONS,
    Budget,
    Estimate,
    OverBudget,
    budget,
    bytes_text,
    check,
    combine,
    current,
    fits,
    from_environment,
    parse_memory,
    parse_seconds,
    scale_limit,
    seconds_text,
    with_changes,
    with_unit,
)
from negsim.plan.costs import (
    BASE_MEMORY,
    COSTS,
    Sample,
    domain,
    enumeration,
    equilibria,
    forecast_samples,
    frontier_report,
    frontier_size,
    merge,
    monte_carlo,
    negotiations,
    pivoting,
    power_samples,
    walks,
)

__all__ = [
    "BASE_MEMORY",
    "COSTS",
    "DEFAULT_MEMORY",
    "DEFAULT_SECONDS",
    "ENV_MEMORY",
    "ENV_SECONDS",
    "GIB",
    "MIB",
    "OPTIONS",
    "Budget",
    "Estimate",
    "OverBudget",
    "Sample",
    "budget",
    "bytes_text",
    "check",
    "combine",
    "current",
    "domain",
    "enumeration",
    "equilibria",
    "fits",
    "forecast_samples",
    "from_environment",
    "frontier_report",
    "frontier_size",
    "merge",
    "monte_carlo",
    "negotiations",
    "parse_memory",
    "parse_seconds",
    "pivoting",
    "power_samples",
    "scale_limit",
    "seconds_text",
    "walks",
    "with_changes",
    "with_unit",
]
