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

The concessions are found without holding every deal in memory: up to :data:`WALK_UP_TO`
deals by two streaming passes over the space (the best utility for the other side, then the
tie rule); beyond, from the merged frontier of the conceder's acceptable deals over (the
other's utility, the conceder's utility) — the deal best for the other side, then best for
the conceder, then one the other side accepts among the deals behind that point. The two
differ only when deals tie for the other side's best utility and the one the other side
accepts is worse for the conceder than another tied deal: walking prefers the accepted one.

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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from negsim.engine import ENUMERATE_UP_TO
from negsim.errors import NegsimError
from negsim.games.model import Game
from negsim.numeric import BitArray, FloatArray, IntArray

if TYPE_CHECKING:
    from negsim.engine.result import Analysis
    from negsim.scenario.models import Scenario
    from negsim.space import OutcomeSpace

WALK_UP_TO = ENUMERATE_UP_TO
"""Spaces up to this many deals are walked for the concessions; larger ones use merged frontiers
(as the engine's ``auto`` choice: the same rule, without a second pass over millions of deals)."""

TIE = 1e-9
"""Utilities (rounded to 9 decimals) within this of the best count as tied."""

STRATEGIES = ("firm", "concede")


@dataclass(frozen=True)
class DerivedGame:
    """The derived game and the deal behind each cell (None = no deal)."""

    game: Game
    agenda: str | None
    cells: dict[tuple[str, str], dict[str, str] | None]
    acceptable_to_both: dict[tuple[str, str], bool]
    issue_names: dict[str, str] = field(default_factory=dict)
    """The issues' names, for words about the cells' deals (result.json keeps the ids)."""
    units: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"agenda": self.agenda, "game": self.game.to_dict(),
                "cells": [{"row": r, "column": c, "deal": d, "acceptable_to_both": self.acceptable_to_both[(r, c)]}
                          for (r, c), d in self.cells.items()]}


def derived_game(scenario: Scenario, a: str, b: str, agenda: str | None = None) -> Game:
    """The hold-firm-or-concede game of parties ``a`` (row) and ``b`` (column) over ``agenda``."""
    return derive(scenario, a, b, agenda).game


def derive(scenario: Scenario, a: str, b: str, agenda: str | None = None, *,
           rejected_means_no_deal: bool = True) -> DerivedGame:
    """Like :func:`derived_game`, also naming the deal reached in each cell (builds and analyses the space;
    when it is built and analysed already, use :func:`derive_from`)."""
    from negsim.engine import analyze_space
    from negsim.space import build_space

    space = build_space(scenario, agenda)
    return derive_from(space, analyze_space(space), a, b, rejected_means_no_deal=rejected_means_no_deal)


def derive_from(space: OutcomeSpace, analysis: Analysis, a: str, b: str, *,
                rejected_means_no_deal: bool = True) -> DerivedGame:
    """The derived game of a built space and its analysis, naming the deal reached in each cell.

    With ``rejected_means_no_deal``, a conceded deal the firm side cannot accept counts as no deal
    (the firm side turns it down) instead of being imposed on it.
    """
    _check_parties(space, a, b)
    ia, ib = space.parties.index(a), space.parties.index(b)
    masks = (space.party_mask(a), space.party_mask(b))
    find = _concessions_by_walking if space.size <= WALK_UP_TO else _concessions_by_merging
    (a_concedes, ok_for_b), (b_concedes, ok_for_a) = find(space, ia, ib, masks)
    if rejected_means_no_deal:
        a_concedes = a_concedes if a_concedes is not None and ok_for_b else None
        b_concedes = b_concedes if b_concedes is not None and ok_for_a else None
    nash = analysis.solutions["nash"]
    nash_row = None if nash.deal is None else _digits_of(space, nash.deal)
    rows = {("firm", "firm"): None, ("concede", "firm"): a_concedes, ("firm", "concede"): b_concedes,
            ("concede", "concede"): nash_row}
    return _game(space, a, b, rows)


def _game(space: OutcomeSpace, a: str, b: str, rows: dict[tuple[str, str], IntArray | None]) -> DerivedGame:
    ia, ib = space.parties.index(a), space.parties.index(b)
    no_deal = (float(space.no_deal[ia]), float(space.no_deal[ib]))
    A, B = np.zeros((2, 2)), np.zeros((2, 2))
    cells: dict[tuple[str, str], dict[str, str] | None] = {}
    both: dict[tuple[str, str], bool] = {}
    both_mask = np.uint64(space.party_mask(a) | space.party_mask(b))
    for (r, c), row in rows.items():
        i, j = STRATEGIES.index(r), STRATEGIES.index(c)
        if row is None:
            A[i, j], B[i, j] = no_deal
            cells[(r, c)], both[(r, c)] = None, False
            continue
        u = np.round(space.utilities_of_digits(row[None, :]), 9)
        A[i, j], B[i, j] = float(u[0, ia]), float(u[0, ib])
        cells[(r, c)] = space.deal_of_digits(row)
        both[(r, c)] = bool((space.violations_of_digits(row[None, :], u)[0] & both_mask) == 0)
    info = space.info
    where = f" over {info.agenda_name}" if info.agenda else " over the full package"
    names = (info.party_names[a], info.party_names[b])
    game = Game(id=f"derived_{a}_{b}" + (f"_{info.agenda}" if info.agenda else ""),
                title=f"Hold firm or concede: {names[0]} vs {names[1]}{where}",
                players=(a, b), strategies=(STRATEGIES, STRATEGIES), A=A, B=B, names=names,
                notes="conceding = accepting the other side's best deal among those you can accept; "
                      "both firm = no deal; both concede = the Nash bargaining solution")
    return DerivedGame(game=game, agenda=info.agenda, cells=cells, acceptable_to_both=both,
                       issue_names=dict(info.issue_names), units=dict(info.units))


