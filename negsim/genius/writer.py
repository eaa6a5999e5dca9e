"""Write a negsim scenario as GENIUS XML: one domain file and one profile per party.

What GENIUS can hold is written so that GENIUS computes the same utility for every deal
as negsim (Σ weight × value):

* a scenario imported from GENIUS (it carries ``extensions: {genius: ...}``) is written
  back with the numbers of the original files — raw evaluations, integer/real issues
  with their linear evaluators, raw reservation and discount, issue indices and file
  names — wherever the scenario still agrees with them; importing the result gives the
  same scenario again (lossless round trip, checked in tests/test_genius.py);
* any other scenario: every issue becomes a discrete issue (a numeric issue's grid
  points become its values), evaluations are negsim's values (0..1, so GENIUS uses
  them as they are), weights are the ones negsim uses (normalised to sum to 1, or as
  written with ``normalise_weights: false``), the reservation value is ``no_deal`` and
  the discount factor ``patience``.

GENIUS has no red lines, bonuses (interaction terms), agendas, status quo, games or
protocol: those are left out and each omission is reported in ``warnings``.

Example:
    >>> import negsim
    >>> s = negsim.loads('''
    ... negsim: 1
    ... parties: [{id: a, no_deal: 0.2}, {id: b}]
    ... issues: [{id: x, options: [lo, hi]}]
    ... preferences:
    ...   a: {values: {x: {lo: 0, hi: 1}}}
    ...   b: {values: {x: {lo: 1, hi: 0}}}
    ... ''')
    >>> out = scenario_to_genius(s)
    >>> sorted(out.files), out.warnings
    (['a.xml', 'b.xml', 'domain.xml'], [])
    >>> '<reservation value="0.2" />' in out.files["a.xml"]
    True
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negsim.errors import NegsimError
from negsim.genius.convert import EXTENSION, WEIGHT_SUM_TOL, discount_to_patience, genius_meta, reservation_to_no_deal
from negsim.genius.reader import GeniusEvaluator
from negsim.genius.rules import evaluation_divisor, numeric_utility
from negsim.scenario.models import Issue, Scenario, format_number
from negsim.scenario.values import issue_grid, issue_labels, normalised_weights, option_values, raw_weights
from negsim.wording import printable

MAX_FILE_NAME = 200
"""Longest file name written (most file systems allow 255 bytes)."""

VALUE_TOL = 1e-12
"""Values implied by the kept GENIUS numbers must match the scenario's this closely to be reused."""


@dataclass
class GeniusExport:
    """The files to write (name → XML text) and what GENIUS could not hold."""

    files: dict[str, str]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"files": sorted(self.files), "warnings": list(self.warnings)}


@dataclass
class _IssuePlan:
    """How one issue is written: its GENIUS index, name and kind, and each party's evaluator element."""

    issue: Issue
    index: int
    name: str
    kind: str
    lower: float | None = None
    upper: float | None = None
    evaluators: dict[str, dict[str, Any]] = field(default_factory=dict)


def safe_file_name(name: str) -> bool:
    """Whether ``name`` is a plain ``.xml`` file name: no folder part, nothing that could leave the output folder.

    >>> [safe_file_name(n) for n in ("Laptop-C-prof1.xml", "../victim.txt", "/etc/x.xml", "a/b.xml", "..xml")]
    [True, False, False, False, False]
    """
    return (0 < len(name) <= MAX_FILE_NAME and name.lower().endswith(".xml") and name.isprintable()
            and not name.startswith(".") and not any(c in name for c in "/\\:") and name.strip() == name)


def scenario_to_genius(scenario: Scenario, *, name: str | None = None) -> GeniusExport:
    """The GENIUS files for ``scenario`` (see the module docstring for what is kept).

    The domain file is the original one for an imported scenario, else ``NAME-domain.xml``
    (``domain.xml`` without a name).
    """
    meta = genius_meta(scenario) or {}
    try:
        return _genius_files(scenario, meta, name)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if not meta:
            raise
        raise NegsimError(f"extensions.{EXTENSION} is not as `negsim import genius` writes it ({type(exc).__name__}: "
                          f"{exc}); fix it, or delete extensions.{EXTENSION} to export from the scenario's own "
                          "values") from None


