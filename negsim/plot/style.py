"""The one look of negsim's figures: palette, text sizes, markers, wrapping, and the style a notebook applies.

Every figure function of :mod:`negsim.plot` is decorated with :func:`styled`, so whatever the
caller's settings its text is at least :data:`MIN_TEXT` points (the saved size: figures are
saved at their own size, 130 dpi, never scaled down), and it uses these colours:

* parties: Paul Tol's *bright* scheme; deals (uncertainty bars, sweep maps): Tol's *muted*
  scheme, one colour per deal chosen from the deal itself (:func:`deal_colors`), so the same
  deal has the same colour in every figure — P. Tol (2021), *Colour Schemes*, SRON technical
  note SRON/EPS/TN/09-002, https://personal.sron.nl/~pault/;
* solution concepts, frontier and feasible deals: Okabe & Ito's colour-universal palette —
  M. Okabe & K. Ito (2008), *Color Universal Design (CUD): how to make figures and
  presentations that are friendly to colorblind people*, https://jfly.uni-koeln.de/color/.

Both palettes stay distinct for the common forms of colour-vision deficiency; markers
differ too, so a grey-scale print still tells the solutions apart.

A notebook calls :func:`use` once (``use(projector=True)`` for a lecture hall) to give its
own figures the same look; negsim's figures never get smaller text than the notebook asks for.

Example:
    >>> wrap("withdraw from ukraine georgia and moldova", 20)
    'withdraw from\\nukraine georgia and\\nmoldova'
    >>> SOLUTION_STYLE["nash"]["marker"], len(set(s["color"] for s in SOLUTION_STYLE.values()))
    ('*', 4)
    >>> deal_colors([{"x": "a"}, {"x": "b"}]) == deal_colors([{"x": "b"}, {"x": "a"}])[::-1]
    True
"""

from __future__ import annotations

import functools
import hashlib
import json
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar, cast

from matplotlib.axes import Axes
from matplotlib.figure import Figure

OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7"}
"""Okabe & Ito (2008): eight colours distinguishable with every common colour-vision deficiency."""

TOL_BRIGHT = ["#4477AA", "#EE6677", "#228833", "#AA3377", "#66CCEE", "#CCBB44", "#BBBBBB"]
"""Tol's *bright* qualitative scheme (blue, red, green, purple, cyan, yellow, grey)."""

TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]
"""Tol's *muted* qualitative scheme (indigo, cyan, teal, green, olive, sand, rose, wine, purple)."""

PARTY_COLORS = TOL_BRIGHT[:6]
DEAL_COLORS = TOL_MUTED
NO_DEAL_COLOR = "#DDDDDD"
"""Pale grey: no deal (uncertainty bars, sweep maps)."""
OTHER_COLOR = "#555555"
"""Dark grey: "other deals" when a figure shows only the most frequent ones."""
INFEASIBLE_COLOR = "#BBBBBB"
FEASIBLE_COLOR = OKABE_ITO["sky_blue"]
FRONTIER_COLOR = OKABE_ITO["blue"]
POSITIVE_COLOR, NEGATIVE_COLOR = TOL_BRIGHT[0], TOL_BRIGHT[1]
EQUILIBRIUM_COLOR = OKABE_ITO["yellow"]
DENSITY_GREYS = ("#E8E8E8", "#7A7A7A")
DENSITY_BLUES = ("#D4ECF9", OKABE_ITO["blue"])
"""Shading of many deals (light: few, dark: many): rejected and accepted deals."""
BLUES = ["#9ecae1", "#3182bd", "#08519c"]
"""Three steps of ColorBrewer's sequential *Blues* (C. Brewer, colorbrewer2.org), light to dark."""
GREYS = ["#bdbdbd", "#252525"]
NOTE_FILL = "#fff8e1"
"""Background of a note box (the smallest sets to drop, under the red-line chart)."""
LIGHT_GRID = "#eeeeee"

SOLUTION_STYLE: dict[str, dict[str, Any]] = {
    "nash": {"marker": "*", "color": OKABE_ITO["orange"], "size": 320, "label": "Nash", "zorder": 6},
    "utilitarian": {"marker": "^", "color": OKABE_ITO["vermillion"], "size": 150, "label": "Utilitarian",
                    "zorder": 7},
    "kalai_smorodinsky": {"marker": "D", "color": OKABE_ITO["reddish_purple"], "size": 90,
                          "label": "Kalai–Smorodinsky", "zorder": 8},
    "egalitarian": {"marker": "s", "color": OKABE_ITO["bluish_green"], "size": 45, "label": "Egalitarian",
                    "zorder": 9},
}
"""One colour and marker per solution concept, in every figure; sizes shrink so coinciding markers nest."""

