"""A scenario evaluated at given input rows: batched (fast), and one analysis per sample (the reference).

:func:`evaluate` is what every Monte Carlo batch and sweep runs: the batched engine
(:mod:`negsim.engine.batched`) for the deal space and :mod:`negsim.games.sampled` for the
games. :func:`evaluate_per_sample` builds the same table the slow way — the sample applied
to the scenario (:func:`negsim.scenario.apply.apply_sample`) and :func:`negsim.analyze` per
row — and is what the tests compare the batched engine with.

Example:
    >>> import negsim, numpy as np
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> t = evaluate(s, "arms_control", ["parties.russia.no_deal"], np.array([[0.2], [0.9]]))
    >>> t.has_deal.tolist(), int(t.zopa[0]) == negsim.analyze(s, "arms_control").zopa_size
    ([True, False], True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from negsim.engine import analyze
from negsim.engine.batched import SampleTable, evaluate_plan
from negsim.engine.result import Analysis
from negsim.engine.sample_plan import Plan, make_plan
from negsim.games.sampled import game_structures
from negsim.numeric import FloatArray
from negsim.scenario.apply import apply_sample
from negsim.scenario.models import Scenario
from negsim.scenario.paths import resolve_all
from negsim.space import build_space


def evaluate_with_games(plan: Plan, x: FloatArray) -> SampleTable:
    """Per-sample results for the input rows ``x`` (k, V) on a prepared plan, games included."""
    table = evaluate_plan(plan, x)
    table.games = game_structures(plan.space.scenario, plan.refs, x)
    return table


def evaluate(scenario: Scenario, agenda: str | None, paths: Sequence[str], x: FloatArray) -> SampleTable:
    """Per-sample results of ``scenario`` (one agenda or the full package) with ``paths`` set to rows of ``x``."""
    x = np.asarray(x, dtype=float).reshape(len(x), len(paths))
    return evaluate_with_games(make_plan(scenario, agenda, paths), x)


def evaluate_per_sample(scenario: Scenario, agenda: str | None, paths: Sequence[str], x: FloatArray) -> SampleTable:
    """The same table built the slow way: :func:`apply_sample` then :func:`negsim.analyze` per row."""
    refs = resolve_all(scenario, list(paths))
    space = build_space(scenario, agenda)
    ids = [c.id for c in space.constraints]
    rows = [_row(analyze(apply_sample(scenario, refs, xi), agenda), ids) for xi in x]
    p, c = len(space.parties), len(ids)
    if not rows:
        return evaluate_with_games(make_plan(scenario, agenda, paths), x)

    def col(i: int, shape: tuple[int, ...], dtype: type) -> Any:
        return np.array([r[i] for r in rows], dtype=dtype).reshape(len(rows), *shape)

    return SampleTable(x, col(0, (), bool), col(1, (), np.int64), col(2, (), np.int64), col(3, (p,), float),
                       col(4, (), np.int64), col(5, (p,), float), col(6, (c,), bool), col(7, (c,), bool),
                       col(8, (c,), bool), [r[9] for r in rows],  # type: ignore[misc]
                       game_structures(scenario, refs, x))


def _row(a: Analysis, ids: list[str]) -> tuple[object, ...]:
    nan = [float("nan")] * len(a.parties)
    nash, ks = a.solutions["nash"], a.solutions["kalai_smorodinsky"]
    by_id = {p.id: p for p in a.diagnosis.prices}
    alone = [not a.has_deal and by_id[i].opens > 0 for i in ids]
    involved = [any(i in conflict for conflict in a.diagnosis.conflicts) for i in ids]
    binds = [by_id[i].binds for i in ids]
    masks = tuple(sorted(sum(1 << ids.index(i) for i in conflict) for conflict in a.diagnosis.conflicts))
    return (a.has_deal, a.zopa_size, -1 if nash.index is None else nash.index,
            list(nash.utilities.values()) if nash.utilities else nan,
            -1 if ks.index is None else ks.index, list(ks.utilities.values()) if ks.utilities else nan,
            alone, involved, binds, masks)


__all__ = ["evaluate", "evaluate_per_sample", "evaluate_with_games"]
