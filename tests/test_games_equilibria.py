"""Equilibria: published cases (REFERENCES case 9), degenerate games, and an independent exact brute force.

The brute force below is written for the tests only: it enumerates the vertices of both
best-response polytopes in exact rational arithmetic by trying *every* choice of m tight
constraints among all m + n (von Stengel 2007, Algorithmic Game Theory ch. 3, §3.2–3.5),
and pairs the completely labelled ones. negsim's ``auto`` must return exactly that set of
extreme equilibria, and every returned profile must have zero regret in exact arithmetic.
"""

from __future__ import annotations

from fractions import Fraction as F
from itertools import combinations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negsim.games.equilibria import extreme_equilibria, regret, solve
from negsim.games.model import Game

# --- independent exact brute force ------------------------------------------------------------------


def _exact_solve(rows: list[list[F]], rhs: list[F]) -> list[F] | None:
    """Gauss–Jordan on a square system; None when singular."""
    n = len(rows)
    a = [[*r, b] for r, b in zip(rows, rhs, strict=True)]
    for c in range(n):
        p = next((i for i in range(c, n) if a[i][c] != 0), None)
        if p is None:
            return None
        a[c], a[p] = a[p], a[c]
        a[c] = [v / a[c][c] for v in a[c]]
        for i in range(n):
            if i != c and a[i][c] != 0:
                f = a[i][c]
                a[i] = [u - f * w for u, w in zip(a[i], a[c], strict=True)]
    return [a[i][n] for i in range(n)]


def _brute_vertices(M: list[list[F]]) -> dict[tuple[F, ...], frozenset[int]]:
    """Vertices of {v ≥ 0 (labels 0..d-1), Mᵀv ≤ 1 (labels d..d+c-1)} → their tight labels (exact)."""
    d, c = len(M), len(M[0])
    constraints = [([F(int(i == k)) for i in range(d)], F(0)) for k in range(d)]
    constraints += [([M[i][j] for i in range(d)], F(1)) for j in range(c)]
    found: dict[tuple[F, ...], frozenset[int]] = {}
    for chosen in combinations(range(d + c), d):
        v = _exact_solve([constraints[t][0] for t in chosen], [constraints[t][1] for t in chosen])
        if v is None or any(x < 0 for x in v) or all(x == 0 for x in v):
            continue
        vals = [sum((a * x for a, x in zip(row, v, strict=True)), F(0)) for row, _ in constraints]
        if any(vals[d + j] > 1 for j in range(c)):
            continue
        found[tuple(v)] = frozenset(t for t, (val, (_, b)) in enumerate(zip(vals, constraints, strict=True))
                                    if val == b)
    return found


def brute_force(A: list[list[int]], B: list[list[int]]) -> set[tuple[tuple[F, ...], tuple[F, ...]]]:
    """Exact extreme equilibria of (A, B), normalised to probabilities."""
    m, n = len(A), len(A[0])
    lo = min(min(r) for r in A + B)
    Ap = [[F(v - lo + 1) for v in r] for r in A]
    Bp = [[F(v - lo + 1) for v in r] for r in B]
    P = _brute_vertices(Bp)                                       # x labels: i (x_i=0), m+j (col j tight)
    Q = _brute_vertices([list(col) for col in zip(*Ap, strict=True)])  # y labels: j → m+j, n+i → i
    out = set()
    for x, lx in P.items():
        for y, ly in Q.items():
            ly2 = {(t + m) if t < n else (t - n) for t in ly}
            if lx | ly2 == set(range(m + n)):
                out.add((tuple(v / sum(x) for v in x), tuple(v / sum(y) for v in y)))
    return out


def negsim_exact(A: list[list[int]], B: list[list[int]]) -> set[tuple[tuple[F, ...], tuple[F, ...]]]:
    result = solve(Game.from_arrays(A, B))
    assert result.exact, result.notes
    return {e.exact for e in result.equilibria if e.exact is not None}


def exact_regret(A: list[list[int]], B: list[list[int]], x: tuple[F, ...], y: tuple[F, ...]) -> F:
    ay = [sum((F(a) * q for a, q in zip(r, y, strict=True)), F(0)) for r in A]
    xb = [sum((F(B[i][j]) * x[i] for i in range(len(x))), F(0)) for j in range(len(y))]
    return max(max(ay) - sum(p * v for p, v in zip(x, ay, strict=True)),
               max(xb) - sum(q * v for q, v in zip(y, xb, strict=True)))


# --- REFERENCES.md case 9 (Osborne 2004, lecture notes) ---------------------------------------------

def _game(rows: list[list[tuple[float, float]]]) -> Game:
    A = [[c[0] for c in r] for r in rows]
    B = [[c[1] for c in r] for r in rows]
    return Game.from_arrays(A, B, players=("r", "c"))


