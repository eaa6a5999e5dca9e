"""Faults on the distributed path (issue 17; review D9, K2–K9), on a real Dask scheduler and workers started here.

* a worker killed mid-run: the result is identical to an undisturbed local run (every batch has its own
  seeded stream, and the scheduler reruns the lost worker's batches elsewhere);
* the scheduler killed mid-run: a clear NegsimError ("lost the Dask scheduler after N of M batches"),
  not a TypeError on a cancelled future;
* an HTTP server or an SSH daemon at the address: "not a Dask scheduler", not a hang (HTTP waited 603 s)
  or a 2.8 EiB allocation (an SSH banner read as a message length).

The faults are triggered from the run's progress callback (after the first batch arrives), not by a clock.
"""

from __future__ import annotations

import http.server
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import negsim
from negsim.cli import main
from negsim.errors import NegsimError
from negsim.uncertainty import cluster
from negsim.uncertainty.montecarlo import run_uncertainty

distributed = pytest.importorskip("dask.distributed")

SEED = negsim.load(negsim.bundled("security-guarantees-2021"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


@contextmanager
def dask_cluster(tmp_path: Path, workers: int = 2) -> Iterator[tuple[str, subprocess.Popen[bytes],
                                                                     list[subprocess.Popen[bytes]]]]:
    """A scheduler and ``workers`` single-threaded workers without nannies (a killed worker stays dead)."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = (tmp_path / "dask.log").open("wb")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        scheduler = subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port",
                                      str(port), "--no-dashboard"], stdout=log, stderr=log)
        procs.append(scheduler)
        deadline = time.monotonic() + 60
        while not _listening(port):
            assert scheduler.poll() is None and time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        started = [subprocess.Popen([sys.executable, "-m", "dask", "worker", address, "--no-nanny", "--nthreads", "1",
                                     "--no-dashboard", "--memory-limit", "0"], stdout=log, stderr=log)
                   for _ in range(workers)]
        procs.extend(started)
        with distributed.Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=60)
        yield address, scheduler, started
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
            p.wait(10)
        log.close()


def test_a_worker_killed_mid_run_changes_nothing(tmp_path: Path) -> None:
    local = run_uncertainty(SEED, samples=4000, seed=3, workers=1)
    with dask_cluster(tmp_path) as (address, _, workers):
        killed: list[int] = []

        def kill_one_worker(what: str, done: int, total: int) -> None:
            if done and not killed:
                workers[0].send_signal(signal.SIGKILL)
                killed.append(done)

        remote = run_uncertainty(SEED, samples=4000, seed=3, scheduler=address, progress=kill_one_worker)
        assert killed and killed[0] < 4000  # killed while batches were still to come
        assert workers[0].wait(10) == -signal.SIGKILL
    assert remote.to_dict() == local.to_dict()


def test_the_scheduler_dying_mid_run_is_a_clear_error(tmp_path: Path) -> None:
    with dask_cluster(tmp_path) as (address, scheduler, _):
        def kill_scheduler(what: str, done: int, total: int) -> None:
            if done and scheduler.poll() is None:
                scheduler.send_signal(signal.SIGKILL)

        with pytest.raises(NegsimError, match=r"lost .* after \d+ of 8 batches"):
            run_uncertainty(SEED, samples=4000, seed=3, scheduler=address, progress=kill_scheduler)


@contextmanager
def serving(handler: Any) -> Iterator[int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


class SshBanner(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
        time.sleep(1)


def test_an_http_server_is_not_a_scheduler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "GREETING_TIMEOUT", 0.5)
    with serving(http.server.SimpleHTTPRequestHandler) as port:
        with pytest.raises(NegsimError, match=r"not a Dask scheduler: it accepted the connection but sent nothing"):
            run_uncertainty(SEED, "arms_control", samples=10, scheduler=f"tcp://127.0.0.1:{port}")
        monkeypatch.setattr(cluster, "GREETING_TIMEOUT", 0.5)
        r = CliRunner().invoke(main, ["uncertainty", "security-guarantees-2021", "--samples", "10",
                                      "--scheduler", f"127.0.0.1:{port}"])
    assert r.exit_code == 1 and "is not a Dask scheduler" in r.output and "Traceback" not in r.output


def test_an_ssh_daemon_is_not_a_scheduler() -> None:
    with serving(SshBanner) as port, pytest.raises(NegsimError, match=r"not a Dask scheduler: it sent 'SSH-2\.0-'"):
        run_uncertainty(SEED, "arms_control", samples=10, scheduler=f"tcp://127.0.0.1:{port}")


def test_a_real_scheduler_passes_the_greeting_check(tmp_path: Path) -> None:
    with dask_cluster(tmp_path, workers=1) as (address, _, _):
        cluster.check_greeting(address)  # no error
        r = run_uncertainty(SEED, "arms_control", samples=600, scheduler=address)
    assert r.samples == 600 and os.path.exists(tmp_path / "dask.log")
