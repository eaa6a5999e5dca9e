"""The deal space's one evaluator: every memory layout adds the same numbers in the same order.

negsim's engines see a deal's utilities through different layouts — by deal index, by ranges
of whole blocks (the trailing issues broadcast), by option digits (spaces too large for an
index), and samples × deals in the batched Monte Carlo engine. The documented summation order
(offset, then the issues in order, then each bonus) makes them equal to the last bit, which is
what lets both engines break ties the same way. Checked here bit for bit, with agendas (a
non-zero offset), bonuses, and chunks small enough to split leading and trailing issues.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negsim.space.model as model
from negsim.engine.batched import block_data, block_utilities, blocks
from negsim.engine.sample_plan import make_plan, sample_params
from negsim.scenario.loader import from_dict
from negsim.space import build_space

VALUES = [0.0, 0.1, 0.2, 0.3, 0.7, 0.9, 1.0]  # sums of these are inexact in binary: order matters


@st.composite
def scenarios(draw: Any) -> dict[str, Any]:
    n_issues = draw(st.integers(2, 5))
    labels = {f"i{k}": [f"o{j}" for j in range(draw(st.integers(2, 4)))] for k in range(n_issues)}
    parties = [f"p{j}" for j in range(draw(st.integers(2, 3)))]
    prefs = {}
    for p in parties:
        bonuses = [{"when": {i: draw(st.sampled_from(labels[i]))
                             for i in draw(st.lists(st.sampled_from(list(labels)), min_size=1, max_size=2,
                                                    unique=True))},
                    "add": draw(st.sampled_from([0.1, -0.3, 0.7]))} for _ in range(draw(st.integers(0, 2)))]
        prefs[p] = {"weights": {i: float(draw(st.integers(1, 7))) for i in labels},
                    "values": {i: {o: draw(st.sampled_from(VALUES)) for o in opts} for i, opts in labels.items()},
                    "red_lines": [{"issue": "i0", "never": [labels["i0"][0]]}, {"min_utility": 0.3}],
                    "bonuses": bonuses}
    on = list(labels)[1:] if draw(st.booleans()) else list(labels)
    return {"negsim": 1, "parties": [{"id": p, "no_deal": 0.2} for p in parties],
            "issues": [{"id": i, "options": o, "status_quo": o[-1]} for i, o in labels.items()],
            "agendas": [{"id": "part", "issues": on}], "preferences": prefs}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.sampled_from([1, 4, 16]))
def test_every_layout_gives_the_same_bits(data: dict[str, Any], chunk: int) -> None:
    s = from_dict(data)
    old = model.CHUNK
    model.CHUNK = chunk  # small chunks split the issues into leading and trailing ones
    try:
        space = build_space(s, "part")
        index = np.arange(space.size, dtype=np.int64)
        by_index = space.utilities_of(index)
        by_digits = space.utilities_of_digits(space.digit_rows(index))
        by_ranges = np.concatenate([space.utilities_range(a, b) for a, b in space.chunks(chunk)])
        every = space.utilities()
        odd = space.utilities_range(1, space.size)  # a range not aligned to blocks
    finally:
        model.CHUNK = old
    for other in (by_digits, by_ranges, every):
        assert np.array_equal(by_index, other)
    assert np.array_equal(by_index[1:], odd)
    viol = space.violations(index, by_index)
    assert np.array_equal(viol, space.violations_of_digits(space.digit_rows(index), by_index))
    assert np.array_equal(viol, space.violations_range(0, space.size, by_index))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_the_batched_engine_adds_in_the_same_order(data: dict[str, Any]) -> None:
    """K identical samples of the scenario's own numbers give exactly the space's utilities."""
    s = from_dict(data)
    plan = make_plan(s, "part", ["parties.p0.no_deal"])
    prm = sample_params(plan, np.array([[0.2], [0.2]]))
    expected = plan.space.utilities()
    for blk in blocks(plan.space, 8):
        data_ = block_data(plan, blk)
        u = block_utilities(plan.space, prm, blk, data_)  # (P, k, positions), positions → data_.deals
        for k in range(2):
            assert np.array_equal(u[:, k, :].T, expected[data_.deals])


def test_the_order_is_the_documented_one() -> None:
    """From the last issue to the first: t_x + (t_y + offset); (0.1 + 0.35) + 0.1 differs from 0.1 + (0.35 + 0.1)."""
    s = from_dict({"negsim": 1, "parties": [{"id": "a"}, {"id": "b"}],
                   "issues": [{"id": "x", "options": ["u", "v"]}, {"id": "y", "options": ["u", "v"]}],
                   "preferences": {"a": {"values": {"x": {"u": 0.2, "v": 0}, "y": {"u": 0.7, "v": 0}}},
                                   "b": {"values": {"x": {"u": 0, "v": 1}, "y": {"u": 0, "v": 1}}}}})
    space = build_space(s)
    space = model.OutcomeSpace(**{**{f: getattr(space, f) for f in ("scenario", "info", "agenda", "parties", "axes",
                                                                   "bonuses", "constraints", "no_deal", "power")},
                                  "offset": np.array([0.1, 0.0])})
    got = float(space.utilities_of([0])[0, 0])
    w = 0.5  # equal weights: t_x(u) = 0.1, t_y(u) = 0.35
    assert got == (w * 0.2) + ((w * 0.7) + 0.1)
    assert got != ((0.1 + w * 0.2) + w * 0.7)  # the other order gives another last bit here
    assert got == pytest.approx(0.55)
