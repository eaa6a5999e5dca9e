"""The bargaining analysis under a decision rule: who can pass a deal, and who keeps every deal from passing.

Under a rule a deal passes when the parties that accept it (each member's red lines and
no-deal floor hold; for a party with ratification, the deal is in its win-set) form a
winning coalition. negsim reports:

1. the zone of agreement under the rule (deals some winning coalition accepts), beside the
   unanimity one;
2. the minimal winning coalitions that can agree, and for the largest zones of agreement
   among them (at most ``detail``), the coalition's own ZOPA, Pareto frontier over its
   members' utilities and the four bargaining solutions with its members' no-deal
   utilities as disagreement point — the engine's solution functions on the coalition's
   deals, so for a coalition without ratification the numbers are those of
   :func:`negsim.analyze` on a scenario with only its parties;
3. when no winning coalition can agree: the **minimal blocking coalitions** (the smallest
   sets of parties whose red lines alone keep every winning coalition from agreeing) and
   the **minimal opening sets** (the smallest sets of parties whose red lines, if dropped,
   would let a deal pass) — see :mod:`negsim.rules.coalitions`;
4. with ratification, each party's win-set against what its negotiator alone accepts, and
   the zone of agreement with and without the win-sets (:mod:`negsim.rules.ratification`).

Bounded: the deals are walked twice (at most :data:`negsim.rules.deals.MAX_DEALS`), at most
:data:`negsim.rules.coalitions.MAX_LISTED` minimal winning coalitions are listed (an
exhaustive list up to 20 parties, a bounded search beyond), and the coalition searches
stop at a budget and say so.

Example (the bundled three-party supply chain, under a two-of-three majority):
    >>> import negsim
    >>> s = negsim.load(negsim.bundled("supply-chain-three-party"))
    >>> s = s.model_copy(update={"rule": negsim.scenario.models.Rule(kind="majority", quota=2)})
    >>> a = analyze_rule(s)
    >>> a.zopa_rule >= a.zopa_unanimity, a.coalitions[0].solutions["nash"]["deal"] is not None
    (True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negsim.numeric import IntArray
from negsim.rules import coalitions as co
from negsim.rules.deals import Frontier, Patterns, frontiers, scan
from negsim.rules.masks import BitArray, popcount
from negsim.rules.model import VotingRule
from negsim.rules.spec import rule_of
from negsim.scenario.models import Scenario
from negsim.space import OutcomeSpace

DETAIL = 6
"""Coalitions analysed in full (frontier and solutions)."""

FRONTIER_SHOWN = 50
"""Frontier points listed per coalition in ``to_dict`` (all are counted)."""

SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


@dataclass
class CoalitionDeal:
    """One winning coalition that can agree: its zone of agreement, frontier and solutions."""

    members: list[str]
    zopa: int
    frontier: list[dict[str, Any]]
    frontier_size: int
    solutions: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"members": self.members, "zopa": self.zopa, "frontier_size": self.frontier_size,
                "frontier": self.frontier[:FRONTIER_SHOWN], "solutions": self.solutions}


@dataclass
class WinSet:
    """A ratifying party: deals its negotiator accepts, deals its constituents ratify, and both."""

    party: str
    negotiator: int
    win_set: int
    both: int
    home: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"party": self.party, "negotiator_accepts": self.negotiator, "win_set": self.win_set,
                "both": self.both, **self.home}


@dataclass
class Ratification:
    """How the win-sets change the zone of agreement (unanimity and the rule)."""

    win_sets: list[WinSet]
    zopa_without: dict[str, int]  # "unanimity"/"rule" → deals, with the negotiators' own red lines
    zopa_with: dict[str, int]  # the same with the win-sets

    @property
    def effect(self) -> str:
        before, after = self.zopa_without["rule"], self.zopa_with["rule"]
        return "grows" if after > before else "shrinks" if after < before else "unchanged"

    def to_dict(self) -> dict[str, Any]:
        return {"win_sets": [w.to_dict() for w in self.win_sets], "zopa_without_ratification": self.zopa_without,
                "zopa_with_ratification": self.zopa_with, "effect": self.effect}


@dataclass
class RuleAnalysis:
    """Everything the rule changes about one agenda (or the full package)."""

    agenda: str | None
    rule: VotingRule
    party_names: dict[str, str]
    deals_total: int
    zopa_unanimity: int
    zopa_rule: int
    agreeing: list[tuple[list[str], int]]  # minimal winning coalitions that can agree, and their ZOPA
    winning_listed: int
    winning_complete: bool
    coalitions: list[CoalitionDeal]
    blocking: co.CoalitionSearch | None = None
    openings: co.CoalitionSearch | None = None
    ratification: Ratification | None = None
    frontier_data: list[Frontier] = field(default_factory=list, repr=False)

    @property
    def has_deal(self) -> bool:
        return self.zopa_rule > 0

    def to_dict(self) -> dict[str, Any]:
        def named(search: co.CoalitionSearch | None) -> dict[str, Any] | None:
            if search is None:
                return None
            return {"coalitions": [self.rule.members(m) for m in search.masks], "complete": search.complete,
                    "largest_size_searched": search.largest_size_searched}

        return {"agenda": self.agenda, "rule": self.rule.to_dict(), "deals_total": self.deals_total,
                "zopa": {"unanimity": self.zopa_unanimity, "rule": self.zopa_rule},
                "minimal_winning_coalitions": {"listed": self.winning_listed, "complete": self.winning_complete,
                                               "can_agree": [{"members": m, "zopa": z} for m, z in self.agreeing]},
                "coalitions": [c.to_dict() for c in self.coalitions],
                "blocking_coalitions": named(self.blocking), "opening_sets": named(self.openings),
                "ratification": None if self.ratification is None else self.ratification.to_dict()}


def analyze_rule(s: Scenario, agenda: str | None = None, *, detail: int = DETAIL,
                 space: OutcomeSpace | None = None) -> RuleAnalysis:
    """The analysis of ``s`` (or one agenda) under its decision rule; see the module docstring.

    ``space``: the agenda's deal space when it is built already (the pipeline passes it).
    """
    rule = rule_of(s, agenda)
    pats = scan(s, agenda, space)
    live = pats.counts > 0
    acc, counts = pats.ratified[live], pats.counts[live]
    masks, complete = _winning_within(rule, acc)
    agreeing = _agreeing(np.array(masks, dtype=np.uint64), acc, counts)
    chosen = _diverse(agreeing, acc, detail)
    fronts = frontiers(s, agenda, chosen, space) if chosen else []
    zopa = dict(agreeing)
    blocking = openings = None
    zopa_rule = int(counts[rule.is_winning(acc)].sum())
    if zopa_rule == 0:
        blocking, openings = co.blocking_coalitions(rule, acc), co.opening_sets(rule, acc)
    return RuleAnalysis(
        agenda, rule, {p.id: p.name for p in s.parties}, pats.deals_total,
        int(counts[acc == np.uint64(rule.full)].sum()), zopa_rule,
        [(rule.members(m), z) for m, z in agreeing], len(masks), complete,
        [_coalition_deal(s, f, zopa[m]) for f, m in zip(fronts, chosen, strict=True)],
        blocking, openings, _ratification(rule, pats) if pats.home else None, fronts)


def _winning_within(rule: VotingRule, acc: BitArray) -> tuple[list[int], bool]:
    """The minimal winning coalitions inside some deal's acceptance pattern (the ones that can agree)."""
    found: set[int] = set()
    pats, complete = co.searched_patterns(acc[rule.is_winning(acc)])
    share = max(co.MAX_LISTED // max(len(pats), 1), 1)  # every deal pattern gets its share of the listing
    nodes = max(co.MAX_NODES // max(len(pats), 1), 20_000)
    for a in pats:
        search = co.minimal_winning(rule, limit=share, within=int(a), max_nodes=nodes)
        found.update(search.masks)
        complete &= search.complete
    return sorted(found), complete


def _diverse(agreeing: list[tuple[int, int]], acc: BitArray, most: int) -> list[int]:
    """Up to ``most`` coalitions, best first, each agreeing on a different set of deal patterns than the others."""
    chosen, seen = [], set()
    for mask, _ in agreeing:
        key = tuple(((acc & np.uint64(mask)) == np.uint64(mask)).tolist())
        if key not in seen:
            seen.add(key)
            chosen.append(mask)
        if len(chosen) == most:
            break
    return chosen


def _agreeing(masks: BitArray, acc: BitArray, counts: IntArray) -> list[tuple[int, int]]:
    """Coalitions that some deal suits, with their ZOPA: largest ZOPA first, then fewest members."""
    if len(masks) == 0:
        return []
    zopa = np.zeros(len(masks), dtype=np.int64)
    for p, n in zip(acc, counts, strict=True):
        zopa += np.where((masks & p) == masks, n, 0)
    ok = zopa > 0
    masks, zopa = masks[ok], zopa[ok]
    order = np.lexsort((masks, popcount(masks), -zopa))
    return [(int(masks[k]), int(zopa[k])) for k in order]


def _coalition_deal(s: Scenario, f: Frontier, zopa: int) -> CoalitionDeal:
    from negsim.bargaining import solutions as sol

    parties = {p.id: p for p in s.parties}
    d = np.array([parties[m].no_deal for m in f.members])
    power = np.array([parties[m].power for m in f.members])
    picks = {"nash": sol.nash(f.utilities, d, power), "kalai_smorodinsky": sol.kalai_smorodinsky(f.utilities, d),
             "egalitarian": sol.egalitarian(f.utilities, d), "utilitarian": sol.utilitarian(f.utilities)}
    solutions: dict[str, dict[str, Any]] = {}
    for name, pick in picks.items():
        if pick.index is None:
            solutions[name] = {"deal": None, "utilities": None, "ties": 0, "note": pick.note}
            continue
        solutions[name] = {"deal": f.deal(pick.index), "utilities": _named(f.members, f.utilities[pick.index]),
                           "ties": len(pick.ties), "note": pick.note}
    shown = [{"deal": f.deal(k), "utilities": _named(f.members, f.utilities[k])}
             for k in range(min(len(f.index), FRONTIER_SHOWN))]
    return CoalitionDeal(f.members, zopa, shown, len(f.index), solutions)


def _named(members: list[str], u: np.ndarray) -> dict[str, float]:
    return {m: float(x) for m, x in zip(members, u, strict=True)}


def _ratification(rule: VotingRule, pats: Patterns) -> Ratification:
    win_sets = []
    for h in pats.home:
        bit = np.uint64(1 << pats.parties.index(h.party))
        mine_own = (pats.own & bit) != 0
        mine_rat = (pats.ratified & bit) != 0
        win_sets.append(WinSet(h.party, int(pats.counts[mine_own].sum()), int(pats.counts[mine_rat].sum()),
                               int(pats.counts[mine_own & mine_rat].sum()), h.to_dict()))
    full = np.uint64(rule.full)

    def zopa(acc: BitArray) -> dict[str, int]:
        return {"unanimity": int(pats.counts[acc == full].sum()),
                "rule": int(pats.counts[rule.is_winning(acc)].sum())}

    return Ratification(win_sets, zopa(pats.own), zopa(pats.ratified))


__all__ = ["CoalitionDeal", "Ratification", "RuleAnalysis", "WinSet", "analyze_rule"]