def _genius_files(scenario: Scenario, meta: dict[str, Any], name: str | None) -> GeniusExport:
    """The files, reusing the kept GENIUS numbers ``meta`` (empty for a scenario not imported from GENIUS)."""
    plans = _plan_issues(scenario, meta)
    warnings = _omissions(scenario)
    objective = str(meta.get("objective") or name or "negsim")
    default = f"{name}-domain.xml" if name and safe_file_name(f"{name}-domain.xml") else "domain.xml"
    domain_file = _file_name(meta.get("domain_file"), default, "the domain", warnings)
    files = {domain_file: _xml(_domain_element(plans, objective))}
    profile_meta = meta.get("profiles", {})
    for party in scenario.parties:
        name = _file_name(profile_meta.get(party.id, {}).get("file"), f"{party.id}.xml", f"party `{party.id}`",
                          warnings)
        if name.lower() in {f.lower() for f in files}:
            raise NegsimError(f"two GENIUS files would be called {printable(name)}; rename party `{party.id}`")
        element = _profile_element(scenario, party.id, plans, objective, profile_meta.get(party.id, {}))
        files[name] = _xml(element)
    return GeniusExport(files, warnings)


def _file_name(kept: Any, default: str, what: str, warnings: list[str]) -> str:
    """The file name kept under ``extensions.genius`` when it is a plain ``.xml`` name, else ``default`` (noted)."""
    if kept is None or kept == "":
        return default
    if isinstance(kept, str) and safe_file_name(kept):
        return kept
    warnings.append(f"{what}: the file name {printable(repr(kept))[:80]} kept under extensions.{EXTENSION} is not a "
                    f"plain .xml file name; wrote {default} instead")
    return default


# --- planning each issue -----------------------------------------------------------

def _plan_issues(scenario: Scenario, meta: dict[str, Any]) -> list[_IssuePlan]:
    kept = meta.get("issues", {})
    plans = [_plan_issue(scenario, issue, kept.get(issue.id), meta) for issue in scenario.issues]
    used = {p.index for p in plans if p.index > 0}
    if len(used) != sum(p.index > 0 for p in plans):
        used = set()
        for p in plans:
            p.index = 0
    free = (k for k in range(1, 10**9) if k not in used)
    for p in plans:
        if p.index <= 0:
            p.index = next(free)
    return plans


def _plan_issue(scenario: Scenario, issue: Issue, kept: dict[str, Any] | None, meta: dict[str, Any]) -> _IssuePlan:
    """Reuse the original GENIUS issue when every party's values still agree with it; else a discrete issue."""
    if kept and _same_shape(issue, kept):
        plan = _IssuePlan(issue, int(kept["index"]), str(kept["name"]), str(kept["type"]),
                          kept.get("lower"), kept.get("upper"))
        profiles = meta.get("profiles", {})
        specs = {pid: _kept_evaluator(scenario, issue, pid, profiles.get(pid, {}), plan.kind)
                 for pid in scenario.party_ids}
        if plan.kind == "discrete" or all(s is not None for s in specs.values()):
            plan.evaluators = {pid: s if s is not None else _discrete_spec(scenario, issue, pid)
                               for pid, s in specs.items()}
            return plan
        index = plan.index
    else:
        index = 0
    plan = _IssuePlan(issue, index, issue.name, "discrete")
    plan.evaluators = {pid: _discrete_spec(scenario, issue, pid) for pid in scenario.party_ids}
    return plan


def _same_shape(issue: Issue, kept: dict[str, Any]) -> bool:
    kind = kept.get("type")
    if kind == "discrete":
        return issue.options is not None
    if issue.range is None or kept.get("lower") is None:
        return False
    lo, hi = issue.range
    if kind == "integer":
        return issue.step == 1 and lo == math.ceil(kept["lower"]) and hi == math.floor(kept["upper"])
    return bool(kind == "real" and lo == kept["lower"] and hi == kept["upper"])


