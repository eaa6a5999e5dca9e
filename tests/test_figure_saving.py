"""Figures are saved in one place (negsim.report.figures): at once, or drawn and rendered by workers.

Inside ``saving_in_parallel`` a figure — or the function that draws it — is recorded, and
forked workers draw and render the records when the block ends. What must hold: every
recorded figure is written once, as if saved at once; an error while drawing reaches the
caller; nothing is written when the block fails.
"""

from __future__ import annotations

import multiprocessing
import zlib
from functools import partial
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure
from PIL import Image

from negsim.report.figures import DPI, save_figure, saving_in_parallel


def _titled(title: str) -> Figure:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_title(title)
    ax.plot([0, 1], [0, len(title)])
    return fig


def _pixels(path: Path) -> int:
    with Image.open(path) as im:
        return zlib.crc32(im.convert("RGB").tobytes())


def test_recorded_drawings_are_drawn_by_workers_like_figures_saved_at_once(tmp_path: Path) -> None:
    titles = [f"figure {k}" for k in range(7)]
    for t in titles:  # the reference: each figure drawn and saved at once, in this process
        save_figure(_titled(t), tmp_path / f"now_{t}.png")
    with saving_in_parallel(workers=2):
        for t in titles:
            save_figure(partial(_titled, t), tmp_path / f"later_{t}.png")  # drawn in a worker
        save_figure(_titled("a figure"), tmp_path / "later_figure.png")  # a figure drawn here, rendered there
        assert not any(tmp_path.glob("later_*.png"))  # nothing is written before the block ends
    for t in titles:
        assert _pixels(tmp_path / f"later_{t}.png") == _pixels(tmp_path / f"now_{t}.png")
    with Image.open(tmp_path / "later_figure.png") as im:
        assert im.size == (3 * DPI, 2 * DPI)
    assert len({_pixels(p) for p in tmp_path.glob("later_figure *.png")}) == len(titles)  # each its own figure


def test_an_error_while_drawing_reaches_the_caller(tmp_path: Path) -> None:
    def broken() -> Figure:
        raise ValueError("cannot draw this")

    with pytest.raises(ValueError, match="cannot draw this"), saving_in_parallel(workers=2):
        for k in range(5):
            save_figure(partial(_titled, str(k)), tmp_path / f"{k}.png")
        save_figure(broken, tmp_path / "broken.png")
    assert not (tmp_path / "broken.png").exists()


def test_nothing_is_written_when_the_block_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), saving_in_parallel(workers=2):
        for k in range(5):
            save_figure(partial(_titled, str(k)), tmp_path / f"{k}.png")
        raise RuntimeError("the report failed")
    assert not any(tmp_path.glob("*.png"))


def test_figures_started_early_and_at_the_end_are_all_written_as_if_saved_at_once(tmp_path: Path) -> None:
    """negsim run starts the bargaining figures while the sections are computed (render_recorded), the rest
    when the block ends: two batches of workers, every figure written once, pixels as if saved at once."""
    from negsim.report.figures import render_recorded

    early, late = [f"early {k}" for k in range(5)], [f"late {k}" for k in range(6)]
    for t in early + late:
        save_figure(_titled(t), tmp_path / f"now_{t}.png")
    with saving_in_parallel(workers=2):
        for k, t in enumerate(early):
            save_figure(partial(_titled, t), tmp_path / f"par_{t}.png", weight=float(k))  # heaviest first
        render_recorded()
        for t in late:
            save_figure(partial(_titled, t), tmp_path / f"par_{t}.png")
    for t in early + late:
        assert _pixels(tmp_path / f"par_{t}.png") == _pixels(tmp_path / f"now_{t}.png")


def test_an_error_in_a_figure_started_early_reaches_the_caller_and_stops_the_rest(tmp_path: Path) -> None:
    from negsim.report.figures import render_recorded

    def broken() -> Figure:
        raise ValueError("cannot draw this early one")

    with pytest.raises(ValueError, match="early one"), saving_in_parallel(workers=2):
        save_figure(broken, tmp_path / "broken.png")
        render_recorded()
        for k in range(5):
            save_figure(partial(_titled, str(k)), tmp_path / f"{k}.png")
    assert not (tmp_path / "broken.png").exists()


def test_a_failure_after_an_early_start_stops_the_workers(tmp_path: Path) -> None:
    """The block fails while early figures are being drawn: the workers are stopped, nothing hangs."""
    from negsim.report.figures import render_recorded

    with pytest.raises(RuntimeError, match="the sections failed"), saving_in_parallel(workers=2):
        for k in range(8):
            save_figure(partial(_titled, str(k)), tmp_path / f"{k}.png")
        render_recorded()
        raise RuntimeError("the sections failed")
    assert multiprocessing.active_children() == []  # the workers were stopped and reaped
