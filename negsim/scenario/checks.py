"""Cross-reference checks that the pydantic models cannot make on their own.

Each check yields ``(path, message)`` pairs; the loader turns them into located
problems. Messages say what was expected, what was found, and suggest the closest id.

Example:
    >>> suggest("nato_enlargment", ["nato_enlargement", "forces"])
    ' (did you mean `nato_enlargement`?)'
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Hashable, Iterator
from typing import Any

from negsim.scenario.forecast import check_forecast
from negsim.scenario.game_checks import check_game, misspelled
from negsim.scenario.models import MAX_NAME, Issue, Preferences, RedLine, Scenario, Vary, format_number
from negsim.scenario.negotiators import NEGOTIATORS
from negsim.scenario.rule_checks import check_rules
from negsim.scenario.values import grid_labels, issue_labels, raw_weights
from negsim.wording import listing, suggest

Found = tuple[tuple[Hashable, ...], str]

MAX_OPTIONS_PER_ISSUE = 100_000


def check_scenario(s: Scenario) -> Iterator[Found]:
    """Every cross-reference problem in the scenario (and names longer than :data:`MAX_NAME`)."""
    yield from _check_names(s)
    yield from _check_unique(s)
    yield from _check_issues(s)
    if any(True for _ in _check_unique(s)):
        return
    yield from _check_preferences(s)
    yield from _check_agendas(s)
    for g, game in enumerate(s.games):
        yield from check_game(s, game, ("games", g))
    yield from _check_protocol(s)
    yield from check_forecast(s)
    yield from check_rules(s)
    if s.uncertainty is not None:
        seen: dict[str, int] = {}
        for i, v in enumerate(s.uncertainty.vary):
            yield from check_vary(s, v, ("uncertainty", "vary", i))
            if v.path in seen:
                yield ("uncertainty", "vary", i, "path"), (f"`{v.path}` is already varied by uncertainty.vary"
                                                           f"[{seen[v.path]}]; vary each field once")
            seen.setdefault(v.path, i)


def _check_names(s: Scenario) -> Iterator[Found]:
    """Names and titles fit in a figure: a 900,000-character party name made matplotlib fail."""
    named: list[tuple[tuple[Hashable, ...], str]] = [(("title",), s.title)]
    for section, items, attr in (("parties", s.parties, "name"), ("issues", s.issues, "name"),
                                 ("agendas", s.agendas, "name"), ("games", s.games, "title")):
        named += [((section, k, attr), getattr(item, attr)) for k, item in enumerate(items)]
    for at, text in named:
        if len(text) > MAX_NAME:
            yield at, (f"expected at most {MAX_NAME} characters (names are shown in tables and figures; longer "
                       f"text belongs in `description`), found {len(text):,}")


def _check_unique(s: Scenario) -> Iterator[Found]:
    sections: dict[str, list[str]] = {"parties": s.party_ids, "issues": s.issue_ids,
                                      "agendas": [a.id for a in s.agendas], "games": [g.id for g in s.games]}
    for section, ids in sections.items():
        seen: dict[str, int] = {}
        for i, item_id in enumerate(ids):
            if item_id in seen:
                yield (section, i, "id"), (f"duplicate id `{item_id}` (already used by {section}[{seen[item_id]}]);"
                                           " ids must be unique")
            seen.setdefault(item_id, i)
    if not s.issues and not s.games and s.forecast is None and s.rule is None:
        yield ("issues",), ("a scenario needs at least one issue (or a game under `games:`, a `forecast:`, or only a "
                            "decision `rule:` for `negsim power`)")


def _check_issues(s: Scenario) -> Iterator[Found]:
    for i, issue in enumerate(s.issues):
        yield from _check_issue(issue, ("issues", i))


def _check_issue(issue: Issue, at: tuple[Hashable, ...]) -> Iterator[Found]:
    if (issue.options is None) == (issue.range is None):
        yield at, "an issue has either `options: [...]` (categorical) or `range: [low, high]` with `step` (numeric)"
        return
    if issue.options is not None:
        if issue.step is not None:
            yield (*at, "step"), "`step` belongs to numeric issues (with `range`); remove it or use `range`"
        dup = sorted(o for o, n in Counter(issue.options).items() if n > 1)
        if dup:
            yield (*at, "options"), f"option `{dup[0]}` is listed more than once; options must be unique"
    else:
        yield from _check_range(issue, at)
    if issue.status_quo is not None and _is_valid_issue(issue):
        yield from _check_option_ref(issue, issue.status_quo, (*at, "status_quo"))


def _check_range(issue: Issue, at: tuple[Hashable, ...]) -> Iterator[Found]:
    assert issue.range is not None
    lo, hi = issue.range
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
        yield (*at, "range"), (f"expected `[low, high]` with low < high, found [{format_number(lo)}, "
                               f"{format_number(hi)}]")
        return
    if issue.step is None:
        yield (*at, "step"), ("a numeric issue needs `step` (the grid spacing), "
                              f"e.g. `step: {format_number((hi - lo) / 10)}`")
        return
    if not math.isfinite(issue.step) or issue.step <= 0:
        yield (*at, "step"), f"expected a step > 0, found {format_number(issue.step)}"
        return
    n = (hi - lo) / issue.step
    if not math.isfinite(n) or n + 1 > MAX_OPTIONS_PER_ISSUE:
        yield (*at, "step"), (f"this grid has {_approx_count(n + 1)} points; at most {MAX_OPTIONS_PER_ISSUE:,} "
                              "per issue — use a larger step")
    elif abs(n - round(n)) > 1e-6 * max(1.0, n):
        yield (*at, "step"), (f"step {format_number(issue.step)} does not divide the range [{format_number(lo)}, "
                              f"{format_number(hi)}] ({format_number(n)} steps); choose a step that divides "
                              f"{format_number(hi - lo)}")
    elif len(_label_set(lo, hi, issue.step)) < round(n) + 1:
        yield (*at, "step"), (f"step {issue.step:g} is too fine: grid points are kept to 9 decimals, "
                              "and some would coincide; use a larger step (or rescale the issue)")


def _approx_count(x: float) -> str:
    return f"{x:,.0f}" if x < 1e9 else ("more than a billion" if math.isfinite(x) else "infinitely many")


def _is_valid_issue(issue: Issue) -> bool:
    return not any(True for _ in _check_issue_shape(issue))


def _check_issue_shape(issue: Issue) -> Iterator[Found]:
    if (issue.options is None) == (issue.range is None):
        yield (), "shape"
    elif issue.range is not None:
        yield from _check_range(issue, ())


def _check_preferences(s: Scenario) -> Iterator[Found]:
    parties = s.party_ids
    for pid, prefs in s.preferences.items():
        if pid not in parties:
            yield ("preferences", pid), f"`{pid}` is not a party{suggest(pid, parties)} (parties: {listing(parties)})"
            continue
        yield from _check_party_prefs(s, pid, prefs, ("preferences", pid))
    meant = misspelled([p for p in s.preferences if p not in parties], parties)
    if s.issues:
        for pid in parties:
            if pid not in s.preferences and pid not in meant:
                yield ("preferences",), (f"party `{pid}` has no preferences; add `{pid}:` with weights and "
                                         "values (or demands) for the issues")


def _issue_lookup(s: Scenario) -> dict[str, Issue]:
    return {i.id: i for i in s.issues if _is_valid_issue(i)}


def _check_issue_ref(s: Scenario, iid: str, at: tuple[Hashable, ...]) -> Iterator[Found]:
    if iid not in s.issue_ids:
        yield at, f"`{iid}` is not an issue{suggest(iid, s.issue_ids)} (issues: {listing(s.issue_ids)})"


def _check_option_ref(issue: Issue, option: str, at: tuple[Hashable, ...]) -> Iterator[Found]:
    if issue.range is not None and issue.step is not None:
        if not _on_grid(issue, option):
            lo, hi = issue.range
            yield at, (f"`{option}` is not an option of issue `{issue.id}`: expected a number from "
                       f"{format_number(lo)} to {format_number(hi)} in steps of {format_number(issue.step)}")
        elif option != format_number(float(option)):
            yield at, f"write the number `{option}` as `{format_number(float(option))}` (without quotes)"
        elif option not in _grid_set(issue):
            nearest = min(grid_labels(*issue.range, issue.step), key=lambda lab: abs(float(lab) - float(option)))
            yield at, (f"`{option}` is not a point of issue `{issue.id}`'s grid (points are kept to 9 decimals); "
                       f"the nearest is `{nearest}`")
        return
    labels = issue_labels(issue)
    if option not in labels:
        yield at, (f"`{option}` is not an option of issue `{issue.id}`{suggest(option, labels)} "
                   f"(options: {listing(labels)})")


def _grid_set(issue: Issue) -> frozenset[str]:
    assert issue.range is not None and issue.step is not None
    return _label_set(*issue.range, issue.step)


@functools.lru_cache(maxsize=256)
def _label_set(lo: float, hi: float, step: float) -> frozenset[str]:
    return frozenset(grid_labels(lo, hi, step))


def _on_grid(issue: Issue, option: str) -> bool:
    """Whether a label names a point of a numeric issue's grid."""
    assert issue.range is not None and issue.step is not None
    try:
        x = float(option)
    except ValueError:
        return False
    lo, hi = issue.range
    k = (x - lo) / issue.step
    return bool(math.isfinite(k)) and lo - 1e-9 <= x <= hi + 1e-9 and abs(k - round(k)) <= 1e-6 * max(1.0, abs(k))


