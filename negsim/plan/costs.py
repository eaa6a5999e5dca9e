"""The cost models of negsim's kinds of work, with unit costs measured on the development machine.

Each function turns the numbers that describe a piece of work (deals, parties, constraints,
samples, rounds, strategies) into an :class:`~negsim.plan.budgets.Estimate`: a sum of unit
costs from :data:`COSTS`, fitted by ``benchmarks/calibrate_plan.py`` on the 2-core, 24 GB
development machine (docs/limits.md has the measured-against-estimated table). The
enumeration's Pareto-frontier term grows with the frontier, which the engine estimates
from a seeded sample of deals (:class:`Sample`) with the expected-maxima law of Bentley,
Kung, Schkolnick & Thompson (1978), "On the average number of maxima in a set of vectors
and applications", JACM 25(4):536–543: about ln(n)^(P−1)/(P−1)! of n random points are maxima.

Example:
    >>> e = monte_carlo(samples=10**12, deals=26_244, parties=3, constraints=12)
    >>> e.what, e.seconds > 3.0e9
    ('Monte Carlo of 1.0e+12 samples × 26,244 deals', True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from negsim.plan.budgets import MIB, Estimate

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
    # assembling and writing an analysis, per frontier point (listing, result.json); for two parties also
    # the convexified solutions (vectorised over the hull's edges since; re-measured with bench_scale.py)
    "frontier_point": 25e-6, "frontier_point_2p": 20e-6, "frontier_point_bytes": 2048.0,
    # Monte Carlo power indices, per sample per player (a random order and a random coalition)
    "power_sample_player": 0.25e-6,
    # forecasts under shocks, per sample × issue × round × actor² (the expected-utility model's pairs)
    "forecast_pair": 0.45e-6,
}
"""Unit costs in seconds (and bytes), measured by ``benchmarks/calibrate_plan.py`` (docs/limits.md)."""

BASE_MEMORY = 150 * MIB
"""What a command holds besides its main work (interpreter, numpy, the scenario): not counted per unit."""

def _n(x: float) -> str:
    """``1,000,000`` below 10^9, ``1.0e+12`` above."""
    return f"{x:,.0f}" if x < 1e9 else f"{x:.1e}"


DENSE_FRONTIER = 0.5
"""A sample whose frontier holds at least this share of its points has a dense frontier."""


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
    if sample_frontier >= DENSE_FRONTIER * sample_points:
        return min(points, max(sample_frontier, points * sample_frontier / sample_points))
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


def frontier_report(points: float, parties: int) -> Estimate:
    """Assembling an analysis around a frontier of ``points`` points and writing it (both engines)."""
    per = COSTS["frontier_point"] + (COSTS["frontier_point_2p"] if parties == 2 else 0.0)
    return Estimate(f"assembling and writing a Pareto frontier of about {_n(points)} points", points * per,
                    points * COSTS["frontier_point_bytes"] + BASE_MEMORY,
                    "analyse an agenda (--agenda) or coarsen numeric issues (a larger `step`)")


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


def power_samples(samples: int, players: int) -> Estimate:
    """Monte Carlo power indices: ``samples`` random orders and coalitions of ``players``."""
    return Estimate(f"Monte Carlo power indices of {_n(float(samples))} samples × {players} players",
                    samples * players * COSTS["power_sample_player"], 20_000 * players * 8 * 8 + BASE_MEMORY,
                    "use fewer --samples, or --method exact", "samples", samples)


def forecast_samples(samples: int, actors: int, issues: int, rounds: int) -> Estimate:
    """The spatial models re-run under ``samples`` shocks (all samples at once, as arrays)."""
    cells = float(samples) * issues * actors
    return Estimate(f"forecasts under {_n(float(samples))} shocks of {actors} actors × {issues} issues",
                    cells * rounds * actors * COSTS["forecast_pair"], cells * actors * 8 * 4 + BASE_MEMORY,
                    "use fewer --samples or --rounds", "samples", samples)


__all__ = ["BASE_MEMORY", "COSTS", "DENSE_FRONTIER", "Sample", "domain", "enumeration", "equilibria",
           "forecast_samples", "frontier_report", "frontier_size", "merge", "monte_carlo", "negotiations", "pivoting",
           "power_samples", "walks"]
