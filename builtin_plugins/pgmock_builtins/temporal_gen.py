"""Date and time generators: date, timestamp(tz), time(tz) and interval.

Bounds are fixed ISO strings (never relative to today), so output depends only on the
seed. Values are numpy ``datetime64``/``timedelta64`` arrays the host renders. With a
distribution, numbers are epoch seconds (epoch days for ``date``; seconds since midnight
for ``time``; seconds for ``interval``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast

import numpy as np
from pydantic import Field, field_validator, model_validator

from pgmock_builtins.numeric_gen import explicit, keyed_range
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params

if TYPE_CHECKING:
    from numpy.typing import NDArray

Resolution = Literal["s", "ms", "us"]
_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000}
_EPOCH = dt.datetime(1970, 1, 1)
# The column names that mean "a point in time" (created_at, shipped_on, …).
EVENT_NAMES = (
    r"(created|updated|deleted|modified|inserted|changed|published|last_login|last_seen)"
    r"(_at|_on|_time|_ts|_date)?",
    r"\w+_(at|on|time|timestamp|ts)",
)


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"cannot read date {text!r} (write YYYY-MM-DD)") from None


def parse_timestamp(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"cannot read timestamp {text!r} (write ISO 8601)") from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def parse_time(text: str) -> int:
    """Microseconds since midnight of ``HH:MM[:SS[.ffffff]]`` (24:00:00 allowed)."""
    if text.strip() in ("24:00", "24:00:00"):
        return 86_400_000_000
    try:
        t = dt.time.fromisoformat(text)
    except ValueError:
        raise ValueError(f"cannot read time {text!r} (write HH:MM:SS)") from None
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _days(d: dt.date) -> int:
    return (d - _EPOCH.date()).days


def _units(ts: dt.datetime, per_second: int) -> int:
    delta = ts - _EPOCH
    seconds = delta.days * 86_400 + delta.seconds
    return seconds * per_second + delta.microseconds * per_second // 1_000_000


def _effective_resolution(requested: Resolution, column: ColumnInfo) -> Resolution:
    """No finer than the column's precision (timestamp(0) → seconds), so rounding by
    PostgreSQL never merges two generated values."""
    mods = column.type.modifiers
    if not mods:
        return requested
    if mods[0] < 3:
        return "s"
    if mods[0] < 6 and requested == "us":
        return "ms"
    return requested


class _Ranged(Generator):
    """Integers in [self.lo, self.hi] (a time unit), unique or via a distribution."""

    lo: int
    hi: int
    per_sample: float = 1.0  # units per distribution number
    type_bounds: tuple[int, int] = (-(2**62), 2**62)
    # The parameters that bound the range: a distribution is clipped to them only when
    # the schema set them, otherwise to the type's range.
    bound_names: ClassVar[tuple[str, str]] = ("start", "end")

    def domain_size(self) -> int:
        return self.hi - self.lo + 1

    def _draw(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[np.int64]:
        if self.column.unique:
            return keyed_range(ctx, n, self.lo, self.hi, self.column.key)
        if ctx.distribution is not None:
            p = self.params
            lo = self.lo if explicit(p, self.bound_names[0]) else self.type_bounds[0]
            hi = self.hi if explicit(p, self.bound_names[1]) else self.type_bounds[1]
            x = np.floor(ctx.distribution.sample(n, rng, ctx.offset) * self.per_sample)
            return np.clip(x, float(lo), float(hi)).astype(np.int64)
        return rng.integers(self.lo, self.hi, n, dtype=np.int64, endpoint=True)


# --------------------------------------------------------------------------- date


class DateParams(Params):
    start: str = Field("2015-01-01", description="Earliest date (ISO, inclusive).")
    end: str = Field("2025-12-31", description="Latest date (ISO, inclusive).")

    @field_validator("start", "end")
    @classmethod
    def _iso(cls, v: str) -> str:
        parse_date(v)
        return v

    @model_validator(mode="after")
    def _order(self) -> DateParams:
        if parse_date(self.start) > parse_date(self.end):
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        return self


class DateGenerator(_Ranged):
    """Uniform dates between start and end; unique via a permutation of the days."""

    name = "date"
    pg_types = frozenset({"date"})
    default_for = pg_types
    Params = DateParams
    supports_unique = True
    supports_distribution = True
    column_names = EVENT_NAMES
    # 0001-01-01 .. 9999-12-31 (no BC dates)
    type_bounds = (-719_162, 2_932_896)

    def __init__(self, params: DateParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.lo = _days(parse_date(params.start))
        self.hi = _days(parse_date(params.end))

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        return self._draw(n, rng, ctx).astype("M8[D]")


# --------------------------------------------------------------------------- timestamp


class TimestampParams(Params):
    start: str = Field("2015-01-01T00:00:00", description="Earliest instant (ISO 8601, UTC).")
    end: str = Field("2025-12-31T23:59:59", description="Latest instant (ISO 8601, UTC).")
    resolution: Resolution = Field(
        "s", description="Finest unit: s, ms or us (no finer than the column's precision)."
    )

    @field_validator("start", "end")
    @classmethod
    def _iso(cls, v: str) -> str:
        parse_timestamp(v)
        return v

    @model_validator(mode="after")
    def _order(self) -> TimestampParams:
        if parse_timestamp(self.start) > parse_timestamp(self.end):
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        return self


class TimestampGenerator(_Ranged):
    """Uniform instants between start and end at the given resolution."""

    name = "timestamp"
    pg_types = frozenset({"timestamp", "timestamptz"})
    default_for = pg_types
    Params = TimestampParams
    supports_unique = True
    supports_distribution = True
    column_names = EVENT_NAMES

    def __init__(self, params: TimestampParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.resolution = _effective_resolution(params.resolution, column)
        per = _PER_SECOND[self.resolution]
        self.lo = _units(parse_timestamp(params.start), per)
        self.hi = _units(parse_timestamp(params.end), per)
        self.per_sample = float(per)
        day = 86_400 * per
        self.type_bounds = (-719_162 * day, 2_932_897 * day - 1)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        return self._draw(n, rng, ctx).astype(f"M8[{self.resolution}]")


# --------------------------------------------------------------------------- time


class TimeParams(Params):
    start: str = Field("00:00:00", description="Earliest time of day (inclusive).")
    end: str = Field("23:59:59", description="Latest time of day (inclusive).")
    resolution: Resolution = Field("s", description="Finest unit: s, ms or us.")

    @field_validator("start", "end")
    @classmethod
    def _iso(cls, v: str) -> str:
        parse_time(v)
        return v

    @model_validator(mode="after")
    def _order(self) -> TimeParams:
        if parse_time(self.start) > parse_time(self.end):
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        return self


class TimeGenerator(_Ranged):
    """Uniform times of day between start and end."""

    name = "time"
    pg_types = frozenset({"time", "timetz"})
    default_for = pg_types
    Params = TimeParams
    supports_unique = True
    supports_distribution = True

    def __init__(self, params: TimeParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.resolution = _effective_resolution(params.resolution, column)
        per = _PER_SECOND[self.resolution]
        self.lo = -(-parse_time(params.start) * per // 1_000_000)
        self.hi = parse_time(params.end) * per // 1_000_000
        self.per_sample = float(per)
        self.type_bounds = (0, 86_400 * per)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        return self._draw(n, rng, ctx).astype(f"m8[{self.resolution}]")


# --------------------------------------------------------------------------- interval


class IntervalParams(Params):
    min: int = Field(0, ge=0, description="Shortest interval, in seconds.")
    max: int = Field(30 * 86_400, ge=0, description="Longest interval, in seconds.")
    granularity: int = Field(
        1, ge=1, description="Values are multiples of this many seconds (60: whole minutes)."
    )

    @model_validator(mode="after")
    def _order(self) -> IntervalParams:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must not be greater than max ({self.max})")
        if self.max // self.granularity < -(-self.min // self.granularity):
            raise ValueError("no multiple of granularity lies between min and max")
        return self


class IntervalGenerator(_Ranged):
    """Uniform durations (days and time) between min and max seconds."""

    name = "interval"
    pg_types = frozenset({"interval"})
    default_for = pg_types
    Params = IntervalParams
    supports_unique = True
    supports_distribution = True
    column_names = (r"duration|elapsed|\w+_(duration|interval)",)
    bound_names = ("min", "max")

    def __init__(self, params: IntervalParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        g = params.granularity
        self.lo = -(-params.min // g)
        self.hi = params.max // g
        self.per_sample = 1.0 / g
        self.type_bounds = (0, 2**62 // 1_000_000 // g)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        p = cast(IntervalParams, self.params)
        return (self._draw(n, rng, ctx) * p.granularity).astype("m8[s]")
