"""The scenario format, version 1, as pydantic models.

The models check *shape* (types, ranges, unknown keys). Cross-references between
sections (an option that must exist, a party that must be declared) are checked in
:mod:`negsim.scenario.checks`, so that every message can name the fix.

Example:
    >>> p = Party(id="russia", no_deal=0.3)
    >>> (p.name, p.power, p.patience)
    ('russia', 1.0, 1.0)
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, WithJsonSchema, field_validator, model_validator

MAX_PAYOFF = 1e12
"""Largest game payoff in absolute value (the equilibrium solvers' floating point needs a bound)."""
MAX_NAME = 200
"""Longest name or title in a scenario file (names are drawn in figures and printed in tables); checked by
:mod:`negsim.scenario.checks`, so that code may still build longer ones."""

Num = Annotated[float, Strict()]
"""A number written as a number: `true` or `"0.5"` (quoted) is refused, not converted."""
Int = Annotated[int, Strict()]
Id = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_\-]*$", min_length=1, max_length=64,
                          description="an identifier: letters, digits, _ and -; starts with a letter or _")]
Unit = Annotated[float, Strict(), Field(ge=0.0, le=1.0)]
Label = Annotated[str, Field(min_length=1, max_length=200), WithJsonSchema(
    {"anyOf": [{"type": "string", "minLength": 1, "maxLength": 200}, {"type": "number"}],
     "description": "an option: a name, or a number (numeric issues and numbered options)"})]


def _as_label(value: Any) -> Any:
    """Options may be written as numbers; they are kept as text labels."""
    if isinstance(value, bool):
        return value  # let the type check complain: `true` is not an option name
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_number(value)
    return value


def _value_labels(v: Any) -> Any:
    """Option keys of ``values`` may be written as numbers; they are kept as text labels."""
    if isinstance(v, dict):
        return {k: ({_as_label(o): x for o, x in opts.items()} if isinstance(opts, dict) else opts)
                for k, opts in v.items()}
    return v


def format_number(x: float) -> str:
    """The canonical label of a number: ``40.0`` → ``"40"``, ``0.25`` → ``"0.25"``."""
    r = round(float(x), 9)
    if not math.isfinite(r):
        return str(r)
    if r == int(r):
        return str(int(r))
    return f"{r:.9f}".rstrip("0").rstrip(".")


