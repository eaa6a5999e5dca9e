"""All Nash equilibria of a two-player game: the extreme points of every equilibrium component.

``auto`` (the default) is complete, also on degenerate games (ties in payoffs): it
enumerates every vertex of both best-response polytopes (:mod:`negsim.games.vertices`),
pairs the completely labelled ones, recomputes each equilibrium in exact fractions when
the payoffs are short decimals, verifies zero regret exactly, and groups the extreme
equilibria into components (maximal Nash subsets = maximal bicliques of the
extreme-equilibrium graph; connected components of that graph = components of the
equilibrium set).

``support``, ``vertex`` and ``lemke-howson`` run nashpy's algorithms in a separate
process under a time limit (nashpy's Lemke–Howson can loop for ever), keep only verified
equilibria, and list what the complete enumeration found that they ``missed``.

``lcp`` is for games too large to enumerate (14×14 and up): negsim's own Lemke–Howson
(:mod:`negsim.games.lemke_howson`) from every starting label, each path capped, each end
verified — some equilibria, quickly, without the promise of all of them.

Sources: von Stengel (2007), "Equilibrium computation for two-player games in strategic
and extensive form", *Algorithmic Game Theory* ch. 3; Avis, Rosenberg, Savani & von
Stengel (2010), Economic Theory 42:9–37 (extreme equilibria, maximal Nash subsets);
Harsanyi & Selten (1988), *A General Theory of Equilibrium Selection in Games*
(payoff and risk dominance).

Example:
    >>> from negsim.games.model import Game
    >>> g = Game.from_arrays([[0, 0], [-1, 2]], [[2, 2], [-1, 1]])
    >>> [(e.exact_text("row"), e.exact_text("column")) for e in solve(g).equilibria]
    [('1, 0', '1, 0'), ('1, 0', '2/3, 1/3'), ('0, 1', '0, 1')]
"""

from __future__ import annotations

import multiprocessing as mp
import queue as queue_mod
import time
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from math import comb
from typing import Any

import numpy as np
import numpy.typing as npt

from negsim import interrupts, plan
from negsim.errors import NegsimError
from negsim.games import exact as ex
from negsim.games.lemke_howson import MAX_PIVOTS
from negsim.games.model import Game
from negsim.games.vertices import TOL, Vertices, check_size, normalise, polytope_vertices
from negsim.progress import Progress, tell

METHODS = ("auto", "support", "vertex", "lemke-howson", "lcp")
"""Equilibrium methods: ``auto`` is negsim's complete enumeration; ``support``, ``vertex`` and
``lemke-howson`` are nashpy's, guarded; ``lcp`` is negsim's capped Lemke–Howson for large games."""

