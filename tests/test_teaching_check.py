"""Self-checking exercises: the answer keys, and what the checker says.

The right answers below are the published or derived values each exercise asks for (the
source is named beside each); ``negsim/teaching/keys.json`` holds only their hashes and
must be rebuilt from this table (``python tests/test_teaching_check.py``) when it changes.
The lecturer's notebooks compute the same answers with negsim, and
``tests/test_teaching_notebooks.py`` checks that every checker cell there says ✔.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from negsim.errors import NegsimError
from negsim.teaching.check import KEYS, check, load_keys, make_key

# exercise: (right answer, step for numbers, hint, what is expected)
ANSWERS: dict[str, tuple[Any, float | None, str, str]] = {
    # Nash (1950), p. 160: gains (12, 5)
    "01.1": (60, 0.5, "compute the gains u − d of the chosen row in Nash's units, then multiply them",
             "the Nash product of the gains in Nash's units (a number)"),
    # d₁ + τ(1 − d₁ − d₂) = 0.2 + 0.3 × 0.7 (Kalai 1977)
    "01.2": (0.41, 0.001, "the share is d₁ plus τ times the surplus 1 − d₁ − d₂", "player 1's share (a number)"),
    # Osborne & Rubinstein (1990), ch. 2: x = 1/(1 + a) with a = 1/2
    "01.3": (2 / 3, 0.002, "maximise x·(1 − x)^½; the risk-averse side gets less than half",
             "player 1's share (a number)"),
    "01.4": ("knife", None, "list the goods that stay with Jack in the Nash deal at 0.6 and compare with 0.55",
             "the name of a good"),
    # the employer's cap is 80 (scenario), so a floor of 80 is the last with a deal
    "02.1": (80, 0.5, "a deal needs a salary between the floor and the employer's cap",
             "the highest floor that still leaves a deal (a number)"),
    # grid scan of no_deal in steps of 0.005 (the Nash salary is 70 at 0.370)
    "02.2": (0.375, 0.001, "scan no_deal upwards from 0.3 and stop at the first value whose Nash salary is 75",
             "the lowest no_deal giving a Nash salary of 75 (a number)"),
    "02.3": ("start", None, "compare the two Nash deals issue by issue; the salary stays where it was",
             "the issue's id, e.g. salary"),
    "02.4": ("candidate.no_deal", None, "a party's alternative is a constraint too; write the id as the diagnosis "
             "prints it", "a constraint id, e.g. candidate.red_lines[0]"),
    # Rapoport & Guyer (1966); docs/games.md (T > P > R > S)
    "03.1": ("Deadlock", None, "classify(g).name", "the game's name"),
    # crash probability 1/c² (each driver goes straight with probability 1/c)
    "03.2": (0.04, 0.001, "each driver goes straight with probability 1/c; a crash needs both",
             "the crash probability for c = 5 (a number)"),
    # Snyder & Diesing (1977): Chicken against Prisoner's Dilemma preferences
    "03.3": ("Called Bluff", None, "find the typology of crisis games in Snyder & Diesing (1977), ch. 2: one side "
             "with Chicken preferences meets one with Prisoner's Dilemma preferences",
             "the name in Snyder & Diesing's typology"),
    # two-population replicator, 10,000 starts (scipy's solve_ivp on a 40 × 40 grid gives 0.161)
    "03.4": (0.16, 0.01, "integrate all starting points together and count those that end near (1, 1); the mixed "
             "equilibrium is at 3/4, 3/4", "a share between 0 and 1"),
    # δ₂ ≥ 1/(2 − δ₁) with δ₁ = 0.95
    "04.1": (1 / 1.05, 0.0005, "solve (1 − δ₂)/(1 − 0.95·δ₂) ≤ 1/2 for δ₂", "a discount factor (a number)"),
    # Ståhl (1972) backward induction with δ = 0.9: 0, 0.9, 0.09
    "04.2": (0.09, 0.001, "work backwards: Bob makes the last offer with three rounds", "Alice's share (a number)"),
    # δ × Rubinstein share = 0.9 × 10/19 (Binmore, Shaked & Sutton 1989)
    "04.3": (0.9 * 10 / 19, 0.0005, "player 2 can get δ times its share when proposing by staying",
             "an outside option (a number)"),
    # (high − c_A − 2·low)/(2(high − low)) = 0.3/0.8 (Fearon 1995, derived for uniform costs)
    "04.4": (0.375, 0.001, "fearon_private_information(p, cost_a, low, high).p_war, or maximise A's expected utility",
             "a probability (a number)"),
    "05.1": (1, 0.01, "compare the discounted utilities, not the undiscounted ones", "an exponent (a number)"),
    "05.2": (2, 0.5, "len(result.meta.pure)", "a count (a number)"),
    "05.3": ("conceder", None, "average each row of the candidate's discounted-utility grid",
             "a strategy's name"),
    "05.4": (82, 0.5, "outcome.round of the Boulware-vs-Boulware run with rounds=100", "a round (a number)"),
    # Wilson (1927) interval at p ≈ 0.67, n = 2,000: width ≈ 2·1.96·√(p(1 − p)/n) = 0.041
    "06.1": (0.041, 0.001, "the width is high − low of p_deal_ci; it shrinks like 1/√n", "an interval width"),
    # the notebook's Monte Carlo with seed 8 (5,000 samples: a multiple of 1/5,000, so the step is one sample)
    "06.2": (0.6648, 0.0002, "run_uncertainty(..., seed=8).p_deal", "a probability (a number)"),
    "06.3": (0.8008, 0.002, "replace the first Vary and append the new one; keep samples=5000 and seed=7",
             "a probability (a number)"),
    # the allies' best utility among the deals Russia and the US accept, 95/120 (brute force: tests/test_seed_case.py)
    "06.4": (95 / 120, 0.001, "thresholds[0]['at'] of the sweep", "a no-deal value (a number)"),
    # the moratorium is inside the allies' enlargement red line (never the binding forms), not the US one
    "07.1": ("nato_allies.red_lines[0]", None, "compare the ids in the pairs of full.diagnosis.conflicts before and "
             "after the change", "a red line's id, e.g. usa.red_lines[0]"),
    # brute force over the 12 core deals (tests/test_seed_case.py): the one route that drops no Russian constraint
    "07.2": (["usa.no_deal", "usa.red_lines[0]", "nato_allies.no_deal", "nato_allies.red_lines[1]"], None,
             "print core.diagnosis.openings; pick the set in which no constraint of Russia's is dropped",
             "a list of constraint ids"),
    # costs to the US of one Russian demand each: 0.0375, 0.075, 0.125 (tests/test_seed_case.py, brute force)
    "07.3": ("bombers_warships", None, "for each issue, put Russia's demand into the offer and compare the US "
             "utilities; all three changes reach the zone", "an issue id, e.g. exercises"),
    # Monte Carlo of ForecastData shocks, seed 1: q95 − q05 of the compromise
    "09.1": (1.4025, 0.01, "q95 − q05 of the compromise model in to_dict()['uncertainty']", "a width in years"),
    # only the mean-based models use the salience of a state that is not pivotal for the median
    "09.2": (["compromise", "exchange"], None, "compare each model's forecast before and after",
             "a list of model names, as in result.forecasts"),
    # capability × salience: 24.8 of 67.7 at 4 years; a state at 10 with weight ≥ 9.05 tips the median to 4
    "09.3": (["France", "Italy", "United Kingdom"], None, "the median moves when the weight at 4 years reaches half "
             "the total; only heavy states at 10 years have enough", "a list of names, as in ec.actor_names"),
    # brute force over the 720 orders of (4, 4, 4, 2, 2, 2), quota 12: 1/10
    "10.1": (0.1, 0.001, "exact_power(rule).shapley_shubik, at Luxembourg's position", "an index (a number)"),
    # without the clause, 20 coalitions of up to three states holding more than 35% block; Germany is in 17
    "10.2": ("de", None, "subtract the swings of the two rules; the clause stops three large states blocking alone",
             "a member state's id, e.g. mt"),
    # 1 − δ(q − 1)/n = 1 − 0.5·2/5 (Baron & Ferejohn 1989)
    "10.3": (0.8, 0.001, "analyse baron_ferejohn(..., delta=0.5).keeps", "the proposer's share (a number)"),
    # quota 65: free traders + protectionists (45 + 20) also ratify tariff cuts of 20 to 30 points
    "10.4": (6, 0.5, "ratification.zopa_with['rule'] of the edited scenario", "a count of deals (a number)"),
    # Fehr & Schmidt (1999): α/(1 + 2α) with α = 2
    "08.1": (0.4, 0.001, "accepting x is worth x − α(1 − 2x); set it to 0", "a share (a number)"),
    # x/(1 − 2x) for the rejected offer of 40 % in the example class
    "08.2": (2.0, 0.01, "a rejected share x implies α > x/(1 − 2x); take the largest", "an envy weight (a number)"),
    "08.3": (9, 0.5, "the pair whose buyer_max is below seller_min but whose zopa_deals is positive",
             "a pair number"),
}


def build_keys() -> dict[str, Any]:
    """The keys file's content, built from :data:`ANSWERS`."""
    keys: dict[str, Any] = {"_about": "Answer keys of the notebooks' exercises: hashes, not answers. "
                                      "Rebuilt from tests/test_teaching_check.py."}
    for name, (value, step, hint, expects) in ANSWERS.items():
        keys[name] = make_key(name, value, step=step, hint=hint, expects=expects)
    return keys


