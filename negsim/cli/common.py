"""Shared pieces of the command line: error handling, output, scenario resolution."""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from negsim import plan
from negsim.errors import NegsimError, ScenarioError
from negsim.resources import find_scenario

F = TypeVar("F", bound=Callable[..., Any])

EXIT_USER_ERROR = 1
EXIT_INTERRUPTED = 130

_output: dict[str, Any] = {}
"""The output folder the running command writes (for the line printed on Ctrl-C) and when it started."""


def console(stderr: bool = False) -> Console:
    """A rich console; plain text when the output is not a terminal.

    Markup is off: names and options come from users' files, and ``[`` in them must print as
    it is. Styles are given with :class:`rich.text.Text` instead.
    """
    return Console(stderr=stderr, highlight=False, soft_wrap=False, markup=False)


def user_errors(func: F) -> F:
    """Turn negsim's user errors into a clean message and exit code 1 (no traceback); Ctrl-C into exit code 130
    and one line saying what is on disk (:func:`interrupted_line`; the folder is the command's ``out`` or
    ``output`` folder, or the one given to :func:`note_output`)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _output["started"] = time.time()
        folder = kwargs.get("out", kwargs.get("output"))
        _output["folder"] = folder if isinstance(folder, Path) else None
        try:
            return func(*args, **kwargs)
        except ScenarioError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            n = len(exc.problems)
            click.echo(f"{n} problem{'s' if n != 1 else ''} found in {exc.file}.", err=True)
            sys.exit(EXIT_USER_ERROR)
        except NegsimError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USER_ERROR)
        except OSError as exc:  # a folder that cannot be written, a file that cannot be read
            where = f": {exc.filename}" if exc.filename else ""
            click.echo(f"error: {exc.strerror or exc}{where} — choose another location (-o) or fix its permissions",
                       err=True)
            sys.exit(EXIT_USER_ERROR)
        except KeyboardInterrupt:
            click.echo(interrupted_line(), err=True)
            sys.exit(EXIT_INTERRUPTED)

    return wrapper  # type: ignore[return-value]


def note_output(folder: Path | None) -> None:
    """Record the output folder this command will write when it is not its ``out`` argument (a default)."""
    _output["folder"] = None if folder is None else Path(folder)


def interrupted_line() -> str:
    """One line after Ctrl-C saying what is on disk: the previous outputs kept, the new ones complete, or nothing.

    Output folders are committed all at once (:class:`negsim.report.write.OutputFolder`), so a folder
    holds either its previous complete outputs or the new complete ones; the manifest's time says which.
    """
    from negsim.report.write import MANIFEST

    folder: Path | None = _output.get("folder")
    if folder is None:
        return "interrupted: nothing was written"
    try:
        written = (folder / MANIFEST).stat().st_mtime
    except OSError:
        return f"interrupted: nothing was written to {folder}"
    if written >= _output.get("started", time.time()):
        return f"interrupted after {folder} was written: its outputs are complete"
    return f"interrupted: nothing new was written; {folder} keeps its previous outputs"


BudgetCallback = Callable[[click.Context, click.Parameter, str | None], float | None]


def _budget_value(parse: Callable[[str], float]) -> BudgetCallback:
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
        if value is None:
            return None
        try:
            return float(parse(value))
        except NegsimError as exc:
            raise click.BadParameter(str(exc)) from None
    return callback


def budgeted(func: F) -> F:
    """Add ``--budget-seconds`` and ``--budget-memory`` and run the command under that budget (:mod:`negsim.plan`).

    Unset options fall back to ``NEGSIM_BUDGET_SECONDS`` / ``NEGSIM_BUDGET_MEMORY``, then to the defaults.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, budget_seconds: float | None = None, budget_memory: float | None = None,
                **kwargs: Any) -> Any:
        with plan.budget(plan.from_environment(os.environ, budget_seconds, budget_memory)):
            return func(*args, **kwargs)

    wrapper = click.option(
        "--budget-memory", metavar="SIZE", default=None, callback=_budget_value(plan.parse_memory),
        help=f"Refuse work estimated to need more memory than this, e.g. 2G [default: ${plan.ENV_MEMORY} or "
             f"{plan.bytes_text(plan.DEFAULT_MEMORY)}].")(wrapper)
    wrapper = click.option(
        "--budget-seconds", metavar="TIME", default=None, callback=_budget_value(plan.parse_seconds),
        help=f"Refuse work estimated to take longer than this, e.g. 300 or 20m [default: ${plan.ENV_SECONDS} or "
             f"{plan.seconds_text(plan.DEFAULT_SECONDS)}].")(wrapper)
    return wrapper  # type: ignore[return-value]


def resolve_scenario(name: str) -> Path:
    """A path as given, or the bundled scenario of that name (``negsim run security-guarantees-2021``)."""
    path = Path(name)
    if path.exists():
        return path
    bundled = find_scenario(name)
    if bundled is not None:
        return bundled
    from negsim.resources import bundled_scenarios
    from negsim.wording import suggest

    names = [p.stem for p in bundled_scenarios()]
    raise NegsimError(f"no such file or bundled scenario: {name}{suggest(path.stem, names)} "
                      "(see `negsim list` for the bundled ones)")


def write_text_safely(path: Path, text: str, force: bool) -> None:
    """Write a file, refusing to overwrite an existing one unless ``force``.

    Written under a temporary name beside it and renamed, so an error or Ctrl-C leaves either
    the old file or the new one, never half of one.
    """
    if path.exists() and not force:
        raise NegsimError(f"{path} already exists; use --force to overwrite it")
    if path.is_dir():
        raise NegsimError(f"{path} is a folder; give a file name")
    temp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # as a plainly created file would be (mkstemp makes it private)
        os.replace(temp, path)
        temp = None
    except OSError as exc:
        raise NegsimError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
