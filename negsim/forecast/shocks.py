"""Monte Carlo shocks to salience and capability: how much a forecast depends on numbers nobody knows exactly.

Each sample multiplies every salience and every actor's capability by an independent
log-normal factor ``exp(sd · z)``, z standard normal (a multiplicative error, so weights
stay positive; saliences are capped at the top of their scale). All samples are stacked
into one data set of ``samples × issues`` issues, so every model runs on all of them at
once (the exchange model keeps each sample's issues in their own groups). One seed gives
the same draws: ``numpy.random.default_rng(seed)``, as everywhere in negsim. The draws are
made here rather than through :mod:`negsim.uncertainty` (whose sampler works on scenario
field paths, not on a table's cells).

Example:
    >>> from negsim.forecast.data import ForecastData
    >>> d = ForecastData.build(["a", "b"], ["p"], positions=[[0, 100]], saliences=[[50, 50]])
    >>> s = shocked(d, samples=3, seed=1, sd=0.2)
    >>> len(s.issues), s.groups[0] != s.groups[1], s.positions[:, 1].tolist()
    (3, True, [100.0, 100.0, 100.0])
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from negsim.errors import NegsimError
from negsim.forecast.data import ForecastData

MAX_CELLS = 50_000_000
"""At most samples × issues × actors cells are drawn (memory stays bounded)."""


def shocked(data: ForecastData, *, samples: int, seed: int, sd: float) -> ForecastData:
    """``samples`` shocked copies of ``data``, stacked sample by sample (issue ids keep their names)."""
    n_issues, n_actors = data.positions.shape
    if samples < 1:
        raise NegsimError("the number of samples must be at least 1")
    if samples * n_issues * n_actors > MAX_CELLS:
        raise NegsimError(f"{samples:,} samples of {n_issues:,} issues × {n_actors} actors is more than "
                          f"{MAX_CELLS:,} values; use fewer samples")
    if not 0.0 <= sd <= 5.0:
        raise NegsimError(f"the shock's standard deviation must be from 0 to 5, found {sd}")
    rng = np.random.default_rng(seed)
    salience_factor = np.exp(sd * rng.standard_normal((samples, n_issues, n_actors)))
    capability_factor = np.exp(sd * rng.standard_normal((samples, 1, n_actors)))
    top = data.salience_scale()
    saliences = np.minimum(data.saliences[None] * salience_factor, top)
    capabilities = data.capabilities[None] * capability_factor
    stack = lambda a: np.concatenate([a] * samples)  # noqa: E731
    return replace(data, issues=tuple(data.issues) * samples, positions=stack(data.positions),
                   saliences=saliences.reshape(-1, n_actors), capabilities=capabilities.reshape(-1, n_actors),
                   reference_point=stack(data.reference_point), observed=stack(data.observed),
                   groups=tuple(f"{k}:{g}" for k in range(samples) for g in data.groups),
                   issue_names=tuple(data.issue_names) * samples, labels=tuple(data.labels) * samples)


__all__ = ["MAX_CELLS", "shocked"]
