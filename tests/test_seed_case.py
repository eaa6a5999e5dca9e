"""The seed case (scenarios/security-guarantees-2021.yaml) says what the record says.

Review: shared/reviews/seed-case.md (issue 14). The findings are recomputed here by brute
force from the YAML text alone (PyYAML, plain numpy: weights normalised, values given or
derived from the demand as docs/scenario-format.md states, off-agenda issues at their status
quo, red lines only on the table), and compared with what negsim reports and with the
numbers the scenario's summary and notes, the README and the docs quote.
"""

from __future__ import annotations

import itertools
import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import negsim
from negsim.dynamics.protocols import simulate
from negsim.uncertainty.montecarlo import run_uncertainty

ROOT = Path(__file__).resolve().parents[1]
PATH = ROOT / "scenarios" / "security-guarantees-2021.yaml"
RAW: dict[str, Any] = yaml.safe_load(PATH.read_text(encoding="utf-8"))
SG = negsim.load(PATH)
PARTIES = [p["id"] for p in RAW["parties"]]
ISSUES = {i["id"]: i for i in RAW["issues"]}
AGENDAS = {a["id"]: a["issues"] for a in RAW["agendas"]}
NOTES = " ".join(" ".join(RAW["notes"]).split())
SUMMARY = " ".join(RAW["summary"].split())


# --- an independent evaluator of the YAML ------------------------------------------------

def values(party: str, issue: str) -> list[float]:
    """The party's value of each option: as written, or derived from its demand."""
    prefs = RAW["preferences"][party]
    options = ISSUES[issue]["options"]
    if issue in prefs.get("values", {}):
        return [float(prefs["values"][issue][o]) for o in options]
    d, n = options.index(prefs["demands"][issue]), len(options)
    return [1 - abs(i - d) / max(d, n - 1 - d) for i in range(n)]


def weight(party: str, issue: str) -> Fraction:
    w = RAW["preferences"][party]["weights"]
    return Fraction(w.get(issue, 0)) / sum(Fraction(x) for x in w.values())


def allowed(rl: dict[str, Any]) -> set[str]:
    options = ISSUES[rl["issue"]]["options"]
    return set(rl["only"]) if "only" in rl else set(options) - set(rl["never"])


def red_lines() -> list[tuple[str, dict[str, Any]]]:
    """(constraint id, red line) for every red line, in the ids negsim uses."""
    return [(f"{p}.red_lines[{k}]", rl) for p in PARTIES for k, rl in enumerate(RAW["preferences"][p]["red_lines"])]


def brute_force(agenda: str | list[str] | None, drop: tuple[str, ...] = (),
                floors: dict[str, float] | None = None) -> tuple[list[dict[str, str]], np.ndarray]:
    """Every deal of the agenda (an id, or a list of issues) that every party accepts, and all utilities.

    Deals are in ``itertools.product`` order over the agenda's issues (the last issue varies fastest).
    """
    on = list(ISSUES) if agenda is None else AGENDAS[agenda] if isinstance(agenda, str) else agenda
    grid = np.indices([len(ISSUES[i]["options"]) for i in on]).reshape(len(on), -1).T  # deals × issues
    u = np.zeros((len(grid), len(PARTIES)))
    for j, p in enumerate(PARTIES):
        for i in ISSUES:
            v = np.array(values(p, i)) * float(weight(p, i))
            u[:, j] += v[grid[:, on.index(i)]] if i in on else v[ISSUES[i]["options"].index(ISSUES[i]["status_quo"])]
    floor = np.array([(floors or {}).get(p["id"], p["no_deal"]) for p in RAW["parties"]])
    ok = np.all(u >= floor - 1e-9, axis=1)
    for cid, rl in red_lines():
        if rl["issue"] in on and cid not in drop:
            ok_options = [k for k, o in enumerate(ISSUES[rl["issue"]]["options"]) if o in allowed(rl)]
            ok &= np.isin(grid[:, on.index(rl["issue"])], ok_options)
    feasible = [{i: ISSUES[i]["options"][k] for i, k in zip(on, row, strict=True)} for row in grid[ok]]
    return feasible, u


# --- the record: sources and quotes -------------------------------------------------------