NASHPY_TIMEOUT = 10.0
"""Seconds a nashpy method may run before it is stopped (its partial results are kept)."""

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Equilibrium:
    """One (extreme) Nash equilibrium: both players' mixed strategies and expected payoffs."""

    players: tuple[str, str]
    strategy_names: tuple[tuple[str, ...], tuple[str, ...]]
    row: tuple[float, ...]
    column: tuple[float, ...]
    payoffs: tuple[float, float]
    exact: tuple[tuple[Fraction, ...], tuple[Fraction, ...]] | None = None
    exact_payoffs: tuple[Fraction, Fraction] | None = None
    component: int = 0
    payoff_dominant: bool = False
    risk_dominant: bool = False

    @property
    def pure(self) -> bool:
        """True when each player plays one strategy with certainty."""
        return max(self.row) > 1 - 1e-9 and max(self.column) > 1 - 1e-9

    def mix(self, player: str) -> tuple[float, ...]:
        """Probabilities of ``player``'s strategies (row player: ``row``; column player: ``column``)."""
        return self.row if player == self.players[0] else self.column

    def strategies(self) -> dict[str, dict[str, float]]:
        """``{player: {strategy: probability}}`` over all strategies."""
        return {p: {s: _clean(v) for s, v in zip(names, self.mix(p), strict=True)}
                for p, names in zip(self.players, self.strategy_names, strict=True)}

    def support(self, player: str) -> list[str]:
        """The strategies ``player`` plays with positive probability."""
        k = self.players.index(player)
        return [s for s, v in zip(self.strategy_names[k], self.mix(player), strict=True) if v > 1e-9]

    def exact_text(self, player: str) -> str:
        """The mix as exact fractions (``"2/3, 1/3"``), or rounded decimals when not exact."""
        k = self.players.index(player)
        if self.exact is not None:
            return ", ".join(_fmt(v) for v in self.exact[k])
        return ", ".join(f"{v:.6g}" for v in self.mix(player))

    def describe(self) -> str:
        """One line: ``defect / defect`` for a pure profile, ``a: 2/3 x + 1/3 y; b: ...`` for a mixed one."""
        parts = []
        for k, p in enumerate(self.players):
            probs: list[Fraction | float] = list(self.exact[k]) if self.exact is not None else list(self.mix(p))
            terms = [(_fmt(v), s) for s, v in zip(self.strategy_names[k], probs, strict=True) if v > 1e-9]
            parts.append(terms[0][1] if len(terms) == 1 else " + ".join(f"{v} {s}" for v, s in terms))
        return " / ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """``{"strategies": {player: {strategy: p}}, "payoffs": {player: u}, ...}`` (JSON-able)."""
        out: dict[str, Any] = {
            "strategies": self.strategies(),
            "payoffs": {p: _clean(u) for p, u in zip(self.players, self.payoffs, strict=True)},
            "pure": self.pure, "component": self.component,
            "payoff_dominant": self.payoff_dominant, "risk_dominant": self.risk_dominant,
        }
        if self.exact is not None and self.exact_payoffs is not None:
            out["exact"] = {
                "strategies": {p: {s: str(v) for s, v in zip(names, probs, strict=True)}
                               for p, names, probs in zip(self.players, self.strategy_names, self.exact, strict=True)},
                "payoffs": {p: str(u) for p, u in zip(self.players, self.exact_payoffs, strict=True)}}
        return out


@dataclass(frozen=True)
class Component:
    """A connected set of equilibria: the union of its maximal Nash subsets (products of polytopes).

    Every mix in the convex hull of ``row_vertices[r] for r in subset[0]`` together with every mix in
    the hull of ``column_vertices[c] for c in subset[1]`` is an equilibrium, for each subset.
    """

    index: int
    equilibria: tuple[int, ...]
    row_vertices: tuple[tuple[float, ...], ...]
    column_vertices: tuple[tuple[float, ...], ...]
    maximal_subsets: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]

    @property
    def isolated(self) -> bool:
        """A single equilibrium (not part of a continuum)."""
        return len(self.equilibria) == 1

    def describe(self, game: Game) -> str:
        """A sentence: an isolated equilibrium, or which mixes each player may combine.

        >>> g = Game.from_arrays([[0, 0], [-1, 2]], [[2, 2], [-1, 1]], players=("a", "b"))
        >>> solve(g).components[0].describe(g)
        'a continuum: a plays r1 while b plays any mix of (2/3 c1 + 1/3 c2) and c1'
        """
        if self.isolated:
            return "an isolated equilibrium"
        pieces = []
        for rows, cols in self.maximal_subsets:
            sides = [f"{name} {'plays' if len(v) == 1 else 'plays any mix of'} {_hull(game, k, [verts[i] for i in v])}"
                     for k, (name, v, verts) in enumerate(zip(game.names, (rows, cols),
                                                               (self.row_vertices, self.column_vertices), strict=True))]
            pieces.append(" while ".join(sides))
        return "a continuum: " + "; or ".join(pieces)

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "isolated": self.isolated, "equilibria": list(self.equilibria),
                "row_vertices": [[_clean(v) for v in r] for r in self.row_vertices],
                "column_vertices": [[_clean(v) for v in c] for c in self.column_vertices],
                "maximal_subsets": [{"row": list(r), "column": list(c)} for r, c in self.maximal_subsets]}


@dataclass(frozen=True)
class EquilibriumSet:
    """The equilibria a method found, with their components and what it missed."""

    game: Game
    method: str
    equilibria: tuple[Equilibrium, ...]
    components: tuple[Component, ...] = ()
    complete: bool = True
    exact: bool = False
    missed: tuple[Equilibrium, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    seconds: float = 0.0  # wall-clock solver time: reported as a timing, never in the result data

    @property
    def pure(self) -> tuple[Equilibrium, ...]:
        """The pure-strategy equilibria."""
        return tuple(e for e in self.equilibria if e.pure)

    @property
    def mixed(self) -> tuple[Equilibrium, ...]:
        """The equilibria in which some player mixes."""
        return tuple(e for e in self.equilibria if not e.pure)

    def to_dict(self) -> dict[str, Any]:
        return {"game": self.game.id, "method": self.method, "complete": self.complete, "exact": self.exact,
                "count": len(self.equilibria), "equilibria": [e.to_dict() for e in self.equilibria],
                "components": [c.to_dict() for c in self.components],
                "missed": [e.to_dict() for e in self.missed], "notes": list(self.notes)}


def solve(game: Game, method: str = "auto", *, timeout: float = NASHPY_TIMEOUT,
          progress: Progress | None = None) -> EquilibriumSet:
    """Equilibria of ``game`` by ``method`` (``auto`` = complete and verified; see module docstring).

    Planned first (:func:`estimate`): a game whose method would exceed the budget is refused
    before any basis is solved. ``progress("bases", done, total)`` (complete enumeration) or
    ``progress("paths", done, total)`` (``lcp``) is told as the work advances.

    >>> from negsim.games.model import Game
    >>> pd = Game.from_arrays([[3, 1], [4, 2]], [[3, 4], [1, 2]])
    >>> [e.describe() for e in solve(pd).equilibria]
    ['r2 / c2']
    """
    if method not in METHODS:
        raise NegsimError(f"unknown method `{method}`; choose one of: {', '.join(METHODS)}")
    start = time.perf_counter()
    if method == "lcp":
        from negsim.games.lemke_howson import solve_lcp

        plan.check(estimate(game, method))
        return _with_time(solve_lcp(game, progress), start)
    plan.check(estimate(game, method, timeout=timeout))
    complete = _solve_complete(game, progress)
    if method == "auto":
        return _with_time(complete, start)
    return _with_time(_solve_nashpy(game, method, complete, timeout), start)


def estimate(game: Game, method: str = "auto", *, timeout: float = NASHPY_TIMEOUT) -> plan.Estimate:
    """The plan of :func:`solve`: candidate bases (complete enumeration), pivots (``lcp``), plus nashpy's time limit.

    Games too large for the complete enumeration are refused here already (:func:`check_size`).

    >>> from negsim.games.model import Game
    >>> estimate(Game.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])).total
    12
    """
    m, n = game.shape
    if method == "lcp":
        return plan.pivoting(m, n, MAX_PIVOTS)
    check_size(m, n)  # the complete enumeration's own limit, with its reason and the way out
    complete = plan.equilibria(m, n)
    if method == "auto":
        return complete
    return plan.combine(f"{complete.what} and nashpy's {method}",
                        [complete, plan.Estimate(f"nashpy's {method}", timeout + 1.0, plan.BASE_MEMORY)])


def extreme_equilibria(A: Any, B: Any, tol: float = TOL) -> list[tuple[FloatArray, FloatArray]]:
    """Every extreme equilibrium ``(x, y)`` of the bimatrix game (A, B) as float arrays (no exact step).

    >>> [(x.round(6).tolist(), y.round(6).tolist()) for x, y in extreme_equilibria([[1, 0], [0, 1]], [[1, 0], [0, 1]])]
    [([1.0, 0.0], [1.0, 0.0]), ([0.5, 0.5], [0.5, 0.5]), ([0.0, 1.0], [0.0, 1.0])]
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    P, Q, pairs = _vertex_pairs(A, B, tol)
    return [(_probs(P.points[i]), _probs(Q.points[j])) for i, j in pairs]


