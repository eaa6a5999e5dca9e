"""The standard normal distribution's CDF and quantile function, vectorised with numpy (no scipy import).

The quantile function is Wichura's algorithm AS 241 (PPND16): rational approximations on
three ranges of p, accurate to about 1e−16 relative; the CDF of a single bound uses the
complementary error function of the standard library, which keeps its precision deep in
the lower tail. Monte Carlo runs draw truncated normals by inverting the CDF with these.

Source: Wichura, M. J. (1988), "Algorithm AS 241: The percentage points of the normal
distribution", Applied Statistics 37(3):477–484 (the coefficients below are the published ones).

Example:
    >>> round(float(ppf(np.array([0.975]))[0]), 6), round(cdf(1.959963984540054), 6)
    (1.959964, 0.975)
"""

from __future__ import annotations

import math

import numpy as np

from negsim.numeric import FloatArray

_CENTRAL_NUM = (2.5090809287301226727e3, 3.3430575583588128105e4, 6.7265770927008700853e4,
                4.5921953931549871457e4, 1.3731693765509461125e4, 1.9715909503065514427e3,
                1.3314166789178437745e2, 3.3871328727963666080e0)
_CENTRAL_DEN = (5.2264952788528545610e3, 2.8729085735721942674e4, 3.9307895800092710610e4,
                2.1213794301586595867e4, 5.3941960214247511077e3, 6.8718700749205790830e2,
                4.2313330701600911252e1, 1.0)
_NEAR_NUM = (7.7454501427834140764e-4, 2.2723844989269184583e-2, 2.4178072517745061177e-1,
             1.2704582524523683826e0, 3.6478483247632046050e0, 5.7694972214606914055e0,
             4.6303378461565452959e0, 1.4234371107496835773e0)
_NEAR_DEN = (1.0507500716444168432e-9, 5.4759380849953449460e-4, 1.5198666563616457197e-2,
             1.4810397642748007459e-1, 6.8976733498510000455e-1, 1.6763848301838038494e0,
             2.0531916266377588219e0, 1.0)
_FAR_NUM = (2.0103343992922881327e-7, 2.7115555687434875782e-5, 1.2426609473880784386e-3,
            2.6532189526576123093e-2, 2.9656057182850489123e-1, 1.7848265399172913358e0,
            5.4637849111641143699e0, 6.6579046435011037772e0)
_FAR_DEN = (2.0442631033899397856e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5,
            7.8686913114561329059e-4, 1.4875361290850614852e-2, 1.3692988092273580531e-1,
            5.9983220655588793769e-1, 1.0)


def _horner(coefficients: tuple[float, ...], x: FloatArray) -> FloatArray:
    out = np.full_like(x, coefficients[0])
    for c in coefficients[1:]:
        out = out * x + c
    return out


def ppf(p: FloatArray) -> FloatArray:
    """The standard normal quantile of each probability in (0, 1) (AS 241)."""
    p = np.asarray(p, dtype=float)
    q = p - 0.5
    out = np.empty_like(p)
    central = np.abs(q) <= 0.425
    r = 0.180625 - q[central] ** 2
    out[central] = q[central] * _horner(_CENTRAL_NUM, r) / _horner(_CENTRAL_DEN, r)
    tail = ~central
    with np.errstate(divide="ignore"):
        r = np.sqrt(-np.log(np.where(q[tail] < 0, p[tail], 1.0 - p[tail])))
    near = r <= 5.0
    x = np.empty_like(r)
    x[near] = _horner(_NEAR_NUM, r[near] - 1.6) / _horner(_NEAR_DEN, r[near] - 1.6)
    x[~near] = _horner(_FAR_NUM, r[~near] - 5.0) / _horner(_FAR_DEN, r[~near] - 5.0)
    out[tail] = np.where(q[tail] < 0, -x, x)
    return out


def cdf(x: float) -> float:
    """The standard normal CDF at ``x`` (precise in the lower tail)."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


__all__ = ["cdf", "ppf"]