def test_every_issue_and_red_line_names_its_sources() -> None:
    listed = set(SG.sources)
    for issue in SG.issues:
        assert issue.sources and set(issue.sources) <= listed, issue.id
    for p in SG.parties:
        for k, rl in enumerate(SG.preferences[p.id].red_lines):
            assert rl.reason and rl.sources and set(rl.sources) <= listed, f"{p.id}.red_lines[{k}]"


@pytest.mark.parametrize(("cid", "present", "absent"), [
    # review point 2: the "non-starters" were Russia's proposals (Sherman, 10 Jan)
    ("usa.red_lines[0]", ['"simply non-starters"', "slam closed", "Sherman", "10 Jan 2022"], ["is a \"non-starter\""]),
    # point 3: "not promises but guarantees" is Ryabkov in Geneva on 10 Jan; only "package" is 17 Feb
    ("russia.red_lines[2]", ['"Not promises, but guarantees" (Ryabkov, Geneva, 10 Jan 2022)', '"package nature"'], []),
    # point 4: Stoltenberg's 12 Jan wording
    ("nato_allies.red_lines[0]", ['"We will not compromise on core principles"', "Stoltenberg", "12 Jan 2022"],
     ["cannot and will not"]),
    # point 5: the allied force-posture red line is documented
    ("nato_allies.red_lines[1]", ['"will not renounce their ability to protect and defend each other', "12 Jan 2022"],
     ["analyst judgment"]),
    # point 1: Russia's basic element on ex-USSR states, from the 17 Feb reply
    ("russia.red_lines[3]", ['"basic element"', "17 Feb 2022"], []),
    # point 8: the Valdai alternative is in Russia's enlargement red line
    ("russia.red_lines[0]", ["Valdai, 19 Jan 2022", "Ryabkov, Geneva, 10 Jan 2022"], []),
])
def test_red_line_reasons_quote_the_right_speaker_and_date(cid: str, present: list[str], absent: list[str]) -> None:
    reason = dict(red_lines())[cid]["reason"]
    for text in present:
        assert text in reason, (cid, text)
    for text in absent:
        assert text not in reason, (cid, text)


def test_notes_place_ukraine_in_the_osce_track_and_flag_the_judgment_calls() -> None:
    assert "not at the table in these talks" not in NOTES  # review point 7
    assert "US–Russia or NATO–Russia tables" in NOTES and "OSCE Permanent Council of 13 Jan" in NOTES
    assert "asymmetry is a judgment" in NOTES  # point 9: the US/allied enlargement red lines
    assert "format (9), the indivisibility of security (10) and sanctions (12)" in NOTES


def test_the_valdai_alternative_is_an_option_russia_accepts_and_the_west_refuses() -> None:
    option = "us_binding_no_vote_pledge"
    assert option in ISSUES["nato_enlargement"]["options"]
    by_party = {cid.split(".")[0]: allowed(rl) for cid, rl in red_lines() if rl["issue"] == "nato_enlargement"}
    assert option in by_party["russia"] and "informal_moratorium" not in by_party["russia"]
    assert option not in by_party["usa"] and option not in by_party["nato_allies"]
    # point 9: the asymmetry flagged in the notes — the allies allow an informal moratorium, the US does not
    assert "informal_moratorium" in by_party["nato_allies"] and "informal_moratorium" not in by_party["usa"]


# --- consistent coding of Russia's "basic elements" ----------------------------------------

def test_all_four_basic_elements_and_the_package_are_russian_red_lines() -> None:
    """17 Feb 2022: non-expansion + Bucharest (enlargement), ex-USSR bases, the 1997 rollback; the package."""
    russia = {rl["issue"]: allowed(rl) for cid, rl in red_lines() if cid.startswith("russia.")}
    assert russia["nato_enlargement"] == {"us_binding_no_vote_pledge", "legally_binding_ban"}
    assert russia["ex_ussr_military"] == {"total_ban"}
    assert russia["force_posture"] == {"rollback_to_1997"}
    assert russia["form"] == {"binding_treaty_on_package"}


