"""Read a forecasting table in the layout of the DEU data sets (Thomson et al. 2006; Arregui & Perarnaud 2021).

Layout (tab or comma separated; the first line decides: a tab in it means tabs):

* line 1, the headers. Every actor ``a`` has a position column ``p<a>`` and a salience
  column ``s<a>`` (``pcom`` and ``scom`` for the Commission). ``rp`` (reference point) and
  ``out`` (observed outcome) are optional. The issue id column is ``isnr`` (DEU) or ``id``;
  without one, issues are named after their line (``line7``). Issues are grouped by
  ``prnr`` (DEU's proposal) or ``group``; without such a column all issues form one group.
  Other columns are ignored.
* an optional capability row right after the headers: no issue id, no saliences, and a
  capability under each ``p<a>`` column.
* one issue per line after that. An empty cell is a missing value: an actor with a missing
  position or salience on an issue is left out of that issue.

Every problem is reported with the file, line, column and what was expected.

Example:
    >>> text = "isnr\\tpa\\tpb\\tsa\\tsb\\tout\\n\\t2\\t1\\t\\t\\t\\nq1\\t0\\t100\\t50\\t50\\t40\\n"
    >>> d = read_table_text(text, "demo.tsv")
    >>> d.actors, d.issues, d.capabilities.tolist(), d.observed.tolist(), d.capability_source
    (('a', 'b'), ('q1',), [[2.0, 1.0]], [40.0], 'row')
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from negsim.errors import Problem, ScenarioError
from negsim.forecast.data import ForecastData
from negsim.scenario.textfile import MAX_TABLE_BYTES, read_user_text

MAX_BYTES = MAX_TABLE_BYTES
"""Largest table read (64 MiB): larger files are refused before anything is parsed."""
MAX_ACTORS = 500
MAX_ISSUES = 200_000
MAX_PROBLEMS = 25
ID_COLUMNS = ("isnr", "id")
GROUP_COLUMNS = ("prnr", "group")
RESERVED = {"prnr", "prname", "proc", "proccde"}
"""DEU columns that start with ``p`` but are not positions (they have no ``s`` twin anyway)."""


def is_table(path: str | Path) -> bool:
    """Whether a path names a table (``.tsv``, ``.csv``, ``.tab``, ``.txt``) rather than a scenario."""
    return Path(path).suffix.lower() in (".tsv", ".csv", ".tab", ".txt")


def read_table(path: str | Path) -> ForecastData:
    """Read a table file; :class:`ScenarioError` lists every problem found (file:line:col)."""
    return read_table_text(read_user_text(path, MAX_BYTES, "table"), str(path))


@dataclass
class _Columns:
    """Where each kind of column is in the header."""

    actors: list[str]
    position: list[int]
    salience: list[int]
    issue_id: int | None
    group: int | None
    rp: int | None
    out: int | None


def read_table_text(text: str, name: str = "<table>") -> ForecastData:
    """Read a table from text (see the module docstring for the layout)."""
    problems: list[Problem] = []
    lines = text.splitlines()
    delimiter = "\t" if lines and "\t" in lines[0] else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            rows.append((reader.line_num, [cell.strip() for cell in row]))
    except csv.Error as exc:
        raise ScenarioError([Problem("", f"unreadable line: {exc}", name, reader.line_num, 0)]) from None
    if not rows:
        raise ScenarioError([Problem("", "the file is empty; expected a header line with p<actor> and s<actor> "
                                         "columns", name, 1, 0)])
    header_line, header = rows[0]
    cols = _columns(header, name, header_line, problems)
    _raise(problems)
    body = [(n, r) for n, r in rows[1:] if any(r)]
    caps, body = _capability_row(body, header, cols, name, problems)
    if len(body) > MAX_ISSUES:
        problems.append(Problem("", f"{len(body):,} issues; at most {MAX_ISSUES:,} are read", name, body[0][0], 0))
    _raise(problems)
    return _data(body, header, cols, caps, name, problems)


def _columns(header: list[str], name: str, line: int, problems: list[Problem]) -> _Columns:
    seen: dict[str, int] = {}
    for k, h in enumerate(header):
        if h in seen and h:
            problems.append(Problem(h, f"column `{h}` appears twice (columns {seen[h] + 1} and {k + 1}); "
                                       "each column name must be unique", name, line, k + 1))
        seen.setdefault(h, k)
    actors = [h[1:] for h in header if h.startswith("p") and h not in RESERVED and len(h) > 1 and f"s{h[1:]}" in seen]
    if not actors:
        problems.append(Problem("", "expected a position column `p<actor>` and a salience column `s<actor>` for "
                                    "every actor (e.g. `pcom` and `scom`); found none", name, line, 1))
    elif len(actors) > MAX_ACTORS:
        problems.append(Problem("", f"{len(actors)} actors; at most {MAX_ACTORS} are read", name, line, 1))

    def first(names: tuple[str, ...]) -> int | None:
        return next((seen[n] for n in names if n in seen), None)

    return _Columns(actors, [seen[f"p{a}"] for a in actors], [seen[f"s{a}"] for a in actors],
                    first(ID_COLUMNS), first(GROUP_COLUMNS), seen.get("rp"), seen.get("out"))


def _capability_row(body: list[tuple[int, list[str]]], header: list[str], cols: _Columns, name: str,
                    problems: list[Problem]) -> tuple[np.ndarray | None, list[tuple[int, list[str]]]]:
    """The capability row (first line after the headers, without an issue id and without saliences), if any."""
    if not body:
        return None, body
    line, row = body[0]
    cell = _cells(row, len(header))
    no_id = cols.issue_id is None or not cell[cols.issue_id]
    if not (no_id and not any(cell[k] for k in cols.salience) and any(cell[k] for k in cols.position)):
        return None, body
    caps = np.empty(len(cols.actors))
    for j, k in enumerate(cols.position):
        caps[j] = _number(cell[k], name, line, k + 1, header[k], f"the capability of `{cols.actors[j]}`",
                          problems, lowest=0.0, required=True)
    return caps, body[1:]


def _data(body: list[tuple[int, list[str]]], header: list[str], cols: _Columns, caps: np.ndarray | None,
          name: str, problems: list[Problem]) -> ForecastData:
    n_issues, n_actors = len(body), len(cols.actors)
    x = np.full((n_issues, n_actors), np.nan)
    s = np.full((n_issues, n_actors), np.nan)
    rp = np.full(n_issues, np.nan)
    out = np.full(n_issues, np.nan)
    ids: list[str] = []
    groups: list[str] = []
    for i, (line, row) in enumerate(body):
        if len(row) > len(header):
            problems.append(Problem("", f"{len(row)} cells but only {len(header)} columns in the header line",
                                    name, line, len(header) + 1))
            continue
        cell = _cells(row, len(header))
        ids.append(cell[cols.issue_id] if cols.issue_id is not None and cell[cols.issue_id] else f"line{line}")
        groups.append(cell[cols.group] if cols.group is not None else "all")
        for j, (kp, ks) in enumerate(zip(cols.position, cols.salience, strict=True)):
            actor = cols.actors[j]
            x[i, j] = _number(cell[kp], name, line, kp + 1, header[kp], f"the position of `{actor}`", problems)
            s[i, j] = _number(cell[ks], name, line, ks + 1, header[ks], f"the salience of `{actor}`", problems,
                              lowest=0.0)
        for k, target, what in ((cols.rp, rp, "the reference point"), (cols.out, out, "the observed outcome")):
            if k is not None:
                target[i] = _number(cell[k], name, line, k + 1, header[k], what, problems)
        if len(problems) >= MAX_PROBLEMS:
            break
    _raise(problems)
    _check_unique_ids(ids, body, cols, name, problems)
    _raise(problems)
    capabilities = np.ones((n_issues, n_actors)) if caps is None else np.tile(caps, (n_issues, 1))
    return ForecastData.build(cols.actors, ids, positions=x, saliences=s, capabilities=capabilities,
                              reference_point=rp, observed=out, groups=groups, source=name,
                              capability_source="equal" if caps is None else "row")


def _check_unique_ids(ids: list[str], body: list[tuple[int, list[str]]], cols: _Columns, name: str,
                      problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for (line, _), issue in zip(body, ids, strict=True):
        if issue in seen:
            col = (cols.issue_id or 0) + 1
            problems.append(Problem("", f"issue id `{issue}` is used twice (lines {seen[issue]} and {line}); "
                                        "ids must be unique", name, line, col))
        seen.setdefault(issue, line)


def _cells(row: list[str], width: int) -> list[str]:
    return row + [""] * (width - len(row))


def _number(text: str, name: str, line: int, column: int, field: str, what: str, problems: list[Problem], *,
            lowest: float | None = None, required: bool = False) -> float:
    """A cell as a number (NaN when empty and not required); a located problem otherwise."""
    if not text:
        if required:
            problems.append(Problem(field, f"expected {what} (a number), found an empty cell", name, line, column))
        return math.nan
    try:
        value = float(text)
    except ValueError:
        problems.append(Problem(field, f"expected {what} (a number), found {text[:30]!r}", name, line, column))
        return math.nan
    if not math.isfinite(value):
        problems.append(Problem(field, f"expected {what} (a finite number), found {text[:30]!r}", name, line, column))
        return math.nan
    if lowest is not None and value < lowest:
        problems.append(Problem(field, f"expected {what} ≥ {lowest:g}, found {text[:30]}", name, line, column))
        return math.nan
    return value


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise ScenarioError(problems[:MAX_PROBLEMS])


__all__ = ["MAX_ACTORS", "MAX_BYTES", "is_table", "read_table", "read_table_text"]
