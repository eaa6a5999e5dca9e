"""Write the bargaining figures of one analysis to PNG files (used by ``negsim run``)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

from negsim.bargaining.analysis import Analysis


def save_bargaining_figures(analysis: Analysis, folder: Path, stem: str, dpi: int = 130) -> dict[str, Path]:
    """The utility space, solutions-by-issue and red-line charts as ``folder/<kind>_<stem>.png``."""
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from negsim.plot import red_line_collisions, solutions_by_issue, utility_space, utility_space_pairs

    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    if len(analysis.parties) == 2:
        fig = utility_space(analysis).figure
    else:
        fig = utility_space_pairs(analysis)[0].figure
    out["utility_space"] = _save(fig, folder / f"utility_space_{stem}.png", dpi)
    out["solutions_by_issue"] = _save(solutions_by_issue(analysis).figure, folder / f"solutions_{stem}.png", dpi)
    out["red_lines"] = _save(red_line_collisions(analysis).figure, folder / f"red_lines_{stem}.png", dpi)
    plt.close("all")
    return out


def _save(fig: object, path: Path, dpi: int) -> Path:
    fig.savefig(path, dpi=dpi, bbox_inches="tight")  # type: ignore[attr-defined]
    return path
