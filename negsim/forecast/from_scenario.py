"""A scenario's ``forecast:`` section as :class:`~negsim.forecast.data.ForecastData`.

The defaults (demands as positions, weights as saliences, ``power`` as capability) are
resolved by :mod:`negsim.scenario.forecast`; this module only lays them out as arrays.
All issues of a scenario form one group: the exchange model may trade across any two.

Example:
    >>> import negsim
    >>> d = scenario_data(negsim.load(negsim.bundled("ec-car-emissions-1994")))
    >>> d.issues, len(d.actors), d.capability_source
    (('years',), 10, 'scenario')
"""

from __future__ import annotations

import numpy as np

from negsim.errors import NegsimError
from negsim.forecast.data import ForecastData
from negsim.forecast.eu_options import EUOptions
from negsim.scenario.forecast import actor_ids, actor_names, forecast_issues
from negsim.scenario.models import Scenario


def scenario_data(s: Scenario) -> ForecastData:
    """The forecast data of a scenario with a ``forecast:`` section."""
    if s.forecast is None:
        raise NegsimError(f"{s.title or 'this scenario'} has no `forecast:` section; add one "
                          "(docs/scenario-format.md, Forecast) or give a table file")
    actors = actor_ids(s)
    issues = forecast_issues(s)
    shape = (len(issues), len(actors))
    x, sal, cap = np.full(shape, np.nan), np.full(shape, np.nan), np.ones(shape)
    for k, issue in enumerate(issues):
        for j, a in enumerate(actors):
            if a in issue.positions:
                x[k, j], sal[k, j], cap[k, j] = issue.positions[a], issue.saliences[a], issue.capabilities[a]
    none = np.nan
    return ForecastData.build(
        actors, [i.id for i in issues], positions=x, saliences=sal, capabilities=cap,
        reference_point=[none if i.reference_point is None else i.reference_point for i in issues],
        observed=[none if i.observed is None else i.observed for i in issues],
        groups=["scenario"] * len(issues), actor_names=tuple(actor_names(s)),
        issue_names=tuple(i.name for i in issues), labels=tuple(i.labels for i in issues),
        source=s.title, capability_source="scenario")


def scenario_eu_options(s: Scenario) -> EUOptions:
    """The expected-utility switches the scenario sets (the defaults where it sets none)."""
    if s.forecast is None:
        return EUOptions()
    return EUOptions(**s.forecast.expected_utility.model_dump()).check()


__all__ = ["scenario_data", "scenario_eu_options"]
