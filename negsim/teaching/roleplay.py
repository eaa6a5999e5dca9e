"""A classroom role play: a used car, two issues, confidential reservation values drawn from a seed.

Each pair of students negotiates the **price** of a used car and the **warranty** that
comes with it (none, 12 or 24 months). The buyer's and the seller's sheets are
confidential: the buyer knows the most she would pay for the car without warranty and
what each warranty is worth to her; the seller knows the least he would sell for and
what each warranty costs him. The values are drawn per pair from a seed, so the lecturer
can print the sheets (``negsim teaching role-sheets``) and later recompute every pair's
zone of agreement from the same seed.

The point of the debrief (Raiffa 1982, *The Art and Science of Negotiation*, ch. 4–5;
Lax & Sebenius 1986, *The Manager as Negotiator*, ch. 5): price alone is distributive,
but the warranty is usually worth more to the buyer than it costs the seller, so a pair
that adds it creates value — and some pairs whose prices do not overlap have a zone of
agreement only with the warranty.

Money is utility here (both sides are risk neutral): a deal (price, warranty) gives the
buyer ``max_price − price + value(warranty)`` and the seller
``price − min_price − cost(warranty)``; a deal is in the ZOPA when both are ≥ 0.
:func:`scenario_for` writes the same preferences as a negsim scenario, so the bargaining
solutions are negsim's.

Example:
    >>> pairs = draw_pairs(3, seed=2027)
    >>> [p.pair for p in pairs], pairs == draw_pairs(3, seed=2027)
    ([1, 2, 3], True)
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from negsim.errors import NegsimError
from negsim.scenario.textfile import MAX_TABLE_BYTES, read_user_text

WARRANTY = (0, 12, 24)
"""Warranty options in months."""
OPTIONS = ("none", "12_months", "24_months")


@dataclass(frozen=True)
class Setting:
    """The role play's ranges (euros): the price grid, and where each pair's private values are drawn from.

    A pair's buyer values 12 months of warranty at ``buyer_value_12`` (uniform in the range)
    and 24 months at ``value_24_factor`` times that; the seller's cost of 24 months is
    ``cost_24_factor`` times its cost of 12. Values are rounded to ``rounding`` euros.
    """

    price_low: float = 8000.0
    price_high: float = 12000.0
    price_step: float = 250.0
    buyer_max: tuple[float, float] = (9500.0, 11500.0)
    seller_min: tuple[float, float] = (8500.0, 10500.0)
    buyer_value_12: tuple[float, float] = (300.0, 900.0)
    seller_cost_12: tuple[float, float] = (100.0, 500.0)
    value_24_factor: float = 1.6
    cost_24_factor: float = 2.2
    rounding: float = 50.0


@dataclass(frozen=True)
class Pair:
    """One pair's confidential values (euros); ``value`` and ``cost`` per warranty option (0, 12, 24 months)."""

    pair: int
    buyer_max: float
    seller_min: float
    value: tuple[float, float, float]
    cost: tuple[float, float, float]

    def buyer_surplus(self, price: float, option: int) -> float:
        return self.buyer_max - price + self.value[option]

    def seller_surplus(self, price: float, option: int) -> float:
        return price - self.seller_min - self.cost[option]

    @property
    def best_option(self) -> int:
        """The warranty that creates most value (value − cost), the efficient one."""
        return int(np.argmax(np.subtract(self.value, self.cost)))

    @property
    def max_joint(self) -> float:
        """The most the two can gain together: the price gap plus the best warranty's value − cost."""
        return self.buyer_max - self.seller_min + float(np.max(np.subtract(self.value, self.cost)))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def draw_pairs(pairs: int, seed: int, setting: Setting = Setting()) -> list[Pair]:
    """Every pair's confidential values, drawn with ``seed`` (the same seed gives the same sheets)."""
    if not 1 <= pairs <= 500:
        raise NegsimError(f"choose between 1 and 500 pairs, got {pairs}")
    rng = np.random.default_rng([seed, 2027])
    lows = np.array([setting.buyer_max[0], setting.seller_min[0], setting.buyer_value_12[0], setting.seller_cost_12[0]])
    highs = np.array([setting.buyer_max[1], setting.seller_min[1], setting.buyer_value_12[1],
                      setting.seller_cost_12[1]])
    draws = np.round(rng.uniform(lows, highs, size=(pairs, 4)) / setting.rounding) * setting.rounding
    return [Pair(k + 1, float(b), float(s), (0.0, float(v), round(float(v * setting.value_24_factor), 6)),
                 (0.0, float(c), round(float(c * setting.cost_24_factor), 6)))
            for k, (b, s, v, c) in enumerate(draws)]


