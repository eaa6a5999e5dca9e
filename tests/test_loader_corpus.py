"""The malformed-scenario corpus: every file in tests/malformed/ is refused with the expected messages.

Each corpus file carries its expectations in its first lines (written independently of
the loader's output, from the line where the mistake was made):

    # expect: 12: preferences.russia.demands.nato: `bann` is not an option

meaning: a problem reported on line 12 whose ``field: message`` contains the text after
the line number. A file must produce exactly as many problems as it has ``expect`` lines.
``empty.yaml`` cannot hold a comment; its expectation is in ``NO_HEADER`` below.
``_valid_base.yaml`` is the valid scenario the other files were made from (one mistake each).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from negsim.cli.scenario_cmds import validate
from negsim.errors import ScenarioError
from negsim.scenario import load

CORPUS = Path(__file__).parent / "malformed"
FILES = sorted(p for p in CORPUS.glob("*.yaml") if not p.name.startswith("_"))
NO_HEADER = {"empty.yaml": [(1, "the file is empty")]}
EXPECT = re.compile(r"^# expect: (\d+): (.+)$")
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rest>.+)$")


def expectations(path: Path) -> list[tuple[int, str]]:
    """The ``# expect: LINE: TEXT`` lines at the top of a corpus file."""
    if path.name in NO_HEADER:
        return NO_HEADER[path.name]
    raw = path.read_bytes()
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        text = raw.decode("utf-32")
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = raw.decode("utf-16")
    else:
        text = raw.decode("utf-8", "replace")
    found = []
    for line in text.splitlines()[:10]:
        m = EXPECT.match(line)
        if m:
            found.append((int(m.group(1)), m.group(2)))
    return found


def test_corpus_is_large_enough() -> None:
    assert len(FILES) >= 40
    assert all(expectations(p) for p in FILES), [p.name for p in FILES if not expectations(p)]


def test_base_of_the_corpus_is_valid() -> None:
    s = load(CORPUS / "_valid_base.yaml")
    assert s.party_ids == ["russia", "usa"]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_corpus_file_is_refused_with_expected_messages(path: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a successful `!!python/object/apply` would create a file here
    with pytest.raises(ScenarioError) as info:
        load(path)
    problems = info.value.problems
    got = [(p.line, f"{p.field}: {p.message}" if p.field else p.message) for p in problems]
    expected = expectations(path)
    assert len(problems) == len(expected), got
    for line, text in expected:
        assert any(pl == line and text in rest for pl, rest in got), (line, text, got)
    assert all(p.file == str(path) and p.line >= 1 and p.column >= 1 for p in problems)
    assert not list(tmp_path.iterdir())


def test_cli_refuses_every_corpus_file_with_located_messages() -> None:
    """`negsim validate` exits 1 for each file and prints only `file:line:col: ...` lines and a summary."""
    runner = CliRunner()
    for path in FILES:
        result = runner.invoke(validate, [str(path)])
        assert result.exit_code == 1, (path.name, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), path.name
        lines = result.output.strip().splitlines()
        assert "Traceback" not in result.output
        located = [LOCATED.match(line) for line in lines[:-1]]
        assert located and all(m and m["file"] == str(path) for m in located), (path.name, lines)
        assert lines[-1].startswith(f"{path}: invalid")
