"""Progress bars for long commands: a rich bar per kind of work, on a terminal only.

Commands open :func:`progress_bar` and pass the :data:`~negsim.progress.Progress` it yields to
the library. Nothing is drawn when the output is not a terminal or when the command prints
JSON (``enabled=False``), so piped and machine-read output stays clean. Given the command's
plan (:class:`negsim.plan.Estimate`), each bar shows the estimated time of its kind of work
from the start (``deals · est. 24 s``), before the first unit is done.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from negsim.cli.common import console
from negsim.plan import Estimate, seconds_text
from negsim.progress import Progress as ProgressCallback
from negsim.wording import printable


@contextmanager
def progress_bar(enabled: bool = True, estimate: Estimate | None = None) -> Iterator[ProgressCallback | None]:
    """A callback drawing one bar per kind of work (``deals``, ``samples`` …), or None when not drawing."""
    con = console(stderr=True, raw=True)  # the bar moves the cursor; its labels are escaped by printable
    if not enabled or not con.is_terminal:
        yield None
        return
    columns = (TextColumn("{task.description}", style="bold"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn())
    with Progress(*columns, console=con, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def advance(what: str, done: int, total: int) -> None:
            if what not in tasks or bar.tasks[tasks[what]].finished:
                tasks[what] = bar.add_task(describe(what, estimate), total=total)
            bar.update(tasks[what], completed=done, total=total)

        yield advance


def describe(what: str, estimate: Estimate | None) -> str:
    """The bar's label: the kind of work, and its estimated time when the plan has one.

    >>> from negsim.plan import Estimate
    >>> describe("deals", Estimate("enumerating", 24.0, 1e8, unit="deals", total=10**8))
    'deals · est. 24 s'
    """
    seconds = estimate.seconds_for(what) if estimate is not None else None
    return printable(what) + (f" · est. {seconds_text(seconds)}" if seconds is not None else "")


__all__ = ["describe", "progress_bar"]
