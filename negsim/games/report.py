"""The "Strategic games" part of a report: every game of the scenario and the derived hold-firm games.

:func:`analyze_games` computes everything (plain data with ``to_dict()``);
:func:`games_markdown` writes the figures and returns the Markdown; :func:`games_tables`
gives rich tables for the terminal; :func:`section` plugs all of it into ``negsim run``.

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
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import RenderableType
from rich.table import Table

from negsim.errors import NegsimError
from negsim.games.classify import Classification, classify
from negsim.games.derived import DerivedGame, derive
from negsim.games.dominance import EliminationResult, iterated_elimination
from negsim.games.equilibria import NASHPY_TIMEOUT, EquilibriumSet, solve
from negsim.games.learning import Trajectory, asymmetric_replicator, fictitious_play
from negsim.games.model import Game, find_game, scenario_games
from negsim.games.pareto import pareto_cells
from negsim.games.security import Security, security
from negsim.scenario.loader import deal_space_size
from negsim.scenario.models import Scenario
from negsim.section import ReportSection

FP_ROUNDS = 300
"""Rounds of fictitious play shown for each game (seed 0)."""

RUN_MAX_DEALS = 2_000_000
"""``negsim run`` derives hold-firm games only for deal spaces up to this size (``negsim games`` has no limit)."""


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

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {"game": g.to_dict(), "classification": self.classification.to_dict() if self.classification else None,
                "equilibria": self.equilibria.to_dict(),
                "dominance": {"strict": self.strict.to_dict(), "weak": self.weak.to_dict()},
                "security": {p: s.to_dict() for p, s in self.security.items()},
                "pareto_cells": [{g.players[0]: g.strategies[0][i], g.players[1]: g.strategies[1][j]}
                                 for i, j in self.pareto],
                "fictitious_play": {"rounds": FP_ROUNDS, "seed": 0, "final": self.fictitious_play.final},
                "derived_from": self.derived.to_dict()["cells"] if self.derived else None,
                "notes": g.notes}


@dataclass(frozen=True)
class GamesResult:
    """The scenario's games and the derived hold-firm-or-concede games."""

    games: list[GameAnalysis]
    derived: list[GameAnalysis] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"games": [g.to_dict() for g in self.games], "derived": [g.to_dict() for g in self.derived],
                "errors": self.errors}


def analyze_game(game: Game, method: str = "auto", derived: DerivedGame | None = None, *,
                 timeout: float = NASHPY_TIMEOUT) -> GameAnalysis:
    """Equilibria, name, dominance, security levels, Pareto cells and fictitious play of one game."""
    return GameAnalysis(game=game, equilibria=solve(game, method, timeout=timeout), classification=classify(game),
                        strict=iterated_elimination(game, "strict"), weak=iterated_elimination(game, "weak"),
                        security=security(game), pareto=pareto_cells(game),
                        fictitious_play=fictitious_play(game, FP_ROUNDS, seed=0), derived=derived)


def analyze_games(scenario: Scenario, *, game_id: str | None = None, method: str = "auto",
                  derived: bool = True, timeout: float = NASHPY_TIMEOUT, max_deals: int | None = None,
                  agendas: Sequence[str | None] | None = None) -> GamesResult:
    """Analyse the scenario's games (or one, ``game_id``) and, with ``derived``, the hold-firm games
    (skipped, with a note, for agendas of more than ``max_deals`` deals)."""
    games = [find_game(scenario, game_id)] if game_id else scenario_games(scenario)
    out = [analyze_game(g, method, timeout=timeout) for g in games]
    derived_out, errors = [], []
    if derived and game_id is None:
        for a, b in derived_pairs(scenario):
            for agenda in agendas if agendas is not None else [None, *(ag.id for ag in scenario.agendas)]:
                size = deal_space_size(scenario, scenario.agenda(agenda) if agenda else None)
                if max_deals is not None and size > max_deals:
                    errors.append(f"derived game {a}/{b} ({agenda or 'full package'}) skipped: {size:,} deals; "
                                  "run `negsim games` on the scenario to compute it")
                    continue
                try:
                    d = derive(scenario, a, b, agenda)
                except NegsimError as exc:
                    errors.append(f"derived game {a}/{b} ({agenda or 'full package'}): {exc}")
                    continue
                derived_out.append(analyze_game(d.game, method, d, timeout=timeout))
    return GamesResult(games=out, derived=derived_out, errors=errors)