def test_western_demands_are_an_issue_on_which_russia_gives() -> None:
    """Review point 6: de-escalation, with the US condition as a red line and NATO's withdrawal call as an option."""
    issue = ISSUES["de_escalation"]
    assert issue["status_quo"] == "maintain_build_up"
    assert issue["options"][0] == "withdraw_from_ukraine_georgia_moldova"
    v = values("russia", "de_escalation")
    assert v[issue["options"].index("maintain_build_up")] == 1 > v[issue["options"].index("reverse_build_up")] > v[0]
    (us,) = [rl for cid, rl in red_lines() if cid.startswith("usa.") and rl["issue"] == "de_escalation"]
    assert allowed(us) == {"withdraw_from_ukraine_georgia_moldova", "reverse_build_up"}


# --- the findings, by brute force ---------------------------------------------------------

def test_full_package_has_no_deal_and_the_pairwise_collisions_follow_from_the_red_lines() -> None:
    feasible, u = brute_force(None)
    assert feasible == [] and len(u) == 4 * 3**8
    # two parties' red lines on one issue with disjoint allowed sets collide whatever else is agreed
    lines = red_lines()
    pairs = {frozenset((a, b)) for (a, ra), (b, rb) in itertools.combinations(lines, 2)
             if a.split(".")[0] != b.split(".")[0] and ra["issue"] == rb["issue"] and not allowed(ra) & allowed(rb)}
    assert pairs == {frozenset(p) for p in [("russia.red_lines[0]", "usa.red_lines[0]"),
                                            ("russia.red_lines[0]", "nato_allies.red_lines[0]"),
                                            ("russia.red_lines[1]", "nato_allies.red_lines[1]"),
                                            ("russia.red_lines[3]", "usa.red_lines[1]")]}
    full = negsim.analyze(SG)
    assert full.zopa_size == 0 and full.deals_total == len(u)
    assert {frozenset(c) for c in full.diagnosis.conflicts if len(c) == 2} == pairs
    assert "four pairs of red lines collide" in SUMMARY and len(pairs) == 4


def test_the_26_january_offer_has_no_deal_and_the_coding_choice_prices_it() -> None:
    """With the ex-USSR question on the table the offer collides; coded tradable (the first coding) it had a deal."""
    assert brute_force("arms_control_ex_ussr")[0] == []
    tradable, _ = brute_force("arms_control_ex_ussr", drop=("russia.red_lines[3]",))
    assert len(tradable) == 15
    a = negsim.analyze(SG, "arms_control_ex_ussr")
    assert a.zopa_size == 0 and a.diagnosis.conflicts == [["russia.red_lines[3]", "usa.red_lines[1]"]]
    assert (["russia.red_lines[3]"], len(tradable)) in [(list(d), n) for d, n in a.diagnosis.openings]
    assert f"opens {len(tradable)} deals" in NOTES


def test_arms_control_alone_has_a_small_zone_that_needs_more_than_the_west_offered() -> None:
    feasible, u = brute_force("arms_control")
    assert len(feasible) == 5 and len(u) == 27
    a = negsim.analyze(SG, "arms_control")
    assert a.zopa_size == 5
    # the Nash deal maximises the product of gains over the feasible deals
    floors = np.array([p["no_deal"] for p in RAW["parties"]])
    deals = [dict(zip(AGENDAS["arms_control"], c, strict=True))
             for c in itertools.product(*(ISSUES[i]["options"] for i in AGENDAS["arms_control"]))]
    idx = [deals.index(d) for d in feasible]
    best = max(idx, key=lambda k: float(np.prod(u[k] - floors)))
    assert a.solutions["nash"].deal == deals[best]
    # what the US offered on 26 Jan is worth 21/110 to Russia: below its no-deal utility
    offer = {"intermediate_missiles": "reciprocal_limits_and_verification",
             "bombers_warships": "incident_prevention_measures", "exercises": "reciprocal_transparency"}
    russia = u[deals.index(offer), 0]
    assert russia == pytest.approx(21 / 110) and russia < RAW["parties"][0]["no_deal"]
    assert f"{russia:.3f} to Russia" in NOTES
    demands = RAW["preferences"]["russia"]["demands"]
    assert offer not in feasible and all(any(d[i] == demands[i] for i in d) for d in feasible)
    assert "5 of 27 deals" in SUMMARY


