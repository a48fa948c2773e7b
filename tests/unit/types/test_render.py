"""The column renderer: golden PostgreSQL text and error cases (the round trip through a
real PostgreSQL is in tests/restore/types/test_render.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from pgmock.render.values import RenderError, render_values
from pgmock_sdk import PgType, UserType, parse_type


def r(values: Any, type_name: str) -> list[str | None]:
    return render_values(values, parse_type(type_name), "t.c")


# --------------------------------------------------------------------------- integers


def test_ints() -> None:
    assert r(np.array([0, 1, -5, 10, 99, 100, -100, 123456789]), "int4") == [
        "0",
        "1",
        "-5",
        "10",
        "99",
        "100",
        "-100",
        "123456789",
    ]
    assert r(np.array([-(2**63), 2**63 - 1]), "int8") == [
        "-9223372036854775808",
        "9223372036854775807",
    ]
    assert r(np.array([5], dtype=np.uint8), "int2") == ["5"]
    assert r([1, 2, 3], "int4") == ["1", "2", "3"]
    assert r(np.array([True, False]), "int4") == ["1", "0"]
    assert r(np.array([], dtype=np.int64), "int4") == []


def test_ints_random_match_str() -> None:
    rng = np.random.default_rng(5)
    for hi in (10, 1000, 10**9, 2**62):
        x = rng.integers(-hi, hi, 5000)
        assert r(x, "int8") == [str(v) for v in x.tolist()]


def test_int_overflow_names_column() -> None:
    with pytest.raises(RenderError, match=r"t\.c: value 40000 is out of range for type int2"):
        r(np.array([1, 40000]), "int2")
    with pytest.raises(RenderError, match="out of range"):
        r(np.array([2**31]), "int4")


def test_floats_into_int_columns_round() -> None:
    assert r(np.array([1.0, 2.5, -3.7]), "int4") == ["1", "2", "-4"]
    with pytest.raises(RenderError, match="NaN"):
        r(np.array([np.nan]), "int8")


# --------------------------------------------------------------------------- floats


def test_float8_shortest_like_postgres() -> None:
    values = [
        0.1,
        1e16,
        1e15,
        1e20,
        100.0,
        1.5,
        -0.0,
        0.0,
        1e-5,
        0.0001,
        123.456,
        1 / 3,
        2.0**0.5 * 1e20,
        5e-324,
        1.7976931348623157e308,
        -2.5,
        999999999999999.9,
        123456789012345.6,
        0.30000000000000004,
    ]
    assert r(np.array(values), "float8") == [
        "0.1",
        "1e+16",
        "1e+15",
        "1e+20",
        "100",
        "1.5",
        "-0",
        "0",
        "1e-05",
        "0.0001",
        "123.456",
        "0.3333333333333333",
        "1.4142135623730951e+20",
        "5e-324",
        "1.7976931348623157e+308",
        "-2.5",
        "999999999999999.9",
        "123456789012345.6",
        "0.30000000000000004",
    ]


def test_ties_are_not_accepted_like_postgres_ryu() -> None:
    # PostgreSQL prints the shortest decimal strictly inside the rounding interval:
    # SELECT '-657540000'::float4 → -6.5753997e+08; SELECT 1e23::float8 → 9.999999999999999e+22
    assert r(np.array([-657540000], dtype=np.float32), "float4") == ["-6.5753997e+08"]
    assert r(np.array([1e23, 1e22]), "float8") == ["9.999999999999999e+22", "1e+22"]


def test_float_specials() -> None:
    assert r(np.array([np.nan, np.inf, -np.inf]), "float8") == ["NaN", "Infinity", "-Infinity"]
    assert r(np.array([np.nan, np.inf], dtype=np.float32), "float4") == ["NaN", "Infinity"]


def test_float4_shortest_like_postgres() -> None:
    values = np.array(
        [0.1, 1e6, 123456, 100.0, 1.5, 1e-5, 1 / 3, 3.4028235e38, 999999.0, 1234567.0, 0.3],
        dtype=np.float32,
    )
    assert r(values, "float4") == [
        "0.1",
        "1e+06",
        "123456",
        "100",
        "1.5",
        "1e-05",
        "0.33333334",
        "3.4028235e+38",
        "999999",
        "1.234567e+06",
        "0.3",
    ]


def test_float_random_round_trip() -> None:
    rng = np.random.default_rng(7)
    x = np.concatenate(
        [
            rng.random(3000) * 1000,
            np.round(rng.random(3000) * 1000, 3),
            rng.standard_normal(2000) * 1e-3,
        ]
    )
    out = r(x, "float8")
    assert [float(s) for s in out] == x.tolist()
    # fixed notation in [1e-4, 1e15), no trailing ".0"
    assert not any(s.endswith(".0") for s in out)
    x32 = (rng.random(3000) * 1000).astype(np.float32)
    out32 = r(x32, "float4")
    assert (np.array([float(s) for s in out32], dtype=np.float32) == x32).all()
    assert out32 == [_np_shortest32(v) for v in x32]


def _np_shortest32(v: np.float32) -> str:
    text = np.format_float_positional(v, unique=True, trim="-")
    return text


def test_ints_into_float_columns() -> None:
    assert r(np.array([5, 10**15]), "float8") == ["5", "1e+15"]


# --------------------------------------------------------------------------- numeric, money


def test_numeric_fixed_scale() -> None:
    assert r(np.array([1.005, -2.5, 0.0, 999.994, 12.3, -0.001]), "numeric(10,2)") == [
        "1.01",
        "-2.50",
        "0.00",
        "999.99",
        "12.30",
        "0.00",
    ]
    assert r(np.array([1.0005, 2.5]), "numeric(10,3)") == ["1.001", "2.500"]
    assert r(np.array([0.5, 1.5, -0.5, 2.4]), "numeric(5)") == ["1", "2", "-1", "2"]
    assert r(np.array([1, -2, 0]), "numeric(5,1)") == ["1.0", "-2.0", "0.0"]
    assert r(np.array([123.456]), "numeric(9,5)") == ["123.45600"]


def test_numeric_precision_overflow_is_an_error() -> None:
    with pytest.raises(RenderError, match=r"t\.c: value 1000\.0 overflows numeric\(5,2\)"):
        r(np.array([1.0, 1000.0]), "numeric(5,2)")
    with pytest.raises(RenderError, match="overflows"):
        r(np.array([999.995]), "numeric(5,2)")  # rounds to 1000.00
    assert r(np.array([999.994]), "numeric(5,2)") == ["999.99"]
    with pytest.raises(RenderError, match="overflows"):
        r(np.array([100]), "numeric(3,1)")
    with pytest.raises(RenderError, match="infinity"):
        r(np.array([np.inf]), "numeric(5,2)")
    assert r(np.array([np.nan, 1.0]), "numeric(5,2)") == ["NaN", "1.00"]


def test_numeric_unconstrained() -> None:
    assert r(np.array([1.25, 1e20, 0.1, 100.0]), "numeric") == [
        "1.25",
        "100000000000000000000",
        "0.1",
        "100",
    ]
    assert r(np.array([7, -8]), "numeric") == ["7", "-8"]


def test_money_as_cash_out_prints_it() -> None:
    # lc_monetary C / en_US, what pg_dump would dump (docs/output.md,
    # tests/restore/types/test_types_values.py)
    assert r(np.array([1234.5, -3.0, 0.005]), "money") == ["$1,234.50", "-$3.00", "$0.01"]
    assert r(np.array([12]), "money") == ["$12.00"]


# --------------------------------------------------------------------------- bool


def test_bool() -> None:
    assert r(np.array([True, False, True]), "bool") == ["t", "f", "t"]
    assert r([True, False], "bool") == ["t", "f"]
    assert r(np.array([1, 0]), "bool") == ["t", "f"]


# --------------------------------------------------------------------------- date/time


def test_dates() -> None:
    days = np.array(
        [
            "2024-02-29",
            "1900-03-01",
            "1970-01-01",
            "1969-12-31",
            "0001-01-01",
            "9999-12-31",
            "2000-02-29",
            "NaT",
        ],
        dtype="M8[D]",
    )
    assert r(days, "date") == [
        "2024-02-29",
        "1900-03-01",
        "1970-01-01",
        "1969-12-31",
        "0001-01-01",
        "9999-12-31",
        "2000-02-29",
        None,
    ]
    assert r(np.array(["12345-01-01"], dtype="M8[D]"), "date") == ["12345-01-01"]
    assert r(np.array(["2024-01-02T23:59:59"], dtype="M8[s]"), "date") == ["2024-01-02"]


def test_dates_random_match_isoformat() -> None:
    rng = np.random.default_rng(3)
    days = rng.integers(-719_162, 2_932_896, 5000)
    expected = [(dt.date(1970, 1, 1) + dt.timedelta(days=int(d))).isoformat() for d in days]
    assert r(days.astype("M8[D]"), "date") == expected


def test_bc_dates() -> None:
    assert r(np.array(["0000-12-31"], dtype="M8[D]"), "date") == ["0001-12-31 BC"]
    with pytest.raises(RenderError, match="before 4714-11-24 BC"):
        r(np.array(["-4713-11-23"], dtype="M8[D]"), "date")


def test_timestamps() -> None:
    ts = np.array(
        [
            "2024-01-02T03:04:05.5",
            "1970-01-01",
            "1969-12-31T23:59:59.000001",
            "2024-01-02T03:04:05.120300",
            "9999-12-31T23:59:59.999999",
            "NaT",
        ],
        dtype="M8[us]",
    )
    assert r(ts, "timestamptz") == [
        "2024-01-02 03:04:05.5+00",
        "1970-01-01 00:00:00+00",
        "1969-12-31 23:59:59.000001+00",
        "2024-01-02 03:04:05.1203+00",
        "9999-12-31 23:59:59.999999+00",
        None,
    ]
    assert r(ts[:2], "timestamp") == ["2024-01-02 03:04:05.5", "1970-01-01 00:00:00"]
    assert r(np.array(["2024-01-02"], dtype="M8[D]"), "timestamp") == ["2024-01-02 00:00:00"]


def test_timestamp_precision_rounds_half_away() -> None:
    ts = np.array(["2024-01-02T03:04:05.5", "2024-01-02T03:04:05.4999"], dtype="M8[us]")
    assert r(ts, "timestamp(0)") == ["2024-01-02 03:04:06", "2024-01-02 03:04:05"]
    assert r(ts, "timestamp(2)") == ["2024-01-02 03:04:05.5", "2024-01-02 03:04:05.5"]


def test_timestamps_random_match_python() -> None:
    rng = np.random.default_rng(4)
    us = rng.integers(-(10**16), 10**16, 3000)
    out = r(us.astype("M8[us]"), "timestamp")
    epoch = dt.datetime(1970, 1, 1)
    expected = []
    for v in us.tolist():
        text = (epoch + dt.timedelta(microseconds=v)).isoformat(sep=" ")
        expected.append(text.rstrip("0") if "." in text else text)
    assert out == expected


def test_times() -> None:
    us = np.array([0, 3_600_000_005, 86_400_000_000, 45_296_000_000], dtype="m8[us]")
    assert r(us, "time") == ["00:00:00", "01:00:00.000005", "24:00:00", "12:34:56"]
    assert r(us[:1], "timetz") == ["00:00:00+00"]
    with pytest.raises(RenderError, match="time of day"):
        r(np.array([86_400_000_001], dtype="m8[us]"), "time")


def test_intervals() -> None:
    hour = 3_600_000_000
    day = 24 * hour
    us = np.array(
        [
            0,
            3 * day + 4 * hour + 5 * 60_000_000 + 6_000_000,
            day,
            -27 * hour,
            -2 * hour,
            2 * day,
            1,
            400 * day + 500_000,
        ],
        dtype="m8[us]",
    )
    assert r(us, "interval") == [
        "00:00:00",
        "3 days 04:05:06",
        "1 day",
        "-1 days -03:00:00",
        "-02:00:00",
        "2 days",
        "00:00:00.000001",
        "400 days 00:00:00.5",
    ]


# --------------------------------------------------------------------------- text


def test_strings_pass_through_and_null() -> None:
    assert r(["a", None, "b\tc"], "text") == ["a", None, "b\tc"]
    assert r(np.array(["x", "y"]), "text") == ["x", "y"]
    assert r(np.array(["x", None], dtype=object), "text") == ["x", None]


def test_varchar_limit_and_char_padding() -> None:
    assert r(["abc", "ab"], "varchar(3)") == ["abc", "ab"]
    with pytest.raises(RenderError, match=r"t\.c: value too long for type character varying\(3\)"):
        r(["abcd"], "varchar(3)")
    assert r(["ab", None, "c"], "char(3)") == ["ab ", None, "c  "]
    with pytest.raises(RenderError, match="too long"):
        r(["abcd"], "char(3)")


@pytest.mark.parametrize("distinct", [3, 5000])
def test_char_padding_of_few_and_many_distinct_values(distinct: int) -> None:
    # few distinct values are padded once each and shared; many, one by one: same text
    values: list[str | None] = [f"v{i % distinct}" for i in range(10_000)]
    assert r(values, "char(6)") == [v.ljust(6) for v in values if v is not None]
    values[::7] = [None] * len(values[::7])
    expected = [None if v is None else v.ljust(6) for v in values]
    assert r(values, "char(6)") == expected


def test_numbers_into_text_columns() -> None:
    assert r(np.array([1, 2]), "text") == ["1", "2"]
    assert r(np.array([True]), "text") == ["true"]
    assert r(np.array([0.5]), "text") == ["0.5"]


def test_enum_labels_pass_through() -> None:
    user = UserType("public", "mood", "enum", ("sad", "ok"))
    assert render_values(["ok", "sad"], PgType("mood", user=user), "t.c") == ["ok", "sad"]


# --------------------------------------------------------------------------- arrays


def test_array_literals() -> None:
    assert r([[1, 2], None, [], [None, 3]], "int4[]") == ["{1,2}", None, "{}", "{NULL,3}"]
    assert r(
        [
            ["a", "x y", ""],
            ["null", "NULL", None, 'q"uote', "b\\s", "nULl", "nulls"],
            ["{}", "a,b", "tab\there"],
            ["é ü", "日本"],
        ],
        "text[]",
    ) == [
        '{a,"x y",""}',
        '{"null","NULL",NULL,"q\\"uote","b\\\\s","nULl",nulls}',
        '{"{}","a,b","tab\there"}',
        '{"é ü",日本}',
    ]
    assert r([np.array([1.5, 2.0])], "float8[]") == ["{1.5,2}"]
    assert r(np.array([[1, 2], [3, 4]]), "int8[]") == ["{1,2}", "{3,4}"]
    assert r([[[1, 2], [3, 4]]], "int4[][]") == ["{{1,2},{3,4}}"]
    ts = [list(np.array(["2024-01-02T03:04:05"], dtype="M8[s]"))]
    assert r(ts, "timestamp[]") == ['{"2024-01-02 03:04:05"}']
    assert r([[True, False]], "bool[]") == ["{t,f}"]


# --------------------------------------------------------------------------- slow path


def test_python_objects_slow_path() -> None:
    assert r([b"\x00\xff\x10", b""], "bytea") == ["\\x00ff10", "\\x"]
    assert r([dt.datetime(2024, 1, 2, 3, 4, 5, 500000)], "timestamp") == ["2024-01-02 03:04:05.5"]
    aware = dt.datetime(2024, 1, 2, 5, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert r([aware], "timestamptz") == ["2024-01-02 03:04:05+00"]
    assert r([dt.date(2020, 1, 1)], "date") == ["2020-01-01"]
    assert r([dt.time(3, 4, 5, 120000)], "time") == ["03:04:05.12"]
    assert r([dt.timedelta(days=1, hours=2)], "interval") == ["1 day 02:00:00"]
    assert r([Decimal("1.005"), 3, 2.5], "numeric(5,2)") == ["1.01", "3.00", "2.50"]
    assert r([uuid.UUID(int=1)], "uuid") == ["00000000-0000-0000-0000-000000000001"]
    assert r([10**30, None], "numeric") == ["1" + "0" * 30, None]


def test_jsonb_normalized_like_postgres() -> None:
    # PostgreSQL: '{"b": 1, "aa": [1, 2.5, null, true], "a": {"z": "é"}}'::jsonb::text
    value = {"b": 1, "aa": [1, 2.5, None, True], "a": {"z": "é"}}
    assert r([value, None, [1, 2]], "jsonb") == [
        '{"a": {"z": "é"}, "b": 1, "aa": [1, 2.5, null, true]}',
        None,
        "[1, 2]",
    ]
    assert r([{"x": 1e20, "s": 'q"\n'}], "jsonb") == [
        '{"s": "q\\"\\n", "x": 100000000000000000000}'
    ]
    assert r([{"b": 1, "a": 2}], "json") == ['{"b": 1, "a": 2}']
    # jsonb numbers are numeric, which has no negative zero: '[-0.0, -0.00]'::jsonb
    assert r([[-0.0, Decimal("-0.00")]], "jsonb") == ["[0.0, 0.00]"]
