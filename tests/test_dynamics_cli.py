"""The simulate / tournament / spe commands and the `negsim run` section."""

from __future__ import annotations

import json
from pathlib import Path

import click
import matplotlib
import pytest
from click.testing import CliRunner

import negsim
from negsim.cli.dynamics_cmds import COMMANDS
from negsim.report.dynamics import section

matplotlib.use("Agg")


@click.group()
def cli() -> None:
    """A test group holding this module's commands."""


for _command in COMMANDS:
    cli.add_command(_command)


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout


def test_simulate_json_with_strategy_override() -> None:
    code, out = invoke("simulate", "divide-the-dollar", "--strategy", "alice=hardliner", "--strategy",
                       "bob=linear", "--rounds", "5", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["strategies"]["alice"]["name"] == "hardliner"
    assert data["outcome"]["round"] == 4 and data["outcome"]["deal"] == {"share": "100"}


def test_simulate_text_and_output_folder(tmp_path: Path) -> None:
    code, out = invoke("simulate", "security-guarantees-2021", "--agenda", "arms_control", "-o", str(tmp_path))
    assert code == 0 and "Agreement in round" in out
    assert (tmp_path / "result.json").exists() and (tmp_path / "figures" / "trace.png").exists()


@pytest.mark.parametrize(("args", "message"), [
    (("simulate", "divide-the-dollar", "--strategy", "alice=bogus"), "no strategy `bogus`"),
    (("simulate", "divide-the-dollar", "--strategy", "carol=linear"), "no negotiating party carol"),
    (("spe", "security-guarantees-2021"), "choose two with --parties"),
    (("spe", "security-guarantees-2021", "--parties", "russia,usa"), "no deal is acceptable"),
    (("simulate", "divide-the-dollar", "--agenda", "nope"), "no agenda `nope`"),
])
def test_user_errors_exit_1_with_a_message(args: tuple[str, ...], message: str) -> None:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 1 and message in result.output


def test_tournament_json_and_heat_maps(tmp_path: Path) -> None:
    code, out = invoke("tournament", "security-guarantees-2021", "--agenda", "arms_control", "--parties",
                       "russia,usa", "--seeds", "2", "--format", "json", "-o", str(tmp_path))
    assert code == 0
    data = json.loads(out)
    assert len(data["cells"]) == 25 and data["meta_game"]["equilibria"]
    assert (tmp_path / "figures" / "tournament_agreement.png").exists()


def test_spe_text_reports_rubinstein_share() -> None:
    code, out = invoke("spe", "divide-the-dollar", "--convex")
    assert code == 0 and "Alice 0.5263" in out


def test_report_section(tmp_path: Path) -> None:
    r = negsim.run(negsim.load(negsim.bundled("divide-the-dollar")))
    data = r.to_dict()["dynamics"]
    assert data["spe"]["stationary_convex"]["agreement"]["utilities"]["alice"] == pytest.approx(1 / 1.9)  # Rubinstein
    s = section(r.sections["dynamics"], tmp_path)
    assert s.key == "dynamics" and all(f.exists() for f in s.figures) and len(s.figures) == 3
    json.dumps(data)
    assert "dynamics" not in negsim.run(negsim.load(negsim.bundled("nash-bill-and-jack"))).sections


@pytest.mark.parametrize("command", ["simulate", "tournament", "spe"])
def test_first_proposer_must_negotiate(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "security-guarantees-2021", "--agenda", "arms_control", "--parties",
                                      "usa,nato_allies", "--first", "russia", "--seeds" if command == "tournament" else
                                      "--rounds", "2"])
    assert result.exit_code == 1 and "does not negotiate here" in result.output


# --- negsim closed-form ---------------------------------------------------------------------


@pytest.mark.parametrize(("args", "said"), [
    (["rubinstein", "--delta1", "0.9", "--delta2", "0.8"], "first proposer 0.7143"),          # Rubinstein (1982)
    (["breakdown", "--p", "0.1"], "first proposer 0.5263"),                                   # BRW (1986)
    (["outside-options", "--delta1", "0.9", "--delta2", "0.9", "--w2", "0.6"], "first proposer 0.4000"),
    (["fearon", "--p", "0.6", "--cost-a", "0.1", "--cost-b", "0.15"], "between 0.5000 and 0.7500"),   # Fearon 1995
    (["fearon-private", "--p", "0.5", "--cost-a", "0.1", "--cost-b-low", "0", "--cost-b-high", "0.4"],
     "B fights with probability 0.3750"),
    (["nash-limit", "--r1", "1", "--r2", "3"], "first proposer 0.7500"),
    (["first-mover", "--delta1", "0.9", "--delta2", "0.9"], "worth 0.0526"),
    (["fixed-costs", "--c1", "0.2", "--c2", "0.1"], "first proposer 0.1000"),
    (["rubinstein-rates", "--r1", "1", "--r2", "1", "--dt", "0.1"], "first proposer 0.5250"),
])
def test_closed_form_command_prints_the_published_value(args: list[str], said: str) -> None:
    from negsim.cli import main as negsim_cli

    r = CliRunner().invoke(negsim_cli, ["closed-form", *args])
    assert r.exit_code == 0, r.output
    assert said in r.output.replace("\n", " ") and "source:" in r.output


def test_closed_form_json_and_bad_input() -> None:
    from negsim.cli import main as negsim_cli

    runner = CliRunner()
    r = runner.invoke(negsim_cli, ["closed-form", "fearon-private", "--p", "0.5", "--cost-a", "0.1", "--cost-b-low",
                                   "0", "--cost-b-high", "0.3", "--format", "json"])
    data = json.loads(r.output)
    assert data["form"] == "fearon-private" and data["result"]["demand"] == pytest.approx(0.6)
    bad = runner.invoke(negsim_cli, ["closed-form", "rubinstein", "--delta1", "1", "--delta2", "1"])
    assert bad.exit_code == 1 and "every split is an equilibrium" in bad.output and "Traceback" not in bad.output
    missing = runner.invoke(negsim_cli, ["closed-form", "rubinstein", "--delta1", "0.9"])
    assert missing.exit_code == 2
