"""The one place negsim saves figures: one resolution, the Agg backend, figures closed after saving.

Example:
    >>> import tempfile, pathlib
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> path = save_figure(fig, pathlib.Path(tempfile.mkdtemp()) / "demo.png")
    >>> path.name, path.stat().st_size > 0
    ('demo.png', True)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

DPI = 130
"""Resolution of every saved figure (dots per inch)."""

matplotlib.use("Agg", force=False)


def save_figure(fig: Any, path: Path, *, tight: bool = True) -> Path:
    """Save ``fig`` as ``path`` (PNG, :data:`DPI`), creating the folder, and close it."""
    import matplotlib.pyplot as plt

    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, bbox_inches="tight" if tight else None)
    plt.close(fig)
    return path


def save_bargaining_figures(analysis: Any, folder: Path, stem: str) -> dict[str, Path]:
    """The utility space, solutions-by-issue and red-line charts as ``folder/<kind>_<stem>.png``."""
    from negsim.plot import red_line_collisions, solutions_by_issue, utility_space, utility_space_pairs

    out: dict[str, Path] = {}
    if len(analysis.parties) == 2:
        fig = utility_space(analysis).figure
    else:
        fig = utility_space_pairs(analysis)[0].figure
    out["utility_space"] = save_figure(fig, folder / f"utility_space_{stem}.png")
    out["solutions_by_issue"] = save_figure(solutions_by_issue(analysis).figure, folder / f"solutions_{stem}.png")
    out["red_lines"] = save_figure(red_line_collisions(analysis).figure, folder / f"red_lines_{stem}.png")
    return out


__all__ = ["DPI", "save_bargaining_figures", "save_figure"]