def test_with_the_western_condition_on_the_table_exactly_one_deal_remains() -> None:
    feasible, _ = brute_force("arms_control_for_de_escalation")
    assert feasible == [{"intermediate_missiles": "no_deployment_within_reach",
                         "bombers_warships": "ban_in_strike_range", "exercises": "border_zone_limits",
                         "de_escalation": "reverse_build_up"}]
    assert negsim.analyze(SG, "arms_control_for_de_escalation").solutions["nash"].deal == feasible[0]
    assert "exactly one deal" in SUMMARY


def test_core_demands_have_no_deal() -> None:
    assert brute_force("core")[0] == [] and negsim.analyze(SG, "core").zopa_size == 0


def test_status_quo_utilities_quoted_in_the_notes() -> None:
    sq = {i: ISSUES[i]["status_quo"] for i in ISSUES}
    expected = {p: sum(weight(p, i) * Fraction(values(p, i)[ISSUES[i]["options"].index(o)]).limit_denominator(100)
                       for i, o in sq.items()) for p in PARTIES}
    assert expected == {"russia": Fraction(10, 110), "usa": Fraction(81, 120), "nato_allies": Fraction(173, 240)}
    for p, x in expected.items():
        assert f"status quo ({float(x):.3f})" in NOTES or f"theirs ({float(x):.3f})" in NOTES, p
    space = negsim.build_space(SG)
    u = space.utilities_of(np.array([space.index_of(sq)]))[0]
    assert u == pytest.approx([float(expected[p]) for p in space.parties])


# --- bargaining over time, uncertainty -----------------------------------------------------

def test_protocol_runs_the_three_tracks_to_the_deadline_without_agreement() -> None:
    r = simulate(SG, seed=0)
    assert r.protocol == "stacked_alternating_offers" and not r.outcome.agreement
    assert r.outcome.reason == "deadline of 7 rounds reached"
    assert [s.proposer for s in r.trace] == ["russia", "usa", "nato_allies"] * 2 + ["russia"]


def test_uncertainty_is_informative_where_red_lines_do_not_decide() -> None:
    """Red lines are not varied: targets with a red-line collision have no deal in any sample."""
    for agenda in (None, "arms_control_ex_ussr", "core"):
        assert run_uncertainty(SG, agenda, progress=False).p_deal == 0.0
    for agenda in ("arms_control", "arms_control_for_de_escalation"):
        r = run_uncertainty(SG, agenda, progress=False)
        assert 0 < r.p_deal < 1
        top = max(r.sensitivity, key=lambda s: abs(s.correlations["deal_exists"] or 0))
        assert top.input == "parties.russia.no_deal"  # the notes: "where Russia's no-deal utility decides"


# --- where the case is quoted -------------------------------------------------------------

def test_readme_and_docs_quote_the_current_findings() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    full, arms = negsim.analyze(SG), negsim.analyze(SG, "arms_control")
    words = {9: "nine", 10: "ten", 8: "eight", 7: "seven"}
    assert f"# {words[len(full.diagnosis.conflicts)]} minimal sets" in readme
    assert "has no deal either" in readme and '"basic elements"' in readme
    best_russia = max(p.utilities["russia"] for p in arms.frontier)
    assert best_russia == pytest.approx(26 / 110)
    uncertainty_doc = (ROOT / "docs" / "uncertainty.md").read_text(encoding="utf-8")
    assert f"= {best_russia:.3f}" in uncertainty_doc
    assert re.search(r"security-guarantees-uncertainty\.yaml[^.]*first coding", " ".join(uncertainty_doc.split()))


def test_shortest_routes_to_a_deal_on_the_package_drop_three_constraints() -> None:
    """Notebook 07: every 3-set drops Russia's enlargement red line and one side of the two other collisions."""
    openings = negsim.analyze(SG).diagnosis.openings
    shortest = [set(d) for d, _ in openings if len(d) == min(len(e) for e, _ in openings)]
    assert len(shortest[0]) == 3
    for drop in shortest:
        assert "russia.red_lines[0]" in drop
        assert drop & {"russia.red_lines[1]", "nato_allies.red_lines[1]"} and drop & {"russia.red_lines[3]",
                                                                                     "usa.red_lines[1]"}
    for drop in shortest:  # and each one really opens deals, by brute force
        assert brute_force(None, drop=tuple(drop))[0]


