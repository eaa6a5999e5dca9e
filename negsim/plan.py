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

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from negsim.errors import NegsimError

GIB = 1 << 30
MIB = 1 << 20

DEFAULT_SECONDS = 600.0
"""Default time budget of one command: ten minutes."""

DEFAULT_MEMORY = 8 * GIB
"""Default memory budget of one command: 8 GiB, a third of the development machine's 24 GB."""

ENV_SECONDS = "NEGSIM_BUDGET_SECONDS"
ENV_MEMORY = "NEGSIM_BUDGET_MEMORY"
OPTIONS = "--budget-seconds / --budget-memory (or NEGSIM_BUDGET_SECONDS / NEGSIM_BUDGET_MEMORY)"
"""How a user raises the budget; every refusal names it."""

COSTS: Mapping[str, float] = {
    # enumerating engine, per deal: utilities and constraint bits (per party, per constraint)
    "enum_deal": 60e-9, "enum_deal_party": 40e-9, "enum_deal_constraint": 4e-9,
    # its Pareto skyline: per (point compared × frontier point × party), per frontier point; the share
    # of the prefilter's survivors beyond the frontier still compared on average (most go at the first pivots)
    "skyline_pair": 3.0e-9, "skyline_pivot": 15e-6, "skyline_spread": 0.1,
    # enumerating engine memory, per deal of a chunk per party (utilities and temporaries)
    "enum_chunk_bytes_party": 40.0,
    # batched Monte Carlo engine, per sample × deal cell per party, and per feasible cell per party
    "cell_party": 9e-9, "feasible_cell_party": 100e-9,
    # per sample: drawing, conflicts, bookkeeping; per sample per game
    "sample": 20e-6, "sample_game": 10e-6,
    # memory kept per sample in the process that collects results, per input, per party, per constraint
    "sample_bytes": 200.0, "sample_bytes_input": 24.0, "sample_bytes_party": 32.0,
    "sample_bytes_constraint": 3.0, "sample_bytes_game": 16.0,
    # working memory of the batched engine: cells per block × bytes per cell per party
    "block_bytes_party": 36.0,
    # starting one local worker process; the share of each extra process's time that is useful work
    "worker_start": 0.5, "parallel_efficiency": 0.7,
    # a walk over the deals by a derived game or a decision rule, per deal per party
    "walk_deal_party": 30e-9,
    # the negotiators' domain: building it per deal per party, and its memory per deal per party
    "domain_deal_party": 60e-9, "domain_bytes_deal_party": 40.0,
    # one negotiation round per party, and the protocol's history copies (per round², per party)
    "round_party": 10e-6, "round2_party": 3e-9,
    # complete equilibrium enumeration, per candidate basis (both polytopes)
    "basis": 1.0e-6,
    # Lemke–Howson, per pivot per tableau entry
    "pivot_entry": 25e-9,
}
"""Unit costs in seconds (and bytes), measured by ``benchmarks/calibrate_plan.py`` (docs/limits.md)."""

BASE_MEMORY = 150 * MIB
"""What a command holds besides its main work (interpreter, numpy, the scenario): not counted per unit."""

_current: ContextVar[Budget | None] = ContextVar("negsim_budget", default=None)


# --- the budget ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Budget:
    """How much time (seconds) and memory (bytes) one command may use."""

    seconds: float = DEFAULT_SECONDS
    memory: float = DEFAULT_MEMORY

    def __post_init__(self) -> None:
        if not (self.seconds > 0 and math.isfinite(self.seconds)):
            raise NegsimError(f"the time budget must be a positive number of seconds, found {self.seconds!r}")
        if not (self.memory > 0 and math.isfinite(self.memory)):
            raise NegsimError(f"the memory budget must be a positive number of bytes, found {self.memory!r}")

    def describe(self) -> str:
        """``"600 s and 8.0 GB"``."""
        return f"{seconds_text(self.seconds)} and {bytes_text(self.memory)}"


def current() -> Budget:
    """The budget in force: set by :func:`budget`, else from the environment, else the defaults."""
    chosen = _current.get()
    return chosen if chosen is not None else from_environment(os.environ)


