"""A Monte Carlo run over a scenario's ``uncertainty:`` section, start to finish.

Draw the inputs batch by batch from one seed, evaluate each batch with the batched
engine (:mod:`negsim.engine.batched`) on the chosen executor, and summarise
(:mod:`negsim.uncertainty.results`).

Example:
    >>> import negsim
    >>> from negsim.scenario.models import Vary
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> r = run_uncertainty(s, "arms_control", samples=400, seed=1, workers=1,
    ...                     vary=[Vary(path="parties.russia.no_deal", uniform=(0.0, 0.3))])
    >>> r.samples, 0.0 < r.p_deal < 1.0
    (400, True)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from negsim import plan
from negsim.engine import cost
from negsim.engine.batched import SampleTable
from negsim.errors import NegsimError
from negsim.progress import Progress
from negsim.scenario.models import Scenario, Vary
from negsim.scenario.paths import resolve_all
from negsim.space import OutcomeSpace, build_space
from negsim.uncertainty.executors import make_jobs, run_jobs
from negsim.uncertainty.results import UncertaintyResult, summarise
from negsim.uncertainty.sampling import check, describe

NOT_MODELLED = {"patience": "patience (discounting) matters to the dynamic bargaining analysis, not to the deal space",
                "breakdown": "breakdown risk matters to simulated negotiations, not to the deal space"}


IN_PROCESS_CELLS = 100_000_000
"""With no --workers given, runs of at most this many sample × deal cells stay in this process
(measured: 10,000 samples × 6,561 deals take 1.6 s in one process, 1.9 s with two workers)."""


MAX_SAMPLES = 10_000_000
"""Most samples of one run: the scenario format's own limit on ``uncertainty.samples``."""


def run_uncertainty(scenario: Scenario, agenda: str | None = None, *, samples: int | None = None,
                    seed: int | None = None, vary: Sequence[Vary] | None = None, workers: int | None = None,
                    scheduler: str | None = None, client: Any = None,
                    progress: Progress | None = None, space: OutcomeSpace | None = None) -> UncertaintyResult:
    """Monte Carlo over the scenario's ``uncertainty:`` section (or ``vary``), summarised.

    ``samples`` and ``seed`` override the section's; the same seed gives the same result
    with any ``workers``, on local processes or on Dask (``scheduler`` address or ``client``).
    ``space``: the deal space of ``agenda`` when the caller has built it already. The run is
    planned first and refused, before anything is drawn, when it would exceed the budget
    (:func:`estimate_uncertainty`, :mod:`negsim.plan`).
    """
    vary, samples, seed = _settings(scenario, vary, samples, seed)
    refs = resolve_all(scenario, [v.path for v in vary])
    for v, ref in zip(vary, refs, strict=True):
        check(v, ref)
    space = build_space(scenario, agenda) if space is None else space
    if workers is None and scheduler is None and client is None and samples * space.size <= IN_PROCESS_CELLS:
        workers = 1  # small runs: starting worker processes costs more than it saves
    own = client is None and scheduler is not None
    with contextlib.ExitStack() as stack:
        if own:
            from negsim.uncertainty.cluster import connect, quiet

            stack.enter_context(quiet())
            client = connect(scheduler or "")
            stack.callback(_close, client)
        lanes = _lanes(workers, client)
        plan.check(estimate_uncertainty(scenario, agenda, samples=samples, vary=vary, workers=lanes, space=space))
        jobs = make_jobs(scenario, agenda, vary, seed, samples, space=space)
        tables = run_jobs(jobs, workers=workers, client=client, progress=progress)
    table = SampleTable.concat(tables)
    inputs = [{"path": v.path, "kind": r.kind, "distribution": describe(v)} for v, r in zip(vary, refs, strict=True)]
    notes = [f"`{r.path}`: {NOT_MODELLED[r.kind]}; it is sampled but no result here depends on it"
             for r in refs if r.kind in NOT_MODELLED]
    return summarise(space, table, inputs, seed, notes)


