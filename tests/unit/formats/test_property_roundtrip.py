"""The decoders of PostgreSQL's text (tests/support/server_text.py) that the property test
in tests/restore/formats/test_property_roundtrip.py relies on."""

from __future__ import annotations

import datetime as dt

import numpy as np

from server_text import (
    DAY_US,
    MAX_DAY,
    MIN_DAY,
    copy_fields,
    days_from_civil,
    parse_array,
    parse_float4,
    pg_datetime_us,
    same_float,
)


def test_decoders_read_postgresql_text() -> None:
    assert copy_fields("a\\tb\t\\N\t\\\\.") == ["a\tb", None, "\\."]
    assert parse_array('{{1,NULL},{"NULL","a\\"b"}}') == [["1", None], ["NULL", 'a"b']]
    assert parse_array("{}") == []
    assert pg_datetime_us("1970-01-02") == 86_400_000_000
    assert pg_datetime_us("0001-01-01 00:00:00.5+00") == days_from_civil(1, 1, 1) * DAY_US + 500_000
    assert pg_datetime_us("0001-12-31 BC") == days_from_civil(0, 12, 31) * DAY_US
    assert pg_datetime_us("4714-11-24 00:00:00+00 BC") == MIN_DAY * DAY_US
    assert pg_datetime_us("5874897-12-31") == MAX_DAY * DAY_US
    assert days_from_civil(2000, 3, 1) == (dt.date(2000, 3, 1) - dt.date(1970, 1, 1)).days
    assert same_float(parse_float4("1e-45"), float(np.float32(1e-45)))
    assert same_float(parse_float4("-0"), -0.0)
    assert not same_float(0.0, -0.0)
    assert same_float(float("nan"), float("nan"))
