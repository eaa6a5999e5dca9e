"""The user's files are safe (issue 18, reliability review D3, D4, D5, D13, D14, D15, D19).

Each test rebuilds the review's reproduction: a folder of the user's own files, a symlinked
``figures``, a failing run, two runs at once, a title full of escape sequences.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from negsim.cli import main
from negsim.errors import NegsimError
from negsim.report.write import LOCK, MANIFEST, OutputFolder, written_files

ENV = {**os.environ, "MPLBACKEND": "Agg"}


def negsim(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "negsim", *args], capture_output=True, text=True, env=ENV, cwd=cwd)


def test_d4_only_files_negsim_wrote_are_ever_deleted(tmp_path: Path) -> None:
    """O2: `run --force` into a user's folder keeps their picture; O3: a `figures` link is never followed."""
    mine = tmp_path / "mine"
    (mine / "figures").mkdir(parents=True)
    (mine / "figures" / "my_thesis_plot.png").write_bytes(b"\x89PNG mine")
    (mine / "notes.txt").write_text("notes")
    assert negsim("run", "nash-bill-and-jack", "-o", str(mine)).returncode == 1  # foreign files: refused
    assert negsim("run", "nash-bill-and-jack", "-o", str(mine), "--force").returncode == 0
    assert (mine / "figures" / "my_thesis_plot.png").read_bytes() == b"\x89PNG mine"
    assert (mine / "notes.txt").read_text() == "notes"
    assert "figures/my_thesis_plot.png" not in written_files(mine)
    assert negsim("run", "nash-bill-and-jack", "-o", str(mine), "--no-plots").returncode == 0
    assert (mine / "figures" / "my_thesis_plot.png").exists()  # only negsim's own old figures went
    assert not any(f.startswith("figures/") for f in written_files(mine))

    out, pics = tmp_path / "out2", tmp_path / "pics"
    assert negsim("run", "nash-bill-and-jack", "-o", str(out), "--no-plots").returncode == 0
    pics.mkdir()
    (pics / "holiday.png").write_bytes(b"holiday")
    (out / "figures").symlink_to(pics, target_is_directory=True)
    result = negsim("run", "nash-bill-and-jack", "-o", str(out))
    assert result.returncode == 1 and "symbolic link" in result.stderr
    assert (pics / "holiday.png").read_bytes() == b"holiday" and len(list(pics.iterdir())) == 1


def test_d3_a_failing_run_leaves_the_previous_result_whole(tmp_path: Path) -> None:
    """O9: a run that fails (10^15 deals forced to enumerate) after a good one: the good one is untouched."""
    out = tmp_path / "out"
    assert negsim("run", "nash-bill-and-jack", "-o", str(out)).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    big = tmp_path / "big.yaml"
    big.write_text("negsim: 1\nparties: [{id: a}, {id: b}]\nissues:\n" + "".join(
        f"  - {{id: i{k}, range: [0, 999], step: 1}}\n" for k in range(5))
        + "preferences:\n  a: {demands: {" + ", ".join(f"i{k}: 999" for k in range(5)) + "}}\n"
        + "  b: {demands: {" + ", ".join(f"i{k}: 0" for k in range(5)) + "}}\n")
    assert negsim("run", str(big), "--method", "enumeration", "-o", str(out)).returncode == 1
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_d3_an_error_while_writing_rolls_everything_back(tmp_path: Path) -> None:
    """O7 (full disk), in process: an exception between two files leaves the previous outputs as they were."""
    out = tmp_path / "out"
    with OutputFolder(out, command="demo") as folder:
        folder.write_text("report.md", "old report\n")
        folder.write_text("result.json", "{}\n")
    with pytest.raises(OSError), OutputFolder(out, command="demo") as folder:
        folder.write_text("report.md", "new report\n")
        raise OSError(28, "No space left on device")
    assert (out / "report.md").read_text() == "old report\n" and (out / "result.json").read_text() == "{}\n"
    assert not list(out.glob(".negsim-staging-*")) and not (out / LOCK).exists()


