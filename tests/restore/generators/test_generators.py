"""The built-in generators (core and faker plugins): a load into a real PostgreSQL that
must accept every value and print it back unchanged."""

from __future__ import annotations

from typing import Any

from generator_setup import gen, make, rendered

# --------------------------------------------------------------------------- PostgreSQL


PG_COLUMNS: list[tuple[str, str, dict[str, Any], bool]] = [
    ("integer", "int2", {}, True),
    ("integer", "int8", {"min": -(2**63), "max": 2**63 - 1}, True),
    ("sequence", "varchar(12)", {"prefix": "INV-", "width": 6}, True),
    ("decimal", "numeric(7,3)", {}, True),
    ("decimal", "float4", {}, False),
    ("decimal", "float8", {"decimals": 5}, False),
    ("decimal", "money", {}, False),
    ("boolean", "bool", {}, False),
    ("date", "date", {}, False),
    ("timestamp", "timestamptz", {"resolution": "us"}, True),
    ("timestamp", "timestamp(2)", {"resolution": "us"}, True),
    ("time", "timetz", {}, False),
    ("interval", "interval", {}, False),
    ("text", "varchar(20)", {}, True),
    ("text", "char(5)", {}, False),
    ("choice", "text", {"values": ["a b", "c"]}, False),
    ("uuid", "uuid", {}, True),
    ("bytea", "bytea", {}, False),
    ("inet", "inet", {}, True),
    ("inet", "cidr", {}, True),
    ("macaddr", "macaddr", {}, True),
    ("macaddr", "macaddr8", {}, False),
    ("json", "jsonb", {}, False),
    ("json", "json", {}, False),
    ("xml", "xml", {}, False),
    ("array", "text[]", {}, False),
    ("array", "float8[]", {}, False),
    ("array", "timestamptz[]", {}, False),
    ("array", "numeric(5,2)[]", {}, False),
    ("email", "varchar(40)", {}, True),
    ("username", "text", {}, True),
    ("full_name", "text", {}, False),
    ("phone", "text", {}, False),
    ("street_address", "text", {}, False),
    ("paragraph", "varchar(100)", {}, False),
    ("url", "text", {}, True),
    ("price", "numeric(8,2)", {}, False),
    ("birth_date", "date", {}, False),
]


def _copy_script(types: list[str], columns: list[list[str | None]], tz: str = "UTC") -> bytes:
    n = len(columns[0])
    ddl = ", ".join(f"c{i} {t}" for i, t in enumerate(types))
    escape = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
    lines = [
        "\t".join(
            "\\N" if col[r] is None else col[r].translate(escape)  # type: ignore[union-attr]
            for col in columns
        )
        for r in range(n)
    ]
    return (
        f"SET TimeZone = '{tz}';\nSET extra_float_digits = 1;\nSET lc_monetary = 'C';\n"
        f"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');\n"
        f"CREATE TABLE g ({ddl});\nCOPY g FROM stdin;\n" + "\n".join(lines) + "\n\\.\n"
        "COPY g TO stdout;\n"
    ).encode()


def test_postgres_accepts_generated_values(pg: Any, pgdb: str) -> None:
    n = 300
    types, columns = [], []
    for locale in ("en_US", "de_DE", "ja_JP"):
        for name, type_name, params, unique in PG_COLUMNS:
            g = make(name, type_name, params, unique=unique, rows=n, locale=locale)
            types.append(type_name)
            columns.append(rendered(g, gen(g, n, seed=3)))
    out = pg.psql("-q", "-f", "-", db=pgdb, input=_copy_script(types, columns)).stdout
    back = out.decode().splitlines()
    assert len(back) == n
    escape = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
    for r, line in enumerate(back):
        for i, cell in enumerate(line.split("\t")):
            expected = columns[i][r]
            want = "\\N" if expected is None else expected.translate(escape)
            assert cell == want, (types[i], r, expected, cell)
