"""Shared test setup: a non-interactive matplotlib backend and paths to data."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A kernelspec folder whose kernel (``negsim-test-python``) runs the interpreter running the tests.

    Used by the notebook tests, so that notebooks run the negsim under test with the Agg backend.
    """
    root = tmp_path_factory.mktemp("kernels")
    spec = root / "negsim-test-python"
    spec.mkdir()
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "negsim tests", "language": "python",
        "env": {"MPLBACKEND": "Agg", "PYTHONWARNINGS": "default"},
    }))
    yield root