def _kept_evaluator(scenario: Scenario, issue: Issue, pid: str, profile: dict[str, Any],
                    kind: str) -> dict[str, Any] | None:
    """The original evaluator of ``pid`` on ``issue`` if it still gives the scenario's values."""
    spec = profile.get("evaluators", {}).get(issue.id)
    if not spec:
        return None
    current = _values(scenario, issue, pid)
    if kind == "discrete":
        kept = {_label(k): float(v) for k, v in dict(spec.get("evaluations") or {}).items()}
        labels = issue_labels(issue)
        if set(kept) != set(labels):
            return None
        raw = [kept[label] for label in labels]
        ev = GeniusEvaluator("discrete", evaluations=dict(zip(labels, raw, strict=True)))
        implied = np.array(raw) / evaluation_divisor(ev)
        return {"evaluations": raw} if np.allclose(implied, current, rtol=0, atol=VALUE_TOL) else None
    ev = _numeric_evaluator(kind, spec)
    grid = issue_grid(issue)
    assert grid is not None
    implied = numeric_utility(ev, grid)
    return dict(spec) if np.allclose(implied, current, rtol=0, atol=VALUE_TOL) else None


def _label(key: Any) -> str:
    """An option label as a YAML key may have been read back (``8000`` → ``"8000"``)."""
    if isinstance(key, int | float) and not isinstance(key, bool):
        return format_number(key)
    return str(key)


def _numeric_evaluator(kind: str, spec: dict[str, Any]) -> GeniusEvaluator:
    if kind == "integer":
        return GeniusEvaluator("integer", ftype="linear", slope=float(spec["slope"]), offset=float(spec["offset"]),
                               lower=spec.get("lower"), upper=spec.get("upper"))
    return GeniusEvaluator("real", ftype=str(spec.get("ftype", "linear")), parameter0=float(spec["parameter0"]),
                           parameter1=float(spec.get("parameter1", 0.0)), lower=spec.get("lower"),
                           upper=spec.get("upper"))


def _values(scenario: Scenario, issue: Issue, pid: str) -> np.ndarray:
    v = option_values(issue, scenario.preferences[pid])
    return np.zeros(len(issue_labels(issue))) if v is None else v


def _discrete_spec(scenario: Scenario, issue: Issue, pid: str) -> dict[str, Any]:
    return {"evaluations": [float(x) for x in _values(scenario, issue, pid)]}


# --- weights, reservation, discount -------------------------------------------------

def _weights(scenario: Scenario, pid: str) -> dict[str, float]:
    """The weights negsim uses: as written with ``normalise_weights: false`` or when they sum to 1, else normalised."""
    prefs = scenario.preferences[pid]
    raw = raw_weights(scenario.issues, prefs)
    if abs(sum(raw.values()) - 1.0) <= WEIGHT_SUM_TOL:
        return raw
    return normalised_weights(scenario.issues, prefs)


def _reservation(no_deal: float, kept: dict[str, Any]) -> float | None:
    """The kept raw reservation (None: none in the file) while ``no_deal`` still agrees with it, else ``no_deal``."""
    raw = kept.get("reservation")
    if kept and reservation_to_no_deal(raw) == no_deal:
        return None if raw is None else float(raw)
    return no_deal


def _discount(patience: float, kept: dict[str, Any]) -> float | None:
    """The kept raw discount factor (None: none in the file) while ``patience`` still agrees with it, else it."""
    raw = kept.get("discount")
    if kept and discount_to_patience(raw) == patience:
        return None if raw is None else float(raw)
    return patience


def _omissions(scenario: Scenario) -> list[str]:
    out = []
    for pid, prefs in scenario.preferences.items():
        if prefs.red_lines:
            out.append(f"{pid}: {len(prefs.red_lines)} red line(s) left out (GENIUS has none)")
        if prefs.bonuses:
            out.append(f"{pid}: {len(prefs.bonuses)} bonus(es) left out (GENIUS utilities are additive)")
        if scenario.party(pid).power != 1.0:
            out.append(f"{pid}: bargaining power {scenario.party(pid).power:g} left out (GENIUS has none)")
    for section in ("agendas", "games"):
        if getattr(scenario, section):
            out.append(f"{section} left out (not part of the GENIUS format)")
    for section in ("protocol", "uncertainty"):
        if getattr(scenario, section) is not None:
            out.append(f"{section} left out (not part of the GENIUS format)")
    return out


