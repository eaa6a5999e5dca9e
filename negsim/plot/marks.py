"""What a figure marks for each bargaining solution: one deal, or the whole set of deals tied with it.

A solution reached by k > 1 deals (``Solution.ties``) is not one answer: figures draw every
tied point, never the tie-break's pick alone. The tied set is recomputed here from the
frontier utilities with the engine's own objective functions
(:mod:`negsim.bargaining.solutions`), so it is exactly the set the engine counted.
Solutions that land on the same point are grouped, so figures can say "Nash = Utilitarian".

Example:
    >>> import negsim
    >>> a = negsim.analyze(negsim.load(negsim.bundled("divide-the-dollar")))
    >>> rows = tied_rows(a.frontier_u, a, "utilitarian")
    >>> len(rows), a.solutions["utilitarian"].ties
    (101, 101)
    >>> [g for g in coinciding(a) if len(g) > 1]
    [['nash', 'kalai_smorodinsky', 'egalitarian']]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negsim.bargaining import solutions as sol
from negsim.engine.result import SOLUTION_NAMES, Analysis, Solution
from negsim.numeric import FloatArray, IntArray, quantize


def is_tied(solution: Solution) -> bool:
    """True when more than one deal reaches the solution's objective."""
    return solution.utilities is not None and solution.ties > 1


def tied_rows(points: FloatArray, analysis: Analysis, name: str) -> IntArray:
    """Rows of ``points`` (frontier utilities, parties in ``analysis.parties`` order) that reach the
    best value of solution ``name``'s objective — the engine's tie rule, recomputed."""
    if len(points) == 0:
        return np.zeros(0, dtype=np.int64)
    d = np.array([analysis.no_deal[p] for p in analysis.parties])
    picks = {"nash": lambda: sol.nash(points, d, np.array([analysis.power[p] for p in analysis.parties])),
             "kalai_smorodinsky": lambda: sol.kalai_smorodinsky(points, d),
             "egalitarian": lambda: sol.egalitarian(points, d),
             "utilitarian": lambda: sol.utilitarian(points)}
    found = picks[name]()
    return np.array(found.ties, dtype=np.int64)


def frontier_array(analysis: Analysis) -> FloatArray:
    """The utilities of ``analysis.frontier`` (one row per frontier point), parties in order."""
    if not analysis.frontier:
        return np.zeros((0, len(analysis.parties)))
    return np.array([list(f.utilities.values()) for f in analysis.frontier], dtype=float)


def coinciding(analysis: Analysis) -> list[list[str]]:
    """The single-deal solutions grouped by the point they land on (in the report's order).

    Tied solutions are left out: they are drawn as sets, not points.
    """
    groups: dict[tuple[int, ...], list[str]] = {}
    for name, s in analysis.solutions.items():
        if s.utilities is None or is_tied(s):
            continue
        key = tuple(int(v) for v in quantize([s.utilities[p] for p in analysis.parties]))
        groups.setdefault(key, []).append(name)
    return list(groups.values())


def same_label(names: Sequence[str]) -> str:
    """"Nash = Kalai–Smorodinsky" for solutions that coincide.

    >>> same_label(["nash", "utilitarian"])
    'Nash = Utilitarian'
    """
    return " = ".join(SOLUTION_NAMES[n] for n in names)


def tied_label(solution: Solution, rows: int) -> str:
    """The legend text of a tied solution: "Utilitarian: any of 101 tied deals".

    >>> from negsim.engine.result import Solution
    >>> tied_label(Solution("utilitarian", "Utilitarian", 0, {}, {}, {}, 101), 101)
    'Utilitarian: any of 101 tied deals'
    >>> tied_label(Solution("nash", "Nash", 0, {}, {}, {}, 3), 1)
    'Nash: 3 tied deals, same utilities'
    """
    if rows <= 1:
        return f"{solution.label}: {solution.ties:,} tied deals, same utilities"
    return f"{solution.label}: any of {solution.ties:,} tied deals"


def tied_options(analysis: Analysis) -> dict[str, dict[str, list[str]]]:
    """For each tied solution: per issue, the options its tied deals use (in the issue's option order)."""
    names = [n for n, s in analysis.solutions.items() if is_tied(s)]
    if not names:
        return {}
    points = frontier_array(analysis)
    out = {}
    for name in names:
        used: dict[str, set[str]] = {i: set() for i in analysis.issues}
        for r in tied_rows(points, analysis, name).tolist():
            for deal in analysis.frontier[r].deals:
                for issue, option in deal.items():
                    if issue in used:
                        used[issue].add(option)
        out[name] = {i: [o for o in analysis.options.get(i, []) if o in used[i]] for i in analysis.issues}
    return out


__all__ = ["coinciding", "frontier_array", "is_tied", "same_label", "tied_label", "tied_options", "tied_rows"]
