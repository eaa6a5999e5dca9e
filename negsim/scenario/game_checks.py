"""Checks of the ``games:`` section: players are parties, strategies are unique, every cell has two payoffs.

Payoffs are bounded by :data:`MAX_PAYOFF` in absolute value: the equilibrium solvers work
in floating point, and a game whose payoffs span 10¹⁵ and more cannot be solved reliably
(the linear programs fail). Multiplying all of one player's payoffs by the same positive
number changes no equilibrium, so a game can always be rescaled into the bound.

Example:
    >>> misspelled(["engaeg"], ["engage", "stonewall"])
    {'engage'}
    >>> list(_check_sizes([3, 1.0e15], ("games", 0, "payoffs", "x", "l")))[0][0]
    ('games', 0, 'payoffs', 'x', 'l', 1)
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Hashable, Iterable, Iterator, Sequence
from typing import Any

from negsim.scenario.models import MAX_PAYOFF, Game, Scenario, format_number
from negsim.wording import listing, suggest

Found = tuple[tuple[Hashable, ...], str]


def misspelled(unknown: Iterable[str], known: Sequence[str]) -> set[str]:
    """The known ids that the unknown ones were probably meant to be."""
    out = set()
    for word in unknown:
        close = difflib.get_close_matches(str(word), [str(k) for k in known], n=1, cutoff=0.6)
        out.update(close)
    return out


def check_game(s: Scenario, game: Game, at: tuple[Hashable, ...]) -> Iterator[Found]:
    """Players are parties, each has strategies, and every cell has two payoffs."""
    parties = s.party_ids
    for k, player in enumerate(game.players):
        if player not in parties:
            yield (*at, "players", k), (f"`{player}` is not a party{suggest(player, parties)} "
                                        f"(parties: {listing(parties)})")
    if any(player not in parties for player in game.players):
        return
    if game.players[0] == game.players[1]:
        yield (*at, "players"), "a game needs two different players"
        return
    for player in game.strategies:
        if player not in game.players:
            yield (*at, "strategies", player), (f"`{player}` is not a player of this game"
                                                f"{suggest(player, game.players)} (players: {', '.join(game.players)})")
    for player in game.players:
        strategies = game.strategies.get(player)
        if not strategies:
            yield (*at, "strategies"), f"no strategies for player `{player}`; add `{player}: [name, name, ...]`"
        elif len(set(strategies)) != len(strategies):
            yield (*at, "strategies", player), "a strategy is listed twice"
    if any(not game.strategies.get(p) for p in game.players):
        return
    yield from _check_payoffs(game, (*at, "payoffs"))


def _check_payoffs(game: Game, at: tuple[Hashable, ...]) -> Iterator[Found]:
    rows = game.strategies[game.players[0]]
    cols = game.strategies[game.players[1]]
    pay = game.payoffs
    if set(pay) <= {"row", "column"} and pay:
        for key in ("row", "column"):
            m = pay.get(key)
            if not _is_matrix(m, len(rows), len(cols)):
                yield (*at, key), (f"expected a {len(rows)}×{len(cols)} matrix of numbers "
                                   f"({len(rows)} rows for {game.players[0]}'s strategies, {len(cols)} "
                                   f"columns for {game.players[1]}'s)")
            elif isinstance(m, list):
                for i, row in enumerate(m):
                    yield from _check_sizes(row, (*at, key, i))
        return
    for r in pay:
        if r not in rows:
            yield (*at, r), (f"`{r}` is not a strategy of `{game.players[0]}`{suggest(r, rows)} "
                             f"(strategies: {listing(rows)})")
    meant_rows = misspelled([r for r in pay if r not in rows], rows)
    for r in rows:
        cells = pay.get(r)
        if cells is None and r in meant_rows:
            continue
        if cells is None:
            yield at, f"no payoffs for row strategy `{r}`; add `{r}: {{{cols[0]}: [row, column], ...}}`"
            continue
        if not isinstance(cells, dict):
            yield (*at, r), ("expected a mapping `column strategy: [row payoff, column payoff]`, "
                             f"found {type(cells).__name__}")
            continue
        for c in cells:
            if c not in cols:
                yield (*at, r, c), (f"`{c}` is not a strategy of `{game.players[1]}`{suggest(c, cols)} "
                                    f"(strategies: {listing(cols)})")
        meant_cols = misspelled([c for c in cells if c not in cols], cols)
        for c in cols:
            if c not in cells and c in meant_cols:
                continue
            if c not in cells:
                yield (*at, r), f"missing cell ({r}, {c}); add `{c}: [row payoff, column payoff]`"
            elif not _is_pair(cells[c]):
                yield (*at, r, c), f"expected [row payoff, column payoff] (two numbers), found {_short(cells[c])}"
            else:
                yield from _check_sizes(cells[c], (*at, r, c))


def _check_sizes(values: list[Any], at: tuple[Hashable, ...]) -> Iterator[Found]:
    """Each payoff within ±:data:`MAX_PAYOFF` (the first one outside is reported)."""
    for k, x in enumerate(values):
        if abs(x) > MAX_PAYOFF:
            shown = (format_number(x) if abs(x) < 1e21 else f"{x:.3g}" if isinstance(x, float)
                     else f"a {len(str(abs(x)))}-digit number")
            yield (*at, k), (f"payoffs are limited to ±{MAX_PAYOFF:.0e}, found {shown}; rescale the game (multiplying "
                             "all of one player's payoffs by the same positive number changes no equilibrium)")
            return


def _is_number(x: Any) -> bool:
    """A finite int or float (any integer: one too large for a float is then refused as too large a payoff)."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return False
    return isinstance(x, int) or math.isfinite(x)


def _is_pair(x: Any) -> bool:
    return isinstance(x, list) and len(x) == 2 and all(_is_number(v) for v in x)


def _is_matrix(m: Any, n: int, k: int) -> bool:
    return (isinstance(m, list) and len(m) == n
            and all(isinstance(r, list) and len(r) == k and all(_is_number(v) for v in r) for r in m))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


__all__ = ["check_game", "misspelled"]
