"""What many samples say: how likely a deal is, which deals, how much each party gets, what blocks.

* P(deal exists) with a Wilson score interval (Wilson 1927, "Probable inference, the law
  of succession, and statistical inference", JASA 22:209–212), 95% by default.
* The distribution of the Nash and Kalai–Smorodinsky deals: the most frequent deals with
  their frequencies, "no deal" included.
* Utility distributions per party (quantiles over the samples where the solution exists).
* For every constraint: the probability that it alone blocks (no deal, and dropping it
  alone opens one), that it is in some minimal conflicting set, and that it binds.
* Sensitivity: Spearman's rank correlation (Spearman 1904) of each varied input with each
  result (deal exists, ZOPA share, each party's Nash utility, and — for constraints that
  are in a conflict in some samples only — whether it is), ranked by the largest
  absolute correlation — the data of a tornado chart (Saltelli et al. 2008, *Global
  Sensitivity Analysis: The Primer*, ch. 1).

Example:
    >>> wilson_interval(45, 100)
    (0.3561, 0.5476)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negsim.engine import counting
from negsim.engine.batched import SampleTable
from negsim.space import OutcomeSpace

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
TOP = 10
SOLUTIONS = {"nash": "Nash", "kalai_smorodinsky": "Kalai–Smorodinsky"}


def wilson_interval(successes: int, n: int) -> tuple[float, float]:
    """The 95% Wilson score interval for P(deal) (:func:`negsim.engine.counting.wilson_interval`), to 4 decimals."""
    lo, hi = counting.wilson_interval(successes, n)
    return round(lo, 4), round(hi, 4)


def average_ranks(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Ranks 1..n with ties given the mean of the ranks they span (the "average" method).

    >>> average_ranks(np.array([10.0, 30, 20, 30])).tolist()
    [1.0, 3.5, 2.0, 3.5]
    """
    x = np.asarray(x, dtype=float)
    order = np.argsort(x, kind="mergesort")
    xs = x[order]
    starts = np.flatnonzero(np.r_[True, xs[1:] != xs[:-1]])
    ends = np.r_[starts[1:], len(xs)]
    ranks = np.empty(len(x))
    ranks[order] = np.repeat((starts + ends + 1) / 2.0, ends - starts)
    return ranks


def spearman(x: NDArray[np.float64], y: NDArray[np.float64]) -> float | None:
    """Spearman's rank correlation (average ranks for ties); None when either side is constant.

    >>> spearman(np.array([1.0, 2, 3, 4]), np.array([10.0, 20, 30, 25]))
    0.8
    """
    if len(x) < 3:
        return None
    rx, ry = average_ranks(x), average_ranks(y)
    sx, sy = rx.std(), ry.std()
    if sx == 0 or sy == 0:
        return None
    return round(float(np.mean((rx - rx.mean()) * (ry - ry.mean())) / (sx * sy)), 4)


@dataclass
class DealCount:
    """A deal (None: no deal) and how often a solution picked it."""

    deal: dict[str, str] | None
    index: int
    count: int
    frequency: float

    def to_dict(self) -> dict[str, Any]:
        return {"deal": self.deal, "count": self.count, "frequency": self.frequency}


@dataclass
class ConstraintRisk:
    """How often one constraint blocks, takes part in a conflict, or binds."""

    id: str
    party: str
    text: str
    p_blocks: float
    p_blocks_given_no_deal: float | None
    p_in_conflict: float
    p_binds: float

    def to_dict(self) -> dict[str, Any]:
        return {"constraint": self.id, "party": self.party, "text": self.text, "p_blocks": self.p_blocks,
                "p_blocks_given_no_deal": self.p_blocks_given_no_deal, "p_in_conflict": self.p_in_conflict,
                "p_binds": self.p_binds}


@dataclass
class Sensitivity:
    """One input's rank correlation with each result, and its rank score (largest |ρ|)."""

    input: str
    correlations: dict[str, float | None]

    @property
    def score(self) -> float:
        return max((abs(v) for v in self.correlations.values() if v is not None), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "spearman": self.correlations, "score": self.score}


@dataclass
class UncertaintyResult:
    """The summary of a Monte Carlo run (``table`` keeps every sample for plots; not in to_dict)."""

    title: str
    agenda: str | None
    agenda_name: str
    samples: int
    seed: int | None
    inputs: list[dict[str, str]]
    parties: list[str]
    party_names: dict[str, str]
    deals_total: int
    deals_with_deal: int
    p_deal: float
    p_deal_ci: tuple[float, float]
    solutions: dict[str, list[DealCount]]
    utilities: dict[str, dict[str, dict[str, float]]]
    constraints: list[ConstraintRisk]
    conflict_sets: list[dict[str, Any]]
    sensitivity: list[Sensitivity]
    games: dict[str, list[dict[str, Any]]]
    notes: list[str] = field(default_factory=list)
    table: SampleTable | None = field(default=None, repr=False)
    issue_names: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "agenda": self.agenda, "agenda_name": self.agenda_name,
            "samples": self.samples, "seed": self.seed, "inputs": self.inputs, "deals_total": self.deals_total,
            "p_deal": self.p_deal, "p_deal_ci95": list(self.p_deal_ci), "samples_with_deal": self.deals_with_deal,
            "solutions": {k: [d.to_dict() for d in v] for k, v in self.solutions.items()},
            "utilities": self.utilities,
            "constraints": [c.to_dict() for c in self.constraints],
            "conflict_sets": self.conflict_sets,
            "sensitivity": [s.to_dict() for s in self.sensitivity],
            "games": self.games, "notes": self.notes,
        }


