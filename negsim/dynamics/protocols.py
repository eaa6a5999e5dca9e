"""Negotiation protocols: alternating offers (two parties) and stacked alternating offers (n parties).

Round t's proposer is the party after the previous one (starting with ``first``); every
other party answers in turn, and the offer passes when all accept. After a rejection
talks break down with probability ``breakdown`` (a seeded draw); at the deadline they
end without agreement. With two parties this is Rubinstein's alternating offers; with
more it is the stacked alternating offers protocol without counter-offer shortcuts.

Sources: Rubinstein (1982), Econometrica 50(1):97–109; Aydoğan, Festen, Hindriks &
Jonker (2017), "Alternating offers protocols for multilateral negotiation", Modern
Approaches to Agent-based Complex Automated Negotiation, SCI 674:153–167.

Example:
    >>> import negsim
    >>> from negsim.dynamics.domain import build_domain
    >>> dom = build_domain(negsim.load(negsim.bundled("divide-the-dollar")))
    >>> r = negotiate(dom, {"alice": "boulware", "bob": "conceder"}, rounds=30, seed=1)
    >>> r.outcome.agreement, r.trace[0].proposer
    (True, 'alice')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negsim.dynamics import strategies as strat
from negsim.dynamics.domain import Domain, build_domain, first_index
from negsim.errors import NegsimError
from negsim.progress import Progress, tell
from negsim.scenario.models import Scenario

Spec = (str | type[strat.Negotiator] | tuple[strat.StrategyRef, Mapping[str, strat.Param]]
        | Mapping[str, Mapping[str, strat.Param]])
"""A strategy: ``"boulware"``, ``("conceder", {"exponent": 3})``, ``{"conceder": {"exponent": 3}}``, or a
:class:`~negsim.dynamics.strategies.Negotiator` subclass (alone or with parameters: ``(MyAgent, {"keep": 0.8})``)."""


@dataclass(frozen=True)
class Step:
    """One round: who proposed what, every party's utility of it, and whether it passed."""

    round: int
    proposer: str
    index: int
    deal: dict[str, str]
    utilities: dict[str, float]
    accepted: bool
    rejected_by: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"round": self.round, "proposer": self.proposer, "deal": self.deal, "utilities": self.utilities,
                "accepted": self.accepted, "rejected_by": self.rejected_by}


@dataclass(frozen=True)
class Outcome:
    """How it ended: agreement or not, when, everyone's utility, and how far from efficient and from Nash.

    ``discounted`` is d + δ^t (u − d) per party (t = round of agreement). Distances are
    Euclidean in utility space, from the result (the deal, or the no-deal point) to the
    nearest Pareto-frontier deal of the feasible deals and to the Nash deal.
    """

    agreement: bool
    round: int | None
    deal: dict[str, str] | None
    utilities: dict[str, float]
    discounted: dict[str, float]
    distance_to_frontier: float | None
    distance_to_nash: float | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"agreement": self.agreement, "round": self.round, "deal": self.deal, "utilities": self.utilities,
                "discounted_utilities": self.discounted, "distance_to_frontier": self.distance_to_frontier,
                "distance_to_nash": self.distance_to_nash, "reason": self.reason}


@dataclass
class Negotiation:
    """A simulated negotiation: settings, the round-by-round trace and the outcome."""

    protocol: str
    parties: list[str]
    strategies: dict[str, dict[str, Any]]
    rounds: int
    first: str
    breakdown: float
    seed: int
    trace: list[Step]
    outcome: Outcome
    agenda: str | None = None
    fault: Fault | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"protocol": self.protocol, "agenda": self.agenda, "parties": self.parties,
                "strategies": self.strategies, "rounds": self.rounds, "first": self.first,
                "breakdown": self.breakdown, "seed": self.seed, "trace": [s.to_dict() for s in self.trace],
                "outcome": self.outcome.to_dict(), "fault": self.fault.to_dict() if self.fault else None}


