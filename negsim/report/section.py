"""A piece of the ``negsim run`` report contributed by one capability (games, dynamics, …), and the list of them.

A capability's result (computed by :func:`negsim.pipeline.run`) becomes a
:class:`ReportSection`: Markdown for report.md, rich tables for the terminal, and the
figures it drew (only when a figures folder is given). The numbers themselves go to
result.json through :meth:`negsim.pipeline.Results.to_dict`, not through here.

Example:
    >>> s = ReportSection("demo", "Demo", "Some *text*.")
    >>> s.title, s.figures
    ('Demo', [])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType

if TYPE_CHECKING:
    from negsim.pipeline import Results


@dataclass
class ReportSection:
    """One capability's part of the report: Markdown, terminal tables, the figures drawn."""

    key: str
    title: str
    markdown: str
    tables: list[RenderableType] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)


Presenter = Callable[[Any, Path | None], ReportSection]
"""``present(result, figures_dir)``: the section of a capability's result (figures only when a folder is given)."""


def presenters() -> dict[str, Presenter]:
    """The presenter of each :data:`negsim.pipeline.STEPS` key (imported when a report is made)."""
    from negsim.report import dynamics, forecast, games, rules, uncertainty

    return {"rules": rules.section, "games": games.section, "dynamics": dynamics.section,
            "uncertainty": uncertainty.section, "forecast": forecast.section}


def report_sections(results: Results, figures_dir: Path | None = None) -> list[ReportSection]:
    """The sections of a run, in the order the pipeline produced them."""
    table = presenters()
    return [table[key](result, figures_dir) for key, result in results.sections.items() if key in table]


__all__ = ["Presenter", "ReportSection", "presenters", "report_sections"]
