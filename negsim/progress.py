"""Progress of long work, reported through a callback so that computing code never draws.

A :data:`Progress` is ``progress(what, done, total)``; long-running functions call it as they
advance. The command line passes one that draws a rich progress bar on a terminal
(:mod:`negsim.cli.progress`); notebooks and tests pass nothing and nothing is shown.

Example:
    >>> seen = []
    >>> tell(lambda what, done, total: seen.append((what, done, total)), "samples", 5, 10)
    >>> tell(None, "samples", 10, 10)
    >>> seen
    [('samples', 5, 10)]
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
"""``progress(what, done, total)``: ``done`` of ``total`` units of ``what`` are finished."""


def tell(progress: Progress | None, what: str, done: int, total: int) -> None:
    """Report to ``progress`` if there is one (``None`` or ``False``: nobody is listening)."""
    if progress:
        progress(what, done, total)


__all__ = ["Progress", "tell"]
