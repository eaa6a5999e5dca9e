"""Read GENIUS negotiation domains: one domain file and one profile per party.

GENIUS (the Generic Environment for Negotiation with Intelligent multi-purpose Usage
Simulation, Lin et al. 2014, Computational Intelligence 30(1):48–70) and the ANAC
competitions store a negotiation as XML files in one folder:

* the **domain** — root element ``negotiation_template``: ``objective`` → ``issue``;
  discrete issues list ``item value=...``; integer and real issues give
  ``lowerbound``/``upperbound`` (as attributes or in a ``range`` child);
* one **profile** per party — root element ``utility_space``: ``weight index= value=``
  per issue, ``item evaluation=...`` per discrete value, ``evaluator ftype="linear"``
  for integer (``slope``, ``offset``) and real (``parameter0``, ``parameter1``) issues,
  optional ``reservation`` and ``discount_factor``.

The two kinds are told apart by the root element, never by the file name. Nothing is
rescaled here: :func:`negsim.genius.rules.scaled_evaluations` and
:func:`negsim.genius.rules.numeric_utility` apply GENIUS's rules. Files are parsed with
defusedxml (no entity declarations, no external references), read only when they are
regular files of at most ``MAX_XML_BYTES``.

Example:
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "dom.xml").write_text('<negotiation_template><utility_space><objective index="0" name="d">'
    ...     '<issue index="1" name="Colour" type="discrete"><item index="1" value="red"/>'
    ...     '<item index="2" value="blue"/></issue></objective></utility_space></negotiation_template>')
    >>> for name, red, blue in (("ann", 4, 8), ("bob", 1, 0)):
    ...     _ = (d / f"{name}.xml").write_text('<utility_space><objective index="0" name="d">'
    ...         f'<issue index="1" name="Colour" type="discrete"><item index="1" value="red" evaluation="{red}"/>'
    ...         f'<item index="2" value="blue" evaluation="{blue}"/></issue><weight index="1" value="1"/>'
    ...         '</objective><reservation value="0.25"/></utility_space>')
    >>> folder = read_folder(d)
    >>> [i.values for i in folder.domain.issues], folder.profiles[0].reservation
    ([('red', 'blue')], 0.25)
    >>> folder.profiles[0].evaluators[1].evaluations
    {'red': 4.0, 'blue': 8.0}
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import defusedxml
import defusedxml.ElementTree as defused

from negsim.errors import NegsimError
from negsim.scenario.checks import MAX_OPTIONS_PER_ISSUE
from negsim.scenario.textfile import RefusedFile, read_limited
from negsim.wording import listing

Kind = Literal["discrete", "integer", "real"]

MAX_XML_BYTES = 5_000_000
"""Largest GENIUS file read (the ANAC domains are a few kilobytes to a few hundred)."""

MAX_BOUND = 1e12
"""Largest lower or upper bound of a numeric issue, in absolute value."""
MAX_INTEGER_VALUES = MAX_OPTIONS_PER_ISSUE
"""Most whole numbers an integer issue may hold (negsim's limit of options per issue)."""

DOMAIN_ROOT = "negotiation_template"
PROFILE_ROOT = "utility_space"


@dataclass(frozen=True)
class GeniusIssue:
    """An issue of a GENIUS domain: discrete (``values``) or integer/real (``lower``, ``upper``)."""

    index: int
    name: str
    kind: Kind
    values: tuple[str, ...] = ()
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class GeniusDomain:
    """The issues of a domain, in file order, and the objective's name."""

    file: str
    name: str
    issues: list[GeniusIssue]


@dataclass(frozen=True)
class GeniusEvaluator:
    """How one party evaluates one issue, with the numbers exactly as written in the file.

    Discrete: ``evaluations`` (value → raw evaluation). Integer: ``slope`` and ``offset``
    of ``offset + slope·(x − lower)``. Real: ``ftype`` ``linear`` (``parameter0 +
    parameter1·x``) or ``constant`` (``parameter0``). Numeric utilities are clipped to [0, 1].
    """

    kind: Kind
    evaluations: dict[str, float] = field(default_factory=dict)
    ftype: str = ""
    slope: float = 0.0
    offset: float = 0.0
    parameter0: float = 0.0
    parameter1: float = 0.0
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class GeniusProfile:
    """One party's preference profile."""

    file: str
    name: str
    weights: dict[int, float]
    evaluators: dict[int, GeniusEvaluator]
    reservation: float | None = None
    discount: float | None = None


@dataclass(frozen=True)
class GeniusFolder:
    """A domain and its profiles (sorted by file name)."""

    path: str
    domain: GeniusDomain
    profiles: list[GeniusProfile]


def read_folder(path: str | Path) -> GeniusFolder:
    """Read a GENIUS folder: exactly one domain file and at least two profiles (``*.xml``)."""
    folder = Path(path)
    if not folder.is_dir():
        raise NegsimError(f"{folder} is not a folder; give the folder that holds the domain and profile XML files")
    domains, profiles = [], []
    for file in sorted(folder.glob("*.xml")):
        root = _parse_xml(file)
        if root.tag == DOMAIN_ROOT:
            domains.append(_read_domain(root, file.name))
        elif root.tag == PROFILE_ROOT:
            profiles.append((file, root))
    if len(domains) != 1:
        found = "none" if not domains else ", ".join(d.file for d in domains)
        raise NegsimError(f"{folder}: expected one domain file (root element <{DOMAIN_ROOT}>), found {found}")
    if len(profiles) < 2:
        raise NegsimError(f"{folder}: expected a profile per party (root element <{PROFILE_ROOT}>), "
                          f"found {len(profiles)}; a negotiation needs at least two")
    domain = domains[0]
    return GeniusFolder(str(folder), domain, [_read_profile(root, file.name, domain) for file, root in profiles])


def _parse_xml(file: Path) -> ET.Element:
    """Parse one XML file safely; every problem (too large, not a file, bad XML, entities) is a :class:`NegsimError`.

    defusedxml refuses entity declarations (the "billion laughs" and external-entity
    attacks) and external references whatever expat Python links; GENIUS files use none.
    """
    try:
        raw = read_limited(file, MAX_XML_BYTES)
        return defused.fromstring(raw, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except RefusedFile as exc:
        raise NegsimError(f"{file}: {exc.message.replace('the limit is', 'GENIUS files are limited to')}") from None
    except ET.ParseError as exc:
        raise NegsimError(f"{file}: not valid XML ({exc})") from None
    except defusedxml.DefusedXmlException as exc:
        what = {"EntitiesForbidden": f"declares the entity `{getattr(exc, 'name', '?')}`",
                "DTDForbidden": "has a document type declaration",
                "ExternalReferenceForbidden": "refers to an external resource"}.get(type(exc).__name__, "is unsafe")
        raise NegsimError(f"{file}: refused: the XML {what}; GENIUS files declare no entities, and entities can "
                          "make a reader expand text without bound or fetch other files") from None
    except OSError as exc:
        raise NegsimError(f"{file}: cannot read the file ({exc.strerror or exc})") from None


def _read_domain(root: ET.Element, file: str) -> GeniusDomain:
    """The issues of a ``negotiation_template`` element."""
    objective = root.find(".//objective")
    if objective is None:
        raise NegsimError(f"{file}: the domain has no <objective> element")
    issues = [_domain_issue(el, file) for el in objective.iter("issue")]
    if not issues:
        raise NegsimError(f"{file}: the domain has no <issue> elements")
    indices = [i.index for i in issues]
    if len(set(indices)) != len(indices):
        raise NegsimError(f"{file}: two issues share an index ({sorted(indices)})")
    return GeniusDomain(file, objective.get("name", ""), issues)


def issue_kind(el: ET.Element) -> Kind:
    """An issue's type from ``type`` (then ``vtype``, ``etype``); discrete when none is given.

    >>> issue_kind(ET.fromstring('<issue vtype="integer"/>')), issue_kind(ET.fromstring('<issue/>'))
    ('integer', 'discrete')
    """
    for attr in ("type", "vtype", "etype"):
        value = (el.get(attr) or "").strip().lower()
        if value in ("discrete", "integer", "real"):
            return value  # type: ignore[return-value]
    return "discrete"


def _domain_issue(el: ET.Element, file: str) -> GeniusIssue:
    index = _int(el.get("index"), f"{file}: an <issue> index")
    name = el.get("name") or f"issue{index}"
    kind = issue_kind(el)
    if kind == "discrete":
        values = tuple(_item_value(item, file, name) for item in el.findall("item"))
        if not values:
            raise NegsimError(f"{file}: discrete issue `{name}` has no <item> values")
        if len(set(values)) != len(values):
            raise NegsimError(f"{file}: issue `{name}` lists a value twice")
        return GeniusIssue(index, name, kind, values=values)
    lower, upper = _bounds(el, f"{file}: issue `{name}`")
    if kind == "integer":
        _check_integer_issue(lower, upper, f"{file}: integer issue `{name}`")
    return GeniusIssue(index, name, kind, lower=lower, upper=upper)


def _item_value(item: ET.Element, file: str, issue: str) -> str:
    value = item.get("value")
    if value is None or not value.strip():
        raise NegsimError(f"{file}: an <item> of issue `{issue}` has no `value`")
    return value


def _bounds(el: ET.Element, where: str) -> tuple[float, float]:
    """``lowerbound``/``upperbound`` of a numeric issue: attributes, or a ``range`` child."""
    source = el if el.get("lowerbound") is not None else el.find("range")
    if source is None or source.get("lowerbound") is None or source.get("upperbound") is None:
        raise NegsimError(f"{where}: a numeric issue needs lowerbound and upperbound")
    lower = _float(source.get("lowerbound"), f"{where} lowerbound")
    upper = _float(source.get("upperbound"), f"{where} upperbound")
    if not lower < upper:
        raise NegsimError(f"{where}: lowerbound {lower:g} is not below upperbound {upper:g}")
    if max(abs(lower), abs(upper)) > MAX_BOUND:
        raise NegsimError(f"{where}: bounds {lower:g}..{upper:g} are outside ±{MAX_BOUND:.0e}, the range negsim "
                          "reads for numeric issues; rescale the issue")
    return lower, upper


def integer_count(lower: float, upper: float) -> int:
    """How many whole numbers lie in [lower, upper] (counted, never listed).

    >>> integer_count(0, 6), integer_count(0.5, 0.7), integer_count(-1.5, 1e9)
    (7, 0, 1000000002)
    """
    return max(0, math.floor(upper) - math.ceil(lower) + 1)


def _check_integer_issue(lower: float, upper: float, where: str) -> None:
    """An integer issue holds at least one whole number, and no more than an issue may have options."""
    n = integer_count(lower, upper)
    if n == 0:
        raise NegsimError(f"{where}: no whole number lies between lowerbound {lower:g} and upperbound {upper:g}")
    if n > MAX_INTEGER_VALUES:
        raise NegsimError(f"{where}: {n:,} whole numbers from {math.ceil(lower)} to {math.floor(upper)}; negsim "
                          f"analyses at most {MAX_INTEGER_VALUES:,} options per issue — narrow the bounds")


def _read_profile(root: ET.Element, file: str, domain: GeniusDomain) -> GeniusProfile:
    """A party's ``utility_space``: weights, evaluators, reservation value, discount factor."""
    weights = {_int(w.get("index"), f"{file}: a <weight> index"): _float(w.get("value"), f"{file}: a weight")
               for w in root.iter("weight")}
    by_index = {i.index: i for i in domain.issues}
    evaluators = {}
    for el in root.iter("issue"):
        index = _int(el.get("index"), f"{file}: an <issue> index")
        if index not in by_index:
            raise NegsimError(f"{file}: issue index {index} is not in the domain {domain.file}")
        evaluators[index] = _evaluator(el, by_index[index], file)
    for issue in domain.issues:
        if issue.index not in evaluators:
            raise NegsimError(f"{file}: no evaluation of issue `{issue.name}` (index {issue.index})")
        if issue.index not in weights:
            raise NegsimError(f"{file}: no <weight index=\"{issue.index}\"> for issue `{issue.name}`")
        if weights[issue.index] < 0:
            raise NegsimError(f"{file}: the weight of issue `{issue.name}` is negative")
    return GeniusProfile(file, Path(file).stem, weights, evaluators,
                         _optional_value(root, "reservation", file), _optional_value(root, "discount_factor", file))


def _optional_value(root: ET.Element, tag: str, file: str) -> float | None:
    el = root.find(f".//{tag}")
    if el is None or el.get("value") is None:
        return None
    return _float(el.get("value"), f"{file}: <{tag}>")


def _evaluator(el: ET.Element, issue: GeniusIssue, file: str) -> GeniusEvaluator:
    where = f"{file}: issue `{issue.name}`"
    if issue.kind == "discrete":
        return _discrete_evaluator(el, issue, where)
    spec = el.find("evaluator")
    lower, upper = _bounds(el, where) if _has_bounds(el) else (issue.lower, issue.upper)
    if spec is None:
        raise NegsimError(f"{where}: a numeric issue needs <evaluator ftype=\"linear\" ...>")
    ftype = (spec.get("ftype") or "linear").strip().lower()
    if issue.kind == "integer":
        return _integer_evaluator(spec, ftype, lower, upper, where)
    if ftype == "linear":
        return GeniusEvaluator("real", ftype="linear", parameter0=_float(spec.get("parameter0"), f"{where} parameter0"),
                               parameter1=_float(spec.get("parameter1"), f"{where} parameter1"),
                               lower=lower, upper=upper)
    if ftype == "constant":
        constant = _float(spec.get("parameter0"), f"{where} parameter0")
        return GeniusEvaluator("real", ftype="constant", parameter0=constant, lower=lower, upper=upper)
    raise NegsimError(f"{where}: evaluator ftype `{ftype}` is not supported (negsim reads linear and constant)")


def _has_bounds(el: ET.Element) -> bool:
    return el.get("lowerbound") is not None or el.find("range") is not None


def _integer_evaluator(spec: ET.Element, ftype: str, lower: float | None, upper: float | None,
                       where: str) -> GeniusEvaluator:
    if ftype != "linear":
        raise NegsimError(f"{where}: integer issues take ftype=\"linear\", found `{ftype}`")
    if spec.get("slope") is not None:
        slope = _float(spec.get("slope"), f"{where} slope")
        offset = _float(spec.get("offset"), f"{where} offset")
    else:  # older files give the utilities of the lowest and highest value
        low = _float(spec.get("utilLowestValue"), f"{where} utilLowestValue (or slope/offset)")
        high = _float(spec.get("utilHighestValue"), f"{where} utilHighestValue")
        assert lower is not None and upper is not None
        slope, offset = (high - low) / (upper - lower), low
    return GeniusEvaluator("integer", ftype="linear", slope=slope, offset=offset, lower=lower, upper=upper)


def _discrete_evaluator(el: ET.Element, issue: GeniusIssue, where: str) -> GeniusEvaluator:
    evaluations = {}
    for item in el.findall("item"):
        value = _item_value(item, where, issue.name)
        evaluation = _float(item.get("evaluation"), f"{where}, value `{value}`: evaluation")
        if evaluation < 0:
            raise NegsimError(f"{where}, value `{value}`: evaluation {evaluation:g} is negative (GENIUS needs ≥ 0)")
        evaluations[value] = evaluation
    missing = [v for v in issue.values if v not in evaluations]
    if missing:
        raise NegsimError(f"{where}: no evaluation for value(s) {listing(missing)}")
    known = set(issue.values)
    extra = [v for v in evaluations if v not in known]
    if extra:
        raise NegsimError(f"{where}: value(s) {listing(extra)} are not in the domain")
    return GeniusEvaluator("discrete", evaluations={v: evaluations[v] for v in issue.values})


def _float(text: str | None, what: str) -> float:
    try:
        value = float(text) if text is not None else math.nan
    except ValueError:
        raise NegsimError(f"{what}: expected a number, found {text!r}") from None
    if not math.isfinite(value):
        raise NegsimError(f"{what}: expected a finite number, found {text!r}")
    return value


def _int(text: str | None, what: str) -> int:
    try:
        return int(str(text).strip())
    except ValueError:
        raise NegsimError(f"{what}: expected a whole number, found {text!r}") from None
