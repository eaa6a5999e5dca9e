"""A piece of the ``negsim run`` report contributed by one capability (games, dynamics, …).

Each capability turns its results into a :class:`ReportSection`; the report writer
puts ``data`` under ``key`` in result.json, ``markdown`` into report.md and prints
``tables`` in the terminal. Figures are written by the capability into the figures
folder it is given, and referenced from the markdown as ``figures/NAME.png``.

Example:
    >>> s = ReportSection("demo", "Demo", {"x": 1}, "Some *text*.")
    >>> s.to_dict()
    {'x': 1}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import RenderableType


@dataclass
class ReportSection:
    """Results of one capability, ready for JSON, Markdown and the terminal."""

    key: str
    title: str
    data: dict[str, Any]
    markdown: str
    tables: list[RenderableType] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return self.data


def collect_sections(scenario: Any, figures_dir: Path,
                     agendas: Sequence[str | None] | None = None) -> list[ReportSection]:
    """Every section the scenario calls for (games, dynamics, uncertainty), over ``agendas`` (default: all)."""
    from negsim.report import dynamics, games, rules, uncertainty

    sections = []
    for provider in (rules.section, games.section, dynamics.section, uncertainty.section):
        section = provider(scenario, figures_dir, agendas)
        if section is not None:
            sections.append(section)
    return sections
