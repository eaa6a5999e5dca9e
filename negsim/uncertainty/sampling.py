"""Drawing the uncertain inputs: K samples per varied field, batch by batch, from one seed.

Distributions (one per ``vary`` entry):

* ``uniform: [low, high]``;
* ``normal: [mean, sd]`` truncated to the field's valid range (inverse-CDF sampling of
  the truncated normal, Robert 1995, "Simulation of truncated normal variables",
  Statistics and Computing 5:121–125);
* ``triangular: [low, mode, high]``;
* ``choice: [x1, x2, ...]`` with optional ``weights`` (normalised to probabilities).

Reproducibility: the samples are cut into fixed batches of :data:`BATCH` samples. Batch
``b`` draws from its own stream, the ``b``-th child of ``numpy.random.SeedSequence(seed)``
(O'Neill 2014, PCG technical report), so the same seed gives the same samples whatever the
number of workers or the executor that runs the batches. The child is made directly from
its spawn key, ``SeedSequence(seed, spawn_key=(b,))`` — the same stream ``spawn`` would give
as its ``b``-th child, at a cost that does not grow with ``b``.

Example:
    >>> import negsim
    >>> from negsim.scenario.models import Vary
    >>> s = negsim.load(negsim.bundled("security-guarantees-2021"))
    >>> v = Vary(path="parties.russia.no_deal", normal=(0.1, 0.5))
    >>> x = draw_batch(s, [v], seed=7, batch=0, n=1000)
    >>> x.shape, bool(x.min() >= 0.0 and x.max() <= 1.0)
    ((1000, 1), True)
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

from negsim.errors import NegsimError
from negsim.scenario.models import Scenario, Vary
from negsim.scenario.paths import FieldRef, resolve_all, support
from negsim.uncertainty import normal

BATCH = 500
"""Samples per batch. Fixed (not derived from the worker count) so results never depend on it."""

FloatArray = NDArray[np.float64]


def distribution_name(v: Vary) -> str:
    """The one distribution a ``vary`` entry gives; NegsimError when it gives none or several."""
    given = [d for d in ("uniform", "normal", "triangular", "choice") if getattr(v, d) is not None]
    if len(given) != 1:
        raise NegsimError(f"`{v.path}`: give exactly one distribution: `uniform`, `normal`, `triangular` or `choice`")
    return given[0]


def describe(v: Vary) -> str:
    """A short text such as ``uniform(0.1, 0.3)`` for tables and reports.

    >>> describe(Vary(path="parties.a.power", choice=[1, 2], weights=[3, 1]))
    'choice(1, 2) weights (3, 1)'
    """
    name = distribution_name(v)
    args = list(getattr(v, name))
    text = f"{name}({', '.join(f'{a:g}' for a in args)})"
    if v.weights is not None:
        text += f" weights ({', '.join(f'{w:g}' for w in v.weights)})"
    return text


def check(v: Vary, ref: FieldRef) -> None:
    """The distribution's numbers are in order and stay in the field's valid range (else NegsimError)."""
    name = distribution_name(v)
    lo, hi = ref.bounds
    if name == "normal":
        mean, sd = v.normal or (0.0, 0.0)
        if sd < 0 or not lo <= mean <= hi:
            raise NegsimError(f"`{v.path}`: normal needs sd ≥ 0 and a mean inside [{lo:g}, {hi:g}]")
        return
    span = support(v)
    if span is None:
        raise NegsimError(f"`{v.path}`: the {name} numbers are out of order (expected low ≤ (mode ≤) high)")
    a, b = span
    if a < lo or b > hi:
        raise NegsimError(f"`{v.path}`: `{ref.kind}` must stay in [{lo:g}, {hi:g}], but this {name} reaches "
                          f"[{a:g}, {b:g}]; narrow the distribution")
    if v.weights is not None:
        w = np.asarray(v.weights, dtype=float)
        if v.choice is None or len(w) != len(v.choice) or (w < 0).any() or w.sum() <= 0:
            raise NegsimError(f"`{v.path}`: `weights` go with `choice`, one non-negative weight per choice")


def draw(v: Vary, ref: FieldRef, n: int, rng: np.random.Generator) -> FloatArray:
    """``n`` values of one input, always inside the field's valid range."""
    name = distribution_name(v)
    lo, hi = ref.bounds
    if name == "uniform":
        a, b = v.uniform or (0.0, 0.0)
        x = rng.uniform(a, b, n)
    elif name == "triangular":
        a, m, b = v.triangular or (0.0, 0.0, 0.0)
        x = np.full(n, a) if a == b else rng.triangular(a, m, b, n)
    elif name == "choice":
        choices = np.asarray(v.choice, dtype=float)
        p = None if v.weights is None else np.asarray(v.weights, dtype=float) / sum(v.weights)
        x = rng.choice(choices, size=n, p=p)
    else:
        mean, sd = v.normal or (0.0, 0.0)
        x = truncated_normal(mean, sd, lo, hi, n, rng)
    return np.clip(x, lo, hi)


