"""The teaching notebooks run top to bottom, and are committed clean.

Each notebook in ``notebooks/`` is executed with nbclient in a kernel that runs *this*
interpreter (a kernelspec written to a temporary folder, pointing at ``sys.executable``), so
the notebooks use the negsim being tested and not whatever ``python`` is first on PATH.
matplotlib uses the Agg backend; the working directory is a temporary folder.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
CELL_TIMEOUT = 60
KERNEL = "negsim-test-python"


def test_the_course_is_complete() -> None:
    """The seven numbered notebooks of the course outline are all there (further topics, e.g. 10, may follow)."""
    numbers = sorted(p.name[:2] for p in NOTEBOOKS)
    assert numbers[:7] == ["01", "02", "03", "04", "05", "06", "07"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    """No stale outputs or execution counts in the repository."""
    nb = nbformat.read(path, as_version=4)
    dirty = [k for k, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert dirty == [], f"{path.name}: clear the outputs of cells {dirty} before committing"


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A kernelspec that starts an IPython kernel with the interpreter running the tests."""
    root = tmp_path_factory.mktemp("kernels")
    spec = root / KERNEL
    spec.mkdir()
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "negsim tests", "language": "python",
        "env": {"MPLBACKEND": "Agg", "PYTHONWARNINGS": "default"},
    }))
    yield root


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, kernel_dir: Path, tmp_path: Path) -> None:
    """Every cell runs without an error, each within the time limit."""
    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)]))
    client = nbclient.NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, allow_errors=False,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []


def test_kernel_runs_this_interpreter(kernel_dir: Path, tmp_path: Path) -> None:
    """The notebooks are executed by the interpreter (and so the negsim) under test."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys; print(sys.executable)")])
    km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)]))
    nbclient.NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert Path(nb.cells[0].outputs[0]["text"].strip()) == Path(sys.executable)
