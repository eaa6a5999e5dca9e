"""Vertices of a best-response polytope, with their labels, by vectorised basis enumeration.

For a payoff matrix ``M`` (d × c, entries ≥ 1) the polytope is
``{v ∈ R^d : v ≥ 0, Mᵀ v ≤ 1}``. A vertex with support ``S`` (|S| = k) is the solution of
``M[S, J]ᵀ v_S = 1`` for some k tight constraints ``J`` — every vertex has such a basis with
``S`` exactly its support, so enumerating all (S, J) pairs of equal size with a
nonsingular system, a strictly positive solution and every constraint satisfied finds
*every* vertex, degenerate ones included (several bases then give the same point; the
labels are read from the point, not from the basis).

Source: von Stengel (2007), "Equilibrium computation for two-player games in strategic
and extensive form", in Nisan et al., *Algorithmic Game Theory*, ch. 3 (best-response
polytopes, labels); Avis, Rosenberg, Savani & von Stengel (2010), "Enumeration of Nash
equilibria for two-player games", Economic Theory 42:9–37.

Example:
    >>> import numpy as np
    >>> v = polytope_vertices(np.array([[2.0, 1.0], [1.0, 2.0]]))
    >>> np.round(v.points, 4).tolist(), v.zero_labels.tolist(), v.tight_labels.tolist()
    ([[0.0, 0.5], [0.3333, 0.3333], [0.5, 0.0]], [1, 0, 2], [2, 3, 1])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from math import comb

import numpy as np
import numpy.typing as npt

from negsim.errors import NegsimError

TOL = 1e-9
"""Tolerance on the normalised payoff scale [1, 2] for ties, tight constraints and zero probabilities."""

MAX_BASES = 20_000_000
"""Largest number of candidate bases (C(m+n, m)) the complete enumeration accepts."""

_CHUNK = 1_500_000
"""Matrix entries per batched solve (bounds memory)."""


@dataclass(frozen=True)
class Vertices:
    """Nonzero vertices of a best-response polytope and which constraints are tight at each."""

    points: npt.NDArray[np.float64]
    zero_labels: npt.NDArray[np.int64]
    tight_labels: npt.NDArray[np.int64]


def polytope_vertices(M: npt.NDArray[np.float64], tol: float = TOL,
                      progress: Callable[[int], None] | None = None) -> Vertices:
    """All nonzero vertices of ``{v ≥ 0, Mᵀ v ≤ 1}`` with bitmasks of zero variables and tight constraints.

    ``M`` must have entries ≥ 1 (see :func:`normalise`). Sorted lexicographically.
    ``progress(bases)`` is told how many candidate bases each chunk settled.

    >>> polytope_vertices(np.array([[1.0]])).points.tolist()
    [[1.0]]
    """
    d, c = M.shape
    check_size(d, c)
    found = [_vertices_of_size(M, k, tol, progress) for k in range(1, min(d, c) + 1)]
    points = np.concatenate([f[0] for f in found])
    tight = np.concatenate([f[1] for f in found])
    v = _deduplicate(points, tight, tol)
    ok = _is_vertex(M, v.points, tol)
    return Vertices(points=v.points[ok], zero_labels=v.zero_labels[ok], tight_labels=v.tight_labels[ok])


def normalise(M: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Affine rescaling to [1, 2] (a constant matrix becomes all ones); equilibria are unchanged.

    >>> normalise(np.array([[0.0, 5.0], [10.0, 5.0]])).tolist()
    [[1.0, 1.5], [2.0, 1.5]]
    """
    span = float(M.max() - M.min())
    if span == 0.0:
        return np.ones_like(M, dtype=float)
    return (M - M.min()) / span + 1.0


def fits_complete(m: int, n: int) -> bool:
    """Whether the complete enumeration takes an m×n game (at most :data:`MAX_BASES` candidate bases)."""
    return comb(m + n, m) <= MAX_BASES


def check_size(m: int, n: int) -> None:
    """Refuse games whose complete enumeration would take too long, saying why and what to do instead."""
    bases = comb(m + n, m)
    if not fits_complete(m, n):
        from negsim.games.lemke_howson import MAX_PIVOTS

        raise NegsimError(
            f"a {m}×{n} game is too large for complete equilibrium enumeration: it solves every candidate basis of "
            f"both best-response polytopes, C({m + n}, {m}) = {bases:.1e} of them here (limit {MAX_BASES:.0e}, "
            f"about a minute; each strategy added to both sides multiplies the work by about 4). Instead, "
            f"`negsim games --method lcp` finds some equilibria by Lemke–Howson pivoting from each of the "
            f"{m + n} strategies (at most {MAX_PIVOTS:,} pivots each, seconds at 20×20), each one verified — but "
            "not necessarily all of them")


