"""A two-player normal-form game with named players and strategies.

A :class:`Game` holds the two payoff matrices (row player ``A``, column player ``B``,
rows = the first player's strategies) as floats, and the same payoffs as exact
fractions (``Fraction(repr(x))``: a payoff written ``0.1`` is exactly one tenth), so
the equilibrium solver can verify its answers in exact arithmetic.

Source: von Neumann & Morgenstern (1944), *Theory of Games and Economic Behavior*, ch. 2;
Osborne (2004), *An Introduction to Game Theory*, ch. 2 (strategic games).

Example:
    >>> g = Game.from_arrays([[3, 1], [4, 2]], [[3, 4], [1, 2]], players=("a", "b"),
    ...                      strategies=(("cooperate", "defect"), ("cooperate", "defect")))
    >>> g.shape, g.payoff("a", "defect", "cooperate")
    ((2, 2), 4.0)
    >>> g.to_nashpy()[(0, 1), (1, 0)]     # row defects, column cooperates
    array([4, 1])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from negsim.errors import NegsimError

if TYPE_CHECKING:
    import nashpy

    from negsim.scenario.models import Game as GameSpec
    from negsim.scenario.models import Scenario

FloatArray = npt.NDArray[np.float64]
ExactMatrix = tuple[tuple[Fraction, ...], ...]

EXACT_MAX_DENOMINATOR = 10**9
"""Payoffs with at most 9 decimals are solved in exact arithmetic (longer floats in floats)."""


@dataclass(frozen=True)
class Game:
    """A bimatrix game: players, their strategies, and the two payoff matrices."""

    id: str
    title: str
    players: tuple[str, str]
    strategies: tuple[tuple[str, ...], tuple[str, ...]]
    A: FloatArray = field(repr=False)
    B: FloatArray = field(repr=False)
    names: tuple[str, str] = ("", "")
    notes: str = ""

    def __post_init__(self) -> None:
        a, b = _as_matrix(self.A, "row"), _as_matrix(self.B, "column")
        if a.shape != b.shape:
            raise NegsimError(f"payoff matrices differ in shape: {a.shape} and {b.shape}")
        if a.shape != (len(self.strategies[0]), len(self.strategies[1])):
            raise NegsimError(f"payoff matrices are {a.shape} but there are {len(self.strategies[0])}×"
                              f"{len(self.strategies[1])} strategies")
        object.__setattr__(self, "A", a)
        object.__setattr__(self, "B", b)
        if not all(self.names):
            object.__setattr__(self, "names", (self.names[0] or self.players[0], self.names[1] or self.players[1]))

    @classmethod
    def from_arrays(cls, A: Any, B: Any, *, players: Sequence[str] = ("row", "column"),
                    strategies: Sequence[Sequence[str]] | None = None, id: str = "game",
                    title: str = "") -> Game:
        """A game from two payoff matrices; strategies default to ``r1, r2, …`` and ``c1, c2, …``.

        >>> Game.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]]).strategies
        (('r1', 'r2'), ('c1', 'c2'))
        """
        a = _as_matrix(A, "row")
        if strategies is None:
            strategies = ([f"r{i + 1}" for i in range(a.shape[0])], [f"c{j + 1}" for j in range(a.shape[1])])
        p0, p1 = players
        return cls(id=id, title=title or id, players=(p0, p1),
                   strategies=(tuple(strategies[0]), tuple(strategies[1])), A=a, B=_as_matrix(B, "column"))

    @property
    def shape(self) -> tuple[int, int]:
        """(number of row strategies, number of column strategies)."""
        return (int(self.A.shape[0]), int(self.A.shape[1]))

    @property
    def exact_payoffs(self) -> tuple[ExactMatrix, ExactMatrix] | None:
        """The payoffs as fractions, or None when a payoff is not a short decimal (then floats are used)."""
        exact = tuple(_exact_matrix(m) for m in (self.A, self.B))
        if exact[0] is None or exact[1] is None:
            return None
        return exact[0], exact[1]

    def payoff(self, player: str, row: str, column: str) -> float:
        """Payoff to ``player`` when the row player plays ``row`` and the column player ``column``."""
        i, j = self.strategies[0].index(row), self.strategies[1].index(column)
        return float((self.A if player == self.players[0] else self.B)[i, j])

    def to_nashpy(self) -> nashpy.Game:
        """The same game as a ``nashpy.Game`` (integer matrices stay integer)."""
        import nashpy

        return nashpy.Game(_compact(self.A), _compact(self.B))

    def to_dict(self) -> dict[str, Any]:
        """Plain data: players, strategies and the two payoff matrices."""
        return {"id": self.id, "title": self.title, "players": list(self.players),
                "names": dict(zip(self.players, self.names, strict=True)),
                "strategies": {p: list(s) for p, s in zip(self.players, self.strategies, strict=True)},
                "payoffs": {self.players[0]: self.A.tolist(), self.players[1]: self.B.tolist()}}


def game_from_spec(spec: GameSpec, scenario: Scenario | None = None) -> Game:
    """Build a :class:`Game` from a validated scenario ``games:`` entry (either payoff form).

    >>> from negsim.scenario.models import Game as Spec
    >>> spec = Spec(id="g", players=("a", "b"), strategies={"a": ["x", "y"], "b": ["l", "r"]},
    ...             payoffs={"x": {"l": [1, 0], "r": [0, 1]}, "y": {"l": [0, 1], "r": [1, 0]}})
    >>> game_from_spec(spec).A.tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    p0, p1 = spec.players
    rows, cols = spec.strategies[p0], spec.strategies[p1]
    pay = spec.payoffs
    if set(pay) <= {"row", "column"} and pay:
        A, B = np.asarray(pay["row"], dtype=float), np.asarray(pay["column"], dtype=float)
    else:
        A = np.array([[pay[r][c][0] for c in cols] for r in rows], dtype=float)
        B = np.array([[pay[r][c][1] for c in cols] for r in rows], dtype=float)
    names = ("", "")
    if scenario is not None:
        names = (scenario.party(p0).name, scenario.party(p1).name)
    return Game(id=spec.id, title=spec.title or spec.id, players=(p0, p1), strategies=(tuple(rows), tuple(cols)),
                A=A, B=B, names=names, notes=spec.notes)


