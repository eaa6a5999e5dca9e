"""What negsim says is part of its correctness (issue 12): ties as sets, nothing silently dropped,
only informative sections, the convexified answers named, Nash defined where reported, names and
units, and terminal output that reads at 80 columns.

Expected values come from the scenarios themselves (divide-the-dollar: every split of 100 cents
gives the same utility sum; Fearon 1995: every split in [p − c_A, p + c_B] beats war), not from
negsim's output.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

import negsim
from negsim.cli import main
from negsim.report.bargaining import print_summary
from negsim.report.document import GLOSSARY, markdown_report
from negsim.report.section import report_sections


def _run(name: str, *steps: str) -> negsim.Results:
    return negsim.run(negsim.load(negsim.bundled(name)), steps=list(steps))


def _terminal(r: negsim.Results, width: int = 80) -> str:
    con = Console(width=width, record=True, color_system=None, file=open(os.devnull, "w"))  # noqa: SIM115
    print_summary(con, r.scenario, r.analyses, report_sections(r, None))
    return con.export_text()


def test_a_tie_is_a_set_not_a_recommendation() -> None:
    """Divide the dollar: all 101 splits have utility sum 1, so the utilitarian answer is every split."""
    r = _run("divide-the-dollar")
    util = r.analyses[0].solutions["utilitarian"]
    assert util.ties == 101 and util.tied_options["share"] == [str(c) for c in range(101)]
    text = _terminal(r)
    assert "any of 0 … 100 (101 tied)" in text
    assert "any of 0 … 100 (101 tied)" in markdown_report(r.scenario, r.analyses, [], {}, None)
    data = r.to_dict()["analyses"][0]["solutions"]["utilitarian"]
    assert data["ties"] == 101 and len(data["tied_options"]["share"]) == 101


def test_fearon_ties_are_the_bargaining_range() -> None:
    """Fearon (1995) with p = 0.5, c_A = c_B = 0.1: the utilitarian ties are the whole range 40..60."""
    r = _run("fearon-crisis-bargaining")
    util = r.analyses[0].solutions["utilitarian"]
    assert util.ties == 21 and util.tied_options["territory"] == [str(x) for x in range(40, 61)]
    assert "any of 40 … 60 (21 tied)" in _terminal(r)


def test_nothing_is_silently_dropped() -> None:
    """The seed case's full package has more conflicting sets and openings than the terminal lists."""
    r = _run("security-guarantees-2021")
    a = r.analyses[0]
    text = _terminal(r)
    md = markdown_report(r.scenario, r.analyses, [], {}, None)
    assert len(a.diagnosis.conflicts) > 6 and f"… and {len(a.diagnosis.conflicts) - 6} more sets" in text
    assert len(a.diagnosis.openings) > 6 and f"… and {len(a.diagnosis.openings) - 6} more" in text
    full = next(part for part in md.split("\n## ") if part.startswith("Full package"))
    listed = re.findall(r"^- drop ", full, flags=re.M)
    assert len(listed) == len(a.diagnosis.openings)


def test_only_sections_that_inform() -> None:
    r = _run("security-guarantees-2021", "games", "uncertainty")
    games = r.sections["games"]
    assert all(any(cell is not None for cell in ga.derived.cells.values()) for ga in games.derived if ga.derived)
    assert any("no deal is acceptable to both" in note for note in games.skipped)
    text = _terminal(r, width=120)
    assert "Full package: a deal never exists in these samples, so no input decides it." in text
    data = r.to_dict()["uncertainty"]["targets"]["full_package"]
    assert data["p_deal"] == 0.0


def test_every_convexified_answer_names_its_two_deals() -> None:
    """job-offer, money only: KS on the hull mixes salaries 120 and 125 (the README's promise)."""
    r = _run("job-offer")
    md = markdown_report(r.scenario, r.analyses, [], {}, None)
    for a in r.analyses:
        for c in a.convex.values():
            if len(c.lottery) == 2:
                assert f"{c.label} with lotteries allowed: {c.lottery[0][1]:.2f} ×" in md
    assert "0.55 × (Base salary (k per year) 120) and 0.45 × (Base salary (k per year) 125)" in md


def test_nash_is_only_reported_over_strict_gains() -> None:
    s = negsim.loads("""
negsim: 1
parties: [{id: a, no_deal: 0.5}, {id: b, no_deal: 0.5}]
issues: [{id: x, options: [p, q]}]
preferences:
  a: {values: {x: {p: 0.5, q: 1.0}}}
  b: {values: {x: {p: 1.0, q: 0.5}}}
""")
    a = negsim.analyze(s)
    assert a.zopa_size == 2  # both deals meet the floors, but each leaves one party at exactly 0.5
    assert a.solutions["nash"].deal is None and "strict gain" in a.solutions["nash"].note
    assert a.solutions["utilitarian"].deal is not None


def test_the_report_explains_its_terms_and_ids() -> None:
    r = _run("job-offer")
    md = markdown_report(r.scenario, r.analyses, [], {}, None)
    for term, _ in GLOSSARY:
        assert f"**{term}**" in md
    assert "## Ids in result.json" in md and "`employer.red_lines[1]`" in md
    assert "### What each constraint costs" in md


