"""The switches of the expected-utility model: every point where the public replications disagree.

Bueno de Mesquita never published his model's code. Scholz, Calbert and Smith (2011,
"Unravelling Bueno de Mesquita's group decision model", *Journal of Theoretical Politics*
23(4): 510–531) rebuilt it from his papers (1994 "Political forecasting: an expected
utility method", in *European Community Decision Making*, Yale UP; 1997 "A decision making
model: its structure and form", *International Interactions* 23: 235–266), and public
re-implementations of their replication differ where the text leaves room. Each such
point is a field here; the defaults and the reasons for them are in docs/forecasting.md.

Two differences between public replications are plain slips, not ambiguities, and negsim
does not offer them: a capitulation test written ``eu_ji < abs(eu_ji)`` (never true),
and the status-quo term subtracted as ``Q·Usq − (1 − Q)(…)`` instead of
``Q·Usq + (1 − Q)(…)``.

Example:
    >>> o = EUOptions()
    >>> (o.denominator, o.choice, o.perspective, o.outcome, o.status_quo)
    ('pair', 'nearest', 'receiver', 'median', 1.0)
    >>> EUOptions(denominator="every").check()
    Traceback (most recent call last):
    ...
    negsim.errors.NegsimError: expected-utility switch `denominator`: expected one of pair, all; found 'every'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from negsim.errors import NegsimError

CHOICES: dict[str, tuple[str, ...]] = {
    "denominator": ("pair", "all"),
    "choice": ("nearest", "strongest"),
    "perspective": ("receiver", "own"),
    "outcome": ("median", "mean"),
    "anchor": ("median", "mean"),
}


@dataclass(frozen=True)
class EUOptions:
    """The expected-utility model's switches (see docs/forecasting.md for each default's reason)."""

    denominator: str = "pair"
    """Probability that i beats j: the votes for i over the votes cast in *this* i–j contest
    (``pair``: P(i beats j) + P(j beats i) = 1, as BDM 1994 writes it), or over every vote
    of every contest on the issue (``all``: the grand total one replication uses)."""
    choice: str = "nearest"
    """Which of several offers an actor takes: the one asking the smallest move (``nearest``,
    BDM 1994 and Scholz et al.'s text) or the one from the most eager challenger (``strongest``)."""
    perspective: str = "receiver"
    """Whose risk exponent prices the challenger's expected utility when an actor weighs an
    offer: its own (``receiver``: each actor sees the dyad through its own eyes, as in
    Scholz et al.) or the challenger's (``own``: each expected utility is its owner's)."""
    outcome: str = "median"
    """The forecast after the last round: the weighted median of the positions (``median``,
    BDM's median voter) or their weighted mean (``mean``)."""
    anchor: str = "median"
    """μ in the best/worst-case utilities (only matters when ``status_quo`` < 1)."""
    status_quo: float = 1.0
    """Q, the probability that nothing changes if i does not challenge j (BDM 1994 and Scholz et al.: 1)."""
    improvement: float = 1.0
    """T, the probability that a change without a challenge moves j towards i (only matters when Q < 1)."""
    tolerance: float = 1e-6
    """Positions have settled when no actor moves more than this fraction of the position range in a round."""

    def check(self) -> EUOptions:
        """Raise :class:`NegsimError` naming the switch when a value is not allowed."""
        for name, allowed in CHOICES.items():
            value = getattr(self, name)
            if value not in allowed:
                raise NegsimError(f"expected-utility switch `{name}`: expected one of {', '.join(allowed)}; "
                                  f"found {value!r}")
        for name in ("status_quo", "improvement"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise NegsimError(f"expected-utility switch `{name}`: expected a probability from 0 to 1, "
                                  f"found {value}")
        if not 0.0 <= self.tolerance < 1.0:
            raise NegsimError(f"expected-utility switch `tolerance`: expected a number in [0, 1), "
                              f"found {self.tolerance}")
        return self

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


__all__ = ["CHOICES", "EUOptions"]