@dataclass(frozen=True)
class Fault:
    """A strategy that raised an exception or broke the protocol's rules, and when."""

    party: str
    strategy: str
    round: int | None  # None: when it was created
    error: str

    def __str__(self) -> str:
        when = "when it was created" if self.round is None else f"in round {self.round}"
        return f"strategy `{self.strategy}` of {self.party} failed {when}: {self.error}"

    def to_dict(self) -> dict[str, Any]:
        return {"party": self.party, "strategy": self.strategy, "round": self.round, "error": self.error}


class StrategyFault(Exception):
    """Raised inside :func:`run` when a negotiator fails; the run ends without agreement."""

    def __init__(self, fault: Fault) -> None:
        super().__init__(str(fault))
        self.fault = fault


@dataclass
class RawRun:
    """A run as plain integers (for tournaments): offers, accepted round, breakdown, a failed strategy."""

    proposers: list[int]
    offers: list[int]
    rejected_by: list[list[int]]
    agreed: int | None  # round
    reason: str
    fault: Fault | None = None


def normalise_spec(spec: Spec) -> tuple[type[strat.Negotiator], dict[str, strat.Param]]:
    """Any accepted way of writing a strategy → (its class, params). Strings name registered strategies only."""
    if isinstance(spec, type):
        return strat.lookup(spec), {}
    if isinstance(spec, str):
        name, params = strat.parse_spec(spec)
        return strat.lookup(name), params
    if isinstance(spec, tuple):
        return strat.lookup(spec[0]), dict(spec[1])
    name, params = strat.spec_of(spec)
    return strat.lookup(name), params


def label(spec: Spec) -> str:
    """A strategy's name for tables: ``"conceder:exponent=3"`` as written, a class by its ``name``."""
    if isinstance(spec, str):
        return spec.strip()
    cls, params = normalise_spec(spec)
    return cls.name + (":" + ",".join(f"{k}={v}" for k, v in params.items()) if params else "")


def create(domain: Domain, specs: list[tuple[type[strat.Negotiator], dict[str, strat.Param]]], rounds: int,
           seed: int) -> list[strat.Negotiator] | Fault:
    """One negotiator per party, or the fault of the first one whose constructor fails.

    negsim's own errors (a parameter out of range) stay errors; anything else a strategy's
    constructor raises is that strategy's fault.
    """
    out = []
    for k, (cls, params) in enumerate(specs):
        try:
            out.append(strat.make(cls, domain, k, rounds, seed, params))
        except NegsimError:
            raise
        except Exception as exc:
            return Fault(domain.parties[k], cls.name, None, f"{type(exc).__name__}: {exc}")
    return out


TELL_EVERY = 512
"""Rounds between two progress reports of a long negotiation."""


def run(domain: Domain, negotiators: list[strat.Negotiator], rounds: int, first: int = 0,
        breakdown: float = 0.0, seed: int = 0, progress: Progress | None = None) -> RawRun:
    """The protocol loop (see the module docstring); one Python step per round and responder.

    ``progress("rounds", done, rounds)`` is told every :data:`TELL_EVERY` rounds.
    """
    n = len(negotiators)
    rng = np.random.default_rng([seed, 7919])
    history: strat.History = []
    proposers: list[int] = []
    offers: list[int] = []
    rejected: list[list[int]] = []
    for t in range(rounds):
        if progress and t % TELL_EVERY == 0:
            tell(progress, "rounds", t, rounds)
        k = (first + t) % n
        try:
            offer = _offer(domain, negotiators[k], t, history)
            if offer == strat.NO_OFFER:
                return RawRun(proposers, offers, rejected, None,
                              f"{domain.names[k]} has no deal that meets its own red lines and walks away")
            history.append((k, offer))
            no = [j for j in range(n) if j != k and not _answer(domain, negotiators[j], t, history, offer)]
        except StrategyFault as exc:
            return RawRun(proposers, offers, rejected, None, str(exc.fault), exc.fault)
        proposers.append(k)
        offers.append(offer)
        rejected.append(no)
        if not no:
            return RawRun(proposers, offers, rejected, t, "agreement")
        if breakdown > 0 and rng.random() < breakdown:
            return RawRun(proposers, offers, rejected, None, f"talks broke down after round {t}")
    return RawRun(proposers, offers, rejected, None, f"deadline of {rounds} rounds reached")


