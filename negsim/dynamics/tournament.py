"""Tournaments: every combination of strategies, several seeds each, and the empirical meta-game.

Each party picks a strategy from its list; every profile is negotiated ``seeds`` times
(seed 0, 1, …; a profile with no stochastic strategy and no breakdown risk is run once,
since every seed gives the same trace). The table reports agreement rate, mean utilities
and mean rounds to agreement. The *meta-game* — a normal-form game whose payoffs are the
parties' mean discounted utilities — is then solved: its Nash equilibria say which
strategy each party should pick (Axelrod 1984 ran the first such tournament; the
empirical-game view is Wellman 2006, "Methods for empirical game-theoretic analysis", AAAI).

Example:
    >>> import negsim
    >>> from negsim.dynamics.domain import build_domain
    >>> dom = build_domain(negsim.load(negsim.bundled("divide-the-dollar")))
    >>> t = play(dom, ["boulware", "conceder"], seeds=2, rounds=20)
    >>> len(t.cells), t.meta.pure[0]["profile"]
    (4, {'alice': 'boulware', 'bob': 'boulware'})
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negsim import interrupts, plan
from negsim.dynamics import strategies as strat
from negsim.dynamics.domain import Domain
from negsim.dynamics.protocols import Fault, Spec, create, first_index, label, normalise_spec, outcome_of, run
from negsim.errors import NegsimError
from negsim.progress import Progress, tell

FloatArray = NDArray[np.float64]

MAX_RUNS = 200_000
"""Largest number of negotiations one tournament may run."""


@dataclass
class Cell:
    """One strategy profile's results over its seeds."""

    profile: tuple[str, ...]
    runs: int
    agreements: int
    utilities: FloatArray  # (P,) mean utility (no-deal utility when talks fail)
    discounted: FloatArray  # (P,) mean discounted utility — the meta-game payoff
    rounds: float | None  # mean round of agreement (None when no run agreed)
    faults: list[tuple[int, Fault]] = field(default_factory=list)  # (seed, fault) of runs a strategy broke

    @property
    def agreement_rate(self) -> float:
        return self.agreements / self.runs

    def to_dict(self, parties: list[str]) -> dict[str, Any]:
        return {"profile": dict(zip(parties, self.profile, strict=True)), "runs": self.runs,
                "agreement_rate": self.agreement_rate, "mean_utilities": _named(parties, self.utilities),
                "mean_discounted_utilities": _named(parties, self.discounted), "mean_rounds": self.rounds,
                "faults": [{"seed": seed, **f.to_dict()} for seed, f in self.faults]}


@dataclass
class MetaGame:
    """The empirical game between the parties' strategy choices and its equilibria."""

    parties: list[str]
    strategies: list[list[str]]
    payoffs: FloatArray  # shape (S_1, …, S_P, P)
    equilibria: list[dict[str, Any]]  # mixed (two parties): {party: {strategy: p}}, payoffs
    pure: list[dict[str, Any]]  # pure equilibria: profile, payoffs
    method: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"parties": self.parties, "strategies": dict(zip(self.parties, self.strategies, strict=True)),
                "payoffs": self.payoffs.tolist(), "equilibria": self.equilibria, "pure_equilibria": self.pure,
                "method": self.method, "note": self.note}


@dataclass
class Tournament:
    """All cells of a tournament and its meta-game."""

    parties: list[str]
    strategies: list[list[str]]
    seeds: int
    rounds: int
    breakdown: float
    cells: list[Cell]
    meta: MetaGame
    agenda: str | None = None

    @property
    def faults(self) -> list[dict[str, Any]]:
        """Every run a strategy broke (raised, or made an invalid move): profile, seed, party, strategy, round."""
        return [{"profile": list(c.profile), "seed": seed, **f.to_dict()} for c in self.cells for seed, f in c.faults]

    def to_dict(self) -> dict[str, Any]:
        return {"agenda": self.agenda, "parties": self.parties,
                "strategies": dict(zip(self.parties, self.strategies, strict=True)), "seeds": self.seeds,
                "rounds": self.rounds, "breakdown": self.breakdown,
                "cells": [c.to_dict(self.parties) for c in self.cells], "meta_game": self.meta.to_dict(),
                "faults": self.faults}

    def grid(self, what: str = "agreement_rate", party: int = 0) -> FloatArray:
        """Two parties: a (S_1, S_2) matrix of ``agreement_rate``, ``utility``, ``discounted`` or ``rounds``."""
        if len(self.parties) != 2:
            raise NegsimError("a tournament grid needs two parties")
        out = np.full((len(self.strategies[0]), len(self.strategies[1])), np.nan)
        pos = [{s: k for k, s in enumerate(ss)} for ss in self.strategies]
        for c in self.cells:
            value = {"agreement_rate": c.agreement_rate, "utility": c.utilities[party],
                     "discounted": c.discounted[party], "rounds": np.nan if c.rounds is None else c.rounds}[what]
            out[pos[0][c.profile[0]], pos[1][c.profile[1]]] = value
        return out


