"""The capabilities that add a section to ``negsim run`` (games, dynamics, uncertainty).

Each provider is a function ``section(scenario, figures_dir) -> ReportSection | None``
in its capability's ``report`` module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path

from negsim.scenario.models import Scenario
from negsim.section import ReportSection

PROVIDERS = ["negsim.games.report", "negsim.dynamics.report", "negsim.uncertainty.report"]

Provider = Callable[..., ReportSection | None]


def providers() -> list[Provider]:
    """The section functions of the capabilities that are installed."""
    out = []
    for name in PROVIDERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        out.append(module.section)
    return out


def collect_sections(scenario: Scenario, figures_dir: Path,
                     agendas: Sequence[str | None] | None = None) -> list[ReportSection]:
    """Every section the scenario calls for, in provider order, over ``agendas`` (default: all)."""
    sections = []
    for provider in providers():
        section = provider(scenario, figures_dir, agendas)
        if section is not None:
            sections.append(section)
    return sections
