"""The four forecasting models under one call: each returns one forecast per issue.

Example:
    >>> from negsim.forecast.data import ForecastData
    >>> d = ForecastData.build(["a", "b", "c"], ["p"], positions=[[0, 100, 100]], saliences=[[1, 1, 1]])
    >>> {m: round(float(v[0]), 4) for m, v in run_models(d, MODELS, rounds=5)[0].items()}
    {'compromise': 66.6667, 'median': 100.0, 'expected_utility': 100.0, 'exchange': 66.6667}
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negsim.errors import NegsimError
from negsim.forecast.compromise import compromise
from negsim.forecast.data import ForecastData
from negsim.forecast.eu_options import EUOptions
from negsim.forecast.exchange import ExchangeResult, exchange
from negsim.forecast.expected_utility import EUResult, expected_utility
from negsim.forecast.median import weighted_median
from negsim.numeric import FloatArray
from negsim.wording import suggest

MODELS = ("compromise", "median", "expected_utility", "exchange")
"""The models, in the order reports list them."""


def parse_models(text: str | Sequence[str]) -> tuple[str, ...]:
    """``"compromise,median"`` → ``("compromise", "median")``; an unknown name is a NegsimError.

    >>> parse_models("median, compromise")
    ('compromise', 'median')
    """
    names = [t.strip() for t in (text.split(",") if isinstance(text, str) else text) if t.strip()]
    for name in names:
        if name not in MODELS:
            raise NegsimError(f"no forecasting model `{name}`{suggest(name, MODELS)} (models: {', '.join(MODELS)})")
    if not names:
        raise NegsimError(f"name at least one model (models: {', '.join(MODELS)})")
    return tuple(m for m in MODELS if m in names)


def run_models(data: ForecastData, models: Sequence[str], *, rounds: int = 10, eu_options: EUOptions | None = None,
               ) -> tuple[dict[str, FloatArray], EUResult | None, ExchangeResult | None]:
    """Each model's forecast per issue, with the expected-utility and exchange models' full results."""
    x, w = np.nan_to_num(data.positions), data.weights()
    out: dict[str, FloatArray] = {}
    eu = ex = None
    for model in models:
        if model == "compromise":
            out[model] = compromise(x, w)
        elif model == "median":
            out[model] = weighted_median(x, w)
        elif model == "expected_utility":
            eu = expected_utility(data, rounds=rounds, options=eu_options)
            out[model] = eu.forecast
        elif model == "exchange":
            ex = exchange(data, rounds=rounds)
            out[model] = ex.forecast
    return out, eu, ex


__all__ = ["MODELS", "parse_models", "run_models"]