Found = tuple[IntArray | None, bool]
"""A concession: the deal's option digits (None: the conceder accepts no deal) and whether the gainer accepts it."""


def _concessions_by_walking(space: OutcomeSpace, ia: int, ib: int, masks: tuple[int, int]) -> tuple[Found, Found]:
    """Both concessions in two passes over the deals: the best utility for the gainer, then the tie rule."""
    sides = ((ia, ib, masks[0], masks[1]), (ib, ia, masks[1], masks[0]))  # (conceder, gainer, their masks)
    best = [-np.inf, -np.inf]
    for start, stop in space.chunks():
        u, viol = _chunk(space, start, stop)
        for k, (_, g, cm, _) in enumerate(sides):
            ok = (viol & np.uint64(cm)) == 0
            if ok.any():
                best[k] = max(best[k], float(u[ok, g].max()))
    picks: list[tuple[tuple[bool, float, int], int] | None] = [None, None]
    for start, stop in space.chunks():
        u, viol = _chunk(space, start, stop)
        for k, (c, g, cm, gm) in enumerate(sides):
            tied = np.flatnonzero(((viol & np.uint64(cm)) == 0) & (u[:, g] >= best[k] - TIE))
            if tied.size:
                accepts = (viol[tied] & np.uint64(gm)) == 0
                j = int(np.lexsort((-u[tied, c], ~accepts))[0])  # gainer accepts, then best for the conceder
                key = (bool(accepts[j]), float(u[tied[j], c]), -(start + int(tied[j])))
                if picks[k] is None or key > picks[k][0]:  # type: ignore[index]
                    picks[k] = (key, start + int(tied[j]))
    return tuple(_found(space, p) for p in picks)  # type: ignore[return-value]


def _chunk(space: OutcomeSpace, start: int, stop: int) -> tuple[FloatArray, BitArray]:
    u = space.utilities_range(start, stop)
    return np.round(u, 9), space.violations_range(start, stop, u)


def _found(space: OutcomeSpace, pick: tuple[tuple[bool, float, int], int] | None) -> Found:
    if pick is None:
        return None, False
    return space.digit_rows([pick[1]])[0], pick[0][0]


def _concessions_by_merging(space: OutcomeSpace, ia: int, ib: int, masks: tuple[int, int]) -> tuple[Found, Found]:
    """Both concessions from merged frontiers (spaces too large to walk; see the module docstring)."""
    from negsim.engine.constraint_sets import ConstraintSets, frontier_rows, meets

    cons = ConstraintSets(space)
    out = []
    for c, g, cm, gm in ((ia, ib, masks[0], masks[1]), (ib, ia, masks[1], masks[0])):
        subset = [k for k in cons.all if cm >> k & 1]
        cols = (g, c)
        floors = cons.floors(subset)[list(cols)]
        front = cons.frontier(subset, cols, floors)
        ok = np.flatnonzero(meets(front.points, floors))
        if ok.size == 0:
            out.append((None, False))
            continue
        top = ok[np.lexsort((-front.points[ok, 1], -front.points[ok, 0]))[0]]
        rows = frontier_rows(space, front, np.array([top], dtype=np.int64))
        accepts = (space.violations_of_digits(rows.digits, rows.u) & np.uint64(gm)) == 0
        j = int(np.flatnonzero(accepts)[0]) if accepts.any() else 0
        out.append((rows.digits[j], bool(accepts[j])))
    return out[0], out[1]


def _digits_of(space: OutcomeSpace, deal: dict[str, str]) -> IntArray:
    return np.array([a.labels.index(deal[a.id]) for a in space.axes], dtype=np.int64)


def _check_parties(space: OutcomeSpace, a: str, b: str) -> None:
    ids = space.parties
    for p in (a, b):
        if p not in ids:
            raise NegsimError(f"`{p}` is not a party of this scenario (parties: {', '.join(ids)})")
    if a == b:
        raise NegsimError("a derived game needs two different parties")


__all__ = ["STRATEGIES", "DerivedGame", "derive", "derive_from", "derived_game"]
