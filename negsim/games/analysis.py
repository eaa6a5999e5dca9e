"""Everything negsim computes about a scenario's games: equilibria, names, dominance, derived games.

:func:`analyze_games` returns plain data (``to_dict()``); :mod:`negsim.report.games` turns it
into words, tables and figures.

Example:
    >>> import negsim
    >>> s = negsim.loads('''
    ... negsim: 1
    ... parties: [{id: a}, {id: b}]
    ... issues: [{id: x, options: [lo, hi]}]
    ... preferences: {a: {demands: {x: hi}}, b: {demands: {x: lo}}}
    ... games:
    ...   - id: pd
    ...     players: [a, b]
    ...     strategies: {a: [C, D], b: [C, D]}
    ...     payoffs: {C: {C: [3, 3], D: [1, 4]}, D: {C: [4, 1], D: [2, 2]}}
    ... ''')
    >>> r = analyze_games(s, derived=False)
    >>> r.games[0].classification.name, [e.describe() for e in r.games[0].equilibria.equilibria]
    ("Prisoner's Dilemma", ['D / D'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from negsim import plan
from negsim.engine.result import Analysis
from negsim.errors import NegsimError
from negsim.games.classify import Classification, classify
from negsim.games.derived import DerivedGame, derive_from
from negsim.games.dominance import EliminationResult, iterated_elimination
from negsim.games.equilibria import NASHPY_TIMEOUT, EquilibriumSet, estimate, solve
from negsim.games.learning import Trajectory, fictitious_play
from negsim.games.model import Game, find_game, scenario_games
from negsim.games.pareto import pareto_cells
from negsim.games.security import Security, security
from negsim.games.vertices import fits_complete
from negsim.progress import Progress
from negsim.scenario.models import Scenario
from negsim.space import OutcomeSpace, build_space

FP_ROUNDS = 300
"""Rounds of fictitious play shown for each game."""

@dataclass(frozen=True)
class GameAnalysis:
    """Everything negsim says about one game."""

    game: Game
    equilibria: EquilibriumSet
    classification: Classification | None
    strict: EliminationResult
    weak: EliminationResult
    security: dict[str, Security]
    pareto: list[tuple[int, int]]
    fictitious_play: Trajectory
    derived: DerivedGame | None = None
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {"game": g.to_dict(), "classification": self.classification.to_dict() if self.classification else None,
                "equilibria": self.equilibria.to_dict(),
                "dominance": {"strict": self.strict.to_dict(), "weak": self.weak.to_dict()},
                "security": {p: s.to_dict() for p, s in self.security.items()},
                "pareto_cells": [{g.players[0]: g.strategies[0][i], g.players[1]: g.strategies[1][j]}
                                 for i, j in self.pareto],
                "fictitious_play": {"rounds": FP_ROUNDS, "seed": self.seed, "final": self.fictitious_play.final},
                "derived_from": self.derived.to_dict()["cells"] if self.derived else None,
                "notes": g.notes}


@dataclass(frozen=True)
class GamesResult:
    """The scenario's games and the derived hold-firm-or-concede games."""

    games: list[GameAnalysis]
    derived: list[GameAnalysis] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # derived games left out, with why

    def to_dict(self) -> dict[str, Any]:
        return {"games": [g.to_dict() for g in self.games], "derived": [g.to_dict() for g in self.derived],
                "skipped": self.skipped, "errors": self.errors}


def analyze_game(game: Game, method: str = "auto", derived: DerivedGame | None = None, *,
                 timeout: float = NASHPY_TIMEOUT, seed: int = 0, progress: Progress | None = None) -> GameAnalysis:
    """Equilibria, name, dominance, security levels, Pareto cells and fictitious play of one game."""
    return GameAnalysis(game=game, equilibria=solve(game, method, timeout=timeout, progress=progress),
                        classification=classify(game),
                        strict=iterated_elimination(game, "strict"), weak=iterated_elimination(game, "weak"),
                        security=security(game), pareto=pareto_cells(game),
                        fictitious_play=fictitious_play(game, FP_ROUNDS, seed=seed), derived=derived, seed=seed)