class Model(BaseModel):
    """Base: immutable, unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)


class Party(Model):
    """A negotiating party."""

    id: Id
    name: str = ""
    description: str = ""
    no_deal: Unit = Field(0.0, description="utility of no agreement (disagreement point), 0..1")
    power: Num = Field(1.0, gt=0.0, le=1000.0, description="bargaining power (asymmetric Nash weight)")
    patience: Num = Field(1.0, gt=0.0, le=1.0, description="discount factor per round, in (0, 1]")
    ratification: Ratification | None = Field(
        None, description="ratification at home (a two-level game): the constituents who must approve a deal")

    @model_validator(mode="after")
    def _default_name(self) -> Party:
        if not self.name:
            object.__setattr__(self, "name", self.id)
        return self


class Issue(Model):
    """An issue: categorical (``options``) or numeric (``range`` + ``step``)."""

    id: Id
    name: str = ""
    description: str = ""
    options: list[Label] | None = Field(None, min_length=1, max_length=100_000)
    range: tuple[Num, Num] | None = None
    step: Num | None = None
    status_quo: Label | None = Field(None, description="the option that holds if the issue is off the table")
    unit: str = Field("", max_length=40, description="unit of a numeric issue's values, shown in tables and on axes "
                                                     "(e.g. \"%\", \"k€ per year\", \"days\")")
    sources: list[str] = Field(default_factory=list, description="where the parties' positions on this issue come from")

    _labels = field_validator("options", mode="before")(
        classmethod(lambda cls, v: [_as_label(x) for x in v] if isinstance(v, list) else v))
    _sq = field_validator("status_quo", mode="before")(classmethod(lambda cls, v: _as_label(v)))

    @model_validator(mode="after")
    def _default_name(self) -> Issue:
        if not self.name:
            object.__setattr__(self, "name", self.id)
        return self

    @property
    def numeric(self) -> bool:
        return self.range is not None


class RedLine(Model):
    """A red line: options never accepted / the only ones accepted / a utility floor.

    Exactly one of ``never``, ``only``, ``at_least``, ``at_most`` (with ``issue``) or
    ``min_utility`` (without ``issue``) is given.
    """

    issue: Id | None = None
    never: list[Label] | None = Field(None, min_length=1)
    only: list[Label] | None = Field(None, min_length=1)
    at_least: Num | None = Field(None, description="numeric issues: values below this are refused")
    at_most: Num | None = Field(None, description="numeric issues: values above this are refused")
    min_utility: Unit | None = Field(None, description="walk away from any deal worth less than this")
    reason: str = ""
    sources: list[str] = Field(default_factory=list, description="where this red line comes from")

    _labels = field_validator("never", "only", mode="before")(
        classmethod(lambda cls, v: [_as_label(x) for x in v] if isinstance(v, list) else v))


class Bonus(Model):
    """An interaction: ``add`` utility when every listed issue takes the listed option."""

    when: dict[Id, Label] = Field(min_length=1)
    add: Num = Field(ge=-1.0, le=1.0)
    reason: str = ""

    _labels = field_validator("when", mode="before")(
        classmethod(lambda cls, v: {k: _as_label(x) for k, x in v.items()} if isinstance(v, dict) else v))


class Preferences(Model):
    """One party's preferences over the issues."""

    weights: dict[Id, Annotated[float, Strict(), Field(ge=0.0, le=1e6)]] | None = None
    values: dict[Id, dict[Label, Unit]] = Field(default_factory=dict)
    demands: dict[Id, Label] = Field(default_factory=dict)
    red_lines: list[RedLine] = Field(default_factory=list)
    bonuses: list[Bonus] = Field(default_factory=list)
    normalise_weights: bool = Field(True, description="false: use the weights as written instead of scaling them "
                                    "to sum to 1 (GENIUS profiles need not sum to 1)")

    _values = field_validator("values", mode="before")(classmethod(lambda cls, v: _value_labels(v)))

    _demands = field_validator("demands", mode="before")(
        classmethod(lambda cls, v: {k: _as_label(x) for k, x in v.items()} if isinstance(v, dict) else v))


class Agenda(Model):
    """A named subset of issues negotiated on its own; the rest stays at status quo."""

    id: Id
    name: str = ""
    description: str = ""
    issues: list[Id] = Field(min_length=1)
    rule: Rule | None = Field(None, description="the decision rule for this agenda (default: the scenario's rule)")


Weight = Annotated[float, Strict(), Field(ge=0.0, le=1e12)]


class RuleCriterion(Model):
    """One quota of a double majority: weights (default one per party) and the quota or share needed."""

    name: str = ""
    weights: dict[Id, Weight] | None = Field(None, description="one weight per party; default: one each")
    quota: Num | None = Field(None, gt=0.0, description="the total weight a coalition needs")
    share: Num | None = Field(None, gt=0.0, le=1.0, description="the share of the total weight a coalition needs "
                              "(at least)")


class Rule(Model):
    """How many parties, or which, must accept a deal: unanimity, majority, weighted voting, double majority."""

    kind: Literal["unanimity", "majority", "weighted", "double_majority"]
    weights: dict[Id, Weight] | None = Field(None, description="weighted voting: one weight per party")
    quota: Num | None = Field(None, gt=0.0, description="votes needed (majority: parties; weighted: weight)")
    share: Num | None = Field(None, gt=0.0, le=1.0, description="share of the votes needed (at least), "
                              "instead of `quota`")
    criteria: list[RuleCriterion] | None = Field(None, description="double majority: the two criteria")
    veto: list[Id] = Field(default_factory=list, description="parties that must be in every winning coalition")
    min_blocking: Int | None = Field(None, ge=2, description="double majority: a coalition also wins when fewer "
                                     "than this many parties are outside it (EU Council: 4)")
    description: str = ""


