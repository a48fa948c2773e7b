"""The column renderer: a round trip through a real PostgreSQL 15 (COPY FROM then COPY TO
must give back the exact same text)."""

from __future__ import annotations

from typing import Any

import numpy as np

from pgmock.render.values import render_values
from pgmock_sdk import parse_type

# --------------------------------------------------------------------------- real PostgreSQL


def _roundtrip(pg: Any, db: str, columns: list[tuple[str, list[str | None]]]) -> list[str]:
    """Load rendered columns with COPY and read them back with COPY TO."""
    n = len(columns[0][1])
    ddl = ", ".join(f"c{i} {t}" for i, (t, _) in enumerate(columns))
    lines = []
    for row in range(n):
        cells = []
        for _, values in columns:
            v = values[row]
            cells.append("\\N" if v is None else v.replace("\\", "\\\\").replace("\t", "\\t"))
        lines.append("\t".join(cells))
    script = (
        "SET TimeZone = 'UTC';\nSET extra_float_digits = 1;\nSET DateStyle = 'ISO';\n"
        "SET IntervalStyle = 'postgres';\n"
        f"CREATE TABLE rt ({ddl});\nCOPY rt FROM stdin;\n" + "\n".join(lines) + "\n\\.\n"
        "COPY rt TO stdout;\n"
    )
    out = pg.psql("-q", "-f", "-", db=db, input=script.encode()).stdout.decode()
    return out.splitlines()


def test_postgres_reads_back_the_same_text(pg: Any, pgdb: str) -> None:
    rng = np.random.default_rng(11)
    n = 400
    cases: list[tuple[str, Any]] = [
        ("int2", rng.integers(-32768, 32767, n)),
        ("int8", rng.integers(-(2**63), 2**63 - 1, n, endpoint=True)),
        (
            "float8",
            np.concatenate(
                [
                    rng.random(n // 2) * 10.0 ** rng.integers(-8, 25, n // 2),
                    np.round(rng.random(n // 2) * 1000, 2),
                ]
            ),
        ),
        (
            "float4",
            np.concatenate(
                [
                    (rng.standard_normal(n - 8) * 10.0 ** rng.integers(-6, 12, n - 8)),
                    [-657540000, 1e23, 2.0**60, 16777217, 3e9, 123456792, 1e10, 7e-46],
                ]
            ).astype(np.float32),
        ),
        (
            "float8",
            np.concatenate(
                [
                    rng.integers(2**53, 2**62, n - 6).astype(np.float64),
                    [1e23, 2.0**60, 9007199254740993.0, 1e22, 5e-324, 1.7976931348623157e308],
                ]
            ),
        ),
        ("numeric(10,2)", rng.random(n) * 1e7 - 5e6),
        ("numeric(7,5)", rng.random(n) * 99 - 49),
        ("numeric", np.round(rng.random(n) * 1e6, 4)),
        ("bool", rng.random(n) < 0.5),
        ("date", rng.integers(-700_000, 2_900_000, n).astype("M8[D]")),
        ("timestamp", rng.integers(-(10**16), 2 * 10**17, n).astype("M8[us]")),
        ("timestamptz", rng.integers(0, 2 * 10**15, n).astype("M8[us]")),
        ("timestamp(3)", rng.integers(0, 2 * 10**15, n).astype("M8[us]")),
        ("time", rng.integers(0, 86_400_000_001, n).astype("m8[us]")),
        ("timetz", rng.integers(0, 86_400_000_000, n).astype("m8[us]")),
        ("interval", rng.integers(-(10**12), 10**14, n).astype("m8[us]")),
        ("int4[]", [rng.integers(-50, 50, k).tolist() for k in rng.integers(0, 4, n)]),
        (
            "text[]",
            [["a b", "", "NULL", 'q"', "x\\y", None, "{}", "ok"][: k % 9] for k in range(n)],
        ),
    ]
    columns = [(t, render_values(v, parse_type(t), f"rt.{t}")) for t, v in cases]
    back = _roundtrip(pg, pgdb, columns)
    assert len(back) == n
    for row, line in enumerate(back):
        cells = line.split("\t")
        for (t, values), cell in zip(columns, cells, strict=True):
            expected = values[row]
            expected_text = (
                "\\N" if expected is None else (expected.replace("\\", "\\\\").replace("\t", "\\t"))
            )
            assert cell == expected_text, (t, row, expected, cell)


def test_postgres_accepts_money_text(pg: Any, pgdb: str) -> None:
    values = render_values(np.array([1234.5, -3.0, 0.01, 99999.99]), parse_type("money"), "m")
    rows = ", ".join(f"('{v}'::money)" for v in values)
    got = pg.query(f"SELECT m::text FROM (VALUES {rows}) AS v(m)", pgdb)
    assert [g[0] for g in got] == values
