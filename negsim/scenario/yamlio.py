"""Read YAML safely, keeping the line and column of every value.

PyYAML's safe machinery is used only to *compose* the document into nodes (with the
libyaml C parser when it is installed, which is about five times faster); this module
builds plain Python data from the nodes itself, so that

* duplicate keys in a mapping are reported (PyYAML silently keeps the last one);
* every value's position is remembered by its path, for error messages;
* work is bounded: a file larger than ``MAX_FILE_BYTES`` (or that is not a regular file:
  a device, a pipe), nested deeper than ``MAX_DEPTH``, or expanding through aliases
  ("billion laughs") to more than ``MAX_NODES`` values or ``MAX_EXPANDED_CHARS``
  characters of text is refused with a message instead of eating time and memory —
  an alias to a long string counts its full length each time it is used;
* scalars are typed by the YAML 1.2 core schema (:mod:`negsim.scenario.yaml12`):
  ``yes``, ``no``, ``on``, ``off``, ``1:00`` and ``1_000`` stay text, so an option called
  ``no`` is the string ``"no"``; only ``true`` and ``false`` are booleans.

Nothing in a file can run code: only the standard tags of plain data are understood
(``!!python/object`` and any other tag is an error, never constructed). Messages quote
the user's text with control characters escaped (:func:`negsim.wording.printable`).

Example:
    >>> doc = read_yaml_text("a: 1\\nb: [x, no]\\n", "demo.yaml")
    >>> doc.data
    {'a': 1, 'b': ['x', 'no']}
    >>> doc.position(("b", 1))
    (2, 8)
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from negsim.errors import Problem, ScenarioError
from negsim.scenario.models import _as_label
from negsim.scenario.textfile import RefusedFile, decode_utf8, read_limited
from negsim.scenario.yaml12 import STD, Composer
from negsim.scenario.yamlsyntax import syntax_error
from negsim.wording import printable

MAX_FILE_BYTES = 1_000_000
"""Largest scenario file read (a large real scenario is a few tens of kilobytes)."""
MAX_NODES = 100_000
"""Largest number of values a document may expand to, aliases included."""
MAX_EXPANDED_CHARS = 2 * MAX_FILE_BYTES
"""Most characters of text (keys and values, each alias counted in full) a document may expand to."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and lists (the format itself needs 6)."""

Path_ = tuple[Hashable, ...]

_SCALAR_TAGS = {STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE = STD + "merge"

@dataclass
class YamlDocument:
    """Plain data read from YAML plus the (line, column) of every path, 1-based."""

    data: Any
    file: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        p = self.data_path(path)
        if (key or isinstance(self.value_at(p), dict | list)) and p in self.key_positions:
            return self.key_positions[p]
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))

    def data_path(self, path: Path_) -> Path_:
        """``path`` with each mapping key spelled as in the file (``"8000"`` → ``8000``)."""
        out: list[Hashable] = []
        node = self.data
        for part in path:
            key = part
            if isinstance(node, dict) and part not in node:
                key = next((k for k in node if _as_label(k) == part), part)
            out.append(key)
            node = _child(node, key)
        return tuple(out)

    def value_at(self, path: Path_) -> Any:
        """The value at a data path, or None when there is none."""
        node = self.data
        for part in path:
            node = _child(node, part)
        return node

    def field_name(self, path: Path_) -> str:
        """The dotted field path: mapping keys after a dot, list positions in brackets."""
        out = ""
        node = self.data
        for part in path:
            if isinstance(part, int) and not isinstance(part, bool) and not isinstance(node, dict):
                out += f"[{part}]"
            else:
                out += ("." if out else "") + str(part)
            node = _child(node, part)
        return out

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        """A located :class:`Problem` about the value (or, with ``key``, the key) at ``path``."""
        line, col = self.position(path, key=key)
        return Problem(printable(self.field_name(self.data_path(path))), printable(message), file=self.file,
                       line=line, column=col)


def _child(node: Any, part: Hashable) -> Any:
    """``node[part]`` for a mapping key or list position, None when there is no such child."""
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def format_path(path: Path_) -> str:
    """``("parties", 0, "no_deal")`` → ``parties[0].no_deal``."""
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _whole_file(name: str, message: str, line: int = 1, column: int = 1) -> ScenarioError:
    return ScenarioError([Problem("", printable(message), file=name, line=line, column=column)])


def read_yaml_file(path: str | Path) -> YamlDocument:
    """Read a YAML file with positions; every failure is a :class:`ScenarioError`."""
    name = str(path)
    p = Path(path)
    try:
        if not p.exists():
            raise _whole_file(name, "no such file", 0, 0)
        if p.is_dir():
            raise _whole_file(name, "this is a folder, not a scenario file")
        text = decode_utf8(read_limited(p, MAX_FILE_BYTES))
    except RefusedFile as exc:
        raise _whole_file(name, _scenario_wording(exc.message), exc.line, exc.column) from None
    except OSError as exc:
        raise _whole_file(name, f"cannot read the file: {exc.strerror or exc}") from None
    return read_yaml_text(text, name)


def _scenario_wording(message: str) -> str:
    """A refusal of :mod:`negsim.scenario.textfile` said for a scenario file."""
    if message.endswith("not a regular file"):
        return message + "; give a scenario file (.yaml)"
    return message.replace("the limit is", "scenario files are limited to").replace(
        "the limit of", "the scenario limit of")


