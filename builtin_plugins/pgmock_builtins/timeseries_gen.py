"""Time series: event timestamps as an arrival process (``event_time``) and metric values
over time (``metric``), both shaped by the same calendar.

The calendar — trend, daily/weekly/yearly seasonality, business hours and weekdays,
holidays (a list of dates and optionally the US federal holidays, computed by rule),
bursts — is a deterministic function of time. Whatever is random about the *shape*
(burst positions, hourly noise of the event rate) is drawn once per column from a
generator seeded with ``column.key``, never from a batch's rng, so every chunk sees the
same shape.

``event_time`` builds the cumulative intensity Λ(t) of the rate on a fine grid once per
column and maps the table's rows onto it: row i lies in the slice of Λ between
``i/N`` and ``(i+1)/N`` of Λ(end) (N = the table's row count), so the rows are the events
in time order, monotone within and across chunks, and a chunk's values depend only on
the seed, its position and the column. Inside a chunk the batch rng places the rows:
``arrivals="poisson"`` sorts n uniform quantiles of the chunk's slice (a Poisson process
given the chunk's count: exponential-like gaps), ``"even"`` puts row i at
``(i + u_i)/N`` (each row in its own slice: near-regular gaps).

All clock arithmetic is on local time = UTC + ``utc_offset``; values are written in UTC
(timestamptz) or as that UTC wall time (timestamp).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import Field, field_validator, model_validator

from pgmock_builtins._params import needs
from pgmock_builtins.temporal_gen import (
    PER_SECOND,
    effective_resolution,
    epoch_units,
    parse_date,
    parse_time,
    parse_timestamp,
)
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.pgtypes import INT_RANGES

if TYPE_CHECKING:
    from numpy.typing import NDArray

DAY = 86_400.0
WEEK = 7 * DAY
YEAR = 365.2425 * DAY  # the Gregorian mean year: no drift over long ranges
MAX_CELLS = 1_000_000  # grid cells of Λ: at most ~8 MB per array, built once per column
MIN_STEP = 60.0  # grid step floor, in seconds
_EPOCH = dt.datetime(1970, 1, 1)
# Seeds for the column-level shape draws, mixed with column.key (distinct streams).
_BURST_STREAM = 0xB0057
_NOISE_STREAM = 0x4015E

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DURATION = re.compile(
    r"\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)\s*"
)
_UNIT_SECONDS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": DAY, "w": WEEK}


# --------------------------------------------------------------------------- parsing


def parse_duration(value: float | str) -> float:
    """Seconds of ``90``, ``"90 s"``, ``"2 hours"``, ``"1 day"`` or ``"01:30:00"``."""
    if isinstance(value, (int, float)):
        return float(value)
    if re.fullmatch(r"\s*\d+:\d{2}(:\d{2})?\s*", value):
        parts = [int(p) for p in value.strip().split(":")]
        return float(parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) > 2 else 0))
    m = _DURATION.fullmatch(value.lower())
    if m is None:
        raise ValueError(
            f"cannot read duration {value!r} (write seconds, '15 minutes', '2 hours', "
            "'1 day' or 'HH:MM:SS')"
        )
    unit = m.group(2)
    key = "m" if unit.startswith("m") else unit[0]
    return float(m.group(1)) * _UNIT_SECONDS[key]


def parse_offset(text: str) -> float:
    """Seconds east of UTC of ``+HH:MM`` / ``-HH:MM`` (or ``Z``)."""
    if text.strip().upper() == "Z":
        return 0.0
    m = re.fullmatch(r"\s*([+-])(\d{2}):?(\d{2})\s*", text)
    if m is None or int(m.group(2)) > 14 or int(m.group(3)) >= 60:
        raise ValueError(f"cannot read UTC offset {text!r} (write +HH:MM or -HH:MM)")
    seconds = int(m.group(2)) * 3600 + int(m.group(3)) * 60
    return float(seconds if m.group(1) == "+" else -seconds)


def parse_weekday(text: str) -> int:
    """0 (Monday) .. 6 (Sunday) of a day name or its first three letters."""
    name = text.strip().lower()
    for i, day in enumerate(WEEKDAYS):
        if name in (day, day[:3]):
            return i
    raise ValueError(f"cannot read weekday {text!r} (write monday .. sunday)")


def parse_month_day(text: str) -> tuple[int, int]:
    try:
        d = dt.date.fromisoformat(f"2000-{text.strip()}")  # a leap year: 02-29 is valid
    except ValueError:
        raise ValueError(f"cannot read month and day {text!r} (write MM-DD)") from None
    return d.month, d.day


def parse_hours(text: str) -> tuple[float, float]:
    """Seconds since midnight of the two ends of ``"09:00-17:00"``."""
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f"cannot read hours {text!r} (write HH:MM-HH:MM, e.g. 09:00-17:00)")
    lo, hi = (parse_time(p.strip()) / 1e6 for p in parts)
    if lo == hi:
        raise ValueError(f"business hours {text!r} are empty")
    return lo, hi


def _epoch_seconds(ts: dt.datetime) -> float:
    return (ts - _EPOCH).total_seconds()


# --------------------------------------------------------------------------- holidays


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The nth (1-based; -1 = last) given weekday of a month."""
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def us_federal_holidays(first_year: int, last_year: int) -> list[dt.date]:
    """US federal holidays of the years, by today's rules (5 U.S.C. 6103): each fixed-date
    holiday on its date and, when that is a Saturday or Sunday, also on the Friday before
    or the Monday after (the observed day off). MLK Day from 1986, Juneteenth from 2021.
    """
    days: set[dt.date] = set()
    for year in range(first_year, last_year + 1):
        fixed = [dt.date(year, 1, 1), dt.date(year, 7, 4), dt.date(year, 11, 11)]
        fixed.append(dt.date(year, 12, 25))
        if year >= 2021:
            fixed.append(dt.date(year, 6, 19))
        for d in fixed:
            days.add(d)
            if d.weekday() == 5:
                days.add(d - dt.timedelta(days=1))
            elif d.weekday() == 6:
                days.add(d + dt.timedelta(days=1))
        if year >= 1986:
            days.add(_nth_weekday(year, 1, 0, 3))  # Martin Luther King Jr. Day
        days.add(_nth_weekday(year, 2, 0, 3))  # Washington's Birthday
        days.add(_nth_weekday(year, 5, 0, -1))  # Memorial Day
        days.add(_nth_weekday(year, 9, 0, 1))  # Labor Day
        days.add(_nth_weekday(year, 10, 0, 2))  # Columbus Day
        days.add(_nth_weekday(year, 11, 3, 4))  # Thanksgiving Day
    # New Year's Day on a Saturday is observed on Dec 31 of the year before: kept.
    return sorted(days)


