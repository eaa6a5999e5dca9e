"""Sampling: valid ranges are never left, distributions are the ones asked for, seeds reproduce.

Reference values come from scipy.stats (an independent implementation of the truncated
normal and triangular distributions), not from negsim's own output.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import negsim
from negsim.errors import NegsimError
from negsim.scenario.models import Vary
from negsim.scenario.paths import resolve
from negsim.uncertainty.sampling import batches, check, draw, draw_batch, stream, truncated_normal

DATA = Path(__file__).parent / "data"
SMALL = negsim.load(DATA / "uncertainty-small.yaml")
SEED_SCENARIO = negsim.load(negsim.bundled("security-guarantees-2021"))

WIDE = [  # normal distributions far wider than the field's range: truncation must hold
    ("parties.a.no_deal", (0.9, 2.0), 0.0, 1.0, False),
    ("parties.b.power", (0.01, 50.0), 0.0, 1000.0, True),
    ("parties.c.patience", (1.0, 3.0), 0.0, 1.0, True),
    ("preferences.a.weights.x", (0.5, 100.0), 0.0, 1e6, False),
    ("preferences.a.values.share.50", (0.0, 5.0), 0.0, 1.0, False),
    ("preferences.a.red_lines[0].min_utility", (1.0, 0.5), 0.0, 1.0, False),
    ("protocol.breakdown", (0.0, 1.0), 0.0, 1.0, False),
    ("games.stag.payoffs.row[0][1]", (0.0, 1e13), -1e12, 1e12, False),
]


@pytest.mark.parametrize(("path", "normal", "lo", "hi", "open_lo"), WIDE)
def test_truncated_normal_never_leaves_the_valid_range(path: str, normal: tuple[float, float], lo: float,
                                                       hi: float, open_lo: bool) -> None:
    v = Vary(path=path, normal=normal)
    x = draw(v, resolve(SMALL, path), 20_000, np.random.default_rng(3))
    assert x.min() >= lo and x.max() <= hi
    if open_lo:
        assert x.min() > lo


def test_truncated_normal_matches_scipy_truncnorm() -> None:
    mean, sd, lo, hi = 0.9, 0.3, 0.0, 1.0
    x = draw(Vary(path="parties.a.no_deal", normal=(mean, sd)), resolve(SMALL, "parties.a.no_deal"), 40_000,
             np.random.default_rng(11))
    ref = stats.truncnorm((lo - mean) / sd, (hi - mean) / sd, loc=mean, scale=sd)
    assert stats.kstest(x, ref.cdf).pvalue > 0.001
    assert abs(x.mean() - ref.mean()) < 4 * ref.std() / np.sqrt(len(x))


def test_far_tail_window_keeps_precision() -> None:
    """A window 8–9 sd above the mean: a naive inverse CDF (Φ(8) rounds to 1) would collapse."""
    x = truncated_normal(0.0, 1.0, 8.0, 9.0, 20_000, np.random.default_rng(1))
    ref = stats.truncnorm(8.0, 9.0)
    assert x.min() >= 8.0 and x.max() <= 9.0
    assert stats.kstest(x, ref.cdf).pvalue > 0.001


def test_triangular_and_choice_follow_their_definitions() -> None:
    ref = resolve(SMALL, "parties.a.no_deal")
    x = draw(Vary(path="parties.a.no_deal", triangular=(0.1, 0.2, 0.6)), ref, 30_000, np.random.default_rng(5))
    tri = stats.triang(c=(0.2 - 0.1) / 0.5, loc=0.1, scale=0.5)
    assert stats.kstest(x, tri.cdf).pvalue > 0.001
    c = draw(Vary(path="parties.a.no_deal", choice=[0.1, 0.5, 0.9], weights=[1, 2, 1]), ref, 40_000,
             np.random.default_rng(6))
    assert set(np.unique(c).tolist()) == {0.1, 0.5, 0.9}
    assert abs(np.mean(c == 0.5) - 0.5) < 0.01


@pytest.mark.parametrize("vary", [
    Vary(path="parties.a.no_deal", uniform=(0.5, 1.2)),
    Vary(path="parties.b.power", uniform=(0.0, 2.0)),
    Vary(path="parties.a.no_deal", triangular=(0.1, 0.05, 0.3)),
    Vary(path="parties.a.no_deal", choice=[0.1, 2.0]),
    Vary(path="parties.a.no_deal", choice=[0.1, 0.2], weights=[1.0]),
    Vary(path="parties.a.no_deal", normal=(0.5, -1.0)),
    Vary(path="parties.a.no_deal", uniform=(0.1, 0.2), normal=(0.1, 0.1)),
])
def test_distributions_outside_the_range_or_malformed_are_refused(vary: Vary) -> None:
    with pytest.raises(NegsimError):
        check(vary, resolve(SMALL, vary.path))


def test_seed_reproduces_and_batches_use_independent_spawned_streams() -> None:
    vary = [Vary(path="parties.russia.no_deal", uniform=(0.0, 0.3)),
            Vary(path="preferences.usa.weights.nato_enlargement", normal=(25, 10))]
    a = draw_batch(SEED_SCENARIO, vary, seed=42, batch=3, n=100)
    b = draw_batch(SEED_SCENARIO, vary, seed=42, batch=3, n=100)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, draw_batch(SEED_SCENARIO, vary, seed=43, batch=3, n=100))
    assert not np.array_equal(a, draw_batch(SEED_SCENARIO, vary, seed=42, batch=2, n=100))
    # the stream of batch 3 is child 3 of SeedSequence(42), however many children are spawned
    child = np.random.SeedSequence(42).spawn(10)[3]
    assert np.array_equal(stream(42, 3).random(5), np.random.default_rng(child).random(5))
    assert list(batches(1201, 500)) == [(0, 0, 500), (1, 500, 1000), (2, 1000, 1201)]


@pytest.mark.parametrize(("path", "hint"), [
    ("parties.rusia.no_deal", "did you mean `russia`"),
    ("parties.russia.nodeal", "did you mean `no_deal`"),
    ("preferences.usa.weights.nato_enlargment", "did you mean `nato_enlargement`"),
    ("preferences.usa.values.form.binding_treaty", "did you mean `binding_treaty_on_package`"),
    ("preferences.russia.red_lines[0].min_utility", "has no `min_utility` red line"),
    ("games.crisis.payoffs.negotiate.engag[0]", "did you mean `engage`"),
    ("games.crisis.payoffs.negotiate.engage[2]", "[0] for russia"),
    ("game.crisis", "did you mean `games`"),
    ("protocol.breakdown", "no `protocol:` section"),
])
def test_bad_paths_say_what_is_wrong(path: str, hint: str) -> None:
    without_protocol = SEED_SCENARIO.model_copy(update={"protocol": None})
    with pytest.raises(NegsimError, match="is not a field negsim can vary") as exc:
        resolve(without_protocol, path)
    assert hint in str(exc.value)


def test_normal_quantiles_and_cdf_agree_with_scipy() -> None:
    """negsim's AS 241 quantile function (Wichura 1988) and erfc-based CDF against scipy.special, tails included."""
    from scipy.special import ndtr, ndtri

    from negsim.uncertainty import normal

    p = np.concatenate([np.logspace(-300, -1, 400), np.linspace(0.01, 0.99, 999), 1 - np.logspace(-16, -1, 100)])
    np.testing.assert_allclose(normal.ppf(p), ndtri(p), rtol=1e-14, atol=1e-300)
    for x in (-38.0, -10.0, -1.3, 0.0, 0.7, 6.0):
        assert normal.cdf(x) == pytest.approx(float(ndtr(x)), rel=1e-14)


def test_a_batch_stream_is_made_without_spawning_the_earlier_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """D12: stream(seed, b) used to spawn b + 1 children (0.26 s at b = 20,000: quadratic over a run). It is now
    the child made from its spawn key — the same numbers as spawn's b-th child, made without spawning."""
    expected = {b: np.random.default_rng(np.random.SeedSequence(7).spawn(b + 1)[b]).random(3) for b in (0, 1, 999)}

    class NoSpawn(np.random.SeedSequence):
        def spawn(self, n_children: int) -> list[np.random.SeedSequence]:
            raise AssertionError("SeedSequence.spawn was called")

    monkeypatch.setattr(np.random, "SeedSequence", NoSpawn)
    for b, values in expected.items():
        assert np.array_equal(stream(7, b).random(3), values)
    stream(7, 10**9)  # the last batch of a 5·10^11-sample run: made at once
