"""Time-series generators (core.event_time, core.metric): declared seasonal peaks, business
days and hours, holidays, trend, bursts and noise show up in the data; values depend only
on (seed, column, chunk); event times are monotone within and across chunks.

Tables are generated the way the host does it: fixed chunks of 10,000 rows, each with its
own rng, all sharing one generator instance per column (whose ``column.key`` seeds the
column-level shape).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from pgmock_builtins.timeseries_gen import (
    Bursts,
    EventTimeGenerator,
    EventTimeParams,
    MetricGenerator,
    MetricParams,
    parse_duration,
    us_federal_holidays,
)
from pgmock_sdk import ColumnInfo, GenContext, parse_type

from clihelp import pgmock

CHUNK = 10_000


def column(type_name: str, rows: int, key: int = 99, name: str = "c") -> ColumnInfo:
    return ColumnInfo("public", "t", name, parse_type(type_name), row_count=rows, key=key)


def event_gen(rows: int, key: int = 99, type_name: str = "timestamp", **params: Any) -> Any:
    return EventTimeGenerator(EventTimeParams(**params), column(type_name, rows, key))


def chunk(g: Any, index: int, seed: int = 1, rows: dict[str, Any] | None = None) -> Any:
    total = g.column.row_count
    offset = index * CHUNK
    n = min(CHUNK, total - offset)
    rng = np.random.default_rng([seed, index])
    return g.generate(n, rng, GenContext(g.column, offset, rows or {}))


def table(g: Any, seed: int = 1) -> np.ndarray:
    chunks = -(-g.column.row_count // CHUNK)
    return np.concatenate([chunk(g, i, seed) for i in range(chunks)])


def hours(ts: np.ndarray) -> np.ndarray:
    return ts.astype("M8[h]").astype(np.int64) % 24


def weekdays(ts: np.ndarray) -> np.ndarray:
    return (ts.astype("M8[D]").astype(np.int64) + 3) % 7  # 0 = Monday


def day_counts(ts: np.ndarray) -> dict[dt.date, int]:
    days, counts = np.unique(ts.astype("M8[D]"), return_counts=True)
    return {d.item(): int(c) for d, c in zip(days, counts)}


YEAR_2024 = {"start": "2024-01-01T00:00:00", "end": "2024-12-31T23:59:59"}


# --------------------------------------------------------------------------- event_time


def test_daily_peak_at_declared_hour() -> None:
    ts = table(event_gen(50_000, daily_amplitude=0.9, daily_peak="14:00", **YEAR_2024))
    counts = np.bincount(hours(ts), minlength=24)
    assert int(np.argmax(counts)) in (13, 14)  # the cosine peaks at 14:00 sharp
    assert int(np.argmin(counts)) in (1, 2)  # and bottoms out 12 hours later
    # (1 + 0.9) / (1 - 0.9) = 19 at the extremes; hour bins average it down to about 15.
    assert counts[13] / counts[1] > 8


def test_daily_peak_is_local_time() -> None:
    # Peak at 09:00 local in UTC+05:00 is 04:00 UTC.
    ts = table(event_gen(40_000, daily_amplitude=0.9, daily_peak="09:00", utc_offset="+05:00"))
    assert int(np.argmax(np.bincount(hours(ts), minlength=24))) in (3, 4)


def test_weekly_and_yearly_peaks() -> None:
    ts = table(event_gen(60_000, weekly_amplitude=0.8, weekly_peak="friday", **YEAR_2024))
    per_day = np.bincount(weekdays(ts), minlength=7)
    assert int(np.argmax(per_day)) == 4
    assert int(np.argmin(per_day)) in (0, 1)  # opposite Friday noon is Monday night
    ts = table(event_gen(60_000, yearly_amplitude=0.8, yearly_peak="07-01", **YEAR_2024))
    months = ts.astype("M8[M]").astype(np.int64) % 12  # 0 = January
    per_month = np.bincount(months, minlength=12)
    assert int(np.argmax(per_month)) in (5, 6)
    assert int(np.argmin(per_month)) in (0, 11)


def test_business_days_make_weekends_quieter() -> None:
    ts = table(event_gen(50_000, business_days=True, weekend_factor=0.2, **YEAR_2024))
    wd = weekdays(ts)
    weekday_rate = np.mean(wd < 5) / 5
    weekend_rate = np.mean(wd >= 5) / 2
    assert weekend_rate / weekday_rate == pytest.approx(0.2, abs=0.02)


def test_business_hours() -> None:
    ts = table(event_gen(50_000, business_hours="09:00-17:00", off_hours_factor=0.1))
    inside = np.mean((hours(ts) >= 9) & (hours(ts) < 17))
    assert inside == pytest.approx(8 / (8 + 16 * 0.1), abs=0.01)
    # A window across midnight.
    ts = table(event_gen(30_000, business_hours="22:00-02:00", off_hours_factor=0.0))
    assert set(np.unique(hours(ts)).tolist()) == {22, 23, 0, 1}


def test_listed_holidays_are_quieter() -> None:
    holidays = ["2024-03-12", "2024-05-02", "2024-08-20", "2024-10-09"]
    ts = table(event_gen(60_000, holidays=holidays, holiday_factor=0.1, **YEAR_2024))
    counts = day_counts(ts)
    normal = np.mean([c for d, c in counts.items() if d.isoformat() not in holidays])
    for h in holidays:
        assert counts.get(dt.date.fromisoformat(h), 0) < 0.3 * normal


def test_us_holidays_by_rule() -> None:
    days = set(us_federal_holidays(2024, 2024))
    expected = {
        "2024-01-01",
        "2024-01-15",  # MLK Day, third Monday of January
        "2024-02-19",  # Washington's Birthday, third Monday of February
        "2024-05-27",  # Memorial Day, last Monday of May
        "2024-06-19",
        "2024-07-04",
        "2024-09-02",  # Labor Day, first Monday of September
        "2024-10-14",  # Columbus Day, second Monday of October
        "2024-11-11",
        "2024-11-28",  # Thanksgiving, fourth Thursday of November
        "2024-12-25",
    }
    assert {d.isoformat() for d in days} == expected
    # Observed days: July 4, 2021 was a Sunday (Monday off); Dec 25, 2021 a Saturday
    # (Friday off); Jan 1, 2022 a Saturday, observed on Friday Dec 31, 2021.
    days = {d.isoformat() for d in us_federal_holidays(2021, 2022)}
    assert {"2021-07-05", "2021-12-24", "2021-12-31", "2022-12-26"} <= days
    assert "2020-06-19" not in {d.isoformat() for d in us_federal_holidays(2020, 2020)}


def test_us_holidays_in_events() -> None:
    ts = table(event_gen(60_000, us_holidays=True, holiday_factor=0.1, **YEAR_2024))
    counts = day_counts(ts)
    normal = np.median(list(counts.values()))
    for d in ("2024-07-04", "2024-11-28", "2024-12-25"):
        assert counts.get(dt.date.fromisoformat(d), 0) < 0.3 * normal


def test_trend() -> None:
    ts = table(event_gen(40_000, trend=1.0, **YEAR_2024))
    mid = np.datetime64("2024-07-01T12:00:00")
    # rate 1 + s over s in [0, 1]: the second half holds 0.875 / 1.5 of the events.
    assert np.mean(ts >= mid) == pytest.approx(0.875 / 1.5, abs=0.01)


def test_bursts() -> None:
    g = event_gen(30_000, bursts=1, burst_duration="6 hours", burst_factor=30,
                  start="2024-04-01", end="2024-04-30T23:59:59")  # fmt: skip
    ts = table(g)
    per_hour = np.unique(ts.astype("M8[h]"), return_counts=True)[1]
    # 30 days * 24 h, ~ 5 % of them hold a 30x rate: the busiest hours stand out.
    assert per_hour.max() > 15 * np.median(per_hour)
    window = g.intensity()  # the burst is placed once per column, from column.key
    assert window.rate.max() == pytest.approx(30.0)
    other = event_gen(30_000, key=100, bursts=1, burst_duration="6 hours", burst_factor=30,
                      start="2024-04-01", end="2024-04-30T23:59:59")  # fmt: skip
    assert np.argmax(other.intensity().rate) != np.argmax(window.rate)


def test_noise_adds_hour_to_hour_variation() -> None:
    def dispersion(noise: float) -> float:
        ts = table(event_gen(60_000, noise=noise, start="2024-01-01", end="2024-03-31"))
        per_hour = np.unique(ts.astype("M8[h]"), return_counts=True)[1]
        return float(per_hour.var() / per_hour.mean())

    # Poisson counts have variance = mean; a log-normal rate with sigma 0.5 multiplies the
    # variance by about 1 + mean * (e**0.25 - 1), here (~28 per hour) more than 8x.
    assert dispersion(0.0) < 1.5
    assert dispersion(0.5) > 4


def test_bursts_coverage() -> None:
    b = Bursts(np.array([10.0, 30.0]), np.array([20.0, 35.0]))
    lo = np.array([0.0, 15.0, 25.0, 32.0])
    hi = np.array([10.0, 25.0, 30.0, 40.0])
    np.testing.assert_allclose(b.coverage(lo, hi), [0.0, 0.5, 0.0, 3 / 8])
    np.testing.assert_array_equal(b.covered(np.array([9.0, 10.0, 19.9, 20.0, 34.0])),
                                  [False, True, True, False, True])  # fmt: skip
    merged = Bursts.place(200, 3600.0, 0.0, 5 * 3600.0, key=1)  # heavy overlap
    assert np.all(merged.starts[1:] > merged.ends[:-1])


# --------------------------------------------------------------------------- chunks


def test_monotone_within_and_across_chunks() -> None:
    for arrivals in ("poisson", "even"):
        g = event_gen(25_000, daily_amplitude=0.9, business_days=True, us_holidays=True,
                      bursts=3, noise=0.3, arrivals=arrivals, **YEAR_2024)  # fmt: skip
        ts = table(g)
        assert len(ts) == 25_000
        assert np.all(np.diff(ts.astype(np.int64)) >= 0), arrivals
        assert ts[0] >= np.datetime64("2024-01-01T00:00:00")
        assert ts[-1] <= np.datetime64("2024-12-31T23:59:59")


def test_values_depend_only_on_seed_column_and_chunk() -> None:
    params = dict(daily_amplitude=0.7, bursts=2, noise=0.2, **YEAR_2024)
    g = event_gen(25_000, **params)
    second = chunk(g, 1)
    np.testing.assert_array_equal(second, chunk(g, 1))  # the same chunk twice
    # A fresh instance that generates only chunk 1 (as a worker process would).
    np.testing.assert_array_equal(second, chunk(event_gen(25_000, **params), 1))
    # Generating in another order changes nothing.
    fresh = event_gen(25_000, **params)
    backwards = [chunk(fresh, i) for i in (2, 1, 0)][::-1]
    np.testing.assert_array_equal(np.concatenate(backwards), table(g))
    # Another seed moves the rows, but each chunk keeps its slice of the events.
    other = chunk(g, 1, seed=2)
    assert not np.array_equal(other, second)
    assert chunk(g, 0)[-1] <= other[0] and other[-1] <= chunk(g, 2)[0]


def test_even_arrivals_keep_each_row_in_its_slice() -> None:
    g = event_gen(20_000, arrivals="even", resolution="us", daily_amplitude=0.5)
    ts = table(g)
    lam = g.intensity()
    seconds = (ts - np.datetime64("2024-01-01T00:00:00")).astype("m8[us]").astype(np.int64) / 1e6
    share = np.interp(seconds, lam.edges, lam.cum) / lam.cum[-1]
    i = np.arange(20_000)
    assert np.all(share >= i / 20_000 - 1e-6)
    assert np.all(share <= (i + 1) / 20_000 + 1e-6)


def test_gaps_poisson_versus_even() -> None:
    def cv(arrivals: str) -> float:
        g = event_gen(20_000, arrivals=arrivals, resolution="us", **YEAR_2024)
        gaps = np.diff(table(g).astype(np.int64)).astype(np.float64)
        return float(gaps.std() / gaps.mean())

    assert cv("poisson") == pytest.approx(1.0, abs=0.05)  # exponential gaps
    assert cv("even") == pytest.approx((1 / 6) ** 0.5, abs=0.05)  # triangular gaps


def test_resolution_follows_column_precision() -> None:
    g = EventTimeGenerator(EventTimeParams(resolution="us"), column("timestamp(0)", 100))
    assert chunk(g, 0).dtype == np.dtype("M8[s]")
    g = EventTimeGenerator(EventTimeParams(resolution="us"), column("timestamptz", 100))
    values = chunk(g, 0)
    assert values.dtype == np.dtype("M8[us]") and np.any(values.astype(np.int64) % 1_000_000)


def test_zero_rate_everywhere_is_a_clear_error() -> None:
    g = event_gen(100, business_hours="09:00-17:00", off_hours_factor=0,
                  start="2024-01-01T18:00:00", end="2024-01-01T23:00:00")  # fmt: skip
    with pytest.raises(ValueError, match=r"t\.c: the event rate is zero"):
        chunk(g, 0)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2024-02-01", "end": "2024-01-01"}, "must be before end"),
        ({"start": "yesterday"}, "cannot read timestamp"),
        ({"utc_offset": "+5"}, "cannot read UTC offset"),
        ({"weekly_peak": "caturday"}, "cannot read weekday"),
        ({"yearly_peak": "13-01"}, "cannot read month and day"),
        ({"daily_peak": "25:00"}, "cannot read time"),
        ({"business_hours": "9-17"}, "cannot read time"),
        ({"business_hours": "09:00"}, "HH:MM-HH:MM"),
        ({"holidays": ["2024-13-01"]}, "cannot read date"),
        ({"daily_amplitude": 1.5}, "less than or equal to 1"),
        ({"trend": -2}, "greater than or equal to -1"),
        ({"burst_duration": "soon"}, "cannot read duration"),
        ({"burst_duration": 0}, "must be positive"),
        ({"weekend_factor": -1}, "greater than or equal to 0"),
        ({"arrivals": "bursty"}, "poisson"),
        ({"rate": 3}, "Extra inputs"),
    ],
)
def test_event_params_reject(params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        EventTimeParams(**params)


def test_parse_duration() -> None:
    assert parse_duration(90) == 90
    assert parse_duration("15 minutes") == 900
    assert parse_duration("2 hours") == 7200
    assert parse_duration("1.5 h") == 5400
    assert parse_duration("1 day") == 86_400
    assert parse_duration("01:30:00") == 5400
    assert parse_duration("2 weeks") == 14 * 86_400


# --------------------------------------------------------------------------- metric


def metric(type_name: str = "float8", rows: int = 1000, **params: Any) -> MetricGenerator:
    return MetricGenerator(MetricParams(**params), column(type_name, rows))


def test_metric_follows_the_formula_on_an_hourly_axis() -> None:
    g = metric(rows=24 * 14, base=50, daily_amplitude=10, daily_peak="14:00", noise=0,
               step="1 hour", start="2024-01-01")  # fmt: skip
    v = chunk(g, 0)
    t = np.arange(len(v))
    np.testing.assert_allclose(v, 50 + 10 * np.cos(2 * np.pi * (t - 14) / 24), atol=0.005)
    assert v[14] == 60.0 and v[2] == 40.0


def test_metric_trend_and_weekends() -> None:
    g = metric(rows=28, base=100, trend=2, daily_amplitude=0, noise=0, step="1 day",
               start="2024-01-01")  # fmt: skip
    np.testing.assert_allclose(chunk(g, 0), 100 + 2 * np.arange(28))
    g = metric(rows=28, base=100, daily_amplitude=0, noise=0, step="1 day", start="2024-01-01",
               business_days=True, weekend_factor=0.5)  # fmt: skip
    v = chunk(g, 0)
    weekday = (np.arange(28)) % 7  # 2024-01-01 was a Monday
    np.testing.assert_allclose(v, np.where(weekday >= 5, 50.0, 100.0))


def test_metric_holidays_and_bursts() -> None:
    g = metric(rows=366, base=10, daily_amplitude=0, noise=0, step="1 day", us_holidays=True,
               holiday_factor=0, start="2024-01-01")  # fmt: skip
    v = chunk(g, 0)
    days = np.datetime64("2024-01-01") + np.arange(366)
    zero = {str(d) for d in days[v == 0]}
    assert zero == {d.isoformat() for d in us_federal_holidays(2024, 2024)}
    g = metric(rows=24 * 60, base=0, daily_amplitude=0, noise=0, step="1 hour", bursts=3,
               burst_duration="5 hours", burst_size=100, start="2024-01-01",
               end="2024-03-01")  # fmt: skip
    v = chunk(g, 0)
    assert set(np.unique(v).tolist()) == {0.0, 100.0}
    assert 5 <= np.sum(v == 100) <= 15  # three 5-hour windows (hourly samples; may overlap)


def test_metric_noise_and_rounding() -> None:
    g = metric("numeric(6,1)", rows=5000, base=20, daily_amplitude=0, noise=3)
    v = chunk(g, 0)
    assert v.std() == pytest.approx(3.0, rel=0.05)
    assert np.allclose(v * 10, np.round(v * 10))
    g = metric("int2", rows=5000, base=40_000, daily_amplitude=0, noise=0)
    v = chunk(g, 0)
    assert v.dtype == np.int64 and v.max() == 32_767  # clipped to the type
    g = metric("int4", rows=5000, base=5, noise=10, min=0, max=8)
    v = chunk(g, 0)
    assert v.min() == 0 and v.max() == 8


def test_metric_at_times_of_another_column() -> None:
    events = event_gen(20_000, daily_amplitude=0.8, **YEAR_2024)
    g = MetricGenerator(
        MetricParams(time_column="at", base=100, daily_amplitude=30, noise=1, **YEAR_2024),
        column("float8", 20_000, key=5, name="load"),
    )
    ts = chunk(events, 0)
    v = chunk(g, 0, rows={"at": ts})
    h = hours(ts)
    assert v[(h >= 13) & (h < 15)].mean() > 125
    assert v[(h >= 1) & (h < 3)].mean() < 75
    # Dates work too (midnight of each day: 12 hours from the 14:00 peak, minus 2).
    days = ts.astype("M8[D]")
    v = chunk(g, 0, rows={"at": days})
    assert abs(v.mean() - (100 + 30 * np.cos(2 * np.pi * 10 / 24))) < 0.5


def test_metric_time_column_must_come_first() -> None:
    g = metric(time_column="created_at")
    with pytest.raises(ValueError, match="declare it earlier in the table"):
        chunk(g, 0)
    with pytest.raises(ValueError, match="does not hold dates"):
        chunk(g, 0, rows={"created_at": np.array(["soon"] * 1000, dtype=object)})
    with pytest.raises(ValidationError, match="time_column or step"):
        MetricParams(time_column="a", step=60)
    with pytest.raises(ValidationError, match=r"min .* must not be greater"):
        MetricParams(min=2, max=1)


def test_metric_chunks_are_deterministic() -> None:
    g = metric(rows=25_000, noise=2, bursts=3, burst_size=40)
    np.testing.assert_array_equal(chunk(g, 2), chunk(g, 2))
    fresh = metric(rows=25_000, noise=2, bursts=3, burst_size=40)
    np.testing.assert_array_equal(chunk(fresh, 2), chunk(g, 2))
    assert not np.array_equal(chunk(g, 2, seed=1), chunk(g, 2, seed=2))


def test_bad_params_are_schema_errors(tmp_path: Any) -> None:
    import json

    schema = {
        "version": "1.0",
        "tables": {
            "events": {
                "rowCount": 10,
                "columns": {
                    "at": {
                        "type": "timestamptz",
                        "generator": "event_time",
                        "params": {"daily_amplitude": 2, "weekly_peak": "someday"},
                    },
                    "load": {"type": "text", "generator": "metric"},
                },
            }
        },
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(schema))
    proc = pgmock("validate", str(path), check=False)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "tables.events.columns.at.params.daily_amplitude" in err
    assert "cannot read weekday 'someday'" in err
    assert "core.metric cannot fill type text" in err
