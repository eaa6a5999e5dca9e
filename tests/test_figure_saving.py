"""Figures are saved in one place (negsim.report.figures): at once, or drawn and rendered by workers.

Inside ``saving_in_parallel`` a figure — or the function that draws it — is recorded, and
forked workers draw and render the records when the block ends. What must hold: every
recorded figure is written once, as if saved at once; an error while drawing reaches the
caller; nothing is written when the block fails.
"""

from __future__ import annotations

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