def analyze_games(scenario: Scenario, *, game_id: str | None = None, method: str = "auto",
                  derived: bool = True, timeout: float = NASHPY_TIMEOUT,
                  targets: Sequence[tuple[OutcomeSpace, Analysis]] | None = None, seed: int = 0,
                  progress: Progress | None = None, large_by_lcp: bool = False) -> GamesResult:
    """Analyse the scenario's games (or one, ``game_id``) and, with ``derived``, the hold-firm games of each
    analysed deal space in ``targets`` (default: the full package and every agenda, analysed here).

    ``seed`` seeds fictitious play; ``progress`` is told as each game's equilibria are found. With
    ``large_by_lcp`` (what ``negsim run`` asks), a game too large for the complete enumeration
    under ``method="auto"`` is solved by Lemke–Howson instead of refused; its notes say that
    the equilibria found are some, not necessarily all.
    """
    games = [find_game(scenario, game_id)] if game_id else scenario_games(scenario)
    methods = [method_for(g, method, large_by_lcp) for g in games]
    for g, m in zip(games, methods, strict=True):  # every game is planned before the first is solved
        plan.check(estimate(g, m, timeout=timeout))
    out = [analyze_game(g, m, timeout=timeout, seed=seed, progress=progress) for g, m in zip(games, methods,
                                                                                            strict=True)]
    derived_out, errors, skipped = [], [], []
    if derived and game_id is None and scenario.issues:
        chosen = targets if targets is not None else _all_targets(scenario)
        for a, b in derived_pairs(scenario):
            for space, analysis in chosen:
                try:
                    d = derive_from(space, analysis, a, b)
                except NegsimError as exc:
                    errors.append(f"derived game {a}/{b} ({space.info.agenda_name}): {exc}")
                    continue
                if all(deal is None for deal in d.cells.values()):
                    skipped.append(f"{d.game.title}: no deal is acceptable to both, so holding firm and conceding "
                                   "give the same result (no deal); there is no game to analyse")
                    continue
                derived_out.append(analyze_game(d.game, method, d, timeout=timeout, seed=seed))
    return GamesResult(games=out, derived=derived_out, errors=errors, skipped=skipped)


def method_for(game: Game, method: str, large_by_lcp: bool) -> str:
    """``method``, or ``lcp`` for a game the complete enumeration refuses when ``large_by_lcp`` allows it."""
    if method != "auto" or not large_by_lcp:
        return method
    return method if fits_complete(*game.shape) else "lcp"


def estimate_games(scenario: Scenario, *, game_id: str | None = None, method: str = "auto",
                   timeout: float = NASHPY_TIMEOUT, large_by_lcp: bool = False) -> plan.Estimate:
    """The plan of :func:`analyze_games` by ``method`` (derived games are 2×2: not counted).

    >>> import negsim
    >>> estimate_games(negsim.load(negsim.bundled("prisoners-dilemma"))).seconds < 1
    True
    """
    games = [find_game(scenario, game_id)] if game_id else scenario_games(scenario)
    return plan.combine("the games", [estimate(g, method_for(g, method, large_by_lcp), timeout=timeout)
                                      for g in games])


def _all_targets(scenario: Scenario) -> list[tuple[OutcomeSpace, Analysis]]:
    from negsim.engine import analyze_space

    spaces = [build_space(scenario, agenda) for agenda in [None, *(a.id for a in scenario.agendas)]]
    return [(space, analyze_space(space)) for space in spaces]


def derived_pairs(scenario: Scenario) -> list[tuple[str, str]]:
    """Party pairs for derived games: the players of the scenario's games, else the first two parties."""
    if not scenario.issues:
        return []
    pairs = list(dict.fromkeys(tuple(g.players) for g in scenario.games))
    return [(a, b) for a, b in pairs] or [(scenario.party_ids[0], scenario.party_ids[1])]