def _offer(domain: Domain, negotiator: strat.Negotiator, t: int, history: strat.History) -> int:
    """The negotiator's proposal, checked: a deal index it can accept itself, or NO_OFFER."""
    try:
        offer = negotiator.propose(t, list(history))
    except Exception as exc:
        raise _fault(domain, negotiator, t, f"propose() raised {type(exc).__name__}: {exc}") from exc
    if isinstance(offer, bool) or not isinstance(offer, int | np.integer):
        raise _fault(domain, negotiator, t, f"propose() returned {offer!r}, not a deal index (an int)")
    offer = int(offer)
    if offer == strat.NO_OFFER:
        return offer
    if not 0 <= offer < domain.size:
        raise _fault(domain, negotiator, t, f"propose() returned deal {offer}; deals are 0..{domain.size - 1}")
    if not domain.acceptable[negotiator.party, offer]:
        raise _fault(domain, negotiator, t, f"proposed deal {offer}, which breaks its own red lines or gives it "
                                            "less than no deal")
    return offer


def _answer(domain: Domain, negotiator: strat.Negotiator, t: int, history: strat.History, offer: int) -> bool:
    """The negotiator's answer, checked: True or False."""
    try:
        answer = negotiator.respond(t, list(history), offer)
    except Exception as exc:
        raise _fault(domain, negotiator, t, f"respond() raised {type(exc).__name__}: {exc}") from exc
    if not isinstance(answer, bool | np.bool_):
        raise _fault(domain, negotiator, t, f"respond() returned {answer!r}, not True or False")
    return bool(answer)


def _fault(domain: Domain, negotiator: strat.Negotiator, t: int, error: str) -> StrategyFault:
    return StrategyFault(Fault(domain.parties[negotiator.party], negotiator.name, t, error))


def negotiate(domain: Domain, strategies: Mapping[str, Spec] | None = None, rounds: int = 30,
              first: str | None = None, breakdown: float = 0.0, seed: int = 0,
              progress: Progress | None = None) -> Negotiation:
    """Simulate one negotiation on ``domain`` with a strategy per party (default: linear).

    ``progress("rounds", done, rounds)`` is told as rounds pass (long deadlines).
    Source: see the module docstring.
    """
    specs = _specs(domain, strategies or {})
    if rounds < 1:
        raise NegsimError("the deadline must be at least one round")
    if not 0.0 <= breakdown <= 1.0:
        raise NegsimError("the breakdown probability must lie in [0, 1]")
    k0 = first_index(domain, first)
    negotiators = create(domain, specs, rounds, seed)
    if isinstance(negotiators, Fault):
        raw = RawRun([], [], [], None, str(negotiators), negotiators)
    else:
        raw = run(domain, negotiators, rounds, k0, breakdown, seed, progress)
    return _result(domain, specs, raw, rounds, k0, breakdown, seed)


def _specs(domain: Domain, strategies: Mapping[str, Spec]
           ) -> list[tuple[type[strat.Negotiator], dict[str, strat.Param]]]:
    unknown = [p for p in strategies if p not in domain.parties]
    if unknown:
        raise NegsimError(f"no negotiating party {', '.join(unknown)} (parties: {', '.join(domain.parties)})")
    return [normalise_spec(strategies.get(p, strat.DEFAULT)) for p in domain.parties]


def outcome_of(domain: Domain, raw: RawRun) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Utilities and discounted utilities (P,) of a run's result (no-deal utilities without agreement)."""
    if raw.agreed is None:
        return domain.no_deal.copy(), domain.no_deal.copy()
    u = domain.u[raw.offers[raw.agreed]]
    return u, domain.no_deal + domain.patience ** raw.agreed * (u - domain.no_deal)


