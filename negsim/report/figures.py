"""The one place negsim saves figures: one resolution, the Agg backend, figures closed after saving.

Rendering a figure to PNG is most of the time a report takes, so a run can save its figures
in parallel: inside :func:`saving_in_parallel`, :func:`save_figure` only records the figure,
and when the block ends the recorded figures are rendered by forked worker processes (which
inherit them; nothing is pickled), one share each, then closed. Outside the block it saves at once.

Example:
    >>> import tempfile, pathlib
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> path = save_figure(fig, pathlib.Path(tempfile.mkdtemp()) / "demo.png")
    >>> path.name, path.stat().st_size > 0
    ('demo.png', True)
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib

DPI = 130
"""Resolution of every saved figure (dots per inch)."""

PARALLEL_FROM = 4
"""Fewer recorded figures than this are saved in this process (starting workers would cost more)."""

matplotlib.use("Agg", force=False)

_pending: list[tuple[Any, Path, bool]] | None = None


def save_figure(fig: Any, path: Path, *, tight: bool = False) -> Path:
    """Save ``fig`` as ``path`` (PNG, :data:`DPI`), creating the folder, and close it (or record it, see above)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if _pending is not None:
        _pending.append((fig, path, tight))
        return path
    _render(fig, path, tight)
    return path


def _render(fig: Any, path: Path, tight: bool) -> None:
    import matplotlib.pyplot as plt

    # every figure lays itself out inside its own size (tests/test_plot_style.py), so no second
    # "tight" layout pass; fast PNG compression (files ~10% larger, saved ~7% faster)
    fig.savefig(path, dpi=DPI, bbox_inches="tight" if tight else None, pil_kwargs={"compress_level": 1})
    plt.close(fig)


@contextmanager
def saving_in_parallel(workers: int | None = None) -> Iterator[None]:
    """Record the figures saved in the block; render them with ``workers`` processes when it ends.

    ``workers`` defaults to the machine's cores. On a platform without ``fork`` the figures are
    rendered in this process. An error or Ctrl-C in the block renders nothing.
    """
    global _pending
    outer, _pending = _pending, []
    try:
        with matplotlib.rc_context({"figure.max_open_warning": 0}):  # held on purpose until rendered
            yield
        _flush(_pending, workers or os.cpu_count() or 1)
    finally:
        import matplotlib.pyplot as plt

        for fig, _, _ in _pending or []:
            plt.close(fig)
        _pending = outer


def _flush(jobs: list[tuple[Any, Path, bool]], workers: int) -> None:
    n = min(workers, len(jobs))
    if n < 2 or len(jobs) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for fig, path, tight in jobs:
            _render(fig, path, tight)
        return
    global _shares
    _shares = [jobs[k::n] for k in range(n)]
    with multiprocessing.get_context("fork").Pool(n) as pool:
        pool.map(_render_share, range(n))


_shares: list[list[tuple[Any, Path, bool]]] = []


def _render_share(k: int) -> None:
    """A worker renders its share of the recorded figures (inherited through fork)."""
    for fig, path, tight in _shares[k]:
        _render(fig, path, tight)


def save_bargaining_figures(analysis: Any, folder: Path, stem: str) -> dict[str, Path]:
    """The figures that inform about one analysis, as ``folder/<kind>_<stem>.png``.

    Every analysis: the utility space. With a deal: the solutions by issue. Without one: the
    colliding red lines (a red-line chart with nothing colliding would be a line of text).
    """
    from negsim.plot import red_line_collisions, solutions_by_issue, utility_space, utility_space_pairs

    out: dict[str, Path] = {}
    if len(analysis.parties) == 2:
        fig = utility_space(analysis).figure
    else:
        fig = utility_space_pairs(analysis)[0].figure
    out["utility_space"] = save_figure(fig, folder / f"utility_space_{stem}.png")
    if analysis.has_deal:
        out["solutions_by_issue"] = save_figure(solutions_by_issue(analysis).figure, folder / f"solutions_{stem}.png")
    else:
        out["red_lines"] = save_figure(red_line_collisions(analysis).figure, folder / f"red_lines_{stem}.png")
    return out


__all__ = ["DPI", "save_bargaining_figures", "save_figure", "saving_in_parallel"]