def truncated_normal(mean: float, sd: float, lo: float, hi: float, n: int, rng: np.random.Generator) -> FloatArray:
    """Normal(mean, sd) restricted to [lo, hi] by inverse-CDF sampling (Robert 1995).

    Works in the lower tail (mirrored when the window lies above the mean) so that
    windows far from the mean keep their precision.

    >>> x = truncated_normal(0.0, 1.0, 0.5, 0.6, 5, np.random.default_rng(0))
    >>> bool(((x >= 0.5) & (x <= 0.6)).all())
    True
    """
    if sd == 0:
        return np.full(n, min(max(mean, lo), hi))
    a, b = (lo - mean) / sd, (hi - mean) / sd
    flip = a > 0
    if flip:
        a, b = -b, -a
    u = rng.uniform(normal.cdf(a), normal.cdf(b), n)
    z = normal.ppf(u)
    z = -z if flip else z
    return np.clip(mean + sd * z, lo, hi)


def batches(samples: int, size: int = BATCH) -> Iterator[tuple[int, int, int]]:
    """``(batch number, start, stop)`` covering ``samples`` samples, one at a time (nothing is listed first).

    >>> list(batches(1100))
    [(0, 0, 500), (1, 500, 1000), (2, 1000, 1100)]
    """
    for b, start in enumerate(range(0, samples, size)):
        yield b, start, min(start + size, samples)


def batch_count(samples: int, size: int = BATCH) -> int:
    """How many batches :func:`batches` yields.

    >>> batch_count(1100), batch_count(10**12)
    (3, 2000000000)
    """
    return -(-samples // size)


def stream(seed: int, batch: int) -> np.random.Generator:
    """The random stream of one batch: child ``batch`` of ``SeedSequence(seed)``, made from its spawn key.

    ``SeedSequence(seed, spawn_key=(batch,))`` is the ``batch``-th child that
    ``SeedSequence(seed).spawn(batch + 1)`` would make, built in constant time (spawning
    every earlier child first made a run's seeding cost grow with the square of its batches).

    >>> bool(stream(42, 3).random() == np.random.default_rng(np.random.SeedSequence(42).spawn(4)[3]).random())
    True
    """
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(batch,)))


def draw_batch(scenario: Scenario, vary: list[Vary], seed: int, batch: int, n: int) -> FloatArray:
    """The (n, len(vary)) input values of batch ``batch``: each input drawn in turn from the batch's stream."""
    refs = resolve_all(scenario, [v.path for v in vary])
    for v, ref in zip(vary, refs, strict=True):
        check(v, ref)
    rng = stream(seed, batch)
    return np.stack([draw(v, ref, n, rng) for v, ref in zip(vary, refs, strict=True)], axis=1) if vary \
        else np.zeros((n, 0))


__all__ = ["BATCH", "batch_count", "batches", "check", "describe", "distribution_name", "draw", "draw_batch", "stream",
           "truncated_normal"]
