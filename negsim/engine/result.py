"""What the bargaining analysis of one deal space returns: one set of types, one JSON shape, any engine.

Both engines (:mod:`negsim.engine.enumeration` and :mod:`negsim.engine.merge`) fill the same
:class:`Analysis`; counts say whether they are exact, and ``to_dict()`` has the same keys
whichever engine ran (documented in docs/engine.md, "result.json").

Example:
    >>> import negsim
    >>> a = negsim.analyze(negsim.load(negsim.bundled("four-issue-scoring")))
    >>> a.zopa_size, a.solutions["nash"].utilities
    (44, {'x': 0.7142857142857142, 'y': 0.7142857142857142})
    >>> sorted(a.to_dict()["zopa"])
    ['estimate', 'exact', 'interval', 'share', 'size']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negsim.numeric import BoolArray, FloatArray

DIGITS = 12
"""Decimals kept for utilities in ``to_dict()`` (sums of floats carry noise in the 17th digit: 0.16999999999999998)."""


def clean(values: dict[str, float] | None) -> dict[str, float] | None:
    """Utilities by party for JSON: rounded to :data:`DIGITS` decimals, −0.0 written as 0.0.

    >>> clean({"a": 0.16999999999999998, "b": -0.0})
    {'a': 0.17, 'b': 0.0}
    """
    return None if values is None else {k: round(float(v), DIGITS) + 0.0 for k, v in values.items()}


SOLUTION_NAMES = {"nash": "Nash", "kalai_smorodinsky": "Kalai–Smorodinsky",
                  "egalitarian": "Egalitarian", "utilitarian": "Utilitarian"}
"""The four bargaining solutions, in the order negsim reports them."""


@dataclass(frozen=True)
class Count:
    """A number of deals: exact, or estimated from a seeded sample with a 95% Wilson interval."""

    size: int
    exact: bool = True
    estimate: float | None = None
    interval: tuple[float, float] | None = None

    @staticmethod
    def of(n: int) -> Count:
        """An exact count."""
        return Count(int(n), True, float(n), (float(n), float(n)))


@dataclass
class Solution:
    """A bargaining solution: the deal, each party's utility and gain, and the deals tied with it.

    ``ties`` counts every deal reaching the same optimum; ``tied_deals`` lists up to ten others;
    ``tied_options`` gives, for each issue on which the tied deals differ, every option they take
    (so a tie is reported as a set, never as the one deal shown).
    """

    name: str
    label: str
    index: int | None
    deal: dict[str, str] | None
    utilities: dict[str, float] | None
    gains: dict[str, float] | None
    ties: int
    tied_deals: list[dict[str, str]] = field(default_factory=list)
    value: float | None = None
    note: str = ""
    tied_options: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "deal": self.deal, "utilities": clean(self.utilities), "gains": clean(self.gains),
                "ties": self.ties, "tied_deals": self.tied_deals, "tied_options": self.tied_options,
                "objective": self.value, "note": self.note, "index": self.index}


@dataclass
class ConvexSolution:
    """A solution on the convex hull of the frontier: a lottery between two adjacent deals."""

    name: str
    label: str
    utilities: dict[str, float]
    lottery: list[tuple[dict[str, str], float]]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "utilities": clean(self.utilities),
                "lottery": [{"deal": d, "probability": round(p, DIGITS)} for d, p in self.lottery]}


@dataclass
class ConstraintReport:
    """One constraint: what it is, how many deals break it, and its price."""

    id: str
    party: str
    kind: str
    text: str
    reason: str
    broken_by: int
    opens: int
    nash_if_dropped: dict[str, Any] | None
    binds: bool
    counts_exact: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"constraint": self.id, "party": self.party, "kind": self.kind, "text": self.text,
                "reason": self.reason, "broken_by": self.broken_by, "opens": self.opens,
                "nash_if_dropped": None if self.nash_if_dropped is None else
                {**self.nash_if_dropped, "utilities": clean(self.nash_if_dropped.get("utilities"))},
                "binds": self.binds, "counts_exact": self.counts_exact}


@dataclass
class Diagnosis:
    """Why there is no deal (minimal conflicting sets), and what each constraint costs."""

    conflicts: list[list[str]]
    complete: bool
    prices: list[ConstraintReport]
    openings: list[tuple[list[str], int]] = field(default_factory=list)

    @property
    def binding(self) -> list[str]:
        return [p.id for p in self.prices if p.binds]

    def to_dict(self) -> dict[str, Any]:
        return {"conflicts": self.conflicts, "complete": self.complete, "binding": self.binding,
                "prices": [p.to_dict() for p in self.prices],
                "openings": [{"drop": d, "opens": n} for d, n in self.openings]}


@dataclass
class FrontierPoint:
    """A point of the Pareto frontier and the deals with exactly these utilities (``count`` in all)."""

    utilities: dict[str, float]
    deals: list[dict[str, str]]
    indices: list[int]
    count: int = 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"deal": self.deals[0], "utilities": clean(self.utilities)}
        if len(self.deals) > 1:
            out["identical_deals"] = self.deals[1:]
        if self.count > len(self.deals):
            out["deals_count"] = self.count
        return out


@dataclass
class Analysis:
    """Everything negsim computes about one agenda (or the full package)."""

    title: str
    agenda: str | None
    agenda_name: str
    issues: list[str]
    off_table: dict[str, str]
    parties: list[str]
    party_names: dict[str, str]
    no_deal: dict[str, float]
    power: dict[str, float]
    deals_total: int
    zopa_size: int
    frontier: list[FrontierPoint]
    solutions: dict[str, Solution]
    convex: dict[str, ConvexSolution]
    diagnosis: Diagnosis
    demands: dict[str, dict[str, str]]
    options: dict[str, list[str]] = field(default_factory=dict)
    issue_names: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    method: str = "enumeration"
    zopa_exact: bool = True
    zopa_estimate: float | None = None
    zopa_interval: tuple[float, float] | None = None
    largest_intermediate: int = 0
    # arrays for plots (not in to_dict)
    frontier_u: FloatArray = field(default_factory=lambda: np.zeros((0, 2)), repr=False)
    sample_u: FloatArray = field(default_factory=lambda: np.zeros((0, 2)), repr=False)
    sample_feasible: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool), repr=False)
    sampled: bool = False

    @property
    def zopa_share(self) -> float:
        return self.zopa_size / self.deals_total if self.deals_total else 0.0

    @property
    def has_deal(self) -> bool:
        return self.zopa_size > 0

    def to_dict(self) -> dict[str, Any]:
        zopa: dict[str, Any] = {"size": self.zopa_size, "share": self.zopa_share, "exact": self.zopa_exact,
                                "estimate": self.zopa_estimate,
                                "interval": list(self.zopa_interval) if self.zopa_interval else None}
        if not self.zopa_exact:
            zopa.update({"confidence": 0.95, "method": f"uniform sample of {len(self.sample_u):,} deals (seeded)"})
        return {
            "agenda": self.agenda, "agenda_name": self.agenda_name, "issues": self.issues,
            "off_table": self.off_table, "method": self.method,
            "deals_total": self.deals_total, "zopa": zopa,
            "no_deal": self.no_deal, "power": self.power,
            "diagnosis": self.diagnosis.to_dict(),
            "frontier": [p.to_dict() for p in self.frontier],
            "solutions": {k: v.to_dict() for k, v in self.solutions.items()},
            "convexified": {k: v.to_dict() for k, v in self.convex.items()},
        }


__all__ = ["SOLUTION_NAMES", "Analysis", "ConstraintReport", "ConvexSolution", "Count", "Diagnosis",
           "FrontierPoint", "Solution"]