def _check_party_prefs(s: Scenario, pid: str, prefs: Preferences, at: tuple[Hashable, ...]) -> Iterator[Found]:
    issues = _issue_lookup(s)
    for iid in prefs.weights or {}:
        yield from _check_issue_ref(s, iid, (*at, "weights", iid))
    for iid, opts in prefs.values.items():
        yield from _check_issue_ref(s, iid, (*at, "values", iid))
        if iid in issues:
            yield from _check_values(issues[iid], opts, (*at, "values", iid))
    for iid, option in prefs.demands.items():
        yield from _check_issue_ref(s, iid, (*at, "demands", iid))
        if iid in issues:
            yield from _check_demand(issues[iid], option, (*at, "demands", iid))
    yield from _check_weights(s, pid, prefs, at)
    for k, rl in enumerate(prefs.red_lines):
        yield from _check_red_line(s, rl, (*at, "red_lines", k))
    for k, bonus in enumerate(prefs.bonuses):
        for iid, option in bonus.when.items():
            where = (*at, "bonuses", k, "when", iid)
            yield from _check_issue_ref(s, iid, where)
            if iid in issues:
                yield from _check_option_ref(issues[iid], option, where)


def _check_values(issue: Issue, opts: dict[str, float], at: tuple[Hashable, ...]) -> Iterator[Found]:
    if not opts:
        yield at, (f"no values given for issue `{issue.id}`; give a value for every option "
                   "(numeric issues: at least one point), or remove this entry")
        return
    if issue.range is None:
        labels = issue_labels(issue)
        known = set(labels)
        unknown = [o for o in opts if o not in known]
        for option in unknown:
            yield (*at, option), (f"`{option}` is not an option of issue `{issue.id}`{suggest(option, labels)} "
                                  f"(options: {listing(labels)})")
        meant = misspelled(unknown, labels)
        missing = [o for o in labels if o not in opts and o not in meant]
        if missing and len(missing) < len(labels):
            yield at, (f"no value for option(s) {listing(missing)} of issue `{issue.id}`; give a value "
                       "for every option, or none and a demand to derive them")
        return
    lo, hi = issue.range
    for key in opts:
        try:
            x = float(key)
        except ValueError:
            yield (*at, key), f"numeric issue `{issue.id}` takes points `number: value`, found key `{key}`"
            continue
        if not lo <= x <= hi:
            yield (*at, key), f"point {key} is outside the issue's range [{format_number(lo)}, {format_number(hi)}]"


