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


PRESENTERS = ("rules", "games", "dynamics", "uncertainty", "forecast")
"""The :data:`negsim.pipeline.STEPS` keys that have a presenter."""


def presenter(key: str) -> Presenter:
    """The presenter of one step's result; its module is imported only when a run has that section."""
    if key == "rules":
        from negsim.report import rules as module
    elif key == "games":
        from negsim.report import games as module  # type: ignore[no-redef]
    elif key == "dynamics":
        from negsim.report import dynamics as module  # type: ignore[no-redef]
    elif key == "uncertainty":
        from negsim.report import uncertainty as module  # type: ignore[no-redef]
    elif key == "forecast":
        from negsim.report import forecast as module  # type: ignore[no-redef]
    else:
        raise KeyError(key)
    present: Presenter = module.section
    return present


def report_sections(results: Results, figures_dir: Path | None = None) -> list[ReportSection]:
    """The sections of a run, in the order the pipeline produced them."""
    return [presenter(key)(result, figures_dir) for key, result in results.sections.items() if key in PRESENTERS]


__all__ = ["PRESENTERS", "Presenter", "ReportSection", "presenter", "report_sections"]
