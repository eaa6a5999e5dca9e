"""Stokman's exchange model: pairs of actors trade voting positions across issues, with equal gains.

Stokman and Van Oosten (1994, "The exchange of voting positions: an object-oriented model
of policy networks", in Bueno de Mesquita & Stokman (eds.), *European Community Decision
Making*, Yale UP); Arregui, Stokman and Thomson (2006, in Thomson et al., *The European
Union Decides*, ch. 5). The outcome of an issue is the compromise (the capability ×
salience weighted mean) of the actors' *voting* positions; an actor's loss on an issue is
salience × distance to the outcome.

Actors i and j can exchange on issues p and q of the same group when they stand on
opposite sides of the outcome on both, and i cares relatively more about p than j does
(s_ip s_jq > s_jp s_iq). Then j moves its voting position on p towards i, and i moves on q
towards j. Moving the outcome by ΔO_p and ΔO_q gives gains

    G_i = s_ip ΔO_p − s_iq ΔO_q,    G_j = s_jq ΔO_q − s_jp ΔO_p,

equal when ΔO_q = ΔO_p (s_ip + s_jp) / (s_iq + s_jq). The shift is the largest one that
moves no supplier past the other's position and no outcome past the demander's position;
the common gain is then ΔO_p (s_ip s_jq − s_iq s_jp) / (s_iq + s_jq) > 0.

Each round every possible exchange is evaluated from the round's positions; exchanges are
carried out in order of gain, an actor's position on an issue taking part in at most one
exchange per round. Rounds repeat until no exchange gains or the round limit.

Example (the Decide package's tests: one issue, equal salience and power; nothing to trade,
so the outcome is the compromise):
    >>> from negsim.forecast.data import ForecastData
    >>> d = ForecastData.build(["a", "b", "c"], ["p"], positions=[[0, 100, 100]], saliences=[[1, 1, 1]])
    >>> round(float(exchange(d).forecast[0]), 6)
    66.666667
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negsim.forecast.compromise import compromise
from negsim.forecast.data import ForecastData
from negsim.numeric import FloatArray, IntArray

MIN_GAIN = 1e-9
"""Exchanges gaining less than this (on the salience × position scale) are not made."""


@dataclass(frozen=True)
class ExchangeResult:
    """The exchange model's outcome on every issue."""

    forecast: FloatArray
    """(issues,): compromise of the voting positions after the exchanges (NaN where no weight)."""
    positions: FloatArray
    """(issues, actors): the final voting positions."""
    exchanges: IntArray
    """(issues,): how many exchanges moved a position on the issue."""


@dataclass(frozen=True)
class _Candidates:
    """Every possible exchange of one group: demander on p (a), demander on q (b), issues p and q."""

    a: IntArray
    b: IntArray
    p: IntArray
    q: IntArray


def exchange(data: ForecastData, *, rounds: int = 10) -> ExchangeResult:
    """Run the equal-gain exchange model within each group of issues (all groups at once)."""
    x = data.positions.copy()
    w = data.weights()
    s = np.where(data.present, data.saliences, 0.0)
    counts = np.zeros(len(data.issues), np.int64)
    cand = _candidates(data, s, w)
    for _ in range(rounds):
        moves = _round(x, s, w, cand) if cand.a.size else None
        if moves is None:
            break
        dx, changed = moves
        x += dx
        counts += changed
    return ExchangeResult(compromise(np.nan_to_num(x), w), x, counts)


def _candidates(data: ForecastData, s: FloatArray, w: FloatArray) -> _Candidates:
    """Every exchange that positions could make possible: two actors on two issues of one group, the
    demander on p (a) caring relatively more about p than the demander on q (b); both can move."""
    rows: dict[str, list[int]] = {}
    for k, g in enumerate(data.groups):
        rows.setdefault(g, []).append(k)
    pairs = [(g[i], g[j]) for g in rows.values() for i, j in zip(*np.triu_indices(len(g), k=1), strict=True)]
    if not pairs:
        return _Candidates(*(np.zeros(0, np.int64) for _ in range(4)))
    p, q = (np.array(v, np.int64) for v in zip(*pairs, strict=True))
    i, j = np.nonzero(~np.eye(len(data.actors), dtype=bool))
    a, b = np.repeat(i, len(p)), np.repeat(j, len(p))
    p, q = np.tile(p, len(i)), np.tile(q, len(i))
    here = data.present
    keep = (here[p, a] & here[p, b] & here[q, a] & here[q, b] & (s[p, a] * s[q, b] > s[p, b] * s[q, a])
            & (w[p, b] > 0) & (w[q, a] > 0))
    return _Candidates(a[keep], b[keep], p[keep], q[keep])


