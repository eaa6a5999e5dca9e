"""Shared pieces of figure layout: a legend panel, a block of notes, a key of numbered deals.

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negsim.plot.style import new_figure
    >>> fig = new_figure((6, 2))
    >>> box = notes_below(fig.add_subplot(), ["3 of 10 pairs shown."], ["1: a", "2: b"])
    >>> [t.get_text() for t in texts_of(box)]
    ['3 of 10 pairs shown.', 'Deals (numbers in the plots):', '1: a', '2: b']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.offsetbox import AnchoredOffsetbox, HPacker, TextArea, VPacker
from matplotlib.text import Text


def legend_panel(ax: Axes, handles: Sequence[Any], labels: Sequence[str]) -> Axes:
    """An empty panel holding a figure's legend (one column, top left)."""
    ax.axis("off")
    if handles:
        ax.legend(handles, labels, loc="upper left", frameon=False, borderaxespad=0.0)
    return ax


def notes_below(ax: Axes, notes: Sequence[str], key: Sequence[str] = ()) -> AnchoredOffsetbox:
    """A panel of notes (one per line) and, if given, a key of numbered deals in two columns."""
    ax.axis("off")
    rows: list[Any] = [TextArea("\n".join(notes))] if notes else []
    if key:
        half = (len(key) + 1) // 2
        rows.append(TextArea("Deals (numbers in the plots):"))
        columns: list[Any] = [TextArea("\n".join(part)) for part in (key[:half], key[half:]) if part]
        rows.append(HPacker(children=columns, pad=0, sep=24, align="top"))
    box = AnchoredOffsetbox(loc="upper left", child=VPacker(children=rows, pad=0, sep=4, align="left"),
                            frameon=False, bbox_to_anchor=(0, 1), bbox_transform=ax.transAxes, borderpad=0)
    ax.add_artist(box)
    return box


def texts_of(box: Any) -> list[Text]:
    """Every Text inside an offset box (for tests and checks)."""
    return [a for a in box.findobj(Text) if a.get_text()]


__all__ = ["legend_panel", "notes_below", "texts_of"]
