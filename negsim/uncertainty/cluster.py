"""Batches on a Dask cluster: reach the scheduler within a deadline, notice when it is lost, stop cleanly.

What can go wrong, and what negsim says (never a hang, never a traceback):

* nothing listens at the address → "cannot reach the Dask scheduler" after
  :data:`CONNECT_TIMEOUT` seconds;
* something else listens there (a web server, an SSH daemon): a Dask scheduler speaks
  first — on a new connection it sends its handshake, a message whose first 8 bytes are
  its length (``distributed.comm.tcp``). negsim reads those bytes itself before Dask does,
  with a deadline, so a server that stays silent (HTTP) or sends something else (an SSH
  banner, which Dask would read as a length of exabytes) is named as "not a Dask scheduler";
* the scheduler dies mid-run → "lost the Dask scheduler after N of M batches" (its
  futures come back cancelled), and a cluster left without workers for
  :data:`NO_WORKERS_TIMEOUT` seconds stops the run with a message instead of waiting for ever;
* a worker dies mid-run → nothing to do: the scheduler runs its batches elsewhere, and
  every batch draws from its own seeded stream, so the result is the same;
* Ctrl-C → the run's futures are cancelled on the cluster before the client closes.

Source: the Dask distributed protocol and client API (``distributed.comm``,
``Client``, ``wait``, ``Future.status``), https://distributed.dask.org.

Example:
    >>> greeting_problem(b"SSH-2.0-OpenSSH_9.6")
    "it sent 'SSH-2.0-' instead of a Dask handshake"
    >>> greeting_problem((300).to_bytes(8, "little")) is None
    True
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from negsim.errors import NegsimError
from negsim.wording import printable

if TYPE_CHECKING:
    from negsim.engine.batched import SampleTable
    from negsim.uncertainty.executors import Job

CONNECT_TIMEOUT = 10.0
"""Seconds to reach the scheduler and complete Dask's handshake before giving up."""

GREETING_TIMEOUT = 5.0
"""Seconds a service may take to send the first bytes of its Dask handshake."""

MAX_GREETING = 1 << 20
"""A Dask handshake is a few hundred bytes; a length above this is not one."""

POLL = 2.0
"""Seconds between checks of the cluster while no batch finishes."""

NO_WORKERS_TIMEOUT = 120.0
"""Seconds a run waits on a cluster with no workers before it stops with a message."""

CLOSE_TIMEOUT = 5.0
"""Seconds given to closing the client (the scheduler may be gone)."""

HINT = "start one with `dask scheduler` and pass the tcp:// address it prints (port 8786 by default)"


def greeting_problem(first: bytes) -> str | None:
    """Why the first bytes a service sent are not the start of a Dask handshake (None when they could be)."""
    if len(first) < 8:
        return f"it closed the connection after {len(first)} byte(s) instead of sending a Dask handshake"
    (length,) = struct.unpack("<Q", first[:8])
    if 0 < length <= MAX_GREETING:
        return None
    return f"it sent {printable(first[:8].decode('latin-1'))!r} instead of a Dask handshake"


def check_greeting(address: str, timeout: float | None = None, greeting: float | None = None) -> None:
    """Connect over TCP and read the first 8 bytes the service sends; NegsimError unless they can be Dask's.

    ``timeout`` (default :data:`CONNECT_TIMEOUT`) bounds the connection, ``greeting`` (default
    :data:`GREETING_TIMEOUT`) the wait for the first bytes.
    """
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    greeting = GREETING_TIMEOUT if greeting is None else greeting
    host, port = _host_port(address)
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError as exc:
        raise NegsimError(f"cannot reach the Dask scheduler at {address} ({exc.strerror or exc}); {HINT}") from None
    with sock:
        sock.settimeout(greeting)
        first = b""
        try:
            while len(first) < 8:
                chunk = sock.recv(8 - len(first))
                if not chunk:
                    break
                first += chunk
        except TimeoutError:
            raise NegsimError(f"the service at {address} is not a Dask scheduler: it accepted the connection but sent "
                              f"nothing for {greeting:g} s (a web server? the dashboard's port 8787 is not the "
                              f"scheduler's); {HINT}") from None
        except OSError as exc:
            raise NegsimError(f"cannot reach the Dask scheduler at {address} ({exc.strerror or exc}); {HINT}") from None
    problem = greeting_problem(first)
    if problem:
        raise NegsimError(f"the service at {address} is not a Dask scheduler: {problem}; {HINT}")


def _host_port(address: str) -> tuple[str, int]:
    rest = address.removeprefix("tcp://")
    host, sep, port = rest.rpartition(":")
    if not sep or not port.isdigit():
        raise NegsimError(f"`{address}`: expected a scheduler address HOST:PORT, e.g. tcp://10.0.0.5:8786")
    return host.strip("[]"), int(port)


