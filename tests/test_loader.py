"""The scenario loader: what it accepts, what it derives, where it points when it refuses.

Expected numbers are worked out by hand from the rules in docs/scenario-format.md (or by
an independent brute force in the test), never copied from the loader's output.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

import negsim
from negsim.errors import ScenarioError
from negsim.resources import template_text
from negsim.scenario import DEFAULT_MAX_DEALS, deal_space_size, from_dict, load, loads
from negsim.scenario.values import derived_values, issue_labels, normalised_weights, option_values
from negsim.scenario.yamlio import MAX_FILE_BYTES, read_yaml_text

HERE = Path(__file__).parent
BASE_PATH = HERE / "malformed" / "_valid_base.yaml"
BASE = BASE_PATH.read_text(encoding="utf-8")

MINIMAL = """\
negsim: 1
parties: [{id: a}, {id: b}]
issues: [{id: price, options: [low, mid, high]}]
preferences:
  a: {demands: {price: high}}
  b: {demands: {price: low}}
"""


def problems(text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, field, message) of every problem ``text`` has."""
    with pytest.raises(ScenarioError) as info:
        loads(text, "t.yaml")
    return [(p.line, p.column, p.field, p.message) for p in info.value.problems]


# --- accepted input --------------------------------------------------------------------

def test_minimal_scenario_gets_the_documented_defaults() -> None:
    s = loads(MINIMAL)
    a = s.party("a")
    assert (a.name, a.no_deal, a.power, a.patience) == ("a", 0.0, 1.0, 1.0)
    assert s.issue("price").name == "price" and s.agendas == [] and s.protocol is None


def test_scenario_is_immutable() -> None:
    s = loads(MINIMAL)
    with pytest.raises(ValidationError):
        s.party("a").no_deal = 0.5  # type: ignore[misc]


def test_yes_and_no_stay_text() -> None:
    """YAML 1.1 reads yes/no/on/off as booleans; an option called `no` must stay the word."""
    s = loads(MINIMAL.replace("[low, mid, high]", "[yes, no, on, off, y, n]")
              .replace("price: high", "price: no").replace("price: low", "price: off"))
    assert s.issue("price").options == ["yes", "no", "on", "off", "y", "n"]
    assert s.preferences["a"].demands == {"price": "no"}


def test_true_as_an_option_is_refused_with_a_hint() -> None:
    [(line, _, field, message)] = problems(MINIMAL.replace("[low, mid, high]", "[true, maybe]"))
    assert (line, field) == (3, "issues[0].options[0]") and "quotes" in message


def test_numbers_as_option_names() -> None:
    text = MINIMAL.replace("[low, mid, high]", "[1, 2.5, 4.0]").replace("price: high", "price: 4").replace(
        "b: {demands: {price: low}}", "b: {values: {price: {1: 1, 2.5: 0.5, 4: 0}}}")
    s = loads(text)
    assert s.issue("price").options == ["1", "2.5", "4"]
    assert s.preferences["a"].demands == {"price": "4"}
    assert s.preferences["b"].values == {"price": {"1": 1.0, "2.5": 0.5, "4": 0.0}}


def test_option_values_errors_point_at_numeric_keys() -> None:
    text = MINIMAL.replace("[low, mid, high]", "[1, 2, 3]").replace("price: high", "price: 3").replace(
        "b: {demands: {price: low}}", "b: {values: {price: {1: 1, 2: 0.5, 7: 0}}}")
    found = problems(text)
    line6 = text.splitlines()[5]
    assert (6, line6.index("7: 0") + 1, "preferences.b.values.price.7") in [p[:3] for p in found]


def test_windows_line_endings_and_bom_do_not_move_positions() -> None:
    bad = (HERE / "malformed" / "unknown_option_in_demands.yaml").read_text(encoding="utf-8")
    plain = problems(bad)
    assert problems(bad.replace("\n", "\r\n")) == plain
    assert problems("\ufeff" + bad) == plain
    assert loads(BASE.replace("\n", "\r\n")).party_ids == ["russia", "usa"]


def test_bom_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    assert load(path).title == "Base scenario for the malformed corpus"