def regret(A: Any, B: Any, x: Any, y: Any) -> float:
    """Largest gain either player could make by deviating to a pure strategy (0 at an equilibrium).

    >>> regret([[1, 0], [0, 1]], [[1, 0], [0, 1]], [1, 0], [0, 1])
    1.0
    """
    A, B, x, y = (np.asarray(v, dtype=float) for v in (A, B, x, y))
    return float(max((A @ y).max() - x @ A @ y, (x @ B).max() - x @ B @ y))


# --- the complete enumeration -------------------------------------------------------------------

def _vertex_pairs(A: FloatArray, B: FloatArray, tol: float, progress: Progress | None = None
                  ) -> tuple[Vertices, Vertices, list[tuple[int, int]]]:
    """Vertices of both polytopes and the completely labelled pairs (sorted: pure-first, lexicographic)."""
    m, n = A.shape
    count = _BasisCount(progress, 2 * (comb(m + n, m) - 1))
    P = polytope_vertices(normalise(B), tol, count)    # x ≥ 0, Bᵀx ≤ 1: labels i (x_i = 0), m + j (column j tight)
    Q = polytope_vertices(normalise(A).T, tol, count)  # y ≥ 0, A y ≤ 1: labels m + j (y_j = 0), i (row i tight)
    lp = P.zero_labels | (P.tight_labels << m)
    lq = (Q.zero_labels << m) | Q.tight_labels
    ii, jj = complementary_pairs(lp, lq, m, n)
    order = sorted(range(len(ii)), key=lambda k: (tuple(-_probs(P.points[ii[k]])), tuple(-_probs(Q.points[jj[k]]))))
    return P, Q, [(int(ii[k]), int(jj[k])) for k in order]


