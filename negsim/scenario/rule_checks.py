"""Checks of decision rules (``rule:``) and ratification at home (``ratification:`` on a party).

Each check yields ``(path, message)`` pairs, located by the loader like every other
problem. A rule must say what its kind needs and nothing else, name only parties, and
be passable by the grand coalition.

Example:
    >>> import negsim
    >>> try:
    ...     negsim.loads('''
    ... negsim: 1
    ... parties: [{id: fr}, {id: de}]
    ... rule: {kind: weighted, weights: {fr: 4, de: 4}, quota: 12}
    ... ''')
    ... except negsim.ScenarioError as exc:
    ...     print(exc.problems[0].message)
    quota 12 is more than the total weight 8: no coalition could pass anything
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator
from fractions import Fraction

from negsim.scenario.constituents import constituent_preferences, own_fields
from negsim.scenario.models import Rule, RuleCriterion, Scenario, format_number
from negsim.wording import listing, suggest

Found = tuple[tuple[Hashable, ...], str]

MAX_DECIMALS = 6
KIND_FIELDS = {
    "unanimity": set(),
    "majority": {"quota", "share", "veto"},
    "weighted": {"weights", "quota", "share", "veto"},
    "double_majority": {"criteria", "veto", "min_blocking"},
}
WHY = {"unanimity": "every party must accept: there is nothing to set",
       "majority": "one vote per party: give `quota` (parties needed) or `share`",
       "weighted": "give `weights` and a `quota` or `share`",
       "double_majority": "give the two `criteria`, each with its `quota` or `share`"}


def check_rules(s: Scenario) -> Iterator[Found]:
    """The scenario's rule, each agenda's rule, and each party's ratification."""
    if s.rule is not None:
        yield from check_rule(s, s.rule, ("rule",))
    for a, agenda in enumerate(s.agendas):
        if agenda.rule is not None:
            yield from check_rule(s, agenda.rule, ("agendas", a, "rule"))
    for k, party in enumerate(s.parties):
        if party.ratification is not None:
            yield from check_ratification(s, k, ("parties", k, "ratification"))


def check_rule(s: Scenario, rule: Rule, at: tuple[Hashable, ...]) -> Iterator[Found]:
    """One rule: the fields its kind takes, party ids, and a quota the grand coalition reaches."""
    allowed = KIND_FIELDS[rule.kind]
    for name in ("weights", "quota", "share", "criteria", "veto", "min_blocking"):
        value = getattr(rule, name)
        if value not in (None, []) and name not in allowed:
            yield (*at, name), f"`{name}` does not apply to kind `{rule.kind}` ({WHY[rule.kind]})"
    yield from _check_veto(s, rule, at)
    n = len(s.parties)
    if rule.kind == "majority":
        yield from _check_quota_or_share(rule.quota, rule.share, at, optional=True)
        if rule.quota is not None and (rule.quota != int(rule.quota) or rule.quota > n):
            yield (*at, "quota"), f"a majority quota is a whole number of parties from 1 to {n}, found " \
                                  f"{format_number(rule.quota)}"
    elif rule.kind == "weighted":
        if rule.weights is None:
            yield at, "weighted voting needs `weights:` (one per party) and a `quota` or `share`"
        else:
            yield from _check_criterion(s, rule.weights, rule.quota, rule.share, at)
    elif rule.kind == "double_majority":
        yield from _check_criteria(s, rule, at)


def _check_veto(s: Scenario, rule: Rule, at: tuple[Hashable, ...]) -> Iterator[Found]:
    parties = s.party_ids
    for k, pid in enumerate(rule.veto):
        if pid not in parties:
            yield (*at, "veto", k), f"`{pid}` is not a party{suggest(pid, parties)} (parties: {listing(parties)})"
    twice = sorted(p for p, c in Counter(rule.veto).items() if c > 1)
    if twice:
        yield (*at, "veto"), f"`{twice[0]}` is listed twice"


def _check_criteria(s: Scenario, rule: Rule, at: tuple[Hashable, ...]) -> Iterator[Found]:
    if rule.criteria is None or len(rule.criteria) != 2:
        found = "none" if rule.criteria is None else str(len(rule.criteria))
        yield at, (f"a double majority has two `criteria` (found {found}), e.g. `- {{share: 0.55}}` (of the parties) "
                   "and `- {weights: {...}, share: 0.65}` (of the population)")
        return
    for c, crit in enumerate(rule.criteria):
        yield from _check_double(s, crit, (*at, "criteria", c))
    if rule.min_blocking is not None and rule.min_blocking > len(s.parties):
        yield (*at, "min_blocking"), f"at most the number of parties ({len(s.parties)}), found {rule.min_blocking}"


