"""Write a scenario dict as readable YAML: schema line, sections in format order, short items on one line.

Used by ``negsim import genius``; the text reads back (``negsim.loads``) to the same data.

Example:
    >>> text = scenario_yaml({"negsim": 1, "parties": [{"id": "a", "no_deal": 0.2}],
    ...                       "title": "T", "issues": [{"id": "x", "options": ["no", "yes"]}]})
    >>> print(text)
    # yaml-language-server: $schema=negsim.schema.json
    negsim: 1
    title: T
    <BLANKLINE>
    parties:
      - {id: a, no_deal: 0.2}
    <BLANKLINE>
    issues:
      - {id: x, options: ['no', 'yes']}
    <BLANKLINE>
"""

from __future__ import annotations

from typing import Any

import yaml

from negsim.errors import NegsimError
from negsim.scenario.models import Scenario
from negsim.scenario.yamlio import MAX_FILE_BYTES, MAX_NODES

SCHEMA_LINE = "# yaml-language-server: $schema=negsim.schema.json"
SECTION_ORDER = list(Scenario.model_fields)
FLOW_WIDTH = 110
"""Mappings and lists of plain values shorter than this are written on one line."""


class _Flow(dict[str, Any]):
    """A mapping written in flow style ``{a: 1, b: 2}``."""


class _FlowList(list[Any]):
    """A list written in flow style ``[a, b]``."""


class _Dumper(yaml.SafeDumper):
    """Safe dumper that keeps key order and indents list items under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(dict, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=False))


def scenario_yaml(data: dict[str, Any]) -> str:
    """The scenario as YAML text with the schema line first and sections in the format's order."""
    ordered = {k: data[k] for k in SECTION_ORDER if k in data}
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    body = yaml.dump(_styled(ordered), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=FLOW_WIDTH)
    blank_before = {f"{k}:" for k in ("parties", "issues", "preferences", "agendas", "games", "protocol", "uncertainty",
                                             "extensions")}
    lines = [("\n" + line if line in blank_before and i else line) for i, line in enumerate(body.splitlines())]
    return SCHEMA_LINE + "\n" + "\n".join(lines) + "\n"


def scenario_file_text(data: dict[str, Any]) -> str:
    """:func:`scenario_yaml`, refusing (:class:`NegsimError`) a text negsim's loader would refuse as too large."""
    check_fits(data)
    text = scenario_yaml(data)
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise NegsimError(_too_large(f"{size:,} bytes", f"{MAX_FILE_BYTES:,} bytes", data))
    return text


def check_fits(data: dict[str, Any]) -> None:
    """Refuse (:class:`NegsimError`) data that cannot be a scenario file: over the loader's limits of
    values (``MAX_NODES``) or bytes (``MAX_FILE_BYTES``). Counted, never written out, so a huge domain
    is refused at once.

    >>> try:
    ...     check_fits({"negsim": 1, "issues": [{"id": "x", "options": list(range(200_000))}]})
    ... except NegsimError as exc:
    ...     print(str(exc)[:98])
    as a scenario file this would hold more than 100,000 values (issue `x` alone has 200,000 options);
    """
    if value_count(data, MAX_NODES) > MAX_NODES:
        raise NegsimError(_too_large(f"more than {MAX_NODES:,} values", f"{MAX_NODES:,} values", data))
    if text_size(data, MAX_FILE_BYTES) > MAX_FILE_BYTES:
        raise NegsimError(_too_large(f"more than {MAX_FILE_BYTES:,} bytes", f"{MAX_FILE_BYTES:,} bytes", data))


def _too_large(found: str, limit: str, data: dict[str, Any]) -> str:
    issues = [i for i in data.get("issues", []) if isinstance(i, dict) and isinstance(i.get("options"), list)]
    biggest = max(issues, key=lambda i: len(i["options"]), default=None)
    which = f" (issue `{biggest['id']}` alone has {len(biggest['options']):,} options)" if biggest else ""
    return (f"as a scenario file this would hold {found}{which}; negsim reads scenario files of at most {limit}. "
            "Import a domain with fewer values, or read this one in Python with negsim.genius.load_genius, "
            "which writes no file")


def _is_plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _styled(node: Any, depth: int = 0) -> Any:
    """Mark small mappings and lists (of plain values, or of such small items) for one-line output."""
    if isinstance(node, dict):
        styled = {k: _styled(v, depth + 1) for k, v in node.items()}
        if depth > 0 and _fits(node) and not any(isinstance(v, dict) and not _fits(v) for v in node.values()):
            return _Flow(styled)
        return styled
    if isinstance(node, list):
        if all(_is_plain(x) for x in node) and _fits(node) and not any(isinstance(x, str) and len(x) > 60
                                                                         for x in node):
            return _FlowList(node)
        return [_styled(x, depth + 1) for x in node]
    return node


def _fits(node: Any) -> bool:
    """True when ``node`` is short and shallow enough for one line (only short candidates are dumped to see)."""
    if text_size(node, FLOW_WIDTH) > FLOW_WIDTH:
        return False
    text = yaml.dump(node, Dumper=yaml.SafeDumper, default_flow_style=True, width=10_000, allow_unicode=True)
    return len(text) <= FLOW_WIDTH and "\n" not in text.strip() and _depth(node) <= 2


def text_size(data: Any, limit: int) -> int:
    """A lower bound on the length of ``data`` written as YAML (keys, values and separators), or any number
    above ``limit`` as soon as it is known to exceed it.

    >>> text_size({"a": [1, 22], "b": "xyz"}, 100)  # a: [1, 22] and b: xyz → 6 + 2 + 3 + 3
    14
    """
    total, stack = 0, [data]
    while stack and total <= limit:
        node = stack.pop()
        if isinstance(node, dict):
            total += sum(len(str(k)) + 2 for k in node)
            stack.extend(node.values())
        elif isinstance(node, list):
            total += len(node)
            stack.extend(node)
        else:
            total += len(str(node))
    return total


def value_count(data: Any, limit: int) -> int:
    """How many values the scenario loader counts in ``data`` (every mapping, list and scalar, keys not
    counted), or any number above ``limit`` as soon as it is known to exceed it.

    >>> value_count({"a": [1, 2], "b": {"c": None}}, 100)
    6
    """
    total, stack = 0, [data]
    while stack and total <= limit:
        node = stack.pop()
        total += 1
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return total


def _depth(node: Any) -> int:
    if isinstance(node, dict):
        return 1 + max((_depth(v) for v in node.values()), default=0)
    if isinstance(node, list):
        return 1 + max((_depth(v) for v in node), default=0)
    return 0