class Constituent(Model):
    """A group at home whose approval a party needs: its own red lines, floor and (optionally) utilities.

    Utilities default to the party's: give ``values``/``demands`` (and ``weights``) for its own.
    """

    id: Id
    name: str = ""
    votes: Weight = Field(1.0, description="its votes in the ratification")
    no_deal: Unit = Field(0.0, description="it rejects deals worth less than this to it")
    weights: dict[Id, Annotated[float, Strict(), Field(ge=0.0, le=1e6)]] | None = None
    values: dict[Id, dict[Label, Unit]] | None = None
    demands: dict[Id, Label] | None = None
    bonuses: list[Bonus] | None = None
    red_lines: list[RedLine] = Field(default_factory=list)
    description: str = ""

    _values = field_validator("values", mode="before")(classmethod(lambda cls, v: _value_labels(v)))
    _demands = field_validator("demands", mode="before")(
        classmethod(lambda cls, v: {k: _as_label(x) for k, x in v.items()} if isinstance(v, dict) else v))

    @model_validator(mode="after")
    def _default_name(self) -> Constituent:
        if not self.name:
            object.__setattr__(self, "name", self.id)
        return self


class Ratification(Model):
    """Ratification at home (Putnam 1988): a deal binds the party only if its constituents approve it."""

    quota: Num | None = Field(None, gt=0.0, description="votes needed to ratify")
    share: Num | None = Field(None, gt=0.0, le=1.0, description="share of the votes needed (at least)")
    constituents: list[Constituent] = Field(min_length=1, max_length=20)
    description: str = ""


class Game(Model):
    """A two-player normal-form game.

    ``payoffs`` is either a nested mapping ``row strategy → column strategy → [row, col]``
    or ``{row: [[...]], column: [[...]]}`` matrices (rows = row player's strategies).
    """

    id: Id
    title: str = ""
    description: str = ""
    players: tuple[Id, Id]
    strategies: dict[Id, list[Id]]
    payoffs: dict[str, Any]
    notes: str = ""


class StrategySpec(Model):
    """A negotiator strategy with parameters, e.g. ``{conceder: {exponent: 2}}``."""

    name: Id
    params: dict[Id, float | int | str | bool] = Field(default_factory=dict)


class Protocol(Model):
    """A simulated negotiation: alternating offers with a deadline."""

    kind: Literal["alternating_offers", "stacked_alternating_offers"] = "alternating_offers"
    rounds: Int = Field(30, ge=1, le=100_000)
    first: Id | None = None
    breakdown: Unit = Field(0.0, description="probability that talks break down after a rejection")
    strategies: dict[Id, Id | dict[Id, dict[Id, float | int | str | bool]]] = Field(default_factory=dict)


class Vary(Model):
    """One uncertain input: a field path and a distribution (exactly one)."""

    path: str = Field(min_length=1)
    uniform: tuple[Num, Num] | None = None
    normal: tuple[Num, Num] | None = Field(None, description="[mean, sd], truncated to the field's range")
    triangular: tuple[Num, Num, Num] | None = Field(None, description="[low, mode, high]")
    choice: list[Num] | None = Field(None, min_length=1)
    weights: list[Num] | None = Field(None, description="probabilities for `choice`")


class Uncertainty(Model):
    """Monte Carlo over uncertain inputs."""

    samples: Int = Field(1000, ge=1, le=10_000_000)
    seed: Int = Field(0, ge=0)
    vary: list[Vary] = Field(min_length=1)


ForecastModel = Literal["compromise", "median", "expected_utility", "exchange"]
FORECAST_MODELS: tuple[ForecastModel, ...] = ("compromise", "median", "expected_utility", "exchange")


class ForecastActor(Model):
    """A stakeholder in the forecast who is not a negotiating party (a lobby, a court, a third state)."""

    id: Id
    name: str = ""
    capability: Annotated[float, Strict(), Field(ge=0.0, le=1e9)] = Field(
        1.0, description="the actor's capability (power, clout) on every issue unless an issue says otherwise")


