"""The one place negsim saves figures: one resolution, the Agg backend, figures closed after saving.

Drawing and rendering figures is most of the time a report takes, so a run saves its figures in
parallel: inside :func:`saving_in_parallel`, :func:`save_figure` only records the figure — or,
better, the function that draws it. Forked worker processes (which inherit the records; nothing
is pickled) take the recorded figures one at a time, heaviest first, draw them, render them and
close them: those recorded so far as soon as :func:`render_recorded` is called (so that figures
are drawn while the program goes on computing), the rest when the block ends, which waits for
all of them. Outside the block a figure is saved at once.

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
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult, Pool
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


@dataclass(frozen=True)
class _Job:
    drawing: Drawing
    path: Path
    tight: bool
    weight: float


def save_figure(fig: Drawing, path: Path, *, tight: bool = False, weight: float = 1.0) -> Path:
    """Save ``fig`` as ``path`` (PNG, :data:`DPI`), creating the folder, and close it (or record it, see above).

    ``fig`` may be a function that draws the figure (``lambda: utility_space(a).figure``): inside
    :func:`saving_in_parallel` the drawing then happens in a worker too. Bind loop variables
    (``functools.partial``), as the function runs after the loop. ``weight``: how long the figure
    takes compared with a one-panel chart (workers take the heaviest first, so none is left
    drawing a big figure alone at the end).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if _session is not None:
        _session.pending.append(_Job(fig, path, tight, weight))
        return path
    _render(fig, path, tight)
    return path


def _render(fig: Drawing, path: Path, tight: bool) -> None:
    import matplotlib.pyplot as plt

    drawn = fig if isinstance(fig, FigureBase) else fig()
    figure = drawn if isinstance(drawn, Figure) else drawn.figure  # a subfigure: the figure it is part of
    assert isinstance(figure, Figure)
    if tight:
        figure.savefig(path, dpi=DPI, bbox_inches="tight", pil_kwargs={"compress_level": 1})
    else:
        _write_png(figure, path)
    plt.close(figure)


def _write_png(figure: Figure, path: Path) -> None:
    """Lay out, draw and write ``figure`` in one pass.

    ``savefig`` with a layout engine draws a figure twice (once to lay it out, once to render it);
    the canvas's own draw lays out and renders at once, and gives the same pixels. Every figure lays
    itself out inside its own size (tests/test_plot_style.py), so no "tight" pass either. The
    pixels are written by :func:`negsim.report.png.png_bytes` (a third of Pillow's time).
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from negsim.report.png import png_bytes

    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
    figure.set_dpi(DPI)
    canvas.draw()
    path.write_bytes(png_bytes(np.asarray(canvas.buffer_rgba()), DPI))


@dataclass
class _Session:
    """The figures of one :func:`saving_in_parallel` block: recorded, and being rendered."""

    workers: int
    pending: list[_Job] = field(default_factory=list)
    running: list[tuple[Pool, AsyncResult[list[None]]]] = field(default_factory=list)

    def start(self, *, last: bool) -> None:
        """Hand the recorded figures to new workers, heaviest first (or, the last few, render them here)."""
        jobs, self.pending = sorted(self.pending, key=lambda j: -j.weight), []
        if not jobs:
            return
        forkable = "fork" in multiprocessing.get_all_start_methods()
        if not forkable or self.workers < 2 or (last and not self.running and len(jobs) < PARALLEL_FROM):
            for job in jobs:
                _render(job.drawing, job.path, job.tight)
            return
        global _jobs
        _jobs = jobs  # the workers inherit them as they are forked, now
        try:
            pool = multiprocessing.get_context("fork").Pool(min(self.workers, len(jobs)), initializer=_in_worker)
        finally:
            _jobs = []
        self.running.append((pool, pool.map_async(_render_job, range(len(jobs)), chunksize=1)))

    def wait(self) -> None:
        """Wait for every worker; a worker's error is raised here."""
        for pool, result in self.running:
            result.get()
            pool.close()
            pool.join()
        self.running = []

    def stop(self) -> None:
        """Stop every worker at once (after an error or Ctrl-C) and close the figures never handed over."""
        import matplotlib.pyplot as plt

        for pool, _ in self.running:
            pool.terminate()
        for pool, _ in self.running:
            pool.join()
        self.running = []
        for job in self.pending:
            if isinstance(job.drawing, Figure):
                plt.close(job.drawing)
        self.pending = []