MIN_TEXT = 10.0
"""No text of a negsim figure is smaller than this (points, at the saved size)."""
SIZES = {"font": 11.0, "small": 10.0, "title": 12.0, "suptitle": 13.0}
PROJECTOR_SIZES = {"font": 15.0, "small": 13.0, "title": 16.0, "suptitle": 17.0}
MAX_WIDTH = 10.0
"""Widest figure (inches): a report or slide shows it at about its own size, so text keeps its size."""

P = ParamSpec("P")
R = TypeVar("R")


def rc(projector: bool = False) -> dict[str, Any]:
    """The matplotlib settings of negsim's style (bigger text with ``projector``)."""
    s = PROJECTOR_SIZES if projector else SIZES
    return {
        "font.size": s["font"], "axes.titlesize": s["title"], "axes.labelsize": s["font"],
        "xtick.labelsize": s["small"], "ytick.labelsize": s["small"], "legend.fontsize": s["small"],
        "legend.title_fontsize": s["small"], "figure.titlesize": s["suptitle"],
        "axes.prop_cycle": _cycler(PARTY_COLORS), "image.cmap": "viridis",
        "axes.spines.top": False, "axes.spines.right": False, "axes.titlelocation": "center",
        "legend.framealpha": 0.9, "lines.linewidth": 1.8, "grid.alpha": 0.3,
    }


def use(projector: bool = False) -> None:
    """Apply negsim's style to every figure drawn from now on (a notebook's first cell).

    >>> import matplotlib as mpl
    >>> with mpl.rc_context():
    ...     use(projector=True)
    ...     mpl.rcParams["font.size"]
    15.0
    """
    import matplotlib as mpl

    mpl.rcParams.update(cast(Any, rc(projector)))


@contextmanager
def context(projector: bool = False) -> Iterator[None]:
    """negsim's style for the figures drawn inside the ``with`` block only."""
    import matplotlib as mpl

    with mpl.rc_context(cast(Any, rc(projector))):
        yield


def styled(draw: Callable[P, R]) -> Callable[P, R]:
    """Decorate a figure function: it draws in negsim's style, with text never below :data:`MIN_TEXT`.

    Sizes the caller set larger (a notebook's ``font.size = 14``) win over the style's.
    """

    @functools.wraps(draw)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> R:
        import matplotlib as mpl

        with mpl.rc_context(cast(Any, _at_least_current(rc()))):
            out = draw(*args, **kwargs)
            _fix_tick_sizes(out)
        return out

    return drawn


def _at_least_current(style: dict[str, Any]) -> dict[str, Any]:
    """The style, with each text size raised to the current setting when that is larger."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    out = dict(style)
    for key, value in style.items():
        if key.endswith("size") and not key.startswith("figure.figsize"):
            current = FontProperties(size=cast(Any, mpl.rcParams)[key]).get_size_in_points()
            out[key] = max(float(value), float(current))
    return out


def _fix_tick_sizes(out: Any) -> None:
    """Tick labels created later (at draw time) take the style's size too."""
    fig = out if isinstance(out, Figure) else getattr(out, "figure", None)
    if fig is None and hasattr(out, "flat"):
        fig = next((a.figure for a in out.flat), None)
    if fig is None:
        return
    size = small()
    for ax in fig.axes:
        ax.tick_params(axis="both", which="both", labelsize=size)


def small() -> float:
    """The size of secondary text (ticks, legends, annotations): never below :data:`MIN_TEXT`."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    return max(MIN_TEXT, float(FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points()))


def big() -> float:
    """The size of text that must stand out (payoffs in a table cell): the body size × 1.2."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    return 1.2 * max(MIN_TEXT, float(FontProperties(size=mpl.rcParams["font.size"]).get_size_in_points()))


def _cycler(colors: Sequence[str]) -> Any:
    from cycler import cycler

    return cycler(color=list(colors))


def new_figure(size: tuple[float, float] = (7.5, 5.5)) -> Figure:
    """A new figure with constrained layout, no wider than :data:`MAX_WIDTH` inches."""
    import matplotlib.pyplot as plt

    return plt.figure(figsize=(min(size[0], MAX_WIDTH), size[1]), layout="constrained")


