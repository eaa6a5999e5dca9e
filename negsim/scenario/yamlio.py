"""Read YAML safely, keeping the line and column of every value.

PyYAML's safe machinery is used only to *compose* the document into nodes (with the
libyaml C parser when it is installed, which is about five times faster); this module
builds plain Python data from the nodes itself, so that

* duplicate keys in a mapping are reported (PyYAML silently keeps the last one);
* every value's position is remembered by its path, for error messages;
* work is bounded: a file larger than ``MAX_FILE_BYTES``, nested deeper than
  ``MAX_DEPTH`` or expanding (through aliases, "billion laughs") to more than
  ``MAX_NODES`` values is refused with a message instead of eating time and memory;
* YAML 1.1's surprising booleans (``yes``, ``no``, ``on``, ``off``) stay text, so an
  option called ``no`` is the string ``"no"``; only ``true`` and ``false`` are booleans.

Nothing in a file can run code: only the standard tags of plain data are understood
(``!!python/object`` and any other tag is an error, never constructed).

Example:
    >>> doc = read_yaml_text("a: 1\\nb: [x, no]\\n", "demo.yaml")
    >>> doc.data
    {'a': 1, 'b': ['x', 'no']}
    >>> doc.position(("b", 1))
    (2, 8)
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from negsim.errors import Problem, ScenarioError
from negsim.scenario.models import _as_label

MAX_FILE_BYTES = 1_000_000
"""Largest scenario file read (a large real scenario is a few tens of kilobytes)."""
MAX_NODES = 100_000
"""Largest number of values a document may expand to, aliases included."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and lists (the format itself needs 6)."""

Path_ = tuple[Hashable, ...]

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE = _STD + "merge"


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.2-style booleans: only true/false, never yes/no/on/off."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# YAML 1.2 also reads 1e5 and 1.0e300 (no sign, or no dot, in the exponent form) as numbers
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)

_Parser: Any = getattr(yaml.cyaml, "CParser", None) if yaml.__with_libyaml__ else None
if _Parser is None:  # pragma: no cover - PyYAML without libyaml

    class _PurePythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)

    _Parser = _PurePythonParser


