"""Shared look of negsim's figures: colours and markers for parties and solutions."""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes

PARTY_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

SOLUTION_STYLE: dict[str, dict[str, Any]] = {
    "nash": {"marker": "*", "color": "#d4a000", "size": 300, "label": "Nash", "zorder": 6},
    "utilitarian": {"marker": "^", "color": "#e66101", "size": 130, "label": "Utilitarian", "zorder": 7},
    "kalai_smorodinsky": {"marker": "D", "color": "#7b3294", "size": 90, "label": "Kalai–Smorodinsky", "zorder": 8},
    "egalitarian": {"marker": "s", "color": "#008837", "size": 40, "label": "Egalitarian", "zorder": 9},
}


def party_color(k: int) -> str:
    return PARTY_COLORS[k % len(PARTY_COLORS)]


def new_axes(ax: Axes | None, size: tuple[float, float] = (7.5, 5.5)) -> Axes:
    """The given Axes, or a fresh one on a new figure."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def short(text: str, most: int = 28) -> str:
    text = text.replace("_", " ")
    return text if len(text) <= most else text[: most - 1] + "…"
