"""How plain YAML scalars are read: the YAML 1.2 core schema, on top of PyYAML.

PyYAML implements YAML 1.1, whose implicit typing surprises people: ``yes``/``no``/``on``/
``off`` are booleans, ``1:00`` is the number 60 (base 60), ``0.3_0`` is 0.3, ``012`` is 10
(octal) and ``2021-12-17`` is a date. negsim's files are read with the YAML 1.2 *core
schema* instead (YAML 1.2.2, section 10.3, https://yaml.org/spec/1.2.2/#103-core-schema),
which is also what editors using the JSON Schema assume:

* booleans: ``true``/``false`` (also ``True``, ``TRUE``, ``False``, ``FALSE``), nothing else;
* null: ``null``, ``Null``, ``NULL``, ``~`` or nothing;
* integers: ``[-+]?[0-9]+`` (decimal, leading zeros allowed), ``0o[0-7]+``, ``0x[0-9a-fA-F]+``;
* floats: ``[-+]?(.[0-9]+|[0-9]+(.[0-9]*)?)([eE][-+]?[0-9]+)?``, ``.inf``, ``-.inf``, ``.nan``;
* everything else is text: ``1:00``, ``1_000``, ``0b101``, ``2021-12-17``, ``yes``.

Also: a negative zero is read as zero (``-0.0`` would otherwise be printed as ``-0`` in
results), and the merge key ``<<`` keeps working (YAML 1.1's, widely used with anchors).

Example:
    >>> [scalar(t) for t in ("0x1F", "0o17", "012", "1e3", "-0.0", ".5", "1:00", "0.3_0", "yes", "2021-12-17")]
    [31, 15, 12, 1000.0, 0.0, 0.5, '1:00', '0.3_0', 'yes', '2021-12-17']
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

STD = "tag:yaml.org,2002:"

INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                   r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
MERGE = re.compile(r"^(?:<<)$")

YAML11_NUMBER = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|0b[01_]+|[0-9][0-9_]*_[0-9_]*"
                           r"(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[0-9]*\.[0-9_]*_[0-9_]*(?:[eE][-+]?[0-9]+)?)$")
"""Numbers of YAML 1.1 that are text in YAML 1.2 (``1:00``, ``1_000``, ``0.3_0``, ``0b101``), for hints."""


class Resolver(yaml.resolver.BaseResolver):
    """Implicit tags of the YAML 1.2 core schema (plus the merge key)."""


for _tag, _rx, _first in (
    ("bool", BOOL, "tTfF"),
    ("int", INT, "-+0123456789"),  # before float: "1" matches both, and is an integer
    ("float", FLOAT, "-+0123456789."),
    ("null", NULL, ["~", "n", "N", ""]),
    ("merge", MERGE, "<"),
):
    Resolver.add_implicit_resolver(STD + _tag, _rx, list(_first))


def construct_int(constructor: Any, node: yaml.ScalarNode) -> int:
    """A core-schema integer (decimal, ``0o`` octal, ``0x`` hexadecimal); anything else is an error."""
    text = str(constructor.construct_scalar(node))
    if not INT.match(text):
        raise yaml.constructor.ConstructorError(None, None, f"`{text[:40]}` is not a YAML 1.2 integer",
                                                node.start_mark)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def construct_float(constructor: Any, node: yaml.ScalarNode) -> float:
    """A core-schema float; ``-0.0`` is read as ``0.0``."""
    text = str(constructor.construct_scalar(node))
    if not FLOAT.match(text):
        raise yaml.constructor.ConstructorError(None, None, f"`{text[:40]}` is not a YAML 1.2 number",
                                                node.start_mark)
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    return float(text) + 0.0  # adding 0.0 turns -0.0 into 0.0


def construct_bool(constructor: Any, node: yaml.ScalarNode) -> bool:
    """``true`` or ``false`` (any case of the first letter, or all capitals); ``!!bool yes`` is an error."""
    text = str(constructor.construct_scalar(node))
    if not BOOL.match(text):
        raise yaml.constructor.ConstructorError(None, None, f"`{text[:40]}` is not true or false", node.start_mark)
    return text.lower() == "true"


class Constructor(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructor with the core schema's integers, floats and booleans."""


Constructor.add_constructor(STD + "int", construct_int)
Constructor.add_constructor(STD + "float", construct_float)
Constructor.add_constructor(STD + "bool", construct_bool)


Parser: Any = getattr(yaml.cyaml, "CParser", None) if yaml.__with_libyaml__ else None
if Parser is None:  # pragma: no cover - PyYAML without libyaml

    class PurePythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)

    Parser = PurePythonParser


class Composer(Parser, Constructor, Resolver):
    """Composes nodes only; scalars are constructed with the YAML 1.2 core-schema constructor."""

    def __init__(self, stream: str) -> None:
        Parser.__init__(self, stream)
        Constructor.__init__(self)
        Resolver.__init__(self)


def scalar(text: str) -> Any:
    """The value of one plain scalar as negsim reads it (for examples and tests)."""
    node = yaml.ScalarNode(Resolver().resolve(yaml.ScalarNode, text, (True, False)), text)
    return Constructor().construct_object(node)


__all__ = ["STD", "YAML11_NUMBER", "Composer", "Constructor", "Parser", "Resolver", "scalar"]