def scenario_games(scenario: Scenario) -> list[Game]:
    """Every game written under the scenario's ``games:``, in order."""
    return [game_from_spec(spec, scenario) for spec in scenario.games]


def find_game(scenario: Scenario, game_id: str) -> Game:
    """One game of the scenario by id; a :class:`NegsimError` naming the ids otherwise."""
    for spec in scenario.games:
        if spec.id == game_id:
            return game_from_spec(spec, scenario)
    ids = ", ".join(g.id for g in scenario.games) or "none"
    raise NegsimError(f"no game `{game_id}` in this scenario (games: {ids})")


def _as_matrix(m: Any, who: str) -> FloatArray:
    a = np.asarray(m, dtype=float)
    if a.ndim != 2 or 0 in a.shape:
        raise NegsimError(f"the {who} payoff matrix must be a non-empty 2-D table, got shape {a.shape}")
    if not np.isfinite(a).all():
        raise NegsimError(f"the {who} payoff matrix has a non-finite payoff (inf or nan)")
    return a


def _exact_matrix(m: FloatArray) -> ExactMatrix | None:
    rows = []
    for row in m.tolist():
        cells = tuple(Fraction(repr(float(v))) for v in row)
        if any(c.denominator > EXACT_MAX_DENOMINATOR for c in cells):
            return None
        rows.append(cells)
    return tuple(rows)


def _compact(m: FloatArray) -> npt.NDArray[Any]:
    return m.astype(np.int64) if np.all(m == np.round(m)) and np.abs(m).max() < 2**52 else m
