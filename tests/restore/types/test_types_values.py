"""Special values and typmods: what pgmock writes is what PostgreSQL stores.

Two kinds of checks. The renderer's rules (numeric(p,s) rounding and negative scale,
money text, timestamp/time/interval precision, interval field restrictions, BC dates) are
compared with the real server applying the same type to the unrestricted value, so a
rule that differs from PostgreSQL's fails here even though a round trip of an already
rounded value would pass. Then generators asked for NaN, infinities, BC dates, interval
fields, char(n), name and citext go through every output format and a real restore.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pgmock.render.values import RenderError, render_values
from pgmock_sdk import parse_type
from pgmock_sdk.sqlnames import quote_literal

from pgharness import PgCluster
from roundtrip import roundtrip
from sample_schemas import column_spec
from values_plugin import PLUGIN_PATH

US = 1_000_000
DAY_US = 86_400 * US


def r(values: Any, spelling: str) -> list[str | None]:
    return render_values(values, parse_type(spelling), "t.c")


def server_cast(pg: PgCluster, db: str, texts: list[str | None], spelling: str) -> list[str]:
    """PostgreSQL's text of each input text cast to ``spelling`` (TimeZone UTC)."""
    lits = ",".join("NULL" if t is None else quote_literal(t) for t in texts)
    rows = pg.query(
        f"SELECT v::{spelling} FROM unnest(ARRAY[{lits}]::text[]) "
        "WITH ORDINALITY AS u(v, i) ORDER BY i",
        db,
    )
    return [row[0] for row in rows]  # type: ignore[misc]


def assert_server_agrees(
    pg: PgCluster, db: str, values: Any, spelling: str, unrestricted: str
) -> None:
    """Our text for ``spelling`` equals the server's cast of the unrestricted text."""
    ours = r(values, spelling)
    raw = r(values, unrestricted)
    theirs = server_cast(pg, db, raw, spelling)
    bad = [(a, b, c) for a, b, c in zip(raw, ours, theirs, strict=True) if b != c]
    assert not bad, f"{spelling}: (input, pgmock, PostgreSQL): {bad[:5]}"


# --------------------------------------------------------------------------- render rules


def test_money_text_is_cash_out(pg: PgCluster, pgdb: str) -> None:
    x = np.array([0.0, 0.01, -0.05, 1.005, 999.995, 1234.56, -1234567.891, 1e12, 92233720368.5])
    assert r(x, "money")[:6] == ["$0.00", "$0.01", "-$0.05", "$1.01", "$1,000.00", "$1,234.56"]
    assert_server_agrees(pg, pgdb, x, "money", "numeric")
    ints = np.array([0, 7, -1000, 123456789])
    assert_server_agrees(pg, pgdb, ints, "money", "numeric")


def test_numeric_rounding_and_negative_scale(pg: PgCluster, pgdb: str) -> None:
    rng = np.random.default_rng(5)
    scale = 10.0 ** rng.integers(0, 4, 300)
    floats = np.round(rng.uniform(-99_999, 99_999, 300) * scale) / scale
    halves = np.array([50.0, 150.0, -250.0, 1249.5, 12350.0, -12349.0, 0.0])
    x = np.concatenate([floats, halves])
    for spelling in ("numeric(5,-2)", "numeric(7,-1)", "numeric(8,2)", "numeric(6,0)"):
        assert_server_agrees(pg, pgdb, x, spelling, "numeric")
    ints = rng.integers(-9_999_949, 9_999_949, 300)
    assert_server_agrees(pg, pgdb, ints, "numeric(5,-2)", "numeric")
    assert r(np.array([12350, -50]), "numeric(5,-2)") == ["12400", "-100"]
    assert r(np.array([0.00123]), "numeric(3,5)") == ["0.00123"]
    with pytest.raises(RenderError, match=r"t\.c: value 9999950 overflows numeric\(5,-2\)"):
        r(np.array([9_999_950]), "numeric(5,-2)")