def _check_demand(issue: Issue, option: str, at: tuple[Hashable, ...]) -> Iterator[Found]:
    if issue.range is None:
        yield from _check_option_ref(issue, option, at)
        return
    lo, hi = issue.range
    try:
        x = float(option)
    except ValueError:
        yield at, f"numeric issue `{issue.id}` takes a number here, found `{option}`"
        return
    if not lo <= x <= hi:
        yield at, f"{option} is outside the issue's range [{format_number(lo)}, {format_number(hi)}]"


def _check_weights(s: Scenario, pid: str, prefs: Preferences, at: tuple[Hashable, ...]) -> Iterator[Found]:
    if not s.issues:
        return
    raw = raw_weights(list(s.issues), prefs)  # by id only: an issue with a bad range still counts here
    if sum(raw.values()) <= 0:
        where = (*at, "weights") if prefs.weights is not None else at
        yield where, ("all weights are zero; give at least one issue a positive weight"
                      if prefs.weights is not None else
                      "no values, demands or weights: say what this party wants on at least one issue")
        return
    for iid, w in raw.items():
        if w > 0 and iid not in prefs.values and iid not in prefs.demands:
            yield (*at, "weights", iid), (f"party `{pid}` weighs issue `{iid}` but gives no `values` or "
                                          f"`demands` for it; add `values: {{{iid}: ...}}` or a demand")


