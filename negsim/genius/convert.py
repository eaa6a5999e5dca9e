"""A GENIUS domain and its profiles as a negsim scenario (plain data for ``from_dict``).

The mapping, and where it is a choice rather than a translation:

* **Parties** — one per profile, id from the file name (``Laptop-C-prof1.xml`` →
  ``laptop_c_prof1``), in file-name order. ``no_deal`` = the reservation value (0 when
  absent; a negative reservation is raised to 0, since negsim's ``no_deal`` is on 0..1 —
  the raw value is kept for export). ``patience`` = the discount factor (1 when absent,
  0 or outside (0, 1], which GENIUS also reads as "no discounting").
* **Issues** — discrete issues keep their values as options, in the domain's order.
  Integer issues become numeric issues with ``step: 1`` (exact). Real issues are
  *discretised*: ``range`` = the bounds, ``step`` = (upper − lower) / ``real_steps``
  (default 10 intervals, 11 grid points); negsim analyses those grid points only.
* **Utilities on GENIUS's scale** — a discrete issue's value is evaluation / (the
  issue's largest evaluation) when that is above 1, else the evaluation itself
  (:func:`negsim.genius.rules.scaled_evaluations`); numeric issues use GENIUS's linear
  evaluators, clipped to [0, 1], given as points joined by straight lines (exact at every
  grid point). A party's utility is Σ weight × value with the weights *as written*.
* **Weights that do not sum to 1** — negsim normally scales weights to sum to 1; GENIUS
  does not (its ``AdditiveUtilitySpace`` loaded from a file uses them as written). A
  profile whose weights sum to W ≠ 1 (Laptop's: 1.0000518) is imported with
  ``normalise_weights: false``, so that every deal's utility is exactly GENIUS's
  Σ weight × value. GENIUS's own ``getUtility`` then caps a utility above 1 at 1;
  negsim does not (REFERENCES case 11 reports 1.000052 for Laptop).
* **Lossless export** — the numbers as written in the files (raw evaluations, numeric
  evaluator parameters, raw reservation and discount, issue indices and file names) go
  under ``extensions: {genius: ...}`` as plain YAML (the analysis ignores extensions),
  which :mod:`negsim.genius.writer` reads back (:func:`genius_meta`).

Example:
    >>> from negsim.genius.reader import GeniusDomain, GeniusEvaluator, GeniusFolder, GeniusIssue, GeniusProfile
    >>> dom = GeniusDomain("d.xml", "d", [GeniusIssue(1, "Colour", "discrete", values=("red", "blue"))])
    >>> prof = [GeniusProfile(f"{n}.xml", n, {1: 1.0}, {1: GeniusEvaluator("discrete", ev)}, 0.2)
    ...         for n, ev in (("ann", {"red": 4.0, "blue": 8.0}), ("bob", {"red": 1.0, "blue": 0.0}))]
    >>> data = folder_to_dict(GeniusFolder(".", dom, prof))
    >>> data["preferences"]["ann"]["values"]
    {'colour': {'red': 0.5, 'blue': 1.0}}
    >>> data["parties"][0]
    {'id': 'ann', 'name': 'ann', 'no_deal': 0.2, 'patience': 1.0}
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np

from negsim.errors import NegsimError, ScenarioError
from negsim.genius.reader import (
    GeniusEvaluator,
    GeniusFolder,
    GeniusIssue,
    GeniusProfile,
    read_folder,
)
from negsim.genius.rules import numeric_utility, scaled_evaluations
from negsim.genius.yaml_out import check_fits
from negsim.scenario.loader import from_dict
from negsim.scenario.models import Scenario, format_number

DEFAULT_REAL_STEPS = 10
"""Intervals a real issue's range is cut into (11 grid points)."""

MAX_REAL_STEPS = 10_000

EXTENSION = "genius"
"""The key under the scenario's ``extensions`` holding the raw GENIUS numbers."""

KEPT_NOTE = ("Kept for export: `extensions: genius` holds the numbers as written in the files (raw evaluations, "
             "evaluator parameters, reservation, discount, issue indices, file names); `negsim export genius` "
             "writes them back. The analysis ignores it; delete it to export from the scenario's own values.")

WEIGHT_SUM_TOL = 1e-12
"""Weights summing to 1 this closely are left to negsim's normalisation (it changes them by less)."""


