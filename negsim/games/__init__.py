"""Strategic games: two-player normal-form games from scenarios, all their equilibria, and more.

* :class:`Game` (``model``) — players, strategies, payoff matrices; ``game.to_nashpy()``.
* :func:`solve` (``equilibria``) — every extreme Nash equilibrium, components, payoff/risk dominance;
  ``method="auto"`` is complete and verified (exact arithmetic for short decimals); ``support``,
  ``vertex``, ``lemke-howson`` run nashpy under a time limit and list what it missed.
* :func:`solve_2x2` (``batch2x2``) — many 2×2 games at once, degenerate ones included.
* :func:`classify` — the name of a 2×2 game; :func:`iterated_elimination`, :func:`security`,
  :func:`pareto_cells` — dominance, maximin, efficiency.
* ``learning`` — replicator, asymmetric replicator, (stochastic) fictitious play, seeded.
* :func:`derived_game` — "hold firm or concede" from a bargaining scenario.
* :func:`analyze_games` (``report``) — all of it for a scenario, with Markdown, tables and figures.

Example:
    >>> from negsim.games import Game, solve, classify
    >>> g = Game.from_arrays([[3, 2], [4, 1]], [[3, 4], [2, 1]])
    >>> classify(g).name, [e.describe() for e in solve(g).equilibria]
    ('Chicken', ['r1 / c2', '1/2 r1 + 1/2 r2 / 1/2 c1 + 1/2 c2', 'r2 / c1'])
"""

from negsim.games.analysis import GameAnalysis, GamesResult, analyze_game, analyze_games
from negsim.games.batch2x2 import Batch2x2, solve_2x2
from negsim.games.classify import Classification, classify
from negsim.games.derived import DerivedGame, derive, derived_game
from negsim.games.dominance import EliminationResult, dominated_strategies, iterated_elimination
from negsim.games.equilibria import METHODS, Component, Equilibrium, EquilibriumSet, extreme_equilibria, regret, solve
from negsim.games.learning import (
    Trajectory,
    asymmetric_replicator,
    fictitious_play,
    replicator,
    stochastic_fictitious_play,
)
from negsim.games.model import Game, find_game, game_from_spec, scenario_games
from negsim.games.pareto import pareto_cells
from negsim.games.security import Security, security

__all__ = [
    "METHODS", "Batch2x2", "Classification", "Component", "DerivedGame", "EliminationResult", "Equilibrium",
    "EquilibriumSet", "Game", "GameAnalysis", "GamesResult", "Security", "Trajectory", "analyze_game",
    "analyze_games", "asymmetric_replicator", "classify", "derive", "derived_game", "dominated_strategies",
    "extreme_equilibria", "fictitious_play", "find_game", "game_from_spec", "iterated_elimination",
    "pareto_cells", "regret", "replicator", "scenario_games", "security", "solve", "solve_2x2",
    "stochastic_fictitious_play",
]
