"""The house stays in shape: the layer contract holds and modules stay one concept long.

The layers are import-linter contracts in pyproject.toml (docs/architecture.md draws them);
this test runs the linter, so a new import that climbs a layer fails the suite. Modules over
400 lines must be single-concept ones named in docs/architecture.md.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINES = 400


def test_import_layers_hold() -> None:
    out = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
                          "lint_imports_command()"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "Contracts: 1 kept, 0 broken." in out.stdout


def test_long_modules_are_the_documented_ones() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(negsim/[\w/]+\.py)` \(\d+ lines\)", text))
    long = {p.relative_to(ROOT).as_posix() for p in (ROOT / "negsim").rglob("*.py")
            if len(p.read_text(encoding="utf-8").splitlines()) > LINES}
    assert long <= documented, f"modules over {LINES} lines not explained in docs/architecture.md: {long - documented}"
