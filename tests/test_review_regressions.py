"""Regression tests for bugs found in review (each reproducer written independently of the fix)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import negsim
from negsim.bargaining import solutions as sol
from negsim.cli import main

TWO = """
negsim: 1
parties: [{id: a}, {id: b}]
"""


def test_a_numeric_option_must_be_a_grid_label_not_just_close_to_one() -> None:
    text = TWO + """
issues:
  - {id: x, range: [0, 1], step: 0.333333333}
preferences:
  a: {values: {x: {0: 0, 1: 1}}, red_lines: [{issue: x, never: [0.3333333]}]}
  b: {values: {x: {0: 1, 1: 0}}}
"""
    with pytest.raises(negsim.ScenarioError, match=r"nearest is `0\.333333333`"):
        negsim.loads(text)


def test_a_grid_ends_on_its_high_end_so_its_label_exists() -> None:
    text = TWO + """
issues:
  - {id: x, range: [0, 1], step: 0.333333333, status_quo: 1}
  - {id: y, options: [lo, hi]}
preferences:
  a: {values: {x: {0: 0, 1: 1}, y: {lo: 0, hi: 1}}, red_lines: [{issue: x, never: [1]}]}
  b: {values: {x: {0: 1, 1: 0}, y: {lo: 1, hi: 0}}}
agendas: [{id: ag, issues: [y]}]
"""
    s = negsim.loads(text)
    assert negsim.analyze(s).zopa_size == 6  # x = 1 is refused: 3 of 4 grid points × 2
    assert negsim.analyze(s, "ag").deals_total == 2


def test_a_step_too_fine_for_nine_decimals_is_refused() -> None:
    text = TWO + """
issues: [{id: x, range: [0, 0.000000001], step: 0.0000000001}]
preferences:
  a: {values: {x: {0: 0, 0.000000001: 1}}}
  b: {values: {x: {0: 1, 0.000000001: 0}}}
"""
    with pytest.raises(negsim.ScenarioError, match="too fine"):
        negsim.loads(text)


def test_uncertainty_on_a_broken_game_is_a_located_error_not_a_crash() -> None:
    text = TWO + """
games:
  - {id: g, players: [a, b], strategies: {a: [x, y]}, payoffs: {x: {u: [1, 2]}}}
uncertainty:
  vary: [{path: "games.g.payoffs.x.u[0]", uniform: [0, 1]}]
"""
    with pytest.raises(negsim.ScenarioError):
        negsim.loads(text)


def test_names_with_brackets_print_as_written(tmp_path: Path) -> None:
    f = tmp_path / "m.yaml"
    f.write_text(TWO.replace("{id: a}", '{id: a, name: "A [/x]"}') + """
issues: [{id: x, options: ["[/hi]", lo]}]
preferences:
  a: {values: {x: {"[/hi]": 1, lo: 0}}}
  b: {values: {x: {"[/hi]": 0.5, lo: 1}}}
""")
    result = CliRunner().invoke(main, ["run", str(f), "-o", str(tmp_path / "out"), "--no-plots"])
    assert result.exit_code == 0, result.output
    assert "A [/x]" in result.stdout


def test_many_identical_red_lines_are_diagnosed_quickly_and_completely() -> None:
    lines = "\n".join("      - {issue: y, never: [lo, hi]}" for _ in range(30))
    s = negsim.loads(TWO + f"""
issues: [{{id: y, options: [lo, hi]}}]
preferences:
  a:
    values: {{y: {{lo: 0, hi: 1}}}}
    red_lines:
{lines}
  b: {{values: {{y: {{lo: 1, hi: 0}}}}}}
""")
    d = negsim.analyze(s).diagnosis
    assert d.complete and len(d.conflicts) == 30 and all(len(c) == 1 for c in d.conflicts)


def test_dropping_a_min_utility_floor_nobody_breaks_changes_nothing() -> None:
    s = negsim.loads("""
negsim: 1
parties: [{id: a, no_deal: 0.4}, {id: b}]
issues: [{id: x, options: [o0, o1, o2, o3, o4]}]
preferences:
  a: {values: {x: {o0: 0.4, o1: 0.5, o2: 0.6, o3: 0.8, o4: 1}}, red_lines: [{min_utility: 0.1}]}
  b: {values: {x: {o0: 1, o1: 0.9, o2: 0.8, o3: 0.5, o4: 0}}}
""")
    a = negsim.analyze(s)
    price = next(p for p in a.diagnosis.prices if p.id == "a.red_lines[0]")
    assert price.opens == 0 and price.nash_if_dropped["deal"] == a.solutions["nash"].deal


def test_convexified_ks_and_egalitarian_exist_for_one_deal_and_off_ray_hulls() -> None:
    one = np.array([[0.6, 0.4]])
    assert sol.kalai_smorodinsky_convex(one, np.zeros(2)).utilities == (0.6, 0.4)
    assert sol.egalitarian_convex(one, np.zeros(2)).utilities == (0.6, 0.4)
    hull = np.array([[1.0, 0.0], [0.9, 0.05]])  # the equal-gains ray passes left of both deals
    assert sol.egalitarian_convex(hull, np.zeros(2)).utilities == pytest.approx((0.9, 0.05))


def test_collinear_frontier_points_survive_float_noise() -> None:
    pts = np.array([[0.1 * k, 1 - 0.1 * k] for k in range(11)])
    assert len(sol.upper_hull(pts)) == 11
