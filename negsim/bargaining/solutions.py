"""Bargaining solutions on a finite set of deals, and on its convex hull (two parties).

All functions take the utility vectors of the candidate deals ``points`` (N, P), the
disagreement point ``d`` (P,) and return the *position* of the chosen row plus the
positions of every row that ties with it. Ties are broken deterministically: the
largest utility sum, then the first row. Every solution of a finite set lies on its
Pareto frontier, so callers usually pass frontier points only.

* Nash (1950): maximise Π (u_i − d_i)^{w_i}; asymmetric when the weights (bargaining
  powers, Kalai 1977) differ. Only deals that give every party a strict gain compete.
* Kalai–Smorodinsky (1975): maximise the smallest share of the ideal gain,
  min_i (u_i − d_i) / (ideal_i − d_i), where ideal_i is i's best feasible utility.
* Egalitarian (Kalai 1977): maximise the smallest gain min_i (u_i − d_i).
* Utilitarian: maximise Σ u_i.

Example:
    >>> import numpy as np
    >>> pts = np.array([[1.0, 0.35], [0.6, 0.6], [0.2, 0.9]])
    >>> nash(pts, np.zeros(2)).index, utilitarian(pts).index
    (1, 0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negsim.numeric import TOL, BoolArray, FloatArray, IntArray, quantize


@dataclass(frozen=True)
class Pick:
    """The chosen row, the rows tied with it, and the value of the objective."""

    index: int | None
    ties: tuple[int, ...]
    value: float
    note: str = ""


def pick(score: FloatArray, points: FloatArray, note: str = "") -> Pick:
    """The best score; ties (equal within TOL, relative) broken by the largest utility sum on the grid, then order.

    This is negsim's one tie rule: every engine lists candidate deals in deal-index order, so
    "then order" means the lowest deal index.
    """
    if len(score) == 0 or not np.isfinite(score).any():
        return Pick(None, (), float("nan"), note or "no candidate deal")
    best = np.nanmax(np.where(np.isfinite(score), score, -np.inf))
    tied = np.isfinite(score) & (score >= best - TOL * max(1.0, abs(best)))
    winner = int(tie_break(tied[None, :], quantize(points).sum(axis=1)[None, :])[0])
    return Pick(winner, tuple(int(t) for t in np.flatnonzero(tied)), float(best), note)


def tie_break(tied: BoolArray, qsum: IntArray, order: IntArray | None = None) -> IntArray:
    """Per row of ``tied`` (K, N): the tied position with the largest utility sum on the grid (``qsum``),
    then the smallest ``order`` (default: the position itself). −1 where nothing is tied.

    >>> tie_break(np.array([[True, True, False]]), np.array([[5, 5, 9]])).tolist()
    [0]
    """
    key = np.where(tied, qsum, np.iinfo(np.int64).min)
    best = key.max(axis=1, keepdims=True)
    rank = np.broadcast_to(np.arange(tied.shape[1]) if order is None else order, tied.shape)
    pos = np.argmin(np.where(tied & (key == best), rank, np.iinfo(np.int64).max), axis=1)
    return np.where(tied.any(axis=1), pos, -1)


def normalised_power(power: FloatArray | None, n: int) -> FloatArray:
    """Bargaining powers scaled to sum to 1 (equal powers when None)."""
    w = np.ones(n) if power is None else np.asarray(power, dtype=float)
    return w / w.sum()


def nash_log_scores(gains: FloatArray, w: FloatArray, *, party_axis: int = -1) -> tuple[FloatArray, BoolArray]:
    """Σ_i w_i log(gain_i) for each candidate, −inf where some party gains nothing; and where all gain.

    ``gains`` may have any leading axes (deals; samples × deals); the parties lie along
    ``party_axis`` and ``w`` (normalised powers) broadcasts against the rest. The sum runs party
    by party in order, so every engine computes the same score to the last bit.

    >>> s, ok = nash_log_scores(np.array([[0.5, 0.5], [1.0, 0.0]]), np.array([0.5, 0.5]))
    >>> round(float(s[0]), 6), float(s[1]), ok.tolist()
    (-0.693147, -inf, [True, False])
    """
    g = np.moveaxis(np.asarray(gains, dtype=float), party_axis, 0)
    positive = np.all(g > TOL, axis=0)
    score = _weighted_logs(np.where(positive[None], g, 1.0), w, party_axis)
    return np.where(positive, score, -np.inf), positive


def nash_log_product(gains: FloatArray, w: FloatArray, *, party_axis: int = -1) -> FloatArray:
    """Σ_i w_i log(max(gain_i, 1e−300)): the Nash score of a chosen deal, finite even at a zero gain.

    Used to compare a relaxed problem's best deal with the Nash deal (the "binds" rule); the sum
    runs in party order, as :func:`nash_log_scores`.
    """
    g = np.moveaxis(np.asarray(gains, dtype=float), party_axis, 0)
    return _weighted_logs(np.maximum(g, 1e-300), w, party_axis)


def _weighted_logs(g: FloatArray, w: FloatArray, party_axis: int) -> FloatArray:
    """Σ_k w_k log g_k, parties along the first axis of ``g``, summed in party order."""
    wt = np.moveaxis(np.asarray(w, dtype=float), party_axis, 0) if np.ndim(w) > 1 else np.asarray(w, dtype=float)
    logs = np.log(g)
    score = wt[0] * logs[0]
    for k in range(1, len(g)):
        score = score + wt[k] * logs[k]
    return np.asarray(score)


NO_STRICT_GAIN = ("no deal gives every party a strict gain over its no-deal utility, so the Nash solution "
                  "is not defined here (every Nash product is 0)")
"""Why a Nash solution is missing although deals exist (Nash 1950 maximises over strict gains)."""


def nash(points: FloatArray, d: FloatArray, power: FloatArray | None = None) -> Pick:
    """The (asymmetric) Nash bargaining solution; see the module docstring.

    Only deals that give every party a strict gain (by more than TOL) compete; when there is
    none, there is no Nash deal (``index`` None, with the reason in ``note``).
    """
    gains = points - d
    positive = np.all(gains > TOL, axis=1)
    if not positive.any():
        return Pick(None, (), float("nan"), NO_STRICT_GAIN)
    score, _ = nash_log_scores(gains, normalised_power(power, points.shape[1]))
    best = pick(score, points)
    return Pick(best.index, best.ties, float(np.exp(best.value)), best.note)


def ideal_point(points: FloatArray) -> FloatArray:
    """Each party's best utility over the set."""
    return points.max(axis=0)


