"""negsim — a game-theoretic negotiation simulator.

Example:
    >>> import negsim
    >>> negsim.__version__
    '0.1.0'
"""

from negsim.bargaining.analysis import Analysis, analyze
from negsim.errors import NegsimError, ScenarioError
from negsim.resources import bundled
from negsim.scenario import Scenario, load, loads
from negsim.space import OutcomeSpace, build_space

__version__ = "0.1.0"

__all__ = ["Analysis", "NegsimError", "OutcomeSpace", "Scenario", "ScenarioError", "__version__", "analyze",
           "build_space", "bundled", "load", "loads"]
