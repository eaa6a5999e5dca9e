"""Ctrl-C leaves nothing broken (issue 17; review D3, D10, D19): the previous complete outputs or the new complete
ones, never a partial result.json; worker processes stopped at once; exit code 130 and one line saying what was kept.

The points of interruption are chosen by state, not by time: in-process, by making one step raise
KeyboardInterrupt (as the SIGINT handler does); in a subprocess, by sending SIGINT once the worker
processes exist or once the output folder's staging area appears.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from negsim import interrupts
from negsim.cli import main
from negsim.report.write import LOCK, MANIFEST, STAGING_PREFIX

NEGSIM = [sys.executable, "-m", "negsim"]


@pytest.fixture(autouse=True)
def _fresh_interrupt_flag() -> Any:
    interrupts.reset()
    yield
    interrupts.reset()


def previous_run(folder: Path) -> bytes:
    """A complete earlier run in ``folder``; its result.json."""
    r = CliRunner().invoke(main, ["run", "nash-bill-and-jack", "-o", str(folder), "--no-plots"])
    assert r.exit_code == 0, r.output
    return (folder / "result.json").read_bytes()


def assert_clean(folder: Path) -> None:
    """No staging folder, no lock, and every JSON file in the folder is complete."""
    names = [p.name for p in folder.iterdir()]
    assert not [n for n in names if n.startswith(STAGING_PREFIX)] and LOCK not in names
    for p in folder.glob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))


def interrupt(*_: Any, **__: Any) -> None:
    raise KeyboardInterrupt


def _during_the_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("negsim.pipeline.run", interrupt)


def _while_writing_result_json(monkeypatch: pytest.MonkeyPatch) -> None:
    from negsim.report.write import OutputFolder

    def half(self: OutputFolder, rel: str, data: Any) -> Path:
        self.path(rel).write_text(json.dumps(data)[:100], encoding="utf-8")  # half a file, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(OutputFolder, "write_json", half)


def _while_drawing_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    import negsim.report.figures as figures

    real = figures.save_figure
    calls = []

    def second_fails(fig: Any, path: Path, **kw: Any) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(fig, path, **kw)

    monkeypatch.setattr(figures, "save_figure", second_fails)


def _swallowed_then_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """D19: the first KeyboardInterrupt is lost in a callback, but the flag stops the commit."""
    from negsim.report import run as report_run

    real = report_run.RunWriter.write

    def swallowed(*args: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(KeyboardInterrupt):  # as Python does inside a weakref callback
            interrupts._handler(signal.SIGINT, None)
        return real(*args, **kwargs)

    monkeypatch.setattr(report_run.RunWriter, "write", swallowed)


@pytest.mark.parametrize("point", [_during_the_analysis, _while_writing_result_json, _while_drawing_figures,
                                   _swallowed_then_checked])
def test_interrupted_run_keeps_the_previous_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   point: Callable[[pytest.MonkeyPatch], None]) -> None:
    out = tmp_path / "out"
    before = previous_run(out)
    point(monkeypatch)
    r = CliRunner().invoke(main, ["run", "nash-bill-and-jack", "-o", str(out)])
    assert r.exit_code == 130
    assert r.stderr.strip().splitlines() == [f"interrupted: nothing new was written; {out} keeps its previous outputs"]
    assert (out / "result.json").read_bytes() == before
    assert_clean(out)


def test_interrupt_during_the_commit_finishes_the_commit_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the renames happen is held until they are done: the new outputs are then complete."""
    import negsim.report.write as write

    out = tmp_path / "out"
    before = previous_run(out)
    real = os.replace
    pressed: list[bool] = []

    def replace(src: Any, dst: Any) -> None:
        if not pressed:
            pressed.append(True)
            interrupts._handler(signal.SIGINT, None)  # held: only recorded
        real(src, dst)

    monkeypatch.setattr(write.os, "replace", replace)
    r = CliRunner().invoke(main, ["run", "nash-bill-and-jack", "-o", str(out), "--seed", "5", "--no-plots"])
    assert r.exit_code == 130 and pressed
    assert r.stderr.strip() == f"interrupted after {out} was written: its outputs are complete"
    new = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert new["seed"] == 5 and (out / "result.json").read_bytes() != before
    assert_clean(out)