def summarise(space: OutcomeSpace, table: SampleTable, inputs: list[dict[str, str]], seed: int | None,
              notes: list[str] | None = None) -> UncertaintyResult:
    """Turn per-sample rows into the summary (see the module docstring)."""
    k = len(table)
    hits = int(table.has_deal.sum())
    paths = [i["path"] for i in inputs]
    info = space.info
    return UncertaintyResult(
        title=info.title, agenda=space.agenda, agenda_name=info.agenda_name,
        samples=k, seed=seed, inputs=inputs, parties=space.parties,
        party_names=info.party_names, deals_total=space.size,
        deals_with_deal=hits, p_deal=round(hits / k, 6) if k else 0.0, p_deal_ci=wilson_interval(hits, k),
        solutions={"nash": deal_counts(space, table.nash), "kalai_smorodinsky": deal_counts(space, table.ks)},
        utilities={"nash": utility_quantiles(space, table.nash_u),
                   "kalai_smorodinsky": utility_quantiles(space, table.ks_u)},
        constraints=constraint_risks(space, table, paths), conflict_sets=conflict_sets(space, table),
        sensitivity=sensitivity(space, table, paths),
        games={g: [{"structure": s, "frequency": round(n / k, 6)} for s, n in Counter(v).most_common()]
               for g, v in table.games.items()},
        notes=notes or [], table=table, issue_names=dict(info.issue_names), units=dict(info.units),
    )


def deal_counts(space: OutcomeSpace, picks: NDArray[np.int64], top: int = TOP) -> list[DealCount]:
    """The most frequent picks (index -1 is "no deal"), most frequent first."""
    if len(picks) == 0:
        return []
    values, counts = np.unique(picks, return_counts=True)
    order = np.lexsort((values, -counts))[:top]
    return [DealCount(None if values[i] < 0 else space.deal(int(values[i])), int(values[i]), int(counts[i]),
                      round(float(counts[i]) / len(picks), 6)) for i in order]


def utility_quantiles(space: OutcomeSpace, u: NDArray[np.float64]) -> dict[str, dict[str, float]]:
    """Mean and quantiles of each party's utility over the samples where it is defined."""
    ok = ~np.isnan(u).any(axis=1)
    out: dict[str, dict[str, float]] = {}
    for j, p in enumerate(space.parties):
        col = u[ok, j]
        if len(col) == 0:
            continue
        qs = np.quantile(col, QUANTILES)
        out[p] = {"n": len(col), "mean": round(float(col.mean()), 6),
                  **{f"q{round(q * 100):02d}": round(float(v), 6) for q, v in zip(QUANTILES, qs, strict=True)}}
    return out


def constraint_risks(space: OutcomeSpace, table: SampleTable, paths: Sequence[str] = ()) -> list[ConstraintRisk]:
    """Per constraint: P(it alone blocks), P(alone blocks | no deal), P(in a conflict), P(it binds)."""
    from negsim.scenario.paths import split_path

    varied = {tuple(split_path(p)) for p in paths}
    k = max(1, len(table))
    no_deal = ~table.has_deal
    n_no = int(no_deal.sum())
    out = []
    for c, con in enumerate(space.constraints):
        given = round(float(table.alone[no_deal, c].mean()), 6) if n_no else None
        text = con.text
        floor_path = (("parties", con.party, "no_deal") if con.kind == "no_deal"
                      else ("preferences", *split_path(con.id), "min_utility"))
        if con.floor is not None and floor_path in varied:
            text = text.rsplit(" ", 1)[0] + " (uncertain)"
        out.append(ConstraintRisk(con.id, con.party, text, round(float(table.alone[:, c].sum()) / k, 6), given,
                                  round(float(table.involved[:, c].sum()) / k, 6),
                                  round(float(table.binds[:, c].sum()) / k, 6)))
    return out


def conflict_sets(space: OutcomeSpace, table: SampleTable, top: int = TOP) -> list[dict[str, Any]]:
    """The most frequent lists of minimal conflicting sets among samples without a deal."""
    ids = [c.id for c in space.constraints]
    counts = Counter(c for c, ok in zip(table.conflicts, table.has_deal, strict=True) if not ok)
    k = max(1, len(table))
    return [{"conflicts": [[ids[b] for b in range(len(ids)) if m >> b & 1] for m in masks],
             "frequency": round(n / k, 6)} for masks, n in counts.most_common(top)]


def result_columns(space: OutcomeSpace, table: SampleTable) -> dict[str, NDArray[np.float64]]:
    """The per-sample results sensitivity is measured on (NaN where undefined)."""
    cols = {"deal_exists": table.has_deal.astype(float), "zopa_share": table.zopa / max(1, space.size)}
    for j, p in enumerate(space.parties):
        cols[f"nash_utility.{p}"] = table.nash_u[:, j]
    for c, con in enumerate(space.constraints):  # what drives a constraint into the conflicts, when that varies
        share = table.involved[:, c].mean() if len(table) else 0.0
        if 0.0 < share < 1.0:
            cols[f"in_conflict.{con.id}"] = table.involved[:, c].astype(float)
    return cols


def sensitivity(space: OutcomeSpace, table: SampleTable, paths: list[str]) -> list[Sensitivity]:
    """Spearman ρ of every input with every result column, inputs ranked by their largest |ρ|."""
    cols = result_columns(space, table)
    out = []
    for j, path in enumerate(paths):
        x = table.values[:, j]
        corr = {}
        for name, y in cols.items():
            ok = ~np.isnan(y)
            corr[name] = spearman(x[ok], y[ok])
        out.append(Sensitivity(path, corr))
    return sorted(out, key=lambda s: -s.score)


__all__ = ["ConstraintRisk", "DealCount", "Sensitivity", "UncertaintyResult", "deal_counts", "spearman",
           "summarise", "wilson_interval"]