def new_axes(ax: Axes | None, size: tuple[float, float] = (7.5, 5.5)) -> Axes:
    """The given Axes, or a fresh one on a new figure (constrained layout, at most :data:`MAX_WIDTH` wide)."""
    if ax is not None:
        return ax
    return new_figure(size).add_subplot()


def party_color(k: int) -> str:
    """The colour of the k-th party (cycling after six)."""
    return PARTY_COLORS[k % len(PARTY_COLORS)]


def deal_colors(deals: Sequence[Mapping[str, str] | None]) -> list[str]:
    """A colour per deal, chosen from the deal itself, so a deal keeps its colour across figures.

    Each deal prefers the colour its content hashes to; when two deals of one figure prefer
    the same colour, the one with the smaller hash keeps it and the other takes the next free
    one. ``None`` (no deal) is pale grey.
    """
    keyed = sorted((_deal_hash(d), k) for k, d in enumerate(deals) if d is not None)
    out = [NO_DEAL_COLOR] * len(deals)
    taken: set[int] = set()
    for h, k in keyed:
        slot = h % len(DEAL_COLORS)
        for step in range(len(DEAL_COLORS)):
            if (slot + step) % len(DEAL_COLORS) not in taken:
                slot = (slot + step) % len(DEAL_COLORS)
                break
        taken.add(slot)
        if len(taken) == len(DEAL_COLORS):
            taken.clear()
        out[k] = DEAL_COLORS[slot]
    return out


def _deal_hash(deal: Mapping[str, str]) -> int:
    text = json.dumps(sorted(deal.items()), ensure_ascii=True)
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


def words(text: str) -> str:
    """An id or option label as words: underscores become spaces."""
    return str(text).replace("_", " ")


def wrap(text: str, width: int = 28) -> str:
    """``text`` as words, wrapped on word boundaries into lines of about ``width`` characters (never cut)."""
    lines: list[str] = []
    for part in words(text).split("\n"):
        lines += textwrap.wrap(part, width, break_long_words=True, break_on_hyphens=False) or [""]
    return "\n".join(lines)


def short(text: str, most: int = 28) -> str:
    """Kept for callers of earlier versions: now the wrapped text (figures no longer cut labels)."""
    return wrap(text, most)


def more(shown: int, total: int, what: str, where: str = "report.md") -> str:
    """The note a figure carries when it shows only some of what the text lists ("" when it shows all).

    >>> more(4, 5, "sets")
    '… and 1 more set (see report.md)'
    >>> more(3, 3, "pairs")
    ''
    """
    left = total - shown
    if left <= 0:
        return ""
    noun = what if left > 1 else what.removesuffix("s")
    return f"… and {left:,} more {noun} (see {where})" if where else f"… and {left:,} more {noun}"


def issue_label(analysis: Any, issue: str) -> str:
    """An issue's name (its id as words when the analysis carries no names), with its unit if any."""
    name = (getattr(analysis, "issue_names", None) or {}).get(issue) or words(issue)
    unit = (getattr(analysis, "units", None) or {}).get(issue, "")
    return f"{name} ({unit})" if unit and unit not in name else name


def option_label(analysis: Any, issue: str, option: str) -> str:
    """An option as words, with the issue's unit after a number (``110`` → ``110 k EUR``)."""
    unit = (getattr(analysis, "units", None) or {}).get(issue, "")
    text = words(option)
    return f"{text} {unit}" if unit and _is_number(option) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def clean(ax: Axes) -> None:
    """No top or right spine."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


__all__ = [
    "BLUES",
    "DEAL_COLORS",
    "DENSITY_BLUES",
    "DENSITY_GREYS",
    "EQUILIBRIUM_COLOR",
    "FEASIBLE_COLOR",
    "FRONTIER_COLOR",
    "GREYS",
    "INFEASIBLE_COLOR",
    "LIGHT_GRID",
    "MAX_WIDTH",
    "MIN_TEXT",
    "NEGATIVE_COLOR",
    "NOTE_FILL",
    "NO_DEAL_COLOR",
    "OKABE_ITO",
    "OTHER_COLOR",
    "PARTY_COLORS",
    "POSITIVE_COLOR",
    "SOLUTION_STYLE",
    "TOL_BRIGHT",
    "TOL_MUTED",
    "big",
    "clean",
    "context",
    "deal_colors",
    "issue_label",
    "more",
    "new_axes",
    "new_figure",
    "option_label",
    "party_color",
    "rc",
    "short",
    "small",
    "styled",
    "use",
    "words",
    "wrap",
]
