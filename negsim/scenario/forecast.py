"""What a scenario's ``forecast:`` section means: every actor's position, salience and capability per issue.

Defaults come from the rest of the scenario and are always overridable:

* **actors**: the parties, then the section's extra ``actors``;
* **position** of a party on a scenario issue: its demand (on a categorical issue, the
  demanded option's place in the option list, 0 for the first: options are read as an
  ordered scale, as for derived values); without a demand, the option it values most;
* **salience** of a party on a scenario issue where it has a position: its normalised
  weight on that issue (0..1);
* **capability**: ``forecast.capabilities``, else a party's ``power`` or an actor's
  ``capability``; an issue's ``capabilities`` override both there.

Without ``issues:``, every scenario issue on which at least two parties have a position is
forecast. Problems are yielded as ``(path, message)`` pairs for the loader to locate.

Example:
    >>> from negsim.scenario.loader import loads
    >>> s = loads('''
    ... negsim: 1
    ... parties: [{id: a}, {id: b, power: 2}]
    ... issues: [{id: level, options: [low, mid, high]}]
    ... preferences:
    ...   a: {demands: {level: high}}
    ...   b: {demands: {level: low}}
    ... forecast: {}
    ... ''')
    >>> [(i.id, i.positions, i.saliences, i.capabilities) for i in forecast_issues(s)]
    [('level', {'a': 2.0, 'b': 0.0}, {'a': 1.0, 'b': 1.0}, {'a': 1.0, 'b': 2.0})]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from negsim.scenario.models import ForecastIssue, Issue, Scenario, format_number
from negsim.scenario.values import issue_grid, issue_labels, normalised_weights, option_values
from negsim.wording import listing, suggest

if TYPE_CHECKING:  # numpy only where values are built: validation does without it
    import numpy as np

Found = tuple[tuple[Hashable, ...], str]


@dataclass(frozen=True)
class ResolvedIssue:
    """One forecast issue with every default filled in (actors without a position are absent)."""

    id: str
    name: str
    positions: dict[str, float]
    saliences: dict[str, float]
    capabilities: dict[str, float]
    labels: tuple[str, ...] | None
    observed: float | None
    reference_point: float | None


def actor_ids(s: Scenario) -> list[str]:
    """The parties, then the forecast's extra actors."""
    extra = [a.id for a in s.forecast.actors] if s.forecast is not None else []
    return [*s.party_ids, *extra]


def actor_names(s: Scenario) -> list[str]:
    extra = [a.name or a.id for a in s.forecast.actors] if s.forecast is not None else []
    return [*(p.name for p in s.parties), *extra]


def forecast_issues(s: Scenario) -> list[ResolvedIssue]:
    """The issues to forecast, defaults filled in (assumes a scenario without problems)."""
    assert s.forecast is not None
    if s.forecast.issues is not None:
        return [_resolve(s, entry) for entry in s.forecast.issues]
    resolved = [_resolve(s, ForecastIssue(id=i.id)) for i in s.issues]
    return [r for r in resolved if len(r.positions) >= 2]


def _resolve(s: Scenario, entry: ForecastIssue) -> ResolvedIssue:
    issue = next((i for i in s.issues if i.id == entry.id), None)
    positions: dict[str, float] = {}
    saliences: dict[str, float] = {}
    if issue is not None:
        positions, saliences = _party_defaults(s, issue)
    positions.update(entry.positions)
    saliences.update(entry.saliences)
    capabilities = {a: _capability(s, a) for a in actor_ids(s)}
    capabilities.update(entry.capabilities)
    here = [a for a in actor_ids(s) if a in positions and a in saliences]
    labels = tuple(issue.options) if issue is not None and issue.options is not None else None
    return ResolvedIssue(entry.id, entry.name or (issue.name if issue is not None else entry.id),
                         {a: positions[a] for a in here}, {a: saliences[a] for a in here},
                         {a: capabilities[a] for a in here}, labels, entry.observed, entry.reference_point)


def _party_defaults(s: Scenario, issue: Issue) -> tuple[dict[str, float], dict[str, float]]:
    positions, saliences = {}, {}
    for pid, prefs in s.preferences.items():
        try:
            x = _ideal_point(issue, prefs.demands.get(issue.id), option_values(issue, prefs))
        except (ValueError, KeyError, IndexError):  # a broken preference, reported by its own check
            continue
        if x is not None:
            positions[pid] = x
            saliences[pid] = normalised_weights(list(s.issues), prefs).get(issue.id, 0.0)
    return positions, saliences


