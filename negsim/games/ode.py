"""Replicator dynamics integrated in numpy: an adaptive Dormand–Prince 5(4) method in log shares.

The replicator equation ``ẋᵢ = xᵢ·(fᵢ − x·f)`` is stiff near the simplex's corners in the shares
themselves, but not in their logarithms: with ``x = softmax(w)`` it reads ``ẇᵢ = fᵢ`` (the
average fitness is the same for every ``i`` and softmax ignores a common shift). negsim
integrates ``w``: a strategy with share 0 keeps log share −∞ and share 0, as the equation says,
and a share never leaves [0, 1] nor the shares their sum of 1.

negsim does this itself rather than call nashpy (which calls scipy's ``odeint``) so that drawing a
phase portrait in ``negsim run`` needs neither; tests/test_games_learning.py checks the paths
against nashpy's to 1e-6.

Sources: Taylor & Jonker (1978), Math. Biosciences 40:145–156 (the equation); Dormand & Prince
(1980), "A family of embedded Runge–Kutta formulae", J. Comput. Appl. Math. 6(1):19–26 (the
method); Hairer, Nørsett & Wanner (1993), *Solving ODEs I*, §II.4 (step-size control).

Example (stag hunt: from 70 % stag on both sides, both populations go to stag):
    >>> import numpy as np
    >>> A = np.array([[4.0, 1.0], [3.0, 2.0]])
    >>> xs, ys = two_populations(A, A.T, [[0.7, 0.3]], [[0.7, 0.3]], np.linspace(0, 40, 5))
    >>> xs[0, -1].round(6).tolist(), ys[0, -1].round(6).tolist()
    ([1.0, 0.0], [1.0, 0.0])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from negsim.errors import NegsimError
from negsim.numeric import FloatArray

TOLERANCE = 1e-10
"""Error allowed per step in the log shares (a share moves by at most a quarter of that)."""

MAX_STEPS = 20_000
"""Steps (taken or rejected) after which integration stops with an error rather than run on."""

# Dormand–Prince 5(4): nodes, stage weights, the 5th-order solution and its 4th-order error estimate
_A = (
    (),
    (1 / 5,),
    (3 / 40, 9 / 40),
    (44 / 45, -56 / 15, 32 / 9),
    (19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729),
    (9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656),
    (35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84),
)
_ERROR = np.array([71 / 57600, 0.0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40])


def two_populations(A: ArrayLike, B: ArrayLike, x0: ArrayLike, y0: ArrayLike,
                    times: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Shares of the row (``A``) and column (``B``) populations at ``times``, one path per start.

    ``x0`` is ``(paths, rows)`` and ``y0`` ``(paths, columns)``; the result is
    ``(paths, len(times), rows)`` and ``(paths, len(times), columns)``.
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    x0, y0 = np.atleast_2d(np.asarray(x0, dtype=float)), np.atleast_2d(np.asarray(y0, dtype=float))
    n = A.shape[0]

    def fitness(z: FloatArray) -> FloatArray:
        x, y = _softmax(z[:, :n]), _softmax(z[:, n:])
        return np.concatenate([y @ A.T, x @ B], axis=1)

    z = _integrate(fitness, _log(np.concatenate([x0, y0], axis=1)), _checked_times(times))
    return _softmax(z[:, :, :n]), _softmax(z[:, :, n:])


def one_population(A: ArrayLike, x0: ArrayLike, times: ArrayLike) -> FloatArray:
    """Shares of one population playing ``A`` against itself at ``times``: ``(paths, len(times), strategies)``.

    >>> one_population([[0.0, 3.0], [1.0, 2.0]], [[0.1, 0.9]], [0.0, 30.0])[0, -1].round(6).tolist()
    [0.5, 0.5]
    """
    A = np.asarray(A, dtype=float)

    def fitness(w: FloatArray) -> FloatArray:
        return _softmax(w) @ A.T

    return _softmax(_integrate(fitness, _log(np.atleast_2d(np.asarray(x0, dtype=float))), _checked_times(times)))


def _integrate(rhs: Callable[[FloatArray], FloatArray], z0: FloatArray, times: FloatArray) -> FloatArray:
    """``z`` at ``times`` from ``z(times[0]) = z0`` under ``ż = rhs(z)``: ``(paths, len(times), dims)``."""
    live = np.isfinite(z0)  # log shares of −∞ stay −∞ (their derivative is finite)
    out = np.empty((z0.shape[0], len(times), z0.shape[1]))
    out[:, 0] = z = z0
    k1 = rhs(z)
    h, steps = _first_step(k1, times), 0
    for i in range(1, len(times)):
        t, end = times[i - 1], times[i]
        while t < end:
            steps += 1
            if steps > MAX_STEPS:
                raise NegsimError(f"replicator dynamics: the shares change too fast to follow up to time {end:g} "
                                  f"({MAX_STEPS:,} steps); ask for a shorter time span or scale the payoffs down")
            last = h >= end - t
            step = end - t if last else h
            z_new, k_last, error = _step(rhs, z, k1, step, live)
            if error <= 1.0:
                t = end if last else t + step
                z, k1 = z_new, k_last
            h = step * min(5.0, max(0.2, 0.9 * max(error, 1e-10) ** -0.2))
        out[:, i] = z
    return out


def _step(rhs: Callable[[FloatArray], FloatArray], z: FloatArray, k1: FloatArray, h: float,
          live: np.ndarray) -> tuple[FloatArray, FloatArray, float]:
    """One Dormand–Prince step: the new state, its derivative (the next step's first stage), the scaled error."""
    ks = [k1]
    for row in _A[1:-1]:
        ks.append(rhs(z + h * sum(a * k for a, k in zip(row, ks, strict=False) if a)))
    z_new = z + h * sum(a * k for a, k in zip(_A[-1], ks, strict=False) if a)
    ks.append(rhs(z_new))
    error = h * sum(e * k for e, k in zip(_ERROR, ks, strict=True) if e)
    return z_new, ks[-1], float(np.max(np.abs(error[live]), initial=0.0)) / TOLERANCE


def _first_step(k1: FloatArray, times: FloatArray) -> float:
    """A first step that moves the log shares by about 0.01 (Hairer et al. II.4 use the same idea)."""
    speed = float(np.max(np.abs(k1[np.isfinite(k1)]), initial=0.0))
    span = float(times[-1] - times[0]) if len(times) > 1 else 1.0
    return min(span if span > 0 else 1.0, 0.01 / speed if speed > 0 else span or 1.0)


def _log(shares: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore"):
        return np.log(shares)


def _softmax(w: FloatArray) -> FloatArray:
    e = np.exp(w - w.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _checked_times(times: ArrayLike) -> FloatArray:
    t = np.asarray(times, dtype=float)
    if t.ndim != 1 or len(t) == 0 or not np.all(np.isfinite(t)) or np.any(np.diff(t) < 0):
        raise NegsimError("time points must be a non-empty list of finite numbers in increasing order")
    return t


__all__ = ["MAX_STEPS", "TOLERANCE", "one_population", "two_populations"]