def complementary_pairs(lp: npt.NDArray[np.int64], lq: npt.NDArray[np.int64], m: int,
                        n: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Index pairs whose label sets cover all m + n labels.

    A nondegenerate vertex of P has exactly m labels and needs a Q vertex with exactly the other n (an exact
    lookup in the sorted Q labels); degenerate vertices (more labels) are tested against every vertex.

    >>> complementary_pairs(np.array([0b01, 0b10]), np.array([0b10, 0b01, 0b11]), 1, 1)
    (array([0, 0, 1, 1]), array([0, 2, 1, 2]))
    """
    full = np.int64((1 << (m + n)) - 1)
    order = np.argsort(lq, kind="stable")
    need = full & ~lp
    pos = np.clip(np.searchsorted(lq[order], need), 0, max(len(lq) - 1, 0))
    hit = lq[order][pos] == need if len(lq) else np.zeros(len(lp), dtype=bool)
    pairs = {(int(i), int(order[pos[i]])) for i in np.flatnonzero(hit)}
    for rows, cols in ((np.flatnonzero(np.bitwise_count(lp) > m), np.arange(len(lq))),
                       (np.arange(len(lp)), np.flatnonzero(np.bitwise_count(lq) > n))):
        if len(rows) and len(cols):
            a, b = np.nonzero((lp[rows][:, None] | lq[cols][None, :]) == full)
            pairs.update(zip(rows[a].tolist(), cols[b].tolist(), strict=True))
    ordered = sorted(pairs)
    return (np.array([p[0] for p in ordered], dtype=np.intp), np.array([p[1] for p in ordered], dtype=np.intp))


class _BasisCount:
    """Tells ``progress("bases", done, total)`` as chunks of candidate bases are settled."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self, bases: int) -> None:
        interrupts.check()
        self.done = min(self.total, self.done + bases)
        tell(self.progress, "bases", self.done, self.total)


def _solve_complete(game: Game, progress: Progress | None = None) -> EquilibriumSet:
    A, B = game.A, game.B
    m, n = game.shape
    P, Q, pairs = _vertex_pairs(A, B, TOL, progress)
    exact_payoffs = game.exact_payoffs
    exact_x: dict[int, tuple[Fraction, ...] | None] = {}
    exact_y: dict[int, tuple[Fraction, ...] | None] = {}
    if exact_payoffs is not None:
        Ae, Be = exact_payoffs
        At = ex.transpose(Ae)
        for i in {i for i, _ in pairs}:
            exact_x[i] = ex.mix_making_indifferent(Be, _bits(P.zero_labels[i], m, invert=True),
                                                   _bits(P.tight_labels[i], n))
        for j in {j for _, j in pairs}:
            exact_y[j] = ex.mix_making_indifferent(At, _bits(Q.zero_labels[j], n, invert=True),
                                                   _bits(Q.tight_labels[j], m))
    equilibria = []
    all_exact = exact_payoffs is not None
    for i, j in pairs:
        x, y = _probs(P.points[i]), _probs(Q.points[j])
        exact_pair = _exact_pair(exact_payoffs, exact_x.get(i), exact_y.get(j))
        all_exact = all_exact and exact_pair is not None
        equilibria.append(_equilibrium(game, x, y, exact_pair))
    components, label = _components(pairs, P, Q)
    equilibria = [_replace(e, component=label[k]) for k, e in enumerate(equilibria)]
    equilibria = _mark_selection(game, equilibria)
    notes = [] if all_exact or exact_payoffs is None else ["some equilibria could not be confirmed in exact "
                                                           "arithmetic (near-ties); floats are given"]
    return EquilibriumSet(game=game, method="auto", equilibria=tuple(equilibria), components=tuple(components),
                          complete=True, exact=all_exact, notes=tuple(notes))


def _exact_pair(payoffs: tuple[ex.Matrix, ex.Matrix] | None, x: tuple[Fraction, ...] | None,
                y: tuple[Fraction, ...] | None) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]] | None:
    if payoffs is None or x is None or y is None:
        return None
    return (x, y) if ex.is_exact_equilibrium(payoffs[0], payoffs[1], x, y) else None


