"""The deal space: issues on the table → integer-indexed deals, their utilities and the constraints they break.

* :mod:`negsim.space.model` — :class:`OutcomeSpace`, the only code that evaluates a deal;
* :mod:`negsim.space.build` — :func:`build_space` and :class:`SpaceInfo`, built once per agenda.
"""

from negsim.space.build import SpaceInfo, build_space
from negsim.space.model import CHUNK, Axis, BonusTerm, Constraint, OutcomeSpace, lex_order

__all__ = ["CHUNK", "Axis", "BonusTerm", "Constraint", "OutcomeSpace", "SpaceInfo", "build_space", "lex_order"]
