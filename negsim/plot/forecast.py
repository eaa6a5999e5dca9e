"""Figures of forecasts: forecast against observed, forecasts by issue, positions over rounds, who challenges whom.

Every function takes ``ax=None``, draws there and returns the Axes; it never shows or saves.

Example:
    >>> import negsim
    >>> from negsim.forecast import forecast, scenario_data
    >>> r = forecast(scenario_data(negsim.load(negsim.bundled("ec-car-emissions-1994"))))
    >>> ax = positions_over_rounds(r, 0)
    >>> ax.get_xlabel()
    'round'
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from negsim.forecast.expected_utility import KIND_NAMES
from negsim.forecast.run import ForecastResult
from negsim.plot.style import OKABE_ITO, more, new_axes, party_color, styled, wrap

MODEL_STYLE: dict[str, dict[str, Any]] = {
    "compromise": {"marker": "o", "color": OKABE_ITO["blue"], "label": "compromise"},
    "median": {"marker": "s", "color": OKABE_ITO["bluish_green"], "label": "weighted median"},
    "expected_utility": {"marker": "D", "color": OKABE_ITO["vermillion"], "label": "expected utility"},
    "exchange": {"marker": "^", "color": OKABE_ITO["reddish_purple"], "label": "exchange"},
}
KIND_COLORS = ["white", OKABE_ITO["vermillion"], OKABE_ITO["orange"], OKABE_ITO["reddish_purple"],
               OKABE_ITO["sky_blue"]]
"""No challenge, target gives way, compromise, capitulation, target holds."""
LINE_STYLES = ["-", "--", ":", "-."]
MOST_ACTORS = 24
"""Actors drawn at most in the challenge matrix and the positions chart (the most powerful ones)."""


@styled
def forecast_vs_observed(result: ForecastResult, ax: Axes | None = None) -> Axes:
    """Each model's forecast (x) against the observed outcome (y), one point per issue; the diagonal is a hit."""
    ax = new_axes(ax, (7.0, 6.5))
    observed = result.data.observed
    known = ~np.isnan(observed)
    values = np.concatenate([observed, *result.forecasts.values()])
    values = values[~np.isnan(values)] if (~np.isnan(values)).any() else np.zeros(1)
    lo, hi = float(values.min()), float(values.max())
    ax.plot([lo, hi], [lo, hi], color="0.5", lw=1, ls="--", label="forecast = observed")
    for model, f in result.forecasts.items():
        style = MODEL_STYLE[model]
        score = result.scores[model]
        text = f"{style['label']} (MAE {score.mae:.1f}, n = {score.n})" if score.mae is not None else style["label"]
        ax.scatter(f[known], observed[known], marker=style["marker"], color=style["color"], alpha=0.45, s=28,
                   label=text)
    ax.set_xlabel("forecast")
    ax.set_ylabel("observed outcome")
    ax.set_title("Forecasts against observed outcomes")
    ax.legend(loc="upper left")
    return ax


@styled
def forecasts_by_issue(result: ForecastResult, ax: Axes | None = None, most: int = 12) -> Axes:
    """Per issue (a row): the actors' positions (circles sized by capability × salience), each model's forecast
    (markers just above the row), the observed outcome (×) and the reference point (|)."""
    d = result.data
    n = min(most, len(d.issues))
    ax = new_axes(ax, (10.0, 1.8 + 0.9 * n))
    w = d.weights()
    wmax = float(w.max()) if w.size and w.max() > 0 else 1.0
    for row in range(n):
        y = n - 1 - row
        here = d.present[row]
        ax.scatter(d.positions[row, here], np.full(here.sum(), y), s=30 + 400 * w[row, here] / wmax,
                   facecolors="none", edgecolors="0.45", lw=1, zorder=2)
        for k, f in enumerate(result.forecasts.values()):
            style = list(result.forecasts)[k]
            ax.scatter([f[row]], [y + 0.16 * (k + 1)], marker=MODEL_STYLE[style]["marker"],
                       color=MODEL_STYLE[style]["color"], s=60, zorder=4)
        ax.scatter([d.observed[row]], [y], marker="x", color="black", s=90, lw=2, zorder=5)
        ax.scatter([d.reference_point[row]], [y], marker="|", color="black", s=250, lw=2, zorder=5)
    handles = [ax.scatter([], [], marker=MODEL_STYLE[m]["marker"], color=MODEL_STYLE[m]["color"], s=60,
                          label=MODEL_STYLE[m]["label"]) for m in result.forecasts]
    if not np.isnan(d.observed[:n]).all():
        handles.append(ax.scatter([], [], marker="x", color="black", s=90, lw=2, label="observed"))
    if not np.isnan(d.reference_point[:n]).all():
        handles.append(ax.scatter([], [], marker="|", color="black", s=250, lw=2, label="reference point"))
    handles.append(ax.scatter([], [], s=120, facecolors="none", edgecolors="0.45",
                              label="actor (size: capability\n× salience)"))
    ax.set_yticks(range(n))
    ax.set_yticklabels([wrap(d.issue_names[n - 1 - k], 30) for k in range(n)])
    ax.set_ylim(-0.6, n - 0.2 + 0.16 * len(result.forecasts))
    ax.set_xlabel("position on the issue's scale")
    ax.set_title("Forecasts by issue" + (f" (first {n} of {len(d.issues)})" if n < len(d.issues) else ""))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              title=more(n, len(d.issues), "issues") or None)
    return ax