def _check_red_line(s: Scenario, rl: RedLine, at: tuple[Hashable, ...]) -> Iterator[Found]:
    kinds = [k for k in ("never", "only", "at_least", "at_most", "min_utility") if getattr(rl, k) is not None]
    if len(kinds) != 1:
        found = ", ".join(f"`{k}`" for k in kinds) or "none"
        yield at, ("a red line has exactly one of `never`, `only`, `at_least`, `at_most` (with `issue`) "
                   f"or `min_utility`; found {found}")
        return
    kind = kinds[0]
    if kind == "min_utility":
        if rl.issue is not None:
            yield (*at, "issue"), "`min_utility` is a floor on the whole deal; remove `issue`"
        return
    if rl.issue is None:
        yield at, f"a `{kind}` red line needs `issue:` (the issue it is about)"
        return
    yield from _check_issue_ref(s, rl.issue, (*at, "issue"))
    issue = _issue_lookup(s).get(rl.issue)
    if issue is None:
        return
    if kind in ("at_least", "at_most"):
        if issue.range is None:
            yield (*at, kind), (f"`{kind}` applies to numeric issues; `{issue.id}` is categorical — "
                                "use `never` or `only`")
        else:
            yield from _check_bound(issue, kind, getattr(rl, kind), (*at, kind))
        return
    for k, option in enumerate(getattr(rl, kind)):
        yield from _check_option_ref(issue, option, (*at, kind, k))


def _check_bound(issue: Issue, kind: str, bound: float, at: tuple[Hashable, ...]) -> Iterator[Found]:
    """A numeric red line whose bound no option can meet leaves no deal for a reason that is a typo, not a finding."""
    assert issue.range is not None
    lo, hi = issue.range
    if (kind == "at_least" and bound > hi) or (kind == "at_most" and bound < lo):
        yield at, (f"{kind} {format_number(bound)} is outside the range of `{issue.id}` "
                   f"[{format_number(lo)}, {format_number(hi)}]: no option meets it, so this red line alone rules "
                   "out every deal; check the bound or the range")


def _check_agendas(s: Scenario) -> Iterator[Found]:
    issues = _issue_lookup(s)
    for a, agenda in enumerate(s.agendas):
        at = ("agendas", a)
        for k, iid in enumerate(agenda.issues):
            yield from _check_issue_ref(s, iid, (*at, "issues", k))
        if len(set(agenda.issues)) != len(agenda.issues):
            yield (*at, "issues"), "an issue is listed twice"
        off = [i for iid, i in issues.items() if iid not in agenda.issues and i.status_quo is None]
        for issue in off:
            yield (*at, "issues"), (f"issue `{issue.id}` is off this agenda but has no `status_quo`; "
                                    f"give `{issue.id}` a `status_quo:` option (what holds when it is not negotiated)")


def _check_protocol(s: Scenario) -> Iterator[Found]:
    if s.protocol is None:
        return
    parties = s.party_ids
    if s.protocol.first is not None and s.protocol.first not in parties:
        yield ("protocol", "first"), f"`{s.protocol.first}` is not a party{suggest(s.protocol.first, parties)}"
    for pid, spec in s.protocol.strategies.items():
        if pid not in parties:
            yield ("protocol", "strategies", pid), f"`{pid}` is not a party{suggest(pid, parties)}"
        if isinstance(spec, dict) and len(spec) != 1:
            yield ("protocol", "strategies", pid), "write one strategy: `name` or `{name: {param: value}}`"
        else:
            yield from _check_strategy(spec, ("protocol", "strategies", pid))
    if s.protocol.kind == "alternating_offers" and len(parties) > 2 and len(s.protocol.strategies) > 2:
        yield ("protocol", "kind"), ("`alternating_offers` is for two parties; use "
                                     "`stacked_alternating_offers` for more")


def _check_strategy(spec: str | dict[str, Any], at: tuple[Hashable, ...]) -> Iterator[Found]:
    """A negotiator strategy must be registered and take the parameters given."""
    name, params = (spec, {}) if isinstance(spec, str) else next(iter(spec.items()))
    key = name.replace("-", "_").lower()
    if key not in NEGOTIATORS:
        yield at, (f"no negotiator strategy `{name}`{suggest(key, list(NEGOTIATORS))} "
                   f"(strategies: {', '.join(NEGOTIATORS)})")
        return
    allowed = NEGOTIATORS[key]
    for param in params or {}:
        if param not in allowed:
            yield (*at, name, param), (f"strategy `{name}` has no parameter `{param}`{suggest(param, list(allowed))}"
                                       f" (parameters: {', '.join(allowed) or 'none'})")


# --- uncertainty paths -------------------------------------------------------------

def check_vary(s: Scenario, v: Vary, at: tuple[Hashable, ...]) -> Iterator[Found]:
    """A varied path must exist and its distribution must stay in the field's valid range."""
    from negsim.scenario.paths import vary_problems

    for where, message in vary_problems(s, v):
        yield (*at, *where), message