_session: _Session | None = None
_jobs: list[_Job] = []


@contextmanager
def saving_in_parallel(workers: int | None = None) -> Iterator[None]:
    """Record the figures saved in the block; render them with ``workers`` processes (see the module docstring).

    ``workers`` defaults to the machine's cores. On a platform without ``fork`` the figures are
    rendered in this process. An error or Ctrl-C in the block stops the workers at once; figures
    started by :func:`render_recorded` may have been written by then (an
    :class:`~negsim.report.write.OutputFolder` discards them with the rest of a failed run).
    """
    global _session
    outer, _session = _session, _Session(workers or os.cpu_count() or 1)
    session = _session
    try:
        with matplotlib.rc_context({"figure.max_open_warning": 0}):  # held on purpose until rendered
            yield
            session.start(last=True)
            session.wait()
    finally:
        session.stop()
        _session = outer


def render_recorded() -> None:
    """Inside :func:`saving_in_parallel`: start rendering the figures recorded so far, and return at once."""
    if _session is not None:
        _session.start(last=False)


def _render_job(k: int) -> None:
    """A worker draws and renders recorded figure ``k`` (the records are inherited through fork)."""
    job = _jobs[k]
    _render(job.drawing, job.path, job.tight)


def _in_worker() -> None:
    """Workers leave Ctrl-C to the parent, which stops them, and write nothing to the terminal.

    A worker may be forked while a thread of the parent (a progress bar) is writing to the
    terminal; its copy of that stream's lock would then stay taken, so a worker has streams of its
    own. Its errors reach the parent through the pool.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (the worker's streams until it exits)


def save_bargaining_figures(analysis: Any, folder: Path, stem: str) -> dict[str, Path]:
    """The figures that inform about one analysis, as ``folder/<kind>_<stem>.png``.

    With a deal: the utility space and the solutions by issue. Without one: the colliding red
    lines (a red-line chart with nothing colliding would be a line of text), and, for two
    parties, the utility space (how far apart they are). With three or more parties and no deal
    the utility space is not drawn (:func:`draws_utility_space`).
    """
    from negsim.plot import red_line_collisions, solutions_by_issue, utility_space, utility_space_pairs

    out: dict[str, Path] = {}
    if draws_utility_space(analysis) and len(analysis.parties) == 2:
        out["utility_space"] = save_figure(lambda: utility_space(analysis).figure, folder / f"utility_space_{stem}.png",
                                           weight=2.0)
    elif draws_utility_space(analysis):
        pairs = len(analysis.parties) * (len(analysis.parties) - 1) // 2  # a panel per pair, at most 6 drawn
        out["utility_space"] = save_figure(lambda: utility_space_pairs(analysis)[0].figure,
                                           folder / f"utility_space_{stem}.png", weight=1.0 + min(pairs, 6))
    if analysis.has_deal:
        out["solutions_by_issue"] = save_figure(lambda: solutions_by_issue(analysis).figure,
                                                folder / f"solutions_{stem}.png", weight=1.5)
    else:
        out["red_lines"] = save_figure(lambda: red_line_collisions(analysis).figure, folder / f"red_lines_{stem}.png",
                                       weight=2.0)
    return out


def draws_utility_space(analysis: Any) -> bool:
    """Whether ``negsim run`` draws the utility space of ``analysis``.

    Not with three or more parties and no deal: each panel projects the deals onto two parties'
    utilities, where many deals look better than no deal for both though none is acceptable to
    every party (a third party or a red line rejects each), so the figure invites the wrong
    reading while the red-line chart beside it answers why there is no deal.
    """
    return bool(analysis.has_deal) or len(analysis.parties) == 2


__all__ = ["DPI", "draws_utility_space", "render_recorded", "save_bargaining_figures", "save_figure",
           "saving_in_parallel"]
