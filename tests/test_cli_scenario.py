"""The scenario commands: validate, schema, new, list, --version — every exit code."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from negsim.cli import main
from negsim.resources import bundled_scenarios, template_text
from negsim.scenario import load
from negsim.scenario.schema import json_schema_text

ROOT = Path(__file__).resolve().parents[1]
BASE = Path(__file__).parent / "malformed" / "_valid_base.yaml"
BAD = Path(__file__).parent / "malformed" / "unknown_option_in_demands.yaml"
LOCATED = re.compile(r"^(.+?):(\d+):(\d+): (\S+): (.+)$")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# --- validate ------------------------------------------------------------------------

def test_validate_valid_file_prints_a_summary(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(BASE)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"{BASE}: valid — 2 parties (russia, usa); 2 issues; agendas: arms; 15 deals; "
                             "games: crisis\n")


def test_validate_bundled_scenario_by_name(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "security-guarantees-2021"])
    assert result.exit_code == 0, result.output
    assert "security-guarantees-2021.yaml: valid" in result.stdout


def test_validate_invalid_file_exits_1_with_located_problems(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(BAD)])
    assert result.exit_code == 1
    first, summary = result.stderr.strip().splitlines()
    m = LOCATED.match(first)
    assert m and m.group(1) == str(BAD) and m.group(2) == "32" and m.group(4) == "preferences.russia.demands.nato"
    assert "did you mean `ban`?" in first
    assert summary == f"{BAD}: invalid (1 problem)"
    assert result.stdout == ""


def test_validate_several_files_reports_each_and_exits_1(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(BASE), str(BAD), str(BASE)])
    assert result.exit_code == 1
    assert result.stdout.count(": valid — ") == 2
    assert f"{BAD}: invalid (1 problem)" in result.stderr


def test_validate_deal_limit_option(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--max-deals", "14", str(BASE)])
    assert result.exit_code == 1 and "more than the limit of 14" in result.stderr
    assert runner.invoke(main, ["validate", "--max-deals", "15", str(BASE)]).exit_code == 0


@pytest.mark.parametrize("args", [[], ["no-such-file.yaml"], ["no-such-bundled-name"], ["--max-deals", "0", "x.yaml"],
                                  ["--bogus", "x.yaml"], ["."]])
def test_validate_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(main, ["validate", *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


# --- schema --------------------------------------------------------------------------

def test_schema_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == json_schema_text()
    assert json.loads(result.stdout)["properties"]["negsim"]["const"] == 1


def test_schema_to_file_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "schema.json"
    assert runner.invoke(main, ["schema", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == json_schema_text()
    out.write_text("keep me", encoding="utf-8")
    result = runner.invoke(main, ["schema", "--output", str(out)])
    assert result.exit_code == 1 and "already exists" in result.stderr and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert runner.invoke(main, ["schema", "-o", str(out), "--force"]).exit_code == 0
    assert out.read_text(encoding="utf-8") == json_schema_text()


# --- new -----------------------------------------------------------------------------

def test_new_writes_a_valid_template_and_refuses_to_overwrite(runner: CliRunner, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["new"])
    assert result.exit_code == 0, result.output
    written = Path("scenario.yaml")
    assert written.read_text(encoding="utf-8") == template_text()
    assert load(written).title == "Buying a used car"
    written.write_text("my work", encoding="utf-8")
    result = runner.invoke(main, ["new"])
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert written.read_text(encoding="utf-8") == "my work"
    assert runner.invoke(main, ["new", "--force"]).exit_code == 0
    assert written.read_text(encoding="utf-8") == template_text()
    assert runner.invoke(main, ["new", "other/car.yaml"]).exit_code == 0
    assert Path("other/car.yaml").exists()


# --- list and version ----------------------------------------------------------------

def test_list_shows_every_bundled_scenario(runner: CliRunner) -> None:
    result = runner.invoke(main, ["list"])
    assert result.exit_code == 0
    names = [p.stem for p in bundled_scenarios()]
    assert names and all(name in result.stdout for name in names)
    assert "(invalid)" not in result.stdout


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"negsim, version {VERSION}\n"


def test_python_dash_m_negsim() -> None:
    done = subprocess.run([sys.executable, "-m", "negsim", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == f"negsim, version {VERSION}\n"


def test_real_process_prints_no_traceback_for_a_broken_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"negsim: 1\nparties: [\x00\n")
    done = subprocess.run([sys.executable, "-m", "negsim", "validate", str(bad)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{bad}:1:1: ") and "Traceback" not in done.stderr
