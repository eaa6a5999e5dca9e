"""negsim — a game-theoretic negotiation simulator.

Everything is imported on first use, so the command line starts fast (``negsim --version``
imports nothing but this file and click).

Example:
    >>> import negsim
    >>> negsim.__version__
    '0.1.0'
    >>> r = negsim.run(negsim.load(negsim.bundled("four-issue-scoring")))
    >>> r.analyses[0].solutions["nash"].deal
    {'a': 'A2', 'b': 'B3', 'c': 'C3', 'd': 'D3'}
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from negsim.engine import analyze
    from negsim.engine.result import Analysis
    from negsim.errors import NegsimError, ScenarioError
    from negsim.pipeline import Results, run
    from negsim.resources import bundled
    from negsim.scenario import Scenario, load, loads
    from negsim.space import OutcomeSpace, build_space

__version__ = "0.1.0"

_LAZY = {
    "Analysis": "negsim.engine.result",
    "analyze": "negsim.engine",
    "NegsimError": "negsim.errors",
    "ScenarioError": "negsim.errors",
    "OutcomeSpace": "negsim.space",
    "build_space": "negsim.space",
    "bundled": "negsim.resources",
    "Scenario": "negsim.scenario",
    "load": "negsim.scenario",
    "loads": "negsim.scenario",
    "run": "negsim.pipeline",
    "Results": "negsim.pipeline",
}

__all__ = ["Analysis", "NegsimError", "OutcomeSpace", "Results", "Scenario", "ScenarioError", "__version__",
           "analyze", "build_space", "bundled", "load", "loads", "run"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'negsim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
