"""The compromise model: the mean of the positions weighted by capability × salience.

In the EU-decision literature this is the "compromise model" (Achen 2006, in Thomson et
al., *The European Union Decides*, ch. 4; van den Bos 1991), the Nash bargaining
solution of actors with quadratic losses: the outcome every actor pulls towards its
position with a force of capability × salience. The Decide package (Stokman's exchange
model) calls the same mean the NBS and starts from it.

Example (the EC car-emissions example of Bueno de Mesquita 1994, the mean is 7.38996):
    >>> import numpy as np
    >>> x = np.array([[4, 7, 4, 4, 10, 10, 10, 7, 4, 7]], float)
    >>> w = np.array([[.08*80, .08*40, .03*20, .16*80, .16*60, .16*60, .16*90, .05*10, .05*100, .08*70]])
    >>> round(float(compromise(x, w)[0]), 5)
    7.38996
"""

from __future__ import annotations

import numpy as np

from negsim.numeric import FloatArray


def compromise(positions: FloatArray, weights: FloatArray) -> FloatArray:
    """Σ w·x / Σ w over the last axis; NaN where the weights sum to 0 (absent actors have weight 0)."""
    x = np.where(weights > 0, positions, 0.0)
    total = weights.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (weights * x).sum(axis=-1) / total
    return np.where(total > 0, mean, np.nan)


__all__ = ["compromise"]
