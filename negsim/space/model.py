"""The deal space: the only code that evaluates a deal (its utilities and the constraints it breaks).

A deal picks one option per issue on the table. Deals are integers in the mixed-radix
product of the issues' option counts (the last issue varies fastest, as
``numpy.ravel_multi_index``), or rows of option *digits* when the space is too large for
an integer index. Utilities are additive:

    U[deal, party] = t_0[d_0] + (t_1[d_1] + (… + (t_{n−1}[d_{n−1}] + offset))), then + each bonus

where ``offset`` is the status-quo utility of the issues off the table and ``t_k`` the
weighted values of issue ``k``: the sum runs from the last issue to the first. **This
summation order is an invariant**: every memory layout (by index, by range of whole blocks,
by digit rows, samples × deals in :mod:`negsim.engine.batched`) adds the same numbers in the
same order, so every engine sees bit-identical utilities and the tie rules agree
(tests/test_space.py checks it bit for bit). Summing from the last issue lets the trailing
issues of a block be summed once (:class:`TrailingBlocks`) and each block of deals be one
addition per leading issue.

A deal breaks a constraint when one of its options is forbidden by a red line, or its
utility for the constraint's party is below the constraint's floor by more than
:data:`~negsim.numeric.TOL`; violations are a bit per constraint (``uint64``).

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
    >>> space = negsim.build_space(s)
    >>> space.size, space.deal(2)
    (4, {'x': 'hi', 'y': 'lo'})
    >>> space.utilities()[2].tolist()
    [0.5, 0.25]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from negsim.errors import DealSpaceTooLarge, NegsimError
from negsim.numeric import TOL, BitArray, BoolArray, FloatArray, IntArray

if TYPE_CHECKING:
    from negsim.scenario.models import Scenario
    from negsim.space.build import SpaceInfo

CHUNK = 1 << 20
"""Deals evaluated per chunk (about 16 MB of utilities for two parties)."""

MAX_MATERIALISED = 60_000_000
"""Largest space whose utilities :meth:`OutcomeSpace.utilities` returns as one array."""


@dataclass(frozen=True)
class Axis:
    """One issue on the table: its option labels and each party's weighted value per option."""

    id: str
    name: str
    labels: tuple[str, ...]
    table: FloatArray  # (n_options, n_parties): weight × value
    numeric: bool = False
    unit: str = ""


