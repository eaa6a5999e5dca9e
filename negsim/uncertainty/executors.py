"""Running batches of samples: in this process, on local processes, or on a Dask cluster.

A :class:`Job` is one batch: the scenario, the agenda, the varied inputs and either the
batch's seed (inputs drawn from stream ``batch`` of the root seed, see
:mod:`negsim.uncertainty.sampling`) or explicit input rows (sweeps). :func:`run_jobs`
runs jobs with ``concurrent.futures.ProcessPoolExecutor`` (``workers`` processes), or on
an existing Dask distributed cluster (``dask.distributed.Client(address)``, the optional
extra ``negsim[distributed]``), and returns the tables in batch order — the same numbers
whatever ran them. Progress is reported through a callback (:mod:`negsim.progress`).

Example:
    >>> import negsim
    >>> from negsim.scenario.models import Vary
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> jobs = make_jobs(s, "arms_control", [Vary(path="parties.russia.no_deal", uniform=(0, 0.3))], 7, 1200)
    >>> [(j.start, j.stop) for j in jobs]
    [(0, 500), (500, 1000), (1000, 1200)]
    >>> tables = run_jobs(jobs, workers=1)
    >>> sum(len(t) for t in tables)
    1200
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

import numpy as np

from negsim.engine.batched import SampleTable
from negsim.engine.sample_plan import make_plan
from negsim.errors import NegsimError
from negsim.progress import Progress, tell
from negsim.scenario.models import Scenario, Vary
from negsim.space import OutcomeSpace
from negsim.uncertainty.evaluate import evaluate_with_games
from negsim.uncertainty.sampling import BATCH, batches, draw_batch

GROUPS_PER_WORKER = 2
"""Tasks per local worker process (consecutive batches share one deal-space build)."""

CONNECT_TIMEOUT = "10s"
"""How long to wait for a Dask scheduler before giving up."""


@dataclass(frozen=True)
class Job:
    """One batch of samples to evaluate."""

    scenario: Scenario
    agenda: str | None
    vary: tuple[Vary, ...]
    seed: int
    batch: int
    start: int
    stop: int
    values: np.ndarray | None = None  # explicit input rows (sweeps); None: draw from the batch's stream
    space: OutcomeSpace | None = None  # the deal space, when already built (it is rebuilt otherwise)

    @property
    def paths(self) -> list[str]:
        return [v.path for v in self.vary]


def run_job(job: Job) -> tuple[int, SampleTable]:
    """Evaluate one batch (a Dask task)."""
    return run_group([job])[0]


def run_group(jobs: Sequence[Job]) -> list[tuple[int, SampleTable]]:
    """Evaluate consecutive batches of the same run, building the deal space once."""
    first = jobs[0]
    plan = make_plan(first.scenario, first.agenda, first.paths, first.space)
    out = []
    for job in jobs:
        x = job.values
        if x is None:
            x = draw_batch(job.scenario, list(job.vary), job.seed, job.batch, job.stop - job.start)
        out.append((job.batch, evaluate_with_games(plan, x)))
    return out


def _groups(jobs: Sequence[Job], n: int) -> list[list[Job]]:
    """Split the batches into about ``n`` groups of consecutive batches (one task each)."""
    size = max(1, -(-len(jobs) // n))
    return [list(jobs[i:i + size]) for i in range(0, len(jobs), size)]


def make_jobs(scenario: Scenario, agenda: str | None, vary: Sequence[Vary], seed: int, samples: int,
              size: int = BATCH, space: OutcomeSpace | None = None) -> list[Job]:
    """The batches of a Monte Carlo run: fixed size, so results never depend on how they are run."""
    return [Job(scenario, agenda, tuple(vary), seed, b, start, stop, space=space)
            for b, start, stop in batches(samples, size)]


def value_jobs(scenario: Scenario, agenda: str | None, vary: Sequence[Vary], x: np.ndarray,
               size: int = BATCH) -> list[Job]:
    """Batches of given input rows (a sweep grid)."""
    return [Job(scenario, agenda, tuple(vary), 0, b, start, stop, x[start:stop])
            for b, start, stop in batches(len(x), size)]


def run_jobs(jobs: Sequence[Job], *, workers: int | None = None, scheduler: str | None = None,
             client: Any = None, progress: Progress | None = None, label: str = "samples") -> list[SampleTable]:
    """Run every job and return the tables in batch order.

    ``client`` (a ``dask.distributed.Client``) or ``scheduler`` (its address) → Dask;
    otherwise ``workers`` local processes (default: all cores; 1 runs in this process).
    ``progress(label, done, total)`` is told as batches finish.
    """
    results: dict[int, SampleTable] = {}
    total, done = sum(j.stop - j.start for j in jobs), 0
    tell(progress, label, 0, total)
    for batch, table in _results(jobs, workers, scheduler, client):
        results[batch] = table
        done += len(table)
        tell(progress, label, done, total)
    return [results[j.batch] for j in jobs]


def _results(jobs: Sequence[Job], workers: int | None, scheduler: str | None,
             client: Any) -> Iterator[tuple[int, SampleTable]]:
    if client is not None or scheduler is not None:
        yield from _dask(jobs, scheduler, client)
        return
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n < 1:
        raise NegsimError(f"--workers must be at least 1, found {n}")
    if n == 1 or len(jobs) <= 1:
        for group in _groups(jobs, len(jobs)):
            yield from run_group(group)
        return
    with ProcessPoolExecutor(max_workers=min(n, len(jobs))) as pool:
        futures = [pool.submit(run_group, group) for group in _groups(jobs, GROUPS_PER_WORKER * n)]
        for future in as_completed(futures):
            yield from future.result()


def _dask(jobs: Sequence[Job], scheduler: str | None, client: Any) -> Iterator[tuple[int, SampleTable]]:
    try:
        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed
    except ImportError:
        raise NegsimError("running on a Dask cluster needs dask.distributed: "
                          "pip install 'negsim[distributed]'") from None
    own = client is None
    if own:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise NegsimError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with "
                              "`dask scheduler` and pass the address it prints (tcp://HOST:8786)") from None
    try:
        futures = client.map(run_job, list(jobs), pure=False)
        for _, result in dask_completed(futures, with_results=True):
            yield result
    finally:
        if own:
            client.close()


__all__ = ["Job", "make_jobs", "run_group", "run_job", "run_jobs", "value_jobs"]