def test_with_the_first_coding_the_nash_deal_is_the_26_january_offer() -> None:
    feasible, u = brute_force("arms_control_ex_ussr", drop=("russia.red_lines[3]",))
    floors = np.array([p["no_deal"] for p in RAW["parties"]])
    on = AGENDAS["arms_control_ex_ussr"]
    deals = [dict(zip(on, c, strict=True)) for c in itertools.product(*(ISSUES[i]["options"] for i in on))]
    nash = max(feasible, key=lambda d: float(np.prod(u[deals.index(d)] - floors)))
    assert nash == {"ex_ussr_military": "reciprocal_missile_and_force_limits",
                    "intermediate_missiles": "reciprocal_limits_and_verification",
                    "bombers_warships": "incident_prevention_measures", "exercises": "reciprocal_transparency"}


def test_linking_issues_one_at_a_time_as_notebook_07_describes() -> None:
    steps = ["intermediate_missiles", "bombers_warships", "exercises", "de_escalation", "form", "nuclear_sharing",
             "ex_ussr_military", "force_posture", "nato_enlargement"]
    sizes = [len(brute_force(steps[:k])[0]) for k in range(3, len(steps))]
    # shrinks with de-escalation, grows with the treaty (and nuclear talks), vanishes with a basic element
    assert sizes == [5, 1, 40, 135, 0, 0]


def test_notebook_07_solutions() -> None:
    """notebooks/solutions.md, section 07: exercise 1 (a moratorium for Russia) and exercise 3 (the US offer)."""
    relaxed = dict(red_lines())["russia.red_lines[0]"]
    assert "informal_moratorium" not in allowed(relaxed)
    text = PATH.read_text(encoding="utf-8").replace(
        "only: [us_binding_no_vote_pledge, legally_binding_ban]",
        "only: [informal_moratorium, us_binding_no_vote_pledge, legally_binding_ban]")
    one = negsim.analyze(negsim.loads(text))
    assert ["russia.red_lines[0]", "nato_allies.red_lines[0]"] not in one.diagnosis.conflicts
    assert (["russia.red_lines[1]", "russia.red_lines[3]", "usa.red_lines[0]"], 160) in \
        [(sorted(d), n) for d, n in one.diagnosis.openings]
    _, u = brute_force("arms_control")
    on = AGENDAS["arms_control"]
    deals = [dict(zip(on, c, strict=True)) for c in itertools.product(*(ISSUES[i]["options"] for i in on))]
    offer = {"intermediate_missiles": "reciprocal_limits_and_verification",
             "bombers_warships": "incident_prevention_measures", "exercises": "reciprocal_transparency"}
    usa = PARTIES.index("usa")
    base = u[deals.index(offer), usa]
    costs = {i: base - u[deals.index({**offer, i: RAW["preferences"]["russia"]["demands"][i]}), usa] for i in on}
    assert base == pytest.approx(0.8)
    assert costs == pytest.approx({"bombers_warships": 0.0375, "exercises": 0.075, "intermediate_missiles": 0.125})
    solutions = (ROOT / "notebooks" / "solutions.md").read_text(encoding="utf-8")
    assert "(160 packages)" in solutions and "costs the US 0.0375 (0.8 → 0.7625)" in " ".join(solutions.split())


def test_notebook_06_allied_threshold() -> None:
    """solutions.md 06, exercise 4: a deal exists up to the allies' best utility among deals the others accept."""
    _, u = brute_force("arms_control")
    others_accept = brute_force("arms_control", floors={"nato_allies": 0.0})[0]
    on = AGENDAS["arms_control"]
    deals = [dict(zip(on, c, strict=True)) for c in itertools.product(*(ISSUES[i]["options"] for i in on))]
    best = max(u[deals.index(d), PARTIES.index("nato_allies")] for d in others_accept)
    assert best == pytest.approx(95 / 120)
    solutions = (ROOT / "notebooks" / "solutions.md").read_text(encoding="utf-8")
    assert f"allied no-deal value of {best:.3f}" in solutions