@contextmanager
def budget(chosen: Budget) -> Iterator[Budget]:
    """Use ``chosen`` as the budget inside the block (commands wrap their work in it)."""
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def from_environment(environ: Mapping[str, str], seconds: float | None = None,
                     memory: float | None = None) -> Budget:
    """The budget from ``NEGSIM_BUDGET_SECONDS`` / ``NEGSIM_BUDGET_MEMORY``, with explicit values winning.

    >>> from_environment({"NEGSIM_BUDGET_SECONDS": "90"}).seconds
    90.0
    """
    s = seconds if seconds is not None else _env(environ, ENV_SECONDS, parse_seconds, DEFAULT_SECONDS)
    m = memory if memory is not None else _env(environ, ENV_MEMORY, parse_memory, DEFAULT_MEMORY)
    return Budget(float(s), float(m))


def _env(environ: Mapping[str, str], name: str, parse: object, default: float) -> float:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        return float(parse(text))  # type: ignore[operator]
    except NegsimError as exc:
        raise NegsimError(f"environment variable {name}: {exc}") from None


_SECONDS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h)?\s*$", re.IGNORECASE)
_MEMORY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\s*$", re.IGNORECASE)


def parse_seconds(text: str) -> float:
    """``"90"``, ``"90s"``, ``"10m"``, ``"1.5h"`` → seconds.

    >>> parse_seconds("1.5h")
    5400.0
    """
    m = _SECONDS.match(str(text))
    if not m or float(m[1]) <= 0:
        raise NegsimError(f"expected a duration such as 600, 90s, 10m or 1h, found `{text}`")
    unit = (m[2] or "s").lower()
    return float(m[1]) * {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600}[unit]


def parse_memory(text: str) -> int:
    """``"8G"``, ``"512M"``, ``"2GB"``, ``"1073741824"`` → bytes (K, M, G, T are powers of 1024).

    >>> parse_memory("512M")
    536870912
    """
    m = _MEMORY.match(str(text))
    if not m or float(m[1]) <= 0:
        raise NegsimError(f"expected a memory size such as 8G, 512M or 2GB, found `{text}`")
    unit = (m[2] or "b").lower()[0]
    return int(float(m[1]) * {"b": 1, "k": 1 << 10, "m": MIB, "g": GIB, "t": 1 << 40}[unit])


def seconds_text(s: float) -> str:
    """``"0.3 s"``, ``"42 s"``, ``"12 min"``, ``"3.2 h"``, ``"4.1 days"``, ``"1e+08 years"``."""
    if s < 10:
        return f"{s:.1f} s"
    if s < 120:
        return f"{s:.0f} s"
    if s < 7200:
        return f"{s / 60:.0f} min"
    if s < 3 * 86400:
        return f"{s / 3600:.1f} h"
    if s < 365 * 86400:
        return f"{s / 86400:.1f} days"
    years = s / (365 * 86400)
    return f"{years:.0f} years" if years < 1e4 else f"{years:.0e} years"


def bytes_text(b: float) -> str:
    """``"210 MB"``, ``"8.0 GB"``, ``"3.7 TB"`` (powers of 1024, as ``--budget-memory`` reads them)."""
    for unit, size in (("PB", 1 << 50), ("TB", 1 << 40), ("GB", GIB)):
        if b >= size:
            return f"{b / size:.1f} {unit}" if b / size < 1e4 else f"{b / size:.0e} {unit}"
    return f"{max(b, 0) / MIB:.0f} MB"


# --- estimates ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Estimate:
    """The time and peak memory one piece of work is expected to take, and the options that change it.

    ``unit`` and ``total`` name what a progress bar counts (``deals``, ``samples`` …);
    ``parts`` are the pieces of a whole command (sequential: times add, memory peaks).
    """

    what: str
    seconds: float
    memory: float
    changes: str = ""
    unit: str = ""
    total: int = 0
    parts: tuple[Estimate, ...] = field(default_factory=tuple)

    def summary(self) -> str:
        """``"about 24 s and 210 MB"``."""
        return f"about {seconds_text(self.seconds)} and {bytes_text(self.memory)}"

    def seconds_for(self, unit: str) -> float | None:
        """The estimated time of the part counting ``unit`` (a progress bar shows it), or None."""
        found = [p.seconds for p in (self, *self.all_parts()) if p.unit == unit]
        return max(found) if found else None

    def all_parts(self) -> list[Estimate]:
        out: list[Estimate] = []
        for p in self.parts:
            out.append(p)
            out.extend(p.all_parts())
        return out


