"""Property tests: whatever a file contains, the loader returns a Scenario or raises ScenarioError.

Never another exception (a traceback for the user), and never unbounded work: every
example must finish within hypothesis' deadline.
"""

from __future__ import annotations

import contextlib
import copy
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negsim.errors import ScenarioError
from negsim.scenario import Scenario, from_dict, loads
from negsim.scenario.yamlio import MAX_NODES, read_yaml_text

BASE_TEXT = (Path(__file__).parent / "malformed" / "_valid_base.yaml").read_text(encoding="utf-8")
BASE = yaml.safe_load(BASE_TEXT)
FUZZ = settings(max_examples=int(os.environ.get("NEGSIM_FUZZ_EXAMPLES", "150")), deadline=timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def outcome(text: str) -> Scenario | ScenarioError:
    """What the loader does with ``text``; any other exception fails the test."""
    try:
        return loads(text, "fuzz.yaml")
    except ScenarioError as exc:
        assert exc.problems, "a ScenarioError must carry at least one problem"
        for p in exc.problems:
            assert p.file == "fuzz.yaml" and p.line >= 1 and p.column >= 1 and p.message
        return exc


# --- arbitrary text --------------------------------------------------------------------

yaml_alphabet = st.sampled_from([*"abnoy01.-:[]{},&*!|>'\"#?%@ \t\n\r\\~", "\x00", "\x07", "é", "\ufeff"])


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    outcome(text)


@FUZZ
@given(st.text(alphabet=yaml_alphabet, max_size=200))
def test_text_made_of_yaml_punctuation(text: str) -> None:
    outcome(text)


# --- arbitrary YAML documents ----------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                    st.text(max_size=12),
                    st.sampled_from(["yes", "no", "on", "1e3", "0x1F", ".inf", "~", "2021-12-17"]))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5),
    st.dictionaries(st.one_of(st.text(max_size=10), st.integers(-5, 5)), inner, max_size=5)), max_leaves=40)


@FUZZ
@given(documents)
def test_arbitrary_yaml_documents(doc: Any) -> None:
    outcome(yaml.safe_dump(doc, allow_unicode=True))


@FUZZ
@given(st.dictionaries(st.sampled_from([*BASE, "extra"]), documents, max_size=12))
def test_documents_with_scenario_sections(doc: dict[str, Any]) -> None:
    doc.setdefault("negsim", 1)
    outcome(yaml.safe_dump(doc, allow_unicode=True))
    with contextlib.suppress(ScenarioError):
        from_dict(doc)


# --- near-valid scenarios: the base scenario with a few random mutations ----------------

def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``data``."""
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += paths(v, (*prefix, i))
    return out


def mutate(data: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    """Replace, delete, rename or duplicate the value at ``path`` (the root is replaced whole)."""
    if not path:
        return value
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "delete":
        del parent[last]
    elif how == "rename" and isinstance(parent, dict):
        parent[f"{last}x" if not isinstance(value, str) or not value else value] = parent.pop(last)
    elif how == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    return data


@FUZZ
@given(st.data())
def test_mutated_scenarios(data: st.DataObject) -> None:
    doc = copy.deepcopy(BASE)
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(paths(doc)))
        how = data.draw(st.sampled_from(["replace", "delete", "rename", "duplicate"]))
        doc = mutate(doc, where, how, data.draw(documents))
    outcome(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


@FUZZ
@given(st.data())
def test_text_edits_of_a_valid_scenario(data: st.DataObject) -> None:
    text = BASE_TEXT
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 20)))
        text = text[:i] + data.draw(st.text(alphabet=yaml_alphabet, max_size=6)) + text[j:]
    outcome(text)


@FUZZ
@given(st.lists(st.sampled_from(BASE_TEXT.splitlines()), max_size=60))
def test_shuffled_lines_of_a_valid_scenario(lines: list[str]) -> None:
    outcome("\n".join(lines))


def test_alias_bombs_of_growing_size_are_refused_or_read() -> None:
    """Aliases nested k levels deep, 10 wide: small ones are read, big ones refused, none hangs."""
    sizes = [11]  # values in a0: the list and its 10 items
    for _ in range(1, 9):
        sizes.append(1 + 10 * sizes[-1])
    for depth in range(1, 9):
        text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, depth))
        expanded = 1 + sum(sizes[:depth])  # the top mapping and every list item, aliases expanded
        try:
            doc = read_yaml_text(text, "bomb.yaml")
        except ScenarioError as exc:
            assert expanded > MAX_NODES and "expands to more than" in str(exc)
        else:
            assert expanded <= MAX_NODES and len(doc.data) == depth
