"""The data a forecast works on: actors, issues, and per issue each actor's position, salience and capability.

Everything is held as arrays of shape ``(issues, actors)``. An actor that took no position
on an issue, or whose salience there is unknown, is *absent* from that issue (NaN in
``positions`` or ``saliences``) and every model leaves it out of that issue. The reference
point (the outcome had nothing been decided) and the observed outcome are optional per
issue (NaN when unknown). Issues are grouped (``groups``): the exchange model trades
positions only between issues of the same group (the same legislative proposal in DEU).

Example:
    >>> d = ForecastData.build(["a", "b"], ["price"], positions=[[0.0, 100.0]], saliences=[[1.0, 1.0]])
    >>> d.weights().tolist(), d.present.tolist()
    ([[1.0, 1.0]], [[True, True]])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import ArrayLike

from negsim.numeric import BoolArray, FloatArray


@dataclass(frozen=True)
class ForecastData:
    """Actors, issues, positions, saliences, capabilities, reference points and observed outcomes."""

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    positions: FloatArray
    """(issues, actors); NaN where the actor took no position."""
    saliences: FloatArray
    """(issues, actors); NaN where unknown."""
    capabilities: FloatArray
    """(issues, actors); the actor's capability (power, clout) on that issue."""
    reference_point: FloatArray
    """(issues,); NaN where not coded."""
    observed: FloatArray
    """(issues,); NaN where unknown."""
    groups: tuple[str, ...]
    """(issues,); the exchange model trades across the issues of one group only."""
    actor_names: tuple[str, ...] = ()
    issue_names: tuple[str, ...] = ()
    labels: tuple[tuple[str, ...] | None, ...] = ()
    """Per issue: the option names of a categorical issue (position k is option k), else None."""
    source: str = ""
    capability_source: str = "given"
    """Where the capabilities came from: ``row`` (a table's capability row), ``equal`` (all 1), ``scenario``."""
    notes: tuple[str, ...] = field(default=())

    @classmethod
    def build(cls, actors: Sequence[str], issues: Sequence[str], *, positions: ArrayLike, saliences: ArrayLike,
              capabilities: ArrayLike | None = None, reference_point: ArrayLike | None = None,
              observed: ArrayLike | None = None, groups: Sequence[str] | None = None,
              **extra: object) -> ForecastData:
        """Data from plain lists (NaN or None for a missing value); capabilities default to 1."""
        shape = (len(issues), len(actors))
        x = _array(positions, shape)
        s = _array(saliences, shape)
        c = np.ones(shape) if capabilities is None else _array(capabilities, shape)
        none = np.full(len(issues), np.nan)
        rp = none.copy() if reference_point is None else _array(reference_point, (len(issues),))
        out = none.copy() if observed is None else _array(observed, (len(issues),))
        g = tuple(groups) if groups is not None else tuple(issues)
        data = cls(tuple(actors), tuple(issues), x, s, c, rp, out, g, **extra)  # type: ignore[arg-type]
        return data.completed()

    def completed(self) -> ForecastData:
        """Fill the optional name and label tuples so every per-issue tuple has one entry per issue."""
        return replace(self,
                       actor_names=self.actor_names or self.actors,
                       issue_names=self.issue_names or self.issues,
                       labels=self.labels or tuple(None for _ in self.issues))

    @property
    def present(self) -> BoolArray:
        """(issues, actors): the actor has a position and a salience on the issue."""
        return ~np.isnan(self.positions) & ~np.isnan(self.saliences)

    def weights(self) -> FloatArray:
        """(issues, actors): capability × salience, 0 where the actor is absent."""
        w = self.capabilities * self.saliences
        return np.where(self.present, w, 0.0)

    def salience_scale(self) -> float:
        """The salience scale's top: 100 when any salience exceeds 1 (DEU, the EC example), else 1."""
        s = self.saliences[self.present]
        return 100.0 if s.size and float(s.max()) > 1.0 else 1.0

    def with_capabilities(self, capabilities: FloatArray, source: str) -> ForecastData:
        """The same data with other capabilities (e.g. all equal)."""
        return replace(self, capabilities=np.broadcast_to(capabilities, self.positions.shape).copy(),
                       capability_source=source)

    def subset(self, issues: Sequence[int]) -> ForecastData:
        """Only the given issues (by index), in that order."""
        k = list(issues)
        return replace(self, issues=tuple(self.issues[i] for i in k), positions=self.positions[k],
                       saliences=self.saliences[k], capabilities=self.capabilities[k],
                       reference_point=self.reference_point[k], observed=self.observed[k],
                       groups=tuple(self.groups[i] for i in k), issue_names=tuple(self.issue_names[i] for i in k),
                       labels=tuple(self.labels[i] for i in k))

    def actors_on(self, issue: int) -> list[str]:
        """The ids of the actors present on issue number ``issue``."""
        return [a for a, here in zip(self.actors, self.present[issue], strict=True) if here]


def _array(values: ArrayLike, shape: tuple[int, ...]) -> FloatArray:
    arr = np.array(values, dtype=object)
    arr = np.where(arr == None, np.nan, arr).astype(float)  # noqa: E711 (element-wise None test)
    if arr.shape != shape:
        raise ValueError(f"expected an array of shape {shape}, found {arr.shape}")
    return arr


__all__ = ["ForecastData"]
