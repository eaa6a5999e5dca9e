"""Decision rules as simple games: which coalitions of players win.

A rule is one or more *criteria* (integer weights and a quota: a coalition meets the
criterion when the weights of its members add up to at least the quota), optional *veto*
players (in every winning coalition), and an optional *minimum blocking size* (a set of
fewer than that many players can never block: the EU Council's "a blocking minority must
include at least four members"). A coalition wins when it contains every veto player and
meets every criterion, or when fewer than ``min_blocking`` players are outside it.

- unanimity: one criterion, one vote each, quota n;
- simple or qualified majority: one vote each, quota k;
- weighted voting: weights and a quota (Felsenthal & Machover 1998, *The Measurement of
  Voting Power*, ch. 2);
- double majority: two criteria at once, e.g. 55% of the member states and 65% of the
  population (TFEU art. 238(3)).

Weights may be written with up to six decimals; they are scaled to integers exactly
(a share quota is rounded up, never down), so every count below is exact.

Example:
    >>> eec = weighted(["fr", "de", "it", "be", "nl", "lu"], [4, 4, 4, 2, 2, 1], quota=12)
    >>> eec.is_winning(eec.masks([["fr", "de", "it"], ["fr", "de", "lu"]])).tolist()
    [True, False]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from negsim.errors import NegsimError
from negsim.numeric import BoolArray, IntArray
from negsim.rules.masks import BitArray, popcount, weight_sums, weight_table

MAX_PLAYERS = 64
"""Coalitions are bit masks in one unsigned 64-bit integer."""

MAX_DECIMALS = 6
"""Weights and quotas are exact with up to this many decimals."""

KINDS = ("unanimity", "majority", "weighted", "double_majority")


@dataclass(frozen=True)
class Criterion:
    """Weights (integers, one per player) and the total weight a coalition needs."""

    name: str
    weights: tuple[int, ...]
    quota: int
    shown: str = ""

    @property
    def total(self) -> int:
        return sum(self.weights)

    @property
    def headcount(self) -> bool:
        """Every player weighs the same: the criterion only counts members."""
        return len(set(self.weights)) == 1 and self.weights[0] > 0


@dataclass(frozen=True)
class VotingRule:
    """A simple game on ``players``: see the module docstring."""

    kind: str
    players: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    veto: tuple[str, ...] = ()
    min_blocking: int | None = None
    _tables: list[IntArray] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 1 <= len(self.players) <= MAX_PLAYERS:
            raise NegsimError(f"a rule needs 1 to {MAX_PLAYERS} players, found {len(self.players)}")
        if self.min_blocking is not None and not 1 <= self.min_blocking <= len(self.players):
            raise NegsimError(f"min_blocking is from 1 to the number of players ({len(self.players)}), "
                              f"found {self.min_blocking}")
        self._tables.extend(weight_table(np.array(c.weights, dtype=np.int64)) for c in self.criteria)

    @property
    def n(self) -> int:
        return len(self.players)

    @property
    def full(self) -> int:
        """The grand coalition as a mask."""
        return (1 << self.n) - 1

    @property
    def veto_mask(self) -> int:
        return self.mask(self.veto)

    def index(self, player: str) -> int:
        return self.players.index(player)

    def mask(self, members: Iterable[str]) -> int:
        """The bit mask of a coalition given by player ids."""
        out = 0
        for m in members:
            out |= 1 << self.index(m)
        return out

    def masks(self, coalitions: Iterable[Iterable[str]]) -> BitArray:
        return np.array([self.mask(c) for c in coalitions], dtype=np.uint64)

    def members(self, mask: int) -> list[str]:
        return [p for k, p in enumerate(self.players) if mask >> k & 1]

    def is_winning(self, masks: BitArray) -> BoolArray:
        """For each coalition (a bit mask), whether it wins. Vectorised over any array shape."""
        masks = np.asarray(masks, dtype=np.uint64)
        veto = np.uint64(self.veto_mask)
        win = (masks & veto) == veto
        meets = np.ones(masks.shape, dtype=bool)
        for crit, table in zip(self.criteria, self._tables, strict=True):
            meets &= weight_sums(masks, table) >= crit.quota
        if self.min_blocking is not None:
            outside = self.n - popcount(masks & np.uint64(self.full))
            meets |= outside < self.min_blocking
        return win & meets

    def wins(self, members: Iterable[str]) -> bool:
        """Whether one coalition, given by ids, wins."""
        return bool(self.is_winning(np.array([self.mask(members)], dtype=np.uint64))[0])

    def describe(self) -> str:
        """The rule in words, e.g. ``weighted voting: 12 of 17 votes``."""
        parts = []
        if self.kind == "unanimity":
            parts.append(f"unanimity of {self.n}")
        else:
            for c in self.criteria:
                parts.append(c.shown or f"{c.quota} of {c.total} {c.name}")
        text = f"{self.kind.replace('_', ' ')}: " + " and ".join(parts) if self.kind != "unanimity" else parts[0]
        if self.min_blocking is not None:
            text += f" (or fewer than {self.min_blocking} parties against)"
        if self.veto:
            text += f"; veto: {', '.join(self.veto)}"
        return text

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "players": list(self.players), "description": self.describe(),
                "criteria": [{"name": c.name, "weights": dict(zip(self.players, c.weights, strict=True)),
                              "quota": c.quota, "total": c.total} for c in self.criteria],
                "veto": list(self.veto), "min_blocking": self.min_blocking}


# --- constructors ---------------------------------------------------------------------------

def unanimity(players: Sequence[str]) -> VotingRule:
    """Every player must agree (negsim's default)."""
    n = len(players)
    return VotingRule("unanimity", tuple(players), (Criterion("parties", (1,) * n, n, f"all {n} parties"),))


def majority(players: Sequence[str], *, quota: int | None = None, share: float | None = None,
             veto: Sequence[str] = ()) -> VotingRule:
    """One vote each; ``quota`` votes (default: more than half) or at least ``share`` of them."""
    n = len(players)
    q = n // 2 + 1 if quota is None and share is None else integer_quota([1] * n, 1, quota, share)
    return VotingRule("majority", tuple(players), (_criterion("parties", [1] * n, 1, q, quota, share),),
                      tuple(veto))


def weighted(players: Sequence[str], weights: Sequence[float], *, quota: float | None = None,
             share: float | None = None, veto: Sequence[str] = ()) -> VotingRule:
    """Weighted voting: ``weights`` (one per player) and a ``quota`` (or a ``share`` of the total)."""
    ints, scale = integer_weights(weights)
    q = integer_quota(ints, scale, quota, share)
    return VotingRule("weighted", tuple(players), (_criterion("votes", ints, scale, q, quota, share),), tuple(veto))


def double_majority(players: Sequence[str], criteria: Sequence[dict[str, object]], *,
                    veto: Sequence[str] = (), min_blocking: int | None = None) -> VotingRule:
    """Two criteria at once. Each: ``{"name", "weights" (None = one each), "quota" or "share"}``."""
    built = []
    for spec in criteria:
        raw = spec.get("weights")
        values = [1.0] * len(players) if raw is None else list(raw)  # type: ignore[call-overload]
        ints, scale = integer_weights(values)
        quota, share = spec.get("quota"), spec.get("share")
        q = integer_quota(ints, scale, quota, share)  # type: ignore[arg-type]
        built.append(_criterion(str(spec.get("name") or ("parties" if raw is None else "weight")), ints, scale, q,
                                quota, share))  # type: ignore[arg-type]
    return VotingRule("double_majority", tuple(players), tuple(built), tuple(veto), min_blocking)


MAX_TOTAL = 2**62 // MAX_PLAYERS
"""Largest total integer weight of a criterion (sums of weights must fit a 64-bit integer)."""


def _criterion(name: str, ints: list[int], scale: int, q: int, quota: float | None,
               share: float | None) -> Criterion:
    total = sum(ints)
    if total > MAX_TOTAL:
        raise NegsimError(f"criterion `{name}`: the weights are too large or too precise to count exactly "
                          f"(total {total:,} in units of 1/{scale}); use larger units or fewer decimals")
    if not 1 <= q <= total:
        shown = f"quota {quota:g}" if quota is not None else f"share {share:g}"
        raise NegsimError(f"criterion `{name}`: {shown} needs {q / scale:g} of {total / scale:g}; "
                          "a quota must be above 0 and at most the total")
    if share is not None:
        shown = f"{share:.4g} of {name} ({_fmt(q, scale)} of {_fmt(total, scale)})"
    else:
        shown = f"{_fmt(q, scale)} of {_fmt(total, scale)} {name}"
    return Criterion(name, tuple(ints), q, shown)


def _fmt(x: int, scale: int) -> str:
    """``83203320`` → ``83,203,320``; scaled weights keep their decimals (at most six)."""
    return f"{x:,}" if scale == 1 else f"{x / scale:,.6f}".rstrip("0").rstrip(".")


def integer_weights(values: Sequence[float]) -> tuple[list[int], int]:
    """Weights as integers and the scale they were multiplied by (exact; at most 6 decimals).

    >>> integer_weights([0.5, 1.25, 2])
    ([2, 5, 8], 4)
    """
    fracs = [_exact(v, "weight") for v in values]
    if any(f < 0 for f in fracs):
        raise NegsimError("weights must be 0 or more")
    scale = math.lcm(*(f.denominator for f in fracs)) if fracs else 1
    return [int(f * scale) for f in fracs], scale


def integer_quota(ints: Sequence[int], scale: int, quota: float | None, share: float | None) -> int:
    """The integer total a coalition needs: ``quota`` (in the weights' units) or ``share`` × total, rounded up.

    >>> integer_quota([4, 4, 4, 2, 2, 1], 1, 12, None), integer_quota([1] * 27, 1, None, 0.55)
    (12, 15)
    """
    if (quota is None) == (share is None):
        raise NegsimError("give exactly one of a quota and a share")
    if quota is not None:
        need = _exact(quota, "quota") * scale
    else:
        assert share is not None
        s = _exact(share, "share")
        if not 0 < s <= 1:
            raise NegsimError(f"a share is above 0 and at most 1, found {share:g}")
        need = s * sum(ints)
    return math.ceil(need)


def _exact(x: float, what: str) -> Fraction:
    """A number as the exact decimal it was written as (``0.1`` → 1/10)."""
    if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x):
        raise NegsimError(f"a {what} must be a finite number, found {x!r}")
    f = Fraction(repr(float(x))) if isinstance(x, float) else Fraction(x)
    if f.denominator > 10**MAX_DECIMALS or 10**MAX_DECIMALS % f.denominator:
        raise NegsimError(f"a {what} may have at most {MAX_DECIMALS} decimals, found {x!r}")
    return f


__all__ = ["KINDS", "MAX_PLAYERS", "Criterion", "VotingRule", "double_majority", "integer_quota",
           "integer_weights", "majority", "unanimity", "weighted"]