def _profiles(g: Game) -> list[tuple[tuple[float, ...], tuple[float, ...], tuple[float, float]]]:
    return [(tuple(np.round(e.row, 9)), tuple(np.round(e.column, 9)), tuple(np.round(e.payoffs, 9)))
            for e in solve(g).equilibria]


def test_references_case9_prisoners_dilemma_only_defect_defect() -> None:
    assert _profiles(_game([[(3, 3), (1, 4)], [(4, 1), (2, 2)]])) == [((0, 1), (0, 1), (2, 2))]


def test_references_case9_chicken_two_pure_and_half_half_mix() -> None:
    got = _profiles(_game([[(3, 3), (2, 4)], [(4, 2), (1, 1)]]))
    assert sorted(got) == sorted([((1, 0), (0, 1), (2, 4)), ((0, 1), (1, 0), (4, 2)),
                                  ((0.5, 0.5), (0.5, 0.5), (2.5, 2.5))])


def test_references_case9_cardinal_chicken_swerve_with_point_nine() -> None:
    got = _profiles(_game([[(0, 0), (-1, 1)], [(1, -1), (-10, -10)]]))
    mixed = [p for p in got if max(p[0]) < 1]
    assert mixed == [((0.9, 0.1), (0.9, 0.1), (-0.1, -0.1))]
    assert len(got) == 3


def test_references_case9_stag_hunt() -> None:
    got = _profiles(_game([[(4, 4), (1, 3)], [(3, 1), (2, 2)]]))
    assert sorted(got) == sorted([((1, 0), (1, 0), (4, 4)), ((0, 1), (0, 1), (2, 2)),
                                  ((0.5, 0.5), (0.5, 0.5), (2.5, 2.5))])


def test_references_case9_battle_of_the_sexes_value_two_thirds() -> None:
    result = solve(_game([[(2, 1), (0, 0)], [(0, 0), (1, 2)]]))
    mixed = result.mixed
    assert len(result.pure) == 2 and len(mixed) == 1
    assert mixed[0].exact == ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))
    assert mixed[0].exact_payoffs == (F(2, 3), F(2, 3))


def test_references_case9_deadlock_only_defect_defect() -> None:
    assert _profiles(_game([[(2, 2), (1, 4)], [(4, 1), (3, 3)]])) == [((0, 1), (0, 1), (3, 3))]


def test_stag_hunt_selection_payoff_vs_risk_dominance() -> None:
    """Harsanyi & Selten (1988): in the Stag Hunt (S,S) is payoff-dominant; (H,H) risk-dominates when the
    hare is safe enough — here deviation losses (4−3)(4−3)=1 < (2−1)(2−1)=1 tie → neither risk-dominates;
    with (S,H) = 0 the hare equilibrium risk-dominates: (4−3)² = 1 < (2−0)² = 4."""
    tie = solve(_game([[(4, 4), (1, 3)], [(3, 1), (2, 2)]]))
    assert [e.payoff_dominant for e in tie.equilibria if e.pure] == [True, False]
    assert not any(e.risk_dominant for e in tie.equilibria)
    hare = solve(_game([[(4, 4), (0, 3)], [(3, 0), (2, 2)]]))
    assert [e.risk_dominant for e in hare.pure] == [False, True]


# --- the issue's degenerate examples ----------------------------------------------------------------

def test_issue_degenerate_2x2_with_mixed_extreme_point() -> None:
    A, B = [[0, 0], [-1, 2]], [[2, 2], [-1, 1]]
    expected = {((F(1), F(0)), (F(1), F(0))), ((F(1), F(0)), (F(2, 3), F(1, 3))), ((F(0), F(1)), (F(0), F(1)))}
    assert brute_force(A, B) == expected
    assert negsim_exact(A, B) == expected
    result = solve(Game.from_arrays(A, B))
    assert len(result.components) == 2  # a segment (row plays 1; column mixes from (1,0) to (2/3,1/3)) + a point
    assert sorted(len(c.equilibria) for c in result.components) == [1, 2]


def test_3x3_with_repeated_row_gives_segments_of_equilibria() -> None:
    """Rows 1 and 2 are copies (same payoffs for both players): every equilibrium using them comes as a
    segment between the two copies, so negsim must report one non-isolated component per such column mix."""
    A = [[3, 0, 1], [3, 0, 1], [0, 2, 0]]
    B = [[1, 0, 2], [1, 0, 2], [0, 3, 1]]
    expected = brute_force(A, B)
    assert negsim_exact(A, B) == expected
    for x, y in expected:
        assert ((x[1], x[0], x[2]), y) in expected
    copies = {y for x, y in expected if x[0] + x[1] > 0}
    result = solve(Game.from_arrays(A, B))
    segments = [c for c in result.components if not c.isolated]
    assert len(segments) == len(copies) == 2
    assert all(len(c.row_vertices) == 2 and len(c.column_vertices) == 1 for c in segments)


