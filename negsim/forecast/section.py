"""The forecasts of ``negsim run``: the scenario's ``forecast:`` section next to the bargaining solutions.

The pipeline step: the spatial models on the scenario's forecast data, and where each
bargaining solution of the first analysed space lands on each issue's scale (categorical
issues read as ordered scales, 0 = the first option).

Example:
    >>> import negsim
    >>> s = negsim.load(negsim.bundled("ec-car-emissions-1994"))
    >>> r = negsim.run(s, steps=["forecast"])
    >>> round(float(r.sections["forecast"].result.forecasts["compromise"][0]), 5)
    7.38996
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from negsim.engine.result import Analysis
from negsim.forecast.from_scenario import scenario_data, scenario_eu_options
from negsim.forecast.run import ForecastResult, forecast
from negsim.scenario.models import Scenario

Positions = dict[str, dict[str, dict[str, Any]]]
"""Per issue, per solution: the option picked and its place on the issue's scale."""


@dataclass
class ForecastSection:
    """The forecasts and the solutions' positions, for one analysed space (``agenda``)."""

    result: ForecastResult
    agenda: str | None
    solutions: Positions

    def to_dict(self) -> dict[str, Any]:
        return {**self.result.to_dict(), "agenda": self.agenda or "full_package", "solutions": self.solutions}


def forecast_section(scenario: Scenario, analysis: Analysis) -> ForecastSection | None:
    """The forecasts of ``scenario`` beside ``analysis``'s solutions (None without a ``forecast:`` section)."""
    if scenario.forecast is None:
        return None
    result = forecast(scenario_data(scenario), scenario.forecast.models, rounds=scenario.forecast.rounds,
                      eu_options=scenario_eu_options(scenario))
    return ForecastSection(result, analysis.agenda, solution_positions(scenario, analysis))


def solution_positions(scenario: Scenario, analysis: Analysis) -> Positions:
    """Per issue, each bargaining solution's option and its place on the forecast's scale."""
    out: Positions = {}
    for issue in scenario.issues:
        row: dict[str, dict[str, Any]] = {}
        for name, sol in analysis.solutions.items():
            option = (sol.deal or {}).get(issue.id)
            if option is None:
                row[name] = {"option": None, "position": None}
                continue
            x = float(option) if issue.range is not None else float((issue.options or []).index(option))
            row[name] = {"option": option, "position": x}
        out[issue.id] = row
    return out


__all__ = ["ForecastSection", "forecast_section", "solution_positions"]
