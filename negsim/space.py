"""The deal space: issues on the table → integer-indexed deals and their utilities.

A deal picks one option per issue on the table. Deals are integers in the mixed-radix
product of the issues' option counts (the last issue varies fastest, as
``numpy.ravel_multi_index``), never Python tuples. Utilities are additive:

    U[deal, party] = Σ_issues weight × value(option) + bonuses (+ the status-quo
    utility of issues off the table when an agenda is analysed)

computed per issue and broadcast with numpy, chunk by chunk so memory stays bounded.

Example:
    >>> import negsim
    >>> s = negsim.loads('''
    ... negsim: 1
    ... parties: [{id: a}, {id: b}]
    ... issues: [{id: x, options: [lo, hi]}, {id: y, options: [lo, hi]}]
    ... preferences:
    ...   a: {values: {x: {lo: 0, hi: 1}, y: {lo: 0, hi: 1}}}
    ...   b: {values: {x: {lo: 1, hi: 0}, y: {lo: 1, hi: 0}}, weights: {x: 3, y: 1}}
    ... ''')
    >>> space = build_space(s)
    >>> space.size, space.deal(2)
    (4, {'x': 'hi', 'y': 'lo'})
    >>> space.utilities()[2].tolist()
    [0.5, 0.25]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from negsim.errors import DealSpaceTooLarge, NegsimError
from negsim.numeric import TOL
from negsim.scenario.models import Agenda, RedLine, Scenario
from negsim.scenario.values import issue_grid, issue_labels, normalised_weights, option_values

CHUNK = 1 << 20
"""Deals evaluated per chunk (about 16 MB of utilities for two parties)."""

MAX_MATERIALISED = 60_000_000
"""Largest space whose utilities :meth:`OutcomeSpace.utilities` returns as one array."""

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Axis:
    """One issue on the table: its option labels and each party's weighted value per option."""

    id: str
    name: str
    labels: tuple[str, ...]
    table: FloatArray  # (n_options, n_parties): weight × value
    numeric: bool = False


@dataclass(frozen=True)
class Constraint:
    """One constraint a deal must meet: a red line or a utility floor.

    ``allowed`` maps an issue id to a boolean mask over its options (for red lines on
    options); ``floor`` is a utility threshold (for no-deal floors and ``min_utility``).
    """

    id: str
    party: str
    kind: str  # "never" | "only" | "at_least" | "at_most" | "no_deal" | "min_utility"
    text: str
    issue: str | None = None
    allowed: BoolArray | None = None
    floor: float | None = None
    reason: str = ""


@dataclass(frozen=True)
class Bonus:
    """An interaction term: ``add`` to party ``p`` when every (axis, option) holds."""

    party: int
    terms: tuple[tuple[int, int], ...]  # (axis index, option index)
    add: float


