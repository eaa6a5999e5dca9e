"""Uncertainty and scale: Monte Carlo over uncertain inputs, sweeps, sensitivity, parallel runs.

Modules: :mod:`~negsim.scenario.paths` (which field a path names), :mod:`~negsim.uncertainty.sampling`
(distributions and per-batch seeds), :mod:`~negsim.scenario.apply` (one sample → a Scenario),
:mod:`~negsim.engine.batched` (K samples as array operations), :mod:`~negsim.uncertainty.evaluate` (a batch,
games included, and the per-sample reference), :mod:`~negsim.uncertainty.executors`
(local processes, Dask), :mod:`~negsim.uncertainty.results` (summary), :mod:`~negsim.uncertainty.sweep`,
:mod:`~negsim.uncertainty.montecarlo` (a full run) and :mod:`~negsim.report.uncertainty` (``negsim run``).

Example:
    >>> import negsim
    >>> from negsim.uncertainty import parse_vary, run_sweep
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> run_sweep(s, [parse_vary("parties.usa.no_deal=0.5:0.99:3")], agenda="arms_control").has_deal.tolist()
    [True, True, False]
"""

from negsim.engine.batched import SampleTable
from negsim.scenario.apply import apply_sample
from negsim.uncertainty.evaluate import evaluate, evaluate_per_sample
from negsim.uncertainty.montecarlo import run_uncertainty
from negsim.uncertainty.results import UncertaintyResult
from negsim.uncertainty.sweep import SweepResult, SweepSpec, parse_vary, run_sweep

__all__ = ["SampleTable", "SweepResult", "SweepSpec", "UncertaintyResult", "apply_sample", "evaluate",
           "evaluate_per_sample", "parse_vary", "run_sweep", "run_uncertainty"]
