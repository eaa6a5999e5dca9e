"""How close forecasts come to what happened: the mean absolute error over issues with an observed outcome.

Example:
    >>> import numpy as np
    >>> s = mae(np.array([40.0, 50.0, np.nan]), np.array([50.0, np.nan, 0.0]))
    >>> s.mae, s.n, s.to_dict()
    (10.0, 1, {'mae': 10.0, 'n': 1})
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negsim.numeric import FloatArray


@dataclass(frozen=True)
class Score:
    """Mean absolute error over ``n`` issues (None when no issue has both a forecast and an outcome)."""

    mae: float | None
    n: int

    def to_dict(self) -> dict[str, float | int | None]:
        return {"mae": None if self.mae is None else round(self.mae, 9), "n": self.n}


def mae(forecast: FloatArray, observed: FloatArray) -> Score:
    """Mean of |forecast − observed| over the issues where both are known."""
    both = ~np.isnan(forecast) & ~np.isnan(observed)
    n = int(both.sum())
    if n == 0:
        return Score(None, 0)
    return Score(float(np.abs(forecast[both] - observed[both]).mean()), n)


__all__ = ["Score", "mae"]
