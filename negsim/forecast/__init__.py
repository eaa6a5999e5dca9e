"""Forecasting multi-actor negotiations: compromise, weighted median, expected utility, exchange.

Spatial models of collective decisions: every actor has a position on an issue's scale, a
salience and a capability, and a model predicts where the outcome lands. Computation only
(plain dataclasses with ``to_dict()``); words are in :mod:`negsim.report.forecast`, figures
in :mod:`negsim.plot.forecast`. See docs/forecasting.md for what each model assumes.

Example (the EC car-emissions example, Bueno de Mesquita 1994):
    >>> import negsim
    >>> from negsim.forecast import forecast, scenario_data
    >>> r = forecast(scenario_data(negsim.load(negsim.bundled("ec-car-emissions-1994"))), ["compromise", "median"])
    >>> {m: round(float(v[0]), 5) for m, v in r.forecasts.items()}
    {'compromise': 7.38996, 'median': 7.0}
"""

from negsim.forecast.data import ForecastData
from negsim.forecast.eu_options import EUOptions
from negsim.forecast.from_scenario import scenario_data, scenario_eu_options
from negsim.forecast.models import MODELS, parse_models
from negsim.forecast.run import ForecastResult, forecast
from negsim.forecast.table import is_table, read_table, read_table_text

__all__ = ["MODELS", "EUOptions", "ForecastData", "ForecastResult", "forecast", "is_table", "parse_models",
           "read_table", "read_table_text", "scenario_data", "scenario_eu_options"]
