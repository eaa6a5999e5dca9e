"""Bargaining over time: closed forms, subgame-perfect alternating offers, simulated negotiators, tournaments.

Modules: :mod:`~negsim.dynamics.closed_forms` (Rubinstein and relatives),
:mod:`~negsim.dynamics.domain` (a scenario's deals prepared for negotiators),
:mod:`~negsim.dynamics.spe` (subgame-perfect equilibrium on the deals),
:mod:`~negsim.dynamics.strategies` (the negotiator registry),
:mod:`~negsim.dynamics.protocols` (alternating offers, stacked alternating offers),
:mod:`~negsim.dynamics.tournament` (every strategy pairing, the meta-game),
:mod:`~negsim.report.dynamics` (the ``negsim run`` section).

Example:
    >>> import negsim
    >>> from negsim.dynamics import simulate
    >>> simulate(negsim.load(negsim.bundled("divide-the-dollar"))).outcome.agreement
    True
"""

from negsim.dynamics.closed_forms import (
                                          breakdown_risk,
                                          fearon_range,
                                          first_mover_advantage,
                                          fixed_costs,
                                          nash_limit,
                                          outside_options,
                                          rubinstein,
)
from negsim.dynamics.domain import Domain, build_domain
from negsim.dynamics.protocols import Negotiation, negotiate, simulate
from negsim.dynamics.spe import SPE, solve
from negsim.dynamics.strategies import REGISTRY

__all__ = ["REGISTRY", "SPE", "Domain", "Negotiation", "breakdown_risk", "build_domain", "fearon_range",
           "first_mover_advantage", "fixed_costs", "nash_limit", "negotiate", "outside_options", "rubinstein",
           "simulate", "solve"]