@pytest.mark.parametrize("name", ["security-guarantees-2021", "divide-the-dollar", "job-offer",
                                  "supply-chain-three-party", "fearon-crisis-bargaining", "eu-council-qmv"])
def test_terminal_output_fits_80_columns_and_never_breaks_a_number(name: str) -> None:
    r = _run(name, "rules", "games", "dynamics", "uncertainty", "forecast")
    text = _terminal(r, 80)
    assert max(len(line) for line in text.splitlines()) <= 80
    for a in r.analyses:  # every utility the tables show appears whole
        for s in a.solutions.values():
            for v in (s.utilities or {}).values():
                assert f"{v:.3f}" in text
    assert not re.search(r"\d\n\s*│?\s*\d", text.replace("│", "")), "a number was broken across lines"


def test_names_and_units_are_used(tmp_path: Path) -> None:
    path = tmp_path / "pay.yaml"
    path.write_text("""negsim: 1
parties: [{id: union, name: The union}, {id: firm, name: The firm}]
issues: [{id: raise, name: Pay rise, unit: "%", range: [0, 4], step: 1},
         {id: remote, name: Remote work, options: [never_remote, two_days]}]
preferences:
  union: {demands: {raise: 4, remote: two_days}}
  firm: {demands: {raise: 0, remote: never_remote}, red_lines: [{issue: raise, at_most: 3, reason: budget}]}
""")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(path), "-o", str(out), "--no-plots"])
    assert result.exit_code == 0, result.output
    assert "Pay rise (%)" in result.output and "two days" in result.output and "two_days" not in result.output
    md = (out / "report.md").read_text()
    assert "The firm: Pay rise at most 3 %" in md and "budget" in md
    assert json.loads((out / "result.json").read_text())["analyses"][0]["issues"] == ["raise", "remote"]


def test_off_agenda_issues_and_derived_games_speak_names_not_ids() -> None:
    """The seed report names off-agenda issues, the derived games' players and their cells' deals
    as the scenario file does (the ids stay in result.json)."""
    r = _run("security-guarantees-2021", "games")
    md = markdown_report(r.scenario, r.analyses, report_sections(r, None), {}, None)
    names = {i.id: i.name for i in r.scenario.issues}
    off = [line for line in md.splitlines() if line.startswith("Off the table")]
    assert off and all(names["form"] in line and "form:" not in line for line in off)
    assert "Off the table (at status quo): " + names["nato_enlargement"] in md
    ties = [line for line in md.splitlines() if "is indifferent when" in line]
    assert ties and all("United States" in line and "usa " not in line for line in ties)
    cells = [line for line in md.splitlines() if line.startswith(("| concede / ", "| firm / "))]
    assert cells and any(names["intermediate_missiles"] in line for line in cells)
    assert not any("intermediate_missiles" in line or "_" in line.split("|")[2] for line in cells)
    cells_json = [c for g in r.sections["games"].to_dict()["derived"] for c in g["derived_from"]]
    assert any(c["deal"] and "intermediate_missiles" in c["deal"] for c in cells_json)


def test_uncertainty_and_sweep_speak_names_not_ids(tmp_path: Path) -> None:
    """`negsim uncertainty` and `negsim sweep` name deals and inputs as the scenario does (review D25 family)."""
    data = Path(__file__).parent / "data" / "security-guarantees-uncertainty.yaml"
    issue = negsim.load(data).issues
    name = {i.id: i.name for i in issue}
    for args in (["uncertainty", str(data), "--agenda", "arms_control", "--samples", "200"],
                 ["sweep", str(data), "--agenda", "arms_control", "--vary", "parties.russia.no_deal=0:0.3:7"]):
        result = CliRunner().invoke(main, args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert name["intermediate_missiles"] in result.output
        assert "intermediate_missiles" not in result.output and "reciprocal_limits" not in result.output
        assert "parties.russia.no_deal" not in result.output and "Russia's no-deal utility" in result.output


def test_validation_catches_a_bound_no_option_meets(tmp_path: Path) -> None:
    path = tmp_path / "bound.yaml"
    path.write_text("negsim: 1\nparties: [{id: a}, {id: b, no_deal: 1.5}]\n"
                    "issues: [{id: pay, range: [0, 8], step: 1}]\npreferences:\n"
                    "  a: {demands: {pay: 8}, red_lines: [{issue: pay, at_least: 12}]}\n  b: {demands: {pay: 0}}\n")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2:37: parties[1].no_deal" in result.output  # both problems, in one pass
    assert f"{path}:5:61: preferences.a.red_lines[0].at_least: at_least 12 is outside the range" in result.output


@pytest.mark.parametrize("command", ["run", "validate", "uncertainty", "sweep"])
def test_max_deals_default_reads_as_a_power_of_ten(command: str) -> None:
    """Review D19: `validate`, `uncertainty` and `sweep` printed the default as a 41-digit number."""
    from negsim.scenario.loader import DEFAULT_MAX_DEALS

    text = CliRunner().invoke(main, [command, "--help"], env={"COLUMNS": "200"}).output
    assert f"[default: 10^{len(str(DEFAULT_MAX_DEALS)) - 1}]" in text and str(DEFAULT_MAX_DEALS) not in text