def combine(what: str, parts: Sequence[Estimate]) -> Estimate:
    """Work done one piece after another: times add, memory is the largest piece's.

    >>> combine("run", [Estimate("a", 1.0, 10.0), Estimate("b", 2.0, 5.0)]).seconds
    3.0
    """
    parts = tuple(p for p in parts if p is not None)
    changes = "; ".join(dict.fromkeys(p.changes for p in parts if p.changes))
    return Estimate(what, sum(p.seconds for p in parts), max((p.memory for p in parts), default=0.0), changes,
                    parts=parts)


class OverBudget(NegsimError):
    """Work whose estimate exceeds the budget: refused before it starts."""

    def __init__(self, estimate: Estimate, budget: Budget) -> None:
        self.estimate = estimate
        self.budget = budget
        worst = _worst_part(estimate, budget)
        over = []
        if estimate.seconds > budget.seconds:
            over.append(f"{seconds_text(estimate.seconds)} (budget {seconds_text(budget.seconds)})")
        if estimate.memory > budget.memory:
            over.append(f"{bytes_text(estimate.memory)} of memory (budget {bytes_text(budget.memory)})")
        text = f"{worst.what} would take about {' and '.join(over)}, so it was not started"
        if worst is not estimate:
            text += f" ({estimate.what}: {estimate.summary()} in all)"
        if worst.changes:
            text += f"; {worst.changes}"
        super().__init__(f"{text}; or raise the budget with {OPTIONS}")


def _worst_part(e: Estimate, b: Budget) -> Estimate:
    """The piece most responsible for going over (the whole when it has no parts)."""
    leaves = [p for p in e.all_parts() if not p.parts] or [e]
    return max(leaves, key=lambda p: max(p.seconds / b.seconds, p.memory / b.memory))


def check(estimate: Estimate, chosen: Budget | None = None) -> Estimate:
    """Refuse (:class:`OverBudget`) work whose estimate exceeds the budget; return the estimate otherwise."""
    b = chosen or current()
    if estimate.seconds > b.seconds or estimate.memory > b.memory:
        raise OverBudget(estimate, b)
    return estimate


def fits(estimate: Estimate, chosen: Budget | None = None) -> bool:
    """Whether the estimate is within the budget."""
    b = chosen or current()
    return estimate.seconds <= b.seconds and estimate.memory <= b.memory


def scale_limit(limit: float, kind: str, chosen: Budget | None = None) -> float:
    """A fixed engine limit scaled with the budget: ``limit`` holds at the default budget.

    ``kind`` is ``"seconds"`` or ``"memory"``: a budget twice the default allows twice the work.

    >>> scale_limit(100, "seconds", Budget(seconds=2 * DEFAULT_SECONDS))
    200.0
    """
    b = chosen or current()
    ratio = b.seconds / DEFAULT_SECONDS if kind == "seconds" else b.memory / DEFAULT_MEMORY
    return float(limit) * ratio


# --- the models -----------------------------------------------------------------------------

def _n(x: float) -> str:
    """``1,000,000`` below 10^9, ``1.0e+12`` above."""
    return f"{x:,.0f}" if x < 1e9 else f"{x:.1e}"


def frontier_size(points: float, sample_points: float, sample_frontier: float, parties: int) -> float:
    """Expected Pareto-frontier size among ``points`` feasible deals, from a sample's frontier.

    Scales the sample's frontier by the maxima law (ln n)^(P−1) (Bentley et al. 1978), never
    above the number of points.

    >>> round(frontier_size(10**6, 1000, 20, 2))
    40
    """
    if points <= 1 or sample_frontier <= 0:
        return min(max(points, 0.0), 1.0)
    if sample_points <= 1:
        return min(points, max(sample_frontier, 1.0))
    ratio = math.log(points) / math.log(max(sample_points, 2.0))
    return min(points, sample_frontier * max(ratio, 1.0) ** max(parties - 1, 0))


