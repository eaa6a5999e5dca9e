"""The one place negsim saves figures: one resolution, the Agg backend, figures closed after saving.

Drawing and rendering figures is most of the time a report takes, so a run can save its figures
in parallel: inside :func:`saving_in_parallel`, :func:`save_figure` only records the figure — or,
better, the function that draws it — and when the block ends forked worker processes (which
inherit the records; nothing is pickled) take the figures one at a time, draw them, render them
and close them. Outside the block a figure is saved at once.

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeAlias

import matplotlib
from matplotlib.figure import Figure, FigureBase

DPI = 130
"""Resolution of every saved figure (dots per inch)."""

PARALLEL_FROM = 4
"""Fewer recorded figures than this are saved in this process (starting workers would cost more)."""

matplotlib.use("Agg", force=False)

Drawing: TypeAlias = FigureBase | Callable[[], FigureBase]
"""A figure, or a function of no arguments that draws one (so a worker can draw it)."""

_pending: list[tuple[Drawing, Path, bool]] | None = None


def save_figure(fig: Drawing, path: Path, *, tight: bool = False) -> Path:
    """Save ``fig`` as ``path`` (PNG, :data:`DPI`), creating the folder, and close it (or record it, see above).

    ``fig`` may be a function that draws the figure (``lambda: utility_space(a).figure``): inside
    :func:`saving_in_parallel` the drawing then happens in a worker too. Bind loop variables
    (``functools.partial``), as the function runs after the loop.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if _pending is not None:
        _pending.append((fig, path, tight))
        return path
    _render(fig, path, tight)
    return path


def _render(fig: Drawing, path: Path, tight: bool) -> None:
    import matplotlib.pyplot as plt

    drawn = fig if isinstance(fig, FigureBase) else fig()
    figure = drawn if isinstance(drawn, Figure) else drawn.figure  # a subfigure: the figure it is part of
    assert isinstance(figure, Figure)
    # every figure lays itself out inside its own size (tests/test_plot_style.py), so no second
    # "tight" layout pass; fast PNG compression (files ~10% larger, saved ~7% faster)
    figure.savefig(path, dpi=DPI, bbox_inches="tight" if tight else None, pil_kwargs={"compress_level": 1})
    plt.close(figure)


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
            if isinstance(fig, Figure):
                plt.close(fig)
        _pending = outer


def _flush(jobs: list[tuple[Drawing, Path, bool]], workers: int) -> None:
    n = min(workers, len(jobs))
    if n < 2 or len(jobs) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for fig, path, tight in jobs:
            _render(fig, path, tight)
        return
    global _jobs
    _jobs = jobs
    try:
        with multiprocessing.get_context("fork").Pool(n, initializer=_ignore_interrupts) as pool:
            for _ in pool.imap_unordered(_render_job, range(len(jobs))):  # the next figure to a free worker
                pass
    finally:
        _jobs = []


_jobs: list[tuple[Drawing, Path, bool]] = []


def _render_job(k: int) -> None:
    """A worker draws and renders recorded figure ``k`` (the records are inherited through fork)."""
    fig, path, tight = _jobs[k]
    _render(fig, path, tight)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them (the pool is terminated as the block unwinds)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def save_bargaining_figures(analysis: Any, folder: Path, stem: str) -> dict[str, Path]:
    """The figures that inform about one analysis, as ``folder/<kind>_<stem>.png``.

    Every analysis: the utility space. With a deal: the solutions by issue. Without one: the
    colliding red lines (a red-line chart with nothing colliding would be a line of text).
    """
    from negsim.plot import red_line_collisions, solutions_by_issue, utility_space, utility_space_pairs

    out: dict[str, Path] = {}
    if len(analysis.parties) == 2:
        out["utility_space"] = save_figure(lambda: utility_space(analysis).figure, folder / f"utility_space_{stem}.png")
    else:
        out["utility_space"] = save_figure(lambda: utility_space_pairs(analysis)[0].figure,
                                           folder / f"utility_space_{stem}.png")
    if analysis.has_deal:
        out["solutions_by_issue"] = save_figure(lambda: solutions_by_issue(analysis).figure,
                                                folder / f"solutions_{stem}.png")
    else:
        out["red_lines"] = save_figure(lambda: red_line_collisions(analysis).figure, folder / f"red_lines_{stem}.png")
    return out


__all__ = ["DPI", "save_bargaining_figures", "save_figure", "saving_in_parallel"]
