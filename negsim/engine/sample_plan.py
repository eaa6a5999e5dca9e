"""Which sample column changes which number: the per-sample tables of the batched engine.

A Monte Carlo run varies some numeric fields of a scenario (weights, option values, no-deal
utilities, bargaining powers, ``min_utility`` floors). The deal space, its red-line masks and
its bonuses stay the same in every sample; only the per-issue tables (K, n_options, P), the
off-agenda offset, the floors and the powers change. :func:`make_plan` builds the space once
and notes where each varied field enters; :func:`sample_params` turns input rows into those
numbers, computed exactly as :func:`negsim.space.build_space` computes them (so a sample's
tables equal the tables of the scenario with the sample applied, to the last bit).

Example:
    >>> import negsim, numpy as np
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> plan = make_plan(s, "arms_control", ["parties.russia.no_deal"])
    >>> sample_params(plan, np.array([[0.2], [0.9]])).d[:, 0].tolist()
    [0.2, 0.9]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from negsim.numeric import BoolArray, FloatArray
from negsim.scenario.models import Scenario
from negsim.scenario.paths import FieldRef, resolve_all
from negsim.scenario.values import issue_grid, issue_labels, option_values, raw_weights
from negsim.space import OutcomeSpace, build_space

_MIN_UTILITY_ID = re.compile(r"\.red_lines\[(\d+)\]$")


@dataclass
class Plan:
    """The deal space and the base numbers every sample starts from."""

    space: OutcomeSpace
    refs: list[FieldRef]
    raw_w: FloatArray  # (P, I) raw weights, issues in scenario order
    values: list[list[FloatArray | None]]  # [party][issue] option values
    red_bits: list[tuple[int, int, BoolArray]]  # (bit, axis, allowed mask)
    floors: list[tuple[int, int, float, int | None]]  # (bit, party, base floor, vary column or None: no_deal)

    @property
    def n_constraints(self) -> int:
        return len(self.space.constraints)


def make_plan(scenario: Scenario, agenda: str | None, paths: Sequence[str],
              space: OutcomeSpace | None = None) -> Plan:
    """Note which sample column changes which number (building the deal space unless ``space`` is given)."""
    space = build_space(scenario, agenda) if space is None else space
    refs = resolve_all(scenario, list(paths))
    parties = space.parties
    raw = np.array([[raw_weights(scenario.issues, scenario.preferences[p])[i.id] for i in scenario.issues]
                    for p in parties])
    values = [[option_values(i, scenario.preferences[p]) for i in scenario.issues] for p in parties]
    axis_of = {a.id: k for k, a in enumerate(space.axes)}
    red, floors = [], []
    for bit, c in enumerate(space.constraints):
        if c.allowed is not None and c.issue is not None:
            red.append((bit, axis_of[c.issue], c.allowed))
        else:
            floors.append((bit, parties.index(c.party), float(c.floor or 0.0), _floor_column(c.id, c.kind, refs)))
    return Plan(space, refs, raw, values, red, floors)


def _floor_column(cid: str, kind: str, refs: list[FieldRef]) -> int | None:
    if kind != "min_utility":
        return None
    m = _MIN_UTILITY_ID.search(cid)
    k = int(m.group(1)) if m else -1
    party = cid.split(".red_lines")[0]
    return next((j for j, r in enumerate(refs) if r.kind == "min_utility" and r.party == party and r.index == k), -1)


@dataclass
class Params:
    """The numbers of a block of samples: per-axis tables, offset, no-deal point, powers, floors."""

    tables: list[FloatArray]  # per axis (k, n_options, P)
    ptables: list[FloatArray]  # the same, laid out (P, k, n_options)
    offset: FloatArray  # (k, P)
    d: FloatArray  # (k, P)
    w: FloatArray  # (k, P) normalised powers
    floors: FloatArray  # (k, n_floors)


def sample_params(plan: Plan, x: FloatArray) -> Params:
    """Tables, offset, no-deal point, powers and floors of the samples ``x`` (k, V)."""
    s, space = plan.space.scenario, plan.space
    k, n_parties = len(x), len(space.parties)
    raw = np.broadcast_to(plan.raw_w, (k, *plan.raw_w.shape)).copy()
    d = np.broadcast_to(space.no_deal, (k, n_parties)).copy()
    power = np.broadcast_to(space.power, (k, n_parties)).copy()
    issue_pos = {i.id: n for n, i in enumerate(s.issues)}
    for j, ref in enumerate(plan.refs):
        p = space.parties.index(ref.party) if ref.party is not None else -1
        if ref.kind == "weights":
            raw[:, p, issue_pos[str(ref.issue)]] = x[:, j]
        elif ref.kind == "no_deal":
            d[:, p] = x[:, j]
        elif ref.kind == "power":
            power[:, p] = x[:, j]
    tables = _tables(plan, x, raw)
    offset = np.zeros((k, n_parties))
    on = {a.id for a in space.axes}
    for n, issue in enumerate(s.issues):
        if issue.id not in on:
            offset += tables[n][:, issue_labels(issue).index(str(issue.status_quo)), :]
    axis_tables = [tables[issue_pos[a.id]] for a in space.axes]
    w = power / power.sum(axis=1, keepdims=True)
    floors = np.stack([d[:, p] if col is None else (x[:, col] if col >= 0 else np.full(k, base))
                       for _, p, base, col in plan.floors], axis=1) if plan.floors else np.zeros((k, 0))
    ptables = [np.ascontiguousarray(t.transpose(2, 0, 1)) for t in axis_tables]
    return Params(axis_tables, ptables, offset, d, w, floors)


def _tables(plan: Plan, x: FloatArray, raw: FloatArray) -> list[FloatArray]:
    """(k, n_options, P) weight × value per issue, as :func:`negsim.space.build_space` computes them."""
    s = plan.space.scenario
    k, n_parties = len(x), len(plan.space.parties)
    total = raw[:, :, :1].copy()
    for i in range(1, raw.shape[2]):  # left to right, as Python's sum() in normalised_weights
        total = total + raw[:, :, i:i + 1]
    w = np.where(total > 0, raw / np.where(total > 0, total, 1.0), 0.0)
    out = []
    for n, issue in enumerate(s.issues):
        table = np.zeros((k, len(issue_labels(issue)), n_parties))
        for p in range(n_parties):
            v = _values(plan, x, p, n)
            if v is not None:
                table[:, :, p] = np.where(w[:, p, n, None] == 0, 0.0, w[:, p, n, None] * v)
        out.append(table)
    return out


def _values(plan: Plan, x: FloatArray, p: int, n: int) -> FloatArray | None:
    """Party p's option values of issue n for each sample ((k, n_options), or the shared base)."""
    s = plan.space.scenario
    issue, pid = s.issues[n], plan.space.parties[p]
    mine = [(j, r) for j, r in enumerate(plan.refs) if r.kind == "values" and r.party == pid and r.issue == issue.id]
    base = plan.values[p][n]
    if not mine:
        return base
    labels = issue_labels(issue)
    grid = issue_grid(issue)
    if grid is None:
        assert base is not None  # the party gives values for this issue (the path was resolved)
        v = np.broadcast_to(base, (len(x), len(labels))).copy()
        for j, r in mine:
            v[:, labels.index(str(r.option))] = x[:, j]
        return v
    points = s.preferences[pid].values[issue.id]
    xs = np.array([float(key) for key in points])
    order = np.argsort(xs)
    ys = np.broadcast_to(np.array(list(points.values()), dtype=float), (len(x), len(points))).copy()
    keys = list(points)
    for j, r in mine:
        ys[:, keys.index(str(r.option))] = x[:, j]
    return np.stack([np.interp(grid, xs[order], row[order]) for row in ys])  # rare: numeric points varied


__all__ = ["Params", "Plan", "make_plan", "sample_params"]