@dataclass(frozen=True)
class Sample:
    """What a seeded sample of deals says about a space (the engine's pilot, :mod:`negsim.engine.cost`).

    ``size`` deals were drawn, ``feasible`` of them meet every constraint, and ``survivors``
    of those pass the skyline's prefilter; the Pareto frontier of the first ``points``
    feasible ones has ``frontier`` deals.
    """

    size: int = 0
    feasible: int = 0
    survivors: int = 0
    points: int = 0
    frontier: int = 0

    @property
    def feasible_share(self) -> float:
        return self.feasible / self.size if self.size else 1.0

    @property
    def survivor_share(self) -> float:
        return self.survivors / self.feasible if self.feasible else 0.0

    def frontier_of(self, points: float, parties: int) -> float:
        """Expected frontier size among ``points`` feasible deals (:func:`frontier_size`)."""
        return frontier_size(points, self.points, self.frontier, parties)


def enumeration(deals: int, parties: int, constraints: int, sample: Sample | None = None,
                chunk: int = 1 << 20) -> Estimate:
    """Walking every deal, chunk by chunk: per-deal work, the skyline of each chunk, the merge of frontiers.

    The skyline (three parties or more) takes the frontier points one by one and compares
    each with the points still alive: about F × (F + spread·(S − F)) comparisons for F
    frontier points among S prefilter survivors. From the second chunk on, the frontier
    found so far is merged with each chunk's (about F_all × (F_all + F_chunk)). Without a
    ``sample`` every deal is taken as feasible and the frontier as small.
    """
    c = COSTS
    n = float(deals)
    linear = n * (c["enum_deal"] + c["enum_deal_party"] * parties + c["enum_deal_constraint"] * constraints)
    s = sample or Sample()
    per_chunk, chunks = min(n, float(chunk)), max(1, math.ceil(n / chunk))
    f_all = s.frontier_of(n * s.feasible_share, parties)
    f_chunk = s.frontier_of(per_chunk * s.feasible_share, parties)
    sky = 0.0
    if parties >= 3:
        alive = per_chunk * s.feasible_share * s.survivor_share
        pairs = f_chunk * (f_chunk + c["skyline_spread"] * max(0.0, alive - f_chunk))
        sky = chunks * (c["skyline_pair"] * parties * pairs + c["skyline_pivot"] * f_chunk)
        if chunks > 1:
            sky += chunks * (c["skyline_pair"] * parties * (f_all + f_chunk) * f_all + c["skyline_pivot"] * f_all)
    memory = per_chunk * parties * c["enum_chunk_bytes_party"] + f_all * parties * 8 * 6 + BASE_MEMORY
    what = f"enumerating {_n(n)} deals of {parties} parties"
    if parties >= 3 and f_all > 1000:
        what += f" (a Pareto frontier of about {_n(f_all)} deals)"
    return Estimate(what, linear + sky, memory,
                    "analyse an agenda (--agenda), coarsen numeric issues, or use --method merge", "deals", deals)


def merge(deals: int, parties: int, issues: int) -> Estimate:
    """Merging issue frontiers: bounded by the merge's own step limits (which scale with the budget).

    Seconds are nominal (measured 0.04–4 s on 10^6–10^60-deal spaces of 2–5 parties); each
    merge step refuses before allocating when it would pass its limits.
    """
    return Estimate(f"merging the issue frontiers of {_n(float(deals))} deals of {parties} parties",
                    0.05 * issues * max(1, parties - 1), 600 * MIB, "analyse an agenda (--agenda)")


