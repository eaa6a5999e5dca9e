"""Simulated negotiators: a registry of small strategy classes (in the style of Axelrod's).

Each strategy has a ``name``, a one-line ``description``, a ``properties`` dict
(``stochastic``, ``uses_deadline``, ``uses_opponent_offers``, ``complete_information``)
and ``params`` (parameter → default). It decides two things:

* **what to propose** — usually an *aspiration* level (a utility for itself) turned into
  the deal at or above that level that is best for the others, by binary search in the
  party's pre-sorted acceptable deals (:class:`negsim.dynamics.domain.PartyView`);
* **whether to accept** — one rule for all (the issue's): accept an offer worth at least
  what it would itself offer next (AC_next; Baarslag, Hindriks & Jonker 2014), never a
  deal below its no-deal utility and never one that breaks its own red lines.

A negotiator only ever proposes deals from its own acceptable set, so it never proposes
a deal that breaks its red lines either.

Example:
    >>> sorted(REGISTRY)[:4]
    ['boulware', 'conceder', 'hardliner', 'linear']
    >>> REGISTRY["boulware"].properties["uses_deadline"]
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from negsim.dynamics.domain import Domain
from negsim.errors import NegsimError
from negsim.numeric import TOL

Param = float | int | str | bool
History = list[tuple[int, int]]
"""Offers so far, oldest first: (proposer's party position, deal index)."""

NO_OFFER = -1


class Negotiator:
    """Base class: AC_next acceptance and offers at the aspiration level ``target(t, history)``."""

    name: ClassVar[str] = "negotiator"
    description: ClassVar[str] = ""
    properties: ClassVar[dict[str, Any]] = {"stochastic": False, "uses_deadline": False,
                                            "uses_opponent_offers": False, "complete_information": True}
    params: ClassVar[dict[str, Param]] = {}
    source: ClassVar[str] = ""

    def __init__(self, domain: Domain, party: int, rounds: int, seed: int = 0, **params: Param) -> None:
        self.domain, self.party, self.rounds, self.seed = domain, party, rounds, seed
        self.view = domain.views[party]
        self.p: dict[str, Param] = {**self.params, **_checked(self.name, self.params, params)}

    # --- decisions ---------------------------------------------------------------

    def target(self, t: int, history: History) -> float:
        """The utility this negotiator aims for in round ``t`` (default: its best)."""
        return self.view.best

    def propose(self, t: int, history: History) -> int:
        """The deal index proposed in round ``t`` (``NO_OFFER`` when its red lines leave no deal)."""
        return self.view.at_level(self.target(t, history))

    def respond(self, t: int, history: History, offer: int) -> bool:
        """AC_next: accept when the offer is worth at least this negotiator's next proposal.

        ``history`` already holds the offer. Offers that break its red lines or fall below its
        no-deal utility are refused whatever its next proposal is.
        """
        if not self.domain.acceptable[self.party, offer]:
            return False
        mine = self.propose(t + 1, history)
        if isinstance(mine, bool) or not isinstance(mine, int | np.integer):
            raise TypeError(f"propose() returned {mine!r}, not a deal index (an int)")
        value = self.domain.u[offer, self.party]
        return bool(mine == NO_OFFER or value >= self.domain.u[mine, self.party] - TOL)

    # --- helpers -----------------------------------------------------------------

    def progress(self, t: int) -> float:
        """Relative time t / (deadline − 1) in [0, 1]."""
        return min(1.0, t / max(1, self.rounds - 1))

    def others_offers(self, history: History) -> History:
        return [(k, x) for k, x in history if k != self.party]

    @classmethod
    def describe(cls) -> dict[str, Any]:
        """Name, description, properties, parameters and source, as plain data."""
        return {"name": cls.name, "description": cls.description, "properties": dict(cls.properties),
                "params": dict(cls.params), "source": cls.source}


def _checked(name: str, allowed: Mapping[str, Param], given: Mapping[str, Param]) -> dict[str, Param]:
    unknown = [k for k in given if k not in allowed]
    if unknown:
        listed = ", ".join(allowed) or "none"
        raise NegsimError(f"strategy `{name}` has no parameter {', '.join(unknown)} (parameters: {listed})")
    out: dict[str, Param] = {}
    for k, v in given.items():
        default = allowed[k]
        numeric = isinstance(default, int | float) and not isinstance(default, bool)
        if numeric and (isinstance(v, bool) or not isinstance(v, int | float)):
            raise NegsimError(f"strategy `{name}`: parameter `{k}` must be a number, got {v!r}")
        out[k] = v
    return out


class TimeDependent(Negotiator):
    """Concede from the best deal to the no-deal utility as the deadline nears.

    Aspiration u(t) = best − (best − reserve)·α(t), α(t) = k + (1 − k)(t/(T − 1))^(1/e) with T the deadline in rounds:
    e < 1 Boulware (holds firm, concedes late), e = 1 linear, e > 1 conceder.
    """

    name = "time_dependent"
    description = "concedes with time: aspiration best − (best − no-deal)·(k + (1 − k)(t/(T − 1))^(1/exponent))"
    properties: ClassVar[dict[str, Any]] = {**Negotiator.properties, "uses_deadline": True}
    params: ClassVar[dict[str, Param]] = {"exponent": 1.0, "k": 0.0}
    source = ("Faratin, Sierra & Jennings (1998), Negotiation decision functions for autonomous agents, "
              "Robotics and Autonomous Systems 24:159–182, §4.2.1 (polynomial time-dependent tactics)")

    def __init__(self, domain: Domain, party: int, rounds: int, seed: int = 0, **params: Param) -> None:
        super().__init__(domain, party, rounds, seed, **params)
        if float(self.p["exponent"]) <= 0 or not 0.0 <= float(self.p["k"]) <= 1.0:
            raise NegsimError(f"strategy `{self.name}`: exponent must be > 0 and k in [0, 1]")

    def target(self, t: int, history: History) -> float:
        e, k = float(self.p["exponent"]), float(self.p["k"])
        alpha = k + (1.0 - k) * self.progress(t) ** (1.0 / e)
        return self.view.best - (self.view.best - self.view.floor) * alpha


class Boulware(TimeDependent):
    name = "boulware"
    description = "holds out and concedes only near the deadline (time-dependent, exponent 0.2)"
    params: ClassVar[dict[str, Param]] = {"exponent": 0.2, "k": 0.0}


class Linear(TimeDependent):
    name = "linear"
    description = "concedes at a constant rate from its best deal to its no-deal utility (exponent 1)"
    params: ClassVar[dict[str, Param]] = {"exponent": 1.0, "k": 0.0}


class Conceder(TimeDependent):
    name = "conceder"
    description = "concedes quickly early on (time-dependent, exponent 2)"
    params: ClassVar[dict[str, Param]] = {"exponent": 2.0, "k": 0.0}


class Hardliner(Negotiator):
    name = "hardliner"
    description = "always proposes its best deal and accepts only that much"
    source = "the 'hardheaded' baseline of the ANAC competitions (Baarslag et al. 2013)"


class TitForTat(Negotiator):
    """Relative tit-for-tat: concede, relative to its own range, as much as the others conceded of theirs.

    The others' concession is measured in their own gains over no deal: from their first
    offer to their latest, each other party kept the fraction r_j = g_j(latest)/g_j(first) of
    its gain. The negotiator keeps the same fraction of its own: aspiration
    d + (best − d)·mean_j r_j (clipped to [0, 1]). It opens with its best deal.
    """

    name = "tit_for_tat"
    description = "reciprocates: keeps the same share of its gain as the others keep of theirs (relative TFT)"
    properties: ClassVar[dict[str, Any]] = {**Negotiator.properties, "uses_opponent_offers": True}
    source = ("Faratin, Sierra & Jennings (1998) §4.2.3 (relative tit-for-tat); Baarslag, Hindriks & Jonker (2013), "
              "A tit for tat negotiation strategy for real-time bilateral negotiations, Complex Automated "
              "Negotiations, SCI 435:229–233")

    def target(self, t: int, history: History) -> float:
        ratios = [r for r in (self._kept(j, history) for j in range(len(self.domain.parties)) if j != self.party)
                  if r is not None]
        keep = float(np.clip(np.mean(ratios), 0.0, 1.0)) if ratios else 1.0
        return self.view.floor + (self.view.best - self.view.floor) * keep

    def _kept(self, j: int, history: History) -> float | None:
        """Fraction of party j's first-offer gain that its latest offer keeps (None before two offers)."""
        offers = [x for k, x in history if k == j]
        if len(offers) < 2:
            return None
        d = self.domain.no_deal[j]
        first, latest = self.domain.u[offers[0], j] - d, self.domain.u[offers[-1], j] - d
        return None if first <= TOL else float(latest / first)


class RandomNegotiator(Negotiator):
    name = "random"
    description = "proposes a uniformly random deal it can accept (seeded); accepts by AC_next"
    properties: ClassVar[dict[str, Any]] = {**Negotiator.properties, "stochastic": True, "complete_information": False}
    source = "the random baseline of Axelrod (1980) and of the ANAC competitions"

    def propose(self, t: int, history: History) -> int:
        n = self.view.pool.size
        if n == 0:
            return NO_OFFER
        rng = np.random.default_rng([self.seed, self.party, t])
        return int(self.view.pool[rng.integers(n)])


class NashSeeker(Negotiator):
    name = "nash_seeker"
    description = "proposes the Nash deal and accepts anything worth as much to it"
    source = "Nash (1950), The bargaining problem, Econometrica 18(2):155–162"

    def propose(self, t: int, history: History) -> int:
        nash = self.domain.nash
        if nash is None or not self.domain.acceptable[self.party, nash]:
            return super().propose(t, history)  # nothing everyone accepts: hold at its best
        return nash


REGISTRY: dict[str, type[Negotiator]] = {cls.name: cls for cls in (
    Boulware, Linear, Conceder, TimeDependent, Hardliner, TitForTat, RandomNegotiator, NashSeeker)}
"""Every strategy by name (the names a scenario's ``protocol.strategies`` may use)."""

DEFAULT = "linear"
"""The strategy of a party the scenario and the command line leave unspecified."""

TOURNAMENT = ["boulware", "linear", "conceder", "tit_for_tat", "hardliner"]
"""The strategies a tournament plays by default (5 × 5 for two parties)."""


StrategyRef = str | type[Negotiator]
"""A registered strategy's name, or a :class:`Negotiator` subclass (e.g. one loaded from a student's file)."""


def lookup(name: StrategyRef) -> type[Negotiator]:
    """The strategy class registered under ``name`` (``-`` and ``_`` are the same), or ``name`` itself if a class.

    >>> lookup("Tit-for-Tat") is TitForTat, lookup(Boulware) is Boulware
    (True, True)
    """
    if isinstance(name, type):
        if not issubclass(name, Negotiator):
            raise NegsimError(f"`{name.__name__}` is not a negotiator: subclass negsim.dynamics.strategies.Negotiator")
        return name
    key = name.strip().replace("-", "_").lower()
    if key not in REGISTRY:
        from negsim.wording import suggest

        raise NegsimError(f"no strategy `{name}`{suggest(key, list(REGISTRY))} (strategies: {', '.join(REGISTRY)})")
    return REGISTRY[key]


def parse_spec(text: str) -> tuple[str, dict[str, Param]]:
    """``NAME[:k=v,...]`` → (name, params), numbers converted: ``"conceder:exponent=3"``.

    >>> parse_spec("conceder:exponent=3,k=0.1")
    ('conceder', {'exponent': 3, 'k': 0.1})
    """
    name, _, rest = text.partition(":")
    params = parse_params(rest)
    lookup(name)
    return name.strip().replace("-", "_").lower(), params


def parse_params(text: str) -> dict[str, Param]:
    """``k=v,...`` → parameters, numbers converted.

    >>> parse_params("exponent=3, k=0.1, greedy=true")
    {'exponent': 3, 'k': 0.1, 'greedy': True}
    """
    params: dict[str, Param] = {}
    for item in filter(None, (s.strip() for s in text.split(","))):
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise NegsimError(f"strategy parameter `{item}`: write key=value, e.g. conceder:exponent=3")
        params[key.strip()] = _number(value.strip())
    return params


def _number(text: str) -> Param:
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def spec_of(entry: str | Mapping[str, Mapping[str, Param]]) -> tuple[str, dict[str, Param]]:
    """A scenario's ``protocol.strategies`` entry (``name`` or ``{name: {param: value}}``) → (name, params)."""
    if isinstance(entry, str):
        return lookup(entry).name, {}
    if len(entry) != 1:
        raise NegsimError("write one strategy: `name` or `{name: {param: value}}`")
    name, params = next(iter(entry.items()))
    return lookup(name).name, dict(params)


def make(name: StrategyRef, domain: Domain, party: int, rounds: int, seed: int = 0,
         params: Mapping[str, Param] | None = None) -> Negotiator:
    """An instance of strategy ``name`` for the party at position ``party`` of ``domain``."""
    return lookup(name)(domain, party, rounds, seed, **dict(params or {}))


__all__ = ["DEFAULT", "REGISTRY", "TOURNAMENT", "Boulware", "Conceder", "Hardliner", "Linear", "NashSeeker",
           "Negotiator", "RandomNegotiator", "StrategyRef", "TimeDependent", "TitForTat", "lookup", "make",
           "parse_params", "parse_spec", "spec_of"]
