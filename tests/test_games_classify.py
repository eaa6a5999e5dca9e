"""2×2 names: REFERENCES case 9 and the Rapoport & Guyer (1966) orderings, invariant under relabelling."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negsim.games.classify import classify
from negsim.games.model import Game


def _game(rows: list[list[tuple[float, float]]]) -> Game:
    return Game.from_arrays([[c[0] for c in r] for r in rows], [[c[1] for c in r] for r in rows], players=("p", "q"))


def _symmetric(R: float, S: float, T: float, P: float) -> Game:
    """Symmetric game with CC = R, CD = S, DC = T, DD = P (Rapoport & Guyer notation)."""
    return _game([[(R, R), (S, T)], [(T, S), (P, P)]])


CASE9 = {  # REFERENCES.md case 9 (row payoff first)
    "Prisoner's Dilemma": [[(3, 3), (1, 4)], [(4, 1), (2, 2)]],
    "Chicken": [[(3, 3), (2, 4)], [(4, 2), (1, 1)]],
    "Stag Hunt": [[(4, 4), (1, 3)], [(3, 1), (2, 2)]],
    "Battle of the Sexes": [[(2, 1), (0, 0)], [(0, 0), (1, 2)]],
    "Deadlock": [[(2, 2), (1, 4)], [(4, 1), (3, 3)]],
}


@pytest.mark.parametrize("name", sorted(CASE9))
def test_references_case9_names(name: str) -> None:
    result = classify(_game(CASE9[name]))
    assert result is not None and result.name == name


def test_cardinal_chicken_is_chicken() -> None:
    result = classify(_game([[(0, 0), (-1, 1)], [(1, -1), (-10, -10)]]))
    assert result is not None and result.name == "Chicken"


@pytest.mark.parametrize(("ordering", "name"), [
    ((3, 1, 4, 2), "Prisoner's Dilemma"),   # T > R > P > S
    ((3, 2, 4, 1), "Chicken"),              # T > R > S > P
    ((2, 3, 4, 1), "Leader"),               # T > S > R > P
    ((2, 4, 3, 1), "Battle of the Sexes"),  # S > T > R > P (Rapoport & Guyer's "Hero")
    ((4, 1, 3, 2), "Stag Hunt"),            # R > T > P > S
    ((4, 2, 3, 1), "Harmony"),              # R > T > S > P
    ((2, 1, 4, 3), "Deadlock"),             # T > P > R > S
])
def test_rapoport_guyer_orderings(ordering: tuple[int, int, int, int], name: str) -> None:
    result = classify(_symmetric(*ordering))
    assert result is not None and result.name == name and result.symmetric


def test_matching_pennies_and_a_cyclic_game() -> None:
    mp = classify(_game([[(1, -1), (-1, 1)], [(-1, 1), (1, -1)]]))
    cyc = classify(_game([[(2, 0), (0, 1)], [(0, 3), (1, 0)]]))  # best responses cycle; interests not opposed
    assert mp is not None and mp.name == "Matching Pennies"
    assert cyc is not None and cyc.name == "Cyclic game"


def test_ties_in_best_responses_are_called_degenerate() -> None:
    result = classify(_game([[(0, 2), (0, 2)], [(-1, -1), (2, 1)]]))
    assert result is not None and result.name == "Degenerate (ties)" and "indifferent" in result.description


def test_larger_games_have_no_2x2_name() -> None:
    assert classify(Game.from_arrays(np.zeros((3, 2)), np.zeros((3, 2)))) is None


@settings(max_examples=120, deadline=None)
@given(st.sampled_from([*sorted(CASE9), "Cardinal"]), st.booleans(), st.booleans(), st.booleans(),
       st.lists(st.floats(0.1, 10), min_size=8, max_size=8))
def test_name_is_invariant_under_relabelling_and_monotone_rescaling(name: str, swap_rows: bool, swap_cols: bool,
                                                                    swap_players: bool, gaps: list[float]) -> None:
    base = CASE9.get(name, [[(0, 0), (-1, 1)], [(1, -1), (-10, -10)]])
    expected = "Chicken" if name == "Cardinal" else name
    A = np.array([[c[0] for c in r] for r in base], dtype=float)
    B = np.array([[c[1] for c in r] for r in base], dtype=float)
    A, B = _monotone(A, gaps[:4]), _monotone(B, gaps[4:])
    if swap_rows:
        A, B = A[::-1], B[::-1]
    if swap_cols:
        A, B = A[:, ::-1], B[:, ::-1]
    if swap_players:
        A, B = B.T, A.T
    result = classify(Game.from_arrays(A, B))
    assert result is not None and result.name == expected


def _monotone(M: np.ndarray, gaps: list[float]) -> np.ndarray:
    """A strictly increasing transform of the distinct values (keeps the ordinal structure, ties included)."""
    values = np.unique(M)
    new = np.cumsum(gaps[: len(values)]) - 5.0
    return new[np.searchsorted(values, M)]
