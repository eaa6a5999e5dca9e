"""`negsim run`: exit codes, files written, JSON shape, and refusing to overwrite foreign folders."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from negsim.cli import main

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_run_seed_scenario_writes_report_json_and_figures(tmp_path: Path) -> None:
    out = tmp_path / "seed"
    code, stdout, _ = run("run", str(SCENARIOS / "security-guarantees-2021.yaml"), "-o", str(out))
    assert code == 0, stdout
    assert "no deal meets every red line" in stdout
    assert "Arms control" in stdout
    result = json.loads((out / "result.json").read_text())
    assert result["scenario"]["title"].startswith("Russia")
    agendas = [a["agenda"] for a in result["analyses"]]
    assert agendas == [None, "arms_control", "arms_control_ex_ussr", "arms_control_for_de_escalation", "core"]
    full, arms = result["analyses"][0], result["analyses"][1]
    assert full["zopa"]["size"] == 0 and full["deals_total"] == 4 * 3**8  # enlargement has 4 options, 8 issues 3
    assert {s for s in result if s not in ("scenario", "analyses")} >= {"games", "dynamics", "uncertainty"}
    assert ["russia.red_lines[0]", "usa.red_lines[0]"] in full["diagnosis"]["conflicts"]
    assert {p["constraint"] for p in full["diagnosis"]["prices"]} >= {"usa.no_deal", "russia.red_lines[0]"}
    assert arms["zopa"]["size"] > 0
    nash = arms["solutions"]["nash"]
    assert set(nash["deal"]) == set(arms["issues"]) and set(nash["utilities"]) == {"russia", "usa", "nato_allies"}
    assert set(arms["solutions"]) == {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}
    assert arms["frontier"] and {"deal", "utilities"} <= set(arms["frontier"][0])
    figures = sorted(p.name for p in (out / "figures").glob("*.png"))
    assert "red_lines_full.png" in figures and "utility_space_arms_control.png" in figures
    # three parties and no deal: the red-line chart, and no utility space (its projections mislead there)
    assert not any(f.startswith("utility_space_") and f.removeprefix("utility_space_").removesuffix(".png")
                   in ("full", "core", "arms_control_ex_ussr") for f in figures)
    report = (out / "report.md").read_text()
    assert "![Utility space](figures/utility_space_arms_control.png)" in report
    assert report.count("The utility space is not drawn") == 3  # said for each of the three targets without a deal


def test_run_one_agenda_json_to_stdout(tmp_path: Path) -> None:
    code, stdout, _ = run("run", "nash-bill-and-jack", "-o", str(tmp_path / "bj"), "--format", "json", "--no-plots")
    assert code == 0
    data = json.loads(stdout)
    assert data["analyses"][0]["solutions"]["nash"]["deal"]["pen"] == "trade"
    assert not (tmp_path / "bj" / "figures").exists()


def test_run_markdown_format(tmp_path: Path) -> None:
    code, stdout, _ = run("run", "security-guarantees-2021", "--agenda", "arms_control", "-o", str(tmp_path / "m"),
                          "--format", "markdown", "--no-plots")
    assert code == 0
    assert stdout.startswith("# Russia") and "Zone of possible agreement" in stdout


def test_run_refuses_to_write_into_a_folder_negsim_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("precious")
    code, _, stderr = run("run", "nash-bill-and-jack", "-o", str(tmp_path), "--no-plots")
    assert code == 1 and "--force" in stderr and "Traceback" not in stderr
    assert (tmp_path / "mine.txt").read_text() == "precious"
    code, _, _ = run("run", "nash-bill-and-jack", "-o", str(tmp_path), "--no-plots", "--force")
    assert code == 0 and (tmp_path / "mine.txt").exists()


def test_rerun_replaces_its_own_output(tmp_path: Path) -> None:
    for _ in range(2):
        code, _, _ = run("run", "nash-bill-and-jack", "-o", str(tmp_path / "r"), "--no-plots")
        assert code == 0


def test_run_user_errors_exit_1_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("negsim: 1\nparties: [{id: a}]\n")
    code, _, stderr = run("run", str(bad), "-o", str(tmp_path / "o"))
    assert code == 1 and "bad.yaml:" in stderr and "Traceback" not in stderr
    code, _, stderr = run("run", "security-guarantees-2021", "--agenda", "nope", "-o", str(tmp_path / "o2"))
    assert code == 1 and "no agenda `nope`" in stderr
    code, _, stderr = run("run", str(tmp_path / "missing.yaml"))
    assert code == 1 and "no such file" in stderr


def test_run_usage_error_exits_2() -> None:
    code, _, _ = run("run", "nash-bill-and-jack", "--format", "pdf")
    assert code == 2


def test_run_builds_and_analyses_each_deal_space_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: the budget check, the analysis and every section share one space per target
    (the full package and each agenda of the file), each analysed once."""
    import negsim
    import negsim.pipeline as pipeline
    from negsim.space import OutcomeSpace

    built: list[OutcomeSpace] = []
    analysed: list[str | None] = []
    init, analyse = OutcomeSpace.__init__, pipeline.analyze_space

    def counting_init(self: OutcomeSpace, *args: object, **kwargs: object) -> None:
        built.append(self)
        init(self, *args, **kwargs)  # type: ignore[arg-type]

    def counting_analyse(space: OutcomeSpace, *args: object, **kwargs: object) -> object:
        analysed.append(space.info.agenda)
        return analyse(space, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(OutcomeSpace, "__init__", counting_init)
    monkeypatch.setattr(pipeline, "analyze_space", counting_analyse)
    code, out, err = run("run", "security-guarantees-2021", "--no-plots", "-o", str(tmp_path / "out"))
    assert code == 0, out + err
    targets = [None, *[a.id for a in negsim.load(negsim.bundled("security-guarantees-2021")).agendas]]
    assert len(built) == len(targets)
    assert analysed == targets
