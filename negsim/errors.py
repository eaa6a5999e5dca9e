"""Errors negsim raises for problems a user can fix.

Every user-facing error derives from :class:`NegsimError`. Scenario problems are
collected into one :class:`ScenarioError` that holds every :class:`Problem` found,
each with the file, line, column and field path it concerns.

Example:
    >>> p = Problem("parties[0].no_deal", "expected a number from 0 to 1, found 1.5",
    ...             file="s.yaml", line=7, column=14)
    >>> str(p)
    's.yaml:7:14: parties[0].no_deal: expected a number from 0 to 1, found 1.5'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class NegsimError(Exception):
    """A problem the user can fix (bad input, impossible request)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a scenario, located in its file."""

    field: str
    message: str
    file: str = "<scenario>"
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column,
                "field": self.field, "message": self.message}


class ScenarioError(NegsimError):
    """All the problems found in one scenario file, reported together."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def file(self) -> str:
        return self.problems[0].file if self.problems else "<scenario>"


class DealSpaceTooLarge(NegsimError):
    """The deal space is larger than the configured limit."""
