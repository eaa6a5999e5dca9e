"""Building the deal space of a scenario (the full package or one agenda), once.

:func:`build_space` reads the scenario and returns an :class:`~negsim.space.model.OutcomeSpace`
with everything later stages need, including a :class:`SpaceInfo` (title, names, demands,
issues off the table) so that nothing downstream has to read the scenario again.

Example:
    >>> import negsim
    >>> space = build_space(negsim.load(negsim.bundled("four-issue-scoring")))
    >>> space.size, space.info.agenda_name, space.info.party_names
    (81, 'Full package', {'x': 'X', 'y': 'Y'})
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from negsim.errors import NegsimError
from negsim.numeric import TOL, FloatArray
from negsim.scenario.models import Agenda, RedLine, Scenario
from negsim.scenario.values import issue_labels, normalised_weights, option_values
from negsim.space.model import Axis, BonusTerm, Constraint, OutcomeSpace
from negsim.wording import suggest

MAX_CONSTRAINTS = 64
"""Constraints (red lines and floors) one space can hold: one bit each in a ``uint64``."""


@dataclass(frozen=True)
class SpaceInfo:
    """What a space is, in words: the scenario's title, the agenda, names, demands, what is off the table."""

    title: str
    agenda: str | None
    agenda_name: str
    parties: list[str]
    party_names: dict[str, str]
    issue_names: dict[str, str]
    units: dict[str, str]
    off_table: dict[str, str]
    demands: dict[str, dict[str, str]]
    options: dict[str, list[str]] = field(default_factory=dict)


def build_space(scenario: Scenario, agenda: str | None = None) -> OutcomeSpace:
    """The deal space of ``scenario`` — the full package, or the issues of ``agenda``."""
    if not scenario.issues:
        raise NegsimError("this scenario has no issues to negotiate (only games); "
                          "analyse its games with `negsim games`")
    chosen = _agenda(scenario, agenda)
    on = set(chosen.issues) if chosen else set(scenario.issue_ids)
    parties = scenario.party_ids
    weights = {p: normalised_weights(scenario.issues, scenario.preferences[p]) for p in parties}
    axes, offset = [], np.zeros(len(parties))
    for issue in scenario.issues:
        table = _weighted_values(scenario, issue.id, parties, weights)
        if issue.id in on:
            axes.append(Axis(issue.id, issue.name, tuple(issue_labels(issue)), table, issue.range is not None,
                             issue.unit))
        else:
            offset += table[issue_labels(issue).index(str(issue.status_quo))]
    axis_ids = [a.id for a in axes]
    return OutcomeSpace(
        scenario=scenario, info=_info(scenario, chosen, axes), agenda=chosen.id if chosen else None,
        parties=parties, axes=axes, offset=offset,
        bonuses=_bonuses(scenario, parties, axes, on),
        constraints=_constraints(scenario, axes, axis_ids),
        no_deal=np.array([scenario.party(p).no_deal for p in parties]),
        power=np.array([scenario.party(p).power for p in parties]),
    )


def _info(scenario: Scenario, agenda: Agenda | None, axes: list[Axis]) -> SpaceInfo:
    on = {a.id for a in axes}
    return SpaceInfo(
        title=scenario.title, agenda=agenda.id if agenda else None,
        agenda_name=(agenda.name or agenda.id) if agenda else "Full package",
        parties=scenario.party_ids, party_names={p.id: p.name for p in scenario.parties},
        issue_names={i.id: i.name for i in scenario.issues},
        units={a.id: a.unit for a in axes if a.unit},
        off_table={i.id: str(i.status_quo) for i in scenario.issues if i.id not in on},
        demands={p: {k: v for k, v in scenario.preferences[p].demands.items() if k in on}
                 for p in scenario.party_ids},
        options={a.id: list(a.labels) for a in axes},
    )


def _agenda(scenario: Scenario, agenda: str | None) -> Agenda | None:
    if agenda is None:
        return None
    ids = [a.id for a in scenario.agendas]
    if agenda not in ids:
        listed = ", ".join(ids) or "none defined"
        raise NegsimError(f"no agenda `{agenda}`{suggest(agenda, ids)} (agendas: {listed})")
    return scenario.agenda(agenda)


