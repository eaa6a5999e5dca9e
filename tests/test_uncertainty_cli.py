"""The `uncertainty` and `sweep` commands and the `negsim run` report section."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

import negsim
from negsim.cli.uncertainty_cmds import sweep, uncertainty
from negsim.report.uncertainty import section

DATA = Path(__file__).parent / "data"
SCENARIO = str(DATA / "security-guarantees-uncertainty.yaml")


@click.group()
def cli() -> None:
    """A group holding only the commands under test."""


cli.add_command(uncertainty)
cli.add_command(sweep)


def test_uncertainty_json_and_output_folder(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["uncertainty", SCENARIO, "--agenda", "arms_control", "--samples", "600",
                                   "--seed", "3", "--workers", "1", "--format", "json", "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["samples"] == 600 and data["agenda"] == "arms_control"
    lo, hi = data["p_deal_ci95"]
    assert lo <= data["p_deal"] <= hi
    assert sum(d["frequency"] for d in data["solutions"]["nash"]) <= 1.0 + 1e-9
    assert json.loads((tmp_path / "uncertainty.json").read_text()) == data
    assert sorted(p.name for p in (tmp_path / "figures").glob("*.png")) == [
        "uncertainty_deals_arms_control.png", "uncertainty_tornado_arms_control.png",
        "uncertainty_utilities_arms_control.png"]


def test_uncertainty_text_and_user_errors() -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["uncertainty", SCENARIO, "--agenda", "arms_control", "--samples", "300",
                              "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert "A deal exists in" in res.output and "Sensitivity" in res.output
    res = runner.invoke(cli, ["uncertainty", "nash-bill-and-jack"])
    assert res.exit_code == 1 and "no `uncertainty:` section" in res.output
    res = runner.invoke(cli, ["uncertainty", SCENARIO, "--agenda", "arms_contrl"])
    assert res.exit_code == 1 and "did you mean `arms_control`" in res.output


def test_sweep_command_one_and_two_inputs(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["sweep", "security-guarantees-2021", "--agenda", "arms_control",
                              "--vary", "parties.russia.no_deal=0:0.3:31", "--format", "json", "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    # Russia's best utility among the arms-control deals the others accept, from the unswept analysis
    a = negsim.analyze(negsim.load(negsim.bundled("security-guarantees-2021")), "arms_control")
    best_russia = max(p.utilities["russia"] for p in a.frontier)
    assert abs(data["thresholds"][0]["at"] - best_russia) < 1e-6
    assert (tmp_path / "figures" / "sweep_nash.png").exists()
    res = runner.invoke(cli, ["sweep", "security-guarantees-2021", "--agenda", "arms_control",
                              "--vary", "parties.russia.no_deal=0:0.3:4", "--vary", "parties.usa.no_deal=0.6:0.9:4"])
    assert res.exit_code == 0, res.output
    assert "grid points" in res.output
    res = runner.invoke(cli, ["sweep", "security-guarantees-2021", "--vary", "parties.rusia.no_deal=0:1:3"])
    assert res.exit_code == 1 and "did you mean `russia`" in res.output


def test_report_section(tmp_path: Path) -> None:
    s = negsim.load(SCENARIO).model_copy()
    small = s.model_copy(update={"uncertainty": s.uncertainty.model_copy(update={"samples": 300})})  # type: ignore[union-attr]
    r = negsim.run(small, steps=["uncertainty"])
    sec = section(r.sections["uncertainty"], tmp_path)
    data = r.to_dict()["uncertainty"]
    assert sec.key == "uncertainty" and set(data["targets"]) == {"full_package", "arms_control", "core"}
    assert data["targets"]["full_package"]["p_deal"] == 0.0
    json.dumps(data)
    for fig in sec.figures:
        assert fig.exists() and f"figures/{fig.name}" in sec.markdown
    assert "uncertainty" not in negsim.run(negsim.load(negsim.bundled("nash-bill-and-jack"))).sections
