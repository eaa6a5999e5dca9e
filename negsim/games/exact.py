"""Exact rational arithmetic for equilibrium checks: solving small systems and measuring regret.

The float enumeration finds every candidate; these helpers recompute each equilibrium in
fractions from the supports and best-response sets it found, and verify it exactly
(every strategy in the support earns the maximal payoff, to the last digit).

Source: von Stengel (2007), "Equilibrium computation for two-player games in strategic
and extensive form", in Nisan et al., *Algorithmic Game Theory*, ch. 3 (§3.3: an
equilibrium is determined by its supports and the players' indifference conditions).

Example:
    >>> from fractions import Fraction as F
    >>> mix_making_indifferent([[F(1), F(0)], [F(0), F(2)]], [0, 1], [0, 1])
    (Fraction(2, 3), Fraction(1, 3))
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

Matrix = Sequence[Sequence[Fraction]]


def solve_unique(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of a consistent linear system (any number of equations), else None.

    >>> from fractions import Fraction as F
    >>> solve_unique([[F(1), F(1)], [F(1), F(-1)], [F(2), F(0)]], [F(2), F(0), F(2)])
    [Fraction(1, 1), Fraction(1, 1)]
    """
    n = len(rows[0]) if rows else 0
    aug = [[*r, b] for r, b in zip(rows, rhs, strict=True)]
    pivot_cols: list[int] = []
    r = 0
    for c in range(n):
        p = next((i for i in range(r, len(aug)) if aug[i][c] != 0), None)
        if p is None:
            continue
        aug[r], aug[p] = aug[p], aug[r]
        lead = aug[r][c]
        aug[r] = [v / lead for v in aug[r]]
        for i in range(len(aug)):
            if i != r and aug[i][c] != 0:
                f = aug[i][c]
                aug[i] = [a - f * b for a, b in zip(aug[i], aug[r], strict=True)]
        pivot_cols.append(c)
        r += 1
    if len(pivot_cols) < n or any(row[n] != 0 for row in aug[r:]):
        return None
    return [aug[i][n] for i in range(n)]


def mix_making_indifferent(M: Matrix, support: Sequence[int], tight: Sequence[int]) -> tuple[Fraction, ...] | None:
    """The mix over rows ``support`` of ``M`` that makes every column in ``tight`` pay the same.

    ``M`` is the *opponent's* payoff with the mixing player's strategies as rows. Returns the
    full probability vector, or None when the conditions do not fix a unique mix.
    """
    k = len(support)
    rows = [[M[i][j] for i in support] + [Fraction(-1)] for j in tight]
    rows.append([Fraction(1)] * k + [Fraction(0)])
    sol = solve_unique(rows, [Fraction(0)] * len(tight) + [Fraction(1)])
    if sol is None:
        return None
    probs = [Fraction(0)] * len(M)
    for i, p in zip(support, sol[:k], strict=True):
        probs[i] = p
    return tuple(probs)


def payoffs_against(M: Matrix, mix: Sequence[Fraction]) -> list[Fraction]:
    """Payoff of each row of ``M`` against the column mix ``mix``.

    >>> from fractions import Fraction as F
    >>> payoffs_against([[F(1), F(0)], [F(0), F(1)]], [F(1, 4), F(3, 4)])
    [Fraction(1, 4), Fraction(3, 4)]
    """
    return [sum((a * p for a, p in zip(row, mix, strict=True)), Fraction(0)) for row in M]


def transpose(M: Matrix) -> list[list[Fraction]]:
    """The transposed matrix."""
    return [list(col) for col in zip(*M, strict=True)]


def is_exact_equilibrium(A: Matrix, B: Matrix, x: Sequence[Fraction], y: Sequence[Fraction]) -> bool:
    """Zero regret in exact arithmetic: no player gains by any pure deviation.

    >>> from fractions import Fraction as F
    >>> A = [[F(1), F(0)], [F(0), F(1)]]
    >>> is_exact_equilibrium(A, A, [F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)])
    True
    """
    if min(x) < 0 or min(y) < 0 or sum(x) != 1 or sum(y) != 1:
        return False
    row = payoffs_against(A, y)
    col = payoffs_against(transpose(B), x)
    value_row = sum((p * v for p, v in zip(x, row, strict=True)), Fraction(0))
    value_col = sum((p * v for p, v in zip(y, col, strict=True)), Fraction(0))
    return max(row) == value_row and max(col) == value_col