def _settings(scenario: Scenario, vary: Sequence[Vary] | None, samples: int | None,
              seed: int | None) -> tuple[Sequence[Vary], int, int]:
    """The inputs, sample count and seed of a run: the caller's, else the scenario's section's."""
    spec = scenario.uncertainty
    if vary is None:
        if spec is None:
            raise NegsimError("this scenario has no `uncertainty:` section; add one with `vary:` entries "
                              "(see docs/uncertainty.md), or use `negsim sweep --vary PATH=LOW:HIGH:STEPS`")
        vary = spec.vary
    samples = samples if samples is not None else (spec.samples if spec else 1000)
    seed = seed if seed is not None else (spec.seed if spec else 0)
    if samples < 1:
        raise NegsimError(f"--samples must be at least 1, found {samples}")
    return vary, samples, seed


def estimate_uncertainty(scenario: Scenario, agenda: str | None = None, *, samples: int | None = None,
                         vary: Sequence[Vary] | None = None, workers: int | None = None,
                         space: OutcomeSpace | None = None) -> plan.Estimate:
    """The plan of :func:`run_uncertainty`: samples × deals on ``workers`` processes (None: all cores).

    Raises at once (nothing drawn, nothing built beyond the deal space) when ``samples``
    exceeds :data:`MAX_SAMPLES`.

    >>> import negsim
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> e = estimate_uncertainty(s, "arms_control", samples=10**5, workers=1)
    >>> e.unit, e.total, e.seconds < 60
    ('samples', 100000, True)
    """
    vary, samples, _ = _settings(scenario, vary, samples, 0)
    space = build_space(scenario, agenda) if space is None else space
    if samples > MAX_SAMPLES:
        raise NegsimError(f"{samples:,} samples is more than the {MAX_SAMPLES:,} one run may draw (the limit of "
                          "`uncertainty.samples` in a scenario); use fewer --samples — a 95% interval for P(deal) "
                          f"is already ±{0.98 / MAX_SAMPLES ** 0.5:.4f} wide at {MAX_SAMPLES:,}")
    lanes = workers if workers is not None else (os.cpu_count() or 1)
    if workers is None and samples * space.size <= IN_PROCESS_CELLS:
        lanes = 1
    sample = cost.pilot(space)
    return plan.monte_carlo(samples, space.size, len(space.parties), len(space.constraints), inputs=len(vary),
                            games=len(scenario.games), feasible=sample.feasible_share, workers=lanes)


def _lanes(workers: int | None, client: Any) -> int | None:
    """How many batches run at once: the cluster's threads, or the local workers (None: all cores)."""
    if client is None:
        return workers
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:
        return 1


def _close(client: Any) -> None:
    from negsim.uncertainty.cluster import CLOSE_TIMEOUT

    with contextlib.suppress(Exception):  # the scheduler may already be gone; nothing is left to close
        client.close(timeout=CLOSE_TIMEOUT)


@dataclass
class UncertaintyRuns:
    """The Monte Carlo of a scenario's ``uncertainty:`` section on several targets (``negsim run``)."""

    samples: int
    seed: int
    targets: dict[str, UncertaintyResult]

    def to_dict(self) -> dict[str, Any]:
        return {"samples": self.samples, "seed": self.seed,
                "targets": {k: r.to_dict() for k, r in self.targets.items()}}


def run_targets(scenario: Scenario, targets: Sequence[tuple[str | None, OutcomeSpace | None]], *,
                seed: int | None = None, progress: Progress | None = None) -> UncertaintyRuns:
    """:func:`run_uncertainty` on each (agenda, built space) — keyed ``full_package`` or the agenda id."""
    spec = scenario.uncertainty
    if spec is None:
        raise NegsimError("this scenario has no `uncertainty:` section")
    chosen = spec.seed if seed is None else seed
    runs = {("full_package" if agenda is None else agenda):
            run_uncertainty(scenario, agenda, seed=chosen, progress=progress, space=space) for agenda, space in targets}
    return UncertaintyRuns(spec.samples, chosen, runs)


__all__ = ["MAX_SAMPLES", "UncertaintyRuns", "estimate_uncertainty", "run_targets", "run_uncertainty"]