class _Composer(_Parser, yaml.constructor.SafeConstructor, _Resolver):
    """Composes nodes only; scalars are constructed with the safe constructor."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)


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
        return Problem(self.field_name(self.data_path(path)), message, file=self.file, line=line, column=col)


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
    return ScenarioError([Problem("", message, file=name, line=line, column=column)])


def read_yaml_file(path: str | Path) -> YamlDocument:
    """Read a YAML file with positions; every failure is a :class:`ScenarioError`."""
    name = str(path)
    p = Path(path)
    try:
        if not p.exists():
            raise _whole_file(name, "no such file", 0, 0)
        if p.is_dir():
            raise _whole_file(name, "this is a folder, not a scenario file")
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _whole_file(name, f"the file is {size:,} bytes; scenario files are limited to {MAX_FILE_BYTES:,} "
                                    "bytes (is this the right file?)")
        raw = p.read_bytes()
    except OSError as exc:
        raise _whole_file(name, f"cannot read the file: {exc.strerror or exc}") from None
    return read_yaml_text(_decode(raw, name), name)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _whole_file(name, "the file is saved as UTF-16; save it as UTF-8 text")
    if b"\x00" in raw:
        raise _whole_file(name, "this is a binary file, not YAML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _whole_file(name, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
                          line, column) from None


def _line_col(text: str, position: int) -> tuple[int, int]:
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _yaml_error(exc: yaml.YAMLError, text: str, name: str) -> ScenarioError:
    """A YAML syntax error as a located problem, naming the field being read when it happened."""
    where = _path_at_error(text)
    if isinstance(exc, yaml.reader.ReaderError):
        line, col = _line_col(text, exc.position)
        return _syntax(name, where, f"not valid YAML: character #x{exc.character:04x} is not allowed in YAML text "
                                    "(remove it or save the file as plain UTF-8 text)", line, col)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(x for x in (exc.context, exc.problem) if x) or "not valid YAML"
        if "single document" in what:
            what += " (a scenario is one document: remove the `---` line and what follows, or split the file)"
        elif "mapping values are not allowed" in what:
            what += " (a value containing `: ` must be in quotes, e.g. `name: \"Russia: Federation\"`)"
        elif "tab" in what:
            what += " (indent with spaces, not tabs)"
        return _syntax(name, where, f"not valid YAML: {what}", line, col)
    return _syntax(name, where, f"not valid YAML: {exc}", 1, 1)


def _syntax(name: str, where: str, message: str, line: int, column: int) -> ScenarioError:
    return ScenarioError([Problem(where, message, file=name, line=line, column=column)])


def _path_at_error(text: str) -> str:
    """The field path the parser had reached when the YAML broke (read again, event by event)."""
    frames: list[list[Any]] = []  # [is_mapping, key or index, expecting_key]
    try:
        parser = _Parser(text)
        while parser.check_event():
            _follow(frames, parser.get_event())
            if len(frames) > MAX_DEPTH:
                break
    except Exception:
        pass
    out = ""
    for is_map, at, expecting_key in frames:
        if is_map and at is not None and not expecting_key:
            out += ("." if out else "") + str(at)
        elif not is_map:
            out += f"[{at}]"
    return out


def _follow(frames: list[list[Any]], event: yaml.Event) -> None:
    """Track where a stream of parser events is: the key or list position in each open collection."""
    if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
        frames.pop()
        _node_done(frames)
        return
    if not isinstance(event, yaml.NodeEvent):
        return
    if frames and frames[-1][0] and frames[-1][2]:  # a key
        frames[-1][1] = event.value if isinstance(event, yaml.ScalarEvent) else "?"
        frames[-1][2] = False
        if isinstance(event, yaml.CollectionStartEvent):
            frames.append([isinstance(event, yaml.MappingStartEvent), None if isinstance(
                event, yaml.MappingStartEvent) else 0, True])
        return
    if isinstance(event, yaml.CollectionStartEvent):
        is_map = isinstance(event, yaml.MappingStartEvent)
        frames.append([is_map, None if is_map else 0, True])
        return
    _node_done(frames)


def _node_done(frames: list[list[Any]]) -> None:
    if not frames:
        return
    if frames[-1][0]:
        frames[-1][2] = True
    else:
        frames[-1][1] += 1


def read_yaml_text(text: str, name: str = "<scenario>") -> YamlDocument:
    """Parse YAML text into a :class:`YamlDocument`; every failure is a :class:`ScenarioError`."""
    if len(text) > MAX_FILE_BYTES:
        raise _whole_file(name, f"the text is too large for a scenario (more than {MAX_FILE_BYTES:,} characters)")
    text = text.removeprefix("\ufeff")
    loader = None
    try:
        loader = _Composer(text)
        node = loader.get_single_node()
    except UnicodeError:
        raise _whole_file(name, "the text contains characters that are not valid Unicode") from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, name) from None
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

    def __init__(self, constructor: _Composer, name: str) -> None:
        self.constructor = constructor
        self.name = name
        self.count = 0
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
        self.problems.append(Problem(self._field(path), message, file=self.name, line=line, column=col))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        """Plain data for ``node`` (at ``path``), counting every value built."""
        self.count += 1
        if self.count > MAX_NODES:
            top = path[:1]
            line, col = self.positions.get(top, self._at(node))
            raise ScenarioError([Problem(self._field(top), f"the document expands to more than {MAX_NODES:,} "
                                         "values (through aliases `*name`?); scenarios are limited to that",
                                         file=self.name, line=line, column=col)])
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
            {_STD + "map"} if isinstance(node, yaml.MappingNode)
            else {_STD + "seq"} if isinstance(node, yaml.SequenceNode) else _SCALAR_TAGS)
        if node.tag in allowed:
            return True
        tag = node.tag.replace(_STD, "!!")
        self._problem(node, path, f"the tag `{tag}` is not allowed: scenarios are plain data (text, numbers, "
                                  "lists, mappings); remove the tag")
        return False

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
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
