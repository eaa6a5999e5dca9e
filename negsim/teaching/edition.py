"""The student edition of the notebooks: solutions stripped, checker cells kept.

The lecturer's notebooks (``notebooks/``) mark cells with tags:

* ``solution`` — the worked answer of an exercise. In the student edition it becomes a
  *stub* cell: the text of the cell's ``negsim.stub`` metadata (default
  ``answer = None  # your answer``), tagged ``answer``.
* ``checker`` — ``check("01.2", answer)``: kept, so students check themselves.
* ``check`` — hidden cells that lock the numbers quoted in the prose to the code
  (:mod:`negsim.teaching.prose`): removed.
* ``lecturer`` — notes for the lecturer (pointers to the solutions): removed.

Every other cell is copied; outputs and execution counts are cleared. The notebooks are
JSON (nbformat 4), edited as plain data, so building the edition needs no Jupyter
package. ``notebooks/solutions.md`` is not part of the edition.

Example:
    >>> nb = {"cells": [
    ...     {"cell_type": "code", "metadata": {"tags": ["solution"], "negsim": {"stub": "answer = None"}},
    ...      "source": "answer = 0.41", "outputs": [], "execution_count": 3},
    ...     {"cell_type": "code", "metadata": {"tags": ["checker"]}, "source": "check('01.2', answer)",
    ...      "outputs": [], "execution_count": 4},
    ...     {"cell_type": "code", "metadata": {"tags": ["check"]}, "source": "says(a, '21')",
    ...      "outputs": [], "execution_count": 5}]}
    >>> [(c["source"], c["metadata"]["tags"]) for c in student_notebook(nb)["cells"]]
    [('answer = None', ['answer']), ("check('01.2', answer)", ['checker'])]
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from negsim.errors import NegsimError

STUB = "answer = None  # your answer"
REMOVED = ("check", "lecturer")


def notebooks_dir() -> Path:
    """The lecturer's notebooks: the repository's ``notebooks/``, or the copy inside an installed package."""
    here = Path(__file__).resolve().parents[1]
    for candidate in (here / "_notebooks", here.parent / "notebooks"):
        if candidate.is_dir():
            return candidate
    raise NegsimError("the notebooks are not installed with this negsim; give their folder with --notebooks")


def tags(cell: dict[str, Any]) -> list[str]:
    """A cell's tags."""
    return list(cell.get("metadata", {}).get("tags", []))


def student_notebook(nb: dict[str, Any]) -> dict[str, Any]:
    """A copy of the lecturer's notebook with solutions replaced by stubs and lecturer cells removed."""
    out = copy.deepcopy(nb)
    cells = []
    for cell in out["cells"]:
        t = tags(cell)
        if any(x in t for x in REMOVED):
            continue
        if "solution" in t:
            stub = cell.get("metadata", {}).get("negsim", {}).get("stub", STUB)
            cell = {"cell_type": "code", "metadata": {"tags": ["answer"]}, "source": stub, "outputs": [],
                    "execution_count": None, **({"id": cell["id"]} if "id" in cell else {})}
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        elif cell["cell_type"] == "markdown":
            cell["source"] = _without_solution_links(cell["source"])
        cells.append(cell)
    out["cells"] = cells
    return out


def _without_solution_links(source: str | list[str]) -> str:
    """Markdown without the lines that point to solutions.md (it is not part of the edition)."""
    lines = ("".join(source) if isinstance(source, list) else source).splitlines(keepends=True)
    return "".join(line for line in lines if "solutions.md" not in line)


def solutions_left(nb: dict[str, Any]) -> list[int]:
    """Positions of cells that still hold a solution or a lecturer's note (an edition must have none)."""
    return [k for k, c in enumerate(nb["cells"]) if {"solution", *REMOVED} & set(tags(c))]


def read_notebook(path: Path) -> dict[str, Any]:
    """A notebook file as plain data."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NegsimError(f"cannot read the notebook {path}: {exc}") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NegsimError(f"{path} is not a Jupyter notebook (no list of cells)")
    return nb


def notebook_text(nb: dict[str, Any]) -> str:
    """The notebook as Jupyter writes it (indent 1, UTF-8, a newline at the end)."""
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def edition_files(source: Path) -> Iterable[tuple[str, str]]:
    """(relative path, text) of every file of the student edition built from the folder ``source``."""
    notebooks = sorted(source.glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        raise NegsimError(f"no numbered notebooks (01-….ipynb) in {source}")
    for path in notebooks:
        yield path.name, notebook_text(student_notebook(read_notebook(path)))
    for path in sorted((source / "entries").glob("*.py")):
        yield f"entries/{path.name}", path.read_text(encoding="utf-8")
    yield "README.md", _readme([p.name for p in notebooks])


def _readme(names: list[str]) -> str:
    lines = ["# negsim notebooks — student edition", "",
             "Work through the notebooks in order. Each exercise ends with a cell that checks your answer:",
             "put your answer in `answer` in the cell above it and run both. The checker says ✔ when you are",
             "right and gives a hint when you are not; it never prints the answer.", "",
             "Your own negotiators go in `entries/` (start from `entries/my_agents.py`; notebook 05 enters",
             "them all); `negsim tournament job-offer --strategy entries/my_agents.py:MyClass` enters one.", "",
             "Notebooks:", ""]
    lines += [f"- [{n}]({n})" for n in names]
    return "\n".join(lines) + "\n"


__all__ = ["STUB", "edition_files", "notebook_text", "notebooks_dir", "read_notebook", "solutions_left",
           "student_notebook", "tags"]