def import_genius(path: str | Path, *, real_steps: int = DEFAULT_REAL_STEPS) -> dict[str, Any]:
    """Read a GENIUS folder and return the validated scenario as plain data (raises on problems).

    The data must also fit in a scenario file that negsim's loader reads (at most
    100,000 values and 1,000,000 bytes, :func:`negsim.genius.yaml_out.check_fits`); a
    larger domain is refused here, with the reason, instead of writing a file that
    ``negsim validate`` would then refuse. :func:`load_genius` has no such limit.

    >>> import negsim.genius.convert as c; c.DEFAULT_REAL_STEPS
    10
    """
    data = folder_to_dict(read_folder(path), real_steps=real_steps)
    check_fits(data)
    _validated(data, path)
    return data


def load_genius(path: str | Path, *, real_steps: int = DEFAULT_REAL_STEPS) -> Scenario:
    """Read a GENIUS folder as a validated :class:`~negsim.scenario.models.Scenario`.

    >>> callable(load_genius)
    True
    """
    return _validated(folder_to_dict(read_folder(path), real_steps=real_steps), path)


def _validated(data: dict[str, Any], path: str | Path) -> Scenario:
    """The scenario for ``data``; its problems are said about the GENIUS folder (a folder has no line numbers)."""
    try:
        return from_dict(data, name=str(path))
    except ScenarioError as exc:
        problems = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in exc.problems[:5])
        more = f" (and {len(exc.problems) - 5} more)" if len(exc.problems) > 5 else ""
        raise NegsimError(f"{path}: the GENIUS domain does not make a valid negsim scenario: {problems}{more}"
                          ) from None


def folder_to_dict(folder: GeniusFolder, *, real_steps: int = DEFAULT_REAL_STEPS) -> dict[str, Any]:
    """The scenario dict for a parsed GENIUS folder (see the module docstring for the mapping)."""
    if not 1 <= real_steps <= MAX_REAL_STEPS:
        raise NegsimError(f"real_steps must be from 1 to {MAX_REAL_STEPS:,}, found {real_steps}")
    issue_ids = unique_ids([i.name for i in folder.domain.issues])
    party_ids = unique_ids([p.name for p in folder.profiles])
    issues = [_issue(i, iid, real_steps) for i, iid in zip(folder.domain.issues, issue_ids, strict=True)]
    grids = {iid: _grid(i, real_steps) for i, iid in zip(folder.domain.issues, issue_ids, strict=True)}
    preferences, notes = {}, []
    for profile, pid in zip(folder.profiles, party_ids, strict=True):
        preferences[pid], note = _preferences(folder, profile, issue_ids, grids)
        notes += [f"{pid}: {note}"] if note else []
    parties = [_party(p, pid) for p, pid in zip(folder.profiles, party_ids, strict=True)]
    notes += [_reservation_note(p, pid) for p, pid in zip(folder.profiles, party_ids, strict=True)
              if p.reservation is not None and p.reservation != reservation_to_no_deal(p.reservation)]
    meta = _meta(folder, issue_ids, party_ids, real_steps)
    return {
        "negsim": 1,
        "title": f"GENIUS domain {Path(folder.domain.file).stem}",
        "summary": (f"{len(parties)} parties, {len(issues)} issues, imported from the GENIUS domain "
                    f"{folder.domain.file}."),
        "sources": ["GENIUS domain files: " + ", ".join([folder.domain.file] + [p.file for p in folder.profiles])],
        "notes": _notes(folder, real_steps) + notes + [KEPT_NOTE],
        "parties": parties,
        "issues": issues,
        "preferences": preferences,
        "extensions": {EXTENSION: meta},
    }


# --- ids ---------------------------------------------------------------------------

def slug(text: str) -> str:
    """A negsim id for a GENIUS name: lower case, ``_`` for anything else, not starting with a digit.

    >>> slug("External Monitor"), slug("Vegetarian (yes/no)"), slug("3D")
    ('external_monitor', 'vegetarian_yes_no', 'i_3d')
    """
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if not s or not (s[0].isalpha() or s[0] == "_"):
        s = "i_" + s
    return s[:60].rstrip("_") or "i"


def unique_ids(names: list[str]) -> list[str]:
    """Slugs of ``names``, made unique with ``_2``, ``_3``… in order.

    >>> unique_ids(["A b", "a-b", "c"])
    ['a_b', 'a_b_2', 'c']
    """
    out: list[str] = []
    for name in names:
        base = candidate = slug(name)
        k = 2
        while candidate in out:
            candidate, k = f"{base}_{k}", k + 1
        out.append(candidate)
    return out


# --- issues ------------------------------------------------------------------------