def test_d5_every_command_with_o_refuses_a_foreign_folder(tmp_path: Path) -> None:
    """O11: simulate, tournament, games, uncertainty, sweep with -o on a user's folder."""
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / "result.json").write_text('{"my": "data"}')
    commands = [["simulate", "divide-the-dollar"], ["tournament", "divide-the-dollar", "--seeds", "1"],
                ["games", "prisoners-dilemma"],
                ["uncertainty", "security-guarantees-2021", "--samples", "20", "--agenda", "arms_control"],
                ["sweep", "divide-the-dollar", "--vary", "parties.alice.no_deal=0:0.5:3"]]
    for args in commands:
        result = CliRunner().invoke(main, [*args, "-o", str(thesis)])
        assert result.exit_code == 1 and "negsim did not write" in result.output, args
        assert (thesis / "result.json").read_text() == '{"my": "data"}'


def test_d13_same_input_same_bytes(tmp_path: Path) -> None:
    """T8: two runs of the seed case give byte-identical result.json, and `games --format json` too."""
    for name in ("a", "b"):
        assert negsim("run", "security-guarantees-2021", "--no-plots", "-o", str(tmp_path / name)).returncode == 0
    assert (tmp_path / "a" / "result.json").read_bytes() == (tmp_path / "b" / "result.json").read_bytes()
    first, second = (negsim("games", "security-guarantees-2021", "--format", "json").stdout for _ in range(2))
    assert first == second and '"seconds"' not in first
    timed = negsim("run", "nash-bill-and-jack", "--no-plots", "--timings", "-o", str(tmp_path / "t"))
    assert timed.returncode == 0 and "analysis" in json.loads((tmp_path / "t" / "result.json").read_text())["timings"]


def test_d14_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "esc.yaml"
    path.write_text('negsim: 1\ntitle: "\\e[2J\\e[31mRED\\e]0;pwn\\a"\nparties: [{id: a, name: "A\\u202eB"}, '
                    '{id: b}]\nissues: [{id: x, options: [p, q]}]\npreferences:\n  a: {demands: {x: p}}\n'
                    '  b: {demands: {x: q}}\ngames:\n  - id: g\n    title: "\\e[2Jgame"\n    players: [a, b]\n'
                    "    strategies: {a: [s, t], b: [s, t]}\n"
                    "    payoffs: {s: {s: [1, 1], t: [0, 0]}, t: {s: [0, 0], t: [1, 1]}}\n")
    for args in (["run", str(path), "-o", str(tmp_path / "o"), "--no-plots"], ["validate", str(path)],
                 ["games", str(path)], ["run", str(path), "-o", str(tmp_path / "o"), "--no-plots", "--format",
                                                 "markdown"], ["run", str(path), "-o", str(tmp_path / "o"),
                                                               "--no-plots", "--format", "json"]):
        result = negsim(*args)
        assert result.returncode == 0, result.stderr
        text = result.stdout + result.stderr
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text, args
    assert json.loads(negsim("run", str(path), "-o", str(tmp_path / "o"), "--no-plots", "--format",
                             "json").stdout)["scenario"]["title"].startswith("\x1b[2J")  # the data itself is kept


def test_d15_a_second_run_into_a_busy_folder_stops_at_once(tmp_path: Path) -> None:
    out = tmp_path / "conc"
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        with OutputFolder(out, command="run"):
            entered.set()
            release.wait(10)

    worker = threading.Thread(target=hold)
    worker.start()
    try:
        assert entered.wait(10)
        start = time.perf_counter()
        result = negsim("run", "job-offer", "-o", str(out), "--no-plots")
        assert result.returncode == 1 and "is busy" in result.stderr and time.perf_counter() - start < 30
    finally:
        release.set()
        worker.join()
    assert not (out / LOCK).exists()
    assert negsim("run", "job-offer", "-o", str(out), "--no-plots").returncode == 0


def test_a_stale_lock_from_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text(json.dumps({"written_by": "negsim", "files": []}))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    import socket

    (out / LOCK).write_text(f"{socket.gethostname()} {int(dead.stdout)}\n")
    with OutputFolder(out, command="demo") as folder:
        folder.write_text("x.txt", "x")
    assert (out / "x.txt").read_text() == "x"


def test_output_names_cannot_leave_the_folder(tmp_path: Path) -> None:
    with pytest.raises(NegsimError, match="plain relative path"), OutputFolder(tmp_path / "o", command="d") as f:
        f.write_text("../victim.txt", "x")
    assert not (tmp_path / "victim.txt").exists()