class ForecastIssue(Model):
    """One issue of the forecast: every actor's position on a numeric scale, salience and capability.

    A scenario issue's id takes its defaults from the scenario (demanded option as position,
    the party's weight as salience, ``power`` as capability); any other id is an issue of the
    forecast only, and every actor on it needs a position and a salience.
    """

    id: Id
    name: str = ""
    positions: dict[Id, Num] = Field(default_factory=dict)
    saliences: dict[Id, Annotated[float, Strict(), Field(ge=0.0, le=1e9)]] = Field(default_factory=dict)
    capabilities: dict[Id, Annotated[float, Strict(), Field(ge=0.0, le=1e9)]] = Field(default_factory=dict)
    observed: Num | None = Field(None, description="the outcome that was observed, on the same scale")
    reference_point: Num | None = Field(None, description="the outcome had nothing been decided")


class ExpectedUtilitySwitches(Model):
    """The expected-utility model's switches (docs/forecasting.md explains each)."""

    denominator: Literal["pair", "all"] = "pair"
    choice: Literal["nearest", "strongest"] = "nearest"
    perspective: Literal["receiver", "own"] = "receiver"
    outcome: Literal["median", "mean"] = "median"
    anchor: Literal["median", "mean"] = "median"
    status_quo: Unit = 1.0
    improvement: Unit = 1.0


class Forecast(Model):
    """Spatial forecasts of the outcome: compromise, weighted median, expected utility, exchange."""

    actors: list[ForecastActor] = Field(default_factory=list, max_length=500,
                                        description="stakeholders besides the parties")
    capabilities: dict[Id, Annotated[float, Strict(), Field(ge=0.0, le=1e9)]] = Field(
        default_factory=dict, description="capability per party or actor (default: a party's `power`)")
    issues: list[ForecastIssue] | None = Field(
        None, max_length=10_000, description="the issues to forecast (default: every scenario issue on which "
                                             "at least two parties have a position)")
    models: list[ForecastModel] = Field(default_factory=lambda: list(FORECAST_MODELS), min_length=1)
    rounds: Int = Field(10, ge=1, le=1000, description="rounds of the expected-utility and exchange models")
    expected_utility: ExpectedUtilitySwitches = Field(default_factory=ExpectedUtilitySwitches)


class Scenario(Model):
    """A negotiation scenario (format version 1)."""

    negsim: Literal[1] = Field(description="format version; write `negsim: 1`")
    title: str = ""
    summary: str = ""
    sources: list[str] = Field(default_factory=list)
    notes: str | list[str] = ""
    parties: list[Party] = Field(min_length=2, max_length=50)
    issues: list[Issue] = Field(default_factory=list, max_length=1000,
                                description="the issues; may be empty in a scenario that only has games")
    preferences: dict[Id, Preferences] = Field(default_factory=dict)
    agendas: list[Agenda] = Field(default_factory=list)
    rule: Rule | None = Field(None, description="the decision rule (default: unanimity, every party must accept)")
    games: list[Game] = Field(default_factory=list)
    protocol: Protocol | None = None
    uncertainty: Uncertainty | None = None
    forecast: Forecast | None = Field(None, description="spatial forecasts of the outcome (docs/forecasting.md)")
    extensions: dict[Id, dict[str, Any]] = Field(
        default_factory=dict,
        description="data kept for other tools and ignored by the analysis (e.g. `genius:` from negsim import genius)")

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)

    def party(self, pid: str) -> Party:
        return next(p for p in self.parties if p.id == pid)

    def issue(self, iid: str) -> Issue:
        return next(i for i in self.issues if i.id == iid)

    def agenda(self, aid: str) -> Agenda:
        return next(a for a in self.agendas if a.id == aid)

    @property
    def party_ids(self) -> list[str]:
        return [p.id for p in self.parties]

    @property
    def issue_ids(self) -> list[str]:
        return [i.id for i in self.issues]


Party.model_rebuild()
Agenda.model_rebuild()
Scenario.model_rebuild()
