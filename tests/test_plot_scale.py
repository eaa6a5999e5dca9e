"""Figures that scale (issue 17): panels, points and labels stay bounded whatever the scenario, and each
figure says what it left out. The scenarios are generated here: 50 parties, and one issue of 100,000 options."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
import yaml
from matplotlib.collections import PathCollection
from matplotlib.text import Text

import negsim
from negsim.engine.result import Analysis
from negsim.plot import red_line_collisions, solutions_by_issue, utility_space, utility_space_pairs
from negsim.plot.spacemarks import MOST_POINTS, MOST_VERTICES

mpl.use("Agg")


def many_parties(n: int = 50, issues: int = 3, options: int = 4, seed: int = 1) -> str:
    """``n`` parties with random values on ``issues`` issues, a demand each on the last issue, one red line each
    for every fourth party (63 constraints: the limit is 64)."""
    rng = np.random.default_rng(seed)
    opts = [f"level_{j}" for j in range(options)]
    valued = [f"i{i}" for i in range(issues - 1)]
    prefs = {}
    for k in range(n):
        prefs[f"p{k}"] = {
            "weights": {f"i{i}": int(rng.integers(1, 5)) for i in range(issues)},
            "values": {i: {o: float(v) for o, v in zip(opts, np.round(rng.random(options), 2), strict=True)}
                       for i in valued},
            "demands": {f"i{issues - 1}": opts[int(rng.integers(options))]},
            **({"red_lines": [{"issue": "i0", "never": [opts[k % options]]}]} if k % 4 == 0 else {}),
        }
    return yaml.safe_dump({
        "negsim": 1, "title": f"{n} parties",
        "parties": [{"id": f"p{k}", "name": f"Party {k}", "no_deal": 0.05} for k in range(n)],
        "issues": [{"id": f"i{i}", "name": f"Issue {i}", "options": opts} for i in range(issues)],
        "preferences": prefs}, sort_keys=False)


def many_options(n: int = 100_000, no_deal: float = 0.49) -> str:
    """One numeric issue of ``n`` options split between two parties (every split in the ZOPA ties for the
    utilitarian solution)."""
    return yaml.safe_dump({
        "negsim": 1, "title": f"one issue, {n:,} options",
        "parties": [{"id": "a", "name": "A", "no_deal": no_deal}, {"id": "b", "name": "B", "no_deal": no_deal}],
        "issues": [{"id": "x", "name": "Amount", "range": [0, n - 1], "step": 1}],
        "preferences": {"a": {"values": {"x": {0: 0, n - 1: 1}}}, "b": {"values": {"x": {0: 1, n - 1: 0}}}}})


@pytest.fixture(scope="module")
def fifty() -> Analysis:
    return negsim.analyze(negsim.loads(many_parties()))


@pytest.fixture(scope="module")
def wide() -> Analysis:
    return negsim.analyze(negsim.loads(many_options()))


def texts(fig: Any) -> list[str]:
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def largest_scatter(fig: Any) -> int:
    return max((len(c.get_offsets()) for c in fig.findobj(PathCollection)), default=0)


def test_fifty_parties_draw_three_pairs_and_say_how_many_were_left_out(fifty: Analysis) -> None:
    assert len(fifty.parties) == 50
    axes = utility_space_pairs(fifty)
    fig = axes[0].figure
    assert len(axes) == 3 and len(fig.axes) == 5  # three pairs, the legend panel, the notes panel
    shown = texts(fig)
    assert any("3 of 1,225 pairs of parties shown" in t for t in shown)
    assert len(fig.findobj()) < 1500 and len(shown) < 150
    assert largest_scatter(fig) <= MOST_POINTS
    plt.close(fig)


def test_fifty_parties_demands_are_counted_not_coloured_one_by_one(fifty: Analysis) -> None:
    ax = solutions_by_issue(fifty)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(legend) <= 6 and any("a party's demand" in t for t in legend)
    counts = [t.get_text() for t in ax.texts if t.get_text().startswith("×")]
    assert sum(int(c[1:]) for c in counts) == 50  # every party's demand is counted once
    plt.close(ax.figure)


def test_fifty_parties_red_line_chart_is_bounded(fifty: Analysis) -> None:
    from negsim.plot.redlines import MOST_ROWS

    ax = red_line_collisions(fifty)
    assert len(ax.get_yticks()) <= MOST_ROWS
    if len(fifty.diagnosis.prices) > MOST_ROWS:
        assert any("more constraints" in t for t in texts(ax.figure))
    plt.close(ax.figure)


def test_fifty_parties_round_by_round_chart_is_bounded() -> None:
    from negsim.dynamics import build_domain, negotiate
    from negsim.plot.dynamics import MOST_PARTIES, utility_by_round

    domain = build_domain(negsim.loads(many_parties(n=12)))
    run = negotiate(domain, {p: "linear" for p in domain.parties}, rounds=6)
    ax = utility_by_round(run, domain)
    assert len({ln.get_color() for ln in ax.get_lines() if not str(ln.get_label()).startswith("_")}) <= MOST_PARTIES + 2
    assert any(f"… and {12 - MOST_PARTIES} more parties" in t for t in texts(ax.figure))
    plt.close(ax.figure)


def test_a_hundred_thousand_options_draw_a_bounded_number_of_points_and_labels(wide: Analysis) -> None:
    assert wide.deals_total == 100_000 and wide.solutions["utilitarian"].ties == 2000
    ax = utility_space(wide)
    fig = ax.figure
    assert largest_scatter(fig) <= MOST_POINTS
    assert max(len(ln.get_xdata()) for ln in ax.get_lines()) <= MOST_VERTICES
    assert any("Utilitarian: any of 2,000 tied deals" in t for t in texts(fig))
    plt.close(fig)
    ax = solutions_by_issue(wide)
    option_labels = [t for t in ax.texts]
    assert 2 <= len(option_labels) <= 12  # the two ends and what the solutions pick, not 100,000 labels
    assert "(100,000 options)" in ax.get_yticklabels()[0].get_text()
    plt.close(ax.figure)
