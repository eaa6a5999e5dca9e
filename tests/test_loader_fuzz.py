"""Property tests: whatever a file contains, the loader returns a Scenario or raises ScenarioError.

Never another exception (a traceback for the user), and never unbounded work: every
example must finish within hypothesis' deadline. Values include the extremes a file can
hold (400-digit integers, 1e308, long and control-character text, YAML 1.1 numbers) and
aliases to long text (the review's D1).

And what the loader accepts, negsim can use: every distinct scenario the tests below
accept is fed to ``negsim games`` and (up to ``NEGSIM_FUZZ_RUNS``, default 5, since each
takes seconds) to ``negsim run --no-plots`` by the last test of this file; each must exit 0,
or 1 with a message — never a traceback.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negsim.cli import main as negsim_cli
from negsim.errors import ScenarioError
from negsim.scenario import Scenario, from_dict, loads
from negsim.scenario.yamlio import MAX_EXPANDED_CHARS, MAX_FILE_BYTES, MAX_NODES, read_yaml_text

BASE_TEXT = (Path(__file__).parent / "malformed" / "_valid_base.yaml").read_text(encoding="utf-8")
BASE = yaml.safe_load(BASE_TEXT)
FUZZ = settings(max_examples=int(os.environ.get("NEGSIM_FUZZ_EXAMPLES", "150")), deadline=timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


ACCEPTED: dict[str, dict[str, str]] = {"extreme": {}, "other": {}}
"""Distinct accepted scenarios (by their content, prose left out) → their text, for the last test."""
PROSE = {"title", "summary", "sources", "notes"}


def outcome(text: str, kind: str = "other") -> Scenario | ScenarioError:
    """What the loader does with ``text``; any other exception fails the test. Accepted texts are kept."""
    try:
        scenario = loads(text, "fuzz.yaml")
    except ScenarioError as exc:
        assert exc.problems, "a ScenarioError must carry at least one problem"
        for p in exc.problems:
            assert p.file == "fuzz.yaml" and p.line >= 1 and p.column >= 1 and p.message
            assert not any(c in str(p) for c in "\x00\x1b\u202e"), "messages escape control characters"
        return exc
    gist = json.dumps(scenario.model_dump(mode="json", exclude=PROSE), sort_keys=True)
    if all(gist not in seen for seen in ACCEPTED.values()):
        ACCEPTED[kind][gist] = text
    return scenario


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


# --- aliases to long text (D1): the expanded size is bounded, not only the file's -------------------------------

BASE_WITHOUT_PROSE = "\n".join(line for line in BASE_TEXT.splitlines()
                               if not line.startswith(("summary:", "sources:", "notes:")))


@FUZZ
@given(st.integers(1, 500_000), st.integers(1, 90_000), st.booleans())
def test_aliases_to_long_text(length: int, uses: int, in_a_list: bool) -> None:
    """``summary: &big "x…x"`` and ``sources: [*big, …]`` (or the text in a list aliased as list items): refused
    exactly when the text the document expands to exceeds ``MAX_EXPANDED_CHARS``, at once, whatever the sizes."""
    anchor = f'&big "{"x" * length}"'
    anchor = f"[{anchor}]" if in_a_list else anchor
    text = f"{BASE_WITHOUT_PROSE}\nsummary: {anchor}\nnotes: [" + ", ".join(["*big"] * uses) + "]\n"
    if len(text) > MAX_FILE_BYTES:
        return
    expanded = length * (uses + 1)  # the anchored text, then once per alias
    result = outcome(text)
    if expanded > MAX_EXPANDED_CHARS:
        assert isinstance(result, ScenarioError)
        assert "expands to more than 2,000,000 characters of text" in str(result), result
    elif expanded + len(BASE_WITHOUT_PROSE) <= MAX_EXPANDED_CHARS and not in_a_list:
        assert isinstance(result, Scenario), result  # within the budget aliases are read as usual
        assert result.notes == ["x" * length] * uses


# --- arbitrary YAML documents ----------------------------------------------------------

EXTREME_NUMBERS = [0, -0.0, 5e-324, 1e-300, 1.0, 1e6, 999_999.5, 1e12, -1e12, 1e12 + 1, 1e15, -1e15, 1e308, -1e308,
                   10**19, 10**400, -(10**400)]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.integers(-10**400, 10**400),
                    st.floats(allow_nan=True), st.sampled_from(EXTREME_NUMBERS),
                    st.text(max_size=12),
                    st.sampled_from(["yes", "no", "on", "1e3", "0x1F", "0o17", "1:00", "1_000", "0.3_0", "0b101",
                                     ".inf", "~", "2021-12-17", "x" * 201, "y" * 5_000, "\x1b[2J", "\u202e", "a\x00b"]))
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


EXTREMES = st.one_of(st.sampled_from(EXTREME_NUMBERS), st.sampled_from(
    ["x" * 120, "x" * 121, "x" * 200, "x" * 201, "\x1b[31mred\u202e", "n" * 64, "0x10", "1:00", "2021-12-17", "no",
     ""]))


def leaves(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths to the numbers and texts inside ``data`` (mapping values and list items, not keys)."""
    return [p for p in paths(data, prefix) if p and not isinstance(_at(data, p), dict | list)]


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@FUZZ
@given(st.data())
def test_extreme_values_in_a_valid_scenario(data: st.DataObject) -> None:
    """One to three values of the base scenario set to extremes (range ends, 1e308, 400 digits, long text)."""
    doc = copy.deepcopy(BASE)
    for _ in range(data.draw(st.integers(1, 3))):
        doc = mutate(doc, data.draw(st.sampled_from(leaves(doc))), "replace", data.draw(EXTREMES))
    outcome(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "extreme")


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


