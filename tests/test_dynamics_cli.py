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
    assert code == 0 and "alice 0.5263" in out


def test_report_section(tmp_path: Path) -> None:
    s = section(negsim.load(negsim.bundled("divide-the-dollar")), tmp_path)
    assert s is not None and s.key == "dynamics"
    assert s.data["spe"]["stationary_convex"]["agreement"]["utilities"]["alice"] == pytest.approx(1 / 1.9)
    assert all(f.exists() for f in s.figures) and len(s.figures) == 3
    json.dumps(s.data)
    assert section(negsim.load(negsim.bundled("nash-bill-and-jack")), tmp_path) is None  # no protocol: no section


@pytest.mark.parametrize("command", ["simulate", "tournament", "spe"])
def test_first_proposer_must_negotiate(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "security-guarantees-2021", "--agenda", "arms_control", "--parties",
                                      "usa,nato_allies", "--first", "russia", "--seeds" if command == "tournament" else
                                      "--rounds", "2"])
    assert result.exit_code == 1 and "does not negotiate here" in result.output
