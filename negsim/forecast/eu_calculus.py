"""One round's arithmetic of the expected-utility model, for many issues and every actor pair at once.

Arrays have a leading batch axis ``b`` (issues), then actors. Positions ``x`` are scaled
by the issue's position range ``dx`` so distances lie in [0, 1]. The formulas follow
Scholz, Calbert and Smith (2011, sections 2–5), after Bueno de Mesquita (1994):

* votes: actor k's vote for i over j, ``v_k(i, j) = c_k s_k (|x_k − x_j| − |x_k − x_i|) / dx``;
* probability that i beats j: the positive votes for i over the votes cast
  (:class:`~negsim.forecast.eu_options.EUOptions` ``denominator`` says which votes);
* utilities of i with risk exponent r: success ``Us = 2 − 4(½ − ½d)^r``, failure
  ``Uf = 2 − 4(½ + ½d)^r``, status quo ``Usq = 2 − 4·½^r``, best and worst cases
  ``Ub, Uw = 2 − 4(½ ∓ ¼(d_iμ + d))^r``, with d = |x_i − x_j| / dx;
* expected utility of i challenging j:
  ``s_j(P Us + (1 − P) Uf) + (1 − s_j) Us − [Q Usq + (1 − Q)(T Ub + (1 − T) Uw)]``;
* risk: with r = 1, actor i's danger is Σ_j EU_j(challenge i); R_i = (2 danger_i − max − min)
  / (max − min) over the actors on the issue, and r_i = (1 − R_i/3) / (1 + R_i/3) ∈ [½, 2].

Example (two actors at the ends of the scale, equal in everything: neither can win, so
neither gains by challenging):
    >>> import numpy as np
    >>> x = np.array([[0.0, 1.0]]); w = np.array([[1.0, 1.0]]); m = np.ones((1, 2), bool)
    >>> p = win_probabilities(x, w, m, "pair")
    >>> p.tolist()
    [[[0.0, 0.5], [0.5, 0.0]]]
"""

from __future__ import annotations

import numpy as np

from negsim.numeric import BoolArray, FloatArray


def pair_mask(present: BoolArray) -> BoolArray:
    """(b, i, j): both actors are on the issue and i ≠ j."""
    n = present.shape[-1]
    return present[:, :, None] & present[:, None, :] & ~np.eye(n, dtype=bool)[None]


def distances(x: FloatArray) -> FloatArray:
    """(b, i, j): |x_i − x_j| (positions already divided by the range)."""
    return np.abs(x[:, :, None] - x[:, None, :])


def votes(x: FloatArray, weights: FloatArray) -> FloatArray:
    """(b, k, i, j): actor k's vote for i over j, c_k s_k (|x_k − x_j| − |x_k − x_i|)."""
    d = distances(x)  # d[b, k, i] = |x_k − x_i|
    return weights[:, :, None, None] * (d[:, :, None, :] - d[:, :, :, None])


def win_probabilities(x: FloatArray, weights: FloatArray, present: BoolArray, denominator: str) -> FloatArray:
    """(b, i, j): the probability that i beats j (0 for identical positions and absent actors)."""
    v = votes(x, weights)
    for_i = np.maximum(v, 0.0).sum(axis=1)
    if denominator == "pair":
        cast = np.abs(v).sum(axis=1)
    else:
        cast = np.broadcast_to(np.abs(v).sum(axis=(1, 2, 3))[:, None, None], for_i.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(cast > 0, for_i / cast, 0.0)
    return np.where(pair_mask(present) & (distances(x) > 0), p, 0.0)


def expected_utilities(x: FloatArray, salience: FloatArray, p: FloatArray, risk: FloatArray, mu: FloatArray, *,
                       status_quo: float, improvement: float) -> FloatArray:
    """(b, i, j): i's expected utility of challenging j, priced with ``risk`` of shape (b, i, j) or broadcastable.

    ``salience`` is in [0, 1] (j's probability of resisting); ``mu`` (b,) the anchor position.
    """
    d = distances(x)
    d_mu = np.abs(x - mu[:, None])[:, :, None]
    us = 2 - 4 * (0.5 - 0.5 * d) ** risk
    uf = 2 - 4 * (0.5 + 0.5 * d) ** risk
    usq = 2 - 4 * 0.5 ** risk
    s_j = salience[:, None, :]
    eu = s_j * (p * us + (1 - p) * uf) + (1 - s_j) * us
    if status_quo < 1.0:
        ub = 2 - 4 * np.clip(0.5 - 0.25 * (d_mu + d), 0.0, None) ** risk
        uw = 2 - 4 * (0.5 + 0.25 * (d_mu + d)) ** risk
        return eu - (status_quo * usq + (1 - status_quo) * (improvement * ub + (1 - improvement) * uw))
    return eu - usq


def risk_exponents(eu_plain: FloatArray, present: BoolArray) -> FloatArray:
    """(b, i): r_i from the dangers Σ_j EU_j(challenge i) computed with r = 1 (1 where all dangers are equal)."""
    pairs = pair_mask(present)
    danger = np.where(pairs, eu_plain, 0.0).sum(axis=1)  # column i: every j's EU of challenging i
    hi = np.where(present, danger, -np.inf).max(axis=1, keepdims=True)
    lo = np.where(present, danger, np.inf).min(axis=1, keepdims=True)
    spread = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        big_r = np.where(spread > 1e-12, (2 * danger - hi - lo) / spread, 0.0)
    r = (1 - big_r / 3) / (1 + big_r / 3)
    return np.where(present, r, 1.0)


__all__ = ["distances", "expected_utilities", "pair_mask", "risk_exponents", "votes", "win_probabilities"]
