"""A rule at a glance: power indices, veto players, dummies, minimal winning coalitions, Baron–Ferejohn.

This is what ``negsim power`` prints and the "Decision rule" section of ``negsim run``
starts with. Its JSON has the shape ``{"players": [...], "shapley_shubik": {id: x},
"banzhaf": {id: x}, "banzhaf_normalised": {id: x}, ...}`` (Banzhaf absolute: swings / 2^(n−1)).

Example:
    >>> from negsim.rules.model import weighted
    >>> p = rule_profile(weighted(["fr", "de", "it", "be", "nl", "lu"], [4, 4, 4, 2, 2, 1], quota=12))
    >>> p.power.dummies, p.veto_players, p.minimal_winning.complete
    (['lu'], [], True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from negsim.progress import Progress
from negsim.rules.coalitions import CoalitionSearch, minimal_winning
from negsim.rules.legislative import BaronFerejohn, baron_ferejohn
from negsim.rules.model import VotingRule
from negsim.rules.power import PowerIndices, power_indices


@dataclass
class RuleProfile:
    """Power and structure of one rule."""

    rule: VotingRule
    power: PowerIndices
    veto_players: list[str]
    minimal_winning: CoalitionSearch
    legislative: BaronFerejohn | None
    legislative_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = self.power.to_dict()
        out["rule"] = self.rule.to_dict()
        out["veto_players"] = self.veto_players
        out["minimal_winning_coalitions"] = {
            "count": len(self.minimal_winning.masks), "complete": self.minimal_winning.complete,
            "smallest": [self.rule.members(m) for m in self.minimal_winning.masks[:10]]}
        out["baron_ferejohn"] = None if self.legislative is None else self.legislative.to_dict()
        if self.legislative_note:
            out["baron_ferejohn_note"] = self.legislative_note
        return out


def veto_players(rule: VotingRule) -> list[str]:
    """Players without whom nothing passes (declared vetoes, and any player the quota makes one)."""
    without = np.array([rule.full & ~(1 << k) for k in range(rule.n)], dtype=np.uint64)
    return [p for p, w in zip(rule.players, rule.is_winning(without), strict=True) if not w]


def legislative_quota(rule: VotingRule) -> int | None:
    """Votes a Baron–Ferejohn proposal needs, when the rule gives one vote each (else None)."""
    if rule.veto or rule.min_blocking is not None or not all(c.headcount for c in rule.criteria):
        return None
    return max(c.quota // c.weights[0] + (c.quota % c.weights[0] > 0) for c in rule.criteria)


def rule_profile(rule: VotingRule, *, method: str = "auto", samples: int = 200_000, seed: int = 0,
                 delta: float = 1.0, recognition: list[float] | None = None,
                 progress: Progress | None = None) -> RuleProfile:
    """Power indices (exact when possible), veto players, minimal winning coalitions, and Baron–Ferejohn shares."""
    power = power_indices(rule, method=method, samples=samples, seed=seed, progress=progress)
    q = legislative_quota(rule)
    bf, note = None, ""
    if q is None:
        note = "the model needs one vote per party and no veto"
    else:
        bf = baron_ferejohn(list(rule.players), delta=delta, recognition=recognition, quota=q)
    return RuleProfile(rule, power, veto_players(rule), minimal_winning(rule), bf, note)


__all__ = ["RuleProfile", "legislative_quota", "rule_profile", "veto_players"]
