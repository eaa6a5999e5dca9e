"""`rule:` and `ratification:` in the format: located errors, rule-only files, `negsim power` and `negsim run`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import negsim
from negsim.cli import main
from negsim.errors import ScenarioError

HEAD = "negsim: 1\nparties: [{id: fr}, {id: de}, {id: lu}]\n"


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        negsim.loads(text, "s.yaml")
    return [str(p) for p in exc.value.problems]


@pytest.mark.parametrize(("rule", "expected"), [
    ("rule: {kind: weighted, weights: {fr: 4, de: 4, lux: 1}, quota: 5}",
     "s.yaml:3:48: rule.weights.lux: `lux` is not a party (did you mean `lu`?)"),
    ("rule: {kind: weighted, weights: {fr: 4, de: 4}, quota: 5}",
     "s.yaml:3:24: rule.weights: no weight for party `lu`"),
    ("rule: {kind: weighted, weights: {fr: 4, de: 4, lu: 1}, quota: 10}",
     "s.yaml:3:1: rule: quota 10 is more than the total weight 9"),
    ("rule: {kind: weighted, weights: {fr: 4, de: 4, lu: 1}, quota: 5, share: 0.5}",
     "s.yaml:3:1: rule: give either `quota`"),
    ("rule: {kind: weighted, weights: {fr: 4, de: 4, lu: 1}}",
     "s.yaml:3:1: rule: missing the votes needed"),
    ("rule: {kind: unanimity, quota: 2}",
     "s.yaml:3:25: rule.quota: `quota` does not apply to kind `unanimity`"),
    ("rule: {kind: majority, quota: 4}",
     "s.yaml:3:31: rule.quota: a majority quota is a whole number of parties from 1 to 3, found 4"),
    ("rule: {kind: majority, veto: [frr]}",
     "s.yaml:3:31: rule.veto[0]: `frr` is not a party (did you mean `fr`?)"),
    ("rule: {kind: double_majority, criteria: [{share: 0.55}]}",
     "s.yaml:3:1: rule: a double majority has two `criteria` (found 1)"),
    ("rule: {kind: majority, quota: 2.5}",
     "s.yaml:3:31: rule.quota: a majority quota is a whole number"),
    ("rule: {kind: plurality}",
     "s.yaml:3:14: rule.kind: expected 'unanimity', 'majority', 'weighted' or 'double_majority'"),
    ("rule: {kind: weighted, weights: {fr: 0.0000001, de: 4, lu: 1}, quota: 4}",
     "s.yaml:3:38: rule.weights.fr: a weight has at most 6 decimals"),
    ("rule: {kind: weighted, weights: {fr: 999999999999.5, de: 0.000001, lu: 1}, quota: 4}",
     "s.yaml:3:24: rule.weights: the weights are too large or have too many decimals"),
])
def test_rule_errors_are_located(rule: str, expected: str) -> None:
    found = problems(HEAD + rule + "\n")
    assert any(p.startswith(expected) for p in found), found


def test_a_file_with_only_a_rule_is_valid(tmp_path: Path) -> None:
    s = negsim.loads(HEAD + "rule: {kind: majority}\n")
    assert s.issues == [] and s.rule is not None and s.rule.kind == "majority"
    path = tmp_path / "rule.yaml"
    path.write_text(HEAD + "rule: {kind: majority}\n")
    assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 0
    assert problems(HEAD) == ["s.yaml:1:1: issues: a scenario needs at least one issue (or a game under `games:`, "
                              "a `forecast:`, or only a decision `rule:` for `negsim power`)"]


RATIFY = """negsim: 1
parties:
  - id: a
    ratification:
      quota: 3
      constituents:
        - {id: x, votes: 1}
        - {id: x, votes: 1, red_lines: [{issue: prise, never: [low]}]}
  - id: b
issues: [{id: price, options: [low, high]}]
preferences:
  a: {demands: {price: high}}
  b: {demands: {price: low}}
"""


def test_ratification_errors_are_located() -> None:
    found = problems(RATIFY)
    assert any(p.startswith("s.yaml:5:14: parties[0].ratification.quota: quota 3 is more than the constituents' 2 "
                            "votes") for p in found), found
    assert any(p.startswith("s.yaml:8:16: parties[0].ratification.constituents[1].id: duplicate id `x`")
               for p in found), found
    assert any(p.startswith("s.yaml:8:49: parties[0].ratification.constituents[1].red_lines[0].issue: `prise` is "
                            "not an issue (did you mean `price`?)") for p in found), found


def test_ratification_without_issues_is_an_error() -> None:
    found = problems("negsim: 1\nparties: [{id: a, ratification: {share: 0.5, constituents: [{id: x}]}}, {id: b}]\n"
                     "rule: {kind: majority}\n")
    assert any("ratification needs issues" in p for p in found), found


# --- the command line ------------------------------------------------------------------------

EEC_FILE = """negsim: 1
title: EEC Council of Ministers, 1958
parties: [{id: fr}, {id: de}, {id: it}, {id: be}, {id: nl}, {id: lu}]
rule:
  kind: weighted
  weights: {fr: 4, de: 4, it: 4, be: 2, nl: 2, lu: 1}
  quota: 12
"""


def test_negsim_power_json_shape(tmp_path: Path) -> None:
    path = tmp_path / "eec.yaml"
    path.write_text(EEC_FILE)
    result = CliRunner().invoke(main, ["power", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["players"] == ["fr", "de", "it", "be", "nl", "lu"]
    assert data["shapley_shubik"]["fr"] == pytest.approx(7 / 30)
    assert data["banzhaf"]["lu"] == 0 and data["banzhaf"]["be"] == pytest.approx(3 / 16)
    assert data["banzhaf_normalised"]["de"] == pytest.approx(5 / 21)


def test_negsim_power_text_and_monte_carlo(tmp_path: Path) -> None:
    path = tmp_path / "eec.yaml"
    path.write_text(EEC_FILE)
    text = CliRunner().invoke(main, ["power", str(path)])
    assert text.exit_code == 0 and "Dummies (never pivotal): lu" in text.output
    mc = CliRunner().invoke(main, ["power", str(path), "--method", "monte-carlo", "--samples", "2000",
                                   "--format", "json"])
    assert json.loads(mc.output)["method"] == "monte_carlo"


def test_negsim_power_bad_file_is_a_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(EEC_FILE.replace("quota: 12", "quota: 18"))
    result = CliRunner().invoke(main, ["power", str(path)])
    assert result.exit_code == 1
    assert "bad.yaml:4:1: rule: quota 18 is more than the total weight 17" in result.output
    assert "Traceback" not in result.output


def test_negsim_run_on_a_rule_only_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "eec.yaml"
    path.write_text(EEC_FILE)
    result = CliRunner().invoke(main, ["run", str(path), "-o", str(tmp_path / "out"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["analyses"] == [] and data["rules"]["power"]["shapley_shubik"]["it"] == pytest.approx(7 / 30)
    report = (tmp_path / "out" / "report.md").read_text()
    assert "This file has no issues: only the rule is analysed" in report
    assert (tmp_path / "out" / "figures" / "rule_power.png").exists()


def test_negsim_run_reports_the_rule_section(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", "two-level-trade-deal", "-o", str(tmp_path / "out"), "--no-plots"])
    assert result.exit_code == 0, result.output
    assert "Ratification at home" in result.output and "win-set" in result.output
    data = json.loads((tmp_path / "out" / "result.json").read_text())
    rat = data["rules"]["analyses"]["full_package"]["ratification"]
    assert rat["zopa_with_ratification"]["unanimity"] == 4 and rat["effect"] == "shrinks"