def test_derived_game_on_arms_control_as_notebook_03_describes() -> None:
    """Notebook 03: Russia holds firm only if the US concedes with probability above 0.375."""
    from negsim.games.derived import derive

    g = derive(SG, "russia", "usa", agenda="arms_control").game
    assert g.B[1, 0] == g.B[1, 1]  # Russia concedes: the US gets the same whatever it does
    assert g.B[0, 1] > g.B[0, 0]  # Russia firm: conceding beats no deal for the US
    # conceding = the deal best for the other side among those the conceder accepts (allies not at this table)
    on = AGENDAS["arms_control"]
    _, u = brute_force("arms_control")
    grid = list(itertools.product(*(ISSUES[i]["options"] for i in on)))
    r, us = PARTIES.index("russia"), PARTIES.index("usa")
    us_accepts = brute_force("arms_control", floors={"russia": 0.0, "nato_allies": 0.0})[0]
    russia_accepts = brute_force("arms_control", floors={"usa": 0.0, "nato_allies": 0.0})[0]
    best_for_russia = max(u[grid.index(tuple(d.values())), r] for d in us_accepts)
    best_for_us = max(u[grid.index(tuple(d.values())), us] for d in russia_accepts)
    assert (g.A[0, 1], g.B[1, 0]) == pytest.approx((best_for_russia, best_for_us))
    q = (g.A[0, 1] - g.A[1, 0]) / (g.A[0, 1] - g.A[0, 0])  # US firm probability that makes Russia indifferent
    assert q == pytest.approx(0.625)