def ks_scores(gains: FloatArray, span: FloatArray, *, party_axis: int = -1) -> FloatArray:
    """The smallest share of the ideal gain, min_i gain_i / span_i (a party with no span counts as 1).

    ``span`` (ideal − d) broadcasts against ``gains``; the parties lie along ``party_axis``.

    >>> ks_scores(np.array([[0.3, 0.2], [0.1, 0.4]]), np.array([0.6, 0.4])).tolist()
    [0.5, 0.16666666666666669]
    """
    good = span > TOL
    return np.where(good, gains / np.where(good, span, 1.0), 1.0).min(axis=party_axis)


def kalai_smorodinsky(points: FloatArray, d: FloatArray) -> Pick:
    """Kalai–Smorodinsky: the largest common share of each party's ideal gain."""
    return pick(ks_scores(points - d, ideal_point(points) - d), points)


def egalitarian(points: FloatArray, d: FloatArray) -> Pick:
    """Egalitarian: the largest smallest gain."""
    return pick((points - d).min(axis=1), points)


def utilitarian(points: FloatArray) -> Pick:
    """Utilitarian: the largest sum of utilities."""
    return pick(points.sum(axis=1), points)


# --- the convexified problem (two parties) -------------------------------------------

@dataclass(frozen=True)
class Lottery:
    """A point on the convex hull: deal ``a`` with probability ``p``, deal ``b`` otherwise."""

    a: int
    b: int
    p: float
    utilities: tuple[float, float]

    @property
    def pure(self) -> bool:
        """True when the point is a deal itself, not a mix of two."""
        return self.a == self.b


def _lottery(a: int, b: int, p: float, u: FloatArray) -> Lottery:
    """A lottery, collapsed to a single deal when one probability is (nearly) 0."""
    if p >= 1 - 1e-9:
        a, b, p = a, a, 1.0
    elif p <= 1e-9:
        a, b, p = b, b, 1.0
    return Lottery(int(a), int(b), float(p), (float(u[0]), float(u[1])))