def _weighted_values(scenario: Scenario, iid: str, parties: list[str],
                     weights: dict[str, dict[str, float]]) -> FloatArray:
    issue = scenario.issue(iid)
    n = len(issue_labels(issue))
    cols = []
    for p in parties:
        w = weights[p][iid]
        v = option_values(issue, scenario.preferences[p])
        cols.append(np.zeros(n) if v is None or w == 0 else w * v)
    return np.stack(cols, axis=1)


def _bonuses(scenario: Scenario, parties: list[str], axes: list[Axis], on: set[str]) -> list[BonusTerm]:
    """Bonuses on issues on the table; terms on issues off it hold only at their status quo."""
    out = []
    pos = {a.id: k for k, a in enumerate(axes)}
    for k, p in enumerate(parties):
        for b in scenario.preferences[p].bonuses:
            terms, possible = [], True
            for iid, option in b.when.items():
                if iid in on:
                    terms.append((pos[iid], axes[pos[iid]].labels.index(option)))
                elif str(scenario.issue(iid).status_quo) != option:
                    possible = False
            if possible:
                out.append(BonusTerm(k, tuple(terms), b.add))
    return out


def _constraints(scenario: Scenario, axes: list[Axis], axis_ids: list[str]) -> list[Constraint]:
    """Red lines on issues on the table, ``min_utility`` floors and no-deal floors, with stable ids."""
    out: list[Constraint] = []
    for party in scenario.parties:
        out.append(Constraint(f"{party.id}.no_deal", party.id, "no_deal",
                              f"{party.name}: at least its no-deal utility ({party.no_deal:g})",
                              floor=party.no_deal))
        for k, rl in enumerate(scenario.preferences[party.id].red_lines):
            c = _red_line(f"{party.id}.red_lines[{k}]", party.id, party.name, rl, axes, axis_ids)
            if c is not None:
                out.append(c)
    if len(out) > MAX_CONSTRAINTS:
        raise NegsimError(f"{len(out)} constraints (red lines and floors); negsim handles at most {MAX_CONSTRAINTS}")
    return out


def _words(options: list[str]) -> str:
    """Option labels as words: ``legally_binding_ban`` → ``legally binding ban``, joined by " or "."""
    return " or ".join(o.replace("_", " ") for o in options)


def _red_line(cid: str, pid: str, name: str, rl: RedLine, axes: list[Axis], axis_ids: list[str]) -> Constraint | None:
    if rl.min_utility is not None:
        return Constraint(cid, pid, "min_utility", f"{name}: utility at least {rl.min_utility:g}",
                          floor=rl.min_utility, reason=rl.reason)
    if rl.issue not in axis_ids:
        return None  # red lines about issues off the table do not apply
    axis = axes[axis_ids.index(rl.issue)]
    labels = list(axis.labels)
    if rl.never is not None:
        allowed = np.array([o not in rl.never for o in labels])
        text = f"{name}: never {_words(rl.never)} on {axis.name}"
        kind = "never"
    elif rl.only is not None:
        allowed = np.array([o in rl.only for o in labels])
        text = f"{name}: only {_words(rl.only)} on {axis.name}"
        kind = "only"
    else:
        grid = np.array([float(x) for x in labels])
        kind = "at_least" if rl.at_least is not None else "at_most"
        bound = rl.at_least if rl.at_least is not None else rl.at_most
        assert bound is not None
        allowed = grid >= bound - TOL if kind == "at_least" else grid <= bound + TOL
        unit = f" {axis.unit}" if axis.unit else ""
        text = f"{name}: {axis.name} {'at least' if kind == 'at_least' else 'at most'} {bound:g}{unit}"
    return Constraint(cid, pid, kind, text, issue=axis.id, allowed=allowed, reason=rl.reason)


__all__ = ["MAX_CONSTRAINTS", "SpaceInfo", "build_space"]