def _equilibrium(game: Game, x: FloatArray, y: FloatArray,
                 exact_pair: tuple[tuple[Fraction, ...], tuple[Fraction, ...]] | None) -> Equilibrium:
    if exact_pair is not None:
        x = np.array([float(v) for v in exact_pair[0]])
        y = np.array([float(v) for v in exact_pair[1]])
    exact_payoffs = None
    if exact_pair is not None and game.exact_payoffs is not None:
        Ae, Be = game.exact_payoffs
        exact_payoffs = (_bilinear(Ae, *exact_pair), _bilinear(Be, *exact_pair))
    return Equilibrium(players=game.players, strategy_names=game.strategies,
                       row=tuple(float(v) for v in x), column=tuple(float(v) for v in y),
                       payoffs=(float(x @ game.A @ y), float(x @ game.B @ y)), exact=exact_pair,
                       exact_payoffs=exact_payoffs)


def _bilinear(M: ex.Matrix, x: tuple[Fraction, ...], y: tuple[Fraction, ...]) -> Fraction:
    return sum((p * v for p, v in zip(x, ex.payoffs_against(M, y), strict=True)), Fraction(0))


# --- components: maximal Nash subsets and connected components -------------------------------------

def _components(pairs: list[tuple[int, int]], P: Vertices, Q: Vertices) -> tuple[list[Component], list[int]]:
    """Connected components of the bipartite graph of extreme equilibria, with their maximal bicliques."""
    parent = {("x", i): ("x", i) for i, _ in pairs} | {("y", j): ("y", j) for _, j in pairs}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while parent[node] != node:
            node = parent[node]
        return node

    for i, j in pairs:
        parent[root(("x", i))] = root(("y", j))
    groups: dict[tuple[str, int], list[int]] = {}
    for k, (i, _) in enumerate(pairs):
        groups.setdefault(root(("x", i)), []).append(k)
    components, label = [], [0] * len(pairs)
    for c, members in enumerate(sorted(groups.values())):
        for k in members:
            label[k] = c
        components.append(_component(c, [pairs[k] for k in members], members, P, Q))
    return components, label


def _component(index: int, edges: list[tuple[int, int]], members: list[int], P: Vertices, Q: Vertices) -> Component:
    xs = sorted({i for i, _ in edges})
    ys = sorted({j for _, j in edges})
    neighbours = {i: frozenset(j for a, j in edges if a == i) for i in xs}
    right_sets = set(neighbours.values())
    frontier = list(right_sets)
    while frontier:  # close the neighbourhoods under intersection: every maximal biclique's column side
        s = frontier.pop()
        for t in list(right_sets):
            u = s & t
            if u and u not in right_sets:
                right_sets.add(u)
                frontier.append(u)
    subsets = []
    for cols in right_sets:
        rows = [i for i in xs if cols <= neighbours[i]]
        subsets.append((tuple(xs.index(i) for i in rows), tuple(sorted(ys.index(j) for j in cols))))
    return Component(index=index, equilibria=tuple(members),
                     row_vertices=tuple(tuple(_probs(P.points[i]).tolist()) for i in xs),
                     column_vertices=tuple(tuple(_probs(Q.points[j]).tolist()) for j in ys),
                     maximal_subsets=tuple(sorted(subsets)))


