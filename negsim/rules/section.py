"""The decision rule of ``negsim run``: voting power, and each analysed deal space under the rule.

The pipeline step: the rule's power indices, veto players, minimal winning coalitions and
Baron–Ferejohn shares (one profile for the scenario), and for every target the analysis under
its rule (:func:`negsim.rules.analysis.analyze_rule` on the space the pipeline built).

Example:
    >>> import negsim
    >>> r = negsim.run(negsim.load(negsim.bundled("eu-council-qmv")), steps=["rules"])
    >>> sorted(r.to_dict()["rules"])
    ['analyses', 'power']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from negsim.errors import NegsimError
from negsim.rules.analysis import RuleAnalysis, analyze_rule
from negsim.rules.profile import RuleProfile, rule_profile
from negsim.rules.spec import rule_of
from negsim.scenario.models import Scenario
from negsim.space import OutcomeSpace


@dataclass
class RulesSection:
    """The rule's profile, and per target (``full_package`` or an agenda id) its analysis or why it failed."""

    profile: RuleProfile
    analyses: dict[str, RuleAnalysis] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    has_issues: bool = True
    names: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: a.to_dict() for k, a in self.analyses.items()}
        data.update({k: {"error": e} for k, e in self.errors.items()})
        return {"power": self.profile.to_dict(), "analyses": {k: data[k] for k in self.titles if k in data}}


def applies(s: Scenario) -> bool:
    """Whether the scenario says anything about decision rules or ratification."""
    return s.rule is not None or any(a.rule is not None for a in s.agendas) or any(
        p.ratification is not None for p in s.parties)


def common_patience(s: Scenario) -> float | None:
    """The parties' patience when all share one (Baron–Ferejohn assumes one discount factor)."""
    values = {p.patience for p in s.parties}
    return values.pop() if len(values) == 1 else None


def rules_section(s: Scenario, targets: list[tuple[str | None, OutcomeSpace]]) -> RulesSection | None:
    """The rule's profile and each target's analysis under it (None when the scenario has no rule)."""
    if not applies(s):
        return None
    profile = rule_profile(rule_of(s), delta=common_patience(s) or 1.0)
    if common_patience(s) is None and profile.legislative is not None:
        profile.legislative = None
        profile.legislative_note = "the parties' patience differs, and the model assumes one discount factor"
    out = RulesSection(profile, has_issues=bool(s.issues), names={p.id: p.name for p in s.parties})
    for agenda, space in targets if s.issues else []:
        key = agenda or "full_package"
        out.titles[key] = "Full package" if agenda is None else (s.agenda(agenda).name or agenda)
        try:
            out.analyses[key] = analyze_rule(s, agenda, space=space)
        except NegsimError as exc:
            out.errors[key] = str(exc)
    return out


__all__ = ["RulesSection", "applies", "common_patience", "rules_section"]