def test_notebook_06_solutions() -> None:
    """solutions.md 06, exercises 1–3: the numbers quoted there come from these runs."""
    from negsim.scenario.models import Vary

    vary = [Vary(path="parties.russia.no_deal", uniform=(0.12, 0.30)),
            Vary(path="parties.usa.no_deal", triangular=(0.60, 0.65, 0.75)),
            Vary(path="parties.nato_allies.no_deal", uniform=(0.50, 0.75)),
            Vary(path="preferences.russia.weights.intermediate_missiles", uniform=(5, 20)),
            Vary(path="preferences.usa.values.exercises.reciprocal_transparency", uniform=(0.6, 1.0))]
    cells = json.loads((ROOT / "notebooks" / "06-uncertainty.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "".join("".join(c["source"]) for c in cells)
    assert all(f'path="{v.path}"' in code for v in vary) and "uniform=(0.12, 0.30)" in code  # the notebook's inputs

    def mc(n: int, seed: int, inputs: list[Vary]) -> Any:
        return run_uncertainty(SG, "arms_control", vary=inputs, samples=n, seed=seed, workers=1, progress=False)

    solutions = " ".join((ROOT / "notebooks" / "solutions.md").read_text(encoding="utf-8").split())
    seven, eight = mc(5000, 7, vary), mc(5000, 8, vary)
    for r in (eight, seven):
        assert f"{r.p_deal:.3f} ({r.p_deal_ci[0]:.3f}–{r.p_deal_ci[1]:.3f})" in solutions
    runs = {n: mc(n, 7, vary) for n in (500, 2000, 8000)}  # exercise 1: four times the samples, half the width
    p = sorted(round(r.p_deal, 2) for r in runs.values())
    assert f"P(deal) ≈ {p[0]:.2f}–{p[-1]:.2f}" in solutions
    for n, r in runs.items():
        low, high = r.p_deal_ci
        assert f"{high - low:.3f} wide" in solutions or f"{high - low:.3f} with" in solutions, n
    three = mc(5000, 7, [Vary(path="parties.russia.no_deal", normal=(0.2, 0.04)), *vary[1:],
                         Vary(path="preferences.usa.weights.exercises", uniform=(5, 20))])
    rho = {s.input: s.correlations["deal_exists"] for s in three.sensitivity}
    assert f"rises to {three.p_deal:.2f}" in solutions
    assert f"({rho['parties.russia.no_deal']:.2f})".replace("-", "−") in solutions
    assert f"({rho['preferences.usa.weights.exercises']:.2f})".replace("-", "−") in solutions


def nash_gains(on: list[str], drop: tuple[str, ...] = ()) -> np.ndarray:
    """Each party's gain over no deal in the Nash deal of the issues ``on`` (the brute force's own maximisation)."""
    feasible, u = brute_force(on, drop=drop)
    floors = np.array([p["no_deal"] for p in RAW["parties"]])
    grid = [dict(zip(on, c, strict=True)) for c in itertools.product(*(ISSUES[i]["options"] for i in on))]
    rows = u[[grid.index(d) for d in feasible]] - floors
    return rows[np.argmax(np.prod(rows, axis=1))]


def test_linking_the_treaty_form_creates_value_and_the_us_condition_takes_it() -> None:
    """Notebook 07, § 7 (Sebenius 1983): which links add packages and raise every party's Nash gain."""
    arms = AGENDAS["arms_control"]
    base, deesc, form, nuclear = (nash_gains(arms + extra) for extra in
                                  ([], ["de_escalation"], ["de_escalation", "form"],
                                   ["de_escalation", "form", "nuclear_sharing"]))
    assert (deesc[1:] < base[1:]).all() and deesc[0] > base[0]  # the US condition: US and allies lose
    assert (form > deesc).all() and (nuclear >= form - 1e-12).all() and (form > base).all()
    assert len(brute_force([*arms, "form"])[0]) == 15 and (nash_gains([*arms, "form"]) > base).all()
    # without the US condition (its red line on de-escalation) the link widens the zone instead
    assert len(brute_force([*arms, "de_escalation"], drop=("usa.red_lines[2]",))[0]) == 6


def test_a_knife_edge_when_the_us_alternative_equals_its_nash_utility() -> None:
    """Notebook 06, § 5: with the US no-deal value at 0.7625 a deal 'exists' below 47/220, a strictly better one
    below 21/110."""
    _, u = brute_force("arms_control")
    r, us, allies = (PARTIES.index(p) for p in ("russia", "usa", "nato_allies"))
    at_least = u[(u[:, us] >= 0.7625 - 1e-9) & (u[:, allies] >= 0.58)][:, r].max()
    strictly = u[(u[:, us] > 0.7625 + 1e-9) & (u[:, allies] > 0.58)][:, r].max()
    assert (at_least, strictly) == (pytest.approx(47 / 220), pytest.approx(21 / 110))
    # as coded there is no such range: the best deal for Russia the others accept leaves them strictly better off
    best = u[(u[:, us] >= 0.65) & (u[:, allies] >= 0.58)][:, r].max()
    assert best == pytest.approx(26 / 110) == u[(u[:, us] > 0.65) & (u[:, allies] > 0.58)][:, r].max()


def test_the_valdai_pledge_needs_the_us_to_drop_the_open_door_and_russia_the_rollback() -> None:
    """Solutions 07.2: with the pledge allowed by the allies, the routes that keep Russia's enlargement red line."""
    drop = ("russia.red_lines[1]", "usa.red_lines[0]", "nato_allies.red_lines[0]")
    opened, _ = brute_force("core", drop=drop, floors={"usa": 0.0, "nato_allies": 0.0})
    opened = [d for d in opened if d["nato_enlargement"] != "legally_binding_ban"]  # the allies' relaxed red line
    assert len(opened) == 2 and {d["nato_enlargement"] for d in opened} == {"us_binding_no_vote_pledge"}
    # with no further Russian move: the West drops the open door, both floors and the allies' rollback red line
    drop = ("usa.red_lines[0]", "nato_allies.red_lines[0]", "nato_allies.red_lines[1]")
    west, _ = brute_force("core", drop=drop, floors={"usa": 0.0, "nato_allies": 0.0})
    west = [d for d in west if d["nato_enlargement"] != "legally_binding_ban"]
    assert west == [{"nato_enlargement": "us_binding_no_vote_pledge", "force_posture": "rollback_to_1997"}]
    solutions = " ".join((ROOT / "notebooks" / "solutions.md").read_text(encoding="utf-8").split())
    assert "(2 packages, both with the pledge)" in solutions
    assert "(1 package: the pledge with the rollback)" in solutions
