"""Prose locked to code, the solutions page executed, and the student edition built and run.

* Every decimal and percentage quoted in a notebook's markdown is vouched for by a hidden
  check cell (tag ``check``) — ``says(value, "0.5263")`` or ``cited(...)`` for a number from
  the literature — and every number a check cell vouches for appears in the prose, so a
  number edited on one side only fails here.
* ``notebooks/solutions.md`` and ``docs/concepts.md`` quote only numbers that their own
  code blocks print (the blocks are doctests, run here and by ``tests/test_docs.py``).
* ``negsim teaching student-edition`` writes the notebooks without solutions and without
  lecturer cells; each student notebook runs, and its checkers wait for answers.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from click.testing import CliRunner
from test_docs import blocks_of, run_page
from test_notebooks import execute, tagged, text_of

from negsim.cli import main as negsim_cli
from negsim.teaching.edition import solutions_left, tags
from negsim.teaching.prose import NUMBER, quoted_numbers, unvouched

nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
PAGES = [ROOT / "notebooks" / "solutions.md", ROOT / "docs" / "concepts.md"]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _vouched(path: Path) -> list[str]:
    """The literal numbers that check cells pass to says() and cited()."""
    out = []
    for cell in _cells(path):
        if "check" not in tags(cell):
            continue
        for node in ast.walk(ast.parse(_source(cell))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("says", "cited"):
                args = node.args[1:] if node.func.id == "says" else node.args
                out += [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return out


def _markdown(path: Path) -> list[str]:
    return [_source(c) for c in _cells(path) if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_number_in_the_prose_is_checked(path: Path) -> None:
    assert unvouched(_markdown(path), _vouched(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_checked_number_is_in_the_prose(path: Path) -> None:
    prose = re.sub(r"\s+", " ", " ".join(_markdown(path)))
    missing = [v for v in _vouched(path)
               if not re.search(rf"(?<![\w.]){re.escape(v.replace(' ', ''))}(?![\w]|\.\d)", prose.replace(" %", "%"))]
    assert missing == [], f"{path.name}: checks vouch for numbers the prose does not quote"


def test_unvouched_finds_a_drifted_number() -> None:
    """The lock itself: a prose number without its check is found; section numbers are not numbers."""
    assert unvouched(["Rubinstein gives 0.5263 (§3.2), and 17% more."], ["0.5263"]) == ["17%"]
    assert unvouched(["`x = 0.3` in code is an input"], []) == []


def _prose_and_code(page: Path) -> tuple[str, str]:
    text = page.read_text(encoding="utf-8")
    code = "\n".join(b.text for b in blocks_of(text))
    prose = re.sub(r"^(\s*)(`{3,}).*?^\1\2", "", text, flags=re.S | re.M)
    return prose, code


def _computed(token: str, code_numbers: set[float]) -> bool:
    if token.endswith("%"):
        digits = token[:-1]
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        return any(abs(x * 100 - float(digits)) <= 0.5 * 10 ** -decimals + 1e-9 for x in code_numbers)
    return float(token) in code_numbers


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_number_on_the_page_is_computed(page: Path) -> None:
    prose, code = _prose_and_code(page)
    code_numbers = {float(m) for m in re.findall(r"\d+\.\d+|\d+", code)}
    unproved = [t for t in quoted_numbers(prose) if t.replace(",", "") and not _computed(t, code_numbers)]
    assert unproved == [], f"{page.name} quotes numbers its code blocks do not print"


def test_the_solutions_page_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every block of notebooks/solutions.md runs and prints what the page shows (doctests)."""
    monkeypatch.chdir(tmp_path)
    try:
        assert run_page(ROOT / "notebooks" / "solutions.md") >= 25
    finally:
        plt.close("all")


# --- the student edition ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("edition") / "students"
    result = CliRunner().invoke(negsim_cli, ["teaching", "student-edition", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_student_edition_has_no_solutions(edition: Path) -> None:
    names = sorted(p.name for p in edition.glob("*.ipynb"))
    assert names == [p.name for p in NOTEBOOKS]
    assert not (edition / "solutions.md").exists()
    assert (edition / "entries" / "my_agents.py").is_file() and (edition / "README.md").is_file()
    for path in edition.glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert solutions_left(nb) == [], path.name
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
        assert "solutions.md" not in path.read_text(encoding="utf-8")


def test_every_solution_became_a_stub_before_its_checker(edition: Path) -> None:
    for path in NOTEBOOKS:
        lecturer = [tags(c) for c in _cells(path)]
        student = [tags(c) for c in _cells(edition / path.name)]
        assert lecturer.count(["solution"]) == student.count(["answer"]) == lecturer.count(["checker"])
        for k, t in enumerate(student):
            if t == ["checker"]:
                assert student[k - 1] == ["answer"], f"{path.name}: checker cell {k} has no answer cell above it"


def test_the_edition_refuses_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    result = CliRunner().invoke(negsim_cli, ["teaching", "student-edition", "-o", str(tmp_path)])
    assert result.exit_code == 1 and "did not write" in result.output
    assert (tmp_path / "mine.txt").read_text() == "keep me"


@pytest.mark.slow
@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS], ids=lambda n: n[:2])
def test_the_student_notebook_runs_and_waits_for_answers(name: str, edition: Path, kernel_dir: Path) -> None:
    nb = execute(nbformat.read(edition / name, as_version=4), kernel_dir, edition)
    verdicts = [text_of(c).strip() for c in tagged(nb, "checker")]
    assert verdicts and all(v.startswith("…") and "no answer yet" in v for v in verdicts), verdicts


def test_number_pattern_skips_ids_and_sections() -> None:
    assert NUMBER.findall("red_lines[0] §5.5 v1.2x 0.95") == ["0.95"]


# --- the course outline ----------------------------------------------------------------------


def _exercises(path: Path) -> tuple[list[str], int]:
    """The numbers of a notebook's exercises, and how many of them have a checker."""
    text = "\n".join(_markdown(path))
    items = re.findall(r"^(\d+)\. \*\*", text[text.index("## Exercises"):], re.M)
    return items, sum("checker" in tags(c) for c in _cells(path))


def test_the_readme_lists_every_notebook_once_and_its_counts_are_true() -> None:
    readme = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    words = {8: "eight", 9: "nine", 10: "ten", 11: "eleven"}
    assert f"a short course in {words[len(NOTEBOOKS)]} notebooks" in readme
    rows = [line for line in readme.splitlines() if re.match(r"\| \d\d \| \[", line)]
    assert [re.search(r"\]\(([^)]+)\)", r).group(1) for r in rows] == [p.name for p in NOTEBOOKS]
    counts = {p.name[:2]: _exercises(p) for p in NOTEBOOKS}
    low, high = (int(x) for x in re.search(r"ends with (\d)–(\d) exercises", readme).groups())
    assert all(low <= len(items) <= high for items, _ in counts.values())
    open_ended = sorted(f"{nb}.{len(items)}" for nb, (items, checked) in counts.items() if checked < len(items))
    assert open_ended == ["07.4", "09.4"]
    assert f"{open_ended[0]} (a short memo" in readme and f"{open_ended[1]} (a comparison" in readme