def _issue(issue: GeniusIssue, iid: str, real_steps: int) -> dict[str, Any]:
    if issue.kind == "discrete":
        return {"id": iid, "name": issue.name, "options": list(issue.values)}
    assert issue.lower is not None and issue.upper is not None
    if issue.kind == "integer":
        lo, hi = math.ceil(issue.lower), math.floor(issue.upper)
        return {"id": iid, "name": issue.name, "range": [lo, hi], "step": 1,
                "description": "GENIUS integer issue: every whole number from lowerbound to upperbound"}
    step = (issue.upper - issue.lower) / real_steps
    return {"id": iid, "name": issue.name, "range": [issue.lower, issue.upper], "step": step,
            "description": (f"GENIUS real issue, discretised into {real_steps} equal steps "
                            f"({real_steps + 1} grid points); negsim analyses the grid points only")}


def _grid(issue: GeniusIssue, real_steps: int) -> np.ndarray | None:
    if issue.kind == "discrete":
        return None
    assert issue.lower is not None and issue.upper is not None
    if issue.kind == "integer":
        return np.arange(math.ceil(issue.lower), math.floor(issue.upper) + 1, dtype=float)
    return np.round(issue.lower + (issue.upper - issue.lower) / real_steps * np.arange(real_steps + 1), 9)


def numeric_points(evaluator: GeniusEvaluator, lo: float, hi: float) -> dict[str, float]:
    """Points ``{x: utility}`` that, joined by straight lines, give GENIUS's clipped linear evaluator.

    The range ends plus the points where the line is clipped at 0 or 1.

    >>> ev = GeniusEvaluator("real", ftype="linear", parameter0=-0.5, parameter1=1.0)
    >>> numeric_points(ev, 0.0, 2.0)
    {'0': 0.0, '0.5': 0.0, '1.5': 1.0, '2': 1.0}
    """
    xs = {lo, hi}
    a, b = _line(evaluator)
    if b != 0:
        xs |= {x for x in ((0.0 - a) / b, (1.0 - a) / b) if lo < x < hi}
    labels = sorted({format_number(x) for x in xs}, key=float)
    ys = numeric_utility(evaluator, np.array([float(x) for x in labels]))
    return {x: float(y) for x, y in zip(labels, ys, strict=True)}


def _line(evaluator: GeniusEvaluator) -> tuple[float, float]:
    """Intercept and slope of the evaluator's (unclipped) line in x."""
    if evaluator.kind == "integer":
        lower = 0.0 if evaluator.lower is None else evaluator.lower
        return evaluator.offset - evaluator.slope * lower, evaluator.slope
    if evaluator.ftype == "constant":
        return evaluator.parameter0, 0.0
    return evaluator.parameter0, evaluator.parameter1


# --- preferences -------------------------------------------------------------------

def _preferences(folder: GeniusFolder, profile: GeniusProfile, issue_ids: list[str],
                 grids: dict[str, np.ndarray | None]) -> tuple[dict[str, Any], str]:
    weights, values = {}, {}
    for issue, iid in zip(folder.domain.issues, issue_ids, strict=True):
        weights[iid] = profile.weights[issue.index]
        evaluator = profile.evaluators[issue.index]
        grid = grids[iid]
        if grid is None:
            values[iid] = scaled_evaluations(evaluator)
        else:
            values[iid] = numeric_points(evaluator, float(grid[0]), float(grid[-1]))
        _check_unit(values[iid], f"{profile.file}: issue `{issue.name}`")
    prefs: dict[str, Any] = {"weights": weights}
    total = sum(weights.values())
    note = ""
    if abs(total - 1.0) > WEIGHT_SUM_TOL:
        prefs["normalise_weights"] = False
        note = (f"the weights sum to {total!r}, not 1; `normalise_weights: false` uses them as written, as GENIUS "
                "does (a utility can then exceed 1)")
    prefs["values"] = values
    return prefs, note


def _check_unit(values: dict[str, float], where: str) -> None:
    bad = {k: v for k, v in values.items() if not 0.0 <= v <= 1.0}
    if bad:
        raise NegsimError(f"{where}: utilities {bad} are outside 0..1 after GENIUS's scaling")


# --- parties and notes -------------------------------------------------------------

def discount_to_patience(discount: float | None) -> float:
    """GENIUS's discount factor as negsim's ``patience``: 1 when absent, 0 or outside (0, 1].

    >>> discount_to_patience(0.75), discount_to_patience(0.0), discount_to_patience(None)
    (0.75, 1.0, 1.0)
    """
    if discount is None or not 0.0 < discount <= 1.0:
        return 1.0
    return discount


def reservation_to_no_deal(reservation: float | None) -> float:
    """GENIUS's reservation value as negsim's ``no_deal`` (clipped to 0..1; 0 when absent).

    >>> reservation_to_no_deal(-0.04), reservation_to_no_deal(0.5), reservation_to_no_deal(None)
    (0.0, 0.5, 0.0)
    """
    if reservation is None:
        return 0.0
    return min(1.0, max(0.0, reservation))