@dataclass(frozen=True)
class Constraint:
    """One constraint a deal must meet: a red line or a utility floor.

    ``allowed`` is a boolean mask over the options of ``issue`` (red lines on options);
    ``floor`` is a utility threshold (no-deal floors and ``min_utility``).
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
class BonusTerm:
    """An interaction term: ``add`` to party ``party`` when every (axis, option) of ``terms`` holds."""

    party: int
    terms: tuple[tuple[int, int], ...]  # (axis index, option index)
    add: float


@dataclass(frozen=True)
class OutcomeSpace:
    """The deals of one agenda (or the full package) and how to evaluate them."""

    scenario: Scenario
    info: SpaceInfo
    agenda: str | None
    parties: list[str]
    axes: list[Axis]
    offset: FloatArray  # (P,) utility of issues off the table, at status quo
    bonuses: list[BonusTerm]
    constraints: list[Constraint]
    no_deal: FloatArray  # (P,)
    power: FloatArray  # (P,)
    shape: tuple[int, ...] = field(init=False)
    size: int = field(init=False)

    def __post_init__(self) -> None:
        shape = tuple(len(a.labels) for a in self.axes)
        object.__setattr__(self, "shape", shape)
        object.__setattr__(self, "size", int(np.prod(shape, dtype=object)) if shape else 1)

    # --- deal ↔ index ↔ digits ----------------------------------------------------------

    def digits(self, index: IntArray | Sequence[int]) -> list[IntArray]:
        """The option index on each axis (one array per axis) for each deal index."""
        if not self.axes:
            return []
        return list(np.unravel_index(np.asarray(index, dtype=np.int64), self.shape))

    def digit_rows(self, index: IntArray | Sequence[int]) -> IntArray:
        """The same as :meth:`digits`, as rows (len(index), n_axes)."""
        cols = self.digits(index)
        return np.stack(cols, axis=1).astype(np.int64) if cols else np.zeros((len(index), 0), dtype=np.int64)

    def index_of_digits(self, rows: IntArray) -> list[int]:
        """Deal indices of digit rows, as exact Python integers of any size (the inverse of :meth:`digits`)."""
        strides = [1] * len(self.shape)
        for k in range(len(self.shape) - 2, -1, -1):
            strides[k] = strides[k + 1] * self.shape[k + 1]
        if not strides:
            return [0] * len(rows)
        if self.size < 2**63:
            return [int(i) for i in np.asarray(rows, dtype=np.int64) @ np.array(strides, dtype=np.int64)]
        return [sum(int(d) * s for d, s in zip(row, strides, strict=True)) for row in np.asarray(rows).tolist()]

    def deal(self, index: int) -> dict[str, str]:
        """The deal behind an index: issue id → option label (issues on the table only)."""
        return self.deal_of_digits(self.digit_rows([index])[0])

    def deal_of_digits(self, row: IntArray) -> dict[str, str]:
        """The deal behind one row of option digits."""
        return {a.id: a.labels[int(d)] for a, d in zip(self.axes, np.asarray(row).tolist(), strict=True)}

    def deals_of_digits(self, rows: IntArray) -> list[dict[str, str]]:
        """The deals behind many rows of option digits (one ``tolist`` for all of them)."""
        ids, labels = [a.id for a in self.axes], [a.labels for a in self.axes]
        return [{i: lab[d] for i, lab, d in zip(ids, labels, row, strict=True)} for row in np.asarray(rows).tolist()]

    def full_deal(self, index: int) -> dict[str, str]:
        """The deal with issues off the agenda shown at their status quo."""
        return {**self.info.off_table, **self.deal(index)}

    def index_of(self, deal: dict[str, str]) -> int:
        """The index of a deal given as issue → option (inverse of :meth:`deal`)."""
        try:
            digits = [a.labels.index(deal[a.id]) for a in self.axes]
        except (KeyError, ValueError) as exc:
            raise NegsimError(f"not a deal of this space: {deal} ({exc})") from None
        return int(np.ravel_multi_index(digits, self.shape)) if self.axes else 0

    def chunks(self, chunk: int = CHUNK) -> Iterator[tuple[int, int]]:
        """``(start, stop)`` ranges covering all deals, aligned to whole blocks of the trailing issues."""
        block = self.trailing().size
        step = max(1, chunk // block) * block
        for start in range(0, self.size, step):
            yield start, min(start + step, self.size)

    def trailing(self) -> TrailingBlocks:
        """The trailing issues whose deals fit one chunk, with their option bits (computed once)."""
        cached = self.__dict__.get("_trailing")
        if cached is None:
            cached = TrailingBlocks.build(self)
            object.__setattr__(self, "_trailing", cached)
        return cached

    # --- utilities: one rule, three layouts ------------------------------------------------

    def utilities_of_digits(self, rows: IntArray) -> FloatArray:
        """Utilities (R, P) of deals given as option digits (R, n_axes): any space size."""
        columns = _columns(rows, len(self.axes))
        out = self._axis_sums(columns, len(rows))
        self._add_bonuses(out, columns)
        return out

    def _axis_sums(self, columns: list[IntArray], n: int) -> FloatArray:
        """t_0[d_0] + (t_1[d_1] + (… + (t_{n−1}[d_{n−1}] + offset))) for every axis (``columns``: one per axis)."""
        out = np.empty((n, len(self.parties)))
        for j in range(len(self.parties)):  # party by party: 1-D gathers, the additions from the last axis
            col = np.full(n, self.offset[j])
            for axis, d in zip(reversed(self.axes), reversed(columns), strict=True):
                col += np.ascontiguousarray(axis.table[:, j])[d]  # t + col == col + t exactly
            out[:, j] = col
        return out

    def utilities_of(self, index: IntArray | Sequence[int]) -> FloatArray:
        """Utilities (len(index), P) of the given deal indices."""
        return self.utilities_of_digits(self.digit_rows(np.asarray(index, dtype=np.int64).reshape(-1)))

    def utilities_range(self, start: int, stop: int) -> FloatArray:
        """Utilities of deals ``start..stop-1`` (by broadcasting when the range is made of whole blocks)."""
        blocks = self.trailing()
        if start % blocks.size or (stop % blocks.size and stop != self.size):
            return self.utilities_of(np.arange(start, stop, dtype=np.int64))
        lead = np.arange(start // blocks.size, -(-stop // blocks.size), dtype=np.int64)
        first = len(self.axes) - blocks.n_trailing
        lead_columns = list(np.unravel_index(lead, self.shape[:first])) if first else []
        u = blocks.table[None, :, :]  # the trailing axes summed once, from the last, onto the offset
        for axis, d in zip(reversed(self.axes[:first]), reversed(lead_columns), strict=True):
            u = axis.table[d][:, None, :] + u  # then each leading axis, from the last: the same additions
        if first == 0:
            u = u.copy()  # a fresh array: bonuses are added in place, and the cached table must stay as it is
        u = u.reshape(-1, len(self.parties))[: stop - start]
        if self.bonuses:
            self._add_bonuses(u, self.digits(np.arange(start, stop, dtype=np.int64)))
        return u

    def utilities(self) -> FloatArray:
        """Utilities (N, P) of every deal (refused beyond :data:`MAX_MATERIALISED` deals)."""
        if self.size > MAX_MATERIALISED:
            raise DealSpaceTooLarge(f"{self.size:,} deals are too many to hold at once "
                                    f"(limit {MAX_MATERIALISED:,}); analyse an agenda or coarsen numeric issues")
        return self.utilities_range(0, self.size)

    def _add_bonuses(self, u: FloatArray, columns: list[IntArray]) -> None:
        """Add each bonus, in order, to the deals whose digits meet all its terms."""
        for bonus in self.bonuses:
            u[self._bonus_hit(bonus, columns, len(u)), bonus.party] += bonus.add

    @staticmethod
    def _bonus_hit(bonus: BonusTerm, columns: list[IntArray], n: int) -> BoolArray:
        hit = np.ones(n, dtype=bool)
        for a, o in bonus.terms:
            hit &= columns[a] == o
        return hit

    # --- constraints: one rule ---------------------------------------------------------------

    def option_bits(self) -> list[BitArray]:
        """Per axis, per option: the bits of the red lines that option breaks."""
        out = [np.zeros(len(a.labels), dtype=np.uint64) for a in self.axes]
        axis_of = {a.id: k for k, a in enumerate(self.axes)}
        for bit, c in enumerate(self.constraints):
            if c.allowed is not None and c.issue is not None:
                out[axis_of[c.issue]][~c.allowed] |= np.uint64(1 << bit)
        return out

    def floor_bits(self, utilities: FloatArray) -> BitArray:
        """The bits of the utility floors each deal (row of ``utilities``) breaks."""
        viol = np.zeros(len(utilities), dtype=np.uint64)
        party_of = {p: k for k, p in enumerate(self.parties)}
        for bit, c in enumerate(self.constraints):
            if c.floor is not None:
                viol[utilities[:, party_of[c.party]] < c.floor - TOL] |= np.uint64(1 << bit)
        return viol

    def violations_of_digits(self, rows: IntArray, utilities: FloatArray) -> BitArray:
        """A bit per constraint (in ``self.constraints`` order) set when the deal breaks it."""
        viol = self.floor_bits(utilities)
        for bits, d in zip(self.option_bits(), _columns(rows, len(self.axes)), strict=True):
            viol |= bits[d]
        return viol

    def violations(self, index: IntArray | Sequence[int], utilities: FloatArray) -> BitArray:
        """:meth:`violations_of_digits` for deal indices."""
        return self.violations_of_digits(self.digit_rows(np.asarray(index, dtype=np.int64).reshape(-1)), utilities)

    def violations_range(self, start: int, stop: int, utilities: FloatArray) -> BitArray:
        """:meth:`violations` for deals ``start..stop-1`` (by broadcasting for whole blocks)."""
        blocks = self.trailing()
        if start % blocks.size or (stop % blocks.size and stop != self.size):
            return self.violations(np.arange(start, stop, dtype=np.int64), utilities)
        lead = np.arange(start // blocks.size, -(-stop // blocks.size), dtype=np.int64)
        bits = (blocks.lead_bits(self, lead)[:, None] | blocks.bits[None, :]).reshape(-1)[: stop - start]
        return bits | self.floor_bits(utilities)

    def party_mask(self, party: str) -> int:
        """The bits of ``party``'s own constraints (its red lines and floors)."""
        return sum(1 << k for k, c in enumerate(self.constraints) if c.party == party)

    def acceptable(self, party: str) -> BoolArray:
        """Deals ``party`` can accept: its red lines hold and it gets at least its floors (every deal)."""
        viol = self.violations_range(0, self.size, self.utilities())
        return (viol & np.uint64(self.party_mask(party))) == 0