def _ideal_point(issue: Issue, demand: str | None, values: np.ndarray | None) -> float | None:
    """The demand (a number, or an option's place), else the best-valued option; None without either."""
    grid = issue_grid(issue)
    if demand is not None:
        return float(demand) if grid is not None else float(issue_labels(issue).index(demand))
    if values is None:
        return None
    best = int(values.argmax())
    return float(grid[best]) if grid is not None else float(best)


def _capability(s: Scenario, actor: str) -> float:
    assert s.forecast is not None
    if actor in s.forecast.capabilities:
        return s.forecast.capabilities[actor]
    party = next((p for p in s.parties if p.id == actor), None)
    if party is not None:
        return party.power
    return next(a.capability for a in s.forecast.actors if a.id == actor)


# --- checks --------------------------------------------------------------------------------

def check_forecast(s: Scenario) -> Iterator[Found]:
    """Every problem in the ``forecast:`` section, as (path, message)."""
    f = s.forecast
    if f is None:
        return
    parties = set(s.party_ids)
    for k, actor in enumerate(f.actors):
        if actor.id in parties:
            yield ("forecast", "actors", k, "id"), (f"`{actor.id}` is already a party; list only stakeholders "
                                                    "who are not parties under `forecast.actors`")
    yield from _unique([a.id for a in f.actors], ("forecast", "actors"))
    known = actor_ids(s)
    for name in f.capabilities:
        yield from _actor_ref(name, known, ("forecast", "capabilities", name))
    if f.issues is None:
        if not forecast_issues(s):
            yield ("forecast",), ("no scenario issue has a position for two parties (from demands or values); "
                                  "list the issues under `forecast.issues` with `positions` and `saliences`")
        return
    yield from _unique([i.id for i in f.issues], ("forecast", "issues"))
    for k, entry in enumerate(f.issues):
        yield from _check_issue(s, entry, known, ("forecast", "issues", k))


def _unique(ids: list[str], at: tuple[Hashable, ...]) -> Iterator[Found]:
    seen: dict[str, int] = {}
    for k, item in enumerate(ids):
        if item in seen:
            yield (*at, k, "id"), f"duplicate id `{item}` (already used by {at[-1]}[{seen[item]}]); ids must be unique"
        seen.setdefault(item, k)


def _actor_ref(actor: str, known: list[str], at: tuple[Hashable, ...]) -> Iterator[Found]:
    if actor not in known:
        yield at, (f"`{actor}` is not a party or a forecast actor{suggest(actor, known)} "
                   f"(actors: {listing(known)}); add it under `forecast.actors`")


def _check_issue(s: Scenario, entry: ForecastIssue, known: list[str], at: tuple[Hashable, ...]) -> Iterator[Found]:
    for field in ("positions", "saliences", "capabilities"):
        for actor in getattr(entry, field):
            yield from _actor_ref(actor, known, (*at, field, actor))
    issue = next((i for i in s.issues if i.id == entry.id), None)
    if issue is not None:
        yield from _check_scale(issue, entry, at)
    positions, saliences = (_party_defaults(s, issue) if issue is not None else ({}, {}))
    positions.update(entry.positions)
    saliences.update(entry.saliences)
    for actor in known:
        if actor in entry.positions and actor not in saliences:
            yield (*at, "positions", actor), (f"`{actor}` has a position on `{entry.id}` but no salience; "
                                              f"add `saliences: {{{actor}: ...}}`")
        if actor in entry.saliences and actor not in positions:
            yield (*at, "saliences", actor), (f"`{actor}` has a salience on `{entry.id}` but no position; "
                                              f"add `positions: {{{actor}: ...}}`")
    if sum(1 for a in known if a in positions and a in saliences) < 2:
        origin = "" if issue is None else " (scenario issue: positions default to the parties' demands)"
        yield at, f"a forecast issue needs positions and saliences of at least two actors{origin}"


def _check_scale(issue: Issue, entry: ForecastIssue, at: tuple[Hashable, ...]) -> Iterator[Found]:
    """Positions on a scenario issue lie on its scale: its range, or 0..k−1 over its k options."""
    if issue.range is not None:
        lo, hi = issue.range
        what = f"the issue's range [{format_number(lo)}, {format_number(hi)}]"
    else:
        lo, hi = 0.0, float(len(issue.options or []) - 1)
        what = f"the option scale 0..{format_number(hi)} (0 = `{(issue.options or ['?'])[0]}`)"
    for actor, x in entry.positions.items():
        if not lo <= x <= hi:
            yield (*at, "positions", actor), f"{format_number(x)} is outside {what}"


__all__ = ["ResolvedIssue", "actor_ids", "actor_names", "check_forecast", "forecast_issues"]
