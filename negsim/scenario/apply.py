"""Put one sample's input values into a scenario: a new Scenario with exactly those fields changed.

The scenario is immutable; each changed part is rebuilt with ``model_copy(update=...)``
and everything else is shared with the original. A weight varied for a party that
gives no ``weights`` first gets the weights negsim derives (equal weights on the issues
the party has values or demands for; see :mod:`negsim.scenario.values`), so the other
weights keep their meaning.

Example:
    >>> import negsim
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> t = apply_sample(s, ["parties.russia.no_deal", "preferences.usa.weights.form"], [0.3, 20.0])
    >>> t.party("russia").no_deal, t.preferences["usa"].weights["form"], s.party("russia").no_deal
    (0.3, 20.0, 0.2)
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from negsim.scenario.models import Game, Preferences, Scenario
from negsim.scenario.paths import FieldRef, resolve_all
from negsim.scenario.values import raw_weights


def apply_sample(scenario: Scenario, paths: Sequence[str] | Sequence[FieldRef], values: Sequence[float]) -> Scenario:
    """``scenario`` with each path set to its value (paths as text or resolved :class:`FieldRef`)."""
    refs = [p if isinstance(p, FieldRef) else None for p in paths]
    if any(r is None for r in refs):
        refs = list(resolve_all(scenario, [str(p) for p in paths]))
    update: dict[str, Any] = {}
    by_kind: dict[str, list[tuple[FieldRef, float]]] = {}
    for ref, x in zip(refs, values, strict=True):
        assert ref is not None
        by_kind.setdefault(_section(ref), []).append((ref, float(x)))
    if "parties" in by_kind:
        update["parties"] = _parties(scenario, by_kind["parties"])
    if "preferences" in by_kind:
        update["preferences"] = _preferences(scenario, by_kind["preferences"])
    if "games" in by_kind:
        update["games"] = _games(scenario, by_kind["games"])
    if "protocol" in by_kind and scenario.protocol is not None:
        update["protocol"] = scenario.protocol.model_copy(update={"breakdown": by_kind["protocol"][0][1]})
    return scenario.model_copy(update=update)


def _section(ref: FieldRef) -> str:
    if ref.kind in ("no_deal", "power", "patience"):
        return "parties"
    if ref.kind in ("weights", "values", "min_utility"):
        return "preferences"
    return "games" if ref.kind == "payoffs" else "protocol"


def _parties(s: Scenario, items: list[tuple[FieldRef, float]]) -> list[Any]:
    changes: dict[str, dict[str, float]] = {}
    for ref, x in items:
        assert ref.party is not None
        changes.setdefault(ref.party, {})[ref.kind] = x
    return [p.model_copy(update=changes[p.id]) if p.id in changes else p for p in s.parties]


def _preferences(s: Scenario, items: list[tuple[FieldRef, float]]) -> dict[str, Preferences]:
    out = dict(s.preferences)
    for pid in {ref.party for ref, _ in items}:
        assert pid is not None
        out[pid] = _party_prefs(s, s.preferences[pid], [(r, x) for r, x in items if r.party == pid])
    return out


def _party_prefs(s: Scenario, prefs: Preferences, items: list[tuple[FieldRef, float]]) -> Preferences:
    update: dict[str, Any] = {}
    weights = [(r, x) for r, x in items if r.kind == "weights"]
    if weights:
        w = dict(prefs.weights) if prefs.weights is not None else _derived_weights(s, prefs)
        for ref, x in weights:
            assert ref.issue is not None
            w[ref.issue] = x
        update["weights"] = w
    values = [(r, x) for r, x in items if r.kind == "values"]
    if values:
        vals = {iid: dict(opts) for iid, opts in prefs.values.items()}
        for ref, x in values:
            assert ref.issue is not None and ref.option is not None
            vals[ref.issue][ref.option] = x
        update["values"] = vals
    floors = [(r, x) for r, x in items if r.kind == "min_utility"]
    if floors:
        lines = list(prefs.red_lines)
        for ref, x in floors:
            assert ref.index is not None
            lines[ref.index] = lines[ref.index].model_copy(update={"min_utility": x})
        update["red_lines"] = lines
    return prefs.model_copy(update=update)


def _derived_weights(s: Scenario, prefs: Preferences) -> dict[str, float]:
    """The weights negsim uses when a party writes none (issues with weight 0 left out)."""
    return {k: v for k, v in raw_weights(s.issues, prefs).items() if v > 0}


def _games(s: Scenario, items: list[tuple[FieldRef, float]]) -> list[Game]:
    out = []
    for game in s.games:
        mine = [(r, x) for r, x in items if r.game == game.id]
        if not mine:
            out.append(game)
            continue
        payoffs = copy.deepcopy(game.payoffs)
        for ref, x in mine:
            a, b, k = ref.cell
            payoffs[a][b][k] = x
        out.append(game.model_copy(update={"payoffs": payoffs}))
    return out


__all__ = ["apply_sample"]
