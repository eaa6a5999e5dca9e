"""From the scenario format to a :class:`~negsim.rules.model.VotingRule`.

An agenda's own ``rule:`` wins over the scenario's; without either, the rule is unanimity
(every party must accept), negsim's default.

Example:
    >>> import negsim
    >>> s = negsim.loads('''
    ... negsim: 1
    ... parties: [{id: fr}, {id: de}, {id: lu}]
    ... rule: {kind: weighted, weights: {fr: 4, de: 4, lu: 1}, quota: 8}
    ... ''')
    >>> rule_of(s).describe()
    'weighted: 8 of 9 votes'
"""

from __future__ import annotations

from negsim.rules.model import VotingRule, double_majority, majority, unanimity, weighted
from negsim.scenario.models import Rule, Scenario


def rule_spec(s: Scenario, agenda: str | None = None) -> Rule | None:
    """The ``rule:`` that applies to ``agenda`` (its own, else the scenario's), or None for unanimity."""
    if agenda is not None:
        own = s.agenda(agenda).rule
        if own is not None:
            return own
    return s.rule


def rule_of(s: Scenario, agenda: str | None = None) -> VotingRule:
    """The voting rule of the scenario (or of one agenda), over the scenario's parties."""
    return from_spec(rule_spec(s, agenda), s.party_ids)


def from_spec(spec: Rule | None, players: list[str]) -> VotingRule:
    """A :class:`VotingRule` from a checked ``rule:`` section (None = unanimity)."""
    if spec is None or spec.kind == "unanimity":
        return unanimity(players)
    if spec.kind == "majority":
        quota = None if spec.quota is None else int(spec.quota)
        return majority(players, quota=quota, share=spec.share, veto=spec.veto)
    if spec.kind == "weighted":
        assert spec.weights is not None
        return weighted(players, [spec.weights.get(p, 0.0) for p in players], quota=spec.quota, share=spec.share,
                        veto=spec.veto)
    criteria: list[dict[str, object]] = [{"name": c.name or ("parties" if c.weights is None else f"weight {k + 1}"),
                 "weights": None if c.weights is None else [c.weights.get(p, 0.0) for p in players],
                 "quota": c.quota, "share": c.share} for k, c in enumerate(spec.criteria or [])]
    return double_majority(players, criteria, veto=spec.veto, min_blocking=spec.min_blocking)


__all__ = ["from_spec", "rule_of", "rule_spec"]
