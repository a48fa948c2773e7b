"""Numeric generators: integer, sequence, decimal (numeric/float/money) and boolean.

All of them return numpy arrays; the host renders them. Unique integers and decimals
come from a keyed permutation of the whole range (``pgmock_sdk.unique.permute``) applied
to the table row number, so they are unique across batches without retries.
"""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field, model_validator

from pgmock_builtins._vec import digit_matrix, fixed_digits, int_texts
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import INT_RANGES, TEXT_TYPES
from pgmock_sdk.textmatrix import TextMatrix
from pgmock_sdk.unique import permute, permute_uint64

if TYPE_CHECKING:
    from numpy.typing import NDArray

INT_KEYS = frozenset({"int2", "int4", "int8"})
TEXT_KEYS = frozenset(TEXT_TYPES)


def explicit(params: Params, name: str) -> bool:
    """Whether the schema set this parameter (rather than leaving the default)."""
    return name in params.model_fields_set


def keyed_range(ctx: GenContext, n: int, lo: int, hi: int, key: int) -> NDArray[np.int64]:
    """n distinct integers of [lo, hi] for rows ctx.offset.., unique across the table."""
    domain = hi - lo + 1
    rows = ctx.row_numbers(n)
    if n and int(rows.max()) >= domain:
        raise ValueError(
            f"{ctx.column.path}: row {int(rows.max()) + 1:,} needs a unique value but only "
            f"{domain:,} values lie in [{lo}, {hi}]"
        )
    if domain <= 2**63:
        return permute(rows, domain, key) + np.int64(lo)
    # Wider than int64 (int8 ranges): add lo modulo 2**64, which is exact two's complement.
    shifted = permute_uint64(rows, domain, key) + np.uint64(lo % 2**64)
    return shifted.view(np.int64)


def _check_bounds(lo: float | None, hi: float | None) -> None:
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"min ({lo}) must not be greater than max ({hi})")


# --------------------------------------------------------------------------- integer


class IntegerParams(Params):
    min: int | None = Field(
        None, description="Smallest value (inclusive). Default 1 (or the type's minimum)."
    )
    max: int | None = Field(
        None,
        description="Largest value (inclusive). Default 1000; for unique columns at least "
        "min + rowCount - 1.",
    )

    @model_validator(mode="after")
    def _order(self) -> IntegerParams:
        _check_bounds(self.min, self.max)
        return self