# --- equilibrium selection flags ------------------------------------------------------------------

def _mark_selection(game: Game, eqs: list[Equilibrium]) -> list[Equilibrium]:
    """Flag the payoff-dominant and risk-dominant equilibria (only when there is a choice to make)."""
    pay = np.array([e.payoffs for e in eqs]) if eqs else np.zeros((0, 2))
    distinct = len({tuple(np.round(p, 9)) for p in pay}) > 1
    out = []
    for k, e in enumerate(eqs):
        dominant = distinct and bool(np.all(pay[k] >= pay - 1e-9))
        out.append(_replace(e, payoff_dominant=dominant, risk_dominant=_risk_dominates_all(game, e, eqs)))
    return out


def _risk_dominates_all(game: Game, e: Equilibrium, eqs: list[Equilibrium]) -> bool:
    """Harsanyi–Selten risk dominance between strict pure equilibria (on their 2×2 sub-game)."""
    strict = [q for q in eqs if q.pure and _is_strict(game, q)]
    if e not in strict or len(strict) < 2:
        return False
    i, j = int(np.argmax(e.row)), int(np.argmax(e.column))
    for q in strict:
        k, c = int(np.argmax(q.row)), int(np.argmax(q.column))
        if (k, c) == (i, j):
            continue
        if k == i or c == j:
            return False
        A, B = game.A, game.B
        mine = (A[i, j] - A[k, j]) * (B[i, j] - B[i, c])
        theirs = (A[k, c] - A[i, c]) * (B[k, c] - B[k, j])
        if not mine > theirs + 1e-12:
            return False
    return True


def _is_strict(game: Game, e: Equilibrium) -> bool:
    i, j = int(np.argmax(e.row)), int(np.argmax(e.column))
    col, row = game.A[:, j], game.B[i, :]
    return bool(np.sum(col >= col[i] - 1e-12) == 1 and np.sum(row >= row[j] - 1e-12) == 1)


# --- nashpy, guarded --------------------------------------------------------------------------------

def _solve_nashpy(game: Game, method: str, complete: EquilibriumSet, timeout: float) -> EquilibriumSet:
    found, finished, _ = run_nashpy(game, method, timeout)
    verified = [(x, y) for x, y in _unique(found) if regret(game.A, game.B, x, y) <= 1e-7 * _span(game)]
    rejected = len(_unique(found)) - len(verified)
    reference = [(np.array(e.row), np.array(e.column)) for e in complete.equilibria]
    hit = [any(_close(r, f) for f in verified) for r in reference]
    eqs = [_equilibrium(game, x, y, None) for x, y in verified]
    missed = tuple(e for e, h in zip(complete.equilibria, hit, strict=True) if not h)
    notes = []
    name = {"support": "support_enumeration", "vertex": "vertex_enumeration",
            "lemke-howson": "lemke_howson_enumeration"}[method]
    if not finished:
        notes.append(f"nashpy {name} was stopped after {timeout:g} s; results so far are kept")
    if rejected:
        notes.append(f"{rejected} profile(s) returned by nashpy failed the regret check and were dropped")
    if missed:
        notes.append(f"nashpy {name} missed {len(missed)} of {len(reference)} extreme equilibria "
                     "(listed under `missed`, found by negsim's complete enumeration)")
    extra = sum(not any(_close(f, r) for r in reference) for f in verified)
    if extra:
        notes.append(f"{extra} equilibrium(s) found by nashpy are not extreme points (they lie inside a component)")
    return EquilibriumSet(game=game, method=method, equilibria=tuple(eqs), components=complete.components,
                          complete=finished and not missed, exact=False, missed=missed, notes=tuple(notes))


