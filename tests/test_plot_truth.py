"""What the figures say is true: tied solutions drawn as sets, coinciding solutions named, nothing silently
dropped, projections said to be projections, tiny spaces labelled.

The expected numbers come from brute force over every deal of the bundled scenarios (the deals are
few enough to list), not from the figure code.
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text

import negsim
from negsim.engine.result import Analysis
from negsim.plot import red_line_collisions, solutions_by_issue, utility_space, utility_space_pairs
from negsim.plot import redlines as redlines_module

mpl.use("Agg")


def analysis(name: str, agenda: str | None = None) -> Analysis:
    return negsim.analyze(negsim.load(negsim.bundled(name)), agenda)


def all_text(fig: Any) -> str:
    fig.canvas.draw()
    return "\n".join(t.get_text() for t in fig.findobj(Text) if t.get_visible())


def brute_force_utilitarian_ties(a: Analysis) -> int:
    """Deals every party accepts whose utility sum is the largest (every deal is listed: the space is small)."""
    assert not a.sampled and len(a.sample_u) == a.deals_total
    sums = a.sample_u[a.sample_feasible].sum(axis=1)
    return int(np.sum(sums >= sums.max() - 1e-9))


def tied_band(ax: Any, label_start: str) -> Line2D:
    bands = [ln for ln in ax.get_lines() if str(ln.get_label()).startswith(label_start)]
    assert len(bands) == 1
    return bands[0]


@pytest.mark.parametrize(("name", "ties"), [("divide-the-dollar", 101), ("fearon-crisis-bargaining", 21)])
def test_a_tied_utilitarian_solution_is_drawn_as_its_whole_tied_set(name: str, ties: int) -> None:
    a = analysis(name)
    assert brute_force_utilitarian_ties(a) == ties  # divide-the-dollar: every split of 100 cents sums to 1
    ax = utility_space(a)
    band = tied_band(ax, f"Utilitarian: any of {ties} tied deals")
    xy = np.column_stack([band.get_xdata(), band.get_ydata()])
    assert len(xy) == ties
    feasible = a.sample_u[a.sample_feasible]
    best = feasible[feasible.sum(axis=1) >= feasible.sum(axis=1).max() - 1e-9]
    assert sorted(map(tuple, np.round(xy, 9))) == sorted(map(tuple, np.round(best, 9)))
    # no single filled triangle placed like an answer
    assert not [c for c in ax.collections if c.get_label() == "Utilitarian"]
    plt.close(ax.figure)


def test_the_solutions_chart_spans_every_option_of_a_tied_solution() -> None:
    a = analysis("divide-the-dollar")
    ax = solutions_by_issue(a)
    from negsim.plot.style import SOLUTION_STYLE

    colour = mpl.colors.to_rgba(SOLUTION_STYLE["utilitarian"]["color"])
    spans = [ln.get_xdata() for ln in ax.get_lines() if np.allclose(mpl.colors.to_rgba(ln.get_color())[:3], colour[:3])]
    assert len(spans) == 1 and (min(spans[0]), max(spans[0])) == (0.0, 1.0)  # shares 0 … 100: the whole bar
    assert "Utilitarian: any of 101 tied deals" in all_text(ax.figure)
    plt.close(ax.figure)


def test_coinciding_solutions_are_named_together_and_all_visible() -> None:
    a = analysis("job-offer")
    same = [n for n in ("nash", "kalai_smorodinsky", "utilitarian")]
    u = {n: tuple(round(a.solutions[n].utilities[p], 9) for p in a.parties) for n in same}  # type: ignore[index]
    assert len(set(u.values())) == 1  # the premise: these three land on one point
    ax = utility_space(a)
    assert "Nash = Kalai–Smorodinsky\n= Utilitarian" in all_text(ax.figure)
    centres = [tuple(np.round(c.get_offset_transform().transform(c.get_offsets())[0], 1)) for c in ax.collections
               if c.get_label() in ("Nash", "Kalai–Smorodinsky", "Utilitarian")]
    assert len(centres) == 3 and len(set(centres)) == 3  # side by side, none hidden under another
    plt.close(ax.figure)


def test_every_opening_is_listed_or_counted() -> None:
    a = analysis("security-guarantees-2021", "core")
    assert len(a.diagnosis.openings) == 5
    ax = red_line_collisions(a)
    text = all_text(ax.figure)
    assert text.count("• ") == 5 and "more" not in text
    assert "Russia's no-deal floor + Russia's red line 1 + Russia's red line 2 → 1 deal" in text
    plt.close(ax.figure)


def test_a_chart_that_cannot_show_everything_says_how_much_it_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    a = analysis("security-guarantees-2021", "core")
    monkeypatch.setattr(redlines_module, "MOST_OPENINGS", 3)
    monkeypatch.setattr(redlines_module, "MOST_SETS", 4)
    ax = red_line_collisions(a)
    text = all_text(ax.figure)
    assert text.count("• ") == 3 and "… and 2 more sets (see report.md)" in text
    assert "… and 6 more sets of constraints (see report.md)" in text
    assert [t.get_text() for t in ax.get_xticklabels()] == ["C1", "C2", "C3", "C4"]
    plt.close(ax.figure)


def test_three_party_panels_say_they_are_projections() -> None:
    a = analysis("supply-chain-three-party")
    axes = utility_space_pairs(a)
    assert len(axes) == 3
    assert "Each panel projects the 3-party deals onto two parties' utilities" in all_text(axes[0].figure)
    plt.close(axes[0].figure)


def test_a_tiny_space_numbers_its_deals_and_lists_them() -> None:
    a = analysis("security-guarantees-2021", "core")
    assert a.deals_total == 12 and not a.has_deal
    axes = utility_space_pairs(a)
    text = all_text(axes[0].figure)
    numbers = {t.get_text() for t in axes[0].texts}
    labelled = {int(n) for t in numbers for n in t.split(", ")}
    assert labelled == set(range(1, 13))
    options = a.options
    first = "; ".join(o.replace("_", " ") for o in (options[i][0] for i in a.issues))
    assert f"1: {first}" in text.replace("\n     ", " ")
    plt.close(axes[0].figure)


def test_a_deal_exists_the_red_line_chart_shows_each_constraints_cost() -> None:
    a = analysis("job-offer")
    ax = red_line_collisions(a)
    widths = {round(p.get_width()) for p in ax.patches}
    expected = {p.broken_by for p in a.diagnosis.prices} | {p.opens for p in a.diagnosis.prices}
    assert widths == expected  # 810 ruled out by "never full remote", 473 opened if it is dropped, …
    assert {810, 473} <= widths
    plt.close(ax.figure)


def test_no_solution_drawn_when_no_deal_exists() -> None:
    a = analysis("security-guarantees-2021")
    ax = solutions_by_issue(a)
    assert not [c for c in ax.collections if isinstance(c, PathCollection) and c.get_label() in
                ("Nash", "Utilitarian", "Kalai–Smorodinsky", "Egalitarian")]
    assert "No deal is acceptable to every party" in all_text(ax.figure)
    plt.close(ax.figure)


def test_deal_numbers_never_print_over_each_other() -> None:
    """A tiny space numbers its deals; two deals close together share one label ("4, 2") instead of
    two labels printed into one another ("42" on the seed's `core` agenda, Russia vs NATO allies)."""
    a = analysis("security-guarantees-2021", "core")
    axes = utility_space_pairs(a)
    fig = axes.flat[0].figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    numbered: set[int] = set()
    for ax in axes.flat:
        labels = [t for t in ax.texts if t.get_text()[:1].isdigit()]
        if not labels:
            continue
        numbered |= {int(n) for t in labels for n in t.get_text().split(", ")}
        boxes = [t.get_window_extent(renderer) for t in labels]
        overlaps = [(labels[i].get_text(), labels[j].get_text()) for i in range(len(boxes))
                    for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
        assert not overlaps, f"{ax.get_title()}: {overlaps}"
    assert numbered == set(range(1, a.deals_total + 1))  # every deal keeps its number
    plt.close(fig)
