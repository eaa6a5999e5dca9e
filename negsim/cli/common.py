"""Shared pieces of the command line: error handling, output, scenario resolution."""

from __future__ import annotations

import functools
import io
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar, cast

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


_CONTROL = re.compile(r"(\x1b\[[0-9;]*m)|([\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069])")


def safe_terminal_text(text: str) -> str:
    """``text`` with every control character escaped (``\\x1b``) except rich's own colour codes (``ESC[…m``).

    Titles, names and reasons come from users' files: raw, an escape sequence could clear the
    screen, set the window title or hide a line of output.

    >>> out = safe_terminal_text("ok" + chr(27) + "[2Jgone" + chr(27) + "[1mbold" + chr(27) + "[0m")
    >>> out == "ok" + chr(92) + "x1b[2Jgone" + chr(27) + "[1mbold" + chr(27) + "[0m"
    True
    """
    return _CONTROL.sub(lambda m: m.group(1) or m.group(2).encode("unicode_escape").decode("ascii"), text)


class _SafeWriter(io.TextIOBase):
    """A text stream passing everything through :func:`safe_terminal_text` before it reaches the terminal."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(safe_terminal_text(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return bool(getattr(self.stream, "isatty", lambda: False)())

    def fileno(self) -> int:
        return int(self.stream.fileno())


def console(stderr: bool = False, *, raw: bool = False) -> Console:
    """A rich console; plain text when the output is not a terminal; control characters escaped.

    Markup is off: names and options come from users' files, and ``[`` in them must print as
    it is. Styles are given with :class:`rich.text.Text` instead. ``raw`` (progress bars only,
    which move the cursor and print nothing from a file unescaped) skips the escaping.
    """
    stream = sys.stderr if stderr else sys.stdout
    is_terminal = bool(getattr(stream, "isatty", lambda: False)())
    out = stream if raw else cast(IO[str], _SafeWriter(stream))
    return Console(file=out, force_terminal=is_terminal, highlight=False, soft_wrap=False, markup=False)


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def echo_json(text: str) -> None:
    """Print JSON text with the characters a terminal would act on written as ``\\uXXXX`` (still valid JSON)."""
    click.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text), nl=not text.endswith("\n"))


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` with control characters escaped (for text made from users' files)."""
    click.echo(safe_terminal_text(text), err=err, nl=nl)


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
                echo(str(problem), err=True)
            n = len(exc.problems)
            click.echo(f"{n} problem{'s' if n != 1 else ''} found in {exc.file}.", err=True)
            sys.exit(EXIT_USER_ERROR)
        except NegsimError as exc:
            echo(f"error: {exc}", err=True)
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


def max_deals_option(default: int) -> Callable[[F], F]:
    """``--max-deals``: the file format's limit on a deal space, its default shown as a power of ten."""
    digits = len(str(default)) - 1
    shown = f"10^{digits}" if default == 10**digits else f"{default:,}"
    return click.option("--max-deals", type=click.IntRange(min=1), default=default,
                        help=f"Refuse deal spaces larger than this when the file is read [default: {shown}].")


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
