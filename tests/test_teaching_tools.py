"""Classroom tools: sliders with a fallback, the ultimatum game, the role play, and their command line."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from click.testing import CliRunner

import negsim
from negsim.cli import main as negsim_cli
from negsim.errors import NegsimError
from negsim.plot.teaching import roleplay_deals, ultimatum_acceptance
from negsim.report.teaching import role_sheet
from negsim.teaching import example, sliders
from negsim.teaching.edition import student_notebook
from negsim.teaching.interact import widgets_available
from negsim.teaching.roleplay import OPTIONS, WARRANTY, debrief, draw_pairs, read_agreements, scenario_for
from negsim.teaching.ultimatum import alpha_bounds, fehr_schmidt_threshold, read_class, summarise

# --- sliders -----------------------------------------------------------------------------------


def test_without_ipywidgets_the_picture_is_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEGSIM_STATIC", raising=False)
    monkeypatch.setitem(sys.modules, "ipywidgets", None)      # import fails, as in CI
    calls = []
    sliders(lambda delta, p: calls.append((delta, p)), delta=(0.5, 0.99, 0.01, 0.9), p=(0, 1, 0.1, 0.2))
    assert not widgets_available() and calls == [(0.9, 0.2)]


def test_with_ipywidgets_each_control_becomes_a_slider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEGSIM_STATIC", raising=False)
    made, shown = [], []
    fake = types.SimpleNamespace(
        FloatSlider=lambda **kw: made.append(kw) or kw,
        interact=lambda f, **boxes: shown.append((f, boxes)) or f(**{k: b["value"] for k, b in boxes.items()}))
    monkeypatch.setitem(sys.modules, "ipywidgets", fake)
    calls = []
    sliders(lambda delta: calls.append(delta), delta=(0.5, 0.99, 0.01, 0.9))
    assert made == [{"value": 0.9, "min": 0.5, "max": 0.99, "step": 0.01, "description": "delta",
                     "continuous_update": False}]
    assert calls == [0.9] and len(shown) == 1
    plt.close("all")


def test_static_mode_can_be_forced_and_bad_sliders_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEGSIM_STATIC", "1")
    assert not widgets_available()
    with pytest.raises(NegsimError, match="slider `x`"):
        sliders(lambda x: None, x=(0, 1, 0.1, 2))


# --- the ultimatum game ----------------------------------------------------------------------------


@pytest.mark.parametrize("alpha", [0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0])
def test_fehr_schmidt_threshold_against_a_brute_force(alpha: float) -> None:
    """Fehr & Schmidt (1999), Prop. 1: the smallest share x with x − α(1 − 2x) ≥ 0 is α/(1 + 2α)."""
    x = np.linspace(0, 0.5, 500_001)
    smallest = x[np.argmax(x - alpha * (1 - 2 * x) >= -1e-12)]
    assert fehr_schmidt_threshold(alpha) == pytest.approx(smallest, abs=2e-6)
    assert fehr_schmidt_threshold(alpha) < 0.5


def test_the_example_class_is_summarised() -> None:
    play = read_class(example("ultimatum-class-example.csv"))
    s = summarise(play)
    assert play.games == 24 and s.games.sum() == 24
    assert s.shares.tolist() == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    assert s.accepted.tolist() == [0, 2, 3, 5, 6, 1]           # counted by hand from the file
    assert s.best_share == pytest.approx(0.4)
    rejected, _accepted = alpha_bounds(play)
    assert len(rejected) == 7 and max(rejected) == pytest.approx(2.0)
    ax = ultimatum_acceptance(s)
    assert ax.get_ylabel() == "share of offers accepted"
    plt.close("all")


@pytest.mark.parametrize(("text", "error"), [
    ("offer,accepted\n3,maybe\n", r":2: accepted: write yes or no"),
    ("offer,accepted\nthree,yes\n", r":2: offer: expected a number"),
    ("offer,accepted\n12,yes\n", r":2: offer: 12 is not between 0 and the pie"),
    ("offer,answer\n3,yes\n", r":1: missing column\(s\) accepted"),
    ("offer,accepted\n", "no games"),
])
def test_a_bad_class_file_is_a_located_error(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "class.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NegsimError, match=error):
        read_class(path)


# --- the role play ------------------------------------------------------------------------------------


def test_the_draws_repeat_with_the_seed_and_differ_without() -> None:
    assert draw_pairs(12, 11) == draw_pairs(12, 11)
    assert draw_pairs(12, 11) != draw_pairs(12, 12)
    assert draw_pairs(3, 11) == draw_pairs(12, 11)[:3]
    with pytest.raises(NegsimError):
        draw_pairs(0, 1)


def test_negsims_zone_is_the_money_zone() -> None:
    """Brute force in euros: a (price, warranty) deal is in the ZOPA when both surpluses are ≥ 0."""
    prices = np.arange(8000, 12001, 250)
    for pair in draw_pairs(12, 11):
        money = sum(int(pair.buyer_surplus(x, k) >= -1e-6 and pair.seller_surplus(x, k) >= -1e-6)
                    for x in prices for k in range(3))
        assert negsim.analyze(scenario_for(pair)).zopa_size == money


def test_the_nash_deal_splits_the_money_gain_most_evenly() -> None:
    """With money as utility, the Nash deal maximises the product of the euro surpluses (brute force)."""
    prices = np.arange(8000, 12001, 250)
    for pair in draw_pairs(6, 11):
        a = negsim.analyze(scenario_for(pair))
        if not a.has_deal:
            continue
        best = max(((x, k) for x in prices for k in range(3)
                    if pair.buyer_surplus(x, k) >= 0 and pair.seller_surplus(x, k) >= 0),
                   key=lambda d: pair.buyer_surplus(*d) * pair.seller_surplus(*d))
        nash = a.solutions["nash"].deal
        assert (float(nash["price"]), OPTIONS.index(nash["warranty"])) == (float(best[0]), best[1])


def test_the_example_class_debrief() -> None:
    pairs = draw_pairs(12, 11)
    results = debrief(pairs, read_agreements(example("roleplay-class-example.csv"), 12))
    assert [r.pair for r in results if not r.agreed] == [4, 8, 10]
    assert [r.pair for r in results if r.zopa_deals == 0] == [8]
    nine = results[8]                                 # 10,800 EUR with 12 months: buyer 10,050 − 10,800 + 750 = 0
    assert (nine.buyer_surplus, nine.seller_surplus, nine.in_zopa) == (0.0, 250.0, True)
    assert nine.efficiency == pytest.approx(1.0)
    ax = roleplay_deals(pairs, results)
    assert len(ax.get_yticks()) == 12
    plt.close("all")


@pytest.mark.parametrize(("text", "error"), [
    ("pair,price,warranty\n13,10000,0\n", r":2: pair"),
    ("pair,price,warranty\n1,10000,6\n", r":2: warranty: write 0, 12 or 24"),
    ("pair,price,warranty\n1,cheap,0\n", r":2: price: expected a number"),
    ("pair,price\n1,10000\n", r":1: expected the columns"),
    ("pair,price,warranty\n1,10000,0\n1,9000,0\n", r":3: pair"),
])
def test_a_bad_results_file_is_a_located_error(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "results.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NegsimError, match=error):
        read_agreements(path, 12)


def test_role_sheets_say_only_ones_own_values() -> None:
    pair = draw_pairs(12, 11)[8]
    buyer, seller = role_sheet(pair, "buyer"), role_sheet(pair, "seller")
    assert "10,050 EUR" in buyer and "10,100" not in buyer
    assert "10,100 EUR" in seller and "10,050" not in seller
    assert all(f"{m} months" in buyer for m in WARRANTY[1:])


def test_role_sheets_command_writes_the_class_materials(tmp_path: Path) -> None:
    out = tmp_path / "sheets"
    r = CliRunner().invoke(negsim_cli, ["teaching", "role-sheets", "--pairs", "3", "--seed", "11", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (out / "sheets").iterdir()) == [
        f"pair-0{k}-{side}.md" for k in (1, 2, 3) for side in ("buyer", "seller")]
    key = (out / "lecturer-key.csv").read_text(encoding="utf-8").splitlines()
    assert key[0].startswith("pair,buyer_max") and len(key) == 4
    assert (out / "class-results.csv").read_text(encoding="utf-8") == "pair,price,warranty\n1,,\n2,,\n3,,\n"
    again = CliRunner().invoke(negsim_cli, ["teaching", "role-sheets", "--pairs", "3", "--seed", "11", "-o", str(out)])
    assert again.exit_code == 0        # negsim's own folder: rewritten


def test_the_student_edition_drops_links_to_the_solutions() -> None:
    nb = {"cells": [{"cell_type": "markdown", "metadata": {},
                     "source": "Exercises.\nSolutions are in [solutions.md](solutions.md).\nNext: 02.\n"}]}
    assert student_notebook(nb)["cells"][0]["source"] == "Exercises.\nNext: 02.\n"


def test_an_unknown_example_is_a_clear_error() -> None:
    with pytest.raises(NegsimError, match=r"examples: roleplay-class-example\.csv"):
        example("nope.csv")