def upper_hull(points: FloatArray) -> NDArray[np.int64]:
    """Rows on the Pareto part of the convex hull of 2-party ``points``, by party 1 ascending.

    Andrew's monotone chain (1979) on the upper-right boundary; frontier points on a straight edge are
    kept, so every edge joins two adjacent deals. Points with identical (quantised) utilities are
    represented by the first in sort order.
    """
    q = quantize(points)
    order = np.lexsort((-q[:, 1], q[:, 0]))
    qo = q[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = np.any(qo[1:] != qo[:-1], axis=1)  # identical utilities: one representative
    cand = order[first]
    xs, ys = points[cand, 0].tolist(), points[cand, 1].tolist()  # Python floats: the chain is a scalar loop
    hull: list[int] = []
    for k in range(len(cand)):
        while len(hull) >= 2:
            o, a = hull[-2], hull[-1]
            if (xs[a] - xs[o]) * (ys[k] - ys[o]) - (ys[a] - ys[o]) * (xs[k] - xs[o]) <= 1e-13:
                break
            hull.pop()
        hull.append(k)
    if not hull:
        return np.zeros(0, dtype=np.int64)
    rows = cand[np.array(hull, dtype=np.int64)]
    # keep the decreasing (Pareto) part: from the top-left point with highest u2
    top = int(np.argmax(points[rows, 1] - 1e-12 * np.arange(len(rows))))
    return rows[top:].astype(np.int64)


def _edges(hull: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The hull's edges as (start rows, end rows); a one-point hull is one edge from the point to itself."""
    if len(hull) == 1:
        return hull, hull
    return hull[:-1], hull[1:]


def _best_in_order(scores: list[float]) -> int:
    """The candidate an in-order scan keeps: replaced only by one better by more than 1e-12 (first wins ties)."""
    best, best_score = -1, 0.0
    for k, s in enumerate(scores):
        if best < 0 or s > best_score + 1e-12:
            best, best_score = k, s
    return best


def nash_convex(points: FloatArray, d: FloatArray, power: FloatArray | None = None) -> Lottery | None:
    """Nash on the convex hull: the best point of every hull edge (closed form), then the best edge.

    On the edge A + t(B − A) the weighted log-product is concave in t, so its maximum on [0, 1] is
    an endpoint or the stationary point t* = −(w1 D1 A2 + w2 D2 A1) / ((w1 + w2) D1 D2), D = B − A.
    Every edge is scored at once; the edges are taken in hull order, so ties go to the first.
    """
    hull = upper_hull(points)
    if len(hull) == 0:
        return None
    w = normalised_power(power, 2)
    a, b = _edges(hull)
    A, B = points[a] - d, points[b] - d
    D = B - A
    denom = D[:, 0] * D[:, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        stationary = -(w[0] * D[:, 0] * A[:, 1] + w[1] * D[:, 1] * A[:, 0]) / ((w[0] + w[1]) * denom)
    inside = (np.abs(denom) > 1e-15) & (stationary > 0.0) & (stationary < 1.0)
    return _best_on_edges(a, b, A, B, np.where(inside, stationary, 0.0), inside,
                          lambda g: np.where(np.all(g > TOL, axis=1), np.log(np.maximum(g, TOL)) @ w, np.nan), d)


def ray_convex(points: FloatArray, d: FloatArray, direction: FloatArray) -> Lottery | None:
    """The hull point maximising min_i (u_i − d_i) / direction_i (KS and egalitarian).

    Where the ray from ``d`` along ``direction`` meets the hull's Pareto boundary, that is the
    meeting point; when it passes the boundary by (or the hull is a single deal), it is the
    hull vertex nearest the ray in that sense. On each edge the objective is concave and
    piecewise linear, so its maximum is at an endpoint or where the ray crosses the edge
    (d + s·r = A + t(B − A), solved for every edge at once by Cramer's rule).
    """
    hull = upper_hull(points)
    if len(hull) == 0:
        return None
    r = np.where(np.abs(direction) > TOL, direction, TOL)
    a, b = _edges(hull)
    A, B = points[a], points[b]
    AB, Ad = A - B, A - d
    det = r[0] * AB[:, 1] - r[1] * AB[:, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = (r[0] * Ad[:, 1] - r[1] * Ad[:, 0]) / det
    inside = (np.abs(det) > 1e-15) & (crossing > 0.0) & (crossing < 1.0)
    return _best_on_edges(a, b, A, B, np.where(inside, crossing, 0.0), inside,
                          lambda u: np.min((u - d) / r, axis=1), np.zeros(2))


def _best_on_edges(a: NDArray[np.int64], b: NDArray[np.int64], A: FloatArray, B: FloatArray, t: FloatArray,
                   inside: BoolArray, score: Any, add: FloatArray) -> Lottery | None:
    """Score each edge's candidates (its two ends, then ``t`` where ``inside``) and keep the best, in order.

    ``score`` maps points A + t(B − A) (K, 2) to scores (NaN: not a candidate); the lottery's
    utilities are the point plus ``add`` (``d`` when A and B are gains over it).
    """
    E = len(a)
    ts = np.stack([np.zeros(E), np.ones(E), t], axis=1).reshape(-1)  # edge by edge: t = 0, 1, interior
    use = np.stack([np.ones(E, dtype=bool), np.ones(E, dtype=bool), inside], axis=1).reshape(-1)
    edge = np.repeat(np.arange(E), 3)[use]
    ts = ts[use]
    g = A[edge] + ts[:, None] * (B[edge] - A[edge])
    scores = np.asarray(score(g), dtype=float)
    keep = ~np.isnan(scores)
    if not keep.any():
        return None
    best = _best_in_order(scores[keep].tolist())
    k = np.flatnonzero(keep)[best]
    return _lottery(int(a[edge[k]]), int(b[edge[k]]), 1 - float(ts[k]), g[k] + add)


def kalai_smorodinsky_convex(points: FloatArray, d: FloatArray) -> Lottery | None:
    """Kalai–Smorodinsky on the convex hull: the ray from d towards the ideal point."""
    return ray_convex(points, d, ideal_point(points) - d)


def egalitarian_convex(points: FloatArray, d: FloatArray) -> Lottery | None:
    """Egalitarian on the convex hull: the ray from d with equal gains."""
    return ray_convex(points, d, np.ones(2))
