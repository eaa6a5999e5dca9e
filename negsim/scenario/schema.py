"""JSON Schema of the scenario format, generated from the models.

Editors that speak the YAML language server autocomplete and check scenario files
that start with ``# yaml-language-server: $schema=negsim.schema.json``.

Example:
    >>> json_schema()["title"]
    'negsim scenario (format 1)'
"""

from __future__ import annotations

import json
from typing import Any

from negsim.scenario.models import Scenario


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for scenario files."""
    schema = Scenario.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://negsim.dev/schema/scenario-1.json",
        **schema,
        "title": "negsim scenario (format 1)",
        "description": "A negotiation scenario for negsim. See docs/scenario-format.md.",
    }


def json_schema_text() -> str:
    """The schema as pretty JSON text, ending with a newline (as committed)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
