"""Benchmark: how long the installed matplotlib takes to lay out and draw text (why pyproject.toml skips 3.11).

Five figures of 40 labels each, laid out (constrained layout) and drawn at negsim's resolution,
fastest of three repeats. Run it in two environments to compare matplotlib releases:

    python benchmarks/bench_matplotlib_text.py          # e.g. 3.10.9: 0.63 s; 3.11.2: 1.44 s here

negsim's figures are mostly text (titles, tick labels, wrapped option names, legends), so this is
what a figure costs; see benchmarks/README.md.
"""

from __future__ import annotations

import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from negsim.report.figures import DPI


def text_heavy_figure() -> plt.Figure:
    fig, ax = plt.subplots(figsize=(10, 10), layout="constrained")
    for i in range(40):
        ax.text(0.02, i / 40, f"Russia's red line {i}: only a binding no-vote pledge or a legal ban on enlargement")
    ax.set_title("A title long enough to matter, as negsim's titles are")
    return fig


def main() -> None:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(5):
            fig = text_heavy_figure()
            fig.set_dpi(DPI)
            fig.canvas.draw()
            plt.close(fig)
        best = min(best, time.perf_counter() - start)
    print(f"matplotlib {matplotlib.__version__}: 5 text-heavy figures laid out and drawn in {best:.2f} s")


if __name__ == "__main__":
    main()