def scenario_text(pair: Pair, setting: Setting = Setting()) -> str:
    """The pair's negotiation as negsim YAML: linear money utilities, no-deal at the reservation values."""
    span = setting.price_high - setting.price_low
    v, c = pair.value, pair.cost
    vmax, cmax = max(v[2], 1e-9), max(c[2], 1e-9)
    buyer_nd = (setting.price_high - pair.buyer_max) / (span + vmax)
    seller_nd = (pair.seller_min - setting.price_low + cmax) / (span + cmax)
    lo, hi = f"{setting.price_low:g}", f"{setting.price_high:g}"
    return f"""negsim: 1
title: Used car, pair {pair.pair}
parties:
  - {{id: buyer, name: Buyer, no_deal: {_clip(buyer_nd)!r}}}
  - {{id: seller, name: Seller, no_deal: {_clip(seller_nd)!r}}}
issues:
  - {{id: price, name: Price (EUR), range: [{lo}, {hi}], step: {setting.price_step:g}}}
  - {{id: warranty, name: Warranty, options: [{', '.join(OPTIONS)}]}}
preferences:
  buyer:
    weights: {{price: {span!r}, warranty: {vmax!r}}}
    values:
      price: {{{lo}: 1, {hi}: 0}}
      warranty: {{none: 0, 12_months: {v[1] / vmax!r}, 24_months: 1}}
  seller:
    weights: {{price: {span!r}, warranty: {cmax!r}}}
    values:
      price: {{{lo}: 0, {hi}: 1}}
      warranty: {{none: 1, 12_months: {1 - c[1] / cmax!r}, 24_months: 0}}
"""


def _clip(x: float) -> float:
    return float(min(1.0, max(0.0, x)))


def scenario_for(pair: Pair, setting: Setting = Setting()) -> Any:
    """The pair's negotiation as a loaded negsim Scenario."""
    from negsim.scenario import loads

    return loads(scenario_text(pair, setting))


@dataclass(frozen=True)
class Agreement:
    """What a pair agreed (``price`` None: no deal); ``option`` indexes :data:`WARRANTY`."""

    pair: int
    price: float | None
    option: int


def read_agreements(path: Path | str, pairs: int) -> list[Agreement]:
    """The class's results: CSV columns ``pair``, ``price`` (empty or ``no deal`` when none), ``warranty`` (months)."""
    path = Path(path)
    rows = list(csv.DictReader(io.StringIO(read_user_text(path, MAX_TABLE_BYTES, "CSV"), newline="")))
    if not rows or {"pair", "price", "warranty"} - set(rows[0]):
        raise NegsimError(f"{path}:1: expected the columns pair, price, warranty")
    out: dict[int, Agreement] = {}
    for line, row in enumerate(rows, start=2):
        pair = int(_field(path, line, "pair", row["pair"], integer=True))
        if not 1 <= pair <= pairs or pair in out:
            raise NegsimError(f"{path}:{line}: pair: {row['pair']!r} is not a pair 1..{pairs} or appears twice")
        text = (row["price"] or "").strip().lower()
        if text in ("", "no deal", "none", "-"):
            out[pair] = Agreement(pair, None, 0)
            continue
        months = _field(path, line, "warranty", row["warranty"] or "0", integer=True)
        if months not in WARRANTY:
            raise NegsimError(f"{path}:{line}: warranty: write 0, 12 or 24 (months), got {row['warranty']!r}")
        out[pair] = Agreement(pair, _field(path, line, "price", text), WARRANTY.index(int(months)))
    return [out[k] for k in sorted(out)]


def _field(path: Path, line: int, column: str, text: str, integer: bool = False) -> float:
    try:
        value = float(text)
    except ValueError:
        raise NegsimError(f"{path}:{line}: {column}: expected a number, got {text!r}") from None
    if not np.isfinite(value) or (integer and value != int(value)):
        raise NegsimError(f"{path}:{line}: {column}: expected {'a whole' if integer else 'a finite'} number, "
                          f"got {text!r}")
    return int(value) if integer else value


@dataclass(frozen=True)
class PairResult:
    """One pair's debrief: its zone of agreement, its deal, and negsim's Nash deal."""

    pair: int
    zopa_deals: int
    agreed: bool
    price: float | None
    warranty: int | None
    in_zopa: bool | None
    buyer_surplus: float | None
    seller_surplus: float | None
    efficiency: float | None  # joint surplus / the most the pair could have made
    nash_price: float | None
    nash_warranty: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def debrief(pairs: list[Pair], agreements: list[Agreement], setting: Setting = Setting()) -> list[PairResult]:
    """Each pair's deal against its ZOPA and negsim's Nash solution (pairs missing from the results: no deal)."""
    from negsim import analyze

    by_pair = {a.pair: a for a in agreements}
    out = []
    for p in pairs:
        a = by_pair.get(p.pair, Agreement(p.pair, None, 0))
        analysis = analyze(scenario_for(p, setting))
        nash = analysis.solutions["nash"].deal if analysis.has_deal else None
        nash_price = float(nash["price"]) if nash else None
        nash_w = WARRANTY[OPTIONS.index(nash["warranty"])] if nash else None
        if a.price is None:
            out.append(PairResult(p.pair, analysis.zopa_size, False, None, None, None, None, None, None,
                                  nash_price, nash_w))
            continue
        b, s = p.buyer_surplus(a.price, a.option), p.seller_surplus(a.price, a.option)
        eff = (b + s) / p.max_joint if p.max_joint > 0 else None
        out.append(PairResult(p.pair, analysis.zopa_size, True, a.price, WARRANTY[a.option], b >= 0 and s >= 0,
                              b, s, eff, nash_price, nash_w))
    return out


__all__ = ["OPTIONS", "WARRANTY", "Agreement", "Pair", "PairResult", "Setting", "debrief", "draw_pairs",
           "read_agreements", "scenario_for", "scenario_text"]
