"""A forecast of every issue by the chosen models, scored against the observed outcomes.

:func:`forecast` runs the models (:mod:`negsim.forecast.models`), scores each one and the
reference point by their mean absolute error over the issues with an observed outcome,
and, when asked, repeats the models on Monte Carlo shocks of salience and capability
(:mod:`negsim.forecast.shocks`). :meth:`ForecastResult.to_dict` is the JSON of
``negsim forecast --format json``.

Example (the Decide package's tests: positions 0 and 100 with equal salience and power give 50):
    >>> from negsim.forecast.data import ForecastData
    >>> d = ForecastData.build(["a", "b"], ["p"], positions=[[0, 100]], saliences=[[1, 1]], observed=[40])
    >>> r = forecast(d, ["compromise", "exchange"])
    >>> r.to_dict()["issues"][0]["forecasts"], r.scores["compromise"].to_dict()
    ({'compromise': 50.0, 'exchange': 50.0}, {'mae': 10.0, 'n': 1})
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negsim.forecast.data import ForecastData
from negsim.forecast.eu_options import EUOptions
from negsim.forecast.exchange import ExchangeResult
from negsim.forecast.expected_utility import EUResult
from negsim.forecast.models import MODELS, run_models
from negsim.forecast.scores import Score, mae
from negsim.forecast.shocks import shocked
from negsim.numeric import FloatArray

QUANTILES = (0.05, 0.5, 0.95)


@dataclass(frozen=True)
class ShockSummary:
    """Forecasts under Monte Carlo shocks: per model, (samples, issues) forecasts and their MAEs."""

    samples: int
    seed: int
    sd: float
    forecasts: dict[str, FloatArray]

    def to_dict(self, data: ForecastData) -> dict[str, Any]:
        per_issue = {}
        for model, f in self.forecasts.items():
            q = np.nanquantile(f, QUANTILES, axis=0) if f.size else np.zeros((3, 0))
            per_issue[model] = {issue: {"q05": _num(q[0, k]), "q50": _num(q[1, k]), "q95": _num(q[2, k])}
                                for k, issue in enumerate(data.issues)}
        scores = {}
        for model, f in self.forecasts.items():
            errors = np.array([_or_nan(mae(row, data.observed).mae) for row in f])
            if np.isnan(errors).all():
                continue
            lo, mid, hi = np.nanquantile(errors, QUANTILES)
            scores[model] = {"q05": _num(lo), "q50": _num(mid), "q95": _num(hi)}
        return {"samples": self.samples, "seed": self.seed, "sd": self.sd, "forecasts": per_issue, "mae": scores}


@dataclass(frozen=True)
class ForecastResult:
    """Forecasts per issue and model, their scores, and the models' inner workings."""

    data: ForecastData
    models: tuple[str, ...]
    forecasts: dict[str, FloatArray]
    scores: dict[str, Score]
    rounds: int
    eu: EUResult | None = None
    exchange: ExchangeResult | None = None
    shocks: ShockSummary | None = None

    def to_dict(self) -> dict[str, Any]:
        d = self.data
        out: dict[str, Any] = {
            "source": d.source,
            "actors": [{"id": a, "name": n} for a, n in zip(d.actors, d.actor_names, strict=True)],
            "capabilities": d.capability_source,
            "models": list(self.models),
            "settings": {"rounds": self.rounds,
                         "expected_utility": self.eu.options.to_dict() if self.eu is not None else None},
            "issues": [self._issue(k) for k in range(len(d.issues))],
            "scores": {name: s.to_dict() for name, s in self.scores.items()},
            "rounds": {"expected_utility": self._eu_rounds()} if self.eu is not None else {},
        }
        if self.shocks is not None:
            out["uncertainty"] = self.shocks.to_dict(d)
        return out

    def _issue(self, k: int) -> dict[str, Any]:
        d = self.data
        entry: dict[str, Any] = {"id": d.issues[k], "name": d.issue_names[k], "group": d.groups[k],
                                 "actors": int(d.present[k].sum()), "observed": _num(d.observed[k]),
                                 "reference_point": _num(d.reference_point[k]),
                                 "forecasts": {m: _num(f[k]) for m, f in self.forecasts.items()}}
        labels = d.labels[k]
        if labels is not None:
            entry["options"] = {m: nearest_option(f[k], labels) for m, f in self.forecasts.items()}
        if self.eu is not None:
            entry["expected_utility"] = {"rounds": int(self.eu.rounds_run[k]), "settled": bool(self.eu.settled[k])}
        if self.exchange is not None:
            entry["exchanges"] = int(self.exchange.exchanges[k])
        return entry

    def _eu_rounds(self) -> dict[str, list[dict[str, dict[str, float | None]]]]:
        assert self.eu is not None
        d, eu = self.data, self.eu
        out = {}
        for k, issue in enumerate(d.issues):
            here = [j for j in range(len(d.actors)) if d.present[k, j]]
            states = []
            for t in range(int(eu.rounds_run[k]) + 1):
                states.append({"positions": {d.actors[j]: _num(eu.positions[t, k, j]) for j in here},
                               "risk": {d.actors[j]: _num(eu.risk[t, k, j]) for j in here}})
            out[issue] = states
        return out


def forecast(data: ForecastData, models: Sequence[str] = MODELS, *, rounds: int = 10,
             eu_options: EUOptions | None = None, samples: int = 0, seed: int = 0, sd: float = 0.1) -> ForecastResult:
    """Forecast every issue with ``models``; with ``samples`` > 0 also under Monte Carlo shocks."""
    chosen = tuple(m for m in MODELS if m in models)
    forecasts, eu, ex = run_models(data, chosen, rounds=rounds, eu_options=eu_options)
    scores = {m: mae(f, data.observed) for m, f in forecasts.items()}
    scores["reference_point"] = mae(data.reference_point, data.observed)
    shocks = None
    if samples > 0:
        stacked = shocked(data, samples=samples, seed=seed, sd=sd)
        runs, _, _ = run_models(stacked, chosen, rounds=rounds, eu_options=eu_options)
        shocks = ShockSummary(samples, seed, sd, {m: f.reshape(samples, -1) for m, f in runs.items()})
    return ForecastResult(data, chosen, forecasts, scores, rounds, eu, ex, shocks)


def nearest_option(value: float, labels: Sequence[str]) -> str | None:
    """The option of a categorical issue nearest a forecast on its 0..k−1 scale (ties: the lower).

    >>> nearest_option(1.4, ["open_door", "moratorium", "ban"])
    'moratorium'
    """
    if math.isnan(value) or not labels:
        return None
    return labels[int(min(max(math.floor(value + 0.5 - 1e-9), 0), len(labels) - 1))]


def _or_nan(x: float | None) -> float:
    return math.nan if x is None else x


def _num(x: float) -> float | None:
    v = float(x)
    return None if math.isnan(v) else round(v, 9)


__all__ = ["ForecastResult", "ShockSummary", "forecast", "nearest_option"]
