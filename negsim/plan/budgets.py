"""The budget of a command, estimates of its work, and the refusal of work over budget.

A :class:`Budget` is seconds and bytes: the defaults (:data:`DEFAULT_SECONDS`,
:data:`DEFAULT_MEMORY`), else ``NEGSIM_BUDGET_SECONDS`` / ``NEGSIM_BUDGET_MEMORY``, else what a
command was given (``--budget-seconds``, ``--budget-memory``) or what Python code sets with
``with plan.budget(Budget(...)):``. An :class:`Estimate` is what a piece of work will take
(:mod:`negsim.plan.costs` makes them); :func:`check` raises :class:`OverBudget`, naming the
piece that is over, its estimate and the options that change it.

Example:
    >>> e = combine("run", [Estimate("walk", 700.0, 1e8, "use --method merge"), Estimate("games", 1.0, 1e7)])
    >>> try:
    ...     check(e, Budget(seconds=600))
    ... except OverBudget as exc:
    ...     print(str(exc)[:73])
    walk would take about 12 min (budget 10 min), so it was not started (run:
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


def with_unit(e: Estimate, unit: str, total: int) -> Estimate:
    """The same estimate counted in other units (what a progress bar shows)."""
    return replace(e, unit=unit, total=total)


def with_changes(e: Estimate, changes: str) -> Estimate:
    """The same estimate with other advice (a command knows its own options best)."""
    return replace(e, changes=changes)


__all__ = ["DEFAULT_MEMORY", "DEFAULT_SECONDS", "ENV_MEMORY", "ENV_SECONDS", "GIB", "MIB", "OPTIONS", "Budget",
           "Estimate", "OverBudget", "budget", "bytes_text", "check", "combine", "current", "fits",
           "from_environment", "parse_memory", "parse_seconds", "scale_limit", "seconds_text", "with_changes",
           "with_unit"]
