"""The games report, the bundled game scenarios (REFERENCES case 9), the figures and the ``negsim games`` command."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from click.testing import CliRunner

matplotlib.use("Agg")

import negsim
from negsim.cli.games_cmd import games
from negsim.games.analysis import analyze_games
from negsim.games.equilibria import solve
from negsim.games.model import Game, scenario_games
from negsim.plot.games import (
    dynamics_trajectories,
    mixed_strategy_bars,
    payoff_table,
    phase_portrait,
    replicator_field,
)
from negsim.report.games import games_tables, section

BUNDLED = {  # REFERENCES.md case 9: name, number of extreme equilibria, the mixed one's probabilities
    "prisoners-dilemma": ("Prisoner's Dilemma", 1, None),
    "cuban-missile-crisis-chicken": ("Chicken", 3, ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))),
    "stag-hunt": ("Stag Hunt", 3, ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))),
    "battle-of-the-sexes": ("Battle of the Sexes", 3, ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))),
}

SMALL = """
negsim: 1
title: Small
parties: [{id: a, name: Ann, no_deal: 0.2}, {id: b, name: Bob, no_deal: 0.3}]
issues: [{id: share, options: [q0, q1, q2, q3, q4]}]
preferences:
  a: {values: {share: {q0: 0, q1: 0.25, q2: 0.5, q3: 0.75, q4: 1}}}
  b: {values: {share: {q0: 1, q1: 0.75, q2: 0.5, q3: 0.25, q4: 0}}}
games:
  - id: g
    title: Degenerate example
    players: [a, b]
    strategies: {a: [up, down], b: [left, right]}
    payoffs: {row: [[0, 0], [-1, 2]], column: [[2, 2], [-1, 1]]}
