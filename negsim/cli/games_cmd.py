"""The ``negsim games`` command: equilibria, names, dominance and derived games of a scenario's games."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.text import Text

from negsim import plan
from negsim.cli.common import budgeted, console, echo_json, resolve_scenario, user_errors
from negsim.cli.progress import progress_bar
from negsim.errors import NegsimError
from negsim.games.analysis import analyze_games, estimate_games
from negsim.games.equilibria import METHODS, NASHPY_TIMEOUT
from negsim.report.games import games_figures, games_markdown, games_tables
from negsim.report.write import OutputFolder
from negsim.scenario.loader import load


@click.command("games")
@click.argument("scenario")
@click.option("--game", "game_id", default=None, metavar="ID", help="Only this game of the scenario.")
@click.option("--method", type=click.Choice(METHODS), default="auto", show_default=True,
              help="auto = negsim's complete, verified enumeration (up to about 13×13); support, vertex, "
                   "lemke-howson run nashpy (guarded) and list what it missed; lcp = negsim's Lemke–Howson for "
                   "larger games (some equilibria, verified, not necessarily all).")
@click.option("--derived/--no-derived", default=True, show_default=True,
              help="Also the hold-firm-or-concede games derived from the bargaining (full package and each agenda).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=NASHPY_TIMEOUT, show_default=True,
              help="Seconds a nashpy method may run per game.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Print tables or the JSON result.")
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write games.md, games.json and figures/ into.")
@click.option("--force", is_flag=True, help="Write into an output folder that negsim did not create.")
@user_errors
@budgeted
def games(scenario: str, game_id: str | None, method: str, derived: bool, timeout: float, fmt: str,
          out: Path | None, force: bool) -> None:
    """Solve the strategic games of SCENARIO: all Nash equilibria, the game's name, dominance, security levels.

    \b
    Examples:
      negsim games prisoners-dilemma
      negsim games security-guarantees-2021 --game crisis --format json
      negsim games stag-hunt --method support      (nashpy, with its misses listed)
      negsim games big.yaml --method lcp           (games of 14×14 and larger)
    """
    s = load(resolve_scenario(scenario))
    estimate = plan.check(estimate_games(s, game_id=game_id, method=method, timeout=timeout))
    with progress_bar(enabled=fmt == "text", estimate=estimate) as progress:
        result = analyze_games(s, game_id=game_id, method=method, derived=derived, timeout=timeout,
                               progress=progress)
    if not result.games and not result.derived:
        if s.issues and not derived:
            raise NegsimError("this scenario has no `games:` section, and --no-derived turned off the games derived "
                              "from its issues; drop --no-derived, or add a `games:` section")
        raise NegsimError("this scenario has no games: add a `games:` section (or issues to derive a game from)")
    if out is not None:
        with OutputFolder(out, command="games", force=force) as folder:
            markdown = games_markdown(result, games_figures(result, folder.folder("figures")))
            folder.write_text("games.md", f"# {s.title or 'Games'}\n\n{markdown}")
            folder.write_json("games.json", result.to_dict())
        console(stderr=True).print(f"wrote {out / 'games.md'}, {out / 'games.json'} and figures in {out / 'figures'}")
    if fmt == "json":
        echo_json(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    c = console()
    for table in games_tables(result):
        c.print(table)
        c.print()
    for error in result.errors:
        c.print(Text(error, style="yellow"))