@styled
def positions_over_rounds(result: ForecastResult, issue: int, ax: Axes | None = None) -> Axes:
    """The expected-utility model on one issue: each actor's position after every round, and the forecast."""
    if result.eu is None:
        raise ValueError("the expected-utility model was not run")
    d, eu = result.data, result.eu
    ax = new_axes(ax, (8.0, 5.5))
    last = int(eu.rounds_run[issue]) + 1
    t = np.arange(last)
    here = _strongest(result, issue)
    for k, j in enumerate(here):  # six colours, then the next line style: no two actors look alike
        ax.plot(t, eu.positions[:last, issue, j], color=party_color(k), ls=LINE_STYLES[k // 6 % len(LINE_STYLES)],
                lw=1.5, marker=".", label=wrap(d.actor_names[j], 22))
    ax.plot(t, eu.outcomes[:last, issue], color="black", lw=3, label=f"forecast ({eu.options.outcome})")
    ax.set_xlabel("round")
    ax.set_ylabel("position")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(wrap(f"Expected-utility model: positions over rounds — {d.issue_names[issue]}", 60))
    ncol = 1 if len(here) <= 12 else 2
    left = more(len(here), int(d.present[issue].sum()), "actors", "the report")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), ncol=ncol, frameon=False,
              title=wrap(left, 30) if left else None)
    return ax


@styled
def challenges(result: ForecastResult, issue: int, ax: Axes | None = None) -> Axes:
    """Who challenges whom in the first round of the expected-utility model, and what it does to the target."""
    if result.eu is None:
        raise ValueError("the expected-utility model was not run")
    d, eu = result.data, result.eu
    here = np.sort(_strongest(result, issue))
    kinds = eu.challenges[issue][np.ix_(here, here)]
    size = max(5.0, min(7.5, 0.3 * len(here) + 3.0))
    ax = new_axes(ax, (size + 2.5, size))
    ax.imshow(kinds, cmap=ListedColormap(KIND_COLORS), vmin=-0.5, vmax=4.5, interpolation="nearest")
    names = [wrap(d.actor_names[j], 18) for j in here]
    ax.set_xticks(range(len(here)))
    ax.set_xticklabels(names, rotation=60, ha="right")
    ax.set_yticks(range(len(here)))
    ax.set_yticklabels(names)
    ax.set_xlabel("target")
    ax.set_ylabel("challenger")
    ax.set_xticks(np.arange(-0.5, len(here)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(here)), minor=True)
    ax.grid(which="minor", color="0.85", lw=0.6)
    ax.tick_params(which="minor", length=0)
    ax.set_title(wrap(f"Who challenges whom (round 1) — {d.issue_names[issue]}", 50))
    handles = [Patch(facecolor=KIND_COLORS[k], edgecolor="0.6", label=wrap(text, 28)) for k, text in KIND_NAMES.items()]
    left = more(len(here), int(d.present[issue].sum()), "actors", "the report")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False,
              title=wrap(left, 30) if left else None)
    return ax


def _strongest(result: ForecastResult, issue: int) -> np.ndarray:
    """The actors present on the issue, at most :data:`MOST_ACTORS` of them (the largest capability × salience)."""
    d = result.data
    here = np.flatnonzero(d.present[issue])
    if len(here) <= MOST_ACTORS:
        return here
    w = d.weights()[issue, here]
    return here[np.sort(np.argsort(-w, kind="stable")[:MOST_ACTORS])]


__all__ = ["MODEL_STYLE", "challenges", "forecast_vs_observed", "forecasts_by_issue", "positions_over_rounds"]