"""


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_bundled_game_scenarios_match_references_case9(name: str) -> None:
    expected_name, count, mixed = BUNDLED[name]
    s = negsim.load(negsim.bundled(name))
    result = analyze_games(s)
    (ga,) = result.games
    assert ga.classification is not None and ga.classification.name == expected_name
    assert len(ga.equilibria.equilibria) == count
    if mixed:
        assert [e.exact for e in ga.equilibria.mixed] == [mixed]
    assert result.derived == []  # no issues: nothing to derive


def test_seed_scenario_crisis_game_is_solved() -> None:
    s = negsim.load(negsim.bundled("security-guarantees-2021"))
    (g,) = [g for g in scenario_games(s) if g.id == "crisis"]
    result = solve(g)
    assert result.exact and all(e.exact is not None for e in result.equilibria)


def test_cli_json_lists_equilibria_by_name() -> None:
    out = CliRunner().invoke(games, ["prisoners-dilemma", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    (eq,) = data["games"][0]["equilibria"]["equilibria"]
    assert eq["strategies"] == {"row": {"cooperate": 0.0, "defect": 1.0}, "column": {"cooperate": 0.0, "defect": 1.0}}
    assert eq["payoffs"] == {"row": 2.0, "column": 2.0}


def test_cli_text_and_figures(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    out = CliRunner().invoke(games, [str(path), "-o", str(tmp_path / "out")])
    assert out.exit_code == 0, out.output
    assert "Degenerate example" in out.output and "Hold firm or concede" in out.output
    md = (tmp_path / "out" / "games.md").read_text(encoding="utf-8")
    for ref in [line[line.index("(") + 1:-1] for line in md.splitlines() if line.startswith("![")]:
        assert (tmp_path / "out" / ref).is_file()
    data = json.loads((tmp_path / "out" / "games.json").read_text(encoding="utf-8"))
    assert len(data["games"][0]["equilibria"]["equilibria"]) == 3  # the issue's degenerate example


def test_cli_user_errors(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    out = CliRunner().invoke(games, [str(path), "--game", "nope"])
    assert out.exit_code == 1 and "no game `nope`" in out.output
    out = CliRunner().invoke(games, [str(path), "--method", "magic"])
    assert out.exit_code == 2


def test_cli_nashpy_method_reports_misses(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    out = CliRunner().invoke(games, [str(path), "--game", "g", "--method", "support", "--format", "json"])
    data = json.loads(out.output)["games"][0]["equilibria"]
    assert len(data["equilibria"]) + len(data["missed"]) >= 3
    assert data["complete"] == (not data["missed"])


def test_section_for_negsim_run(tmp_path: Path) -> None:
    r = negsim.run(negsim.loads(SMALL))
    sec = section(r.sections["games"], tmp_path)
    assert sec.key == "games" and len(r.to_dict()["games"]["derived"]) == 1
    assert sec.figures and all(p.is_file() for p in sec.figures)
    assert len(sec.tables) == 2 == len(games_tables(analyze_games(negsim.loads(SMALL))))
    assert section(r.sections["games"], None).figures == []  # no folder: nothing drawn


def test_too_large_games_are_refused_with_advice() -> None:
    from negsim.errors import NegsimError

    with pytest.raises(NegsimError, match=r"C\(32, 16\) = 6.0e\+08.*--method lcp"):
        solve(Game.from_arrays(np.zeros((16, 16)), np.zeros((16, 16))))


def test_figures_draw_what_the_solver_found() -> None:
    g = Game.from_arrays([[3, 2], [4, 1]], [[3, 4], [2, 1]], players=("x", "y"), title="Chicken")
    eqs = solve(g)
    ax = phase_portrait(g, eqs)
    points = {tuple(map(float, c.get_offsets()[0])) for c in ax.collections if "equilibrium" in str(c.get_label())}
    assert points == {(1.0, 0.0), (0.0, 1.0), (0.5, 0.5)}
    assert "x" in ax.get_xlabel() and "y" in ax.get_ylabel()
    assert payoff_table(g, eqs).get_title().startswith("Chicken")
    assert len(mixed_strategy_bars(eqs).get_yticks()) == 2 * len(eqs.equilibria)
    from negsim.games.learning import fictitious_play

    assert dynamics_trajectories(fictitious_play(g, 20, seed=1)).get_xlabel() == "round"
    with pytest.raises(ValueError, match="2×2"):
        phase_portrait(Game.from_arrays([[1, 2, 3]], [[1, 2, 3]]))


def test_replicator_field_vanishes_at_the_mixed_equilibrium() -> None:
    g = Game.from_arrays([[3, 2], [4, 1]], [[3, 4], [2, 1]])
    dp, dq = replicator_field(g, 0.5, 0.5)  # type: ignore[arg-type]
    assert dp == 0 and dq == 0


def test_run_solves_a_game_too_large_for_complete_enumeration_by_lemke_howson(tmp_path: Path) -> None:
    """`negsim run` failed as a whole on a valid 14×14 game; it now finds some equilibria and says so.

    Every equilibrium reported is checked here by its regret (no pure deviation pays), not
    against negsim's own output.
    """
    from negsim.cli import main

    rng = np.random.default_rng(3)
    n = 14
    A, B = rng.integers(0, 10, (n, n)), rng.integers(0, 10, (n, n))
    rows, cols = [f"s{i}" for i in range(n)], [f"t{j}" for j in range(n)]
    pay = "\n".join(f"      {r}: {{" + ", ".join(f"{c}: [{A[i, j]}, {B[i, j]}]" for j, c in enumerate(cols)) + "}"
                    for i, r in enumerate(rows))
    path = tmp_path / "big.yaml"
    path.write_text(f"negsim: 1\nparties: [{{id: a}}, {{id: b}}]\ngames:\n  - id: g\n    players: [a, b]\n"
                    f"    strategies: {{a: [{', '.join(rows)}], b: [{', '.join(cols)}]}}\n    payoffs:\n{pay}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(path), "-o", str(out), "--no-plots"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "result.json").read_text())["games"]["games"][0]["equilibria"]
    assert data["method"] == "lcp" and data["complete"] is False and data["count"] >= 1
    for e in data["equilibria"]:
        x = np.array([e["strategies"]["a"][s] for s in rows])
        y = np.array([e["strategies"]["b"][c] for c in cols])
        assert abs(x.sum() - 1) < 1e-9 and abs(y.sum() - 1) < 1e-9
        assert (A @ y).max() <= x @ A @ y + 1e-9 and (x @ B).max() <= x @ B @ y + 1e-9
    report = (out / "report.md").read_text()
    assert "some, not necessarily all" in report and "complete enumeration" not in report.split("Lemke")[0][-200:]
