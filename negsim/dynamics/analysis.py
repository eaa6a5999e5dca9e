"""Bargaining over time for ``negsim run``: the scenario's protocol simulated, and the subgame-perfect equilibria.

Takes the deal space and its analysis from the pipeline (nothing is rebuilt): the simulated
negotiators and the report see the same frontier and the same Nash deal.

Example:
    >>> import negsim
    >>> s = negsim.load(negsim.bundled("divide-the-dollar"))
    >>> space = negsim.build_space(s)
    >>> r = analyze_protocol(s, space, negsim.analyze(s), seed=0)
    >>> r.negotiation.outcome.agreement, sorted(r.equilibria)
    (True, ['deadline', 'stationary', 'stationary_convex'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from negsim.dynamics import spe as spe_mod
from negsim.dynamics.domain import Domain, domain_of_space
from negsim.dynamics.protocols import Negotiation, negotiate, settings
from negsim.engine.result import Analysis
from negsim.errors import NegsimError
from negsim.scenario.models import Scenario
from negsim.space import OutcomeSpace


@dataclass
class DynamicsResult:
    """The simulated negotiation of the scenario's protocol, and (two parties) its SPE; or why not."""

    domain: Domain | None
    negotiation: Negotiation | None
    equilibria: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        if self.negotiation is None:
            return {"error": self.error}
        return {"simulation": self.negotiation.to_dict(),
                "spe": {k: (v.to_dict() if hasattr(v, "to_dict") else v) for k, v in self.equilibria.items()}}


def analyze_protocol(scenario: Scenario, space: OutcomeSpace, analysis: Analysis, *, seed: int = 0) -> DynamicsResult:
    """Simulate the scenario's ``protocol:`` on ``space`` (seeded) and, for two parties, solve the SPE."""
    try:
        s = settings(scenario)
        domain = domain_of_space(space, s.parties, analysis=analysis)
        result = negotiate(domain, s.strategies, s.rounds, s.first, s.breakdown, seed=seed)
    except NegsimError as exc:
        return DynamicsResult(None, None, error=str(exc))
    return DynamicsResult(domain, result, spe_equilibria(domain, s.rounds, s.first, s.breakdown))


def spe_equilibria(domain: Domain, rounds: int, first: str | None, breakdown: float) -> dict[str, Any]:
    """SPE of the two-party game: deadline (discrete deals), infinite horizon (discrete and convexified)."""
    if len(domain.parties) != 2:
        return {}
    if not domain.feasible.any():
        return {"note": "no deal is acceptable to both parties: the SPE is no agreement"}
    return {"deadline": spe_mod.solve(domain, rounds, first, breakdown),
            "stationary": spe_mod.solve(domain, None, first, breakdown),
            "stationary_convex": spe_mod.solve(domain, None, first, breakdown, convex=True)}


__all__ = ["DynamicsResult", "analyze_protocol", "spe_equilibria"]
