"""Learning and evolutionary dynamics, reproducible with a seed.

* Replicator dynamics (symmetric, one population playing the row player's matrix) and
  asymmetric replicator dynamics (two populations) — deterministic ODEs, integrated by
  :mod:`negsim.games.ode` (nashpy's algorithm is scipy's ``odeint`` on the shares, which fails
  near the simplex's corners; negsim integrates the log shares, see that module).
* Fictitious play and stochastic fictitious play — random tie-breaking and noise. nashpy
  draws those from numpy's *global* random state; negsim runs them with that state set
  from the given seed and restores it afterwards, so the result depends on the seed only
  and the caller's random state is left untouched (not thread-safe: run one at a time).

Sources: Taylor & Jonker (1978), "Evolutionary stable strategies and game dynamics",
Math. Biosciences 40:145–156; Brown (1951), "Iterative solution of games by fictitious
play"; Fudenberg & Kreps (1993) and Hofbauer & Sandholm (2002), Econometrica 70(6),
for stochastic fictitious play; Knight & Campbell (2018), nashpy, JOSS 3(30):904.

Example:
    >>> from negsim.games.model import Game
    >>> mp = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> t1 = fictitious_play(mp, iterations=200, seed=3)
    >>> t2 = fictitious_play(mp, iterations=200, seed=3)
    >>> bool((t1.row == t2.row).all()), t1.row[-1].round(1).tolist()
    (True, [0.5, 0.5])
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from negsim.errors import NegsimError
from negsim.games.model import Game
from negsim.games.ode import one_population, two_populations

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Trajectory:
    """Strategy distributions over time: ``row[t]`` and ``column[t]`` (None for symmetric replicator)."""

    kind: str
    game: Game
    times: FloatArray
    row: FloatArray
    column: FloatArray | None
    seed: int | None = None

    @property
    def final(self) -> dict[str, dict[str, float]]:
        """The last distribution of each population, by strategy name."""
        out = {self.game.players[0]: _named(self.game.strategies[0], self.row[-1])}
        if self.column is not None:
            out[self.game.players[1]] = _named(self.game.strategies[1], self.column[-1])
        return out

    def to_dict(self, points: int = 50) -> dict[str, Any]:
        """Plain data, thinned to about ``points`` time points."""
        idx = np.unique(np.linspace(0, len(self.times) - 1, min(points, len(self.times))).round().astype(int))
        return {"kind": self.kind, "game": self.game.id, "seed": self.seed, "times": self.times[idx].tolist(),
                "row": self.row[idx].round(6).tolist(),
                "column": None if self.column is None else self.column[idx].round(6).tolist(), "final": self.final}


def replicator(game: Game, y0: Any = None, timepoints: Any = None) -> Trajectory:
    """Symmetric replicator dynamics on the row player's matrix (a square game played within one population).

    >>> from negsim.games.model import Game
    >>> hd = Game.from_arrays([[0, 3], [1, 2]], [[0, 1], [3, 2]])
    >>> replicator(hd, y0=[0.1, 0.9]).row[-1].round(3).tolist()
    [0.5, 0.5]
    """
    if game.shape[0] != game.shape[1]:
        raise NegsimError("symmetric replicator dynamics need a square game; use asymmetric_replicator instead")
    t = _timepoints(timepoints)
    row = one_population(game.A, [_start(y0, game.shape[0])], t)[0]
    return Trajectory("replicator", game, t, row, None)


def asymmetric_replicator(game: Game, x0: Any = None, y0: Any = None, timepoints: Any = None) -> Trajectory:
    """Two-population replicator dynamics: row population plays A, column population plays B.

    >>> from negsim.games.model import Game
    >>> sh = Game.from_arrays([[4, 1], [3, 2]], [[4, 3], [1, 2]])
    >>> asymmetric_replicator(sh, x0=[0.6, 0.4], y0=[0.6, 0.4]).row[-1].round(3).tolist()
    [1.0, 0.0]
    """
    t = _timepoints(timepoints)
    xs, ys = two_populations(game.A, game.B, [_start(x0, game.shape[0])], [_start(y0, game.shape[1])], t)
    return Trajectory("asymmetric replicator", game, t, xs[0], ys[0])


def fictitious_play(game: Game, iterations: int = 500, seed: int = 0) -> Trajectory:
    """Fictitious play: each round both best-respond to the opponent's empirical frequencies (random ties)."""
    _check_iterations(iterations)
    rng = np.random.RandomState(_legacy_seed(seed))  # nashpy's algorithm and draws, without the global state
    A, Bt = np.asarray(game.A, dtype=float), np.asarray(game.B, dtype=float).T
    row, col = np.zeros(game.shape[0]), np.zeros(game.shape[1])
    counts = []
    for _ in range(iterations):
        r, c = _best_response(A, col, rng), _best_response(Bt, row, rng)
        row, col = row.copy(), col.copy()
        row[r] += 1
        col[c] += 1
        counts.append((row, col))
    return _frequencies("fictitious play", game, counts, seed)