@dataclass(frozen=True)
class OutcomeSpace:
    """The deals of one agenda (or the full package) and how to evaluate them."""

    scenario: Scenario
    agenda: str | None
    parties: list[str]
    axes: list[Axis]
    offset: FloatArray  # (P,) utility of issues off the table, at status quo
    bonuses: list[Bonus]
    constraints: list[Constraint]
    no_deal: FloatArray  # (P,)
    power: FloatArray  # (P,)
    shape: tuple[int, ...] = field(init=False)
    size: int = field(init=False)

    def __post_init__(self) -> None:
        shape = tuple(len(a.labels) for a in self.axes)
        object.__setattr__(self, "shape", shape)
        object.__setattr__(self, "size", int(np.prod(shape, dtype=object)) if shape else 1)

    # --- deals -------------------------------------------------------------------

    def digits(self, index: IntArray) -> list[IntArray]:
        """The option index on each axis for each deal index."""
        if not self.axes:
            return []
        return list(np.unravel_index(np.asarray(index, dtype=np.int64), self.shape))

    def deal(self, index: int) -> dict[str, str]:
        """The deal behind an index: issue id → option label (issues on the table only)."""
        digits = self.digits(np.array([index]))
        return {a.id: a.labels[int(d[0])] for a, d in zip(self.axes, digits, strict=True)}

    def full_deal(self, index: int) -> dict[str, str]:
        """The deal with issues off the agenda shown at their status quo."""
        on = self.deal(index)
        out = {}
        for issue in self.scenario.issues:
            out[issue.id] = on.get(issue.id, str(issue.status_quo))
        return out

    def index_of(self, deal: dict[str, str]) -> int:
        """The index of a deal given as issue → option (inverse of :meth:`deal`)."""
        try:
            digits = [a.labels.index(deal[a.id]) for a in self.axes]
        except (KeyError, ValueError) as exc:
            raise NegsimError(f"not a deal of this space: {deal} ({exc})") from None
        return int(np.ravel_multi_index(digits, self.shape)) if self.axes else 0

    def chunks(self, chunk: int = CHUNK) -> Iterator[tuple[int, int]]:
        """``(start, stop)`` ranges covering all deals, aligned to whole blocks of the trailing issues."""
        block = self._blocks().size
        step = max(1, chunk // block) * block
        for start in range(0, self.size, step):
            yield start, min(start + step, self.size)

    def _blocks(self) -> _Blocks:
        """The trailing issues whose deals fit one chunk, pre-combined (computed once)."""
        cached = self.__dict__.get("_block_cache")
        if cached is None:
            cached = _Blocks.build(self)
            object.__setattr__(self, "_block_cache", cached)
        return cached

    # --- utilities ---------------------------------------------------------------

    def utilities_of(self, index: IntArray) -> FloatArray:
        """Utilities (len(index), P) of the given deals."""
        index = np.asarray(index, dtype=np.int64)
        out = np.broadcast_to(self.offset, (index.size, len(self.parties))).copy()
        digits = self.digits(index)
        for axis, d in zip(self.axes, digits, strict=True):
            out += axis.table[d]
        for bonus in self.bonuses:
            hit = np.ones(index.size, dtype=bool)
            for a, o in bonus.terms:
                hit &= digits[a] == o
            out[hit, bonus.party] += bonus.add
        return out

    def utilities_range(self, start: int, stop: int) -> FloatArray:
        """Utilities of deals ``start..stop-1`` (fast when the range is made of whole blocks)."""
        blocks = self._blocks()
        if self.bonuses or start % blocks.size or (stop % blocks.size and stop != self.size):
            return self.utilities_of(np.arange(start, stop, dtype=np.int64))
        lead = np.arange(start // blocks.size, -(-stop // blocks.size), dtype=np.int64)
        lead_u = self.offset + blocks.lead_utilities(self, lead)
        u = (lead_u[:, None, :] + blocks.table[None, :, :]).reshape(-1, len(self.parties))
        return u[: stop - start]

    def violations_range(self, start: int, stop: int, utilities: FloatArray) -> NDArray[np.uint64]:
        """:meth:`violations` for deals ``start..stop-1`` (fast for whole blocks)."""
        blocks = self._blocks()
        if start % blocks.size or (stop % blocks.size and stop != self.size):
            return self.violations(np.arange(start, stop, dtype=np.int64), utilities)
        lead = np.arange(start // blocks.size, -(-stop // blocks.size), dtype=np.int64)
        bits = (blocks.lead_bits(self, lead)[:, None] | blocks.bits[None, :]).reshape(-1)[: stop - start]
        return bits | self._floor_bits(utilities)

    def _option_bits(self) -> list[NDArray[np.uint64]]:
        """Per axis, per option: the bits of the red lines that option breaks."""
        out = [np.zeros(len(a.labels), dtype=np.uint64) for a in self.axes]
        axis_of = {a.id: k for k, a in enumerate(self.axes)}
        for bit, c in enumerate(self.constraints):
            if c.allowed is not None and c.issue is not None:
                out[axis_of[c.issue]][~c.allowed] |= np.uint64(1 << bit)
        return out

    def _floor_bits(self, utilities: FloatArray) -> NDArray[np.uint64]:
        viol = np.zeros(len(utilities), dtype=np.uint64)
        party_of = {p: k for k, p in enumerate(self.parties)}
        for bit, c in enumerate(self.constraints):
            if c.floor is not None:
                viol[utilities[:, party_of[c.party]] < c.floor - TOL] |= np.uint64(1 << bit)
        return viol

    def utilities(self) -> FloatArray:
        """Utilities (N, P) of every deal, built by broadcasting issue by issue."""
        if self.size > MAX_MATERIALISED:
            raise DealSpaceTooLarge(f"{self.size:,} deals are too many to hold at once "
                                    f"(limit {MAX_MATERIALISED:,}); analyse an agenda or coarsen numeric issues")
        u = self.offset[None, :].copy()
        for axis in self.axes:
            u = (u[:, None, :] + axis.table[None, :, :]).reshape(-1, len(self.parties))
        if self.bonuses:
            u += self._bonus_matrix(np.arange(self.size, dtype=np.int64))
        return u

    def _bonus_matrix(self, index: IntArray) -> FloatArray:
        out = np.zeros((index.size, len(self.parties)))
        digits = self.digits(index)
        for bonus in self.bonuses:
            hit = np.ones(index.size, dtype=bool)
            for a, o in bonus.terms:
                hit &= digits[a] == o
            out[hit, bonus.party] += bonus.add
        return out

    # --- constraints -------------------------------------------------------------

    def violations(self, index: IntArray, utilities: FloatArray) -> NDArray[np.uint64]:
        """A bit per constraint (in ``self.constraints`` order) set when the deal breaks it."""
        viol = np.zeros(len(index), dtype=np.uint64)
        digits = self.digits(index)
        axis_of = {a.id: k for k, a in enumerate(self.axes)}
        party_of = {p: k for k, p in enumerate(self.parties)}
        for bit, c in enumerate(self.constraints):
            if c.allowed is not None and c.issue is not None:
                broken = ~c.allowed[digits[axis_of[c.issue]]]
            else:
                broken = utilities[:, party_of[c.party]] < (c.floor or 0.0) - TOL
            viol[broken] |= np.uint64(1 << bit)
        return viol

    def acceptable(self, party: str) -> BoolArray:
        """Deals ``party`` can accept: its red lines hold and it gets at least its floors."""
        u = self.utilities()
        index = np.arange(self.size, dtype=np.int64)
        viol = self.violations(index, u)
        mine = sum(1 << k for k, c in enumerate(self.constraints) if c.party == party)
        return (viol & np.uint64(mine)) == 0


@dataclass(frozen=True)
class _Blocks:
    """Deals split as (leading issues) × (trailing issues): the trailing part is pre-summed.

    A block is every combination of the trailing issues' options (at most :data:`CHUNK`);
    the utilities of a block are the leading issues' utilities plus ``table``.
    """

    n_trailing: int
    size: int
    table: FloatArray  # (size, P) summed utilities of the trailing issues
    bits: NDArray[np.uint64]  # (size,) red-line bits of the trailing issues
    lead_option_bits: list[NDArray[np.uint64]]

    @staticmethod
    def build(space: OutcomeSpace) -> _Blocks:
        n_trailing, size = 0, 1
        for n in reversed(space.shape):
            if size * n > CHUNK and n_trailing > 0:
                break
            size *= n
            n_trailing += 1
        option_bits = space._option_bits()
        table = np.zeros((1, len(space.parties)))
        bits = np.zeros(1, dtype=np.uint64)
        first = len(space.axes) - n_trailing
        for axis, ob in zip(space.axes[first:], option_bits[first:], strict=True):
            table = (table[:, None, :] + axis.table[None, :, :]).reshape(-1, len(space.parties))
            bits = (bits[:, None] | ob[None, :]).reshape(-1)
        return _Blocks(n_trailing, size, table, bits, option_bits[:first])

    def lead_digits(self, space: OutcomeSpace, lead: IntArray) -> list[IntArray]:
        shape = space.shape[: len(space.shape) - self.n_trailing]
        return list(np.unravel_index(lead, shape)) if shape else []

    def lead_utilities(self, space: OutcomeSpace, lead: IntArray) -> FloatArray:
        out = np.zeros((lead.size, len(space.parties)))
        for axis, d in zip(space.axes, self.lead_digits(space, lead), strict=False):
            out += axis.table[d]
        return out

    def lead_bits(self, space: OutcomeSpace, lead: IntArray) -> NDArray[np.uint64]:
        out = np.zeros(lead.size, dtype=np.uint64)
        for ob, d in zip(self.lead_option_bits, self.lead_digits(space, lead), strict=True):
            out |= ob[d]
        return out


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
            axes.append(Axis(issue.id, issue.name, tuple(issue_labels(issue)), table, issue.range is not None))
        else:
            offset += table[issue_labels(issue).index(str(issue.status_quo))]
    axis_ids = [a.id for a in axes]
    return OutcomeSpace(
        scenario=scenario, agenda=chosen.id if chosen else None, parties=parties, axes=axes, offset=offset,
        bonuses=_bonuses(scenario, parties, axes, on),
        constraints=_constraints(scenario, axes, axis_ids),
        no_deal=np.array([scenario.party(p).no_deal for p in parties]),
        power=np.array([scenario.party(p).power for p in parties]),
    )


def _agenda(scenario: Scenario, agenda: str | None) -> Agenda | None:
    if agenda is None:
        return None
    ids = [a.id for a in scenario.agendas]
    if agenda not in ids:
        from negsim.wording import suggest

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


def _bonuses(scenario: Scenario, parties: list[str], axes: list[Axis], on: set[str]) -> list[Bonus]:
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
                out.append(Bonus(k, tuple(terms), b.add))
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
    if len(out) > 64:
        raise NegsimError(f"{len(out)} constraints (red lines and floors); negsim handles at most 64")
    return out


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
        text = f"{name}: never {' / '.join(rl.never)} on {axis.name}"
        kind = "never"
    elif rl.only is not None:
        allowed = np.array([o in rl.only for o in labels])
        text = f"{name}: only {' / '.join(rl.only)} on {axis.name}"
        kind = "only"
    else:
        grid = np.array([float(x) for x in labels])
        kind = "at_least" if rl.at_least is not None else "at_most"
        bound = rl.at_least if rl.at_least is not None else rl.at_most
        assert bound is not None
        allowed = grid >= bound - TOL if kind == "at_least" else grid <= bound + TOL
        text = f"{name}: {axis.name} {'≥' if kind == 'at_least' else '≤'} {bound:g}"
    return Constraint(cid, pid, kind, text, issue=axis.id, allowed=allowed, reason=rl.reason)


__all__ = ["CHUNK", "TOL", "Axis", "Bonus", "Constraint", "OutcomeSpace", "build_space", "issue_grid"]
