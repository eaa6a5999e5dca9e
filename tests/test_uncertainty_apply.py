"""Applying a sample changes exactly the field a path names, and nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import negsim
from negsim.scenario.apply import apply_sample
from negsim.scenario.values import normalised_weights

DATA = Path(__file__).parent / "data"
SMALL = negsim.load(DATA / "uncertainty-small.yaml")
SEED = negsim.load(negsim.bundled("security-guarantees-2021"))


def flatten(data: Any, prefix: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    """Every leaf of nested dicts/lists, keyed by its path (written here, independent of negsim)."""
    if isinstance(data, dict):
        return {k: v for key, value in data.items() for k, v in flatten(value, (*prefix, key)).items()}
    if isinstance(data, list | tuple):
        return {k: v for i, value in enumerate(data) for k, v in flatten(value, (*prefix, i)).items()}
    return {prefix: data}


def changed(before: Any, after: Any) -> dict[tuple[Any, ...], tuple[Any, Any]]:
    a, b = flatten(before.model_dump()), flatten(after.model_dump())
    return {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)}


CASES = [  # (scenario, path, new value, the one leaf that must change)
    (SEED, "parties.russia.no_deal", 0.31, ("parties", 0, "no_deal")),
    (SEED, "parties.usa.power", 2.5, ("parties", 1, "power")),
    (SEED, "parties.nato_allies.patience", 0.8, ("parties", 2, "patience")),
    (SEED, "preferences.usa.weights.nato_enlargement", 40.0, ("preferences", "usa", "weights", "nato_enlargement")),
    (SEED, "preferences.usa.values.form.binding_treaty_on_package", 0.55,
     ("preferences", "usa", "values", "form", "binding_treaty_on_package")),
    (SEED, "games.crisis.payoffs.escalate.stonewall[1]", -2.0, ("games", 0, "payoffs", "escalate", "stonewall", 1)),
    (SMALL, "preferences.a.values.share.50", 0.4, ("preferences", "a", "values", "share", "50")),
    (SMALL, "preferences.a.red_lines[0].min_utility", 0.45, ("preferences", "a", "red_lines", 0, "min_utility")),
    (SMALL, "games.stag.payoffs.column[1][0]", 1.5, ("games", 0, "payoffs", "column", 1, 0)),
    (SMALL, "protocol.breakdown", 0.2, ("protocol", "breakdown")),
]


@pytest.mark.parametrize(("scenario", "path", "value", "leaf"), CASES, ids=[c[1] for c in CASES])
def test_a_path_changes_exactly_the_field_it_names(scenario: Any, path: str, value: float,
                                                   leaf: tuple[Any, ...]) -> None:
    after = apply_sample(scenario, [path], [value])
    diff = changed(scenario, after)
    assert list(diff) == [leaf]
    assert diff[leaf][1] == value


def test_several_paths_at_once_change_only_those_fields() -> None:
    paths = ["parties.russia.no_deal", "parties.usa.no_deal", "preferences.russia.weights.form"]
    before = SEED.party("russia").no_deal
    after = apply_sample(SEED, paths, [0.05, 0.9, 1.0])
    assert set(changed(SEED, after)) == {("parties", 0, "no_deal"), ("parties", 1, "no_deal"),
                                        ("preferences", "russia", "weights", "form")}
    assert before != 0.05 and SEED.party("russia").no_deal == before  # the original is untouched


def test_weight_of_a_party_without_weights_keeps_the_other_weights_meaning() -> None:
    """Party c writes no weights (equal weights on its three demanded issues)."""
    after = apply_sample(SMALL, ["preferences.c.weights.z"], [2.0])
    w = normalised_weights(after.issues, after.preferences["c"])
    assert w == pytest.approx({"x": 0.25, "share": 0.25, "z": 0.5})
    unchanged = apply_sample(SMALL, ["preferences.c.weights.z"], [1.0])
    assert normalised_weights(unchanged.issues, unchanged.preferences["c"]) == pytest.approx(
        normalised_weights(SMALL.issues, SMALL.preferences["c"]))
