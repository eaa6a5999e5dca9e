"""negsim writes its PNG files itself (negsim.report.png); Pillow, the peer, must read back the same pixels."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from negsim.report.png import png_bytes


@pytest.mark.parametrize("opaque", [True, False])
def test_pillow_reads_back_every_pixel(opaque: bool) -> None:
    rng = np.random.default_rng(4)
    rgba = rng.integers(0, 256, (37, 53, 4), dtype=np.uint8)
    if opaque:
        rgba[..., 3] = 255
    with Image.open(io.BytesIO(png_bytes(rgba, dpi=130))) as im:
        assert im.mode == ("RGB" if opaque else "RGBA")
        assert im.size == (53, 37)
        assert np.array_equal(np.asarray(im), rgba[..., :3] if opaque else rgba)
        assert im.info["dpi"] == pytest.approx((130, 130), abs=0.01)


def test_a_rendered_figure_is_written_with_the_pixels_matplotlib_drew(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import matplotlib.pyplot as plt

    from negsim.report.figures import DPI, save_figure

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [1, 0])
    fig.set_dpi(DPI)
    fig.canvas.draw()
    drawn = np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()  # type: ignore[attr-defined]
    save_figure(fig, tmp_path / "f.png")
    with Image.open(tmp_path / "f.png") as im:
        assert np.array_equal(np.asarray(im), drawn)
