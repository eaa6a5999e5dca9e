"""Everything ``negsim run`` writes and prints: result.json, report.md, figures, the terminal summary.

:func:`write_run` turns :class:`~negsim.pipeline.Results` into the files of an output folder
(figures only with ``plots``: without them matplotlib is never imported);
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
    figures_dir = folder.folder("figures") if plots else None
    with _figure_saving(plots):  # figures are recorded, then rendered by worker processes together
        bargaining = _bargaining_figures(results, figures_dir) if figures_dir is not None else {}
        sections = report_sections(results, figures_dir)
    result = results.to_dict(timings=timings)
    folder.write_json("result.json", result)
    root = folder.path("report.md").parent
    markdown = markdown_report(results.scenario, results.analyses, sections, bargaining, root)
    folder.write_text("report.md", markdown)
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


__all__ = ["RunReport", "print_run", "write_run"]
