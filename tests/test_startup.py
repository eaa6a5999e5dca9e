"""What the quick commands import: nothing heavy they do not need (issue 11's speed goals rest on it).

Each command runs in a fresh interpreter (a subprocess), which then lists the modules it loaded.
Timing is not tested here (benchmarks/bench_cli.py measures it); the imports are what make it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("scipy", "matplotlib", "nashpy")

PROBE = """
import json, sys
from click.testing import CliRunner
from negsim.cli import main
result = CliRunner().invoke(main, sys.argv[1:], catch_exceptions=False)
print(json.dumps({"code": result.exit_code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _modules(*args: str) -> tuple[int, set[str]]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True,
                         env={"PATH": "", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"})
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return data["code"], set(data["modules"])


@pytest.mark.parametrize("args", [["--version"], ["validate", "security-guarantees-2021"], ["list"]])
def test_quick_commands_import_nothing_heavy(args: list[str]) -> None:
    code, modules = _modules(*args)
    assert code == 0
    assert not modules & set(HEAVY), f"{args} imported {sorted(modules & set(HEAVY))}"


def test_version_and_validate_do_not_need_numpy() -> None:
    assert "numpy" not in _modules("--version")[1]
    assert "numpy" not in _modules("validate", "security-guarantees-2021")[1]  # no numeric issue in it


def test_run_without_plots_draws_nothing(tmp_path: Path) -> None:
    code, modules = _modules("run", "security-guarantees-2021", "--no-plots", "-o", str(tmp_path / "out"))
    assert code == 0
    assert not modules & set(HEAVY), f"run --no-plots imported {sorted(modules & set(HEAVY))}"
    assert not (tmp_path / "out" / "figures").exists()
