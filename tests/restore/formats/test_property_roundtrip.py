"""Property test: adversarial values go through pgmock into a real PostgreSQL unchanged.

Hypothesis draws batches of strings, integers at the type bounds, numerics (up to 40
digits, NaN, infinities), floats (NaN, infinities, -0, subnormals, extremes), dates and
timestamps (BC, years past 9999, infinities) and arrays (NULL elements, two dimensions).
tests/support/passthrough_plugin.py writes exactly those values, so for every example:

1. ``roundtrip()`` generates the dump in every output format, restores each into a fresh
   database of the real server, reads the table back with ``COPY TO STDOUT`` and asserts
   the server holds exactly the rows pgmock wrote;
2. each value of those rows is decoded by tests/support/server_text.py, independently
   of pgmock's code, and compared with the value hypothesis drew: floats bit for bit
   (NaN as NaN), text exactly, numerics by value and scale, dates and timestamps to the
   microsecond, arrays element by element. So the value the user gave is the value the
   database holds.

The examples are bounded (derandomized, a fixed number per run, each a batch of up to 50
rows for every column) so the file stays under a minute. pgmock runs in-process through
click (the real command line, without an interpreter start per format).
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pgmock.cli import cli

import roundtrip
from clihelp import SUPPORT
from pgharness import PgCluster
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

PLUGIN = SUPPORT / "passthrough_plugin.py"
TABLE = "public.adversarial"


# ------------------------------------------------------------------ the columns


@dataclass(frozen=True)
class Column:
    """A column of the test table: type, how values reach the host, the values drawn,
    how to encode one as JSON for the schema, and how to check the server's text of it."""

    type: str
    as_: str
    values: st.SearchStrategy[Any]
    encode: Callable[[Any], Any]
    check: Callable[[str, Any], bool]


def _same(x: Any) -> Any:
    return x


def _text_ok(text: str, value: str) -> bool:
    return text == value


def _int_ok(text: str, value: int) -> bool:
    return int(text) == value


def _decimal_ok(scale: int | None) -> Callable[[str, Decimal], bool]:
    def ok(text: str, value: Decimal) -> bool:
        got = Decimal(text)
        if value.is_nan():
            return got.is_nan()
        if value.is_infinite():
            return got == value
        exponent = -scale if scale is not None else min(0, int(value.as_tuple().exponent))
        return got == value and got.as_tuple().exponent == exponent

    return ok


def _float_encode(v: float) -> str:
    return v.hex()  # "nan", "inf", "-inf" for the specials


def _float8_ok(text: str, value: float) -> bool:
    return same_float(float(text.replace("Infinity", "inf")), value)


def _float4_ok(text: str, value: float) -> bool:
    return same_float(parse_float4(text), value)


def _datetime_ok(unit_us: int) -> Callable[[str, int], bool]:
    def ok(text: str, value: int) -> bool:
        if abs(value) == _INF:  # numpy's far ends are PostgreSQL's infinities
            return text == ("infinity" if value > 0 else "-infinity")
        return pg_datetime_us(text) == value * unit_us

    return ok


def _array_ok(element: Callable[[str, Any], bool]) -> Callable[[str, list[Any]], bool]:
    def same(got: Any, want: Any) -> bool:
        if isinstance(want, list):
            return (
                isinstance(got, list)
                and len(got) == len(want)
                and all(same(g, w) for g, w in zip(got, want))
            )
        if want is None or got is None:
            return got is None and want is None
        return isinstance(got, str) and element(got, want)

    def ok(text: str, value: list[Any]) -> bool:
        return same(parse_array(text), value)

    return ok


# Characters PostgreSQL text can hold: everything but NUL (an error, tested elsewhere) and
# the surrogates (not encodable in UTF-8).
_CHARS = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
# Strings that have broken COPY, SQL literal or array quoting somewhere.
_NASTY = [
    "", " ", "  x  ", "\\", "\\\\", "\\.", "\\N", "NULL", "null", "NuLl", "\t", "\n", "\r",
    "\r\n", "\v\f\b", "'", "''", '"', '\\"', "{", "}", "{a,b}", ",", "a b", "E'\\n'", "$$",
    "é", "e\u0301", "😀", "\U0010fffd", "\u2028", "\ufeff", "\x7f", "\x01", "\xa0",
]  # fmt: skip
TEXT = st.one_of(st.sampled_from(_NASTY), st.text(_CHARS, max_size=30))