def test_very_long_lines() -> None:
    long_summary = "x" * 200_000
    assert len(loads(MINIMAL + f"summary: {long_summary}\n").summary) == 200_000
    text = MINIMAL.replace("{id: b}", "{id: b, description: " + "y" * 50_000 + ", no_deal: 2}")
    [(line, column, field, _)] = problems(text)
    line2 = text.splitlines()[1]
    assert (line, column, field) == (2, line2.index("no_deal: 2") + len("no_deal: ") + 1, "parties[1].no_deal")


def test_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(MINIMAL + "notes: |\n" + ("  " + "n" * 98 + "\n") * (MAX_FILE_BYTES // 100 + 1))
    with pytest.raises(ScenarioError, match="limited to"):
        load(path)


def test_merge_keys_override_without_a_duplicate_error() -> None:
    text = """\
negsim: 1
parties:
  - &party {id: a, no_deal: 0.2, power: 2}
  - {<<: *party, id: b}
issues: [{id: price, options: [low, high]}]
preferences:
  a: {demands: {price: high}}
  b: {demands: {price: low}}
"""
    s = loads(text)
    assert (s.party("b").no_deal, s.party("b").power) == (0.2, 2.0)
    found = problems(text.replace("{<<: *party, id: b}", "{<<: *party, id: b, id: c}"))
    assert [(f[0], f[2]) for f in found] == [(4, "parties[1].id")] and "duplicate key `id`" in found[0][3]


def test_every_problem_is_reported_at_once() -> None:
    text = MINIMAL.replace("{id: b}", "{id: b, no_deal: 3, patience: 0}").replace("{id: a}", "{id: a, powr: 1}")
    found = problems(text)
    assert sorted(f[2] for f in found) == ["parties[0].powr", "parties[1].no_deal", "parties[1].patience"]
    assert {f[0] for f in found} == {2}
    line = text.splitlines()[1]
    assert sorted(f[1] for f in found) == [line.index("powr") + 1, line.index(": 3") + 3, line.index(": 0") + 3]


def test_duplicate_keys_everywhere_are_all_reported() -> None:
    text = MINIMAL + "title: a\ntitle: b\n" + "notes: {x: 1, x: 2}\n"
    found = problems(text)
    assert [(f[0], f[2]) for f in found] == [(8, "title"), (9, "notes.x")]


def test_version_must_be_the_integer_one() -> None:
    for version in ("1.0", "true", "'1'", "[1]"):
        [(line, _, field, message)] = problems(MINIMAL.replace("negsim: 1", f"negsim: {version}"))
        assert (line, field) == (1, "negsim") and "format version 1" in message


def test_all_red_line_kinds_load() -> None:
    text = BASE.replace("      - {min_utility: 0.2}\n", "      - {min_utility: 0.2}\n"
                        "      - {issue: nato, only: [ban, moratorium]}\n"
                        "      - {issue: missiles, at_least: 25}\n"
                        "      - {issue: missiles, at_most: 75}\n")
    s = loads(text)
    kinds = [[k for k in ("never", "only", "at_least", "at_most", "min_utility") if getattr(r, k) is not None]
             for r in s.preferences["russia"].red_lines]
    assert kinds == [["never"], ["min_utility"], ["only"], ["at_least"], ["at_most"]]


def test_sources_on_issues_and_red_lines_are_kept_and_leave_the_analysis_alone() -> None:
    """The optional `sources:` lists (issue 14) are text, kept as written, and change no number."""
    text = MINIMAL.replace("[low, mid, high]}]", "[low, mid, high], sources: [minutes of 3 May, 'letter, 4 May']}]")
    text = text.replace("a: {demands: {price: high}}",
                        "a: {demands: {price: high}, red_lines: [{issue: price, never: [low], sources: [board memo]}]}")
    s = loads(text)
    assert s.issue("price").sources == ["minutes of 3 May", "letter, 4 May"]
    assert s.preferences["a"].red_lines[0].sources == ["board memo"]
    assert loads(MINIMAL).issue("price").sources == []
    plain = loads(text.replace(", sources: [board memo]", "").replace(
        ", sources: [minutes of 3 May, 'letter, 4 May']", ""))
    assert negsim.analyze(s).to_dict() == negsim.analyze(plain).to_dict()


def test_a_source_must_be_text() -> None:
    text = MINIMAL.replace("[low, mid, high]}", "[low, mid, high], sources: [2022]}")
    [(line, _, field, message)] = problems(text)
    assert (line, field) == (3, "issues[0].sources[0]") and message.startswith("expected text, found 2022")


def test_matrix_payoffs_load() -> None:
    text = BASE.replace("      negotiate: {engage: [3, 3], stonewall: [1, 2]}\n"
                        "      escalate: {engage: [4, 1], stonewall: [0, 0]}\n",
                        "      row: [[3, 1], [4, 0]]\n      column: [[3, 2], [1, 0]]\n")
    assert loads(text).games[0].payoffs == {"row": [[3, 1], [4, 0]], "column": [[3, 2], [1, 0]]}


def test_uncertainty_paths_that_exist_load() -> None:
    text = BASE.replace("    - {path: parties.russia.no_deal, uniform: [0.2, 0.4]}\n",
                        "    - {path: parties.russia.no_deal, uniform: [0.2, 0.4]}\n"
                        "    - {path: 'games.crisis.payoffs.escalate.engage[1]', normal: [1, 0.5]}\n"
                        "    - {path: preferences.russia.weights.nato, choice: [1, 2, 3], weights: [1, 1, 2]}\n"
                        "    - {path: 'preferences.russia.red_lines[1].min_utility', uniform: [0.1, 0.3]}\n")
    assert len(loads(text).uncertainty.vary) == 5  # type: ignore[union-attr]


def test_template_of_negsim_new_is_valid() -> None:
    s = loads(template_text(), "template.yaml")
    assert len(s.parties) == 2 and s.agendas


def test_from_dict_has_no_positions_but_names_fields() -> None:
    with pytest.raises(ScenarioError) as info:
        from_dict({"negsim": 1, "parties": [{"id": "a"}, {"id": "b", "no_deal": 2}],
                   "issues": [{"id": "x", "options": ["p", "q"]}],
                   "preferences": {"a": {"demands": {"x": "p"}}, "b": {"demands": {"x": "q"}}}})
    [p] = info.value.problems
    assert (p.file, p.line, p.column, p.field) == ("<dict>", 1, 1, "parties[1].no_deal")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load(tmp_path / "nope.yaml")
    with pytest.raises(ScenarioError, match="folder"):
        load(tmp_path)


# --- the deal space --------------------------------------------------------------------

def brute_force_deals(s, on: set[str]) -> int:  # type: ignore[no-untyped-def]
    """Count deals by listing them: every combination of the options of the issues on the table."""
    grids = []
    for issue in s.issues:
        if issue.id not in on:
            continue
        if issue.options is not None:
            grids.append(list(issue.options))
        else:
            lo, hi = issue.range
            grids.append([lo + k * issue.step for k in range(int((hi - lo) / issue.step + 0.5) + 1)])
    return sum(1 for _ in itertools.product(*grids))


def test_deal_space_size_matches_a_brute_force_count() -> None:
    s = load(BASE_PATH)
    assert deal_space_size(s) == brute_force_deals(s, {"nato", "missiles"}) == 15
    assert deal_space_size(s, s.agenda("arms")) == brute_force_deals(s, {"missiles"}) == 5


def test_deal_space_limit_is_overridable() -> None:
    assert DEFAULT_MAX_DEALS == 10**40
    with pytest.raises(ScenarioError, match="more than the limit of 14"):
        loads(BASE, max_deals=14)
    assert deal_space_size(loads(BASE, max_deals=15)) == 15
    big = BASE.replace("  - id: nato\n", "  - {id: a, range: [0, 1000], step: 1, status_quo: 0}\n"
                                         "  - {id: b, range: [0, 1000], step: 1, status_quo: 0}\n  - id: nato\n")
    assert deal_space_size(loads(big, max_deals=None)) == 1001 * 1001 * 15


# --- derived values and weights (rules in docs/scenario-format.md) ----------------------

def test_derived_values_fall_linearly_from_the_demand() -> None:
    assert derived_values(["a", "b", "c", "d", "e"], demanded=4) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert derived_values(["a", "b", "c", "d", "e"], demanded=2) == [0.0, 0.5, 1.0, 0.5, 0.0]
    assert derived_values(["a", "b", "c", "d"], demanded=1) == pytest.approx([0.5, 1.0, 0.5, 0.0])
    assert derived_values(["only"], demanded=0) == [1.0]


def test_option_values_of_the_base_scenario() -> None:
    s = load(BASE_PATH)
    russia, usa = s.preferences["russia"], s.preferences["usa"]
    assert issue_labels(s.issue("missiles")) == ["0", "25", "50", "75", "100"]
    # russia: points {0: 0, 100: 1} joined by a line
    assert option_values(s.issue("missiles"), russia).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    # russia demands `ban` (last of 3 options): 1 there, falling to 0 at `open_door`
    assert option_values(s.issue("nato"), russia).tolist() == [0.0, 0.5, 1.0]
    # usa demands 100 on a 0..100 grid: value 1 - |x - 100| / 100
    assert option_values(s.issue("missiles"), usa).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert option_values(s.issue("nato"), usa).tolist() == [1.0, 0.4, 0.0]


def test_numeric_points_are_flat_beyond_the_outermost() -> None:
    s = loads(BASE.replace("missiles: {0: 0, 100: 1}", "missiles: {25: 0.2, 75: 0.6}"))
    values = option_values(s.issue("missiles"), s.preferences["russia"])
    assert np.allclose(values, [0.2, 0.2, 0.4, 0.6, 0.6])


def test_weights_are_normalised_and_default_to_equal() -> None:
    s = load(BASE_PATH)
    assert normalised_weights(s.issues, s.preferences["russia"]) == {"nato": 0.75, "missiles": 0.25}
    assert normalised_weights(s.issues, s.preferences["usa"]) == {"nato": 0.5, "missiles": 0.5}
    partial = loads(BASE.replace("weights: {nato: 3, missiles: 1}", "weights: {nato: 2}"))
    assert normalised_weights(partial.issues, partial.preferences["russia"]) == {"nato": 1.0, "missiles": 0.0}


# --- reading YAML ----------------------------------------------------------------------

def test_positions_are_one_based_lines_and_columns() -> None:
    doc = read_yaml_text("a: 1\nb:\n  - x\n  - {c: 2}\n")
    assert doc.position(("a",)) == (1, 4)
    assert doc.position(("b", 1, "c")) == (4, 9)
    assert doc.position(("b", 1, "c"), key=True) == (4, 6)
    assert doc.position(("b", 7)) == (3, 3)  # a missing item: the nearest thing that exists


@pytest.mark.parametrize("text", ["x: !!python/object/apply:os.getcwd []", "x: !!python/name:os.system",
                                  "!!python/object:object {}", "x: !custom 1", "x: !!set {a}"])
def test_no_tag_is_constructed(text: str) -> None:
    with pytest.raises(ScenarioError, match="is not allowed"):
        read_yaml_text(text)


def test_deep_nesting_is_refused_quickly() -> None:
    for depth in (40, 400, 900, 5000):
        with pytest.raises(ScenarioError, match=r"nested too deeply|nesting depth|not valid YAML"):
            read_yaml_text("a: " + "[" * depth + "]" * depth)


# --- the reference page ----------------------------------------------------------------

def test_complete_example_of_the_reference_page_loads() -> None:
    page = (HERE.parent / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    example = page.split("## Complete example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    s = loads(example, "example.yaml")
    assert [section for section in ("agendas", "games", "protocol", "uncertainty") if getattr(s, section)] == [
        "agendas", "games", "protocol", "uncertainty"]
    assert deal_space_size(s) == 3 * 5  # 3 options × 5 grid points (0, 25, 50, 75, 100)
    assert option_values(s.issue("nato"), s.preferences["russia"]).tolist() == [0.0, 0.5, 1.0]
    assert normalised_weights(s.issues, s.preferences["usa"]) == {"nato": 0.5, "missiles": 0.5}


def test_shape_errors_do_not_hide_cross_reference_errors_elsewhere() -> None:
    """An unknown key in one place and a dangling reference in another are reported together."""
    text = """negsim: 1
parties: [{id: a, no_deal: 0.2}, {id: b}]
issues:
  - {id: x, options: [lo, hi]}
preferences:
  a: {values: {x: {lo: 0, hi: 1}}, demands: {x: hii}}
  b: {values: {x: {lo: 1, hi: 0}}}
uncertainty:
  vary:
    - {path: parties.a.no_deal, gaussian: [0.2, 0.1]}
"""
    with pytest.raises(ScenarioError) as info:
        loads(text, "u.yaml")
    found = {(p.line, p.field) for p in info.value.problems}
    assert found == {(6, "preferences.a.demands.x"), (10, "uncertainty.vary[0].gaussian")}