def read_yaml_text(text: str, name: str = "<scenario>") -> YamlDocument:
    """Parse YAML text into a :class:`YamlDocument`; every failure is a :class:`ScenarioError`."""
    if len(text) > MAX_FILE_BYTES:
        raise _whole_file(name, f"the text is too large for a scenario (more than {MAX_FILE_BYTES:,} characters)")
    text = text.removeprefix("\ufeff")
    loader = None
    try:
        loader = Composer(text)
        node = loader.get_single_node()
    except UnicodeError:
        raise _whole_file(name, "the text contains characters that are not valid Unicode") from None
    except yaml.YAMLError as exc:
        raise syntax_error(exc, text, name, MAX_DEPTH) from None
    except RecursionError:
        raise _whole_file(name, f"the document is nested too deeply (more than {MAX_DEPTH} levels)") from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise _whole_file(name, "the file is empty (or only comments); a scenario starts with `negsim: 1`")
    builder = _Builder(loader, name)
    data = builder.build(node, ())
    if builder.problems:
        raise ScenarioError(builder.problems)
    return YamlDocument(data, name, builder.positions, builder.key_positions)


class _Builder:
    """Turns composed nodes into plain data, recording positions and duplicates."""

    def __init__(self, constructor: Composer, name: str) -> None:
        self.constructor = constructor
        self.name = name
        self.count = 0
        self.chars = 0
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.lists: set[Path_] = set()

    def _field(self, path: Path_) -> str:
        """``parties[0].no_deal``: positions in lists in brackets, mapping keys (even numbers) after dots."""
        out = ""
        for i, part in enumerate(path):
            out += f"[{part}]" if path[:i] in self.lists else ("." if out else "") + str(part)
        return out

    def _at(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _problem(self, node: yaml.Node, path: Path_, message: str) -> None:
        line, col = self._at(node)
        self.problems.append(Problem(printable(self._field(path)), printable(message), file=self.name, line=line,
                                     column=col))

    def _too_large(self, node: yaml.Node, path: Path_, what: str) -> ScenarioError:
        """The document expands (through aliases) past a limit: located at the top-level section being built."""
        top = path[:1]
        line, col = self.positions.get(top, self._at(node))
        return ScenarioError([Problem(printable(self._field(top)), f"the document expands to more than {what} "
                                      "(through aliases `*name`?); scenarios are limited to that",
                                      file=self.name, line=line, column=col)])

    def build(self, node: yaml.Node, path: Path_) -> Any:
        """Plain data for ``node`` (at ``path``), counting every value built."""
        self.count += 1
        if self.count > MAX_NODES:
            raise self._too_large(node, path, f"{MAX_NODES:,} values")
        self.positions.setdefault(path, self._at(node))
        if len(path) > MAX_DEPTH:
            self._problem(node, path, f"nested too deeply (more than {MAX_DEPTH} levels)")
            return None
        if not self._tag_allowed(node, path):
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self.lists.add(path)
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        return self._scalar(node, path)

    def _tag_allowed(self, node: yaml.Node, path: Path_) -> bool:
        allowed: set[str] = (
            {STD + "map"} if isinstance(node, yaml.MappingNode)
            else {STD + "seq"} if isinstance(node, yaml.SequenceNode) else _SCALAR_TAGS)
        if node.tag in allowed:
            return True
        tag = node.tag.replace(STD, "!!")
        self._problem(node, path, f"the tag `{tag}` is not allowed: scenarios are plain data (text, numbers, "
                                  "lists, mappings); remove the tag")
        return False

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        """The value of a scalar (a value or a key); its text counts towards ``MAX_EXPANDED_CHARS`` every time."""
        self.chars += len(node.value)
        if self.chars > MAX_EXPANDED_CHARS:
            raise self._too_large(node, path, f"{MAX_EXPANDED_CHARS:,} characters of text")
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception as exc:
            self._problem(node, path, f"cannot read the value `{str(node.value)[:40]}`: "
                                      f"{getattr(exc, 'problem', None) or exc}")
            return None

    def _key(self, key_node: yaml.Node, path: Path_) -> Any:
        if not isinstance(key_node, yaml.ScalarNode):
            self._problem(key_node, path, "a key must be a plain name, not a list or mapping")
            return None
        if key_node.tag not in _SCALAR_TAGS:
            self._tag_allowed(key_node, path)
            return None
        key = self._scalar(key_node, path)
        if key is None or not isinstance(key, Hashable):
            self._problem(key_node, path, "a key must be a plain name (this key is empty or null)")
            return None
        return key

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.append(value_node)
                continue
            key = self._key(key_node, path)
            if key is None:
                continue
            if key in seen:
                self._problem(key_node, (*path, key),
                              f"duplicate key `{key}` (first given on line {seen[key]}); "
                              "YAML would silently keep only the last one — remove or rename one")
                continue
            seen[key] = key_node.start_mark.line + 1
            self.key_positions.setdefault((*path, key), self._at(key_node))
            out[key] = self.build(value_node, (*path, key))
        for value_node in merges:
            self._merge(out, value_node, path)
        return out

    def _merge(self, out: dict[Any, Any], value_node: yaml.Node, path: Path_) -> None:
        """``<<: *base`` (or a list of them): keys not given here are taken from the base, first base first."""
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self._problem(source, path, "`<<` merges a mapping (`<<: *name`) or a list of mappings")
                continue
            merged = self.build(source, path)
            for key, value in merged.items():
                out.setdefault(key, value)
