"""Reading DEU-layout tables: the layout, the capability row, missing values, and located errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from negsim.errors import NegsimError, ScenarioError
from negsim.forecast import read_table, read_table_text

GOOD = ("prnr\tisnr\tpa\tpb\tpc\tsa\tsb\tsc\trp\tout\n"
        "\t\t2\t1\t1\t\t\t\t\t\n"
        "x1\tq1\t0\t100\t\t50\t50\t70\t10\t40\n"
        "x1\tq2\t20\t\t60\t50\t\t70\t\t\n")


def test_layout_capabilities_and_missing_values() -> None:
    d = read_table_text(GOOD, "t.tsv")
    assert d.actors == ("a", "b", "c") and d.issues == ("q1", "q2") and d.groups == ("x1", "x1")
    assert d.capability_source == "row" and d.capabilities[0].tolist() == [2.0, 1.0, 1.0]
    # c has no position on q1, b none on q2: both are left out there
    assert d.present.tolist() == [[True, True, False], [True, False, True]]
    assert d.reference_point[0] == 10 and np.isnan(d.reference_point[1])
    assert d.observed[0] == 40 and np.isnan(d.observed[1])


def test_comma_separated_without_capability_row() -> None:
    d = read_table_text("id,pa,pb,sa,sb\nq,0,100,1,1\n")
    assert d.capability_source == "equal" and d.capabilities.tolist() == [[1.0, 1.0]] and d.issues == ("q",)


def test_quoted_cells_are_read() -> None:
    d = read_table_text('"isnr","pa","pb","sa","sb"\n"q 1","0","100","1","1"\n')
    assert d.issues == ("q 1",) and d.positions.tolist() == [[0.0, 100.0]]


def test_issues_without_id_column_are_named_after_their_line() -> None:
    assert read_table_text("pa,pb,sa,sb\n0,1,1,1\n\n5,6,1,1\n").issues == ("line2", "line4")


@pytest.mark.parametrize(("text", "where", "words"), [
    ("isnr\tpa\tpb\tsa\tsb\nq\t0\tabc\t1\t1\n", "t.tsv:2:3: pb:",
     "expected the position of `b` (a number), found 'abc'"),
    ("isnr\tpa\tpb\tsa\tsb\nq\t0\t1\t-1\t1\n", "t.tsv:2:4: sa:", "expected the salience of `a` ≥ 0"),
    ("isnr\tpa\tpb\tsa\tsb\n\t1\t\t\t\nq\t0\t1\t1\t1\n", "t.tsv:2:3: pb:", "expected the capability of `b`"),
    ("isnr\tpa\tpb\tsa\tsb\tout\nq\t0\t1\t1\t1\tinf\n", "t.tsv:2:6: out:", "a finite number"),
    ("isnr\tpa\tpa\tsa\nq\t0\t1\t1\n", "t.tsv:1:3: pa:", "column `pa` appears twice"),
    ("isnr\tx\ty\nq\t0\t1\n", "t.tsv:1:1:", "expected a position column `p<actor>`"),
    ("isnr\tpa\tsa\nq\t0\t1\t7\n", "t.tsv:2:4:", "4 cells but only 3 columns"),
    ("isnr\tpa\tsa\nq\t0\t1\nq\t1\t1\n", "t.tsv:3:1:", "issue id `q` is used twice (lines 2 and 3)"),
])
def test_located_errors(text: str, where: str, words: str) -> None:
    with pytest.raises(ScenarioError) as err:
        read_table_text(text, "t.tsv")
    first = str(err.value.problems[0])
    assert first.startswith(where) and words in first, first


def test_errors_are_all_reported_at_once() -> None:
    text = "isnr\tpa\tpb\tsa\tsb\nq\tx\ty\t1\t1\nr\t0\t1\tz\t1\n"
    with pytest.raises(ScenarioError) as err:
        read_table_text(text, "t.tsv")
    assert [(p.line, p.column) for p in err.value.problems] == [(2, 2), (2, 3), (3, 4)]


def test_empty_and_binary_files(tmp_path: Path) -> None:
    empty = tmp_path / "e.tsv"
    empty.write_text("")
    with pytest.raises(ScenarioError, match="empty"):
        read_table(empty)
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"pa,sa\n\xff\xfe\n")
    with pytest.raises(NegsimError, match=r"b\.csv:2:1: the file is not UTF-8"):
        read_table(binary)