def _check_double(s: Scenario, crit: RuleCriterion, at: tuple[Hashable, ...]) -> Iterator[Found]:
    weights = crit.weights if crit.weights is not None else {p: 1.0 for p in s.party_ids}
    yield from _check_criterion(s, weights, crit.quota, crit.share, at, given=crit.weights is not None)


def _check_criterion(s: Scenario, weights: dict[str, float], quota: float | None, share: float | None,
                     at: tuple[Hashable, ...], given: bool = True) -> Iterator[Found]:
    """Weights name every party exactly once, have few decimals, and the quota is reachable."""
    parties = s.party_ids
    if given:
        for pid in weights:
            if pid not in parties:
                yield (*at, "weights", pid), (f"`{pid}` is not a party{suggest(pid, parties)} "
                                              f"(parties: {listing(parties)})")
        missing = [p for p in parties if p not in weights]
        if missing:
            yield (*at, "weights"), (f"no weight for party {listing([f'`{m}`' for m in missing])}; give every "
                                     "party a weight (0 for none)")
        for pid, w in weights.items():
            if not _few_decimals(w):
                yield (*at, "weights", pid), f"a weight has at most {MAX_DECIMALS} decimals, found {w!r}"
    yield from _check_quota_or_share(quota, share, at)
    total = sum(w for p, w in weights.items() if p in parties)
    if total <= 0:
        yield (*at, "weights"), "all weights are zero; give some party a positive weight"
    elif quota is not None and quota > total + 1e-9:
        yield at, (f"quota {format_number(quota)} is more than the total weight {format_number(total)}: "
                   "no coalition could pass anything")
    if quota is not None and not _few_decimals(quota):
        yield (*at, "quota"), f"a quota has at most {MAX_DECIMALS} decimals, found {quota!r}"
    if all(_few_decimals(w) for w in weights.values()) and _scaled_total(list(weights.values())) > MAX_TOTAL:
        yield (*at, "weights"), ("the weights are too large or have too many decimals to count exactly; "
                                 "use larger units (e.g. thousands) or fewer decimals")


def _check_quota_or_share(quota: float | None, share: float | None, at: tuple[Hashable, ...],
                          optional: bool = False) -> Iterator[Found]:
    if quota is not None and share is not None:
        yield at, "give either `quota` (votes needed) or `share` (share of the votes needed), not both"
    elif quota is None and share is None and not optional:
        yield at, "missing the votes needed: give `quota` (e.g. `quota: 12`) or `share` (e.g. `share: 0.55`)"
    if share is not None and not _few_decimals(share):
        yield (*at, "share"), f"a share has at most {MAX_DECIMALS} decimals, found {share!r}"


MAX_TOTAL = 2**62 // 64


def _scaled_total(weights: list[float]) -> int:
    """The total of the weights once scaled to integers (as the power computation does)."""
    import math

    fracs = [Fraction(repr(float(w))) for w in weights]
    scale = math.lcm(*(f.denominator for f in fracs)) if fracs else 1
    return int(sum(fracs) * scale)


def _few_decimals(x: float) -> bool:
    f = Fraction(repr(float(x)))
    return 10**MAX_DECIMALS % f.denominator == 0


# --- ratification ---------------------------------------------------------------------------

def check_ratification(s: Scenario, k: int, at: tuple[Hashable, ...]) -> Iterator[Found]:
    """Constituents: unique ids, a reachable quota, and preferences that check like a party's."""
    from negsim.scenario.checks import _check_party_prefs

    party = s.parties[k]
    rat = party.ratification
    assert rat is not None
    if not s.issues:
        yield at, "ratification needs issues to decide on; add `issues:` (or remove `ratification`)"
        return
    ids = [c.id for c in rat.constituents]
    for c, cid in enumerate(ids):
        if cid in ids[:c]:
            yield (*at, "constituents", c, "id"), f"duplicate id `{cid}`; constituent ids must be unique"
    yield from _check_quota_or_share(rat.quota, rat.share, at)
    total = sum(c.votes for c in rat.constituents)
    if total <= 0:
        yield at, "every constituent has 0 votes; give some constituent `votes` above 0"
    elif rat.quota is not None and rat.quota > total + 1e-9:
        yield (*at, "quota"), (f"quota {format_number(rat.quota)} is more than the constituents' "
                               f"{format_number(total)} votes: nothing could be ratified")
    prefs = s.preferences.get(party.id)
    if prefs is None:
        return  # reported as the party's missing preferences
    for c, con in enumerate(rat.constituents):
        where = (*at, "constituents", c)
        own = own_fields(con)
        for path, message in _check_party_prefs(s, party.id, constituent_preferences(prefs, con), where):
            rest = path[len(where):]
            if not rest or rest[0] in own:
                yield path, message


__all__ = ["check_ratification", "check_rule", "check_rules"]