def derived_pairs(scenario: Scenario) -> list[tuple[str, str]]:
    """Party pairs for derived games: the players of the scenario's games, else the first two parties."""
    if not scenario.issues:
        return []
    pairs = list(dict.fromkeys(tuple(g.players) for g in scenario.games))
    return [(a, b) for a, b in pairs] or [(scenario.party_ids[0], scenario.party_ids[1])]


def section(scenario: Scenario, figures_dir: Path, agendas: Sequence[str | None] | None = None) -> ReportSection | None:
    """The ``negsim run`` section "Strategic games" (derived games over ``agendas``: default all); None when empty."""
    result = analyze_games(scenario, max_deals=RUN_MAX_DEALS, agendas=agendas)
    if not result.games and not result.derived:
        return None
    markdown = games_markdown(result, figures_dir)
    figures = sorted(figures_dir.glob("game_*.png"))
    return ReportSection("games", "Strategic games", result.to_dict(), markdown, list(games_tables(result)), figures)


# --- markdown ---------------------------------------------------------------------------------------

def games_markdown(result: GamesResult, figures_dir: Path) -> str:
    """Markdown for every game, writing its figures as ``figures_dir/game_<id>_*.png``."""
    lines: list[str] = []
    for ga in result.games:
        lines += _game_markdown(ga, figures_dir)
    if result.derived:
        lines += ["### Games derived from the bargaining", "",
                  "Each party holds firm or concedes. Conceding = accepting the deal best for the other side "
                  "among the deals you can accept; both firm = no deal; both concede = the Nash bargaining "
                  "solution (no deal when none is acceptable to all). Payoffs are utilities.", ""]
        for ga in result.derived:
            lines += _game_markdown(ga, figures_dir, level="####")
    lines += [f"*{e}*" for e in result.errors]
    return "\n".join(lines).rstrip() + "\n"


def _game_markdown(ga: GameAnalysis, figures_dir: Path, level: str = "###") -> list[str]:
    g = ga.game
    lines = [f"{level} {g.title}", ""]
    if ga.classification:
        lines += [f"**{ga.classification.name}** — {ga.classification.description}.", ""]
    lines += [*_payoff_markdown(g), "", *_equilibria_markdown(ga), "", *_other_markdown(ga), ""]
    if ga.derived:
        lines += [*_cells_markdown(ga.derived), ""]
    for path in _figures(ga, figures_dir):
        lines.append(f"![{path.stem.replace('_', ' ')}](figures/{path.name})")
    return [*lines, ""]


def _payoff_markdown(g: Game) -> list[str]:
    head = f"| {g.names[0]} \\ {g.names[1]} | " + " | ".join(g.strategies[1]) + " |"
    rows = [head, "|---|" + "---:|" * g.shape[1]]
    for i, s in enumerate(g.strategies[0]):
        rows.append(f"| {s} | " + " | ".join(f"{g.A[i, j]:.4g}, {g.B[i, j]:.4g}" for j in range(g.shape[1])) + " |")
    return rows


def _equilibria_markdown(ga: GameAnalysis) -> list[str]:
    g, eqs = ga.game, ga.equilibria
    n = len(eqs.equilibria)
    lines = [f"{n} Nash equilibri{'um' if n == 1 else 'a'} (extreme points, complete enumeration"
             f"{', exact arithmetic' if eqs.exact else ''}):", "",
             f"| # | {g.names[0]} | {g.names[1]} | payoffs | kind |", "|---:|---|---|---|---|"]
    for k, e in enumerate(eqs.equilibria, 1):
        flags = ["pure" if e.pure else "mixed"] + (["payoff-dominant"] if e.payoff_dominant else []) + (
            ["risk-dominant"] if e.risk_dominant else [])
        parts = e.describe().split(" / ")
        pay = ", ".join(_number(v) for v in (e.exact_payoffs or e.payoffs))
        lines.append(f"| {k} | {parts[0]} | {parts[1]} | {pay} | {', '.join(flags)} |")
    lines.append("")
    lines += [f"- Component {c.index + 1}: {c.describe(g)}." for c in eqs.components if not c.isolated]
    lines += [f"- {note}" for note in eqs.notes]
    return lines


def _number(v: Fraction | float) -> str:
    """A payoff: a fraction when it is a simple one (5/2), else a short decimal."""
    if isinstance(v, Fraction) and v.denominator <= 12:
        return str(v)
    return f"{float(v):.4g}"


