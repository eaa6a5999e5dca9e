"""Running batches of samples: in this process, on local processes, or on a Dask cluster.

A :class:`Job` is one batch: the scenario, the agenda, the varied inputs and either the
batch's seed (inputs drawn from stream ``batch`` of the root seed, see
:mod:`negsim.uncertainty.sampling`) or explicit input rows (sweeps). :func:`run_jobs`
runs jobs with ``concurrent.futures.ProcessPoolExecutor`` (``workers`` processes, a few
short tasks in flight at a time, stopped at once on Ctrl-C or any error), or on an existing
Dask distributed cluster (:mod:`negsim.uncertainty.cluster`, the optional extra
``negsim[distributed]``), and returns the tables in batch order — the same numbers whatever
ran them. Progress is reported through a callback (:mod:`negsim.progress`).

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

import contextlib
import itertools
import os
import signal
import time
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import numpy as np

from negsim import interrupts
from negsim.engine.batched import SampleTable
from negsim.engine.sample_plan import make_plan
from negsim.errors import NegsimError
from negsim.progress import Progress, tell
from negsim.scenario.models import Scenario, Vary
from negsim.space import OutcomeSpace
from negsim.uncertainty.evaluate import evaluate_with_games
from negsim.uncertainty.sampling import BATCH, batches, draw_batch

GROUP_BATCHES = 8
"""Most consecutive batches in one task: tasks stay short, so progress moves steadily and a stopped
run loses little (consecutive batches of a task share one deal-space plan)."""

IN_FLIGHT_PER_WORKER = 2
"""Tasks handed to each local worker process at a time (the rest wait in this process)."""

STOP_GRACE = 2.0
"""Seconds given to stopped worker processes to exit before they are killed."""


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
    """Evaluate one batch."""
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


def _groups(jobs: Sequence[Job], workers: int) -> list[list[Job]]:
    """Consecutive batches in groups of at most :data:`GROUP_BATCHES`, at least four groups per worker."""
    size = max(1, min(GROUP_BATCHES, -(-len(jobs) // (4 * max(1, workers)))))
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
    running = _results(jobs, workers, scheduler, client)
    try:  # close() on any exit (Ctrl-C in a progress callback included) stops the workers now, not when collected
        for batch, table in running:
            results[batch] = table
            done += len(table)
            tell(progress, label, done, total)
    finally:
        running.close()
    return [results[j.batch] for j in jobs]


def _results(jobs: Sequence[Job], workers: int | None, scheduler: str | None,
             client: Any) -> Generator[tuple[int, SampleTable], None, None]:
    if client is not None or scheduler is not None:
        from negsim.uncertainty.cluster import run_on_dask

        yield from run_on_dask(jobs, scheduler, client, lambda group: _groups(group, 4))
        return
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n < 1:
        raise NegsimError(f"--workers must be at least 1, found {n}")
    if n == 1 or len(jobs) <= 1:
        for job in jobs:
            interrupts.check()
            yield from run_group([job])
        return
    yield from _on_processes(_groups(jobs, n), min(n, len(jobs)))


def _on_processes(groups: list[list[Job]], n: int) -> Iterator[tuple[int, SampleTable]]:
    """Run the groups on ``n`` local processes, a few at a time; stop every process at once on any exit.

    Ctrl-C reaches the whole foreground process group: the workers ignore it (this process
    decides), and on any exception — Ctrl-C included — the workers are terminated instead of
    being waited for, so a stopped run ends in about a second, not when the running tasks end.
    """
    pool = ProcessPoolExecutor(max_workers=n, initializer=_ignore_interrupts)
    todo = iter(groups)
    running: set[Future[list[tuple[int, SampleTable]]]] = set()
    try:
        for group in itertools.islice(todo, IN_FLIGHT_PER_WORKER * n):
            running.add(pool.submit(run_group, group))
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
                nxt = next(todo, None)
                if nxt is not None:
                    running.add(pool.submit(run_group, nxt))
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started, terminate the worker processes, and reap them (killing stragglers)."""
    with interrupts.deferred():  # a second Ctrl-C waits until the workers are gone, then is raised
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for proc in processes:
            with contextlib.suppress(Exception):
                proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + STOP_GRACE
        for proc in processes:
            with contextlib.suppress(Exception):
                proc.join(max(0.0, deadline - time.monotonic()))
                if proc.is_alive():
                    proc.kill()
                    proc.join(1.0)


def _ignore_interrupts() -> None:
    """Worker processes leave Ctrl-C to the process that started them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


__all__ = ["Job", "make_jobs", "run_group", "run_job", "run_jobs", "stop_pool", "value_jobs"]