def test_rock_paper_scissors_with_ties() -> None:
    A = [[0, -1, 1], [1, 0, 0], [-1, 1, 0]]  # paper ties with scissors
    B = [[-v for v in r] for r in A]
    expected = brute_force(A, B)
    got = negsim_exact(A, B)
    assert got == expected and len(got) >= 1


def test_all_zero_game_has_every_pure_profile_as_extreme_equilibrium() -> None:
    A = [[0, 0], [0, 0]]
    assert negsim_exact(A, A) == brute_force(A, A)
    assert len(negsim_exact(A, A)) == 4
    assert len(solve(Game.from_arrays(A, A)).components) == 1


# --- property tests: random small games with many ties ----------------------------------------------

@st.composite
def tied_games(draw: st.DrawFn) -> tuple[list[list[int]], list[list[int]]]:
    m = draw(st.integers(1, 5))
    n = draw(st.integers(1, 4))
    hi = draw(st.integers(1, 3))
    cell = st.integers(0, hi)
    A = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    return A, B


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tied_games())
def test_auto_equals_exact_brute_force_and_has_zero_regret(game: tuple[list[list[int]], list[list[int]]]) -> None:
    A, B = game
    got = negsim_exact(A, B)
    assert got == brute_force(A, B)
    for x, y in got:
        assert exact_regret(A, B, x, y) == 0


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([(3, 3), (4, 3), (5, 5)]))
def test_float_games_match_brute_force_on_their_decimals(seed: int, shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(seed)
    A = (rng.integers(-50, 50, shape)).tolist()
    B = (rng.integers(-50, 50, shape)).tolist()
    scaled = [(np.array(A) / 10).tolist(), (np.array(B) / 10).tolist()]  # one-decimal payoffs: still exact
    expected = {(x, y) for x, y in brute_force(A, B)}
    result = solve(Game.from_arrays(*scaled))
    assert {e.exact for e in result.equilibria} == expected
    for x, y in extreme_equilibria(*scaled):
        assert regret(*scaled, x, y) < 1e-9


def test_agrees_with_nashpy_vertex_enumeration_on_small_float_games() -> None:
    """nashpy's vertex enumeration is right on small nondegenerate games (PITFALLS.md): a peer check."""
    import nashpy

    rng = np.random.default_rng(3)
    for _ in range(8):
        A, B = rng.random((4, 4)), rng.random((4, 4))
        ours = {tuple(np.round(np.concatenate(p), 6)) for p in extreme_equilibria(A, B)}
        peer = {tuple(np.round(np.concatenate([np.asarray(x, float), np.asarray(y, float)]), 6))
                for x, y in nashpy.Game(A, B).vertex_enumeration()}
        assert ours == peer


def test_components_of_a_pure_coordination_with_a_dominated_tie() -> None:
    """Row indifferent everywhere: any row mix with column's best reply — brute force decides the extreme set."""
    A = [[1, 1], [1, 1]]
    B = [[2, 0], [0, 1]]
    assert negsim_exact(A, B) == brute_force(A, B)


@pytest.mark.parametrize("method", ["support", "vertex", "lemke-howson"])
def test_nashpy_methods_report_what_they_miss(method: str) -> None:
    g = Game.from_arrays([[0, 0], [-1, 2]], [[2, 2], [-1, 1]])
    result = solve(g, method, timeout=20)
    assert all(regret(g.A, g.B, e.row, e.column) < 1e-7 for e in result.equilibria)
    found = {(tuple(np.round(e.row, 6)), tuple(np.round(e.column, 6))) for e in result.equilibria}
    missed = {(tuple(np.round(e.row, 6)), tuple(np.round(e.column, 6))) for e in result.missed}
    complete = {(tuple(float(v) for v in x), tuple(float(v) for v in y))
                for x, y in brute_force([[0, 0], [-1, 2]], [[2, 2], [-1, 1]])}
    rounded = {(tuple(np.round(x, 6)), tuple(np.round(y, 6))) for x, y in complete}
    assert rounded <= found | missed
    assert result.complete == (not missed)


def test_unknown_method_is_a_user_error() -> None:
    from negsim.errors import NegsimError

    with pytest.raises(NegsimError, match="choose one of"):
        solve(Game.from_arrays([[1]], [[1]]), "magic")


def test_nashpy_runs_are_stopped_at_the_time_limit() -> None:
    """nashpy's support enumeration on 9×9 takes seconds (PITFALLS.md); a 0.3 s limit must stop it, keep what it
    found, and report the run as unfinished — the guard that also protects against Lemke–Howson's endless loops."""
    from negsim.games.equilibria import run_nashpy

    rng = np.random.default_rng(0)
    g = Game.from_arrays(rng.random((9, 9)), rng.random((9, 9)))
    found, finished, seconds = run_nashpy(g, "support", timeout=0.3)
    assert not finished and seconds == 0.3
    assert all(regret(g.A, g.B, x, y) < 1e-9 for x, y in found)
    result = solve(g, "support", timeout=0.3)
    assert any("stopped after 0.3 s" in n for n in result.notes) and not result.complete