def _moments(rng: np.random.Generator, n: int) -> np.ndarray:
    """Microseconds around interesting places: BC, 1970, just before/after 2000, now."""
    anchors = np.array(
        [-63_517_780_800, -1_000_000_000, 0, 946_684_799, 946_684_800, 1_700_000_000]
    )
    base = rng.choice(anchors, n) * US + rng.integers(-5 * DAY_US, 5 * DAY_US, n)
    # exact halves at every precision cut, the cases where rounding rules differ
    halves = base // US * US + rng.choice([500_000, 50_000, 5_000, 500, 50, 5], n)
    return np.concatenate([base, halves])


def test_timestamp_precision_rounds_like_postgres(pg: PgCluster, pgdb: str) -> None:
    us = _moments(np.random.default_rng(1), 150).astype("M8[us]")
    for p in range(6):
        assert_server_agrees(pg, pgdb, us, f"timestamp({p})", "timestamp")
        assert_server_agrees(pg, pgdb, us, f"timestamptz({p})", "timestamptz")


def test_time_precision_rounds_like_postgres(pg: PgCluster, pgdb: str) -> None:
    rng = np.random.default_rng(2)
    tod = np.concatenate(
        [rng.integers(0, DAY_US, 200), [DAY_US - 1, DAY_US - 500_000, 43_200_000_005]]
    )
    for p in range(6):
        assert_server_agrees(pg, pgdb, tod.astype("m8[us]"), f"time({p})", "time")
        assert_server_agrees(pg, pgdb, tod.astype("m8[us]"), f"timetz({p})", "timetz")


def test_dates_bc_and_far_future_match_server_calendar(pg: PgCluster, pgdb: str) -> None:
    rng = np.random.default_rng(3)
    first = -2_440_588  # 4714-11-24 BC
    days = np.concatenate(
        [rng.integers(first, 3_000_000, 400), [first, -719_163, -719_162, 0, 2_932_897]]
    )
    got = r(days.astype("M8[D]"), "date")
    theirs = [
        row[0]
        for row in pg.query(
            "SELECT (date '1970-01-01' + k)::text FROM unnest(ARRAY["
            + ",".join(map(str, days.tolist()))
            + "]) WITH ORDINALITY AS u(k, i) ORDER BY i",
            pgdb,
        )
    ]
    assert got == theirs
    assert r(np.array(["-0043-03-15"], "M8[D]"), "date") == ["0044-03-15 BC"]
    assert pg.scalar("SELECT make_date(-44, 3, 15)::text", pgdb) == "0044-03-15 BC"
    ts = np.array(["-0043-03-15T12:00:00"], "M8[s]")
    assert r(ts, "timestamp") == ["0044-03-15 12:00:00 BC"]
    assert r(ts, "timestamptz") == ["0044-03-15 12:00:00+00 BC"]
    with pytest.raises(RenderError, match="before 4714-11-24 BC"):
        r(np.array([first - 1], "M8[D]"), "date")


_INTERVAL_SPELLINGS = (
    "interval(0)",
    "interval(3)",
    "interval year",
    "interval month",
    "interval day",
    "interval hour",
    "interval minute",
    "interval second(2)",
    "interval year to month",
    "interval day to hour",
    "interval day to minute",
    "interval day to second(0)",
    "interval hour to minute",
    "interval hour to second(1)",
    "interval minute to second(4)",
)


def test_interval_fields_and_precision_match_server(pg: PgCluster, pgdb: str) -> None:
    rng = np.random.default_rng(4)
    us = np.concatenate(
        [
            rng.integers(-40 * DAY_US, 40 * DAY_US, 200),
            [0, DAY_US - 1, -DAY_US + 1, DAY_US - 500_000, -1_800 * US, 3_599 * US + 999_999],
        ]
    ).astype("m8[us]")
    months = np.concatenate([rng.integers(-300, 300, 100), [0, 1, -1, 12, -12, 13, 25]])
    for spelling in _INTERVAL_SPELLINGS:
        assert_server_agrees(pg, pgdb, us, spelling, "interval")
        assert_server_agrees(pg, pgdb, months.astype("m8[M]"), spelling, "interval")
    assert r(np.array([14, -14, 1, 12], "m8[M]"), "interval year to month") == [
        "1 year 2 mons",
        "-1 years -2 mons",
        "1 mon",
        "1 year",
    ]