def _round(x: FloatArray, s: FloatArray, w: FloatArray,
           c: _Candidates) -> tuple[FloatArray, IntArray] | None:
    """One round: the position changes of the exchanges made, or None when none gains."""
    total = w.sum(axis=1)
    outcome = compromise(np.nan_to_num(x), w)
    gain, d_op, d_oq = _terms(x, s, w, total, outcome, c)
    chosen = _greedy(gain, c, x.shape[1], x.size)
    if chosen.size == 0:
        return None
    a, b, p, q = c.a[chosen], c.b[chosen], c.p[chosen], c.q[chosen]
    dx = np.zeros_like(x)
    np.add.at(dx, (p, b), np.sign(x[p, a] - x[p, b]) * d_op[chosen] * total[p] / w[p, b])  # b gives way on p
    np.add.at(dx, (q, a), np.sign(x[q, b] - x[q, a]) * d_oq[chosen] * total[q] / w[q, a])  # a gives way on q
    changed = np.bincount(np.concatenate([p, q]), minlength=x.shape[0]).astype(np.int64)
    return dx, changed


def _greedy(gain: FloatArray, c: _Candidates, n_actors: int, n_keys: int) -> IntArray:
    """The exchanges made: best gain first, each (actor, issue) position in at most one exchange.

    Sequential greedy selection, done in parallel: a candidate whose rank (by gain, then
    index) beats every other live candidate sharing one of its positions is taken; the
    candidates sharing a position with a taken one die; repeat. This picks exactly what
    going down the sorted list one by one picks.
    """
    alive = gain > MIN_GAIN
    if not alive.any():
        return np.zeros(0, np.int64)
    idx = np.flatnonzero(alive)
    order = np.argsort(-gain[idx], kind="stable")
    idx = idx[order]
    rank = np.arange(idx.size)
    keys = np.stack([c.p[idx] * n_actors + c.a[idx], c.p[idx] * n_actors + c.b[idx],
                     c.q[idx] * n_actors + c.a[idx], c.q[idx] * n_actors + c.b[idx]], axis=1)
    live = np.ones(idx.size, bool)
    taken: list[IntArray] = []
    while live.any():
        best = np.full(n_keys, idx.size)
        np.minimum.at(best, keys[live].ravel(), np.repeat(rank[live], 4))
        win = live & (best[keys] == rank[:, None]).all(axis=1)
        taken.append(idx[win])
        used = np.zeros(n_keys, bool)
        used[keys[win].ravel()] = True
        live &= ~used[keys].any(axis=1)
    return np.concatenate(taken)


def _terms(x: FloatArray, s: FloatArray, w: FloatArray, total: FloatArray, outcome: FloatArray,
           c: _Candidates) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Equal gain and outcome shifts (ΔO_p, ΔO_q) of every candidate (gain 0 where no exchange is possible)."""
    a, b, p, q = c.a, c.b, c.p, c.q
    s_ap, s_bp, s_aq, s_bq = s[p, a], s[p, b], s[q, a], s[q, b]
    x_ap, x_bp, x_aq, x_bq = x[p, a], x[p, b], x[q, a], x[q, b]
    o_p, o_q = outcome[p], outcome[q]
    possible = ((x_ap - o_p) * (x_bp - o_p) < 0) & ((x_aq - o_q) * (x_bq - o_q) < 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        k = (s_ap + s_bp) / (s_aq + s_bq)
        limits = np.stack([w[p, b] * np.abs(x_ap - x_bp) / total[p],  # b moves at most to a's position
                           np.abs(x_ap - o_p),  # the outcome on p stops at a's position
                           w[q, a] * np.abs(x_bq - x_aq) / total[q] / k,
                           np.abs(x_bq - o_q) / k])
        d_op = np.where(possible, np.nan_to_num(limits).min(axis=0), 0.0)
        gain = np.where(possible, d_op * (s_ap * s_bq - s_aq * s_bp) / (s_aq + s_bq), 0.0)
        d_oq = np.where(possible, k * d_op, 0.0)
    return gain, d_op, d_oq


__all__ = ["MIN_GAIN", "ExchangeResult", "exchange"]
