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

import copy
import difflib
import math
import typing
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from negsim.errors import Problem, ScenarioError
from negsim.scenario.checks import check_scenario
from negsim.scenario.models import Agenda, Scenario, format_number
from negsim.scenario.values import issue_size
from negsim.scenario.yaml12 import YAML11_NUMBER, scalar
from negsim.scenario.yamlio import YamlDocument, format_path, read_yaml_file, read_yaml_text
from negsim.wording import suggest

DEFAULT_MAX_DEALS = 10**40
"""Largest deal space (full package) the loader accepts unless told otherwise.

Spaces up to about 10⁸ deals are enumerated; larger ones are analysed by merging issue
frontiers (:mod:`negsim.engine.minkowski`), which works far beyond that but not without
bound. Past this limit a file is refused at once instead of failing later."""

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
    return math.prod(issue_size(i) for i in s.issues if i.id in on)


def _validate(doc: YamlDocument, max_deals: int | None) -> Scenario:
    _check_top(doc)
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        problems = _translate(exc, doc)
        raise ScenarioError(_dedupe(problems + _cross_references_despite(exc, doc))) from None
    problems = [doc.problem(path, msg, key=_is_key_problem(path, msg)) for path, msg in check_scenario(scenario)]
    if problems:
        raise ScenarioError(_dedupe(problems))
    _check_size(scenario, doc, max_deals)
    return scenario


def _cross_references_despite(exc: ValidationError, doc: YamlDocument) -> list[Problem]:
    """Cross-reference problems elsewhere in a file that also has shape errors.

    The keys with shape errors are set aside and the rest validated again; if it then
    passes, its cross-reference problems are reported too (all problems at once), except
    those about what was set aside. Best effort: when the rest does not validate, nothing
    more is reported.
    """
    removed: list[tuple[Hashable, ...]] = []
    data = copy.deepcopy(doc.data)
    for err in exc.errors():
        path = _data_path(doc.data, err["loc"], err["type"])
        while path and not isinstance(path[-1], str):
            path = path[:-1]  # never drop list items: it would shift the positions of the rest
        if len(path) > 1 and _drop(data, path):
            removed.append(path)
    try:
        scenario = Scenario.model_validate(data)
        found = list(check_scenario(scenario))
    except (ValidationError, ValueError, KeyError, TypeError):
        return []
    return [doc.problem(p, m, key=_is_key_problem(p, m)) for p, m in found if not _follows_from(p, m, removed)]


def _follows_from(path: tuple[Hashable, ...], message: str, removed: list[tuple[Hashable, ...]]) -> bool:
    """Whether a problem may only be a consequence of setting ``removed`` aside (then it is not shown)."""
    return any(path[:2] == r[:2] or format_path(r) in message for r in removed)


def _drop(data: Any, path: tuple[Hashable, ...]) -> bool:
    node = data
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    if isinstance(node, dict) and path[-1] in node:
        del node[path[-1]]
        return True
    return False


def _check_top(doc: YamlDocument) -> None:
    data = doc.data
    if data is None:
        raise ScenarioError([doc.problem((), "the file is empty; a scenario starts with `negsim: 1`")])
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({_show(data)})"
        raise ScenarioError([doc.problem((), f"a scenario is a mapping of sections ({', '.join(SECTIONS[:4])}, …), "
                                             f"found {kind}")])
    if "negsim" not in data:
        raise ScenarioError([doc.problem(("negsim",), "missing the format version: a negsim scenario starts "
                                                      "with the line `negsim: 1`")])
    version = data["negsim"]
    if version != 1 or not isinstance(version, int) or isinstance(version, bool):
        raise ScenarioError([doc.problem(("negsim",), f"this negsim reads format version 1 (write `negsim: 1`); "
                                                      f"found {_show(version)}")])


def _check_size(s: Scenario, doc: YamlDocument, max_deals: int | None) -> None:
    n = deal_space_size(s)
    if max_deals is not None and n > max_deals:
        raise ScenarioError([doc.problem(("issues",), (
            f"the deal space has {_approx(n)} deals, more than the limit of {_approx(max_deals)}; analyse an agenda, "
            "use a coarser `step` on numeric issues, or raise the limit (`--max-deals`)"), key=True)])


def _approx(n: int) -> str:
    """``15_045_012_001`` → ``1.5e+10`` (exact below a million; never overflows a float)."""
    if n < 10**6:
        return f"{n:,}"
    digits = str(n)
    return f"{digits[0]}.{digits[1]}e+{len(digits) - 1:02d}"


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
    errors = exc.errors()
    misspelled = _misspelled_fields(errors, doc)
    problems: list[Problem] = []
    seen_paths: set[tuple[Hashable, ...]] = set()
    errors = _deepest_union_errors(errors, doc)
    for err in errors:
        if err["type"] == "invalid_key":  # pydantic spells the key with repr() in the location
            path = (*_data_path(doc.data, err["loc"][:-1], ""), err["input"])
        else:
            path = _data_path(doc.data, err["loc"], err["type"])
        if err["type"] == "missing" and path in misspelled:
            continue  # reported as the misspelled key that was meant to be this field
        if path in seen_paths:  # a union reports once per member; one message is enough
            continue
        seen_paths.add(path)
        message = _sentence(err, path)
        at_key = err["type"] in ("extra_forbidden", "invalid_key") or err["loc"][-1:] == ("[key]",)
        problems.append(doc.problem(path, message, key=at_key))
    return _dedupe(problems)