def _ints(lo: int, hi: int) -> st.SearchStrategy[int]:
    edges = st.sampled_from([lo, lo + 1, -1, 0, 1, hi - 1, hi])
    return st.one_of(edges, st.integers(lo, hi))


def _nullable(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


_F8_EDGES = [
    0.0, -0.0, math.nan, math.inf, -math.inf, 5e-324, -5e-324, 2.2250738585072009e-308,
    2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308, 0.1, 1e15,
    1e16, 1e-4, 9.999999999999999e-05, 2.0**53, 2.0**53 + 2, 2.0**63, 123456789.123456789,
]  # fmt: skip
_F4_EDGES = [
    0.0, -0.0, math.nan, math.inf, -math.inf, float(np.float32(1e-45)),
    float(np.finfo(np.float32).tiny), float(np.finfo(np.float32).max),
    -float(np.finfo(np.float32).max), float(np.float32(0.1)), float(np.float32(1e6)),
    float(np.float32(1e-4)), 2.0**24, 2.0**24 + 2, float(np.float32(3.4e38)),
]  # fmt: skip

# PostgreSQL's range: dates 4714-11-24 BC .. 5874897-12-31. Timestamps end at 294276-12-31
# in PostgreSQL but earlier in numpy's datetime64[us] (int64 microseconds since 1970), whose
# largest value stands for infinity; one tick less is the last timestamp a generator can give.
_INF = 2**63 - 1
_MAX_US = _INF - 1
_DAY_EDGES = [MIN_DAY, days_from_civil(0, 12, 31), days_from_civil(1, 1, 1), -1, 0, MAX_DAY]
_DAYS = st.one_of(st.sampled_from([*_DAY_EDGES, _INF, -_INF]), st.integers(MIN_DAY, MAX_DAY))
_MICROS = st.one_of(
    st.sampled_from([*(d * DAY_US for d in _DAY_EDGES[:-1]), -1, _MAX_US, _INF, -_INF]),
    st.integers(MIN_DAY * DAY_US, _MAX_US),
)


def _exact(units: int, scale: int) -> Decimal:
    """units * 10**-scale, built from text: Decimal arithmetic would round to 28 digits."""
    return Decimal(f"{units}e-{scale}")


def _decimals(precision: int, scale: int) -> st.SearchStrategy[Decimal]:
    """Values numeric(precision, scale) holds, up to its largest (all nines), and NaN."""
    top = 10**precision - 1
    units = st.one_of(st.sampled_from([-top, -1, 0, 1, top]), st.integers(-top, top))
    nan = st.just(Decimal("NaN"))
    return st.one_of(nan, units.map(lambda u: _exact(u, scale)))


def _free_decimals() -> st.SearchStrategy[Decimal]:
    """Unconstrained numeric: up to 40 digits at any scale 0..30, NaN and (PostgreSQL 14+)
    the infinities."""
    finite = st.builds(_exact, st.integers(-(10**40), 10**40), st.integers(0, 30))
    specials = st.sampled_from([Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
    return st.one_of(specials, finite)


def _matrix(element: st.SearchStrategy[Any]) -> st.SearchStrategy[list[list[Any]]]:
    """Two-dimensional arrays: PostgreSQL needs every sub-array of one length."""
    return st.tuples(st.integers(1, 3), st.integers(1, 3)).flatmap(
        lambda shape: st.lists(
            st.lists(_nullable(element), min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        )
    )


_INT2, _INT4, _INT8 = (-(2**15), 2**15 - 1), (-(2**31), 2**31 - 1), (-(2**63), 2**63 - 1)

COLUMNS: dict[str, Column] = {
    "t": Column("text", "raw", TEXT, _same, _text_ok),
    "vc": Column("varchar(30)", "raw", TEXT, _same, _text_ok),
    "i2": Column("smallint", "raw", _ints(*_INT2), _same, _int_ok),
    "i4": Column("integer", "raw", _ints(*_INT4), _same, _int_ok),
    "i8": Column("bigint", "raw", _ints(*_INT8), _same, _int_ok),
    "n": Column("numeric(12,4)", "decimal", _decimals(12, 4), str, _decimal_ok(4)),
    "nwide": Column("numeric(40,12)", "decimal", _decimals(40, 12), str, _decimal_ok(12)),
    "nfree": Column("numeric", "decimal", _free_decimals(), str, _decimal_ok(None)),
    "f8": Column(
        "double precision",
        "float64",
        st.one_of(st.sampled_from(_F8_EDGES), st.floats()),
        _float_encode,
        _float8_ok,
    ),
    "f4": Column(
        "real",
        "float32",
        st.one_of(st.sampled_from(_F4_EDGES), st.floats(width=32)),
        _float_encode,
        _float4_ok,
    ),
    "d": Column("date", "datetime64[D]", _DAYS, _same, _datetime_ok(DAY_US)),
    "ts": Column("timestamp", "datetime64[us]", _MICROS, _same, _datetime_ok(1)),
    "tstz": Column("timestamptz", "datetime64[us]", _MICROS, _same, _datetime_ok(1)),
    "ta": Column(
        "text[]", "raw", st.lists(_nullable(TEXT), max_size=6), _same, _array_ok(_text_ok)
    ),
    "ia": Column(
        "integer[]",
        "raw",
        st.lists(_nullable(_ints(*_INT4)), max_size=6),
        _same,
        _array_ok(_int_ok),
    ),
    "ta2": Column("text[][]", "raw", _matrix(TEXT), _same, _array_ok(_text_ok)),
    "ia2": Column("bigint[][]", "raw", _matrix(_ints(*_INT8)), _same, _array_ok(_int_ok)),
}


@st.composite
def batches(draw: st.DrawFn) -> dict[str, list[Any]]:
    """One batch: the same number of rows (1..50) for every column, about 1 in 5 NULL."""
    n = draw(st.integers(1, 50))
    return {
        name: draw(
            st.lists(
                st.one_of(st.none(), col.values, col.values, col.values, col.values),
                min_size=n,
                max_size=n,
            )
        )
        for name, col in COLUMNS.items()
    }


def schema_for(batch: dict[str, list[Any]]) -> dict[str, Any]:
    n = len(next(iter(batch.values())))
    columns = {
        name: {
            "type": col.type,
            "generator": "passthrough",
            "params": {
                "as": col.as_,
                "values": [None if v is None else col.encode(v) for v in batch[name]],
            },
        }
        for name, col in COLUMNS.items()
    }
    return {"version": "1.0", "tables": {TABLE: {"rowCount": n, "columns": columns}}}


def pgmock_in_process(*args: str, **_: Any) -> None:
    """roundtrip's ``pgmock(...)`` run by click in this process, with the plugin loaded."""
    result = CliRunner().invoke(cli, ["--plugin", str(PLUGIN), *args])
    if result.exit_code != 0:
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        raise AssertionError(f"pgmock {' '.join(args)} exited {result.exit_code}:\n{result.output}")


# ------------------------------------------------------------------ the property


@settings(
    max_examples=15,
    derandomize=True,  # the same examples on every run: CI stays stable
    database=None,
    deadline=None,
    # No shrinking: an example restores six dumps, so shrinking a failure takes minutes.
    # The failure names the format, column, row and both texts instead.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(batch=batches())
def test_every_value_arrives_unchanged_in_every_format(
    pg: PgCluster, monkeypatch: pytest.MonkeyPatch, batch: dict[str, list[Any]]
) -> None:
    monkeypatch.setattr(roundtrip, "pgmock", pgmock_in_process)
    with tempfile.TemporaryDirectory() as tmp:
        blocks = roundtrip.roundtrip(pg, schema_for(batch), Path(tmp))
    cols, lines = blocks[TABLE]
    names = list(COLUMNS)
    assert cols == ", ".join(names)
    assert len(lines) == len(batch["t"])
    for row, line in enumerate(lines):
        fields = copy_fields(line)
        for name, text in zip(names, fields, strict=True):
            value = batch[name][row]
            if value is None or text is None:
                assert text is None and value is None, f"{name} row {row}: {text!r} != {value!r}"
                continue
            assert COLUMNS[name].check(text, value), (
                f"{name} ({COLUMNS[name].type}) row {row}: drew {value!r}, "
                f"PostgreSQL holds {text!r}"
            )
