"""Decision rules and coalitions: who can pass a deal, who can block it, what a vote is worth.

Computation only (plain results with ``to_dict()``); the words are in
:mod:`negsim.report.rules`, the figures in :mod:`negsim.plot.rules`.
"""

from negsim.rules.model import VotingRule, double_majority, majority, unanimity, weighted
from negsim.rules.power import PowerIndices, exact_power, power_indices

__all__ = ["PowerIndices", "VotingRule", "double_majority", "exact_power", "majority", "power_indices",
           "unanimity", "weighted"]
