"""Each party's value for every option of every issue, and its normalised weights.

The rules (documented in docs/scenario-format.md):

* **Weights.** ``weights`` are normalised to sum to 1. Issues left out of ``weights``
  weigh 0. Without ``weights``, every issue the party gives values or a demand for
  weighs the same.
* **Values.** Categorical issues: a value per option, 0..1. Numeric issues: points
  ``{x: value}`` joined by straight lines (flat beyond the outermost points).
* **Derived values.** An issue with a demand but no values gets values from the
  demand: the demanded option is worth 1 and the value falls in a straight line with
  the distance from it (options are read as a scale in the order listed), to 0 at the
  option farthest away. A party that demands the middle of a scale thus values both
  ends at 0.

Example:
    >>> derived_values(["open_door", "moratorium", "ban"], demanded=2)
    [0.0, 0.5, 1.0]
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from negsim.scenario.models import Issue, Preferences, format_number

if TYPE_CHECKING:  # numpy is imported where arrays are built, so that `negsim validate` does without it
    import numpy as np
    from numpy.typing import NDArray


def issue_grid(issue: Issue) -> NDArray[np.float64] | None:
    """The grid of a numeric issue (``range`` and ``step``), or None for a categorical one.

    The points run from ``low`` to ``high`` exactly (evenly spaced, so a step that divides
    the range only to within rounding still ends on ``high``), kept to 9 decimals.
    """
    import numpy as np

    if issue.range is None or issue.step is None:
        return None
    return np.array(_grid(*issue.range, issue.step))


@functools.lru_cache(maxsize=256)
def _grid(lo: float, hi: float, step: float) -> tuple[float, ...]:
    import numpy as np

    n = round((hi - lo) / step) + 1
    return tuple(float(x) for x in np.round(np.linspace(lo, hi, n), 9))


@functools.lru_cache(maxsize=256)
def grid_labels(lo: float, hi: float, step: float) -> tuple[str, ...]:
    """The labels of a numeric grid (cached: checks look labels up many times).

    >>> grid_labels(0, 1, 0.25)
    ('0', '0.25', '0.5', '0.75', '1')
    """
    return tuple(format_number(x) for x in _grid(lo, hi, step))


def issue_size(issue: Issue) -> int:
    """Number of options of an issue (grid points of a numeric one), without building them.

    >>> issue_size(Issue(id="share", range=[0, 100], step=25))
    5
    """
    if issue.range is not None and issue.step is not None:
        lo, hi = issue.range
        return round((hi - lo) / issue.step) + 1
    return len(issue.options or [])


def issue_labels(issue: Issue) -> list[str]:
    """Option labels of an issue; numeric grid points are written as numbers."""
    if issue.range is None or issue.step is None:
        return list(issue.options or [])
    return list(grid_labels(*issue.range, issue.step))


def derived_values(labels: list[str], demanded: int) -> list[float]:
    """Values from a demand alone: 1 at the demanded option, falling linearly to 0."""
    n = len(labels)
    span = max(demanded, n - 1 - demanded)
    if span == 0:
        return [1.0] * n
    return [1.0 - abs(i - demanded) / span for i in range(n)]


def option_values(issue: Issue, prefs: Preferences) -> NDArray[np.float64] | None:
    """The party's value of each option of ``issue`` (None when it gives neither values nor a demand)."""
    import numpy as np

    labels = issue_labels(issue)
    grid = issue_grid(issue)
    given = prefs.values.get(issue.id)
    demand = prefs.demands.get(issue.id)
    if given is not None:
        if grid is None:
            return np.array([given[o] for o in labels], dtype=float)
        xs = np.array([float(k) for k in given], dtype=float)
        ys = np.array(list(given.values()), dtype=float)
        order = np.argsort(xs)
        return np.interp(grid, xs[order], ys[order])
    if demand is not None:
        if grid is None:
            return np.array(derived_values(labels, labels.index(demand)))
        d = float(demand)
        span = max(d - grid[0], grid[-1] - d)
        return np.ones_like(grid) if span == 0 else 1.0 - np.abs(grid - d) / span
    return None


def raw_weights(issues: list[Issue], prefs: Preferences) -> dict[str, float]:
    """Weights before normalisation, following the rules above."""
    if prefs.weights is not None:
        return {i.id: float(prefs.weights.get(i.id, 0.0)) for i in issues}
    covered = set(prefs.values) | set(prefs.demands)
    return {i.id: (1.0 if i.id in covered else 0.0) for i in issues}


def normalised_weights(issues: list[Issue], prefs: Preferences) -> dict[str, float]:
    """Weights summing to 1 over all issues of the scenario (as written when ``normalise_weights: false``)."""
    raw = raw_weights(issues, prefs)
    if not prefs.normalise_weights:
        return raw
    total = sum(raw.values())
    return {k: (v / total if total > 0 else 0.0) for k, v in raw.items()}
