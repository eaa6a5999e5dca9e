"""A constituent's preferences: its own, or its party's (Putnam's level II).

A constituent either gives its own utilities — ``values`` and/or ``demands``, with
``weights`` and ``bonuses`` as for a party — or none of these and uses its party's
utilities; ``weights`` alone re-weights the party's values. Its ``red_lines`` are always
its own, and its ``no_deal`` is the utility below which it rejects a deal.

Example:
    >>> from negsim.scenario.models import Constituent, Preferences
    >>> party = Preferences(demands={"price": "high"}, weights={"price": 1})
    >>> own = constituent_preferences(party, Constituent(id="unions", demands={"price": "low"}))
    >>> own.demands, own.weights
    ({'price': 'low'}, None)
    >>> constituent_preferences(party, Constituent(id="loyal")).demands
    {'price': 'high'}
"""

from __future__ import annotations

from negsim.scenario.models import Constituent, Preferences

UTILITY_FIELDS = ("weights", "values", "demands", "bonuses")


def has_own_utilities(c: Constituent) -> bool:
    """Whether the constituent gives its own values or demands (else it uses its party's)."""
    return c.values is not None or c.demands is not None


def own_fields(c: Constituent) -> set[str]:
    """The preference fields the constituent wrote itself (the others come from its party)."""
    given = {f for f in UTILITY_FIELDS if getattr(c, f) is not None}
    return given | {"red_lines"}


def constituent_preferences(party: Preferences, c: Constituent) -> Preferences:
    """The preferences the constituent judges deals by (see the module docstring)."""
    if has_own_utilities(c):
        return Preferences(weights=c.weights, values=c.values or {}, demands=c.demands or {},
                           bonuses=c.bonuses or [], red_lines=c.red_lines)
    return Preferences(weights=c.weights if c.weights is not None else party.weights, values=party.values,
                       demands=party.demands, bonuses=c.bonuses if c.bonuses is not None else party.bonuses,
                       red_lines=c.red_lines, normalise_weights=party.normalise_weights)


__all__ = ["UTILITY_FIELDS", "constituent_preferences", "has_own_utilities", "own_fields"]
