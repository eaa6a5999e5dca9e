"""The code in the documentation runs.

For every ``docs/*.md`` and ``README.md``, the fenced blocks are run in order, in a fresh
temporary working directory (with links to the repository's ``scenarios/``, ``tests/`` and
``docs/`` folders, so a page may use repository paths such as ``tests/data/...``):

- ```` ```python ```` blocks share one namespace per page. A block written as an
  interactive session (lines starting with ``>>>``) is run as a doctest, so its printed
  results are checked too; any other block is executed as a script.
- ```` ```console ```` / ```` ```bash ```` / ```` ```sh ```` blocks whose first command starts
  with ``negsim `` run each ``negsim ...`` command through click's ``CliRunner`` (commands
  joined with ``&&`` run one after the other). In ``console`` blocks commands are the lines
  starting with ``$ ``; the lines after one, up to the next, are its shown output, and they
  must be what the command prints (spaces between words collapsed; a line ``...`` stands for
  any number of lines, and ``...`` inside a line for any text on it). A command shown
  without output is not compared. A command must exit with 0 unless the block says
  otherwise. A *synopsis* — a command with ``[optional]`` parts or upper-case placeholders
  such as ``SCENARIO`` or ``DIR`` — is not run.
- Other blocks (``yaml``, ``text``...) are only read, except as below.

Markers, written on the line just before a block's opening fence:

- ``<!-- skip-test -->``: do not run this block;
- ``<!-- write: FILE -->``: write the block's text to FILE (e.g. a scenario the next
  commands read);
- ``<!-- expect-exit: N -->``: every ``negsim`` command of the block must exit with N.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pytest
from click.testing import CliRunner

from negsim.cli import main as negsim_cli

ROOT = Path(__file__).resolve().parents[1]
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
LINKED = ("scenarios", "tests", "docs")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
MARKER = re.compile(r"^\s*<!--\s*(?P<key>skip-test|write|expect-exit)\s*:?\s*(?P<arg>.*?)\s*-->\s*$")
SHELLS = {"console", "bash", "sh", "shell", "shell-session"}
PLACEHOLDER = re.compile(r"^(\[.*|.*\]|[A-Z][A-Z0-9_]+(=.*)?)$")


@dataclass
class Block:
    """A fenced code block of a Markdown page."""

    lang: str
    text: str
    line: int
    markers: dict[str, str]


def blocks_of(text: str) -> list[Block]:
    """The fenced blocks of a Markdown text, in order, with the markers written just before them."""
    lines = text.splitlines()
    out: list[Block] = []
    k = 0
    while k < len(lines):
        m = FENCE.match(lines[k])
        if not m:
            k += 1
            continue
        start, fence = k, m["fence"]
        k += 1
        body: list[str] = []
        while k < len(lines) and not lines[k].strip().startswith(fence):
            body.append(lines[k])
            k += 1
        out.append(Block(m["lang"].lower(), textwrap.dedent("\n".join(body)) + "\n", start + 1,
                         _markers(lines, start)))
        k += 1
    return out


def _markers(lines: list[str], fence_line: int) -> dict[str, str]:
    """Markers on the lines just above a fence (blank lines between are allowed)."""
    found: dict[str, str] = {}
    k = fence_line - 1
    while k >= 0 and (not lines[k].strip() or MARKER.match(lines[k])):
        m = MARKER.match(lines[k])
        if m:
            found[m["key"]] = m["arg"]
        k -= 1
    return found


def shell_commands(block: Block) -> list[str]:
    """The commands of a console/bash block (``$ `` prompts in console blocks)."""
    cmds: list[str] = []
    lines = iter(block.text.splitlines())
    for raw in lines:
        line = raw.strip()
        if block.lang == "console" or line.startswith("$ "):
            if not line.startswith("$ "):
                continue
            line = line[2:]
        while line.endswith("\\"):  # a command continued on the next line
            line = line[:-1] + " " + next(lines, "").strip()
        if not line or line.startswith("#"):
            continue
        cmds.extend(part.strip() for part in line.split("&&") if part.strip())
    return cmds


def shown_outputs(block: Block) -> list[tuple[str, list[str]]]:
    """Each ``$ `` line of a console block with the output lines the page shows after it."""
    if block.lang != "console":
        return []
    shown: list[tuple[str, list[str]]] = []
    for raw in block.text.splitlines():
        if raw.strip().startswith("$ "):
            shown.append((raw.strip()[2:], []))
        elif shown and shown[-1][0].endswith("\\"):  # a command continued on this line
            shown[-1] = (shown[-1][0][:-1] + " " + raw.strip(), [])
        elif shown:
            shown[-1][1].append(raw)
    return shown


def _words(line: str) -> str:
    return " ".join(line.split())


def output_matches(shown: list[str], printed: str) -> bool:
    """``printed`` is the ``shown`` output: line by line, spaces collapsed; a ``...`` line stands for any lines."""
    want = [_words(line) for line in shown]
    while want and not want[-1]:
        want.pop()
    got = [_words(line) for line in printed.splitlines()]
    while got and not got[-1]:
        got.pop()
    pattern = "".join(r"(?:[^\n]*\n)*?" if line == "..." else _line_pattern(line) for line in want)
    return re.fullmatch(pattern, "\n".join(got) + "\n") is not None


def _line_pattern(line: str) -> str:
    """One shown line as a regex: ``...`` inside it stands for any text on that line."""
    return r"[^\n]*?".join(re.escape(part) for part in line.split("...")) + r"\n"


def is_synopsis(cmd: str) -> bool:
    """A usage line (``negsim run SCENARIO [-o DIR]``), not a command to run."""
    return any(PLACEHOLDER.match(token) for token in cmd.split("#")[0].split()[1:])


def run_python(block: Block, page: Path, ns: dict[str, Any]) -> None:
    """Run a python block: as a doctest when it is an interactive session, else as a script."""
    where = f"{page.name}:{block.line}"
    if any(line.lstrip().startswith(">>>") for line in block.text.splitlines()):
        test = doctest.DocTestParser().get_doctest(block.text, ns, where, str(page), block.line)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        out: list[str] = []
        runner.run(test, out=out.append, clear_globs=False)
        ns.update(test.globs)  # DocTest works on a copy; later blocks see these names too
        assert runner.failures == 0, f"doctest of the block at {where} failed:\n" + "".join(out)
    else:
        exec(compile(block.text, where, "exec"), ns)  # the docs' own code


def run_shell(block: Block, page: Path) -> int:
    """Run the ``negsim`` commands of a console/bash block through click's CliRunner; returns how many ran."""
    cmds = shell_commands(block)
    if not cmds or not cmds[0].startswith("negsim "):
        return 0
    expected = int(block.markers.get("expect-exit") or 0)
    shown = {cmd.split("&&")[-1].strip(): lines for cmd, lines in shown_outputs(block) if any(lines)}
    ran = 0
    for cmd in cmds:
        if not cmd.startswith("negsim ") or is_synopsis(cmd):
            continue
        result = CliRunner().invoke(negsim_cli, shlex.split(cmd, comments=True)[1:], catch_exceptions=True)
        assert result.exit_code == expected, (
            f"{page.name}:{block.line}: `{cmd}` exited with {result.exit_code} (expected {expected})\n"
            f"{result.output}\n{result.exception!r}")
        if cmd in shown:
            assert output_matches(shown[cmd], result.output), (
                f"{page.name}:{block.line}: `{cmd}` printed something else than the page shows:\n"
                + "\n".join(shown[cmd]) + "\n--- printed ---\n" + result.output)
        ran += 1
    return ran


