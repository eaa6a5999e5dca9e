"""Numbers quoted in prose, locked to the code that computes them.

A notebook's hidden check cell (tag ``check``) calls :func:`says` for each number its
markdown quotes: ``says(a.zopa_size, "21")`` fails when negsim computes something else,
and the test suite fails when the markdown quotes a number no check cell vouches for
(:func:`quoted_numbers` finds them). Pages of Markdown (``notebooks/solutions.md``,
``docs/concepts.md``) vouch for their numbers with doctest blocks instead: the number must
appear in a block's expected output.

A quoted number is compared at the precision it is written with: ``"0.5263"`` is right
for any value that rounds to it, ``"17%"`` for any share that rounds to 17 %, ``"1/2"``
exactly, ``"12"`` for 12 (or 11.6, since an integer in prose is a rounded number too).

Example:
    >>> says(0.526315, "0.5263")
    >>> says(0.1666, "17%")
    >>> says(0.5, "1/2")
    >>> says(0.52, "0.5263")
    Traceback (most recent call last):
    ...
    AssertionError: the text says 0.5263, negsim computes 0.52
    >>> quoted_numbers("δ = 0.9 gives 0.5263 (Rubinstein 1982, §3.2) and 17 % more; 12 goods")
    ['0.9', '0.5263', '17%']
    >>> quoted_numbers("a share of 37.5% is a percentage, not 37.5")
    ['37.5%', '37.5']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

NUMBER = re.compile(r"(?<![\w.§/−-])(\d+(?:\.\d+)?\s?%|\d+\.\d+)(?![\w.]*\d)")
"""Decimals and percentages in running text (not section numbers such as §3.2, nor parts of ids)."""


def says(value: Any, text: str) -> None:
    """Assert that ``value`` is what the prose ``text`` says, at the precision the prose uses."""
    if not _matches(value, text.strip()):
        raise AssertionError(f"the text says {text}, negsim computes {value!r}")


def cited(*texts: str, source: str) -> None:
    """Vouch for numbers the prose quotes from the literature (not computed): they must name a ``source``.

    >>> cited("50%", source="Camerer (2003), Behavioral Game Theory, ch. 2")
    """
    if not source.strip() or not texts:
        raise AssertionError("a cited number needs the number and its source")


def _matches(value: Any, text: str) -> bool:
    if text.endswith("%"):
        return _rounds_to(float(value) * 100, text[:-1].strip())
    if "/" in text:
        return Fraction(str(value)).limit_denominator(10_000) == Fraction(text)
    if isinstance(value, str):
        return value == text
    return _rounds_to(float(value), text)


def _rounds_to(value: float, text: str) -> bool:
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(value - float(text)) <= 0.5 * 10.0 ** -decimals + 1e-9


def quoted_numbers(text: str) -> list[str]:
    """The decimals and percentages of a markdown text, outside code spans and formulas' exponents."""
    text = re.sub(r"`[^`]*`", " ", text)  # code spans are code, not quotes
    text = re.sub(r"§\s*[\d.]+\w*", " ", text)  # section numbers
    return [m.replace(" ", "") for m in NUMBER.findall(text)]


def unvouched(markdown: Iterable[str], vouched: Iterable[str]) -> list[str]:
    """The numbers quoted in ``markdown`` that no check vouches for (compared as written)."""
    ok = {v.replace(" ", "") for v in vouched}
    return sorted({n for text in markdown for n in quoted_numbers(text) if n not in ok})


__all__ = ["NUMBER", "cited", "quoted_numbers", "says", "unvouched"]