def _result(domain: Domain, specs: list[tuple[type[strat.Negotiator], dict[str, strat.Param]]], raw: RawRun,
            rounds: int, k0: int, breakdown: float, seed: int) -> Negotiation:
    names = domain.parties
    trace = [Step(t, names[k], x, domain.deal(x), domain.utilities(x), not no, [names[j] for j in no])
             for t, (k, x, no) in enumerate(zip(raw.proposers, raw.offers, raw.rejected_by, strict=True))]
    u, disc = outcome_of(domain, raw)
    outcome = Outcome(raw.agreed is not None, raw.agreed,
                      domain.deal(raw.offers[raw.agreed]) if raw.agreed is not None else None,
                      _named(names, u), _named(names, disc), domain.distance_to_frontier(u),
                      domain.distance_to_nash(u), raw.reason)
    kind = "alternating_offers" if len(names) == 2 else "stacked_alternating_offers"
    return Negotiation(kind, list(names), {p: {"name": cls.name, "params": prm} for p, (cls, prm) in zip(names, specs,
                                                                                                     strict=True)},
                       rounds, names[k0], breakdown, seed, trace, outcome, domain.space.agenda, raw.fault)


def _named(names: list[str], values: NDArray[np.float64]) -> dict[str, float]:
    return {p: float(v) for p, v in zip(names, values, strict=True)}


# --- from a scenario -----------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """The protocol settings of a run: the scenario's ``protocol:`` section overridden by the caller."""

    parties: list[str] | None
    strategies: dict[str, Spec]
    rounds: int
    first: str | None
    breakdown: float


def settings(scenario: Scenario, parties: list[str] | None = None, strategies: Mapping[str, Spec] | None = None,
             rounds: int | None = None, first: str | None = None, breakdown: float | None = None) -> Settings:
    """The scenario's protocol section with the caller's overrides (None = keep the scenario's)."""
    proto = scenario.protocol
    merged: dict[str, Spec] = dict(proto.strategies) if proto else {}
    if parties is None and proto is not None and proto.kind == "alternating_offers" and len(scenario.parties) > 2:
        if len(proto.strategies) != 2:
            raise NegsimError("`alternating_offers` is for two parties: name two parties under protocol.strategies, "
                              "choose two with --parties, or use `stacked_alternating_offers`")
        parties = list(proto.strategies)
    if first is None and proto is not None and (parties is None or proto.first in parties):
        first = proto.first  # the scenario's first proposer, unless it was left out of the talks
    if parties is not None:
        merged = {p: s for p, s in merged.items() if p in parties}
    merged.update(strategies or {})  # the caller's choices are checked against the negotiating parties later
    return Settings(parties, merged, rounds if rounds is not None else (proto.rounds if proto else 30), first,
                    breakdown if breakdown is not None else (proto.breakdown if proto else 0.0))


def simulate(scenario: Scenario, agenda: str | None = None, *, parties: list[str] | None = None,
             strategies: Mapping[str, Spec] | None = None, rounds: int | None = None, first: str | None = None,
             breakdown: float | None = None, seed: int = 0) -> Negotiation:
    """Simulate ``scenario`` (or one agenda) with its protocol section, overridden by the arguments.

    >>> import negsim
    >>> r = simulate(negsim.load(negsim.bundled("divide-the-dollar")), seed=0)
    >>> r.protocol, r.outcome.agreement
    ('alternating_offers', True)
    """
    s = settings(scenario, parties, strategies, rounds, first, breakdown)
    domain = build_domain(scenario, agenda, s.parties)
    if s.first is not None and s.first not in domain.parties:
        raise NegsimError(f"protocol.first `{s.first}` does not negotiate here (parties: {', '.join(domain.parties)})")
    return negotiate(domain, s.strategies, s.rounds, s.first, s.breakdown, seed)


__all__ = ["Fault", "Negotiation", "Outcome", "RawRun", "Settings", "Step", "StrategyFault", "create", "label",
           "negotiate", "normalise_spec", "outcome_of", "run", "settings", "simulate"]
