"""The negotiator strategies a scenario's ``protocol:`` may name, and the parameters each takes.

This is the format's view of :data:`negsim.dynamics.strategies.REGISTRY` (the strategies
themselves live in the simulation layer, above the format); tests/test_dynamics_strategies.py
checks that the two list the same strategies with the same parameters, so they cannot drift.
Strategies loaded from a student's file are never named in a scenario, only on the command line.

Example:
    >>> NEGOTIATORS["conceder"]
    ('exponent', 'k')
"""

from __future__ import annotations

NEGOTIATORS: dict[str, tuple[str, ...]] = {
    "boulware": ("exponent", "k"),
    "linear": ("exponent", "k"),
    "conceder": ("exponent", "k"),
    "time_dependent": ("exponent", "k"),
    "hardliner": (),
    "tit_for_tat": (),
    "random": (),
    "nash_seeker": (),
}
"""Strategy name → its parameters."""

__all__ = ["NEGOTIATORS"]