class IntegerGenerator(Generator[IntegerParams]):
    """Uniform integers in [min, max]; unique via a keyed permutation of the range."""

    name = "integer"
    pg_types = INT_KEYS
    default_for = INT_KEYS
    supports_unique = True
    supports_distribution = True
    default_min: ClassVar[int] = 1
    default_max: ClassVar[int] = 1000

    def __init__(self, params: IntegerParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        tlo, thi = INT_RANGES.get(column.type.name, INT_RANGES["int8"])
        self.type_range = (tlo, thi)
        lo = params.min if params.min is not None else max(self.default_min, tlo)
        hi = params.max if params.max is not None else min(self.default_max, thi)
        if params.max is None and column.unique:
            hi = min(max(hi, lo + column.row_count - 1), thi)
        if params.min is None and lo > hi:
            lo = max(tlo, hi - (self.default_max - self.default_min))
        for label, v in (("min", lo), ("max", hi)):
            if not tlo <= v <= thi:
                raise ValueError(f"{column.path}: {label} {v} is out of range for {column.type}")
        if lo > hi:
            raise ValueError(f"{column.path}: min ({lo}) must not be greater than max ({hi})")
        self.lo, self.hi = lo, hi
        self.row_pure = column.unique  # a keyed permutation of the row number

    def domain_size(self) -> int:
        return self.hi - self.lo + 1

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[np.int64]:
        if self.column.unique:
            return keyed_range(ctx, n, self.lo, self.hi, self.column.key)
        if ctx.distribution is not None:
            p = self.params
            lo = self.lo if explicit(p, "min") else self.type_range[0]
            hi = self.hi if explicit(p, "max") else self.type_range[1]
            x = np.rint(ctx.distribution.sample(n, rng, ctx.offset))
            return np.clip(x, float(lo), float(hi)).astype(np.int64)
        return rng.integers(self.lo, self.hi, n, dtype=np.int64, endpoint=True)


# --------------------------------------------------------------------------- sequence


class SequenceParams(Params):
    start: int = Field(1, description="Value of the table's first row.")
    step: int = Field(1, description="Increment from one row to the next (not 0).")
    prefix: str = Field("", description="Text before the number (text columns only).")
    width: int = Field(
        0, ge=0, le=30, description="Zero-pad the number to this many digits (text columns)."
    )

    @model_validator(mode="after")
    def _step(self) -> SequenceParams:
        if self.step == 0:
            raise ValueError("step must not be 0")
        return self


class SequenceGenerator(Generator[SequenceParams]):
    """start, start+step, …: row number based, so unique and gap-free across batches."""

    name = "sequence"
    pg_types = INT_KEYS | {"numeric"} | TEXT_KEYS
    supports_unique = True
    row_pure = True

    def __init__(self, params: SequenceParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        is_text = column.type.name in TEXT_KEYS
        if (params.prefix or params.width) and not is_text:
            raise ValueError(f"{column.path}: prefix and width apply to text columns only")
        self.is_text = is_text

    def domain_size(self) -> int | None:
        p = self.params
        if self.is_text:
            return self._text_domain(p)
        if self.column.type.name not in INT_RANGES:
            return None
        lo, hi = INT_RANGES[self.column.type.name]
        if not lo <= p.start <= hi:
            return 0
        limit = hi if p.step > 0 else lo
        return (limit - p.start) // p.step + 1

    def _text_domain(self, p: SequenceParams) -> int | None:
        """Rows whose prefix + number fit varchar(n)/char(n), from the first row on (the
        sequence leaves the fitting numbers once and never comes back)."""
        limit = self.column.type.length
        if limit is None:
            return None
        room = limit - len(p.prefix)  # characters left for the number
        if room < 1:
            return 0
        # Numbers 0..10**room - 1 fit, zero-padded to width when width fits too; negative
        # ones (never padded) need a character for the sign.
        hi = 10**room - 1 if p.width <= room else -1
        lo = -(10 ** (room - 1) - 1)
        if not lo <= p.start <= hi:
            return 0
        if p.step > 0:
            return (hi - p.start) // p.step + 1
        return (p.start - lo) // -p.step + 1

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        p = self.params
        values = p.start + p.step * ctx.row_numbers(n)
        if not self.is_text:
            return values
        if p.width and n and int(values.min()) >= 0 and int(values.max()) < 10**p.width:
            if ctx.labels and p.prefix.isascii():
                # The host writes the bytes as they are (Clerk#000000042): no str a row
                # unless something reads them.
                prefix = np.frombuffer(p.prefix.encode(), np.uint8)
                mat = np.empty((n, len(prefix) + p.width), np.uint8)
                mat[:, : len(prefix)] = prefix
                mat[:, len(prefix) :] = digit_matrix(values, p.width)
                return TextMatrix(mat)
            digits = fixed_digits(values, p.width)
        else:
            digits = int_texts(values)
        if p.prefix:
            return list(map(p.prefix.__add__, digits))
        return digits


class PositionParams(Params):
    start: int = Field(1, description="The first position (of each parent's rows).")


class PositionGenerator(Generator[PositionParams]):
    """A sort order: 1, 2, 3 … among the rows of each parent when the table's rows are laid
    out per parent (``rowCount: {"per": …}``), else along the table (unique then)."""

    name = "position"
    pg_types = INT_KEYS | {"numeric"}
    supports_unique = True

    def domain_size(self) -> int | None:
        if self.column.type.name not in INT_RANGES:
            return None
        hi = INT_RANGES[self.column.type.name][1]
        return max(hi - self.params.start + 1, 0)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        # A unique column numbers the whole table: per-parent places repeat across parents.
        if ctx.parent_position is None or self.column.unique:
            places = ctx.row_numbers(n) + 1
        else:
            places = ctx.parent_position
        values = self.params.start - 1 + places
        if self.column.type.name in INT_RANGES and not self.column.unique:
            # a table longer than a smallint holds: positions start again (never overflow)
            hi = INT_RANGES[self.column.type.name][1]
            values = (values - self.params.start) % (hi - self.params.start + 1) + self.params.start
        return values


# --------------------------------------------------------------------------- decimal


class DecimalParams(Params):
    min: float | None = Field(None, description="Smallest value. Default 0.")
    max: float | None = Field(
        None, description="Largest value. Default 1000, or the type's largest if smaller."
    )
    decimals: int | None = Field(
        None,
        ge=0,
        le=9,
        description="Digits after the decimal point. Default: the numeric type's scale, else 2.",
    )

    @model_validator(mode="after")
    def _order(self) -> DecimalParams:
        _check_bounds(self.min, self.max)
        return self


class SpecialDecimalParams(DecimalParams):
    nan_ratio: float = Field(
        0.0, ge=0.0, le=1.0, description="Share of NaN values (real, double precision, numeric)."
    )
    infinity_ratio: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Share of Infinity and -Infinity values, half each (real, double "
        "precision, unconstrained numeric on PostgreSQL 14+).",
    )

    @model_validator(mode="after")
    def _shares(self) -> SpecialDecimalParams:
        if self.nan_ratio + self.infinity_ratio > 1:
            raise ValueError("nan_ratio + infinity_ratio must not exceed 1")
        return self


_MONEY_MAX = (2**63 - 1) / 100
_FLOAT_MAX = sys.float_info.max
_MAX_EXPONENT = 300


def _fitting_decimals(decimals: int, magnitude: float, limit: int) -> int:
    """``decimals``, or fewer where the grid units of ``magnitude`` would reach ``limit``
    (numeric(30,20): 20 decimals of 1000 are 10^23 units, beyond the int64 draws)."""
    while decimals > 0 and magnitude * 10.0 ** min(decimals, _MAX_EXPONENT) >= limit:
        decimals -= 1
    return decimals


class DecimalGenerator(Generator[DecimalParams]):
    """Uniform decimals in [min, max] on a grid of 10^-decimals; numeric(p,s) never
    overflows p (negative s: multiples of 10^-s); unique via a permutation of the grid;
    NaN and ±Infinity when asked for."""

    name = "decimal"
    pg_types = frozenset({"numeric", "float4", "float8", "money"})
    default_for = pg_types
    Params: ClassVar[type[DecimalParams]] = SpecialDecimalParams
    supports_unique = True
    supports_distribution = True
    default_min: ClassVar[float] = 0.0
    default_max: ClassVar[float] = 1000.0

    def __init__(self, params: DecimalParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        t = column.type
        precision, scale = t.precision_scale
        if params.decimals is not None:
            decimals = params.decimals
        elif t.name == "numeric" and precision is not None:
            decimals = max(0, scale)
        else:
            decimals = 2
        if t.name == "money":
            decimals = min(decimals, 2)
        if t.name == "numeric" and precision is not None:
            # numeric(p,-k) (PostgreSQL 15+) holds multiples of 10**k: a grid of 10**-(-k).
            decimals = min(decimals, scale)
        if decimals < -_MAX_EXPONENT:
            raise ValueError(
                f"{column.path}: {t} holds multiples of 10^{-decimals}, beyond the numbers "
                "pgmock draws (double precision)"
            )
        # The largest magnitude the type holds once rounded to ``decimals``.
        if t.name == "numeric" and precision is not None:
            digits = precision - scale
            top = _FLOAT_MAX if digits > _MAX_EXPONENT else 10.0**digits - 10.0**-decimals
        elif t.name == "money":
            top = _MONEY_MAX
        elif t.name == "float4":
            top = float(np.finfo(np.float32).max)
        else:
            top = float(np.finfo(np.float64).max)
        self.type_range = (-top, top)
        lo = params.min if params.min is not None else self.default_min
        hi = params.max if params.max is not None else min(self.default_max, top)
        if params.min is None and lo > hi:
            lo = -top
        for label, v in (("min", lo), ("max", hi)):
            if abs(v) > top:
                raise ValueError(
                    f"{column.path}: {label} {v} does not fit {t} (largest magnitude {top:g})"
                )
        self.is32 = t.name == "float4"
        # Distinct grid points of a unique column must stay distinct floats after rounding.
        unique_limit = 2**21 if self.is32 else 2**50
        fits = unique_limit if column.unique else 2**62
        self.decimals = decimals = _fitting_decimals(decimals, max(abs(lo), abs(hi)), fits)
        self.ulo = math.ceil(round(self._to_units(lo), 6))
        self.uhi = math.floor(round(self._to_units(hi), 6))
        if self.ulo > self.uhi:
            step = f"{decimals} decimals" if decimals >= 0 else f"multiples of {10**-decimals}"
            raise ValueError(f"{column.path}: no value with {step} in [{lo}, {hi}]")
        if column.unique and max(abs(self.ulo), abs(self.uhi)) > unique_limit:
            raise ValueError(
                f"{column.path}: unique {t} values with {decimals} decimals need "
                f"|values| below {self._from_units(unique_limit):g}; lower max or decimals"
            )
        self.nan_ratio, self.infinity_ratio = self._special_ratios(params, column)

    @staticmethod
    def _special_ratios(params: DecimalParams, column: ColumnInfo) -> tuple[float, float]:
        nan = getattr(params, "nan_ratio", 0.0)
        inf = getattr(params, "infinity_ratio", 0.0)
        if not (nan or inf):
            return 0.0, 0.0
        t = column.type
        if t.name == "money":
            raise ValueError(f"{column.path}: money has no NaN or Infinity")
        if inf and t.name == "numeric" and t.precision_scale[0] is not None:
            raise ValueError(
                f"{column.path}: {t} cannot hold Infinity (only an unconstrained numeric "
                "can, on PostgreSQL 14+); drop infinity_ratio or the precision"
            )
        if column.unique:
            raise ValueError(
                f"{column.path}: NaN and Infinity repeat, so they cannot fill a unique column"
            )
        return nan, inf

    def _to_units(self, value: Any) -> Any:
        """Grid units of a value or an array of values."""
        d = self.decimals
        return value * 10**d if d >= 0 else value / 10 ** (-d)

    def _from_units(self, units: float) -> float:
        d = self.decimals
        return units / 10**d if d >= 0 else units * 10 ** (-d)

    def domain_size(self) -> int:
        return self.uhi - self.ulo + 1

    def _finish(self, units: NDArray[Any]) -> NDArray[Any]:
        if self.decimals < 0:  # numeric(p,-k): exact multiples of 10**k
            return units.astype(np.int64) * np.int64(10 ** (-self.decimals))
        values = units / float(10**self.decimals)
        return values.astype(np.float32) if self.is32 else values

    def _with_specials(self, values: NDArray[Any], rng: np.random.Generator) -> NDArray[Any]:
        """NaN for a share nan_ratio of the rows, ±Infinity for infinity_ratio (drawn only
        when asked for, so the values of other columns' schemas do not change)."""
        if not (self.nan_ratio or self.infinity_ratio):
            return values
        u = rng.random(len(values))
        out = values.astype(np.float32 if self.is32 else np.float64)
        out[u < self.nan_ratio] = np.nan
        inf = (u >= self.nan_ratio) & (u < self.nan_ratio + self.infinity_ratio)
        out[inf] = np.where(rng.random(int(inf.sum())) < 0.5, -np.inf, np.inf)
        return out

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        if self.column.unique:
            return self._finish(keyed_range(ctx, n, self.ulo, self.uhi, self.column.key))
        if ctx.distribution is not None:
            p = self.params
            lo = self.ulo if explicit(p, "min") else self._to_units(self.type_range[0])
            hi = self.uhi if explicit(p, "max") else self._to_units(self.type_range[1])
            x = np.rint(self._to_units(ctx.distribution.sample(n, rng, ctx.offset)))
            return self._with_specials(self._finish(np.clip(x, lo, hi)), rng)
        units = rng.integers(self.ulo, self.uhi, n, endpoint=True)
        return self._with_specials(self._finish(units), rng)


# --------------------------------------------------------------------------- boolean


class BooleanParams(Params):
    true_ratio: float = Field(0.5, ge=0.0, le=1.0, description="Share of true values.")


class BooleanGenerator(Generator[BooleanParams]):
    """true with probability true_ratio (unique: both values, for at most 2 rows)."""

    name = "boolean"
    pg_types = frozenset({"bool"})
    default_for = pg_types
    supports_unique = True

    def domain_size(self) -> int:
        return 2

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[np.bool_]:
        if self.column.unique:
            return keyed_range(ctx, n, 0, 1, self.column.key).astype(bool)
        p = self.params
        return rng.random(n) < p.true_ratio