def play(domain: Domain, strategies: Sequence[Spec] | Mapping[str, Sequence[Spec]] = strat.TOURNAMENT,
         seeds: int = 10, rounds: int = 30, first: str | None = None, breakdown: float = 0.0,
         rerun_deterministic: bool = False, progress: Progress | None = None) -> Tournament:
    """Every combination of strategies (one list for all parties, or a list per party) × ``seeds`` runs.

    A strategy is a registered name (``"conceder:exponent=3"``) or a
    :class:`~negsim.dynamics.strategies.Negotiator` subclass (e.g. a student's, see
    :mod:`negsim.dynamics.loading`). A strategy that raises or makes an invalid move ends that
    run without agreement; the run is listed in ``faults`` (by strategy, party, round and seed)
    and the tournament goes on. ``rerun_deterministic`` runs every seed even when the profile
    cannot differ between seeds. The tournament is planned first (:func:`estimate`) and refused
    before the first run when it would exceed the budget; ``progress("negotiations", done, total)``
    is told after each profile.

    Source: Axelrod (1984), The Evolution of Cooperation; Wellman (2006), empirical game analysis.
    """
    lists, specs = _strategy_lists(domain, strategies)
    n_profiles = int(np.prod([len(s) for s in lists]))
    if seeds < 1 or n_profiles * seeds > MAX_RUNS:
        raise NegsimError(f"{n_profiles} profiles × {seeds} seeds: choose between 1 and {MAX_RUNS:,} runs in all")
    plan.check(estimate(len(domain.parties), n_profiles, seeds, rounds))
    k0 = first_index(domain, first)
    cells, total = [], n_profiles * seeds
    for profile in itertools.product(*lists):
        interrupts.check()
        cells.append(_cell(domain, profile, [specs[k][lists[k].index(s)] for k, s in enumerate(profile)], seeds,
                           rounds, k0, breakdown, rerun_deterministic))
        tell(progress, "negotiations", len(cells) * seeds, total)
    meta = meta_game(domain.parties, lists, cells)
    return Tournament(list(domain.parties), lists, seeds, rounds, breakdown, cells, meta, domain.space.agenda)


def estimate(parties: int, profiles: int, seeds: int, rounds: int) -> plan.Estimate:
    """The plan of a tournament: every profile × seed negotiated to the deadline (the worst case).

    >>> estimate(2, 25, 10, 30).total
    250
    """
    return plan.negotiations(profiles * seeds, rounds, parties)


def profile_count(domain: Domain, strategies: Sequence[Spec] | Mapping[str, Sequence[Spec]]) -> int:
    """How many strategy profiles :func:`play` would negotiate."""
    if isinstance(strategies, Mapping):
        return int(np.prod([len(strategies.get(p, [])) for p in domain.parties]))
    return len(strategies) ** len(domain.parties)


StrategySpecs = list[tuple[type[strat.Negotiator], dict[str, strat.Param]]]


def _strategy_lists(domain: Domain, strategies: Sequence[Spec] | Mapping[str, Sequence[Spec]]
                    ) -> tuple[list[list[str]], list[StrategySpecs]]:
    """Per party: the strategies' labels (for tables) and their (class, params)."""
    if isinstance(strategies, Mapping):
        missing = [p for p in domain.parties if p not in strategies]
        if missing:
            raise NegsimError(f"no strategies listed for {', '.join(missing)}")
        given = [list(strategies[p]) for p in domain.parties]
    else:
        given = [list(strategies) for _ in domain.parties]
    lists = [[label(s) for s in ss] for ss in given]
    for ss in lists:
        if not ss or len(set(ss)) != len(ss):
            raise NegsimError("each party needs a non-empty list of different strategies")
    return lists, [[normalise_spec(s) for s in ss] for ss in given]


def _cell(domain: Domain, profile: tuple[str, ...], specs: StrategySpecs, seeds: int, rounds: int, k0: int,
          breakdown: float, rerun: bool = False) -> Cell:
    stochastic = rerun or breakdown > 0 or any(cls.properties.get("stochastic") for cls, _ in specs)
    distinct = seeds if stochastic else 1
    u, disc, agreed_rounds, faults = [], [], [], []
    for seed in range(distinct):
        negotiators = create(domain, specs, rounds, seed)
        if isinstance(negotiators, Fault):
            faults.append((seed, negotiators))
            u.append(domain.no_deal.copy())
            disc.append(domain.no_deal.copy())
            continue
        raw = run(domain, negotiators, rounds, k0, breakdown, seed)
        a, b = outcome_of(domain, raw)
        u.append(a)
        disc.append(b)
        if raw.agreed is not None:
            agreed_rounds.append(raw.agreed)
        if raw.fault is not None:
            faults.append((seed, raw.fault))
    weight = seeds // distinct  # deterministic profiles: one run stands for every seed
    return Cell(profile, seeds, len(agreed_rounds) * weight, np.mean(u, axis=0), np.mean(disc, axis=0),
                float(np.mean(agreed_rounds)) if agreed_rounds else None, faults)


