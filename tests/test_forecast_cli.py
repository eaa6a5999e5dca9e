"""`negsim forecast` end to end: the JSON shape of the issue, output folders, user errors, seeds; and the
forecast section of `negsim run`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import negsim
from negsim.cli import main
from negsim.report.forecast import section

TABLE = ("prnr\tisnr\tpa\tpb\tpc\tsa\tsb\tsc\trp\tout\n"
         "\t\t2\t1\t1\t\t\t\t\t\n"
         "x\tq1\t0\t100\t40\t50\t50\t70\t10\t40\n"
         "x\tq2\t20\t80\t60\t90\t20\t70\t\t70\n")


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "t.tsv"
    path.write_text(TABLE)
    return path


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, ["forecast", *args])
    return r.exit_code, r.stdout, r.stderr


def test_json_has_the_issue_shape(table: Path) -> None:
    code, out, _ = run(str(table), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"issues", "scores", "rounds"} <= set(data)
    first = data["issues"][0]
    assert {"id", "observed", "reference_point", "forecasts"} <= set(first)
    assert first["id"] == "q1" and first["observed"] == 40.0 and first["reference_point"] == 10.0
    assert set(first["forecasts"]) == {"compromise", "median", "expected_utility", "exchange"}
    assert data["issues"][1]["reference_point"] is None
    assert set(data["scores"]) == {"compromise", "median", "expected_utility", "exchange", "reference_point"}
    assert data["scores"]["reference_point"] == {"mae": 30.0, "n": 1}
    assert data["scores"]["compromise"]["n"] == 2
    states = data["rounds"]["expected_utility"]["q1"]
    assert set(states[0]) == {"positions", "risk"} and set(states[0]["positions"]) == {"a", "b", "c"}
    assert states[0]["positions"] == {"a": 0.0, "b": 100.0, "c": 40.0}


def test_compromise_uses_the_capability_row_unless_told_otherwise(table: Path) -> None:
    """q1: (2·50·0 + 1·50·100 + 1·70·40) / (100 + 50 + 70) by the row; (0 + 5000 + 2800) / 170 with equal."""
    by_row = json.loads(run(str(table), "--models", "compromise", "--format", "json")[1])
    equal = json.loads(run(str(table), "--models", "compromise", "--capabilities", "equal", "--format", "json")[1])
    assert by_row["issues"][0]["forecasts"] == {"compromise": pytest.approx(7800 / 220)}
    assert equal["issues"][0]["forecasts"] == {"compromise": pytest.approx(7800 / 170)}
    assert by_row["capabilities"] == "row" and equal["capabilities"] == "equal"


def test_text_output_lists_issues_and_scores(table: Path) -> None:
    code, out, _ = run(str(table))
    assert code == 0 and "q1" in out and "reference point" in out and "Mean absolute error" in out


def test_output_folder_has_report_and_figures(table: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run(str(table), "-o", str(out))
    assert code == 0, err
    names = sorted(p.name for p in (out / "figures").iterdir())
    assert "forecast_vs_observed.png" in names and "forecasts_by_issue.png" in names
    assert any(n.startswith("rounds_") for n in names) and any(n.startswith("challenges_") for n in names)
    report = (out / "report.md").read_text()
    assert "| compromise |" in report and "figures/forecast_vs_observed.png" in report
    assert json.loads((out / "forecast.json").read_text())["issues"][0]["id"] == "q1"


def test_same_seed_same_bytes(table: Path) -> None:
    args = [str(table), "--samples", "30", "--seed", "4", "--format", "json"]
    a, b = run(*args)[1], run(*args)[1]
    assert a == b
    other = run(str(table), "--samples", "30", "--seed", "5", "--format", "json")[1]
    assert json.loads(a)["uncertainty"] != json.loads(other)["uncertainty"]
    q = json.loads(a)["uncertainty"]["forecasts"]["compromise"]["q1"]
    assert q["q05"] <= q["q50"] <= q["q95"]


@pytest.mark.parametrize(("args", "words"), [
    (["--models", "compromis"], "did you mean `compromise`"),
    (["--capabilities", "row"], "no capability row"),
])
def test_user_errors_exit_1(tmp_path: Path, args: list[str], words: str) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("id,pa,pb,sa,sb\nq,0,100,1,1\n")
    code, _, err = run(str(path), *args)
    assert code == 1 and words in err and "Traceback" not in err


def test_malformed_table_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("isnr\tpa\tsa\nq\tmany\t1\n")
    code, _, err = run(str(path))
    assert code == 1 and "bad.tsv:2:2: pa: expected the position of `a`" in err


def test_scenario_without_forecast_section_is_an_error() -> None:
    code, _, err = run("nash-bill-and-jack")
    assert code == 1 and "no `forecast:` section" in err


def test_bundled_scenario_forecast() -> None:
    code, out, _ = run("ec-car-emissions-1994", "--models", "compromise,median", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["issues"][0]["forecasts"] == {"compromise": pytest.approx(7.38996, abs=5e-6),
                                                            "median": 7.0}


def test_run_section_puts_forecasts_next_to_the_solutions(tmp_path: Path) -> None:
    scenario = negsim.load(negsim.bundled("honduras-nicaragua"))
    r = negsim.run(scenario)
    sec = section(r.sections["forecast"], tmp_path)
    assert sec.key == "forecast" and sec.figures and all(p.is_file() for p in sec.figures)
    nash = negsim.analyze(scenario).solutions["nash"].deal
    assert r.to_dict()["forecast"]["solutions"]["dispute"]["nash"]["option"] == nash["dispute"]
    assert "| issue | compromise |" in sec.markdown and "Nash" in sec.markdown
    assert "forecast" not in negsim.run(negsim.load(negsim.bundled("nash-bill-and-jack"))).sections


def test_negsim_run_includes_the_forecast(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["run", "honduras-nicaragua", "-o", str(tmp_path / "o"), "--no-plots"])
    assert r.exit_code == 0, r.output
    result = json.loads((tmp_path / "o" / "result.json").read_text())
    text = json.dumps(result)
    assert '"solutions"' in text and '"expected_utility"' in text
