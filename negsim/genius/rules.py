"""GENIUS's rules for the utility of a value: discrete evaluations scaled, numeric evaluators clipped.

Source: the GENIUS code, genius.core.utility.EvaluatorDiscrete, EvaluatorInteger and
EvaluatorReal (REFERENCES case 11).

Example:
    >>> scaled_evaluations(GeniusEvaluator("discrete", {"red": 4.0, "blue": 8.0}))
    {'red': 0.5, 'blue': 1.0}
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negsim.genius.reader import GeniusEvaluator


def scaled_evaluations(evaluator: GeniusEvaluator) -> dict[str, float]:
    """GENIUS's utility of each discrete value: evaluation / the largest one, when that is above 1.

    Source: genius.core.utility.EvaluatorDiscrete ("one or more utilities in the map are
    > 1.0: the evaluation is divided by the highest evaluation; all ≤ 1.0: used as is"),
    REFERENCES case 11. (GENIUS's 2014 code also rounds evaluations to whole numbers
    first; later code divides even when the largest is below 1. The rules agree on
    whole-number evaluations and on evaluations ≤ 1 whose largest is 1.)

    >>> scaled_evaluations(GeniusEvaluator("discrete", {"a": 3.0, "b": 6.0}))
    {'a': 0.5, 'b': 1.0}
    >>> scaled_evaluations(GeniusEvaluator("discrete", {"a": 0.2, "b": 0.8}))
    {'a': 0.2, 'b': 0.8}
    """
    divisor = evaluation_divisor(evaluator)
    return {k: v / divisor for k, v in evaluator.evaluations.items()}


def evaluation_divisor(evaluator: GeniusEvaluator) -> float:
    """The number GENIUS divides a discrete issue's evaluations by (1 when none is above 1)."""
    top = max(evaluator.evaluations.values())
    return top if top > 1.0 else 1.0


def numeric_utility(evaluator: GeniusEvaluator, x: NDArray[np.float64]) -> NDArray[np.float64]:
    """GENIUS's utility of integer/real values ``x``, clipped to [0, 1].

    Integer: ``offset + slope·(x − lower)`` (EvaluatorInteger); real linear:
    ``parameter0 + parameter1·x`` (EvaluatorReal, EVALFUNCTYPE.evalLinear); real constant:
    ``parameter0``.

    >>> ev = GeniusEvaluator("integer", ftype="linear", slope=0.1, offset=0.2, lower=1, upper=11)
    >>> numeric_utility(ev, np.array([1.0, 6.0, 11.0])).tolist()
    [0.2, 0.7, 1.0]
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(over="ignore"):  # a huge slope overflows to ±inf, which the clip turns into 0 or 1
        if evaluator.kind == "integer":
            lower = 0.0 if evaluator.lower is None else evaluator.lower
            return np.clip(evaluator.offset + evaluator.slope * (x - lower), 0.0, 1.0)
        if evaluator.ftype == "constant":
            return np.full_like(x, evaluator.parameter0)
        return np.clip(evaluator.parameter0 + evaluator.parameter1 * x, 0.0, 1.0)


__all__ = ["evaluation_divisor", "numeric_utility", "scaled_evaluations"]
