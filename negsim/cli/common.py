"""Shared pieces of the command line: error handling, output, scenario resolution."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from negsim.errors import NegsimError, ScenarioError
from negsim.resources import find_scenario

F = TypeVar("F", bound=Callable[..., Any])

EXIT_USER_ERROR = 1


def console(stderr: bool = False) -> Console:
    """A rich console; plain text when the output is not a terminal.

    Markup is off: names and options come from users' files, and ``[`` in them must print as
    it is. Styles are given with :class:`rich.text.Text` instead.
    """
    return Console(stderr=stderr, highlight=False, soft_wrap=False, markup=False)


def user_errors(func: F) -> F:
    """Turn negsim's user errors into a clean message and exit code 1 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
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
            click.echo("interrupted", err=True)
            sys.exit(130)

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
    """Write a file, refusing to overwrite an existing one unless ``force``."""
    if path.exists() and not force:
        raise NegsimError(f"{path} already exists; use --force to overwrite it")
    if path.is_dir():
        raise NegsimError(f"{path} is a folder; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise NegsimError(f"cannot write {path}: {exc.strerror or exc}") from None