def test_char_varchar_and_name_limits_as_postgres_applies_them(pg: PgCluster, pgdb: str) -> None:
    values = ["ab", "abc   ", "", "ä  ", None]
    for spelling in ("varchar(3)", "char(3)"):
        ours = r(values, spelling)
        theirs = server_cast(pg, pgdb, values, spelling)
        assert ours == theirs
    with pytest.raises(RenderError, match="too long"):
        r(["abcd"], "varchar(3)")
    names = ["ä" * 40, "a" * 62 + "ä", "x" * 70, "名前" * 11, "short"]
    assert r(names, "name") == server_cast(pg, pgdb, names, "name")
    assert r(names, "name")[1] == "a" * 62  # cut at a character boundary


# --------------------------------------------------------------------------- generators

VALUES_SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "seed": 11,
    "tables": {
        "specials": {
            "rowCount": 300,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                # -0 keeps its sign in --inserts too; extremes stay exact
                "fz": column_spec(
                    "double precision",
                    "given",
                    values=["-0.0", "0", "nan", "inf", "-inf", "1e300", "5e-324", "-2.5"],
                    dtype="float64",
                ),
                "f8": column_spec("double precision", "decimal", nan_ratio=0.1, infinity_ratio=0.1),
                "f4": column_spec("real", "decimal", nan_ratio=0.1, infinity_ratio=0.2),
                "n": column_spec(
                    "numeric", "decimal", min=-5, max=5, nan_ratio=0.1, infinity_ratio=0.1
                ),
                "n82": column_spec("numeric(8,2)", "decimal", nan_ratio=0.2),
                "nneg": column_spec("numeric(5,-2)"),
                "nneg_wide": column_spec("numeric(3,-3)", "decimal", min=-999000, max=999000),
                "m": column_spec("money", "decimal", min=-2000000, max=2000000),
                "price": column_spec("money", "price"),
                "d": column_spec(
                    "date", "date", start="0100-01-01 BC", end="0100-12-31", infinity_ratio=0.1
                ),
                "d_iso_bc": column_spec("date", "date", start="-4712-01-01", end="-4700-01-01"),
                "ts": column_spec(
                    "timestamp",
                    "timestamp",
                    start="0044-03-15 00:00:00 BC",
                    end="0044-03-20T00:00:00",
                    infinity_ratio=0.1,
                ),
                "tstz": column_spec(
                    "timestamptz(2)", "timestamp", start="-0100-01-01T00:00:00", resolution="us"
                ),
                "tm0": column_spec("time(0)", "time", resolution="us"),
                "ttz3": column_spec("timetz(3)", "time", resolution="us"),
                "iv_ym": column_spec("interval year to month"),
                "iv_y": column_spec("interval year", "interval", max=50 * 365 * 86400),
                "iv_m": column_spec("interval month"),
                "iv_d": column_spec("interval day"),
                "iv_hm": column_spec("interval hour to minute", "interval", max=3 * 86400),
                "iv_ds": column_spec("interval day to second(0)"),
                "iv_p": column_spec("interval(2)"),
                "ch": column_spec("char(7)"),
                "vc": column_spec("varchar(5)"),
                "nm": column_spec("name"),
                "nm_ja": {"type": "name", "locale": "ja_JP"},  # 3-byte characters
                "ci": column_spec("citext"),
                "fa": column_spec(
                    "float8[]", "array", element={"nan_ratio": 0.3, "infinity_ratio": 0.3}
                ),
            },
        }
    },
}


