"""Which scenario field a dotted path names, and the range its values must stay in.

A varied input is written as a path into the scenario, e.g. ``parties.russia.no_deal``,
``preferences.usa.weights.nato_enlargement``, ``preferences.usa.values.form.political_dialogue``,
``preferences.russia.red_lines[3].min_utility``, ``games.crisis.payoffs.negotiate.engage[0]``
(or ``games.crisis.payoffs.row[0][1]`` for matrix payoffs) and ``protocol.breakdown``.
:func:`resolve` turns the text into a :class:`FieldRef` (what it names, its valid range)
or raises :class:`~negsim.errors.NegsimError` saying what is wrong, with a "did you mean".

The loader uses it to validate ``uncertainty:`` (:func:`vary_problems`); the uncertainty
package uses it to sample and apply values. Valid ranges are :data:`FIELD_RANGES`.

Example:
    >>> import negsim
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> ref = resolve(s, "parties.russia.no_deal")
    >>> ref.kind, ref.party, ref.bounds
    ('no_deal', 'russia', (0.0, 1.0))
    >>> resolve(s, "parties.rusia.no_deal")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negsim.errors.NegsimError: ... `rusia` is not a party (did you mean `russia`?)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from negsim.errors import NegsimError
from negsim.scenario.models import MAX_PAYOFF, Scenario, Vary
from negsim.wording import suggest

FIELD_RANGES: dict[str, tuple[float, float, bool]] = {
    # kind of field: (low, high, low end open)
    "no_deal": (0.0, 1.0, False),
    "power": (0.0, 1000.0, True),
    "patience": (0.0, 1.0, True),
    "weights": (0.0, 1e6, False),
    "values": (0.0, 1.0, False),
    "min_utility": (0.0, 1.0, False),
    "payoffs": (-MAX_PAYOFF, MAX_PAYOFF, False),
    "breakdown": (0.0, 1.0, False),
}
"""The valid range of every kind of field an uncertainty path can name."""

UTILITY_KINDS = frozenset({"weights", "values", "no_deal", "power", "min_utility"})
"""Fields that change utilities, floors or bargaining power only (batched evaluation)."""

_INDEX = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class FieldRef:
    """A resolved path: the kind of field (a key of FIELD_RANGES) and where it is."""

    path: str
    kind: str
    party: str | None = None
    issue: str | None = None
    option: str | None = None
    index: int | None = None  # red line index
    game: str | None = None
    cell: tuple[Any, ...] = ()  # game payoff location inside ``payoffs``

    @property
    def bounds(self) -> tuple[float, float]:
        """The closed range sampled values are kept in (an open low end is nudged inside)."""
        lo, hi, open_lo = FIELD_RANGES[self.kind]
        return (math.nextafter(lo, math.inf) if open_lo else lo), hi

    @property
    def affects_utilities(self) -> bool:
        """True when the field changes utilities, floors or power (handled by the batched engine)."""
        return self.kind in UTILITY_KINDS


def split_path(path: str) -> list[str]:
    """Split a path on dots and brackets.

    >>> split_path("preferences.a.red_lines[2].min_utility")
    ['preferences', 'a', 'red_lines', '2', 'min_utility']
    """
    return [p for p in _INDEX.sub(r".\1", path.strip()).split(".") if p != ""]


def resolve(scenario: Scenario, path: str) -> FieldRef:
    """The field ``path`` names in ``scenario``; NegsimError with a suggestion when there is none."""
    ref, why = _resolve(scenario, path)
    if ref is None:
        raise NegsimError(f"`{path}` is not a field negsim can vary: {why}")
    return ref


def resolve_all(scenario: Scenario, paths: list[str]) -> list[FieldRef]:
    """Resolve several paths; the same field twice is an error."""
    refs = [resolve(scenario, p) for p in paths]
    seen: set[tuple[Any, ...]] = set()
    for r in refs:
        key = (r.kind, r.party, r.issue, r.option, r.index, r.game, r.cell)
        if key in seen:
            raise NegsimError(f"`{r.path}` is varied twice; give each field one distribution")
        seen.add(key)
    return refs


def _resolve(s: Scenario, path: str) -> tuple[FieldRef | None, str]:
    parts = split_path(path)
    sections = ["parties", "preferences", "games", "protocol"]
    head = parts[0] if parts else ""
    if head == "parties":
        return _party(s, path, parts)
    if head == "preferences":
        return _prefs(s, path, parts)
    if head == "games":
        return _game(s, path, parts)
    if head == "protocol":
        if parts[1:] != ["breakdown"]:
            return None, "the protocol's numeric field is `protocol.breakdown`"
        if s.protocol is None:
            return None, "the scenario has no `protocol:` section"
        return FieldRef(path, "breakdown"), ""
    return None, f"paths start with one of {', '.join(sections)}{suggest(head, sections)}"


def _party(s: Scenario, path: str, parts: list[str]) -> tuple[FieldRef | None, str]:
    if len(parts) != 3:
        return None, "expected `parties.<party>.no_deal` (or `.power`, `.patience`)"
    pid, name = parts[1], parts[2]
    if pid not in s.party_ids:
        return None, f"`{pid}` is not a party{suggest(pid, s.party_ids)}"
    fields = ["no_deal", "power", "patience"]
    if name not in fields:
        return None, f"a party's numeric fields are {', '.join(fields)}{suggest(name, fields)}"
    return FieldRef(path, name, party=pid), ""


def _prefs(s: Scenario, path: str, parts: list[str]) -> tuple[FieldRef | None, str]:
    usage = ("expected `preferences.<party>.weights.<issue>`, `preferences.<party>.values.<issue>.<option>` "
             "or `preferences.<party>.red_lines[<k>].min_utility`")
    if len(parts) < 4:
        return None, usage
    pid, kind = parts[1], parts[2]
    if pid not in s.preferences:
        return None, f"`{pid}` has no preferences{suggest(pid, list(s.preferences))}"
    prefs = s.preferences[pid]
    if kind == "weights" and len(parts) == 4:
        if parts[3] not in s.issue_ids:
            return None, f"`{parts[3]}` is not an issue{suggest(parts[3], s.issue_ids)}"
        return FieldRef(path, "weights", party=pid, issue=parts[3]), ""
    if kind == "values" and len(parts) >= 5:
        iid, option = parts[3], ".".join(parts[4:])  # numeric points may contain a dot: values.share.0.5
        if iid not in prefs.values:
            return None, f"`{pid}` gives no values for `{iid}`{suggest(iid, list(prefs.values))}"
        if option not in prefs.values[iid]:
            return None, f"`{option}` has no value for `{pid}` on `{iid}`{suggest(option, list(prefs.values[iid]))}"
        return FieldRef(path, "values", party=pid, issue=iid, option=option), ""
    if kind == "red_lines" and len(parts) == 5 and parts[4] == "min_utility":
        k = int(parts[3]) if parts[3].isdigit() else -1
        if not 0 <= k < len(prefs.red_lines) or prefs.red_lines[k].min_utility is None:
            floors = [str(i) for i, r in enumerate(prefs.red_lines) if r.min_utility is not None]
            where = f"(it has one at {', '.join(floors)})" if floors else "(it has none)"
            return None, f"`{pid}` has no `min_utility` red line at index {parts[3]} {where}"
        return FieldRef(path, "min_utility", party=pid, index=k), ""
    return None, usage


def _game(s: Scenario, path: str, parts: list[str]) -> tuple[FieldRef | None, str]:
    usage = "expected `games.<game>.payoffs.<row>.<column>[0|1]` or `games.<game>.payoffs.row[<i>][<j>]`"
    if len(parts) != 6 or parts[2] != "payoffs":
        return None, usage
    gid = parts[1]
    ids = [g.id for g in s.games]
    if gid not in ids:
        return None, f"`{gid}` is not a game{suggest(gid, ids)}"
    game = next(g for g in s.games if g.id == gid)
    a, b, k = parts[3], parts[4], parts[5]
    rows, cols = game.strategies.get(game.players[0]), game.strategies.get(game.players[1])
    if not rows or not cols:
        return None, f"game `{gid}` has no strategies for one of its players; fix the game first"
    if set(game.payoffs) <= {"row", "column"}:
        if a not in ("row", "column") or not (b.isdigit() and k.isdigit()):
            return None, "this game's payoffs are matrices: use `payoffs.row[<i>][<j>]` or `payoffs.column[<i>][<j>]`"
        i, j = int(b), int(k)
        if not (i < len(rows) and j < len(cols)):
            return None, f"cell [{i}][{j}] is outside the {len(rows)}×{len(cols)} matrix"
        return FieldRef(path, "payoffs", game=gid, cell=(a, i, j)), ""
    if a not in rows:
        return None, f"`{a}` is not a strategy of `{game.players[0]}`{suggest(a, rows)}"
    if b not in cols:
        return None, f"`{b}` is not a strategy of `{game.players[1]}`{suggest(b, cols)}"
    if k not in ("0", "1"):
        return None, f"the last index picks the payoff: [0] for {game.players[0]}, [1] for {game.players[1]}"
    return FieldRef(path, "payoffs", game=gid, cell=(a, b, int(k))), ""


def support(v: Vary) -> tuple[float, float] | None:
    """The lowest and highest value a distribution can give (a normal: its mean, as it is truncated
    to the field's range); None when its numbers are out of order."""
    if v.uniform is not None:
        return v.uniform if v.uniform[0] <= v.uniform[1] else None
    if v.triangular is not None:
        a, m, b = v.triangular
        return (a, b) if a <= m <= b else None
    if v.choice is not None:
        return min(v.choice), max(v.choice)
    if v.normal is not None:
        mean, sd = v.normal
        return (mean, mean) if sd >= 0 else None
    return None


def vary_problems(s: Scenario, v: Vary) -> list[tuple[tuple[str, ...], str]]:
    """What is wrong with one ``uncertainty.vary`` entry: (sub-path, message) pairs, empty when valid."""
    ref, why = _resolve(s, v.path)
    if ref is None:
        return [(("path",), f"`{v.path}` is not a field negsim can vary: {why}")]
    dists = [d for d in ("uniform", "normal", "triangular", "choice") if getattr(v, d) is not None]
    if len(dists) != 1:
        return [((), "give exactly one distribution: `uniform`, `normal`, `triangular` or `choice`")]
    lo, hi, open_lo = FIELD_RANGES[ref.kind]
    span = support(v)
    if span is None:
        return [((dists[0],), "the distribution's numbers are out of order (expected low ≤ (mode ≤) high, sd ≥ 0)")]
    out: list[tuple[tuple[str, ...], str]] = []
    a, b = span
    if a < lo or b > hi or (open_lo and a <= lo):
        bound = f"({lo}, {hi}]" if open_lo else f"[{lo}, {hi}]"
        out.append(((dists[0],), f"`{ref.kind}` must stay in {bound}, but this distribution reaches [{a}, {b}]"))
    if v.weights is not None and (v.choice is None or len(v.weights) != len(v.choice)):
        out.append((("weights",), "`weights` go with `choice`, one per choice"))
    elif v.weights is not None and (min(v.weights) < 0 or not 0 < sum(v.weights) < math.inf):
        out.append((("weights",), "choice `weights` must be ≥ 0 with a positive, finite sum (they are relative: "
                                  "[1, 2, 1] is the same as [0.25, 0.5, 0.25])"))
    return out


__all__ = ["FIELD_RANGES", "UTILITY_KINDS", "FieldRef", "resolve", "resolve_all", "split_path", "support",
           "vary_problems"]