def connect(address: str) -> Any:
    """A ``dask.distributed.Client`` of the scheduler at ``address``, or a NegsimError within a bounded time."""
    try:
        import dask
        from dask.distributed import Client
    except ImportError:
        raise NegsimError("running on a Dask cluster needs dask.distributed: "
                          "pip install 'negsim[distributed]'") from None
    if "://" not in address or address.startswith("tcp://"):
        check_greeting(address)
    try:
        with dask.config.set({"distributed.comm.timeouts.connect": f"{CONNECT_TIMEOUT:g}s"}):
            return Client(address, timeout=f"{CONNECT_TIMEOUT:g}s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise NegsimError(f"cannot reach the Dask scheduler at {address} ({exc}); {HINT}") from None
    except Exception as exc:  # a peer that speaks, but not Dask's protocol (or another version of it)
        raise NegsimError(f"cannot use the Dask scheduler at {address}: {type(exc).__name__}: {exc}") from None


@contextmanager
def quiet() -> Iterator[None]:
    """Keep Dask's own log lines (reconnection tracebacks after a lost scheduler) off the terminal:
    negsim reports what went wrong in one sentence instead."""
    with contextlib.suppress(ImportError):
        import distributed  # noqa: F401 - its loggers exist once it is imported
    names = ["distributed", *(n for n in logging.Logger.manager.loggerDict if n.startswith("distributed."))]
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def run_on_dask(jobs: Sequence[Job], scheduler: str | None, client: Any,
                grouping: Callable[[Sequence[Job]], list[list[Job]]]) -> Iterator[tuple[int, SampleTable]]:
    """Run the jobs (in groups) on the cluster; yield ``(batch, table)`` as groups finish (see the module docstring)."""
    from negsim.uncertainty.executors import run_group

    own = client is None
    if own:
        assert scheduler is not None
        client = connect(scheduler)
    address = scheduler or getattr(getattr(client, "scheduler", None), "address", None)
    where = f"the Dask scheduler at {address}" if address else "the Dask scheduler"
    futures: list[Any] = []
    try:
        futures = client.map(run_group, grouping(jobs), pure=False)
        yield from _collect(client, futures, len(jobs), where)
    except BaseException:
        with contextlib.suppress(Exception):
            client.cancel(futures, force=True)
        raise
    finally:
        if own:
            with contextlib.suppress(Exception):
                client.close(timeout=CLOSE_TIMEOUT)


def _collect(client: Any, futures: list[Any], total: int, where: str) -> Iterator[tuple[int, SampleTable]]:
    from dask.distributed import wait

    pending, done_batches = set(futures), 0
    idle_since: float | None = None
    while pending:
        try:
            with client.as_current():
                finished, pending = _wait_some(wait, pending)
        except Exception:  # the futures were cancelled under us: the client lost the scheduler
            raise lost(where, done_batches, total) from None
        if not finished:
            idle_since = _check_cluster(client, where, done_batches, total, idle_since)
            continue
        idle_since = None
        for future in finished:
            if future.status == "finished":
                try:
                    rows = future.result()  # fetched through the scheduler, which may die just now
                except OSError:
                    raise lost(where, done_batches, total) from None
                done_batches += len(rows)
                yield from rows
            elif future.status == "error":
                future.result()  # the task's own exception (a negsim error travels as itself)
            else:
                raise lost(where, done_batches, total, f" (its tasks came back `{future.status}`)")


def lost(where: str, done: int, total: int, detail: str = "") -> NegsimError:
    """The error of a run whose scheduler went away.

    >>> str(lost("the Dask scheduler at tcp://h:8786", 3, 8))[:52]
    'lost the Dask scheduler at tcp://h:8786 after 3 of 8'
    """
    return NegsimError(f"lost {where} after {done} of {total} batches{detail}; nothing was written — restart the "
                       "scheduler and run again")


def _wait_some(wait: Any, pending: set[Any]) -> tuple[set[Any], set[Any]]:
    """The futures finished within :data:`POLL` seconds (none when it passed) and the others."""
    try:
        done, left = wait(pending, timeout=POLL, return_when="FIRST_COMPLETED")
    except TimeoutError:
        return set(), pending
    return set(done), set(left)


def _check_cluster(client: Any, where: str, done: int, total: int, idle_since: float | None) -> float | None:
    """Raise when the scheduler is gone or has had no workers for too long; return since when it has had none."""
    try:
        workers = len(client.nthreads())
    except Exception:
        raise lost(where, done, total) from None
    if workers:
        return None
    now = time.monotonic()
    if idle_since is not None and now - idle_since > NO_WORKERS_TIMEOUT:
        raise NegsimError(f"{where} has had no workers for {NO_WORKERS_TIMEOUT:g} s ({done} of {total} batches "
                          "done); start workers with `dask worker ADDRESS` and run again")
    return now if idle_since is None else idle_since


__all__ = ["CONNECT_TIMEOUT", "check_greeting", "connect", "greeting_problem", "lost", "quiet", "run_on_dask"]
