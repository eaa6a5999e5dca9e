"""Sliders for the notebooks, with a static fallback.

``sliders(draw, delta=(0.5, 0.99, 0.01, 0.9))`` shows ipywidgets sliders that redraw
``draw(delta=...)`` as the student moves them — in JupyterLab, with ``ipywidgets``
installed (``pip install -e ".[notebooks]"``). Without ipywidgets, or when
``NEGSIM_STATIC=1`` (the test suite, a PDF export), it calls ``draw`` once with the
default values, so the notebook still runs top to bottom and shows the picture.

Example:
    >>> import os; os.environ["NEGSIM_STATIC"] = "1"
    >>> sliders(lambda delta: print(f"δ = {delta}"), delta=(0.5, 0.99, 0.01, 0.9))
    δ = 0.9
    >>> del os.environ["NEGSIM_STATIC"]
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import Any

from negsim.errors import NegsimError

Control = tuple[float, float, float, float]
"""(low, high, step, start) of one slider."""


def widgets_available() -> bool:
    """True when ipywidgets can be imported and static mode is not forced."""
    if os.environ.get("NEGSIM_STATIC", "") not in ("", "0"):
        return False
    try:
        importlib.import_module("ipywidgets")
    except ImportError:
        return False
    return True


def sliders(draw: Callable[..., Any], **controls: Control) -> None:
    """Sliders that redraw ``draw(**values)``; without ipywidgets, one static call at the start values."""
    for name, (low, high, step, start) in controls.items():
        if not low <= start <= high or step <= 0:
            raise NegsimError(f"slider `{name}`: need low ≤ start ≤ high and step > 0")
    if not widgets_available():
        draw(**{name: c[3] for name, c in controls.items()})
        return
    widgets = importlib.import_module("ipywidgets")
    import matplotlib.pyplot as plt

    def redraw(**values: float) -> None:
        draw(**values)
        plt.show()  # inside the widget's output area

    boxes = {name: widgets.FloatSlider(value=start, min=low, max=high, step=step, description=name,
                                       continuous_update=False)
             for name, (low, high, step, start) in controls.items()}
    widgets.interact(redraw, **boxes)


__all__ = ["Control", "sliders", "widgets_available"]
