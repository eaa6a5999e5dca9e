"""Ratification at home: each party's win-set (Putnam 1988).

Putnam's two-level game ("Diplomacy and Domestic Politics: The Logic of Two-Level
Games", *International Organization* 42(3):427–460): an agreement at the table (level I)
binds a party only if its constituents ratify it (level II). The party's **win-set** is
the set of deals its constituents would ratify. Here a constituent approves a deal when
the deal meets its red lines and gives it at least its ``no_deal`` utility; a deal is
ratified when the approving constituents hold at least the quota of votes.

A party with ``ratification:`` accepts exactly the deals of its win-set: the win-set
replaces the negotiator's own red lines and floor in the analysis, and the report
compares the two — a win-set smaller than what the negotiator would accept shrinks the
zone of agreement ("my hands are tied"), a larger one grows it.

Example (a union and an employers' group ratify a wage; the union wants at least 3):
    >>> import negsim
    >>> s = negsim.loads('''
    ... negsim: 1
    ... parties:
    ...   - id: gov
    ...     ratification:
    ...       quota: 2
    ...       constituents:
    ...         - {id: union, red_lines: [{issue: wage, at_least: 3}]}
    ...         - {id: employers, red_lines: [{issue: wage, at_most: 4}]}
    ...   - id: other
    ... issues: [{id: wage, range: [1, 5], step: 1}]
    ... preferences:
    ...   gov: {demands: {wage: 5}}
    ...   other: {demands: {wage: 1}}
    ... ''')
    >>> home = home_votes(s)[0]
    >>> home.ratified(0, 5).tolist()
    [False, False, True, True, False]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from negsim.numeric import BoolArray, FloatArray
from negsim.scenario.constituents import constituent_preferences
from negsim.scenario.models import Party, Scenario


@dataclass
class HomeVote:
    """One party's constituents over the deal space: who approves which deal, and the quota."""

    party: str
    constituents: list[str]  # ids in the deal space (party id + "__" + constituent id)
    names: list[str]
    ids: list[str]  # the constituents' own ids
    votes: FloatArray
    quota: float
    space: Any  # the constituents' deal space (same deals as the party's)

    def approvals(self, start: int, stop: int) -> BoolArray:
        """(deals, constituents): does each constituent approve each deal?"""
        u = self.space.utilities_range(start, stop)
        viol = self.space.violations_range(start, stop, u)
        out = np.zeros((stop - start, len(self.constituents)), dtype=bool)
        for k, cid in enumerate(self.constituents):
            mine = sum(1 << b for b, c in enumerate(self.space.constraints) if c.party == cid)
            out[:, k] = (viol & np.uint64(mine)) == 0
        return out

    def ratified(self, start: int, stop: int) -> BoolArray:
        """For each deal of ``start..stop-1``: do the approving constituents reach the quota?"""
        return self.approvals(start, stop) @ self.votes >= self.quota - 1e-9

    def to_dict(self) -> dict[str, Any]:
        return {"party": self.party, "constituents": dict(zip(self.ids, self.votes.tolist(), strict=True)),
                "quota": self.quota, "total_votes": float(self.votes.sum())}


def home_votes(s: Scenario, agenda: str | None = None) -> list[HomeVote]:
    """A :class:`HomeVote` for every party with ``ratification:`` (deal spaces built through the public API)."""
    return [_home_vote(s, p, agenda) for p in s.parties if p.ratification is not None]


def _home_vote(s: Scenario, party: Party, agenda: str | None) -> HomeVote:
    import negsim

    rat = party.ratification
    assert rat is not None
    ids = [f"{party.id}__{c.id}" for c in rat.constituents]
    people = [Party(id=cid, name=c.name, no_deal=c.no_deal) for cid, c in zip(ids, rat.constituents, strict=True)]
    prefs = {cid: constituent_preferences(s.preferences[party.id], c)
             for cid, c in zip(ids, rat.constituents, strict=True)}
    home = s.model_copy(update={"parties": people, "preferences": prefs, "rule": None, "games": [],
                                "protocol": None, "uncertainty": None})
    votes = np.array([c.votes for c in rat.constituents], dtype=float)
    quota = rat.quota if rat.quota is not None else (rat.share or 0.0) * float(votes.sum())
    return HomeVote(party.id, ids, [c.name for c in rat.constituents], [c.id for c in rat.constituents], votes,
                    float(quota),
                    negsim.build_space(home, agenda))


__all__ = ["HomeVote", "home_votes"]
