"""Ctrl-C that is never lost: a flag set by the SIGINT handler and checked between steps.

Python discards a ``KeyboardInterrupt`` raised inside a weakref callback or a ``__del__``
(matplotlib has both), so a Ctrl-C can vanish and a run end with exit code 0. The handler
installed by :func:`install` raises as usual *and* records the interrupt; :func:`check`
raises again at the next step boundary if the first one was swallowed. :func:`deferred`
holds interrupts back while a few renames must happen together (committing an output
folder), then raises.

Example:
    >>> with deferred():
    ...     pass            # a Ctrl-C here would wait until the block ends
    >>> check()             # nothing was interrupted
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_flag = threading.Event()
_held = threading.Event()


def _handler(signum: int, frame: FrameType | None) -> None:
    _flag.set()
    if not _held.is_set():
        raise KeyboardInterrupt


def install() -> None:
    """Route SIGINT through the recording handler (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _handler)


def interrupted() -> bool:
    """Has Ctrl-C been pressed since :func:`install` (or :func:`reset`)?"""
    return _flag.is_set()


def check() -> None:
    """Raise ``KeyboardInterrupt`` if Ctrl-C was pressed, even if its first exception was swallowed."""
    if _flag.is_set():
        raise KeyboardInterrupt


def reset() -> None:
    """Forget an earlier interrupt (tests, and long-lived notebook kernels)."""
    _flag.clear()


@contextmanager
def deferred() -> Iterator[None]:
    """Hold Ctrl-C back inside the block; raise it when the block has finished."""
    _held.set()
    try:
        yield
    finally:
        _held.clear()
    check()


__all__ = ["check", "deferred", "install", "interrupted", "reset"]
