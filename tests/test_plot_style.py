"""The one figure style: every figure function's text is ≥ 10 pt, wrapped (never cut with "…"), inside the
figure, in the colour-blind-safe palettes, with one colour and marker per solution concept."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import negsim
from negsim.plot import style

mpl.use("Agg")


def texts(fig: Figure, draw: bool = True) -> list[Text]:
    """Every visible, non-empty Text of a figure (tick labels, legends, notes, annotations), drawn first."""
    if draw:
        fig.canvas.draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def figure_of(out: Any) -> Figure:
    if isinstance(out, Figure):
        return out
    if isinstance(out, np.ndarray):
        return out.flat[0].figure
    return out.figure


def _bargaining() -> Iterator[tuple[str, Callable[[], Any]]]:
    from negsim.plot import red_line_collisions, solutions_by_issue, utility_space, utility_space_pairs

    dollar = negsim.analyze(negsim.load(negsim.bundled("divide-the-dollar")))
    job = negsim.analyze(negsim.load(negsim.bundled("job-offer")))
    seed = negsim.load(negsim.bundled("security-guarantees-2021"))
    full, core = negsim.analyze(seed), negsim.analyze(seed, "core")
    arms = negsim.analyze(seed, "arms_control")
    yield "utility_space divide-the-dollar", lambda: utility_space(dollar)
    yield "utility_space job-offer", lambda: utility_space(job)
    yield "utility_space_pairs arms_control", lambda: utility_space_pairs(arms)
    yield "utility_space_pairs full", lambda: utility_space_pairs(full)
    yield "solutions_by_issue seed", lambda: solutions_by_issue(full)
    yield "solutions_by_issue divide-the-dollar", lambda: solutions_by_issue(dollar)
    yield "red_line_collisions core", lambda: red_line_collisions(core)
    yield "red_line_collisions job-offer", lambda: red_line_collisions(job)


def _games_and_dynamics() -> Iterator[tuple[str, Callable[[], Any]]]:
    from negsim.dynamics import build_domain, negotiate
    from negsim.dynamics.spe import patience_curve
    from negsim.dynamics.tournament import play
    from negsim.games.equilibria import solve
    from negsim.games.learning import fictitious_play
    from negsim.games.model import Game
    from negsim.plot.dynamics import negotiation_trace, spe_vs_patience, tournament_heatmap, utility_by_round
    from negsim.plot.games import dynamics_trajectories, mixed_strategy_bars, payoff_table, phase_portrait

    g = Game.from_arrays([[3, 2], [4, 1]], [[3, 4], [2, 1]], players=("Soviet Union", "United States"),
                         strategies=(("withdraw", "maintain"), ("blockade", "air_strike")),
                         title="Cuban missile crisis as a game of Chicken")
    eqs = solve(g)
    yield "payoff_table", lambda: payoff_table(g, eqs)
    yield "mixed_strategy_bars", lambda: mixed_strategy_bars(eqs)
    yield "dynamics_trajectories", lambda: dynamics_trajectories(fictitious_play(g, 40, seed=1))
    yield "phase_portrait", lambda: phase_portrait(g, eqs)
    dollar = build_domain(negsim.load(negsim.bundled("divide-the-dollar")))
    run = negotiate(dollar, {"alice": "boulware", "bob": "conceder"})
    yield "negotiation_trace", lambda: negotiation_trace(run, dollar)
    yield "utility_by_round", lambda: utility_by_round(run, dollar)
    yield "tournament_heatmap", lambda: tournament_heatmap(play(dollar, ["boulware", "linear"], seeds=1, rounds=10))
    pts = np.array([[x, 1 - x] for x in np.linspace(0, 1, 11)])
    curve = patience_curve(pts, np.zeros(2), np.array([0.5, 0.9, 0.99]))
    yield "spe_vs_patience", lambda: spe_vs_patience(curve, ("Alice", "Bob"))


def _uncertainty_rules_forecast_teaching() -> Iterator[tuple[str, Callable[[], Any]]]:
    from negsim.forecast import forecast, scenario_data
    from negsim.plot.forecast import challenges, forecast_vs_observed, forecasts_by_issue, positions_over_rounds
    from negsim.plot.rules import coalition_matrix, power_bars, win_sets
    from negsim.plot.teaching import roleplay_deals, ultimatum_acceptance
    from negsim.plot.uncertainty import deal_frequencies, sweep_lines, sweep_map, tornado, utility_histogram
    from negsim.rules import exact_power
    from negsim.rules.analysis import analyze_rule
    from negsim.rules.spec import rule_of
    from negsim.scenario.models import Vary
    from negsim.teaching import example
    from negsim.teaching.roleplay import debrief, draw_pairs, read_agreements
    from negsim.teaching.ultimatum import ClassPlay, summarise
    from negsim.uncertainty import parse_vary, run_sweep, run_uncertainty

    seed = negsim.load(negsim.bundled("security-guarantees-2021"))
    unc = run_uncertainty(seed, "arms_control", samples=200, workers=1,
                          vary=[Vary(path="parties.russia.no_deal", uniform=(0.0, 0.3))])
    yield "utility_histogram", lambda: utility_histogram(unc)
    yield "deal_frequencies", lambda: deal_frequencies(unc)
    yield "tornado", lambda: tornado(unc)
    one = run_sweep(seed, [parse_vary("parties.russia.no_deal=0:0.3:11")], agenda="arms_control")
    two = run_sweep(seed, [parse_vary("parties.russia.no_deal=0:0.3:7"), parse_vary("parties.usa.no_deal=0.6:1:5")],
                    agenda="arms_control")
    yield "sweep_lines", lambda: sweep_lines(one)
    yield "sweep_map", lambda: sweep_map(two)
    eu = negsim.load(negsim.bundled("eu-council-qmv"))
    names = {p.id: p.name for p in eu.parties}
    yield "power_bars", lambda: power_bars(exact_power(rule_of(eu)), rule_of(eu), names)
    yield "coalition_matrix", lambda: coalition_matrix(analyze_rule(eu), names)
    trade = analyze_rule(negsim.load(negsim.bundled("two-level-trade-deal")))
    assert trade.ratification is not None
    yield "win_sets", lambda: win_sets(trade.ratification, {"usa": "United States"})
    fc = forecast(scenario_data(negsim.load(negsim.bundled("ec-car-emissions-1994"))))
    yield "forecast_vs_observed", lambda: forecast_vs_observed(fc)
    yield "forecasts_by_issue", lambda: forecasts_by_issue(fc)
    yield "positions_over_rounds", lambda: positions_over_rounds(fc, 0)
    yield "challenges", lambda: challenges(fc, 0)
    summary = summarise(ClassPlay(np.array([0.1, 0.4, 0.5]), np.array([False, True, True]), 10.0, "demo"))
    yield "ultimatum_acceptance", lambda: ultimatum_acceptance(summary)
    pairs = draw_pairs(12, 11)
    results = debrief(pairs, read_agreements(example("roleplay-class-example.csv"), 12))
    yield "roleplay_deals", lambda: roleplay_deals(pairs, results)


def gallery() -> list[tuple[str, Callable[[], Any]]]:
    """One call of every figure function of negsim.plot (several for the bargaining figures)."""
    return [*_bargaining(), *_games_and_dynamics(), *_uncertainty_rules_forecast_teaching()]


@pytest.fixture(scope="module")
def drawn() -> Iterator[list[tuple[str, Figure]]]:
    with mpl.rc_context({"figure.max_open_warning": 0}):
        figures = [(name, figure_of(make())) for name, make in gallery()]
    for _, fig in figures:
        fig.canvas.draw()
    yield figures
    for _, fig in figures:
        plt.close(fig)


def test_every_text_is_at_least_10_points(drawn: list[tuple[str, Figure]]) -> None:
    small = [(name, t.get_text()[:30], t.get_fontsize()) for name, fig in drawn for t in texts(fig, draw=False)
             if t.get_fontsize() < style.MIN_TEXT - 1e-9]
    assert small == []


def test_no_label_is_cut_with_an_ellipsis(drawn: list[tuple[str, Figure]]) -> None:
    cut = [(name, line) for name, fig in drawn for t in texts(fig, draw=False) for line in t.get_text().splitlines()
           if line.rstrip().endswith("…")]
    assert cut == []


def test_nothing_lies_outside_the_figure(drawn: list[tuple[str, Figure]]) -> None:
    """Saved at its own size (no tight bounding box), a figure loses nothing."""
    outside = []
    for name, fig in drawn:
        box, (w, h) = fig.get_tightbbox(), fig.get_size_inches()
        if box.x0 < -0.02 or box.y0 < -0.02 or box.x1 > w + 0.02 or box.y1 > h + 0.02:
            outside.append((name, box.bounds, (w, h)))
    assert outside == []


def test_no_figure_is_wider_than_a_page(drawn: list[tuple[str, Figure]]) -> None:
    assert [name for name, fig in drawn if fig.get_size_inches()[0] > style.MAX_WIDTH + 1e-9] == []


def test_the_palettes_are_the_published_ones() -> None:
    # Okabe & Ito (2008), https://jfly.uni-koeln.de/color/ ; Tol (2021), SRON/EPS/TN/09-002, "bright" and "muted"
    assert style.OKABE_ITO["vermillion"] == "#D55E00" and style.OKABE_ITO["bluish_green"] == "#009E73"
    assert style.TOL_BRIGHT[:3] == ["#4477AA", "#EE6677", "#228833"]
    assert style.TOL_MUTED[0] == "#332288" and style.TOL_MUTED[-1] == "#AA4499"


def test_one_colour_and_marker_per_solution_concept() -> None:
    colours = [s["color"] for s in style.SOLUTION_STYLE.values()]
    markers = [s["marker"] for s in style.SOLUTION_STYLE.values()]
    assert len(set(colours)) == len(set(markers)) == 4
    assert set(colours) <= set(style.OKABE_ITO.values())


def test_a_deal_keeps_its_colour_whatever_else_is_drawn() -> None:
    a, b, c = {"x": "1", "y": "a"}, {"x": "2", "y": "a"}, {"x": "3", "y": "b"}
    alone = dict(zip(["a", "b"], style.deal_colors([a, b]), strict=True))
    reordered = dict(zip(["b", "a", "none"], style.deal_colors([b, a, None]), strict=True))
    assert alone == {k: reordered[k] for k in alone} and reordered["none"] == style.NO_DEAL_COLOR
    three = style.deal_colors([a, b, c])
    assert len(set(three)) == 3


def test_the_same_deal_has_the_same_colour_in_the_uncertainty_and_sweep_figures() -> None:
    from matplotlib.patches import Patch

    from negsim.plot.uncertainty import deal_frequencies, sweep_map
    from negsim.scenario.models import Vary
    from negsim.uncertainty import parse_vary, run_sweep, run_uncertainty

    seed = negsim.load(negsim.bundled("security-guarantees-2021"))
    unc = run_uncertainty(seed, "arms_control", samples=200, workers=1,
                          vary=[Vary(path="parties.russia.no_deal", uniform=(0.0, 0.3)),
                                Vary(path="parties.usa.no_deal", uniform=(0.6, 1.0))])
    two = run_sweep(seed, [parse_vary("parties.russia.no_deal=0:0.3:7"), parse_vary("parties.usa.no_deal=0.6:1:5")],
                    agenda="arms_control")
    bars = deal_frequencies(unc)
    counts = unc.solutions["nash"][:8]
    colour_of_bar = {_key(c.deal): p.get_facecolor() for c, p in zip(counts, bars.patches, strict=True)}
    legend = sweep_map(two).get_legend()
    picks = two.picks["nash"]
    values, n = np.unique(picks[picks >= 0], return_counts=True)
    shown = [two.deals[int(v)] for v in values[np.argsort(-n, kind="stable")][:8]]
    patches = [h for h in legend.legend_handles if isinstance(h, Patch)][1:1 + len(shown)]
    colour_of_patch = {_key(d): p.get_facecolor() for d, p in zip(shown, patches, strict=True)}
    both = set(colour_of_bar) & set(colour_of_patch) - {None}
    assert len(both) >= 2, "the two figures share too few deals to compare"
    assert all(np.allclose(colour_of_bar[k], colour_of_patch[k]) for k in both)


def _key(deal: dict[str, str] | None) -> Any:
    return None if deal is None else tuple(sorted(deal.items()))


def test_wrap_breaks_on_words_and_keeps_every_character() -> None:
    text = "withdraw_from_ukraine_georgia_and_moldova within thirty days"
    wrapped = style.wrap(text, 16)
    assert all(len(line) <= 16 for line in wrapped.splitlines())
    assert wrapped.replace("\n", " ") == text.replace("_", " ")


def test_more_counts_what_a_figure_left_out() -> None:
    assert style.more(4, 5, "sets") == "… and 1 more set (see report.md)"
    assert style.more(3, 1225, "pairs", "") == "… and 1,222 more pairs"
    assert style.more(5, 5, "sets") == ""


def test_a_notebook_asking_for_larger_text_gets_it_in_negsim_figures() -> None:
    from negsim.plot import utility_space

    a = negsim.analyze(negsim.load(negsim.bundled("nash-bill-and-jack")))
    with mpl.rc_context():
        style.use(projector=True)
        ax = utility_space(a)
        sizes = [t.get_fontsize() for t in texts(figure_of(ax))]
    plt.close(figure_of(ax))
    assert min(sizes) >= style.PROJECTOR_SIZES["small"] - 1e-9
    assert ax.title.get_fontsize() >= style.PROJECTOR_SIZES["title"] - 1e-9


def test_names_and_units_replace_ids_when_the_analysis_has_them() -> None:
    from negsim.plot import solutions_by_issue

    a = negsim.analyze(negsim.load(negsim.bundled("job-offer")), "money_only")
    a.issue_names = {"salary": "Base salary", "signing_bonus": "Signing bonus"}  # type: ignore[attr-defined]
    a.units = {"salary": "k EUR"}  # type: ignore[attr-defined]
    ax = solutions_by_issue(a)
    shown = [t.get_text() for t in texts(figure_of(ax))]
    plt.close(figure_of(ax))
    assert any(t.startswith("Base salary (k EUR)") for t in shown)
    assert "110 k EUR" in shown and not any(t == "salary" for t in shown)