# --------------------------------------------------------------------------- parameters


class _CalendarParams(Params):
    start: str = Field("2024-01-01T00:00:00", description="Start of the time range (ISO 8601).")
    end: str = Field("2024-12-31T23:59:59", description="End of the time range (ISO 8601).")
    utc_offset: str = Field(
        "+00:00",
        description="Local time = UTC + this (+HH:MM); hours, weekdays and holidays are local.",
    )
    daily_peak: str = Field("14:00", description="Local time of day of the daily maximum.")
    weekly_peak: str = Field("wednesday", description="Weekday of the weekly maximum (at noon).")
    yearly_peak: str = Field("12-15", description="Month and day (MM-DD) of the yearly maximum.")
    business_hours: str | None = Field(
        None,
        description="Local opening hours, e.g. 09:00-17:00 (may wrap midnight); "
        "outside them the level is multiplied by off_hours_factor.",
    )
    off_hours_factor: float = Field(
        0.1, ge=0, description="Multiplier outside business_hours (0: nothing happens then)."
    )
    business_days: bool = Field(
        False, description="Saturdays and Sundays get weekend_factor (a Monday-Friday week)."
    )
    weekend_factor: float = Field(
        0.2,
        ge=0,
        description="Multiplier on Saturdays and Sundays when business_days is on (giving "
        "it turns business_days on).",
    )
    holidays: tuple[str, ...] = Field(
        (), description="Dates (YYYY-MM-DD) that get holiday_factor, local time."
    )
    us_holidays: bool = Field(
        False,
        description="Add the US federal holidays of the range's years (computed by rule: "
        "actual and observed days).",
    )
    holiday_factor: float = Field(0.2, ge=0, description="Multiplier on holidays.")
    bursts: int = Field(
        0,
        ge=0,
        le=100_000,
        description="Number of bursts placed at random (per column, same in every chunk) "
        "between start and end.",
    )
    burst_duration: float | str = Field(
        "2 hours", description="Length of each burst: seconds or e.g. '30 minutes', '2 hours'."
    )

    @field_validator("start", "end")
    @classmethod
    def _iso(cls, v: str) -> str:
        parse_timestamp(v)
        return v

    @field_validator("utc_offset")
    @classmethod
    def _offset(cls, v: str) -> str:
        parse_offset(v)
        return v

    @field_validator("daily_peak")
    @classmethod
    def _time(cls, v: str) -> str:
        parse_time(v)
        return v

    @field_validator("weekly_peak")
    @classmethod
    def _weekday(cls, v: str) -> str:
        parse_weekday(v)
        return v

    @field_validator("yearly_peak")
    @classmethod
    def _month_day(cls, v: str) -> str:
        parse_month_day(v)
        return v

    @field_validator("business_hours")
    @classmethod
    def _hours(cls, v: str | None) -> str | None:
        if v is not None:
            parse_hours(v)
        return v

    @field_validator("holidays")
    @classmethod
    def _dates(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for d in v:
            parse_date(d)
        return v

    @field_validator("burst_duration")
    @classmethod
    def _duration(cls, v: float | str) -> float | str:
        if parse_duration(v) <= 0:
            raise ValueError("burst_duration must be positive")
        return v

    @model_validator(mode="after")
    def _order(self) -> _CalendarParams:
        if parse_timestamp(self.start) >= parse_timestamp(self.end):
            raise ValueError(f"start ({self.start}) must be before end ({self.end})")
        needs(self, "off_hours_factor", self.business_hours is not None, "business_hours")
        given_days = "business_days" in self.model_fields_set
        needs(self, "weekend_factor", self.business_days or not given_days, "business_days")
        needs(self, "holiday_factor", bool(self.holidays or self.us_holidays), "holidays")
        needs(self, "burst_duration", self.bursts > 0, "bursts")
        return self

    @property
    def weekends(self) -> bool:
        """Whether weekends get weekend_factor: business_days, or weekend_factor given."""
        return self.business_days or "weekend_factor" in self.model_fields_set

    def _peaks(self, daily: float, weekly: float, yearly: float) -> None:
        """A peak moves a swing: without its amplitude it has no effect."""
        needs(self, "daily_peak", daily > 0, "daily_amplitude")
        needs(self, "weekly_peak", weekly > 0, "weekly_amplitude")
        needs(self, "yearly_peak", yearly > 0, "yearly_amplitude")


def _amplitude(what: str) -> Any:
    return Field(
        0.0,
        ge=0,
        le=1,
        description=f"Relative {what} swing of the rate, 0..1 (0.5: from 0.5x to 1.5x).",
    )


class EventTimeParams(_CalendarParams):
    trend: float = Field(
        0.0,
        ge=-1,
        description="Relative change of the rate from start to end, linear "
        "(1: twice as many events at the end as at the start; -0.5: half).",
    )
    daily_amplitude: float = _amplitude("daily")
    weekly_amplitude: float = _amplitude("weekly")
    yearly_amplitude: float = _amplitude("yearly")
    noise: float = Field(
        0.0,
        ge=0,
        le=3,
        description="Hourly random fluctuation of the rate: stddev of its logarithm "
        "(0.3 is noticeable); same in every chunk.",
    )
    burst_factor: float = Field(
        8.0, ge=0, description="Rate multiplier during a burst (a traffic spike)."
    )
    arrivals: Literal["poisson", "even"] = Field(
        "poisson",
        description="poisson: random, exponential-like gaps; even: near-regular gaps "
        "(each row in its own 1/N of the events).",
    )
    resolution: Literal["s", "ms", "us"] = Field(
        "s", description="Finest unit: s, ms or us (no finer than the column's precision)."
    )

    @model_validator(mode="after")
    def _effects(self) -> EventTimeParams:
        self._peaks(self.daily_amplitude, self.weekly_amplitude, self.yearly_amplitude)
        needs(self, "burst_factor", self.bursts > 0, "bursts")
        return self


class MetricParams(_CalendarParams):
    time_column: str | None = Field(
        None,
        description="A date/timestamp column generated earlier in the same row whose "
        "times the values follow; without it rows are evenly spaced from start.",
    )
    step: float | str | None = Field(
        None,
        description="Without time_column: time between rows (seconds or '1 hour'); "
        "default: the rows spread evenly from start to end.",
    )
    base: float = Field(100.0, description="Level at start, before seasonality.")
    trend: float = Field(0.0, description="Change of the level per day (value units).")
    daily_amplitude: float = Field(20.0, ge=0, description="Daily swing, +/- value units.")
    weekly_amplitude: float = Field(0.0, ge=0, description="Weekly swing, +/- value units.")
    yearly_amplitude: float = Field(0.0, ge=0, description="Yearly swing, +/- value units.")
    noise: float = Field(5.0, ge=0, description="Stddev of Gaussian noise per row (value units).")
    burst_size: float = Field(0.0, description="Added to the value during a burst.")
    min: float | None = Field(None, description="Values below are clipped up to min.")
    max: float | None = Field(None, description="Values above are clipped down to max.")
    decimals: int | None = Field(
        None,
        ge=0,
        le=9,
        description="Round to this many decimals. Default: the numeric type's scale, else 2; "
        "integer types round to whole numbers.",
    )

    @field_validator("step")
    @classmethod
    def _step(cls, v: float | str | None) -> float | str | None:
        if v is not None and parse_duration(v) <= 0:
            raise ValueError("step must be positive")
        return v

    @model_validator(mode="after")
    def _clip(self) -> MetricParams:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) must not be greater than max ({self.max})")
        if self.time_column is not None and self.step is not None:
            raise ValueError("give time_column or step, not both")
        self._peaks(self.daily_amplitude, self.weekly_amplitude, self.yearly_amplitude)
        needs(self, "burst_size", self.bursts > 0, "bursts")
        needs(self, "bursts", self.burst_size != 0, "burst_size (what a burst adds)")
        return self


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class Bursts:
    """Disjoint burst windows [starts[j], ends[j]) in epoch seconds, sorted."""

    starts: NDArray[np.float64]
    ends: NDArray[np.float64]

    @classmethod
    def place(cls, count: int, duration: float, lo: float, hi: float, key: int) -> Bursts:
        rng = np.random.default_rng([key, _BURST_STREAM])
        s = np.sort(rng.uniform(lo, max(lo, hi - duration), count))
        e = s + duration
        if count == 0:
            return cls(s, e)
        # Merge overlapping windows (equal durations: the ends are sorted too).
        new = np.ones(count, bool)
        new[1:] = s[1:] > e[:-1]
        last = np.r_[np.flatnonzero(new)[1:] - 1, count - 1]
        return cls(s[new], e[last])

    def covered(self, t: NDArray[np.float64]) -> NDArray[np.bool_]:
        k = np.searchsorted(self.starts, t, side="right") - 1
        inside = k >= 0
        kk = np.maximum(k, 0)
        return inside & (t < self.ends[kk]) if len(self.starts) else np.zeros(len(t), bool)

    def coverage(self, lo: NDArray[np.float64], hi: NDArray[np.float64]) -> NDArray[np.float64]:
        """Share of each interval [lo, hi) that lies in a burst."""
        if not len(self.starts):
            return np.zeros(len(lo))
        length = self.ends - self.starts
        before = np.r_[0.0, np.cumsum(length)]

        def covered_until(x: NDArray[np.float64]) -> NDArray[np.float64]:
            k = np.searchsorted(self.starts, x, side="right") - 1
            kk = np.maximum(k, 0)
            part = np.clip(x - self.starts[kk], 0.0, length[kk])
            return np.where(k >= 0, before[kk] + part, 0.0)

        width = np.maximum(hi - lo, 1e-9)
        return np.clip((covered_until(hi) - covered_until(lo)) / width, 0.0, 1.0)


