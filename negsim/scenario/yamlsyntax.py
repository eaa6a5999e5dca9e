"""Where a YAML syntax error is: line, column, and the field the parser had reached.

PyYAML's messages name a position only; the field path (``issues[0].options[3]``) is
found by reading the text again event by event up to the error.

Example:
    >>> err = None
    >>> try:
    ...     yaml.load("a:\\n  b: [1, 2\\n", Loader=yaml.SafeLoader)
    ... except yaml.YAMLError as exc:
    ...     err = syntax_error(exc, "a:\\n  b: [1, 2\\n", "demo.yaml", 32)
    >>> p = err.problems[0]
    >>> (p.line, p.field, p.message[:45])
    (3, 'a.b[2]', 'not valid YAML: while parsing a flow sequence')
"""

from __future__ import annotations

from typing import Any

import yaml

from negsim.errors import Problem, ScenarioError
from negsim.scenario.yaml12 import Parser
from negsim.wording import printable


def _line_col(text: str, position: int) -> tuple[int, int]:
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def syntax_error(exc: yaml.YAMLError, text: str, name: str, max_depth: int) -> ScenarioError:
    """A YAML syntax error as a located problem, naming the field being read when it happened."""
    where = _path_at_error(text, max_depth)
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
            what += (" (a value containing `: ` must be in quotes, e.g. `name: \"Russia: Federation\"`; "
                     "or a key is indented more than the keys beside it)")
        elif "tab" in what:
            what = "a tab character is used for indentation (indent with spaces, not tabs)"
            where = ""  # the field read before the tab is not the one at fault
        elif "expected '-' indicator" in what or "expected <block end>" in what:
            what += " (check the indentation of this line against the lines above it)"
            where = ""  # the parser names the enclosing list, which misleads
        return _syntax(name, where, f"not valid YAML: {what}", line, col)
    return _syntax(name, where, f"not valid YAML: {exc}", 1, 1)


def _syntax(name: str, where: str, message: str, line: int, column: int) -> ScenarioError:
    return ScenarioError([Problem(printable(where), printable(message), file=name, line=line, column=column)])


def _path_at_error(text: str, max_depth: int) -> str:
    """The field path the parser had reached when the YAML broke (read again, event by event)."""
    frames: list[list[Any]] = []  # [is_mapping, key or index, expecting_key]
    try:
        parser = Parser(text)
        while parser.check_event():
            _follow(frames, parser.get_event())
            if len(frames) > max_depth:
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


__all__ = ["syntax_error"]
