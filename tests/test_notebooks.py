"""The teaching notebooks run top to bottom, are committed clean, and their exercises check out.

Each notebook in ``notebooks/`` is executed with nbclient in a kernel that runs *this*
interpreter (a kernelspec written to a temporary folder, pointing at ``sys.executable``), so
the notebooks use the negsim being tested and not whatever ``python`` is first on PATH.
matplotlib uses the Agg backend; the working directory is a temporary folder. Sliders fall
back to a static picture when ipywidgets is missing (as in CI).

In the lecturer's notebooks every checker cell (tag ``checker``) must say ✔: the worked
solution above it agrees with the answer key (``tests/test_teaching_check.py``), and every
hidden check cell (tag ``check``) passes: the numbers the prose quotes are what negsim
computes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
CELL_TIMEOUT = 60
KERNEL = "negsim-test-python"  # the kernelspec of the `kernel_dir` fixture (tests/conftest.py)


def test_the_course_is_complete() -> None:
    """The numbered notebooks of the course: 01–08 the core course, 09 forecasting, 10 decision rules."""
    numbers = sorted(p.name[:2] for p in NOTEBOOKS)
    assert numbers == ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    """No stale outputs or execution counts in the repository."""
    nb = nbformat.read(path, as_version=4)
    dirty = [k for k, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert dirty == [], f"{path.name}: clear the outputs of cells {dirty} before committing"


def execute(nb: Any, kernel_dir: Path, cwd: Path) -> Any:
    """Run every cell of ``nb`` in ``cwd``; returns the notebook with its outputs."""
    km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)]))
    client = nbclient.NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, allow_errors=False,
                                     resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def text_of(cell: Any) -> str:
    """Everything a code cell printed."""
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def tagged(nb: Any, tag: str) -> list[Any]:
    return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, kernel_dir: Path, tmp_path: Path) -> None:
    """Every cell runs without an error, each within the time limit, and every exercise checks out."""
    nb = execute(nbformat.read(path, as_version=4), kernel_dir, tmp_path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    verdicts = [text_of(c).strip() for c in tagged(nb, "checker")]
    assert all(v.startswith("✔") for v in verdicts), verdicts


def test_kernel_runs_this_interpreter(kernel_dir: Path, tmp_path: Path) -> None:
    """The notebooks are executed by the interpreter (and so the negsim) under test."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys; print(sys.executable)")])
    execute(nb, kernel_dir, tmp_path)
    assert Path(nb.cells[0].outputs[0]["text"].strip()) == Path(sys.executable)