def run_page(page: Path) -> int:
    """Run every block of ``page`` in the current directory; returns how many blocks ran."""
    ns: dict[str, Any] = {"__name__": f"docs_{page.stem}"}
    ran = 0
    for block in blocks_of(page.read_text(encoding="utf-8")):
        if "skip-test" in block.markers:
            continue
        if "write" in block.markers:
            Path(block.markers["write"]).write_text(block.text, encoding="utf-8")
            ran += 1
        elif block.lang in ("python", "py", "pycon"):
            run_python(block, page, ns)
            ran += 1
        elif block.lang in SHELLS and run_shell(block, page):
            ran += 1  # a block counts only if it ran a command (a synopsis or a non-negsim command does not)
    return ran


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary working directory with links to the repository's read-only folders."""
    for name in LINKED:
        if (ROOT / name).exists():
            os.symlink(ROOT / name, tmp_path / name, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    return tmp_path


BLOCKS_RUN = {
    "README.md": 1, "architecture.md": 0, "concepts.md": 0, "dynamics.md": 4, "engine.md": 0, "games.md": 2,
    "genius.md": 3, "howto-add-a-game.md": 6, "howto-dask.md": 2, "howto-red-lines.md": 5, "index.md": 0,
    "large-spaces.md": 1, "scenario-format.md": 4, "tutorial.md": 11, "uncertainty.md": 4,
}
"""How many blocks of each page run at least (counted by hand from the pages): a page whose blocks were all
marked ``skip-test``, or tagged so that nothing runs, fails instead of passing without running anything.
A page not listed here must run at least one block. Raise a count when you add runnable blocks."""


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_code_runs(page: Path, workdir: Path) -> None:
    """Every runnable block of the page runs (doctest outputs match, commands exit as expected)."""
    try:
        ran = run_page(page)
    finally:
        plt.close("all")
    assert ran >= BLOCKS_RUN.get(page.name, 1), f"{page.name}: only {ran} blocks ran"


# --- the block reader itself ---------------------------------------------------------------

SAMPLE = """\
Text.

```python
x = 1
```

<!-- skip-test -->
```python
raise SystemExit
```

  ```console
  $ negsim list
  some output
  $ negsim validate a.yaml && negsim run a.yaml \\
      --agenda x
  ```

<!-- write: a.yaml -->
<!-- expect-exit: 1 -->
```yaml
negsim: 1
```
"""


def test_blocks_of_reads_languages_markers_and_indented_fences() -> None:
    blocks = blocks_of(SAMPLE)
    assert [(b.lang, b.line) for b in blocks] == [("python", 3), ("python", 8), ("console", 12), ("yaml", 21)]
    assert blocks[1].markers == {"skip-test": ""}
    assert blocks[3].markers == {"write": "a.yaml", "expect-exit": "1"}
    assert shell_commands(blocks[2]) == ["negsim list", "negsim validate a.yaml", "negsim run a.yaml  --agenda x"]
    assert blocks[3].text == "negsim: 1\n"


def test_a_synopsis_is_not_run() -> None:
    assert is_synopsis("negsim uncertainty SCENARIO [--samples K]")
    assert is_synopsis("negsim run FILE")
    assert not is_synopsis("negsim run security-guarantees-2021 -o out --agenda arms_control")
    assert not is_synopsis("negsim sweep job-offer --vary parties.candidate.no_deal=0:1:5")
    assert not is_synopsis("negsim games stag-hunt -o out/   # writes out/games.md, FIGURES")


def test_a_failing_doctest_is_reported(tmp_path: Path) -> None:
    page = tmp_path / "bad.md"
    page.write_text("```python\n>>> 1 + 1\n3\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="doctest"):
        run_page(page)


def test_shown_output_is_compared_with_ellipses() -> None:
    printed = "head\nZone:   26 of 63\nmiddle\nmore\nWrote it.\n"
    assert output_matches(["...", "Zone: 26 of 63", "...", "Wrote it."], printed)
    assert output_matches(["head", "Zone: 26 of 63", "middle", "more", "Wrote it.", ""], printed)
    assert not output_matches(["...", "Zone: 27 of 63", "..."], printed)
    assert not output_matches(["head"], printed)  # without "..." every line must be shown
    assert not output_matches(["...", "Wrote it.", "Zone: 26 of 63"], printed)  # order counts
    assert output_matches(["...", "Zone: 26 of ...", "...", "Wrote ..."], printed)
    assert not output_matches(["...", "Zone: 27 of ...", "..."], printed)


def test_a_wrong_shown_output_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "bad.md"
    page.write_text("```console\n$ negsim --version\nnegsim, version 0.0.0\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="something else"):
        run_page(page)


def test_a_failing_command_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "bad.md"
    page.write_text("```console\n$ negsim validate does-not-exist.yaml\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="exited with"):
        run_page(page)