class Calendar:
    """The deterministic time-dependent parts shared by both generators."""

    def __init__(self, p: _CalendarParams, key: int) -> None:
        self.t0 = _epoch_seconds(parse_timestamp(p.start))
        self.t1 = _epoch_seconds(parse_timestamp(p.end))
        self.offset = parse_offset(p.utc_offset)
        self.daily_peak = parse_time(p.daily_peak) / 1e6
        self.weekly_peak = parse_weekday(p.weekly_peak)
        month, day = parse_month_day(p.yearly_peak)
        # Noon of the peak day in 1972 (a leap year, so 02-29 exists) as a phase origin.
        self.yearly_peak = _epoch_seconds(dt.datetime(1972, month, day, 12))
        self.hours = None if p.business_hours is None else parse_hours(p.business_hours)
        self.p = p
        local0 = parse_timestamp(p.start) + dt.timedelta(seconds=self.offset)
        local1 = parse_timestamp(p.end) + dt.timedelta(seconds=self.offset)
        days = {parse_date(d) for d in p.holidays}
        if p.us_holidays:
            days.update(us_federal_holidays(local0.year, local1.year))
        self.holidays = np.array(sorted((d - _EPOCH.date()).days for d in days), dtype=np.int64)
        self.bursts = Bursts.place(
            p.bursts, parse_duration(p.burst_duration), self.t0, self.t1, key
        )

    def cosines(self, t: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
        """cos of the daily, weekly and yearly phases: 1 at each peak, -1 opposite."""
        local = t + self.offset
        daily = np.cos(2 * np.pi * (local - self.daily_peak) / DAY)
        # 1970-01-01 was a Thursday (weekday 3); the weekly peak is at noon of its day.
        week_pos = local + 3 * DAY - (self.weekly_peak + 0.5) * DAY
        weekly = np.cos(2 * np.pi * week_pos / WEEK)
        yearly = np.cos(2 * np.pi * (local - self.yearly_peak) / YEAR)
        return daily, weekly, yearly

    def factor(self, t: NDArray[np.float64]) -> NDArray[np.float64]:
        """Business hours, weekends and holidays as one multiplier per instant."""
        p = self.p
        local = t + self.offset
        out = np.ones(len(t))
        day = np.floor(local / DAY)
        if self.hours is not None:
            tod = local - day * DAY
            lo, hi = self.hours
            open_ = (tod >= lo) & (tod < hi) if lo < hi else (tod >= lo) | (tod < hi)
            out[~open_] *= p.off_hours_factor
        if p.weekends:
            weekday = (day.astype(np.int64) + 3) % 7
            out[weekday >= 5] *= p.weekend_factor
        if len(self.holidays):
            out[np.isin(day.astype(np.int64), self.holidays)] *= p.holiday_factor
        return out


# --------------------------------------------------------------------------- event_time


@dataclass(frozen=True)
class Intensity:
    """Λ on a grid: ``cum[i]`` is the integral of the rate from start to ``edges[i]``."""

    edges: NDArray[np.float64]  # seconds after start, cells + 1 of them
    cum: NDArray[np.float64]
    rate: NDArray[np.float64]  # per cell

    def inverse(self, y: NDArray[np.float64]) -> NDArray[np.float64]:
        """Seconds after start where Λ reaches y (0 <= y < Λ(end)), monotone in y."""
        cells = len(self.rate)
        idx = np.clip(np.searchsorted(self.cum, y, side="right") - 1, 0, cells - 1)
        rate = self.rate[idx]
        # searchsorted "right" skips cells of zero rate (Λ flat there) for y < Λ(end).
        within = np.where(rate > 0, (y - self.cum[idx]) / np.where(rate > 0, rate, 1.0), 0.0)
        width = self.edges[idx + 1] - self.edges[idx]
        return self.edges[idx] + np.clip(within, 0.0, width)


class EventTimeGenerator(Generator[EventTimeParams]):
    """Event timestamps as an arrival process: the table's rows in time order between start
    and end, with a rate that follows trend, seasonality, business hours, holidays, noise
    and bursts."""

    name = "event_time"
    pg_types = frozenset({"timestamp", "timestamptz"})

    def __init__(self, params: EventTimeParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.resolution = effective_resolution(params.resolution, column)
        self.per = PER_SECOND[self.resolution]
        self.lo = epoch_units(parse_timestamp(params.start), self.per)
        self.hi = epoch_units(parse_timestamp(params.end), self.per)
        self._intensity: Intensity | None = None  # built on first use, once per column

    def intensity(self) -> Intensity:
        if self._intensity is None:
            self._intensity = self._build()
        return self._intensity

    def _build(self) -> Intensity:
        p = self.params
        cal = Calendar(p, self.column.key)
        span = cal.t1 - cal.t0
        step = max(MIN_STEP, span / MAX_CELLS)
        cells = max(1, math.ceil(span / step))
        edges = np.minimum(np.arange(cells + 1, dtype=np.float64) * step, span)
        lo, hi = cal.t0 + edges[:-1], cal.t0 + edges[1:]
        mid = (lo + hi) / 2
        daily, weekly, yearly = cal.cosines(mid)
        rate = 1.0 + p.trend * (mid - cal.t0) / span
        rate *= 1.0 + p.daily_amplitude * daily
        rate *= 1.0 + p.weekly_amplitude * weekly
        rate *= 1.0 + p.yearly_amplitude * yearly
        rate *= cal.factor(mid)
        if p.noise > 0:
            bucket = max(3600.0, step)
            which = ((mid - cal.t0) // bucket).astype(np.int64)
            rng = np.random.default_rng([self.column.key, _NOISE_STREAM])
            z = rng.standard_normal(int(which[-1]) + 1)
            rate *= np.exp(p.noise * z[which] - p.noise**2 / 2)
        if p.bursts:
            rate *= 1.0 + (p.burst_factor - 1.0) * cal.bursts.coverage(lo, hi)
        rate = np.maximum(rate, 0.0)
        cum = np.empty(cells + 1)
        cum[0] = 0.0
        np.cumsum(rate * np.diff(edges), out=cum[1:])
        if not cum[-1] > 0:
            raise ValueError(
                f"{self.column.path}: the event rate is zero over the whole range "
                "(check off_hours_factor, weekend_factor and holiday_factor)"
            )
        return Intensity(edges, cum, rate)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        p = self.params
        if n == 0:
            return np.empty(0, dtype=f"M8[{self.resolution}]")
        lam = self.intensity()
        # Rows beyond the declared count (a caller that did not tell the row count) keep
        # the order by stretching N; the host always passes the table's row count.
        total = max(self.column.row_count, ctx.offset + n)
        if p.arrivals == "poisson":
            q = (ctx.offset + n * np.sort(rng.random(n))) / total
        else:
            q = (ctx.row_numbers(n) + rng.random(n)) / total
        seconds = lam.inverse(q * lam.cum[-1])
        units = self.lo + np.floor(seconds * self.per).astype(np.int64)
        return np.minimum(units, self.hi).astype(f"M8[{self.resolution}]")


# --------------------------------------------------------------------------- metric

METRIC_TYPES = frozenset({"int2", "int4", "int8", "numeric", "float4", "float8"})
_TIME_KINDS = "M"


class MetricGenerator(Generator[MetricParams]):
    """Numeric values over time: base + trend + daily/weekly/yearly swings, scaled by business
    hours, weekends and holidays, plus bursts and noise; at the row's time from another
    column or on an evenly spaced time axis."""

    name = "metric"
    pg_types = METRIC_TYPES
    column_params = ("time_column",)

    def __init__(self, params: MetricParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        t = column.type
        precision, scale = t.precision_scale
        self.is_int = t.name in INT_RANGES
        if self.is_int:
            self.decimals = 0
        elif params.decimals is not None:
            self.decimals = params.decimals
        elif t.name == "numeric" and precision is not None:
            self.decimals = max(scale, 0)
        else:
            self.decimals = 2
        if t.name == "numeric" and precision is not None:
            self.decimals = min(self.decimals, max(scale, 0))
            top = 10.0 ** (precision - scale) - 10.0**-self.decimals
            self.type_range: tuple[float, float] = (-top, top)
        elif self.is_int:
            lo, hi = INT_RANGES[t.name]
            top = float(hi)
            if top > hi:  # float(2**63 - 1) rounds up to 2**63, which int64 cannot hold
                top = float(np.nextafter(top, 0))
            self.type_range = (float(lo), top)
        elif t.name == "float4":
            top = float(np.finfo(np.float32).max)
            self.type_range = (-top, top)
        else:
            top = float(np.finfo(np.float64).max)
            self.type_range = (-top, top)
        if params.time_column is not None and params.time_column == column.name:
            raise ValueError(f"{column.path}: time_column must name another column")
        self._calendar: Calendar | None = None

    def calendar(self) -> Calendar:
        if self._calendar is None:
            self._calendar = Calendar(self.params, self.column.key)
        return self._calendar

    def times(self, n: int, ctx: GenContext) -> NDArray[np.float64]:
        """Epoch seconds of the batch's rows."""
        p = self.params
        cal = self.calendar()
        if p.time_column is None:
            rows = ctx.row_numbers(n).astype(np.float64)
            if p.step is not None:
                return cal.t0 + rows * parse_duration(p.step)
            gap = (cal.t1 - cal.t0) / max(self.column.row_count - 1, 1)
            return cal.t0 + rows * gap
        if p.time_column not in ctx.rows:
            raise ValueError(
                f"time_column {p.time_column!r} is not among the columns generated before "
                f"{self.column.name!r} in this row (declare it earlier in the table; "
                "foreign key and serial columns cannot be used)"
            )
        raw = ctx.rows[p.time_column]
        try:
            arr = np.asarray(raw)
            if arr.dtype.kind != _TIME_KINDS:
                arr = arr.astype("M8[us]")
        except (TypeError, ValueError):
            raise ValueError(
                f"time_column {p.time_column!r} does not hold dates or timestamps"
            ) from None
        if arr.shape != (n,):
            raise ValueError(
                f"time_column {p.time_column!r} has {arr.size} values for a batch of {n}"
            )
        return arr.astype("M8[us]").astype(np.int64) / 1e6

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        p = self.params
        cal = self.calendar()
        t = self.times(n, ctx)
        daily, weekly, yearly = cal.cosines(t)
        level = p.base + p.trend * (t - cal.t0) / DAY
        level = level + p.daily_amplitude * daily + p.weekly_amplitude * weekly
        level = (level + p.yearly_amplitude * yearly) * cal.factor(t)
        if p.bursts and p.burst_size:
            level = level + p.burst_size * cal.bursts.covered(t)
        if p.noise > 0:
            level = level + rng.normal(0.0, p.noise, n)
        lo = self.type_range[0] if p.min is None else max(p.min, self.type_range[0])
        hi = self.type_range[1] if p.max is None else min(p.max, self.type_range[1])
        values = np.round(np.clip(level, lo, hi), self.decimals)
        if self.is_int:
            return values.astype(np.int64)
        return values.astype(np.float32) if self.column.type.name == "float4" else values
