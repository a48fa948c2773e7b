"""The built-in distributions: statistics, sequences, determinism and parameter checks.

Tolerances are several standard errors wide at N samples, yet far tighter than the gap
a wrong formula (stddev vs variance, rate vs scale, Lomax vs Pareto, 1/r vs 1/r**s)
would open.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from pgmock_builtins.distributions import (
    DISTRIBUTIONS,
    Beta,
    Empirical,
    Exponential,
    Gamma,
    Histogram,
    Lognormal,
    Normal,
    Pareto,
    Poisson,
    Sequential,
    Uniform,
    Weighted,
    Zipf,
    pgmock_register_distributions,
)
from pgmock_sdk import Distribution

N = 200_000


def make(cls: type[Distribution], **params: Any) -> Distribution:
    return cls(cls.Params(**params))


def draw(dist: Distribution, seed: int = 1, n: int = N, offset: int = 0) -> np.ndarray:
    return dist.sample(n, np.random.default_rng(seed), offset)


def pick(dist: Distribution, k: int, seed: int = 1, n: int = N, offset: int = 0) -> np.ndarray:
    return dist.choose(n, np.random.default_rng(seed), k, offset)


# ---------------------------------------------------------------------------
# moments
# ---------------------------------------------------------------------------


def test_uniform_moments_and_bounds() -> None:
    x = draw(make(Uniform, min=2, max=6))
    assert x.dtype == np.float64 and x.shape == (N,)
    assert x.min() >= 2 and x.max() < 6
    assert x.mean() == pytest.approx(4.0, abs=0.02)
    assert x.var() == pytest.approx(16 / 12, rel=0.02)


def test_uniform_defaults_to_unit_interval() -> None:
    x = draw(make(Uniform))
    assert x.min() >= 0 and x.max() < 1
    assert x.mean() == pytest.approx(0.5, abs=0.005)


def test_normal_moments() -> None:
    x = draw(make(Normal, mean=10, stddev=2))
    assert x.mean() == pytest.approx(10.0, abs=0.03)
    assert x.std() == pytest.approx(2.0, rel=0.01)


def test_normal_clips_to_bounds_without_resampling() -> None:
    x = draw(make(Normal, mean=0, stddev=1, min=-1, max=2))
    assert x.min() == -1.0 and x.max() == 2.0
    # Clipping piles the tails onto the bounds: P(Z < -1) ≈ 0.1587, P(Z > 2) ≈ 0.0228.
    assert np.mean(x == -1.0) == pytest.approx(0.1587, abs=0.004)
    assert np.mean(x == 2.0) == pytest.approx(0.0228, abs=0.002)
    # Inside the bounds the distribution is untouched.
    assert np.mean((x > 0) & (x < 1)) == pytest.approx(0.3413, abs=0.004)


def test_lognormal_median_and_moments() -> None:
    sigma = 0.5
    x = draw(make(Lognormal, median=100, sigma=sigma))
    assert x.min() > 0
    assert np.median(x) == pytest.approx(100.0, rel=0.01)
    mean = 100 * math.exp(sigma**2 / 2)
    var = (math.exp(sigma**2) - 1) * 100**2 * math.exp(sigma**2)
    assert x.mean() == pytest.approx(mean, rel=0.01)
    assert x.var() == pytest.approx(var, rel=0.04)


def test_lognormal_mu_is_log_of_median() -> None:
    a = draw(make(Lognormal, mu=math.log(50), sigma=0.3))
    b = draw(make(Lognormal, median=50, sigma=0.3))
    np.testing.assert_allclose(a, b, rtol=1e-12)
    assert np.median(draw(make(Lognormal))) == pytest.approx(1.0, rel=0.02)


def test_exponential_scale_rate_and_offset() -> None:
    x = draw(make(Exponential, scale=3))
    assert x.min() >= 0
    assert x.mean() == pytest.approx(3.0, rel=0.01)
    assert x.var() == pytest.approx(9.0, rel=0.03)

    r = draw(make(Exponential, rate=0.5))
    assert r.mean() == pytest.approx(2.0, rel=0.01)

    o = draw(make(Exponential, scale=3, min=5))
    assert o.min() >= 5
    assert o.mean() == pytest.approx(8.0, rel=0.01)
    np.testing.assert_allclose(o - 5, x)


def test_pareto_minimum_tail_and_mean() -> None:
    alpha, scale = 5.0, 2.0
    x = draw(make(Pareto, alpha=alpha, scale=scale))
    assert x.min() >= scale
    assert x.mean() == pytest.approx(alpha * scale / (alpha - 1), rel=0.01)
    # Survival function P(X > 2 * scale) = 2 ** -alpha.
    assert np.mean(x > 2 * scale) == pytest.approx(2**-alpha, abs=0.002)


# ---------------------------------------------------------------------------
# zipf
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("s", [0.5, 1.0, 1.5])
def test_zipf_rank_frequencies(s: float) -> None:
    k = 50
    idx = pick(make(Zipf, s=s), k)
    assert idx.dtype == np.int64
    assert idx.min() >= 0 and idx.max() < k
    counts = np.bincount(idx, minlength=k)
    assert counts[0] / counts[1] == pytest.approx(2**s, rel=0.04)
    assert counts[0] / counts[2] == pytest.approx(3**s, rel=0.04)
    expected = np.arange(1, k + 1, dtype=float) ** -s
    expected /= expected.sum()
    np.testing.assert_allclose(counts / N, expected, atol=0.004)


def test_zipf_numbers_are_ranks() -> None:
    x = draw(make(Zipf, s=1.2, n_ranks=10))
    assert x.dtype == np.float64
    assert set(np.unique(x)) == set(range(1, 11))
    assert np.mean(x == 1) / np.mean(x == 2) == pytest.approx(2**1.2, rel=0.04)


def test_zipf_single_rank_and_missing_n_ranks() -> None:
    assert set(pick(make(Zipf), 1, n=100)) == {0}
    with pytest.raises(NotImplementedError, match="n_ranks"):
        draw(make(Zipf, s=1.0))


# ---------------------------------------------------------------------------
# weighted
# ---------------------------------------------------------------------------


def test_weighted_choice_frequencies() -> None:
    dist = make(Weighted, weights=[1, 0, 3, 6])
    idx = pick(dist, 4)
    assert idx.dtype == np.int64
    freq = np.bincount(idx, minlength=4) / N
    np.testing.assert_allclose(freq, [0.1, 0.0, 0.3, 0.6], atol=0.004)
    assert not np.any(idx == 1)


def test_weighted_trailing_zero_weight_never_chosen() -> None:
    idx = pick(make(Weighted, weights=[2, 1, 0, 0]), 4)
    assert idx.max() == 1
    assert np.mean(idx == 0) == pytest.approx(2 / 3, abs=0.005)


def test_weighted_values() -> None:
    x = draw(make(Weighted, values=[10, 20, 30], weights=[1, 1, 2]))
    assert set(np.unique(x)) == {10.0, 20.0, 30.0}
    assert np.mean(x == 30) == pytest.approx(0.5, abs=0.005)
    assert x.mean() == pytest.approx(22.5, abs=0.05)


def test_weighted_category_count_must_match() -> None:
    dist = make(Weighted, weights=[1, 2, 3])
    assert dist.validate_for(3) is None
    message = dist.validate_for(4)
    assert message is not None and "3 weights" in message and "4 categories" in message
    with pytest.raises(ValueError, match="3 weights"):
        pick(dist, 4)
    with pytest.raises(NotImplementedError, match="values"):
        draw(dist)


# ---------------------------------------------------------------------------
# sequential and uniform picks
# ---------------------------------------------------------------------------


def test_sequential_values_with_offsets() -> None:
    dist = make(Sequential, start=100, step=5)
    np.testing.assert_array_equal(draw(dist, n=4), [100, 105, 110, 115])
    np.testing.assert_array_equal(draw(dist, n=3, offset=10), [150, 155, 160])
    whole = draw(dist, n=12)
    parts = np.concatenate([draw(dist, n=7, offset=0), draw(dist, n=5, offset=7)])
    np.testing.assert_array_equal(parts, whole)


def test_sequential_cycles_categories() -> None:
    dist = make(Sequential)
    np.testing.assert_array_equal(pick(dist, 3, n=7), [0, 1, 2, 0, 1, 2, 0])
    np.testing.assert_array_equal(pick(dist, 3, n=4, offset=5), [2, 0, 1, 2])
    whole = pick(dist, 5, n=23)
    parts = np.concatenate([pick(dist, 5, n=9), pick(dist, 5, n=14, offset=9)])
    np.testing.assert_array_equal(parts, whole)
    stepped = make(Sequential, start=1, step=2)
    np.testing.assert_array_equal(pick(stepped, 4, n=4), [1, 3, 1, 3])


def test_sequential_fractional_step_cannot_pick() -> None:
    dist = make(Sequential, step=0.5)
    assert dist.validate_for(3) is not None
    with pytest.raises(ValueError, match="whole-number"):
        pick(dist, 3)


def test_uniform_pick_is_even() -> None:
    idx = pick(make(Uniform), 5)
    assert idx.dtype == np.int64 and idx.min() == 0 and idx.max() == 4
    np.testing.assert_allclose(np.bincount(idx) / N, 0.2, atol=0.004)


def test_continuous_distributions_cannot_pick() -> None:
    cases: list[tuple[type[Distribution], dict[str, Any]]] = [
        (Normal, {}),
        (Lognormal, {}),
        (Exponential, {}),
        (Pareto, {"alpha": 2}),
    ]
    for cls, params in cases:
        with pytest.raises(NotImplementedError, match=cls.name):
            pick(make(cls, **params), 3, n=10)


# ---------------------------------------------------------------------------
# determinism
# ---------------------------------------------------------------------------

SAMPLERS: list[tuple[type[Distribution], dict[str, Any]]] = [
    (Uniform, {"min": -5, "max": 5}),
    (Normal, {"mean": 1, "stddev": 3, "min": 0}),
    (Lognormal, {"median": 7, "sigma": 1.1}),
    (Exponential, {"rate": 4}),
    (Pareto, {"alpha": 1.5}),
    (Zipf, {"s": 0.8, "n_ranks": 1000}),
    (Sequential, {"start": 3, "step": -2}),
    (Weighted, {"weights": [1, 2], "values": [0.5, 1.5]}),
]


@pytest.mark.parametrize(("cls", "params"), SAMPLERS, ids=lambda v: getattr(v, "name", ""))
def test_same_seed_same_numbers(cls: type[Distribution], params: dict[str, Any]) -> None:
    a = draw(make(cls, **params), seed=42, n=1000, offset=17)
    b = draw(make(cls, **params), seed=42, n=1000, offset=17)
    assert a.dtype == np.float64 and a.shape == (1000,)
    np.testing.assert_array_equal(a, b)
    if cls is not Sequential:
        assert not np.array_equal(a, draw(make(cls, **params), seed=43, n=1000, offset=17))


@pytest.mark.parametrize(
    "dist",
    [make(Uniform), make(Zipf, s=2), make(Weighted, weights=[3, 1, 1, 5])],
    ids=lambda d: d.name,
)
def test_same_seed_same_picks(dist: Distribution) -> None:
    np.testing.assert_array_equal(pick(dist, 4, seed=7, n=500), pick(dist, 4, seed=7, n=500))


# ---------------------------------------------------------------------------
# parameter validation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "params", "message"),
    [
        (Normal, {"stddev": 0}, "greater than 0"),
        (Normal, {"stddev": -1}, "greater than 0"),
        (Normal, {"min": 5, "max": 5}, "min .* must be less than max"),
        (Normal, {"mean": float("nan")}, "finite"),
        (Uniform, {"min": 3, "max": 1}, "min .* must be less than max"),
        (Uniform, {"min": 3}, "both min and max"),
        (Lognormal, {"sigma": 0}, "greater than 0"),
        (Lognormal, {"median": -1}, "greater than 0"),
        (Lognormal, {"median": 2, "mu": 1}, "median or mu"),
        (Exponential, {"scale": 1, "rate": 1}, "scale or rate"),
        (Exponential, {"rate": 0}, "greater than 0"),
        (Pareto, {}, "alpha"),
        (Pareto, {"alpha": 0}, "greater than 0"),
        (Zipf, {"s": 0}, "greater than 0"),
        (Zipf, {"n_ranks": 0}, "greater than or equal to 1"),
        (Weighted, {"weights": [1, -1]}, "greater than or equal to 0"),
        (Weighted, {"weights": [0, 0]}, "not all be zero"),
        (Weighted, {"weights": []}, "at least 1"),
        (Weighted, {"weights": [1, 2], "values": [1]}, "values has 1 entries"),
        (Normal, {"sd": 1}, "Extra inputs are not permitted"),
        (Zipf, {"exponent": 2}, "Extra inputs are not permitted"),
    ],
)
def test_params_reject(cls: type[Distribution], params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        cls.Params(**params)


# ---------------------------------------------------------------------------
# metadata and registration
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls", DISTRIBUTIONS, ids=lambda c: c.name)
def test_metadata(cls: type[Distribution]) -> None:
    assert cls.summary()
    assert cls.kind in {"continuous", "discrete", "categorical"}
    fields = cls.Params.model_fields
    assert fields, "every built-in distribution takes parameters"
    for field_name, info in fields.items():
        assert info.description, f"{cls.name}.{field_name} has no description"
    assert cls.location_params <= set(fields)
    assert cls.scale_params <= set(fields)
    assert not cls.location_params & cls.scale_params


def test_registers_every_distribution() -> None:
    class Recorder:
        def __init__(self) -> None:
            self.added: list[type[Distribution]] = []

        def add_distribution(self, cls: type[Distribution]) -> None:
            self.added.append(cls)

    recorder = Recorder()
    pgmock_register_distributions(recorder)
    names = {cls.name for cls in recorder.added}
    assert len(recorder.added) == len(names) == 13
    expected = {"uniform", "normal", "lognormal", "exponential"}
    expected |= {"pareto", "zipf", "sequential", "weighted"}
    expected |= {"gamma", "beta", "poisson", "histogram", "empirical"}
    assert names == expected


# ---------------------------------------------------------------------------
# gamma, beta, poisson, histogram, empirical
# ---------------------------------------------------------------------------


def test_gamma_moments_scale_rate_and_offset() -> None:
    # mean k*theta, variance k*theta**2: swapping scale for rate, or returning the
    # variance formula of the exponential, misses these by far more than the tolerance.
    x = draw(make(Gamma, shape=2.5, scale=3))
    assert x.min() > 0
    assert x.mean() == pytest.approx(7.5, rel=0.01)
    assert x.var() == pytest.approx(22.5, rel=0.03)
    r = draw(make(Gamma, shape=2.5, rate=1 / 3))
    np.testing.assert_allclose(r, x)
    o = draw(make(Gamma, shape=0.5, scale=2, min=10))
    assert o.min() >= 10
    assert o.mean() == pytest.approx(11.0, rel=0.01)
    assert o.var() == pytest.approx(2.0, rel=0.04)
    # Shape 1 is the exponential: P(X > theta) = 1/e.
    e = draw(make(Gamma, shape=1, scale=4))
    assert np.mean(e > 4) == pytest.approx(math.exp(-1), abs=0.004)


def test_beta_moments_on_unit_and_scaled_interval() -> None:
    a, b = 2.0, 5.0
    mean = a / (a + b)
    var = a * b / ((a + b) ** 2 * (a + b + 1))
    x = draw(make(Beta, alpha=a, beta=b))
    assert x.min() >= 0 and x.max() <= 1
    assert x.mean() == pytest.approx(mean, abs=0.002)
    assert x.var() == pytest.approx(var, rel=0.03)
    s = draw(make(Beta, alpha=a, beta=b, min=10, max=20))
    assert s.min() >= 10 and s.max() <= 20
    assert s.mean() == pytest.approx(10 + 10 * mean, abs=0.02)
    assert s.var() == pytest.approx(100 * var, rel=0.03)
    # A symmetric beta(0.5, 0.5) piles mass at both ends (arcsine law): P(X < 0.1) ≈ 0.2048.
    u = draw(make(Beta, alpha=0.5, beta=0.5))
    assert np.mean(u < 0.1) == pytest.approx(2 / math.pi * math.asin(math.sqrt(0.1)), abs=0.004)


def test_beta_picks_equal_bins_in_order() -> None:
    dist = make(Beta, alpha=5, beta=2)
    idx = pick(dist, 5)
    assert idx.dtype == np.int64 and idx.min() >= 0 and idx.max() == 4
    # Expected bin shares from the beta(5, 2) CDF, 1 - 6x^5 + 5x^6 at the bin edges.
    edges = np.linspace(0, 1, 6)
    cdf = 6 * edges**5 - 5 * edges**6
    np.testing.assert_allclose(np.bincount(idx, minlength=5) / N, np.diff(cdf), atol=0.004)


def test_poisson_moments_and_frequencies() -> None:
    dist = make(Poisson, **{"lambda": 3})
    x = draw(dist)
    assert np.all(x == np.floor(x)) and x.min() >= 0
    assert x.mean() == pytest.approx(3.0, abs=0.02)
    assert x.var() == pytest.approx(3.0, rel=0.03)  # variance = mean, unlike a normal
    counts = np.bincount(x.astype(np.int64))
    for k in range(6):
        assert counts[k] / N == pytest.approx(math.exp(-3) * 3**k / math.factorial(k), abs=0.004)


def test_poisson_categories_pile_the_tail_on_the_last() -> None:
    idx = pick(make(Poisson, **{"lambda": 1.5}), 4)
    assert idx.dtype == np.int64 and idx.max() == 3
    p = [math.exp(-1.5) * 1.5**k / math.factorial(k) for k in range(3)]
    expected = [*p, 1 - sum(p)]
    np.testing.assert_allclose(np.bincount(idx, minlength=4) / N, expected, atol=0.004)


def test_histogram_is_piecewise_uniform() -> None:
    dist = make(Histogram, edges=[0, 10, 20, 50], weights=[1, 2, 1])
    x = draw(dist)
    assert x.min() >= 0 and x.max() < 50
    shares = np.histogram(x, bins=[0, 10, 20, 50])[0] / N
    np.testing.assert_allclose(shares, [0.25, 0.5, 0.25], atol=0.004)
    # Uniform inside each bin: the upper half of [20, 50) holds half of that bin's mass.
    assert np.mean(x >= 35) == pytest.approx(0.125, abs=0.003)
    assert x.mean() == pytest.approx(17.5, abs=0.1)
    assert x.var() == pytest.approx(143.75, rel=0.02)


def test_histogram_zero_weight_bin_and_categories() -> None:
    dist = make(Histogram, edges=[-5, 0, 5, 6], weights=[0, 3, 1])
    x = draw(dist)
    assert x.min() >= 0 and x.max() < 6
    assert np.mean(x >= 5) == pytest.approx(0.25, abs=0.004)
    idx = pick(dist, 3)
    np.testing.assert_allclose(np.bincount(idx, minlength=3) / N, [0, 0.75, 0.25], atol=0.004)
    message = dist.validate_for(4)
    assert message is not None and "3 bins" in message and "4 categories" in message
    with pytest.raises(ValueError, match="3 bins"):
        pick(dist, 4)


def test_empirical_resamples_observed_values() -> None:
    x = draw(make(Empirical, values=[1, 2, 2, 7]))
    assert set(np.unique(x)) == {1.0, 2.0, 7.0}
    assert np.mean(x == 2) == pytest.approx(0.5, abs=0.005)  # duplicates count twice
    assert x.mean() == pytest.approx(3.0, abs=0.02)
    w = draw(make(Empirical, values=[1, 2, 7], weights=[0, 1, 3]))
    assert set(np.unique(w)) == {2.0, 7.0}
    assert np.mean(w == 7) == pytest.approx(0.75, abs=0.005)


def test_new_continuous_distributions_cannot_pick() -> None:
    for dist in (make(Gamma, shape=2), make(Empirical, values=[1, 2])):
        with pytest.raises(NotImplementedError, match=dist.name):
            pick(dist, 3, n=10)


NEW_SAMPLERS: list[tuple[type[Distribution], dict[str, Any]]] = [
    (Gamma, {"shape": 2, "scale": 5}),
    (Beta, {"alpha": 2, "beta": 3, "min": 1, "max": 9}),
    (Poisson, {"lambda": 4}),
    (Histogram, {"edges": [0, 1, 3], "weights": [1, 1]}),
    (Empirical, {"values": [3, 1, 4, 1, 5, 9, 2, 6]}),
]


@pytest.mark.parametrize(("cls", "params"), NEW_SAMPLERS, ids=lambda v: getattr(v, "name", ""))
def test_new_distributions_same_seed_same_numbers(
    cls: type[Distribution], params: dict[str, Any]
) -> None:
    a = draw(make(cls, **params), seed=42, n=1000, offset=17)
    assert a.dtype == np.float64 and a.shape == (1000,)
    np.testing.assert_array_equal(a, draw(make(cls, **params), seed=42, n=1000, offset=17))
    assert not np.array_equal(a, draw(make(cls, **params), seed=43, n=1000, offset=17))


@pytest.mark.parametrize(
    ("cls", "params", "message"),
    [
        (Gamma, {}, "shape"),
        (Gamma, {"shape": 0}, "greater than 0"),
        (Gamma, {"shape": 1, "scale": -1}, "greater than 0"),
        (Gamma, {"shape": 1, "scale": 1, "rate": 1}, "scale or rate"),
        (Beta, {"alpha": 1}, "beta"),
        (Beta, {"alpha": 0, "beta": 1}, "greater than 0"),
        (Beta, {"alpha": 1, "beta": 1, "min": 0}, "both min and max"),
        (Beta, {"alpha": 1, "beta": 1, "min": 2, "max": 1}, "min .* must be less than max"),
        (Poisson, {}, "lambda"),
        (Poisson, {"lambda": 0}, "greater than 0"),
        (Poisson, {"lambda": float("inf")}, "finite"),
        (Poisson, {"lam": 3}, "Extra inputs are not permitted"),
        (Histogram, {"edges": [0, 1, 2], "weights": [1]}, "3 edges make 2 bins"),
        (Histogram, {"edges": [0, 2, 1], "weights": [1, 1]}, "strictly increasing"),
        (Histogram, {"edges": [0, 1], "weights": [0]}, "not all be zero"),
        (Histogram, {"edges": [0], "weights": [1]}, "at least 2"),
        (Histogram, {"edges": [0, 1], "weights": [-1]}, "greater than or equal to 0"),
        (Empirical, {"values": []}, "at least 1"),
        (Empirical, {"values": [1, 2], "weights": [1]}, "weights has 1 entries"),
        (Empirical, {"values": [1, 2], "weights": [0, 0]}, "not all be zero"),
    ],
)
def test_new_params_reject(cls: type[Distribution], params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        cls.Params(**params)
