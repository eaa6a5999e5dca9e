"""negsim — a game-theoretic negotiation simulator.

The engine is imported on first use, so the command line starts fast.

Example:
    >>> import negsim
    >>> negsim.__version__
    '0.1.0'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from negsim.errors import NegsimError, ScenarioError
from negsim.resources import bundled
from negsim.scenario import Scenario, load, loads

if TYPE_CHECKING:
    from negsim.engine import analyze
    from negsim.engine.result import Analysis
    from negsim.pipeline import Results, run
    from negsim.space import OutcomeSpace, build_space

__version__ = "0.1.0"

_LAZY = {
    "Analysis": "negsim.engine.result",
    "analyze": "negsim.engine",
    "OutcomeSpace": "negsim.space",
    "build_space": "negsim.space",
    "run": "negsim.pipeline",
    "Results": "negsim.pipeline",
}

__all__ = ["Analysis", "NegsimError", "OutcomeSpace", "Results", "Scenario", "ScenarioError", "__version__",
           "analyze", "build_space", "bundled", "load", "loads", "run"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'negsim' has no attribute {name!r}")
