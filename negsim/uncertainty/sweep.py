"""Sweeps: one or two inputs stepped over a grid, everything else as written.

One input gives lines (does a deal exist, which deal each solution picks, each party's
utility) and the thresholds where the answer changes; each threshold where a deal
appears or disappears is refined by bisection between the two grid points around it
(to 1e-9 of the input's scale). Two inputs give a map of the deal each solution picks
and where no deal exists. The grid points are evaluated with the batched engine.

Example:
    >>> import negsim
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> sw = run_sweep(s, [parse_vary("parties.russia.no_deal=0:0.4:5")], agenda="arms_control")
    >>> sw.has_deal.tolist()
    [True, True, True, False, False]
    >>> round(sw.thresholds[0]["at"], 6)       # Russia's best utility in the arms-control ZOPA
    0.236364
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negsim import plan
from negsim.engine import cost
from negsim.engine.batched import SampleTable, evaluate_plan
from negsim.engine.sample_plan import make_plan
from negsim.errors import NegsimError
from negsim.progress import Progress
from negsim.scenario.models import Scenario, Vary
from negsim.scenario.paths import resolve
from negsim.space import OutcomeSpace, build_space
from negsim.uncertainty.executors import run_jobs, value_jobs

MAX_STEPS = 2001
BISECTIONS = 50

_SPEC = re.compile(r"^\s*(?P<path>[^=\s]+)\s*=\s*(?P<lo>[-+0-9.eE]+)\s*:\s*(?P<hi>[-+0-9.eE]+)\s*:\s*(?P<n>\d+)\s*$")


@dataclass(frozen=True)
class SweepSpec:
    """One swept input: a path and an evenly spaced grid ``low..high`` with ``steps`` points."""

    path: str
    low: float
    high: float
    steps: int

    @property
    def grid(self) -> NDArray[np.float64]:
        return np.linspace(self.low, self.high, self.steps)


def parse_vary(text: str) -> SweepSpec:
    """``PATH=LOW:HIGH:STEPS`` → :class:`SweepSpec` (NegsimError with the expected form otherwise).

    >>> parse_vary("parties.russia.no_deal=0:0.5:6").grid.tolist()
    [0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5]
    """
    m = _SPEC.match(text)
    if not m:
        raise NegsimError(f"--vary `{text}`: expected PATH=LOW:HIGH:STEPS, e.g. parties.russia.no_deal=0:0.5:26")
    try:
        spec = SweepSpec(m["path"], float(m["lo"]), float(m["hi"]), int(m["n"]))
    except ValueError:
        raise NegsimError(f"--vary `{text}`: LOW and HIGH must be numbers, STEPS a whole number") from None
    if not 2 <= spec.steps <= MAX_STEPS or not spec.low < spec.high:
        raise NegsimError(f"--vary `{text}`: need LOW < HIGH and 2 ≤ STEPS ≤ {MAX_STEPS}")
    return spec


@dataclass
class SweepResult:
    """Results on the grid: arrays shaped like the grid (steps,) or (steps1, steps2)."""

    title: str
    agenda: str | None
    agenda_name: str
    parties: list[str]
    party_names: dict[str, str]
    specs: list[SweepSpec]
    has_deal: NDArray[np.bool_]
    zopa: NDArray[np.int64]
    picks: dict[str, NDArray[np.int64]]  # solution → deal index per grid point (-1: no deal)
    utilities: dict[str, NDArray[np.float64]]  # solution → (*grid, P)
    deals: dict[int, dict[str, str]]  # every deal index that appears
    thresholds: list[dict[str, Any]] = field(default_factory=list)
    changes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    issue_names: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "agenda": self.agenda, "agenda_name": self.agenda_name,
            "inputs": [{"path": s.path, "grid": s.grid.round(9).tolist()} for s in self.specs],
            "has_deal": self.has_deal.tolist(), "zopa": self.zopa.tolist(),
            "solutions": {k: {"deal_index": v.tolist(), "utilities": _nullable(self.utilities[k])}
                          for k, v in self.picks.items()},
            "deals": {str(k): v for k, v in sorted(self.deals.items())},
            "thresholds": self.thresholds, "deal_changes": self.changes,
        }


def _nullable(a: NDArray[np.float64]) -> Any:
    """Nested lists with NaN written as None (JSON null)."""
    out = a.round(9).astype(object)
    out[np.isnan(a)] = None
    return out.tolist()


def estimate_sweep(scenario: Scenario, specs: Sequence[SweepSpec], agenda: str | None = None, *,
                   workers: int | None = 1, space: OutcomeSpace | None = None) -> plan.Estimate:
    """The plan of :func:`run_sweep`: every grid point on the batched engine, plus the threshold bisections.

    >>> import negsim
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> estimate_sweep(s, [parse_vary("parties.russia.no_deal=0:0.4:5")], "arms_control").total
    5
    """
    space = build_space(scenario, agenda) if space is None else space
    points = int(np.prod([spec.steps for spec in specs]))
    extra = BISECTIONS * (specs[0].steps - 1) if len(specs) == 1 else 0  # at most one bisection per grid step
    lanes = workers if workers is not None else (os.cpu_count() or 1)
    e = plan.monte_carlo(points + extra, space.size, len(space.parties), len(space.constraints),
                         inputs=len(specs), games=len(scenario.games), feasible=cost.pilot(space).feasible_share,
                         workers=lanes, what="sweep", unit="grid points",
                         changes="use fewer STEPS in --vary, or analyse a smaller agenda (--agenda)")
    return plan.with_unit(e, "grid points", points)


def run_sweep(scenario: Scenario, specs: Sequence[SweepSpec], agenda: str | None = None, *,
              workers: int | None = 1, scheduler: str | None = None, progress: Progress | None = None) -> SweepResult:
    """Evaluate every grid point; for one input also find the thresholds (see the module docstring).

    Planned first (:func:`estimate_sweep`) and refused before any point is evaluated when it
    would exceed the budget.
    """
    if not 1 <= len(specs) <= 2:
        raise NegsimError("a sweep varies one or two inputs (give --vary once or twice)")
    for spec in specs:
        _check_range(scenario, spec)
    if len(specs) == 2 and specs[0].path == specs[1].path:
        raise NegsimError("the two --vary inputs must be different fields")
    plan.check(estimate_sweep(scenario, specs, agenda, workers=workers))
    grids = np.meshgrid(*[s.grid for s in specs], indexing="ij")
    x = np.stack([g.ravel() for g in grids], axis=1)
    vary = tuple(Vary(path=s.path, uniform=(s.low, s.high)) for s in specs)
    table = SampleTable.concat(run_jobs(value_jobs(scenario, agenda, vary, x), workers=workers,
                                        scheduler=scheduler, progress=progress, label="grid points"))
    prepared = make_plan(scenario, agenda, [s.path for s in specs])
    result = _result(prepared.space, specs, table)
    if len(specs) == 1:
        result.thresholds = _thresholds(prepared, specs[0], table)
        result.changes = _changes(prepared.space, specs[0], result.picks)
    return result


def _check_range(scenario: Scenario, spec: SweepSpec) -> None:
    ref = resolve(scenario, spec.path)
    lo, hi = ref.bounds
    if spec.low < lo or spec.high > hi:
        raise NegsimError(f"--vary {spec.path}: `{ref.kind}` must stay in [{lo:g}, {hi:g}]; "
                          f"found {spec.low:g}:{spec.high:g}")


def _result(space: OutcomeSpace, specs: Sequence[SweepSpec], t: SampleTable) -> SweepResult:
    shape = tuple(s.steps for s in specs)
    picks = {"nash": t.nash.reshape(shape), "kalai_smorodinsky": t.ks.reshape(shape)}
    utilities = {"nash": t.nash_u.reshape(*shape, -1), "kalai_smorodinsky": t.ks_u.reshape(*shape, -1)}
    seen = sorted({int(i) for p in picks.values() for i in np.unique(p) if i >= 0})
    info = space.info
    return SweepResult(info.title, space.agenda, info.agenda_name, space.parties, info.party_names, list(specs),
                       t.has_deal.reshape(shape), t.zopa.reshape(shape), picks, utilities,
                       {i: space.deal(i) for i in seen}, issue_names=dict(info.issue_names), units=dict(info.units))


def _thresholds(plan: Any, spec: SweepSpec, t: SampleTable) -> list[dict[str, Any]]:
    """Where a deal appears or disappears along the grid, refined by bisection."""
    grid, ok = spec.grid, t.has_deal
    out = []
    for i in np.flatnonzero(ok[:-1] != ok[1:]):
        lo, hi = float(grid[i]), float(grid[i + 1])
        left = bool(ok[i])
        for _ in range(BISECTIONS):
            mid = (lo + hi) / 2
            if bool(evaluate_plan(plan, np.array([[mid]])).has_deal[0]) == left:
                lo = mid
            else:
                hi = mid
            if hi - lo <= 1e-12 * max(1.0, abs(hi)):
                break
        out.append({"input": spec.path, "at": (lo + hi) / 2, "between": [float(grid[i]), float(grid[i + 1])],
                    "deal_exists_below": left, "deal_exists_above": not left})
    return out


def _changes(space: OutcomeSpace, spec: SweepSpec,
             picks: dict[str, NDArray[np.int64]]) -> dict[str, list[dict[str, Any]]]:
    """For each solution, the grid intervals where its deal changes (and to what)."""
    grid = spec.grid
    out: dict[str, list[dict[str, Any]]] = {}
    for name, p in picks.items():
        out[name] = [{"between": [float(grid[i]), float(grid[i + 1])],
                      "from": None if p[i] < 0 else space.deal(int(p[i])),
                      "to": None if p[i + 1] < 0 else space.deal(int(p[i + 1]))}
                     for i in np.flatnonzero(p[:-1] != p[1:])]
    return out


__all__ = ["SweepResult", "SweepSpec", "parse_vary", "run_sweep"]
