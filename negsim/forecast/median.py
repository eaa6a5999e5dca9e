"""The weighted median: the position a majority of the capability × salience weight can hold.

Positions are sorted in ascending order; the forecast is the first position at which the
cumulative weight reaches half of the total (Black 1948's median voter, weighted as in
Bueno de Mesquita 1994 and Thomson et al. 2006). With linear losses it is also the
position that beats every other in pairwise weighted votes, which is why the
expected-utility model uses it as its "median voter position".

Example (the EC car-emissions example of Bueno de Mesquita 1994: the weighted median is 7):
    >>> import numpy as np
    >>> x = np.array([[4, 7, 4, 4, 10, 10, 10, 7, 4, 7]], float)
    >>> w = np.array([[.08*80, .08*40, .03*20, .16*80, .16*60, .16*60, .16*90, .05*10, .05*100, .08*70]])
    >>> weighted_median(x, w).tolist()
    [7.0]
"""

from __future__ import annotations

import numpy as np

from negsim.numeric import FloatArray

HALF_TOL = 1e-12
"""Relative slack when comparing the cumulative weight with half the total (sums of floats)."""


def weighted_median(positions: FloatArray, weights: FloatArray) -> FloatArray:
    """The weighted median over the last axis; NaN where the weights sum to 0.

    Actors with weight 0 (absent ones included) never decide the median.
    """
    w = np.where(weights > 0, weights, 0.0)
    x = np.where(w > 0, positions, np.inf)
    order = np.argsort(x, axis=-1, kind="stable")
    xs = np.take_along_axis(x, order, axis=-1)
    cum = np.cumsum(np.take_along_axis(w, order, axis=-1), axis=-1)
    total = cum[..., -1:]
    reached = cum >= total / 2 * (1 - HALF_TOL)
    first = np.argmax(reached, axis=-1)[..., None]
    median = np.take_along_axis(xs, first, axis=-1)[..., 0]
    return np.where(total[..., 0] > 0, median, np.nan)


__all__ = ["weighted_median"]