# --- what is accepted can be used: `negsim games` and `negsim run` never show a traceback --------------------

NAME = "N" * 200
EDGE_HIGH = BASE_TEXT.replace("name: Russia", f"name: {NAME}").replace(
    "no_deal: 0.3\n    power: 1.5\n    patience: 0.9", "no_deal: 1\n    power: 1000\n    patience: 5.0e-324").replace(
    "range: [0, 100]\n    step: 25", "range: [-1.0e12, 1.0e12]\n    step: 5.0e11").replace(
    "missiles: {0: 0, 100: 1}", "missiles: {-1000000000000: 0, 1000000000000: 1}").replace(
    "{when: {nato: moratorium, missiles: 50}, add: 0.1}",
    "{when: {nato: moratorium, missiles: 500000000000}, add: 1}").replace(
    "demands: {missiles: 100}", "demands: {missiles: 1000000000000}").replace(
    "weights: {nato: 3, missiles: 1}", "weights: {nato: 1000000, missiles: 5.0e-324}").replace(
    "[3, 3], stonewall: [1, 2]", "[1.0e12, -1.0e12], stonewall: [5.0e-324, 1.0e12]").replace(
    "rounds: 20", "rounds: 3\n  breakdown: 1").replace("exponent: 2", "exponent: 1.0e300").replace(
    "seed: 7", "seed: 1000000000000000000000000000000").replace(
    "uniform: [0.2, 0.4]}", "choice: [0.2, 0.3], weights: [1.0e300, 1.0e300]}")
EDGE_LOW = BASE_TEXT.replace("no_deal: 0.3\n    power: 1.5\n    patience: 0.9",
                             "no_deal: 0\n    power: 5.0e-324\n    patience: 1").replace(
    "weights: {nato: 3, missiles: 1}", "weights: {nato: 0, missiles: 1}").replace(
    "{min_utility: 0.2}", "{min_utility: 1}").replace(
    "[4, 1], stonewall: [0, 0]", "[-1.0e12, -1.0e12], stonewall: [0, 0]")
EDGES = {"edge_high": EDGE_HIGH, "edge_low": EDGE_LOW}
MAX_RUNS = int(os.environ.get("NEGSIM_FUZZ_RUNS", "5"))


def test_the_edge_scenarios_are_valid() -> None:
    """The two hand-made scenarios at the ends of every range must load (else the last test checks less)."""
    for name, text in EDGES.items():
        assert isinstance(outcome(text, "extreme"), Scenario), name
    assert EDGE_HIGH != BASE_TEXT and EDGE_LOW != BASE_TEXT


@pytest.mark.filterwarnings("ignore:constrained_layout not applied")  # 120-character names crowd some figures
def test_every_accepted_scenario_plays_and_runs_without_a_traceback(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Review D7/D18: files the loader accepted later crashed `games` and `run`. Every distinct scenario accepted
    above (the edge scenarios and the extreme-value ones first) goes to `negsim games`; the first ``MAX_RUNS`` to
    `negsim run --no-plots` too. Exit 0, or 1 with a message; never an exception."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    texts = [*EDGES.values(), *ACCEPTED["extreme"].values(), *ACCEPTED["other"].values()]
    texts = list(dict.fromkeys(texts))
    runner = CliRunner()
    for k, text in enumerate(texts):
        path = tmp_path / f"accepted{k}.yaml"
        path.write_text(text, encoding="utf-8")
        commands = [["games", str(path)]]
        if k < MAX_RUNS:
            commands.append(["run", str(path), "--no-plots", "--format", "json", "-o", str(tmp_path / f"out{k}")])
        for args in commands:
            r = runner.invoke(negsim_cli, args)
            where = f"negsim {' '.join(args[:1])} on\n{text}\n{r.output[-2000:]}"
            assert r.exception is None or isinstance(r.exception, SystemExit), where + repr(r.exception)
            assert r.exit_code in (0, 1) and "Traceback" not in r.output, where
            assert r.exit_code == 0 or r.output.strip(), where
    assert len(texts) >= len(EDGES)