def _party(profile: GeniusProfile, pid: str) -> dict[str, Any]:
    return {"id": pid, "name": profile.name, "no_deal": reservation_to_no_deal(profile.reservation),
            "patience": discount_to_patience(profile.discount)}


def _reservation_note(profile: GeniusProfile, pid: str) -> str:
    return (f"{pid}: the GENIUS reservation value {profile.reservation!r} is outside 0..1; no_deal = "
            f"{reservation_to_no_deal(profile.reservation):g} on negsim's scale (kept raw for export). Below 0 "
            "every deal still beats no deal, but the Nash point is computed from 0, not from the raw value.")


def _notes(folder: GeniusFolder, real_steps: int) -> list[str]:
    out = [
        ("Documented (the GENIUS files): the issues and their values, each party's weights, evaluations, "
         "reservation value and discount factor."),
        ("Translation (negsim's, following GENIUS): a discrete issue's value is evaluation / the issue's largest "
         "evaluation when that is above 1, else the evaluation; a party's utility is Σ weight × value with the "
         "weights as written; no_deal = reservation value, patience = discount factor."),
    ]
    if any(i.kind == "real" for i in folder.domain.issues):
        out.append(f"Judgment: real issues are discretised into {real_steps} equal steps (import option "
                   "--real-steps); the analysis sees only those grid points.")
    return out


def _meta(folder: GeniusFolder, issue_ids: list[str], party_ids: list[str], real_steps: int) -> dict[str, Any]:
    """The raw GENIUS numbers, as plain data for ``extensions: {genius: ...}`` (absent numbers left out)."""
    issues = {iid: _plain({"index": i.index, "name": i.name, "type": i.kind, "lower": i.lower, "upper": i.upper})
              for i, iid in zip(folder.domain.issues, issue_ids, strict=True)}
    profiles = {}
    for profile, pid in zip(folder.profiles, party_ids, strict=True):
        evaluators = {iid: _evaluator_meta(profile.evaluators[i.index])
                      for i, iid in zip(folder.domain.issues, issue_ids, strict=True)}
        profiles[pid] = _plain({"file": profile.file, "reservation": profile.reservation,
                                "discount": profile.discount, "evaluators": evaluators})
    return {"domain_file": folder.domain.file, "objective": folder.domain.name, "real_steps": real_steps,
            "issues": issues, "profiles": profiles}


def _evaluator_meta(ev: GeniusEvaluator) -> dict[str, Any]:
    if ev.kind == "discrete":
        return {"evaluations": dict(ev.evaluations)}
    if ev.kind == "integer":
        return _plain({"slope": ev.slope, "offset": ev.offset, "lower": ev.lower, "upper": ev.upper})
    line = {"ftype": ev.ftype, "parameter0": ev.parameter0}
    if ev.ftype == "linear":
        line["parameter1"] = ev.parameter1
    return _plain({**line, "lower": ev.lower, "upper": ev.upper})


def _plain(mapping: dict[str, Any]) -> dict[str, Any]:
    """``mapping`` without its None entries (a number absent from the file is left out, not written as null)."""
    return {k: v for k, v in mapping.items() if v is not None}


def genius_meta(scenario: Scenario) -> dict[str, Any] | None:
    """The raw GENIUS numbers kept by the importer (``extensions: {genius: ...}``), or None.

    Raises :class:`~negsim.errors.NegsimError` when the section is not shaped as the importer writes it.

    >>> genius_meta(from_dict({"negsim": 1, "parties": [{"id": "a"}, {"id": "b"}],
    ...     "issues": [{"id": "x", "options": ["p", "q"]}],
    ...     "preferences": {"a": {"demands": {"x": "p"}}, "b": {"demands": {"x": "q"}}},
    ...     "extensions": {"genius": {"domain_file": "d.xml", "issues": {"x": {"index": 1, "type": "discrete"}}}}}))
    {'domain_file': 'd.xml', 'issues': {'x': {'index': 1, 'type': 'discrete'}}}
    """
    meta = scenario.extensions.get(EXTENSION)
    if meta is None:
        return None
    for section in ("issues", "profiles"):
        entries = meta.get(section, {})
        if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
            raise NegsimError(f"extensions.{EXTENSION}.{section} should map each {section[:-1]} id to its GENIUS "
                              f"numbers, as `negsim import genius` writes it; fix it, or delete extensions.{EXTENSION} "
                              "to export from the scenario's own values")
    return meta