def test_special_values_round_trip(pg: PgCluster, tmp_path: Path) -> None:
    blocks = roundtrip(pg, VALUES_SCHEMA, tmp_path, plugins=(PLUGIN_PATH,))
    cols, rows = blocks["public.specials"]
    names = [c.strip() for c in cols.split(",")]
    table = {name: [row.split("\t")[i] for row in rows] for i, name in enumerate(names)}
    assert table["fz"][:8] == [
        "-0",
        "0",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e+300",
        "5e-324",
        "-2.5",
    ]
    for name in ("f8", "f4", "n"):
        assert {"NaN", "Infinity", "-Infinity"} <= set(table[name]), name
    assert "NaN" in table["n82"] and "Infinity" not in table["n82"]
    assert all(v == "NaN" or int(v) % 100 == 0 for v in table["nneg"])
    assert all(int(v) % 1000 == 0 and abs(int(v)) <= 999_000 for v in table["nneg_wide"])
    assert any(v.startswith("-$") for v in table["m"]) and all("$" in v for v in table["m"])
    assert any("," in v for v in table["m"])
    assert {"infinity", "-infinity"} <= set(table["d"])
    assert any(v.endswith(" BC") for v in table["d"]) and any(
        not v.endswith(" BC") and "infinity" not in v for v in table["d"]
    )
    assert all(v.endswith(" BC") and 4701 <= int(v[:4]) <= 4713 for v in table["d_iso_bc"])
    assert {"infinity", "-infinity"} <= set(table["ts"])
    assert any(v.endswith("+00 BC") for v in table["tstz"])
    assert all(len(v) == 8 for v in table["tm0"])  # HH:MM:SS, no fraction
    assert all(("mon" in v or "year" in v or v == "00:00:00") for v in table["iv_ym"])
    assert all(":" not in v or v == "00:00:00" for v in table["iv_ym"] + table["iv_y"])
    assert all(("mon" not in v) for v in table["iv_y"])
    assert all(v.endswith(("day", "days")) or v == "00:00:00" for v in table["iv_d"])
    assert all(v.endswith((":00", "day", "days")) for v in table["iv_hm"])
    assert all(len(v) == 7 for v in table["ch"])
    assert all(len(v) <= 5 for v in table["vc"])
    assert all(len(v.encode()) <= 63 for v in table["nm"] + table["nm_ja"])
    assert any(len(v.encode()) > 50 for v in table["nm_ja"])
    arrays = "".join(table["fa"])
    assert "NaN" in arrays and "Infinity" in arrays


NUMERIC_LIMITS = ("numeric(1,0)", "numeric(3,5)", "numeric(4,-3)", "numeric(15,15)", "numeric(5,2)")


def test_numeric_generators_never_overflow(pg: PgCluster, tmp_path: Path) -> None:
    """Uniform and clipped heavy-tailed values of numeric(p,s), s > p and s < 0 included,
    stay inside the type: the server would reject an overflowing value on restore."""
    wide = {"name": "normal", "mean": 0, "stddev": 1e30}
    columns: dict[str, Any] = {}
    for i, spelling in enumerate(NUMERIC_LIMITS):
        columns[f"u{i}"] = {"type": spelling}
        columns[f"d{i}"] = {"type": spelling, "distribution": wide}
    schema = {"version": "1.0", "tables": {"nums": {"rowCount": 2000, "columns": columns}}}
    cols, rows = roundtrip(pg, schema, tmp_path, formats=("p",))["public.nums"]
    names = [c.strip() for c in cols.split(",")]
    values = {name: {row.split("\t")[i] for row in rows} for i, name in enumerate(names)}
    # the clipped distribution reaches both ends of each type
    assert {"9", "-9"} <= values["d0"]
    assert {"0.00999", "-0.00999"} <= values["d1"]
    assert {"9999000", "-9999000"} <= values["d2"]
    assert {"0.999999999999999", "-0.999999999999999"} <= values["d3"]
    assert {"999.99", "-999.99"} <= values["d4"]