def monte_carlo(samples: int, deals: int, parties: int, constraints: int, *, inputs: int = 1, games: int = 0,
                feasible: float = 1.0, workers: int = 1, what: str = "Monte Carlo", unit: str = "samples",
                changes: str = "use fewer --samples, or analyse a smaller agenda (--agenda)") -> Estimate:
    """K samples × N deals on the batched engine, on ``workers`` processes; results gathered here."""
    c = COSTS
    k, n = float(samples), float(deals)
    serial = k * (c["sample"] + c["sample_game"] * games
                  + n * parties * (c["cell_party"] + c["feasible_cell_party"] * feasible))
    w = max(1, workers)
    seconds = serial / (w * c["parallel_efficiency"]) + c["worker_start"] * w if w > 1 else serial
    kept = k * (c["sample_bytes"] + c["sample_bytes_input"] * inputs + c["sample_bytes_party"] * parties
                + c["sample_bytes_constraint"] * constraints + c["sample_bytes_game"] * games)
    block = min(k * n, float(1 << 20)) * parties * c["block_bytes_party"]
    return Estimate(f"{what} of {_n(k)} {unit} × {_n(n)} deals", seconds, kept + block + BASE_MEMORY, changes, unit,
                    samples)


def walks(deals: int, parties: int, passes: int, what: str) -> Estimate:
    """``passes`` streaming walks over the deals (derived games, decision rules)."""
    seconds = float(deals) * parties * passes * COSTS["walk_deal_party"]
    return Estimate(f"{what}: {passes} walk(s) over {_n(float(deals))} deals", seconds,
                    min(float(deals), float(1 << 20)) * parties * 40 + BASE_MEMORY, "analyse an agenda (--agenda)")


def domain(deals: int, parties: int) -> Estimate:
    """The negotiators' domain: every deal's utilities held at once (see negsim.dynamics.domain)."""
    n = float(deals)
    return Estimate(f"the negotiation domain of {_n(n)} deals of {parties} parties",
                    n * parties * COSTS["domain_deal_party"], n * parties * COSTS["domain_bytes_deal_party"]
                    + BASE_MEMORY, "negotiate on an agenda (--agenda) or fewer parties (--parties)")


def negotiations(runs: int, rounds: int, parties: int, what: str = "negotiations") -> Estimate:
    """``runs`` negotiations of at most ``rounds`` rounds (the worst case: no early agreement)."""
    per_run = parties * (rounds * COSTS["round_party"] + rounds * rounds * COSTS["round2_party"])
    memory = runs * parties * 64 + rounds * parties * 200 + BASE_MEMORY
    return Estimate(f"{_n(float(runs))} {what} of up to {_n(float(rounds))} rounds", runs * per_run, memory,
                    "use fewer --rounds, --seeds or strategies", "negotiations", runs)


def equilibria(rows: int, columns: int) -> Estimate:
    """Complete equilibrium enumeration: every candidate basis of both best-response polytopes."""
    bases = math.comb(rows + columns, rows)
    return Estimate(f"complete equilibrium enumeration of a {rows}×{columns} game ({_n(float(bases))} bases)",
                    2 * bases * COSTS["basis"], 64 * MIB + BASE_MEMORY, "use --method lcp", "bases", 2 * bases)


def pivoting(rows: int, columns: int, max_pivots: int) -> Estimate:
    """Lemke–Howson from every starting label, each path capped at ``max_pivots`` pivots."""
    entries = (rows + columns) * max(rows, columns)
    paths = rows + columns
    return Estimate(f"Lemke–Howson on a {rows}×{columns} game ({paths} paths of at most {max_pivots:,} pivots)",
                    paths * max_pivots * entries * COSTS["pivot_entry"], BASE_MEMORY, "use fewer --max-pivots",
                    "paths", paths)


def with_unit(e: Estimate, unit: str, total: int) -> Estimate:
    """The same estimate counted in other units (what a progress bar shows)."""
    return replace(e, unit=unit, total=total)


def with_changes(e: Estimate, changes: str) -> Estimate:
    """The same estimate with other advice (a command knows its own options best)."""
    return replace(e, changes=changes)


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
    "from_environment",
    "frontier_size",
    "merge",
    "monte_carlo",
    "negotiations",
    "parse_memory",
    "parse_seconds",
    "pivoting",
    "scale_limit",
    "seconds_text",
    "walks",
    "with_changes",
    "with_unit",
]
