"""Everything ``negsim run`` writes and prints: result.json, report.md, figures, the terminal summary.

:func:`write_run` turns :class:`~negsim.pipeline.Results` into the files of an output folder
(figures only with ``plots``: without them matplotlib is never imported); :func:`run_writer`
does the same in two steps, so that figures can be drawn while the analysis goes on;
:func:`print_run` prints the summary.

Example:
    >>> import tempfile, pathlib, negsim
    >>> from negsim.report.write import OutputFolder
    >>> r = negsim.run(negsim.load(negsim.bundled("job-offer")))
    >>> with OutputFolder(pathlib.Path(tempfile.mkdtemp()) / "out", command="run") as folder:
    ...     report = write_run(r, folder, plots=False)
    >>> sorted(report.result), report.markdown.splitlines()[0]
    (['analyses', 'games', 'method', 'negsim_version', 'scenario', 'seed'], '# Job offer (integrative, six issues)')
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from negsim.pipeline import Results
from negsim.report.bargaining import print_summary
from negsim.report.document import markdown_report
from negsim.report.section import ReportSection, report_sections
from negsim.report.write import OutputFolder


@dataclass
class RunReport:
    """What a run wrote: the result.json data, the report.md text, the sections."""

    result: dict[str, Any]
    markdown: str
    sections: list[ReportSection]


def write_run(results: Results, folder: OutputFolder, *, plots: bool = True, timings: bool = False) -> RunReport:
    """Write result.json, report.md and (with ``plots``) figures/ into ``folder``."""
    with run_writer(folder, plots=plots, timings=timings) as writer:
        return writer.write(results)


@contextmanager
def run_writer(folder: OutputFolder, *, plots: bool = True, timings: bool = False) -> Iterator[RunWriter]:
    """A :class:`RunWriter` for ``folder``; its figures are all written when the block ends."""
    with _figure_saving(plots):  # figures are recorded, then rendered by worker processes
        yield RunWriter(folder, plots, timings)


class RunWriter:
    """Writes one run's outputs, and starts its figures as soon as their data exists.

    ``negsim run`` passes :meth:`analyses_done` to :func:`negsim.pipeline.run`: the bargaining
    figures are then drawn by worker processes while the sections (games, dynamics, uncertainty)
    are computed, instead of after them.
    """

    def __init__(self, folder: OutputFolder, plots: bool, timings: bool) -> None:
        self.folder = folder
        self.timings = timings
        self.figures_dir = folder.folder("figures") if plots else None
        self.bargaining: dict[str | None, dict[str, Path]] | None = None

    def analyses_done(self, results: Results) -> None:
        """Start drawing the bargaining figures of ``results`` (its deal spaces are analysed)."""
        if self.figures_dir is None or self.bargaining is not None:
            return
        from negsim.report.figures import render_recorded

        self.bargaining = _bargaining_figures(results, self.figures_dir)
        render_recorded()

    def write(self, results: Results) -> RunReport:
        """Start the remaining figures, and write result.json and report.md while they are drawn."""
        if self.figures_dir is not None and self.bargaining is None:
            self.bargaining = _bargaining_figures(results, self.figures_dir)
        sections = report_sections(results, self.figures_dir)
        if self.figures_dir is not None:
            from negsim.report.figures import render_recorded

            render_recorded()
        result = results.to_dict(timings=self.timings)
        self.folder.write_json("result.json", result)
        root = self.folder.path("report.md").parent
        markdown = markdown_report(results.scenario, results.analyses, sections, self.bargaining or {}, root)
        self.folder.write_text("report.md", markdown)
        return RunReport(result, markdown, sections)


def _figure_saving(plots: bool) -> contextlib.AbstractContextManager[None]:
    if not plots:
        return contextlib.nullcontext()
    from negsim.report.figures import saving_in_parallel  # matplotlib only when figures are drawn

    return saving_in_parallel()


def _bargaining_figures(results: Results, folder: Path) -> dict[str | None, dict[str, Path]]:
    from negsim.report.figures import save_bargaining_figures  # matplotlib only when figures are drawn

    return {a.agenda: save_bargaining_figures(a, folder, a.agenda or "full") for a in results.analyses}


def print_run(console: Console, results: Results, sections: list[ReportSection]) -> None:
    """The readable terminal summary of a run."""
    print_summary(console, results.scenario, results.analyses, sections)


__all__ = ["RunReport", "RunWriter", "print_run", "run_writer", "write_run"]