# --- the meta-game -------------------------------------------------------------------


def meta_game(parties: list[str], lists: list[list[str]], cells: list[Cell]) -> MetaGame:
    """The empirical game (payoff = mean discounted utility) and its equilibria."""
    shape = [len(s) for s in lists]
    payoffs = np.stack([c.discounted for c in cells]).reshape(*shape, len(parties))
    flat = all(np.ptp(payoffs[..., k]) < 1e-12 for k in range(len(parties)))
    note = "every profile gives the same payoffs: any choice is an equilibrium" if flat else ""
    pure = [{"profile": dict(zip(parties, (lists[k][i] for k, i in enumerate(p)), strict=True)),
             "payoffs": _named(parties, payoffs[p])} for p in pure_equilibria(payoffs)]
    if len(parties) != 2:
        return MetaGame(parties, lists, payoffs, [], pure, "pure-strategy enumeration",
                        note or "more than two parties: only pure equilibria are listed")
    profiles, method, solver_note = bimatrix_equilibria(payoffs[..., 0], payoffs[..., 1])
    note = "; ".join(x for x in (note, solver_note) if x)
    mixed = [{"strategies": {parties[0]: _named(lists[0], x), parties[1]: _named(lists[1], y)},
              "payoffs": {parties[0]: float(x @ payoffs[..., 0] @ y), parties[1]: float(x @ payoffs[..., 1] @ y)}}
             for x, y in profiles]
    return MetaGame(parties, lists, payoffs, mixed, pure, method, note)


def pure_equilibria(payoffs: FloatArray, tol: float = 1e-9) -> list[tuple[int, ...]]:
    """Profiles where no party gains by switching strategy alone (payoffs shape (S_1, …, S_P, P)).

    >>> pd = np.array([[[3, 3], [0, 4]], [[4, 0], [1, 1]]], dtype=float)
    >>> pure_equilibria(pd)
    [(1, 1)]
    """
    n = payoffs.shape[-1]
    ok = np.ones(payoffs.shape[:-1], dtype=bool)
    for k in range(n):
        own = payoffs[..., k]
        ok &= own >= own.max(axis=k, keepdims=True) - tol
    return [tuple(int(i) for i in p) for p in np.argwhere(ok)]


def bimatrix_equilibria(A: FloatArray, B: FloatArray) -> tuple[list[tuple[FloatArray, FloatArray]], str, str]:
    """The extreme Nash equilibria of the bimatrix game (A, B): negsim.games's complete enumeration.

    Falls back to nashpy's vertex enumeration (Avis, Rosenberg, Savani & von Stengel 2010),
    merged with the pure equilibria found by enumeration, since vertex enumeration can miss
    equilibria of degenerate games — and tournaments give degenerate games (ties) often.
    """
    solver = _games_solver()
    if solver is not None:
        found = [(_clean(x), _clean(y)) for x, y in solver(A, B)]
        return _unique(found), "negsim.games extreme equilibria (complete vertex enumeration)", ""
    import nashpy

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        found = [(_clean(x), _clean(y)) for x, y in nashpy.Game(A, B).vertex_enumeration()]
    for p in pure_equilibria(np.stack([A, B], axis=-1)):
        found.append((np.eye(A.shape[0])[p[0]], np.eye(A.shape[1])[p[1]]))
    return _unique(found), "nashpy vertex enumeration + pure enumeration", \
        "negsim.games's equilibrium solver was not available; degenerate games may have more equilibria"


def _games_solver() -> Any:
    """negsim.games's complete enumeration of extreme equilibria of a bimatrix game, if installed."""
    try:
        from negsim.games.equilibria import extreme_equilibria
    except ImportError:
        return None
    return extreme_equilibria


def _clean(p: FloatArray) -> FloatArray:
    """A mixed strategy with round-off (±1e-17) removed."""
    q = np.where(np.abs(np.asarray(p, dtype=float)) < 1e-9, 0.0, np.asarray(p, dtype=float))
    return q / q.sum()


def _unique(found: list[tuple[FloatArray, FloatArray]]) -> list[tuple[FloatArray, FloatArray]]:
    out: list[tuple[FloatArray, FloatArray]] = []
    for x, y in found:
        if not any(np.allclose(x, a, atol=1e-7) and np.allclose(y, b, atol=1e-7) for a, b in out):
            out.append((x, y))
    return out


def _named(keys: Sequence[str], values: FloatArray) -> dict[str, float]:
    return {k: float(v) for k, v in zip(keys, values, strict=True)}


__all__ = ["Cell", "MetaGame", "Tournament", "bimatrix_equilibria", "estimate", "meta_game", "play", "profile_count",
           "pure_equilibria"]
