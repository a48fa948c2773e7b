"""The built-in distributions: uniform, normal, lognormal, exponential, gamma, beta,
pareto, poisson, zipf, sequential, weighted, histogram and empirical.

Every draw is vectorized and comes only from the ``rng`` the host passes, so a batch is
deterministic for a given seed. ``sample`` returns float64 numbers in the column's units;
``choose`` returns int64 indices into ``k`` categories ordered by rank. A combination
that makes no sense (a normal pick among categories, a weighted draw without values)
raises ``NotImplementedError`` with a message naming what is missing.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Annotated

from pydantic import ConfigDict, Field, model_validator

from pgmock_sdk import Distribution, Params, hookimpl
from pgmock_sdk.lazy import np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from pgmock_sdk import Registrar

MAX_RANKS = 10_000_000


class _Params(Params):
    """Distribution parameters: unknown keys, NaN and infinities are errors."""

    model_config = ConfigDict(allow_inf_nan=False)


def _check_bounds(lo: float | None, hi: float | None) -> None:
    if lo is not None and hi is not None and not lo < hi:
        raise ValueError(f"min ({lo}) must be less than max ({hi})")


def _check_k(name: str, k: int) -> None:
    if k < 1:
        raise ValueError(f"distribution {name!r} needs at least one category, got k={k}")


def _cdf(weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """Cumulative weights normalized so the last entry is exactly 1.0."""
    cdf = np.cumsum(weights, dtype=np.float64)
    cdf /= cdf[-1]
    return cdf


def _draw(cdf: NDArray[np.float64], n: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """n indices drawn by inverse CDF.

    ``u`` lies in [0, 1) and ``cdf[-1] == 1.0``, so the index stays in range, and a
    zero-weight entry (equal to its predecessor) is never returned.
    """
    return np.searchsorted(cdf, rng.random(n), side="right").astype(np.int64)


def _rows(n: int, offset: int) -> NDArray[np.int64]:
    return np.arange(offset, offset + n, dtype=np.int64)


# ---------------------------------------------------------------------------
# uniform
# ---------------------------------------------------------------------------


class UniformParams(_Params):
    min: float | None = Field(None, description="Lower bound (inclusive); default 0.")
    max: float | None = Field(None, description="Upper bound (exclusive); default 1.")

    @model_validator(mode="after")
    def _bounds(self) -> UniformParams:
        if (self.min is None) != (self.max is None):
            raise ValueError("give both min and max, or neither")
        _check_bounds(self.min, self.max)
        return self


class Uniform(Distribution[UniformParams]):
    """Every value in [min, max) equally likely; over categories, each equally likely.

    Without min and max numbers fall in [0, 1). Picking among categories ignores the
    bounds: each of the k categories is equally likely.
    """

    name = "uniform"
    kind = "continuous"
    location_params = frozenset({"min", "max"})

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        lo = 0.0 if self.params.min is None else self.params.min
        hi = 1.0 if self.params.max is None else self.params.max
        return rng.uniform(lo, hi, size=n)

    def choose(self, n: int, rng: np.random.Generator, k: int, offset: int) -> NDArray[np.int64]:
        _check_k(self.name, k)
        return rng.integers(0, k, size=n, dtype=np.int64)


# ---------------------------------------------------------------------------
# normal
# ---------------------------------------------------------------------------


class NormalParams(_Params):
    mean: float = Field(0.0, description="Mean (centre) of the bell curve.")
    stddev: float = Field(1.0, gt=0, description="Standard deviation; must be > 0.")
    min: float | None = Field(None, description="Values below are clipped up to min.")
    max: float | None = Field(None, description="Values above are clipped down to max.")

    @model_validator(mode="after")
    def _bounds(self) -> NormalParams:
        _check_bounds(self.min, self.max)
        return self


class Normal(Distribution[NormalParams]):
    """Gaussian bell curve around mean, optionally clipped to [min, max].

    Clipping moves out-of-range draws onto the bound (no resampling), so the bounds
    themselves gain the tail mass.
    """

    name = "normal"
    kind = "continuous"
    location_params = frozenset({"mean", "min", "max"})
    scale_params = frozenset({"stddev"})

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        p = self.params
        values = rng.normal(p.mean, p.stddev, size=n)
        if p.min is not None or p.max is not None:
            np.clip(values, p.min, p.max, out=values)
        return values


# ---------------------------------------------------------------------------
# lognormal
# ---------------------------------------------------------------------------


class LognormalParams(_Params):
    median: float | None = Field(
        None, gt=0, description="Median (= exp(mu)); give median or mu, not both."
    )
    mu: float | None = Field(None, description="Mean of the underlying normal; default 0.")
    sigma: float = Field(1.0, gt=0, description="Stddev of the underlying normal; > 0.")

    @model_validator(mode="after")
    def _one_location(self) -> LognormalParams:
        if self.median is not None and self.mu is not None:
            raise ValueError("give median or mu, not both")
        return self

    @property
    def log_location(self) -> float:
        if self.median is not None:
            return float(np.log(self.median))
        return 0.0 if self.mu is None else self.mu


class Lognormal(Distribution[LognormalParams]):
    """Positive, right-skewed values whose logarithm is normal (prices, durations)."""

    name = "lognormal"
    kind = "continuous"
    location_params = frozenset({"median"})

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        return rng.lognormal(self.params.log_location, self.params.sigma, size=n)


# ---------------------------------------------------------------------------
# exponential
# ---------------------------------------------------------------------------


class ExponentialParams(_Params):
    scale: float | None = Field(
        None, gt=0, description="Mean gap above min (= 1/rate); default 1. Give scale or rate."
    )
    rate: float | None = Field(None, gt=0, description="Events per unit (= 1/scale).")
    min: float = Field(0.0, description="Offset added to every value (the smallest value).")

    @model_validator(mode="after")
    def _one_scale(self) -> ExponentialParams:
        if self.scale is not None and self.rate is not None:
            raise ValueError("give scale or rate, not both")
        return self

    @property
    def mean_gap(self) -> float:
        if self.rate is not None:
            return 1.0 / self.rate
        return 1.0 if self.scale is None else self.scale


class Exponential(Distribution[ExponentialParams]):
    """Waiting times: min plus an exponential gap with mean scale (= 1/rate).

    For date/time columns give ``scale`` as an interval; ``rate`` is not converted.
    """

    name = "exponential"
    kind = "continuous"
    location_params = frozenset({"min"})
    scale_params = frozenset({"scale"})

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        return self.params.min + rng.exponential(self.params.mean_gap, size=n)


# ---------------------------------------------------------------------------
# gamma
# ---------------------------------------------------------------------------


class GammaParams(_Params):
    shape: float = Field(
        ..., gt=0, description="Shape k (> 0): 1 is the exponential, larger is more bell-like."
    )
    scale: float | None = Field(
        None, gt=0, description="Scale theta (> 0, default 1); mean = min + shape * scale."
    )
    rate: float | None = Field(None, gt=0, description="1/scale; give scale or rate.")
    min: float = Field(0.0, description="Offset added to every value (the smallest value).")

    @model_validator(mode="after")
    def _one_scale(self) -> GammaParams:
        if self.scale is not None and self.rate is not None:
            raise ValueError("give scale or rate, not both")
        return self

    @property
    def theta(self) -> float:
        if self.rate is not None:
            return 1.0 / self.rate
        return 1.0 if self.scale is None else self.scale


class Gamma(Distribution[GammaParams]):
    """Positive skewed amounts: min plus a gamma(shape k, scale theta) value; mean k*theta.

    Sums of k exponential waits (k whole) and many durations and amounts look like this;
    variance is k*theta**2. For date/time columns give ``scale`` as an interval.
    """

    name = "gamma"
    kind = "continuous"
    location_params = frozenset({"min"})
    scale_params = frozenset({"scale"})

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        return self.params.min + rng.gamma(self.params.shape, self.params.theta, size=n)


# ---------------------------------------------------------------------------
# beta
# ---------------------------------------------------------------------------


class BetaParams(_Params):
    alpha: float = Field(..., gt=0, description="First shape (> 0): larger pulls towards max.")
    beta: float = Field(..., gt=0, description="Second shape (> 0): larger pulls towards min.")
    min: float | None = Field(None, description="Lower end of the interval; default 0.")
    max: float | None = Field(None, description="Upper end of the interval; default 1.")

    @model_validator(mode="after")
    def _bounds(self) -> BetaParams:
        if (self.min is None) != (self.max is None):
            raise ValueError("give both min and max, or neither")
        _check_bounds(self.min, self.max)
        return self


class Beta(Distribution[BetaParams]):
    """Proportions and bounded scores: beta(alpha, beta) on [0, 1], or scaled onto [min, max].

    The mean is min + (max - min) * alpha / (alpha + beta). Picking among k categories cuts
    [0, 1] into k equal bins in the categories' order, so beta(5, 2) over five ratings
    favours the last ones (a realistic 1..5 star skew).
    """

    name = "beta"
    kind = "continuous"
    location_params = frozenset({"min", "max"})

    def _unit(self, n: int, rng: np.random.Generator) -> NDArray[np.float64]:
        return rng.beta(self.params.alpha, self.params.beta, size=n)

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        lo = 0.0 if self.params.min is None else self.params.min
        hi = 1.0 if self.params.max is None else self.params.max
        return lo + (hi - lo) * self._unit(n, rng)

    def choose(self, n: int, rng: np.random.Generator, k: int, offset: int) -> NDArray[np.int64]:
        _check_k(self.name, k)
        # A draw of exactly 1.0 would give index k: it belongs to the last bin.
        return np.minimum((self._unit(n, rng) * k).astype(np.int64), k - 1)


# ---------------------------------------------------------------------------
# poisson
# ---------------------------------------------------------------------------


class PoissonParams(_Params):
    lam: float = Field(
        ...,
        alias="lambda",
        gt=0,
        le=1e12,
        description='Mean count (> 0), also the variance; written "lambda".',
    )


class Poisson(Distribution[PoissonParams]):
    """Counts of independent events: 0, 1, 2, ... with mean and variance lambda.

    Children per parent, items per order, visits per day. Picking among k categories,
    category i stands for count i and the last one for "k-1 or more" (the tail is piled
    onto it), so categories ["0", "1", "2", "3+"] get Poisson frequencies.
    """

    name = "poisson"
    kind = "discrete"

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        return rng.poisson(self.params.lam, size=n).astype(np.float64)

    def choose(self, n: int, rng: np.random.Generator, k: int, offset: int) -> NDArray[np.int64]:
        _check_k(self.name, k)
        return np.minimum(rng.poisson(self.params.lam, size=n), k - 1).astype(np.int64)


# ---------------------------------------------------------------------------
# pareto
# ---------------------------------------------------------------------------


class ParetoParams(_Params):
    alpha: float = Field(..., gt=0, description="Tail index; smaller is more skewed. > 0.")
    scale: float = Field(1.0, gt=0, description="Smallest value (x_m); > 0.")


class Pareto(Distribution[ParetoParams]):
    """Heavy-tailed skew (power law): values >= scale, P(X > x) = (scale/x)**alpha.

    The mean is finite only for alpha > 1 and the variance only for alpha > 2.
    """

    name = "pareto"
    kind = "continuous"
    scale_params = frozenset({"scale"})

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        # numpy's pareto is the Lomax (shifted) form; 1 + Lomax is the classic Pareto.
        return self.params.scale * (1.0 + rng.pareto(self.params.alpha, size=n))


# ---------------------------------------------------------------------------
# zipf
# ---------------------------------------------------------------------------


class ZipfParams(_Params):
    s: float = Field(1.0, gt=0, description="Exponent: rank r has weight 1/r**s. > 0.")
    n_ranks: int | None = Field(
        None,
        ge=1,
        le=MAX_RANKS,
        description="Number of ranks for numbers (values 1..n_ranks); categories use k.",
    )


class Zipf(Distribution[ZipfParams]):
    """Bounded Zipf: rank r of a finite set drawn with probability proportional to 1/r**s.

    Picking among k categories, the first category is rank 1 (the most frequent). Numbers
    are ranks 1..n_ranks. Being bounded, any s > 0 is valid.
    """

    name = "zipf"
    kind = "discrete"

    def __init__(self, params: ZipfParams) -> None:
        super().__init__(params)
        self._cdfs: dict[int, NDArray[np.float64]] = {}

    def _rank_cdf(self, ranks: int) -> NDArray[np.float64]:
        cdf = self._cdfs.get(ranks)
        if cdf is None:
            weights = np.arange(1, ranks + 1, dtype=np.float64) ** -self.params.s
            cdf = self._cdfs[ranks] = _cdf(weights)
        return cdf

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        if self.params.n_ranks is None:
            raise NotImplementedError(
                "distribution 'zipf' needs n_ranks to draw numbers (values 1..n_ranks)"
            )
        return (_draw(self._rank_cdf(self.params.n_ranks), n, rng) + 1).astype(np.float64)

    def choose(self, n: int, rng: np.random.Generator, k: int, offset: int) -> NDArray[np.int64]:
        _check_k(self.name, k)
        if k > MAX_RANKS:
            raise ValueError(f"distribution 'zipf' supports at most {MAX_RANKS} categories")
        return _draw(self._rank_cdf(k), n, rng)

    def validate_for(self, k: int) -> str | None:
        if k > MAX_RANKS:
            return f"zipf supports at most {MAX_RANKS} categories, got {k}"
        if self.params.n_ranks is not None:
            return f"n_ranks has no effect when picking among categories (they are the {k} ranks)"
        return super().validate_for(k)

    def validate_numbers(self) -> str | None:
        if self.params.n_ranks is None:
            return "zipf needs n_ranks to draw numbers (values 1..n_ranks)"
        return None


# ---------------------------------------------------------------------------
# sequential
# ---------------------------------------------------------------------------


class SequentialParams(_Params):
    start: float = Field(0.0, description="Value of row 0.")
    step: float = Field(1.0, description="Added per row: value = start + step * row_number.")


class Sequential(Distribution[SequentialParams]):
    """Evenly spaced values start + step * row_number; over categories, cycles in order.

    The row number is the table row index, so batches join up seamlessly. Picking among k
    categories gives index (start + step * row_number) mod k, which needs whole-number
    start and step (the defaults cycle 0, 1, ..., k-1, 0, ...).
    """

    name = "sequential"
    kind = "discrete"
    location_params = frozenset({"start"})
    scale_params = frozenset({"step"})

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        return self.params.start + self.params.step * _rows(n, offset).astype(np.float64)

    def choose(self, n: int, rng: np.random.Generator, k: int, offset: int) -> NDArray[np.int64]:
        _check_k(self.name, k)
        problem = self.validate_for(k)
        if problem is not None:
            raise ValueError(problem)
        # Reduce start and step first so the products stay small (no int64 overflow).
        start = int(self.params.start) % k
        step = int(self.params.step) % k
        return (start + step * (_rows(n, offset) % k)) % k

    def validate_for(self, k: int) -> str | None:
        p = self.params
        if not (p.start.is_integer() and p.step.is_integer()):
            return (
                "sequential over categories needs whole-number start and step, "
                f"got start={p.start}, step={p.step}"
            )
        return super().validate_for(k)


# ---------------------------------------------------------------------------
# weighted
# ---------------------------------------------------------------------------

NonNegative = Annotated[float, Field(ge=0)]


class WeightedParams(_Params):
    weights: tuple[NonNegative, ...] = Field(
        ...,
        min_length=1,
        description="Relative weights (>= 0, not all zero), one per category or value.",
    )
    values: tuple[float, ...] | None = Field(
        None, description="Numbers to draw from, one per weight (for numeric columns)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> WeightedParams:
        if not any(w > 0 for w in self.weights):
            raise ValueError("weights must not all be zero")
        if self.values is not None and len(self.values) != len(self.weights):
            raise ValueError(
                f"values has {len(self.values)} entries but weights has {len(self.weights)}"
            )
        return self


class Weighted(Distribution[WeightedParams]):
    """Weighted choice: category i (or values[i]) drawn with probability weights[i]/sum.

    Over categories, ``weights`` must have one entry per category, in their order.
    """

    name = "weighted"
    kind = "discrete"
    ordered = True
    # A list: for date/time columns each entry is converted like a location.
    location_params = frozenset({"values"})

    # made on first draw: validating a schema builds the distribution, not its arrays
    @cached_property
    def _weight_cdf(self) -> NDArray[np.float64]:
        return _cdf(np.asarray(self.params.weights, dtype=np.float64))

    @cached_property
    def _values(self) -> NDArray[np.float64] | None:
        values = self.params.values
        return None if values is None else np.asarray(values, dtype=np.float64)

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        if self._values is None:
            raise NotImplementedError(
                "distribution 'weighted' needs values (one per weight) to draw numbers"
            )
        return self._values[_draw(self._weight_cdf, n, rng)]

    def choose(self, n: int, rng: np.random.Generator, k: int, offset: int) -> NDArray[np.int64]:
        problem = self.validate_for(k)
        if problem is not None:
            raise ValueError(problem)
        return _draw(self._weight_cdf, n, rng)

    def validate_for(self, k: int) -> str | None:
        if len(self.params.weights) != k:
            return f"weighted has {len(self.params.weights)} weights but there are {k} categories"
        if self.params.values is not None:
            return "values have no effect when picking among categories (a weight per category)"
        return super().validate_for(k)

    def validate_numbers(self) -> str | None:
        if self.params.values is None:
            return "weighted needs values (one per weight) to draw numbers"
        return None


# ---------------------------------------------------------------------------
# histogram
# ---------------------------------------------------------------------------


class HistogramParams(_Params):
    edges: tuple[float, ...] = Field(
        ...,
        min_length=2,
        description="Bin edges, strictly increasing: bin i is [edges[i], edges[i+1]).",
    )
    weights: tuple[NonNegative, ...] = Field(
        ...,
        min_length=1,
        description="Relative weight of each bin (>= 0, not all zero): one fewer than edges.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> HistogramParams:
        if len(self.weights) != len(self.edges) - 1:
            raise ValueError(
                f"{len(self.edges)} edges make {len(self.edges) - 1} bins, "
                f"but weights has {len(self.weights)} entries"
            )
        if any(b <= a for a, b in zip(self.edges, self.edges[1:])):
            raise ValueError("edges must be strictly increasing")
        if not any(w > 0 for w in self.weights):
            raise ValueError("weights must not all be zero")
        return self


class Histogram(Distribution[HistogramParams]):
    """Piecewise uniform: a bin drawn by weight, then a uniform value inside it.

    Reproduces a measured histogram (ages in brackets, order values in price bands).
    Picking among k categories needs one bin per category and draws category i with the
    weight of bin i (the edges then only document the bins).
    """

    name = "histogram"
    kind = "continuous"
    # A list: for date/time columns each edge is converted like a location.
    location_params = frozenset({"edges"})

    def __init__(self, params: HistogramParams) -> None:
        super().__init__(params)
        self._cdf = _cdf(np.asarray(params.weights, dtype=np.float64))
        edges = np.asarray(params.edges, dtype=np.float64)
        self._lo = edges[:-1]
        self._width = np.diff(edges)

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        bins = _draw(self._cdf, n, rng)
        values = self._lo[bins] + self._width[bins] * rng.random(n)
        # lo + width * u can round up to the next edge; keep the half-open bin.
        return np.minimum(values, np.nextafter(self._lo[bins] + self._width[bins], -np.inf))

    def choose(self, n: int, rng: np.random.Generator, k: int, offset: int) -> NDArray[np.int64]:
        problem = self.validate_for(k)
        if problem is not None:
            raise ValueError(problem)
        return _draw(self._cdf, n, rng)

    def validate_for(self, k: int) -> str | None:
        bins = len(self.params.weights)
        if bins != k:
            return f"histogram has {bins} bins but there are {k} categories"
        return super().validate_for(k)


# ---------------------------------------------------------------------------
# empirical
# ---------------------------------------------------------------------------


class EmpiricalParams(_Params):
    values: tuple[float, ...] = Field(
        ..., min_length=1, description="Observed values, drawn with replacement."
    )
    weights: tuple[NonNegative, ...] | None = Field(
        None, description="Optional relative weight per value (>= 0, not all zero)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> EmpiricalParams:
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError(
                    f"weights has {len(self.weights)} entries but values has {len(self.values)}"
                )
            if not any(w > 0 for w in self.weights):
                raise ValueError("weights must not all be zero")
        return self


class Empirical(Distribution[EmpiricalParams]):
    """Resampling a sample: each row one of the observed values, drawn with replacement.

    Duplicates in ``values`` count as often as they occur, so a raw list of measurements
    reproduces their frequencies; ``weights`` scale each entry. Over categories use
    ``weighted`` (observed values are numbers, not category ranks).
    """

    name = "empirical"
    kind = "discrete"
    # A list: for date/time columns each value is converted like a location.
    location_params = frozenset({"values"})

    def __init__(self, params: EmpiricalParams) -> None:
        super().__init__(params)
        self._values = np.asarray(params.values, dtype=np.float64)
        self._weight_cdf = (
            None if params.weights is None else _cdf(np.asarray(params.weights, np.float64))
        )

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        if self._weight_cdf is None:
            return self._values[rng.integers(0, len(self._values), size=n)]
        return self._values[_draw(self._weight_cdf, n, rng)]


# ---------------------------------------------------------------------------
# registration
# ---------------------------------------------------------------------------

DISTRIBUTIONS: tuple[type[Distribution], ...] = (
    Uniform,
    Normal,
    Lognormal,
    Exponential,
    Gamma,
    Beta,
    Pareto,
    Poisson,
    Zipf,
    Sequential,
    Weighted,
    Histogram,
    Empirical,
)


@hookimpl
def pgmock_register_distributions(registry: Registrar) -> None:
    for cls in DISTRIBUTIONS:
        registry.add_distribution(cls)