def test_the_keys_file_is_built_from_the_answers() -> None:
    assert json.loads(KEYS.read_text(encoding="utf-8")) == build_keys(), \
        "negsim/teaching/keys.json is stale: run `python tests/test_teaching_check.py`"


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_the_right_answer_is_right_and_the_hint_does_not_give_it(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    value, step, _hint, _ = ANSWERS[name]
    assert check(name, value).right is True
    out = capsys.readouterr().out
    assert out.startswith(f"✔ {name}")
    wrong = value + 10 * step if step else "something else"
    assert check(name, wrong).right is False
    said = capsys.readouterr().out.replace(name, "")
    if isinstance(value, str):
        shown = [value]
    elif isinstance(value, list):
        shown = list(value)
    else:
        shown = [f"{value:g}", f"{value:.3f}", f"{value:.4f}"]
    leaks = [s for s in shown if re.search(rf"(?<![\w.]){re.escape(s.casefold())}(?![\w.])", said.casefold())]
    assert leaks == [], said


def test_numbers_are_right_within_about_one_step(capsys: pytest.CaptureFixture[str]) -> None:
    """0.41 with step 0.001: 0.4104 and numpy/fractions pass, 0.415 does not."""
    assert check("01.2", 0.4104).right
    assert check("01.2", np.float64(0.41)).right
    assert check("01.2", np.array([0.41])).right
    assert check("01.3", Fraction(2, 3)).right
    assert not check("01.2", 0.415).right
    capsys.readouterr()


def test_names_ignore_case_spaces_and_underscores(capsys: pytest.CaptureFixture[str]) -> None:
    assert check("03.3", "called bluff").right
    assert check("03.3", "Called_Bluff").right
    assert check("05.3", " Conceder ").right
    capsys.readouterr()


def test_no_answer_and_wrong_types_get_a_hint_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert check("01.2", None).right is None
    assert "no answer yet" in capsys.readouterr().out
    assert check("01.2", "0.41").right is False           # a string where a number is expected
    assert "expected player 1's share" in capsys.readouterr().out
    assert check("01.2", float("nan")).right is False
    assert check("03.1", 3).right is False
    capsys.readouterr()


def test_an_unknown_exercise_is_a_clear_error() -> None:
    with pytest.raises(NegsimError, match=r"no exercise `99\.9`"):
        check("99.9", 1)


def test_every_key_has_a_hint_and_says_what_it_expects() -> None:
    for name, key in load_keys().items():
        assert key["hint"] and key["expects"], name
        assert "hash" in key and len(key["hash"]) == 64


if __name__ == "__main__":  # rebuild the keys file
    KEYS.write_text(json.dumps(build_keys(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {KEYS}")
