"""The "hold firm or concede" game between two parties of a bargaining scenario.

Each party either holds firm or concedes. Conceding means accepting the deal that is
best for the *other* party among the deals you can accept (your red lines hold and you
get at least your floor; among deals the other values equally, one it can accept, then
the one better for you). Both holding firm means no
deal (both get their no-deal utility); both conceding means they meet at the Nash
bargaining solution (or no deal when no deal is acceptable to all). Payoffs are the
parties' utilities (rounded to 9 decimals, so that equal utilities reached by different
sums tie exactly), so the game can be classified and solved like any other. A conceded
deal need not be acceptable to the side that holds firm (when no deal suits both);
:class:`DerivedGame` says which cells are.

Source: Snyder & Diesing (1977), *Conflict Among Nations: Bargaining, Decision Making,
and System Structure in International Crises*, ch. 2 (crises as 2×2 games: firm/soft);
Nash (1950), "The Bargaining Problem", Econometrica 18(2):155–162.

Example:
    >>> import negsim
    >>> s = negsim.loads('''
    ... negsim: 1
    ... parties: [{id: a}, {id: b}]
    ... issues: [{id: share, options: [a_all, half, b_all]}]
    ... preferences:
    ...   a: {values: {share: {a_all: 1, half: 0.5, b_all: 0}}}
    ...   b: {values: {share: {a_all: 0, half: 0.5, b_all: 1}}}
    ... ''')
    >>> g = derived_game(s, "a", "b")
    >>> g.strategies, g.A.tolist(), g.B.tolist()
    ((('firm', 'concede'), ('firm', 'concede')), [[0.0, 1.0], [0.0, 0.5]], [[0.0, 0.0], [1.0, 0.5]])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from negsim.errors import NegsimError
from negsim.games.model import Game

if TYPE_CHECKING:
    from negsim.scenario.models import Scenario

STRATEGIES = ("firm", "concede")


@dataclass(frozen=True)
class DerivedGame:
    """The derived game and the deal behind each cell (None = no deal)."""

    game: Game
    agenda: str | None
    cells: dict[tuple[str, str], dict[str, str] | None]
    acceptable_to_both: dict[tuple[str, str], bool]

    def to_dict(self) -> dict[str, Any]:
        return {"agenda": self.agenda, "game": self.game.to_dict(),
                "cells": [{"row": r, "column": c, "deal": d, "acceptable_to_both": self.acceptable_to_both[(r, c)]}
                          for (r, c), d in self.cells.items()]}


def derived_game(scenario: Scenario, a: str, b: str, agenda: str | None = None) -> Game:
    """The hold-firm-or-concede game of parties ``a`` (row) and ``b`` (column) over ``agenda``."""
    return derive(scenario, a, b, agenda).game


def derive(scenario: Scenario, a: str, b: str, agenda: str | None = None, *,
           rejected_means_no_deal: bool = True) -> DerivedGame:
    """Like :func:`derived_game`, also naming the deal reached in each cell.

    With ``rejected_means_no_deal``, a conceded deal the firm side cannot accept counts as no deal
    (the firm side turns it down) instead of being imposed on it.
    """
    from negsim import analyze, build_space

    _check_parties(scenario, a, b)
    space = build_space(scenario, agenda)
    U = np.round(space.utilities(), 9)
    ia, ib = space.parties.index(a), space.parties.index(b)
    no_deal = (float(space.no_deal[ia]), float(space.no_deal[ib]))
    nash = analyze(scenario, agenda).solutions["nash"]
    ok_a, ok_b = space.acceptable(a), space.acceptable(b)
    a_concedes = _concession(U, ok_a, ok_b, gainer=ib, conceder=ia)
    b_concedes = _concession(U, ok_b, ok_a, gainer=ia, conceder=ib)
    if rejected_means_no_deal:
        a_concedes = a_concedes if a_concedes is not None and ok_b[a_concedes] else None
        b_concedes = b_concedes if b_concedes is not None and ok_a[b_concedes] else None
    index = {("firm", "firm"): None, ("concede", "firm"): a_concedes, ("firm", "concede"): b_concedes,
             ("concede", "concede"): nash.index}
    A, B = np.zeros((2, 2)), np.zeros((2, 2))
    for (r, c), k in index.items():
        i, j = STRATEGIES.index(r), STRATEGIES.index(c)
        A[i, j], B[i, j] = no_deal if k is None else (float(U[k, ia]), float(U[k, ib]))
    where = f" over {scenario.agenda(agenda).name or agenda}" if agenda else " over the full package"
    game = Game(id=f"derived_{a}_{b}" + (f"_{agenda}" if agenda else ""),
                title=f"Hold firm or concede: {scenario.party(a).name} vs {scenario.party(b).name}{where}",
                players=(a, b), strategies=(STRATEGIES, STRATEGIES), A=A, B=B,
                names=(scenario.party(a).name, scenario.party(b).name),
                notes="conceding = accepting the other side's best deal among those you can accept; "
                      "both firm = no deal; both concede = the Nash bargaining solution")
    cells = {key: (None if k is None else space.deal(int(k))) for key, k in index.items()}
    both = {key: k is not None and bool(ok_a[k] and ok_b[k]) for key, k in index.items()}
    return DerivedGame(game=game, agenda=agenda, cells=cells, acceptable_to_both=both)


def _concession(U: np.ndarray, acceptable: np.ndarray, gainer_accepts: np.ndarray, gainer: int,
                conceder: int) -> int | None:
    """The deal best for ``gainer`` among ``acceptable`` ones; ties go to one the gainer can accept, then to the
    one best for ``conceder``, then to the lowest index."""
    idx = np.flatnonzero(acceptable)
    if idx.size == 0:
        return None
    best = U[idx, gainer].max()
    tied = idx[U[idx, gainer] >= best - 1e-9]
    key = np.lexsort((-U[tied, conceder], ~gainer_accepts[tied]))
    return int(tied[key[0]])


def _check_parties(scenario: Scenario, a: str, b: str) -> None:
    ids = scenario.party_ids
    for p in (a, b):
        if p not in ids:
            raise NegsimError(f"`{p}` is not a party of this scenario (parties: {', '.join(ids)})")
    if a == b:
        raise NegsimError("a derived game needs two different parties")
    if not scenario.issues:
        raise NegsimError("a derived game needs issues to bargain over; this scenario has none")