def run_nashpy(game: Game, method: str,
               timeout: float = NASHPY_TIMEOUT) -> tuple[list[tuple[FloatArray, FloatArray]], bool, float]:
    """Run a nashpy enumeration in a child process: what it yielded, whether it finished in time, and its
    compute time (measured in the child, without process start-up; the time limit when stopped).

    >>> from negsim.games.model import Game
    >>> found, done, seconds = run_nashpy(Game.from_arrays([[3, 1], [4, 2]], [[3, 4], [1, 2]]), "support", 30)
    >>> [(x.tolist(), y.tolist()) for x, y in found], done
    ([([0.0, 1.0], [0.0, 1.0])], True)
    """
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    results: Any = ctx.Queue()
    proc = ctx.Process(target=_nashpy_worker, args=(game.A, game.B, method, results), daemon=True)
    proc.start()
    found: list[tuple[FloatArray, FloatArray]] = []
    deadline = time.monotonic() + timeout + 1.0  # allowance for process start-up (the child times itself)
    finished, seconds = False, timeout
    try:
        while (left := deadline - time.monotonic()) > 0:
            try:
                item = results.get(timeout=left)
            except queue_mod.Empty:
                break
            if isinstance(item, float):
                finished, seconds = True, item
                break
            found.append(item)
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(5)
    return found, finished and seconds <= timeout, min(seconds, timeout)


def _nashpy_worker(A: FloatArray, B: FloatArray, method: str, results: Any) -> None:
    import nashpy

    warnings.simplefilter("ignore")
    start = time.perf_counter()
    g = nashpy.Game(A, B)
    gen = {"support": g.support_enumeration, "vertex": g.vertex_enumeration,
           "lemke-howson": g.lemke_howson_enumeration}[method]()
    try:
        for x, y in gen:
            results.put((np.asarray(x, dtype=float), np.asarray(y, dtype=float)))
    finally:
        results.put(float(time.perf_counter() - start))


# --- small helpers ----------------------------------------------------------------------------------

def _probs(v: FloatArray) -> FloatArray:
    p = np.where(v > TOL, v, 0.0)
    return p / p.sum()


def _bits(mask: Any, size: int, invert: bool = False) -> list[int]:
    m = int(mask)
    return [i for i in range(size) if bool(m >> i & 1) != invert]


def _unique(pairs: list[tuple[FloatArray, FloatArray]]) -> list[tuple[FloatArray, FloatArray]]:
    out: list[tuple[FloatArray, FloatArray]] = []
    for x, y in pairs:
        if np.all(np.isfinite(x)) and np.all(np.isfinite(y)) and not any(_close((x, y), o) for o in out):
            out.append((x, y))
    return out


def _close(a: tuple[FloatArray, FloatArray], b: tuple[FloatArray, FloatArray]) -> bool:
    return bool(np.allclose(a[0], b[0], atol=1e-6) and np.allclose(a[1], b[1], atol=1e-6))


def _span(game: Game) -> float:
    return max(float(np.ptp(game.A)), float(np.ptp(game.B)), 1.0)


def _replace(e: Equilibrium, **changes: Any) -> Equilibrium:
    from dataclasses import replace

    return replace(e, **changes)


def _with_time(result: EquilibriumSet, start: float) -> EquilibriumSet:
    from dataclasses import replace

    return replace(result, seconds=time.perf_counter() - start)


def _clean(v: float) -> float:
    r = round(float(v), 12)
    return 0.0 if r == 0 else r


def _hull(game: Game, k: int, vertices: list[tuple[float, ...]]) -> str:
    texts = []
    for v in vertices:
        terms = [(_fmt(_simple(p)), s) for s, p in zip(game.strategies[k], v, strict=True) if p > 1e-9]
        texts.append(terms[0][1] if len(terms) == 1 else "(" + " + ".join(f"{p} {s}" for p, s in terms) + ")")
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


def _fmt(v: Fraction | float) -> str:
    """A probability or payoff for people: a fraction when it is a simple one (2/3), else 4 digits."""
    if isinstance(v, Fraction) and v.denominator <= 100:
        return str(v)
    return f"{float(v):.4g}"


def _simple(p: float) -> Fraction | float:
    """``p`` as a simple fraction when it is one (to 1e-9), else as it is."""
    f = Fraction(p).limit_denominator(100)
    return f if abs(float(f) - p) < 1e-9 else p
