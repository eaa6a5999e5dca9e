"""The `forecast:` section of scenarios: defaults from the rest of the scenario, overrides, located errors."""

from __future__ import annotations

import pytest

from negsim.errors import ScenarioError
from negsim.forecast import scenario_data
from negsim.scenario import loads

BASE = """negsim: 1
parties: [{id: a, power: 2}, {id: b}]
issues:
  - {id: level, options: [low, mid, high]}
  - {id: share, range: [0, 100], step: 10}
preferences:
  a: {weights: {level: 3, share: 1}, demands: {level: high, share: 70}}
  b: {values: {level: {low: 1, mid: 0.5, high: 0}}, demands: {share: 20}}
"""


def test_defaults_demands_weights_and_power() -> None:
    d = scenario_data(loads(BASE + "forecast: {}\n"))
    assert d.actors == ("a", "b") and d.issues == ("level", "share")
    # a demands `high` (place 2 on the ordered option list); b gives values only: its best option, `low` (0)
    assert d.positions.tolist() == [[2.0, 0.0], [70.0, 20.0]]
    # a's weights 3:1 normalised; b weighs every issue it speaks to equally
    assert d.saliences.tolist() == [[0.75, 0.5], [0.25, 0.5]]
    assert d.capabilities.tolist() == [[2.0, 1.0], [2.0, 1.0]]
    assert d.labels == (("low", "mid", "high"), None)


def test_overrides_and_extra_actors() -> None:
    d = scenario_data(loads(BASE + """forecast:
  actors: [{id: court, name: The court, capability: 3}]
  capabilities: {b: 5}
  issues:
    - id: share
      positions: {a: 50, court: 10}
      saliences: {court: 40, a: 90}
      capabilities: {a: 0.5}
      observed: 30
    - id: budget
      positions: {a: 1, court: 3}
      saliences: {a: 1, court: 1}
"""))
    assert d.actors == ("a", "b", "court") and d.issues == ("share", "budget")
    assert d.positions[0].tolist() == [50.0, 20.0, 10.0]
    assert d.saliences[0].tolist() == [90.0, 0.5, 40.0]
    assert d.capabilities[0].tolist() == [0.5, 5.0, 3.0]
    assert d.observed[0] == 30.0
    assert d.present[1].tolist() == [True, False, True]


@pytest.mark.parametrize(("section", "line", "words"), [
    ("forecast:\n  issues:\n    - id: share\n      positions: {c: 5}\n", 12, "`c` is not a party or a forecast actor"),
    ("forecast:\n  issues:\n    - id: x\n      positions: {a: 1, b: 2}\n      saliences: {a: 1}\n", 12,
     "`b` has a position on `x` but no salience"),
    ("forecast:\n  actors: [{id: a}]\n", 10, "`a` is already a party"),
    ("forecast:\n  issues:\n    - id: level\n      positions: {a: 5}\n", 12, "outside the option scale 0..2"),
    ("forecast:\n  issues:\n    - id: x\n      positions: {a: 1}\n      saliences: {a: 1}\n", 11,
     "needs positions and saliences of at least two actors"),
    ("forecast:\n  rounds: 0\n", 10, "expected a number ≥ 1"),
    ("forecast:\n  expected_utility: {choice: loudest}\n", 10, "nearest"),
])
def test_located_errors(section: str, line: int, words: str) -> None:
    with pytest.raises(ScenarioError) as err:
        loads(BASE + section, "s.yaml")
    text = "\n".join(str(p) for p in err.value.problems)
    assert words in text, text
    assert any(p.line == line for p in err.value.problems), text


def test_a_forecast_only_scenario_is_valid() -> None:
    s = loads("""negsim: 1
parties: [{id: a}, {id: b}]
forecast:
  issues:
    - {id: x, positions: {a: 0, b: 10}, saliences: {a: 1, b: 1}}
""")
    assert scenario_data(s).positions.tolist() == [[0.0, 10.0]]