def _best_response(M: FloatArray, opponent_counts: FloatArray, rng: np.random.RandomState) -> int:
    """A best response to the opponent's play counts; ties broken uniformly at random (Brown 1951)."""
    utilities = M @ opponent_counts
    return int(rng.choice(np.flatnonzero(utilities == utilities.max())))


def _legacy_seed(seed: int) -> int:
    """The 32-bit seed of the legacy generator derived from ``seed`` (as :func:`seeded_global_state`)."""
    return int(np.random.SeedSequence(seed).generate_state(1)[0])


def stochastic_fictitious_play(game: Game, iterations: int = 500, seed: int = 0, etha: float = 0.1,
                               epsilon_bar: float = 0.01) -> Trajectory:
    """Stochastic fictitious play: logit responses with noise ``etha`` and payoff perturbations ``epsilon_bar``.

    >>> from negsim.games.model import Game
    >>> mp = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> stochastic_fictitious_play(mp, 50, seed=1).row.shape
    (50, 2)
    """
    _check_iterations(iterations)
    with seeded_global_state(seed):
        steps = list(game.to_nashpy().stochastic_fictitious_play(iterations=iterations, etha=etha,
                                                                  epsilon_bar=epsilon_bar))
    return _frequencies("stochastic fictitious play", game, [counts for counts, _ in steps[1:]], seed)


@contextmanager
def seeded_global_state(seed: int) -> Iterator[None]:
    """Run a block with numpy's global random state derived from ``seed``; restore the caller's state after.

    >>> before = np.random.get_state()[1][:3].tolist()
    >>> with seeded_global_state(7):
    ...     a = np.random.random()
    >>> with seeded_global_state(7):
    ...     b = np.random.random()
    >>> a == b, np.random.get_state()[1][:3].tolist() == before
    (True, True)
    """
    saved = np.random.get_state()
    np.random.seed(_legacy_seed(seed))
    try:
        yield
    finally:
        np.random.set_state(saved)


def _frequencies(kind: str, game: Game, counts: list[Any], seed: int) -> Trajectory:
    rows = np.array([np.asarray(c[0], dtype=float) for c in counts])
    cols = np.array([np.asarray(c[1], dtype=float) for c in counts])
    return Trajectory(kind, game, np.arange(1, len(counts) + 1, dtype=float),
                      rows / rows.sum(axis=1, keepdims=True), cols / cols.sum(axis=1, keepdims=True), seed)


def _timepoints(t: Any) -> FloatArray:
    return np.linspace(0, 20, 400) if t is None else np.asarray(t, dtype=float)


def _start(v: Any, n: int) -> FloatArray:
    if v is None:
        return np.full(n, 1.0 / n)
    a = np.asarray(v, dtype=float)
    if a.shape != (n,) or np.any(a < 0) or not np.isclose(a.sum(), 1.0):
        raise NegsimError(f"a starting distribution must be {n} non-negative numbers summing to 1, got {v!r}")
    return a


def _check_iterations(iterations: int) -> None:
    if not 1 <= iterations <= 1_000_000:
        raise NegsimError(f"iterations must be between 1 and 1,000,000, got {iterations}")


def _named(names: tuple[str, ...], probs: FloatArray) -> dict[str, float]:
    return {s: round(float(p), 6) for s, p in zip(names, probs, strict=True)}