def lex_order(rows: IntArray) -> IntArray:
    """Row order of deals given as digit rows by deal index (lexicographic, first issue most significant).

    >>> lex_order(np.array([[1, 0], [0, 2], [0, 1]])).tolist()
    [2, 1, 0]
    """
    if rows.shape[1] == 0:
        return np.arange(len(rows), dtype=np.int64)
    return np.lexsort(rows.T[::-1]).astype(np.int64)


@dataclass(frozen=True)
class TrailingBlocks:
    """Deals split as (leading issues) × (trailing issues): the trailing issues' red-line bits pre-combined.

    A block is every combination of the trailing issues' options (at most :data:`CHUNK`).
    """

    n_trailing: int
    size: int
    table: FloatArray  # (size, P): t_m + (… + (t_{n−1} + offset)) over the trailing axes, row-major
    bits: BitArray  # (size,) red-line bits of the trailing issues
    lead_option_bits: list[BitArray]

    @staticmethod
    def build(space: OutcomeSpace) -> TrailingBlocks:
        n_trailing, size = 0, 1
        for n in reversed(space.shape):
            if size * n > CHUNK and n_trailing > 0:
                break
            size *= n
            n_trailing += 1
        option_bits = space.option_bits()
        bits = np.zeros(1, dtype=np.uint64)
        first = len(space.axes) - n_trailing
        for ob in option_bits[first:]:
            bits = (bits[:, None] | ob[None, :]).reshape(-1)
        table = np.asarray(space.offset, dtype=float)[None, :]
        for axis in reversed(space.axes[first:]):  # from the last axis: each new one varies slowest
            table = (axis.table[:, None, :] + table[None, :, :]).reshape(-1, len(space.parties))
        return TrailingBlocks(n_trailing, size, table, bits, option_bits[:first])

    def lead_bits(self, space: OutcomeSpace, lead: IntArray) -> BitArray:
        shape = space.shape[: len(space.shape) - self.n_trailing]
        out = np.zeros(lead.size, dtype=np.uint64)
        digits = list(np.unravel_index(lead, shape)) if shape else []
        for ob, d in zip(self.lead_option_bits, digits, strict=True):
            out |= ob[d]
        return out


def _columns(rows: IntArray, n_axes: int) -> list[IntArray]:
    """The option digits of each axis as a contiguous array (gathers along a strided column are ~3× slower)."""
    return list(np.asfortranarray(np.asarray(rows, dtype=np.int64).reshape(len(rows), n_axes)).T)


__all__ = ["CHUNK", "MAX_MATERIALISED", "Axis", "BonusTerm", "Constraint", "OutcomeSpace", "TrailingBlocks",
           "lex_order"]