def _other_markdown(ga: GameAnalysis) -> list[str]:
    g = ga.game
    lines = []
    for res in (ga.strict, ga.weak):
        if res.steps:
            order = "; ".join(str(s) for s in res.steps)
            left = ", ".join(f"{g.names[g.players.index(p)]}: {'/'.join(s)}" for p, s in res.surviving.items())
            lines.append(f"- Iterated {res.kind} dominance: {order} → left {left}"
                         + (" (dominance solvable)" if res.solved else "") + ".")
        else:
            lines.append(f"- No {res.kind}ly dominated strategy.")
    for p, sec in ga.security.items():
        name = g.names[g.players.index(p)]
        k = g.players.index(p)
        mix = ", ".join(f"{s} {v:.3g}" for s, v in zip(g.strategies[k], sec.mix, strict=True) if v > 1e-9)
        lines.append(f"- Security level of {name}: {sec.level:.4g} with ({mix}); best pure guarantee "
                     f"{sec.pure_level:.4g} ({sec.pure_strategy}).")
    cells = ", ".join(f"({g.strategies[0][i]}, {g.strategies[1][j]})" for i, j in ga.pareto)
    lines.append(f"- Pareto-efficient cells: {cells}.")
    final = "; ".join(f"{g.names[g.players.index(p)]} " + ", ".join(f"{s} {v:.2f}" for s, v in d.items())
                      for p, d in ga.fictitious_play.final.items())
    lines.append(f"- Fictitious play after {FP_ROUNDS} rounds (seed 0): {final}.")
    return lines


def _cells_markdown(d: DerivedGame) -> list[str]:
    lines = ["| cell | deal | acceptable to both |", "|---|---|---|"]
    for (r, c), deal in d.cells.items():
        text = "no deal" if deal is None else ", ".join(f"{k} = {v}" for k, v in deal.items())
        lines.append(f"| {r} / {c} | {text} | {'yes' if d.acceptable_to_both[(r, c)] else 'no'} |")
    return lines


def _figures(ga: GameAnalysis, figures_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from negsim.plot.games import dynamics_trajectories, mixed_strategy_bars, payoff_table, phase_portrait

    figures_dir.mkdir(parents=True, exist_ok=True)
    g, eqs = ga.game, ga.equilibria
    stem = f"game_{g.id}"
    out = [_save(payoff_table(g, eqs).figure, figures_dir / f"{stem}_payoffs.png")]
    if eqs.mixed:
        out.append(_save(mixed_strategy_bars(eqs).figure, figures_dir / f"{stem}_mixes.png"))
    if np.ptp(g.A) == 0 and np.ptp(g.B) == 0:  # every profile pays the same: nothing moves
        plt.close("all")
        return out
    if g.shape == (2, 2):
        paths = [asymmetric_replicator(g, x0=[p, 1 - p], y0=[q, 1 - q]) for p, q in ((0.15, 0.6), (0.8, 0.45))]
        out.append(_save(phase_portrait(g, eqs, paths).figure, figures_dir / f"{stem}_phase.png"))
    out.append(_save(dynamics_trajectories(ga.fictitious_play).figure, figures_dir / f"{stem}_fictitious_play.png"))
    plt.close("all")
    return out


def _save(fig: Any, path: Path) -> Path:
    import matplotlib.pyplot as plt

    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


# --- terminal ---------------------------------------------------------------------------------------

def games_tables(result: GamesResult) -> list[RenderableType]:
    """One rich table per game: its equilibria, with the name, dominance and notes as caption."""
    return [_table(ga) for ga in [*result.games, *result.derived]]


def _table(ga: GameAnalysis) -> Table:
    g, eqs = ga.game, ga.equilibria
    name = ga.classification.name if ga.classification else ""
    name = f" — {name}" if name and name.lower() not in g.title.lower() else ""
    table = Table(title=f"{g.title}{name}", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column(g.names[0])
    table.add_column(g.names[1])
    table.add_column("payoffs", justify="right")
    table.add_column("kind")
    for k, e in enumerate(eqs.equilibria, 1):
        parts = e.describe().split(" / ")
        kind = ("pure" if e.pure else "mixed") + (", payoff-dom." if e.payoff_dominant else "") + (
            ", risk-dom." if e.risk_dominant else "")
        table.add_row(str(k), parts[0], parts[1], ", ".join(f"{v:.4g}" for v in e.payoffs), kind)
    for e in eqs.missed:
        parts = e.describe().split(" / ")
        table.add_row("missed", parts[0], parts[1], ", ".join(f"{v:.4g}" for v in e.payoffs), "not found by nashpy")
    notes = [f"component {c.index + 1}: {c.describe(g)}" for c in eqs.components if not c.isolated] + list(eqs.notes)
    if ga.strict.steps:
        notes.append("strict dominance: " + "; ".join(str(s) for s in ga.strict.steps))
    table.caption = "\n".join(notes) if notes else None
    table.caption_justify = "left"
    return table