# --- XML -----------------------------------------------------------------------------

def _number(x: float) -> str:
    """Shortest text that reads back as exactly ``x``."""
    return repr(float(x))


def _objective(objective: str) -> ET.Element:
    return ET.Element("objective", {"index": "0", "etype": "objective", "type": "objective",
                                    "description": "", "name": objective})


def _issue_element(plan: _IssuePlan) -> ET.Element:
    kind = plan.kind
    el = ET.Element("issue", {"index": str(plan.index), "etype": kind, "type": kind, "vtype": kind,
                              "name": plan.name})
    return el


def _domain_element(plans: list[_IssuePlan], objective: str) -> ET.Element:
    root = ET.Element("negotiation_template")
    space = ET.SubElement(root, "utility_space", {"number_of_issues": str(len(plans))})
    obj = _objective(objective)
    space.append(obj)
    for plan in plans:
        el = _issue_element(plan)
        if plan.kind == "discrete":
            for k, label in enumerate(issue_labels(plan.issue), start=1):
                ET.SubElement(el, "item", {"index": str(k), "value": label})
        elif plan.kind == "integer":
            el.set("lowerbound", _bound(plan.lower, integer=True))
            el.set("upperbound", _bound(plan.upper, integer=True))
        else:
            ET.SubElement(el, "range", {"lowerbound": _bound(plan.lower), "upperbound": _bound(plan.upper)})
        obj.append(el)
    return root


def _bound(x: float | None, integer: bool = False) -> str:
    assert x is not None
    return str(int(x)) if integer and float(x).is_integer() else _number(x)


def _profile_element(scenario: Scenario, pid: str, plans: list[_IssuePlan], objective: str,
                     kept: dict[str, Any]) -> ET.Element:
    root = ET.Element("utility_space")
    obj = _objective(objective)
    root.append(obj)
    weights = _weights(scenario, pid)
    for plan in plans:
        obj.append(_evaluator_element(plan, plan.evaluators[pid]))
    for plan in plans:
        ET.SubElement(obj, "weight", {"index": str(plan.index), "value": _number(weights[plan.issue.id])})
    party = scenario.party(pid)
    discount = _discount(party.patience, kept)
    if discount is not None:
        ET.SubElement(root, "discount_factor", {"value": _number(discount)})
    reservation = _reservation(party.no_deal, kept)
    if reservation is not None:
        ET.SubElement(root, "reservation", {"value": _number(reservation)})
    return root


def _evaluator_element(plan: _IssuePlan, spec: dict[str, Any]) -> ET.Element:
    el = _issue_element(plan)
    if plan.kind == "discrete":
        for k, (label, e) in enumerate(zip(issue_labels(plan.issue), spec["evaluations"], strict=True), start=1):
            ET.SubElement(el, "item", {"index": str(k), "value": label, "evaluation": _number(e)})
    elif plan.kind == "integer":
        el.set("lowerbound", _bound(spec.get("lower", plan.lower), integer=True))
        el.set("upperbound", _bound(spec.get("upper", plan.upper), integer=True))
        ET.SubElement(el, "evaluator", {"ftype": "linear", "slope": _number(spec["slope"]),
                                        "offset": _number(spec["offset"])})
    else:
        ET.SubElement(el, "range", {"lowerbound": _bound(spec.get("lower", plan.lower)),
                                    "upperbound": _bound(spec.get("upper", plan.upper))})
        attrs = {"ftype": str(spec.get("ftype", "linear")), "parameter0": _number(spec["parameter0"])}
        if attrs["ftype"] == "linear":
            attrs["parameter1"] = _number(spec["parameter1"])
        ET.SubElement(el, "evaluator", attrs)
    return el


def _xml(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode") + "\n"


__all__ = ["GeniusExport", "safe_file_name", "scenario_to_genius"]