def test_interrupt_before_any_output_says_nothing_was_written(monkeypatch: pytest.MonkeyPatch) -> None:
    import negsim.cli.games_cmd as games_cmd

    monkeypatch.setattr(games_cmd, "analyze_games", interrupt)
    r = CliRunner().invoke(main, ["games", "prisoners-dilemma"])
    assert r.exit_code == 130 and r.stderr.strip() == "interrupted: nothing was written"


# --- real SIGINT, real worker processes -------------------------------------------------------

def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                out.append(int(entry))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen[str], limit: float = 120.0) -> None:
    """Poll ``condition`` (a state of the run, not a time); fail if the run ends first or never gets there."""
    deadline = time.monotonic() + limit
    while not condition():
        assert proc.poll() is None, f"the run ended before the point of interruption: {proc.communicate()}"
        assert time.monotonic() < deadline, "the run never reached the point of interruption"
        time.sleep(0.05)


pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find worker processes")


@pytest.mark.parametrize("presses", ["once to the group", "twice to the group", "once to the parent only"])
def test_ctrl_c_stops_local_workers_at_once(tmp_path: Path, presses: str) -> None:
    """D10: with 10^6 samples on two workers the parent used to exit ~90 s after Ctrl-C, and never after a second
    one (workers orphaned). Now the workers are terminated, the previous uncertainty.json stays, rc 130."""
    out = tmp_path / "out"
    first = subprocess.run([*NEGSIM, "uncertainty", "security-guarantees-2021", "--samples", "500",
                            "--workers", "1", "-o", str(out)], capture_output=True, text=True, check=True)
    assert first.returncode == 0
    before = (out / "uncertainty.json").read_bytes()
    proc = subprocess.Popen([*NEGSIM, "uncertainty", "security-guarantees-2021", "--samples", "1000000",
                             "--workers", "2", "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        wait_for(lambda: len(children(proc.pid)) >= 2, proc)
        workers = children(proc.pid)
        if presses == "once to the parent only":
            os.kill(proc.pid, signal.SIGINT)
        else:
            os.killpg(proc.pid, signal.SIGINT)
            if presses.startswith("twice"):
                os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)  # a hang fails here (it was ~90 s, and for ever after a second press)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == f"interrupted: nothing new was written; {out} keeps its previous outputs"
    assert "Traceback" not in err
    assert (out / "uncertainty.json").read_bytes() == before
    assert not [w for w in workers if alive(w)]
    assert_clean(out)


def test_ctrl_c_while_run_writes_its_folder_leaves_old_or_new_never_half(tmp_path: Path) -> None:
    """SIGINT once the staging area exists (figures being written): result.json is the previous one or the
    complete new one, never a mix or a truncated file."""
    out = tmp_path / "out"
    subprocess.run([*NEGSIM, "run", "job-offer", "-o", str(out), "--no-plots"], capture_output=True, check=True)
    before = (out / "result.json").read_bytes()
    proc = subprocess.Popen([*NEGSIM, "run", "job-offer", "-o", str(out), "--seed", "9"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        wait_for(lambda: any(p.name.startswith(STAGING_PREFIX) for p in out.iterdir()), proc)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    after = (out / "result.json").read_bytes()
    if proc.returncode == 130:
        line = err.strip().splitlines()[-1]
        if after == before:
            assert line == f"interrupted: nothing new was written; {out} keeps its previous outputs"
        else:
            assert line == f"interrupted after {out} was written: its outputs are complete"
    else:  # the signal arrived after the commit: a normal, complete run
        assert proc.returncode == 0
    assert after == before or json.loads(after)["seed"] == 9
    listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert all((out / f).is_file() for f in listed)  # the manifest never lists a file that is not there
    assert_clean(out)