def _vertices_of_size(M: npt.NDArray[np.float64], k: int, tol: float, progress: Callable[[int], None] | None = None
                      ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    d, c = M.shape
    S = np.array(list(combinations(range(d), k)), dtype=np.intp)
    J = np.array(list(combinations(range(c), k)), dtype=np.intp)
    step = max(1, _CHUNK // (len(J) * k * k))
    parts = []
    for i in range(0, len(S), step):
        parts.append(_solve_bases(M, S[i:i + step], J, tol))
        if progress is not None:
            progress(len(S[i:i + step]) * len(J))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _solve_bases(M: npt.NDArray[np.float64], S: npt.NDArray[np.intp], J: npt.NDArray[np.intp],
                 tol: float) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Solve ``M[S, J]ᵀ v = 1`` for the (S, J) pairs that can be vertices; keep positive, feasible solutions."""
    d, c = M.shape
    s_of, j_of = np.nonzero(_possible(M, S, J, tol))
    systems = M[S[s_of][:, None, :], J[j_of][:, :, None]]  # [b, a] = M[S_a, J_b]
    v, ok = _solve_nonsingular(systems)
    rows = S[s_of[ok]]
    keep = (v > tol).all(axis=1)
    v, rows = v[keep], rows[keep]
    values = np.einsum("nk,nkc->nc", v, M[rows])
    feasible = (values <= 1.0 + tol).all(axis=1)
    v, rows, values = v[feasible], rows[feasible], values[feasible]
    points = np.zeros((len(v), d))
    np.put_along_axis(points, rows, v, axis=1)
    tight = (np.abs(values - 1.0) <= tol) @ (np.int64(1) << np.arange(c, dtype=np.int64))
    return points, tight.astype(np.int64)


def _possible(M: npt.NDArray[np.float64], S: npt.NDArray[np.intp], J: npt.NDArray[np.intp],
              tol: float) -> npt.NDArray[np.bool_]:
    """(S, J) pairs worth solving: no column of J is strictly dominated on the rows S by another column.

    A dominated column cannot be tight at a point v > 0 on S that satisfies the dominating column's
    constraint (the margin 4·tol keeps this consistent with the tolerance of the feasibility test).
    """
    MS = M[S]                                                                    # (s, k, c)
    beats = np.all((MS[:, :, :, None] - MS[:, :, None, :]) > 4 * tol, axis=1)      # (s, c', c)
    dominated: npt.NDArray[np.bool_] = np.any(beats, axis=1)                     # (s, c)
    return np.logical_not(np.any(dominated[:, J], axis=2))                       # (s, j)


def _solve_nonsingular(systems: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Solutions of ``systems @ v = 1`` for the nonsingular ones (relative determinant test)."""
    k = systems.shape[-1]
    if k == 1:
        ok: npt.NDArray[np.bool_] = systems[:, 0, 0] != 0.0
        inverse: npt.NDArray[np.float64] = 1.0 / systems[ok, 0, :]
        return inverse, ok
    try:  # a tiny shift makes exactly singular systems solvable: their solutions are then huge (infeasible)
        # or not vertices (removed by _is_vertex); on nonsingular ones it moves the solution by ~1e-12·cond
        ones = np.ones((len(systems), k, 1))
        solved = np.asarray(np.linalg.solve(systems + 1e-12 * np.eye(k), ones)[..., 0], dtype=np.float64)
        return solved, np.ones(len(systems), dtype=bool)
    except np.linalg.LinAlgError:
        pass
    det = np.linalg.det(systems)
    hadamard = np.prod(np.linalg.norm(systems, axis=2), axis=1)
    ok = np.abs(det) > 1e-10 * hadamard
    v = np.asarray(np.linalg.solve(systems[ok], np.ones((int(ok.sum()), k, 1)))[..., 0], dtype=np.float64)
    return v, ok


def _deduplicate(points: npt.NDArray[np.float64], tight: npt.NDArray[np.int64], tol: float) -> Vertices:
    keys = np.round(points / (tol * 100)).astype(np.int64)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    merged = np.zeros(len(first), dtype=np.int64)
    np.bitwise_or.at(merged, inverse.ravel(), tight)
    pts = points[first]
    zero = (pts <= tol) @ (np.int64(1) << np.arange(pts.shape[1], dtype=np.int64))
    return Vertices(points=pts, zero_labels=zero.astype(np.int64), tight_labels=merged)


def _is_vertex(M: npt.NDArray[np.float64], points: npt.NDArray[np.float64], tol: float) -> npt.NDArray[np.bool_]:
    """A point is a vertex when its tight constraints (zeros and tight columns) have full rank d."""
    d = M.shape[0]
    if len(points) == 0:
        return np.zeros(0, dtype=bool)
    constraints = np.concatenate([np.eye(d), M.T])  # (d + c, d)
    tight = np.concatenate([points <= tol, np.abs(points @ M - 1.0) <= tol], axis=1)
    stacked = constraints[None, :, :] * tight[:, :, None]
    singular = np.linalg.svd(stacked, compute_uv=False)
    return singular[:, d - 1] > 1e-8 * singular[:, 0]
