"""Load a scenario file: safe YAML → validated, immutable :class:`Scenario`.

Every problem found is reported at once, each with file, line, column, field path and
a sentence saying what was expected and what was found.

Example:
    >>> from negsim.scenario.loader import loads
    >>> s = loads('''
    ... negsim: 1
    ... parties: [{id: a}, {id: b}]
    ... issues: [{id: price, options: [low, high]}]
    ... preferences:
    ...   a: {demands: {price: high}}
    ...   b: {demands: {price: low}}
    ... ''')
    >>> s.party_ids, deal_space_size(s)
    (['a', 'b'], 2)
"""

from __future__ import annotations

import math
import typing
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from negsim.errors import Problem, ScenarioError
from negsim.scenario.checks import check_scenario, suggest
from negsim.scenario.models import Agenda, Scenario
from negsim.scenario.values import issue_labels
from negsim.scenario.yamlio import YamlDocument, read_yaml_file, read_yaml_text

DEFAULT_MAX_DEALS = 10**8
"""Largest deal space (full package) the loader accepts unless told otherwise."""

SECTIONS = list(Scenario.model_fields)


def load(path: str | Path, *, max_deals: int | None = DEFAULT_MAX_DEALS) -> Scenario:
    """Load and validate a scenario file; raise :class:`ScenarioError` listing every problem."""
    return _validate(read_yaml_file(path), max_deals)


def loads(text: str, name: str = "<scenario>", *, max_deals: int | None = DEFAULT_MAX_DEALS) -> Scenario:
    """Load a scenario from YAML text."""
    return _validate(read_yaml_text(text, name), max_deals)


def from_dict(data: dict[str, Any], name: str = "<dict>", *, max_deals: int | None = DEFAULT_MAX_DEALS) -> Scenario:
    """Validate a scenario given as plain Python data (positions are unknown)."""
    return _validate(YamlDocument(data, name), max_deals)


def deal_space_size(s: Scenario, agenda: Agenda | None = None) -> int:
    """Number of deals: the product of the option counts of the issues on the table."""
    on = set(agenda.issues) if agenda else set(s.issue_ids)
    return math.prod(len(issue_labels(i)) for i in s.issues if i.id in on)


def _validate(doc: YamlDocument, max_deals: int | None) -> Scenario:
    _check_top(doc)
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        raise ScenarioError(_translate(exc, doc)) from None
    problems = [doc.problem(path, msg, key=_is_key_problem(path, msg)) for path, msg in check_scenario(scenario)]
    if problems:
        raise ScenarioError(_dedupe(problems))
    _check_size(scenario, doc, max_deals)
    return scenario


def _check_top(doc: YamlDocument) -> None:
    data = doc.data
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({data!r:.40})"
        raise ScenarioError([doc.problem((), f"a scenario is a mapping of sections ({', '.join(SECTIONS[:4])}, …), "
                                             f"found {kind}")])
    if "negsim" not in data:
        raise ScenarioError([doc.problem((), "this is not a negsim scenario: the file must start with `negsim: 1`"
                                             " (the format version)")])
    if data["negsim"] != 1 or isinstance(data["negsim"], bool):
        raise ScenarioError([doc.problem(("negsim",), f"this negsim reads format version 1; found "
                                                      f"`negsim: {data['negsim']}`")])


def _check_size(s: Scenario, doc: YamlDocument, max_deals: int | None) -> None:
    n = deal_space_size(s)
    if max_deals is not None and n > max_deals:
        raise ScenarioError([doc.problem(("issues",), (
            f"the deal space has {n:.3g} deals, more than the limit of {max_deals:,}; analyse an agenda, "
            "use a coarser `step` on numeric issues, or raise the limit (`--max-deals`)"))])


def _is_key_problem(path: tuple[Hashable, ...], message: str) -> bool:
    """Point at the key when the key itself is what is wrong (an unknown id used as a key)."""
    return bool(path) and message.startswith(f"`{path[-1]}`")


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.line, p.column)):
        k = (p.line, p.column, p.message)
        if k not in seen:
            seen.add(k)
            out.append(p)
    return out


# --- pydantic errors → located sentences ----------------------------------------------

def _translate(exc: ValidationError, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    seen_paths: set[tuple[Hashable, ...]] = set()
    for err in exc.errors():
        path = _data_path(doc.data, err["loc"], err["type"])
        if path in seen_paths:  # a union reports once per member; one message is enough
            continue
        seen_paths.add(path)
        message = _sentence(err, path)
        problems.append(doc.problem(path, message, key=err["type"] == "extra_forbidden"))
    return _dedupe(problems)


def _data_path(data: Any, loc: tuple[Any, ...], kind: str) -> tuple[Hashable, ...]:
    """Keep only the parts of pydantic's location that exist in the data (drops union tags)."""
    path: list[Hashable] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif kind in ("missing", "extra_forbidden") and part == loc[-1]:
            path.append(part)
    return tuple(path)


def _sentence(err: Any, path: tuple[Hashable, ...]) -> str:
    kind, inp = err["type"], err.get("input")
    if kind == "missing":
        return f"missing required field `{path[-1]}`"
    if kind == "extra_forbidden":
        fields = _fields_at(path[:-1])
        hint = suggest(str(path[-1]), fields) if fields else ""
        allowed = f"; allowed here: {', '.join(fields)}" if fields and not hint else ""
        return f"unknown key `{path[-1]}`{hint}{allowed}"
    if kind == "string_pattern_mismatch":
        return (f"`{inp}` is not a valid id: use letters, digits, `_` and `-`, starting with a letter "
                "(e.g. `nato_enlargement`)")
    msg = err["msg"]
    expected = msg.replace("Input should be", "expected").replace("Value error, ", "")
    expected = expected[0].lower() + expected[1:] if expected else expected
    return f"{expected}, found {_show(inp)}"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if value is None:
        return "nothing (null)"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _fields_at(path: tuple[Hashable, ...]) -> list[str]:
    """Names of the fields the model at ``path`` accepts (for "did you mean")."""
    tp: Any = Scenario
    for part in path:
        tp = _step(tp, part)
        if tp is None:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType")):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else args[0]
        else:
            return tp


def _step(tp: Any, part: Hashable) -> Any:
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(str(part))
        return field.annotation if field else None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None
