"""Date and time generators: date, timestamp(tz), time(tz) and interval.

Bounds are fixed ISO strings (never relative to today), so output depends only on the
seed. Values are numpy ``datetime64``/``timedelta64`` arrays the host renders. With a
distribution, numbers are epoch seconds (epoch days for ``date``; seconds since midnight
for ``time``; seconds for ``interval``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from pydantic import Field, field_validator, model_validator

from pgmock_builtins.numeric_gen import explicit, keyed_range
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.lazy import np

if TYPE_CHECKING:
    from numpy.typing import NDArray

Resolution = Literal["s", "ms", "us"]
PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000}
_EPOCH = dt.datetime(1970, 1, 1)


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


# --------------------------------------------------------------------------- BC-aware parsing
# Python's datetime stops at year 1; these parse into epoch days/units directly, on
# PostgreSQL's proleptic Gregorian calendar with astronomical years (0 is 1 BC).

_DATE_TEXT = re.compile(
    r"(?P<y>[+-]?\d{1,7})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?)?"
    r"(?:\s+(?P<era>BC|AD))?",
    re.IGNORECASE,
)
# PostgreSQL's first date: 4714-11-24 BC (Julian day 0); infinity sentinels: see INFINITY.
_FIRST_DAY = -2_440_588
# +infinity / -infinity in a datetime64 array (any unit): +-(2**63 - 1) ticks; the host
# renders them as 'infinity' / '-infinity' (NaT, -2**63, stays NULL).
INFINITY = 2**63 - 1  # numpy's int64 maximum


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 (astronomical ``year``, proleptic Gregorian)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _month_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _parse_moment(text: str, what: str) -> tuple[int, int]:
    """(epoch day, microseconds into the day, in UTC) of ``YYYY-MM-DD[ HH:MM[:SS[.f]]][tz]
    [ BC]``; a year <= 0 (ISO 8601) or the BC suffix gives BC dates."""
    m = _DATE_TEXT.fullmatch(text.strip())
    example = "YYYY-MM-DD" if what == "date" else "ISO 8601 (YYYY-MM-DDTHH:MM:SS)"
    if m is None:
        raise ValueError(f"cannot read {what} {text!r} (write {example}, '0044-03-15 BC' for BC)")
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    if m["era"] is not None and m["era"].upper() == "BC":
        if year < 1 or m["y"][0] in "+-":
            raise ValueError(f"cannot read {what} {text!r}: a BC year is 1 or more")
        year = 1 - year
    if not 1 <= month <= 12 or not 1 <= day <= _month_days(year, month):
        raise ValueError(f"cannot read {what} {text!r}: no such day")
    days = _days_from_civil(year, month, day)
    us = 0
    if m["time"] is not None:
        hh, mm, *rest = m["time"].split(":")
        sec = rest[0] if rest else "0"
        whole, _, frac = sec.partition(".")
        if int(hh) > 23 or int(mm) > 59 or int(whole) > 59:
            raise ValueError(f"cannot read {what} {text!r}: no such time of day")
        us = ((int(hh) * 60 + int(mm)) * 60 + int(whole)) * 1_000_000 + int(frac.ljust(6, "0"))
        tz = m["tz"]
        if tz and tz.upper() != "Z":
            digits = tz[1:].replace(":", "")
            off = (int(digits[:2]) * 60 + int(digits[2:] or 0)) * 60_000_000
            us -= off if tz[0] == "+" else -off
        days, us = days + us // 86_400_000_000, us % 86_400_000_000
    if days < _FIRST_DAY:
        raise ValueError(f"{what} {text!r} is before 4714-11-24 BC, PostgreSQL's first day")
    return days, us


def date_days(text: str) -> int:
    """Epoch days of a date parameter (``2024-02-29``, ``0044-03-15 BC``, ``-0043-03-15``)."""
    return _parse_moment(text, "date")[0]


def timestamp_units(text: str, per_second: int) -> int:
    """A timestamp parameter in units of 1/per_second since the epoch (UTC), BC allowed."""
    days, us = _parse_moment(text, "timestamp")
    return days * 86_400 * per_second + us * per_second // 1_000_000


def _infinities(
    values: NDArray[np.int64], ratio: float, rng: np.random.Generator
) -> NDArray[np.int64]:
    """A share ``ratio`` of the values replaced by +-INFINITY (half each); draws nothing
    when ratio is 0, so other schemas keep their values."""
    if not ratio:
        return values
    hit = rng.random(len(values)) < ratio
    out = values.copy()
    out[hit] = np.where(rng.random(int(hit.sum())) < 0.5, -INFINITY, INFINITY)
    return out


def _check_infinity(ratio: float, column: ColumnInfo) -> None:
    if ratio and column.unique:
        raise ValueError(f"{column.path}: infinity repeats, so it cannot fill a unique column")


_INFINITY_FIELD = Field(
    0.0, ge=0.0, le=1.0, description="Share of 'infinity' and '-infinity' values, half each."
)


def _days(d: dt.date) -> int:
    return (d - _EPOCH.date()).days


def epoch_units(ts: dt.datetime, per_second: int) -> int:
    delta = ts - _EPOCH
    seconds = delta.days * 86_400 + delta.seconds
    return seconds * per_second + delta.microseconds * per_second // 1_000_000


def effective_resolution(requested: Resolution, column: ColumnInfo) -> Resolution:
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


_R = TypeVar("_R", bound=Params)


class RangedGenerator(Generator[_R]):
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
    start: str = Field(
        "2015-01-01",
        description="Earliest date (ISO, inclusive). BC: '0044-03-15 BC', or an ISO year "
        "of 0 or less ('-0043-03-15'; year 0 is 1 BC).",
    )
    end: str = Field("2025-12-31", description="Latest date (ISO, inclusive; BC as for start).")
    infinity_ratio: float = _INFINITY_FIELD

    @field_validator("start", "end")
    @classmethod
    def _iso(cls, v: str) -> str:
        date_days(v)
        return v

    @model_validator(mode="after")
    def _order(self) -> DateParams:
        if date_days(self.start) > date_days(self.end):
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        return self


class DateGenerator(RangedGenerator[DateParams]):
    """Uniform dates between start and end (BC too); unique via a permutation of the
    days; 'infinity'/'-infinity' when asked for."""

    name = "date"
    pg_types = frozenset({"date"})
    default_for = pg_types
    supports_unique = True
    supports_distribution = True
    # a distribution is clipped to 0001-01-01 .. 9999-12-31 unless start/end say otherwise
    type_bounds = (-719_162, 2_932_896)

    def __init__(self, params: DateParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.lo = date_days(params.start)
        self.hi = date_days(params.end)
        _check_infinity(params.infinity_ratio, column)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        p = self.params
        return _infinities(self._draw(n, rng, ctx), p.infinity_ratio, rng).astype("M8[D]")


# --------------------------------------------------------------------------- timestamp


class TimestampParams(Params):
    start: str = Field(
        "2015-01-01T00:00:00",
        description="Earliest instant (ISO 8601, UTC). BC: '0044-03-15 12:00:00 BC' or an "
        "ISO year of 0 or less.",
    )
    end: str = Field("2025-12-31T23:59:59", description="Latest instant (ISO 8601, UTC).")
    resolution: Resolution = Field(
        "s", description="Finest unit: s, ms or us (no finer than the column's precision)."
    )
    infinity_ratio: float = _INFINITY_FIELD

    @field_validator("start", "end")
    @classmethod
    def _iso(cls, v: str) -> str:
        timestamp_units(v, 1_000_000)
        return v

    @model_validator(mode="after")
    def _order(self) -> TimestampParams:
        if timestamp_units(self.start, 1_000_000) > timestamp_units(self.end, 1_000_000):
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        return self


class TimestampGenerator(RangedGenerator[TimestampParams]):
    """Uniform instants between start and end (BC too) at the given resolution;
    'infinity'/'-infinity' when asked for."""

    name = "timestamp"
    pg_types = frozenset({"timestamp", "timestamptz"})
    default_for = pg_types
    supports_unique = True
    supports_distribution = True

    def __init__(self, params: TimestampParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.resolution = effective_resolution(params.resolution, column)
        per = PER_SECOND[self.resolution]
        self.lo = timestamp_units(params.start, per)
        self.hi = timestamp_units(params.end, per)
        self.per_sample = float(per)
        day = 86_400 * per
        self.type_bounds = (-719_162 * day, 2_932_897 * day - 1)
        _check_infinity(params.infinity_ratio, column)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        p = self.params
        ticks = _infinities(self._draw(n, rng, ctx), p.infinity_ratio, rng)
        return ticks.astype(f"M8[{self.resolution}]")


# --------------------------------------------------------------------------- time


class TimeParams(Params):
    start: str = Field("00:00:00", description="Earliest time of day (inclusive).")
    end: str = Field("23:59:59", description="Latest time of day (inclusive).")
    resolution: Resolution = Field("s", description="Finest unit: s, ms or us.")
    step: int = Field(
        1,
        ge=1,
        le=86_400,
        description="Times are multiples of this many seconds (1800: on the hour and half "
        "hour, as opening hours are).",
    )

    @field_validator("start", "end")
    @classmethod
    def _iso(cls, v: str) -> str:
        parse_time(v)
        return v

    @model_validator(mode="after")
    def _order(self) -> TimeParams:
        start, end = parse_time(self.start), parse_time(self.end)
        if start > end:
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        step = self.step * 1_000_000
        if end // step < -(-start // step):
            raise ValueError(f"no multiple of step ({self.step} s) lies between start and end")
        return self


class TimeGenerator(RangedGenerator[TimeParams]):
    """Uniform times of day between start and end."""

    name = "time"
    pg_types = frozenset({"time", "timetz"})
    default_for = pg_types
    supports_unique = True
    supports_distribution = True

    def __init__(self, params: TimeParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.resolution = effective_resolution(params.resolution, column)
        per = PER_SECOND[self.resolution]
        # Values are drawn in steps and scaled back; a step of 1 s at resolution s is 1.
        self.unit = params.step * per if params.step > 1 else 1
        first = -(-parse_time(params.start) * per // 1_000_000)  # rounded up
        self.lo = -(-first // self.unit)
        self.hi = parse_time(params.end) * per // 1_000_000 // self.unit
        self.per_sample = float(per) / self.unit
        self.type_bounds = (0, 86_400 * per // self.unit)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        ticks = self._draw(n, rng, ctx)
        if self.unit > 1:
            ticks = ticks * self.unit
        return ticks.astype(f"m8[{self.resolution}]")


# --------------------------------------------------------------------------- interval


class IntervalParams(Params):
    min: int = Field(0, ge=0, description="Shortest interval, in seconds.")
    max: int = Field(
        30 * 86_400,
        ge=0,
        description="Longest interval, in seconds. On year/month columns (interval year to "
        "month) a month is 30 days and the default is 10 years.",
    )
    granularity: int = Field(
        1,
        ge=1,
        description="Values are multiples of this many seconds (60: whole minutes); a "
        "column's fields raise it (interval hour to minute: whole minutes).",
    )

    @model_validator(mode="after")
    def _order(self) -> IntervalParams:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must not be greater than max ({self.max})")
        if self.max // self.granularity < -(-self.min // self.granularity):
            raise ValueError("no multiple of granularity lies between min and max")
        return self


_MONTH_SECONDS = 30 * 86_400  # PostgreSQL's month when it converts between the two
# The unit (seconds) that fields restricting the time part keep whole.
_FIELD_SECONDS = {
    "day": 86_400,
    "hour": 3_600,
    "day to hour": 3_600,
    "minute": 60,
    "day to minute": 60,
    "hour to minute": 60,
}


class IntervalGenerator(RangedGenerator[IntervalParams]):
    """Uniform durations between min and max seconds, as the column's fields keep them:
    days and time (multiples of the finest field), or whole months/years for year/month
    columns."""

    name = "interval"
    pg_types = frozenset({"interval"})
    default_for = pg_types
    supports_unique = True
    supports_distribution = True
    bound_names = ("min", "max")

    def __init__(self, params: IntervalParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        fields = column.type.fields
        self.months = fields in ("year", "month", "year to month")
        if self.months:
            # Whole months (whole years for interval year), counted in steps of ``step``.
            step = math.lcm(-(-params.granularity // _MONTH_SECONDS), 12 if fields == "year" else 1)
            top = params.max if explicit(params, "max") else 120 * _MONTH_SECONDS
            g = step * _MONTH_SECONDS
        else:
            step = math.lcm(params.granularity, _FIELD_SECONDS.get(fields, 1))
            top = params.max
            g = step
        self.step = step
        self.lo = -(-params.min // g)
        self.hi = top // g
        if self.lo > self.hi:
            what = f"{step} months" if self.months else f"{step} seconds"
            raise ValueError(
                f"{column.path}: no multiple of {what} (what interval {fields} keeps) lies "
                f"between min ({params.min}) and max ({top})"
            )
        self.per_sample = 1.0 / g
        self.type_bounds = (0, 2**62 // 1_000_000 // g)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        return (self._draw(n, rng, ctx) * self.step).astype("m8[M]" if self.months else "m8[s]")