def _deepest_union_errors(errors: list[Any], doc: YamlDocument) -> list[Any]:
    """Drop "wrong type" errors at a place when another error lies deeper inside it.

    A union (``name`` or ``{name: {param: value}}``) reports one error per member; the
    deeper one says what is actually wrong with what the user wrote.
    """
    paths = [_data_path(doc.data, e["loc"], e["type"]) for e in errors]
    return [e for e, path in zip(errors, paths, strict=True)
            if not (e["type"] in _TYPES and any(len(o) > len(path) and o[:len(path)] == path for o in paths))]


def _misspelled_fields(errors: list[Any], doc: YamlDocument) -> set[tuple[Hashable, ...]]:
    """Paths of missing required fields that an unknown key nearby was probably meant to be."""
    out = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            path = _data_path(doc.data, err["loc"], err["type"])
            fields = _fields_at(path[:-1])
            close = difflib.get_close_matches(str(path[-1]), fields, n=1, cutoff=0.6)
            if close:
                out.add((*path[:-1], close[0]))
    return out


def _data_path(data: Any, loc: tuple[Any, ...], kind: str) -> tuple[Hashable, ...]:
    """Keep only the parts of pydantic's location that exist in the data (drops union tags)."""
    path: list[Hashable] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        if in_dict or (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            path.append(part)
            node = node[part]
        elif kind in ("missing", "extra_forbidden") and part == loc[-1] and not isinstance(part, int):
            path.append(part)
    return tuple(path)


_BOUNDS = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<", "less_than_equal": "≤"}
_TYPES = {
    "float_type": "a number", "float_parsing": "a number", "int_type": "a whole number",
    "int_parsing": "a whole number", "int_from_float": "a whole number", "string_type": "text",
    "bool_type": "true or false", "dict_type": "a mapping (`key: value`)",
    "list_type": "a list (`[a, b]` or `- a` lines)",
    "tuple_type": "a list (`[a, b]`)", "finite_number": "a finite number",
}


def _sentence(err: Any, path: tuple[Hashable, ...]) -> str:
    kind, inp, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "missing":
        if isinstance(err["loc"][-1], int):
            return f"expected {err['loc'][-1] + 1} values here, found {_show(inp)}"
        return f"missing required field `{path[-1]}`"
    if kind == "extra_forbidden":
        fields = _fields_at(path[:-1])
        hint = suggest(str(path[-1]), fields) if fields else ""
        allowed = f"; allowed here: {', '.join(fields)}" if fields and not hint else ""
        return f"unknown key `{path[-1]}`{hint}{allowed}"
    if kind == "invalid_key":
        fields = _fields_at(path[:-1])
        return f"unknown key `{path[-1]}` (keys are names written as text){suggest(str(path[-1]), fields)}"
    if kind == "string_pattern_mismatch":
        return (f"`{inp}` is not a valid id: use letters, digits, `_` and `-`, starting with a letter "
                "(e.g. `nato_enlargement`)")
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()), "")
        return f"expected a number {_BOUNDS[kind]} {_show(bound)}, found {_show(inp)}"
    if kind == "float_type" and isinstance(inp, int) and not isinstance(inp, bool):
        return f"expected a number, found a {len(str(abs(inp)))}-digit integer (too large for a floating-point number)"
    if kind in _TYPES:
        return f"expected {_TYPES[kind]}, found {_show(inp)}{_type_hint(kind, inp)}"
    if kind == "string_too_long" and isinstance(inp, str):
        return (f"expected at most {ctx.get('max_length')} characters (it is shown in tables and figures), "
                f"found {len(inp):,}")
    if kind in ("too_short", "too_long"):
        word = "at least" if kind == "too_short" else "at most"
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        return f"expected {word} {limit} entries, found {ctx.get('actual_length', _show(inp))}"
    if kind == "literal_error":
        return f"expected {ctx.get('expected', 'one of the allowed values')}, found {_show(inp)}"
    msg = err["msg"]
    expected = msg.replace("Input should be", "expected").replace("Value error, ", "")
    expected = expected[0].lower() + expected[1:] if expected else expected
    return f"{expected}, found {_show(inp)}"


def _type_hint(kind: str, value: Any) -> str:
    """Why a value of the wrong type was read that way, and how to write what was meant."""
    if isinstance(value, bool):
        return " (a YAML boolean; write it in quotes if it is a name)" if kind == "string_type" else \
            " (a YAML boolean)"
    if kind == "string_type" and isinstance(value, int | float):
        return " (a number; write it in quotes if it is a name)"
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing") and isinstance(value, str):
        if YAML11_NUMBER.match(value):
            return (" (text: negsim reads YAML 1.2, which has no base-60 `1:00`, `1_000` or `0b1` numbers; "
                    "write the number in decimal)")
        if isinstance(scalar(value.strip()), int | float):
            return " (text — remove the quotes to make it a number)"
        return " (text)"
    return ""


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, float):
        return format_number(value)
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
        elif origin in (typing.Union, __import__("types").UnionType):
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
