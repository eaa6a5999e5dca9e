"""The "Strategic games" part of a report: markdown, terminal tables and figures of every game.

:func:`games_figures` draws the figures (only when asked), :func:`games_markdown` writes the
Markdown that links them, :func:`games_tables` gives rich tables for the terminal, and
:func:`section` plugs all of it into ``negsim run``. The numbers come from
:func:`negsim.games.analysis.analyze_games`.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from negsim.games.analysis import FP_ROUNDS, GameAnalysis, GamesResult
from negsim.games.derived import DerivedGame
from negsim.games.learning import Trajectory
from negsim.games.model import Game
from negsim.games.ode import two_populations
from negsim.report.section import ReportSection
from negsim.report.words import deal_words
from negsim.wording import printable

Figures = dict[str, list[Path]]
"""Figures drawn per game id."""


def section(result: GamesResult, figures_dir: Path | None) -> ReportSection:
    """The ``negsim run`` section "Strategic games" (figures drawn into ``figures_dir`` unless it is None)."""
    figures = games_figures(result, figures_dir, brief=True) if figures_dir is not None else {}
    return ReportSection("games", "Strategic games", games_markdown(result, figures), list(games_tables(result)),
                         [p for paths in figures.values() for p in paths])


def games_figures(result: GamesResult, figures_dir: Path, *, brief: bool = False) -> Figures:
    """Draw every game's figures as ``figures_dir/game_<id>_*.png``.

    ``brief`` (``negsim run``): the payoff table and, for a 2×2 game, the phase portrait of a
    game of the scenario; the payoff table of a derived game. In full (``negsim games -o``):
    also the equilibrium mixes and fictitious play, and the phase portraits of derived games.
    """
    figs = {ga.game.id: _figures(ga, figures_dir, brief=brief) for ga in result.games}
    figs.update({ga.game.id: _figures(ga, figures_dir, brief=brief, derived=True) for ga in result.derived})
    return figs


# --- markdown ---------------------------------------------------------------------------------------

def games_markdown(result: GamesResult, figures: Figures | None = None) -> str:
    """Markdown for every game, linking the ``figures`` drawn for it (``figures/<name>``)."""
    figures = figures or {}
    lines: list[str] = []
    for ga in result.games:
        lines += _game_markdown(ga, figures.get(ga.game.id, []))
    if result.derived:
        lines += ["### Games derived from the bargaining", "",
                  "Each party holds firm or concedes. Conceding = accepting the deal best for the other side "
                  "among the deals you can accept; both firm = no deal; both concede = the Nash bargaining "
                  "solution (no deal when none is acceptable to all). Payoffs are utilities.", ""]
        for ga in result.derived:
            lines += _game_markdown(ga, figures.get(ga.game.id, []), level="####")
    lines += [f"- {printable(note)}." for note in result.skipped]
    lines += [f"*{printable(e)}*" for e in result.errors]
    return "\n".join(lines).rstrip() + "\n"


def _game_markdown(ga: GameAnalysis, figures: list[Path], level: str = "###") -> list[str]:
    g = ga.game
    lines = [f"{level} {g.title}", ""]
    if ga.classification:
        lines += [f"**{ga.classification.name}** — {ga.classification.description}.", ""]
    lines += [*_payoff_markdown(g), "", *_equilibria_markdown(ga), "", *_other_markdown(ga), ""]
    if ga.derived:
        lines += [*_cells_markdown(ga.derived), ""]
    for path in figures:
        lines.append(f"![{path.stem.replace('_', ' ')}](figures/{path.name})")
    return [*lines, ""]


def _payoff_markdown(g: Game) -> list[str]:
    head = f"| {g.names[0]} \\ {g.names[1]} | " + " | ".join(g.strategies[1]) + " |"
    rows = [head, "|---|" + "---:|" * g.shape[1]]
    for i, s in enumerate(g.strategies[0]):
        rows.append(f"| {s} | " + " | ".join(f"{g.A[i, j]:.4g}, {g.B[i, j]:.4g}" for j in range(g.shape[1])) + " |")
    return rows


METHOD_WORDS = {"lcp": "Lemke–Howson from every starting strategy", "support": "nashpy's support enumeration",
                "vertex": "nashpy's vertex enumeration", "lemke-howson": "nashpy's Lemke–Howson"}


def how_found(eqs: Any) -> str:
    """How the equilibria were found, and whether they are all of them.

    >>> from negsim.games.equilibria import solve
    >>> from negsim.games.model import Game
    >>> how_found(solve(Game.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])))
    'extreme points, complete enumeration, exact arithmetic'
    """
    if eqs.complete:
        return "extreme points, complete enumeration" + (", exact arithmetic" if eqs.exact else "")
    return f"found by {METHOD_WORDS.get(eqs.method, eqs.method)}: some, not necessarily all"


def _equilibria_markdown(ga: GameAnalysis) -> list[str]:
    g, eqs = ga.game, ga.equilibria
    n = len(eqs.equilibria)
    lines = [f"{n} Nash equilibri{'um' if n == 1 else 'a'} ({how_found(eqs)}):", "",
             f"| # | {g.names[0]} | {g.names[1]} | payoffs | kind |", "|---:|---|---|---|---|"]
    for k, e in enumerate(eqs.equilibria, 1):
        flags = ["pure" if e.pure else "mixed"] + (["payoff-dominant"] if e.payoff_dominant else []) + (
            ["risk-dominant"] if e.risk_dominant else [])
        parts = e.describe().split(" / ")
        pay = ", ".join(_number(v) for v in (e.exact_payoffs or e.payoffs))
        lines.append(f"| {k} | {parts[0]} | {parts[1]} | {pay} | {', '.join(flags)} |")
    lines.append("")
    lines += [f"- Component {k}: {c.describe(g)}." for k, c in enumerate(_continua(eqs), 1)]
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
    lines.append(f"- Fictitious play after {FP_ROUNDS} rounds (seed {ga.seed}): {final}.")
    return lines


def _cells_markdown(d: DerivedGame) -> list[str]:
    lines = ["| cell | deal | acceptable to both |", "|---|---|---|"]
    for (r, c), deal in d.cells.items():
        text = "no deal" if deal is None else deal_words(deal, d.issue_names, d.units)
        lines.append(f"| {r} / {c} | {text} | {'yes' if d.acceptable_to_both[(r, c)] else 'no'} |")
    return lines


def _figures(ga: GameAnalysis, figures_dir: Path, *, brief: bool = False, derived: bool = False) -> list[Path]:
    from negsim.plot.games import dynamics_trajectories, mixed_strategy_bars, payoff_table, phase_portrait
    from negsim.report.figures import save_figure as _save

    figures_dir.mkdir(parents=True, exist_ok=True)
    g, eqs = ga.game, ga.equilibria
    stem = f"game_{g.id}"
    out = [_save(lambda: payoff_table(g, eqs).figure, figures_dir / f"{stem}_payoffs.png")]
    if brief and derived:
        return out
    if eqs.mixed and not brief:
        out.append(_save(lambda: mixed_strategy_bars(eqs).figure, figures_dir / f"{stem}_mixes.png"))
    if np.ptp(g.A) == 0 and np.ptp(g.B) == 0:  # every profile pays the same: nothing moves
        return out
    if g.shape == (2, 2):
        out.append(_save(lambda: _phase_figure(g, eqs, phase_portrait), figures_dir / f"{stem}_phase.png", weight=3.0))
    if not brief:
        out.append(_save(lambda: dynamics_trajectories(ga.fictitious_play).figure,
                         figures_dir / f"{stem}_fictitious_play.png"))
    return out


def _phase_figure(g: Any, eqs: Any, phase_portrait: Any) -> Any:
    """The phase portrait of a 2×2 game with two replicator paths from fixed starting points.

    A path's shape does not depend on the payoffs' scale (scaling them scales time), so the paths
    are followed in the game with payoffs spread over 1, for 60 time units: as far as 20 time
    units go with ordinal payoffs 1–4, and never too fast to follow, however large the payoffs.
    """
    spread = max(float(np.ptp(g.A)), float(np.ptp(g.B)))  # > 0: the caller skips games where nothing moves
    unit = replace(g, A=g.A / spread, B=g.B / spread)
    starts = ((0.15, 0.6), (0.8, 0.45))
    times = np.linspace(0.0, 60.0, 200)
    xs, ys = two_populations(unit.A, unit.B, [[p, 1 - p] for p, _ in starts], [[q, 1 - q] for _, q in starts], times)
    paths = [Trajectory("asymmetric replicator", unit, times, x, y) for x, y in zip(xs, ys, strict=True)]
    return phase_portrait(g, eqs, paths).figure


def _continua(eqs: Any) -> list[Any]:
    """The equilibrium components that are continua (isolated equilibria are the table's rows), numbered from 1."""
    return [c for c in eqs.components if not c.isolated]


# --- terminal ---------------------------------------------------------------------------------------

def games_tables(result: GamesResult) -> list[RenderableType]:
    """One rich table per game (equilibria; name, dominance and notes as caption), then what was left out."""
    out: list[RenderableType] = [_table(ga) for ga in [*result.games, *result.derived]]
    out += [Text(printable(note) + ".", style="dim") for note in result.skipped]
    return out


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
    notes = [f"component {k}: {c.describe(g)}" for k, c in enumerate(_continua(eqs), 1)] + list(eqs.notes)
    if ga.strict.steps:
        notes.append("strict dominance: " + "; ".join(str(s) for s in ga.strict.steps))
    table.caption = "\n".join(notes) if notes else None
    table.caption_justify = "left"
    return table
