"""The committed JSON Schema: up to date, and it accepts every bundled scenario (checked with jsonschema)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from negsim.resources import template_text
from negsim.scenario import load
from negsim.scenario.schema import json_schema_text
from negsim.scenario.yamlio import read_yaml_file, read_yaml_text

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
SCHEMA_FILE = SCENARIOS / "negsim.schema.json"
BUNDLED = sorted(SCENARIOS.glob("*.yaml"))
MALFORMED = Path(__file__).parent / "malformed"
SCHEMA_LINE = "# yaml-language-server: $schema=negsim.schema.json"


def as_json(data: Any) -> Any:
    """What an editor's YAML language server checks: the data with every mapping key as text."""
    return json.loads(json.dumps(data, default=str))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema_text(), (
        "scenarios/negsim.schema.json is stale; regenerate it: negsim schema -o scenarios/negsim.schema.json --force")


def test_there_are_bundled_scenarios() -> None:
    assert any(p.stem == "security-guarantees-2021" for p in BUNDLED)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_scenario_points_at_the_schema_and_loads(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    assert load(path).title


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_schema_accepts_bundled_scenario(path: Path, validator: jsonschema.Draft202012Validator) -> None:
    data = as_json(read_yaml_file(path).data)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_schema_accepts_the_template_and_the_full_example(validator: jsonschema.Draft202012Validator) -> None:
    validator.validate(as_json(read_yaml_text(template_text()).data))
    validator.validate(as_json(read_yaml_file(MALFORMED / "_valid_base.yaml").data))


@pytest.mark.parametrize("name, where", [
    ("misspelled_top_key", []), ("misspelled_party_key", ["parties", 0]),
    ("no_deal_above_one", ["parties", 0, "no_deal"]),
    ("patience_zero", ["parties", 0, "patience"]), ("invalid_id", ["parties", 1, "id"]),
    ("unknown_protocol_kind", ["protocol"]), ("mapping_for_list", ["agendas", 0, "issues"]),
])
def test_schema_refuses_shape_mistakes(name: str, where: list[Any], validator: jsonschema.Draft202012Validator) -> None:
    data = as_json(read_yaml_file(MALFORMED / f"{name}.yaml").data)
    errors = list(validator.iter_errors(data))
    assert errors and any(list(e.absolute_path) == where for e in errors), [list(e.absolute_path) for e in errors]
