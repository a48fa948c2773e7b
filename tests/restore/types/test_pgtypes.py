"""Type spellings printed back the way pg_dump prints them, checked against the real
server's format_type()."""

from __future__ import annotations

from pgmock_sdk.pgtypes import (
    MULTIRANGE_RANGES,
    RANGE_SUBTYPES,
    parse_type,
)

from pgharness import PgCluster

SPELLINGS = [
    '"char"',
    "char",
    "character(3)",
    "bit",
    "bit(8)",
    "bit varying",
    "varbit(5)",
    "interval year to month",
    "interval day to second(3)",
    "interval hour to minute",
    "interval(2)",
    "time(3) with time zone",
    "timestamp(0) without time zone",
    "numeric(5,-2)",
    "point",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
    "tsvector",
    "tsquery",
    "pg_lsn",
    *RANGE_SUBTYPES,
    *MULTIRANGE_RANGES,
    "point[][]",
    "int4range[]",
    "bit(3)[]",
    "float(10)",
]


def test_display_matches_the_servers_format_type(pg: PgCluster, pgdb: str) -> None:
    cols = ", ".join(f"c{i} {s}" for i, s in enumerate(SPELLINGS))
    pg.psql("-q", "-c", f"CREATE TABLE t ({cols})", db=pgdb)
    rows = pg.query(
        "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = 't'::regclass AND attnum > 0 ORDER BY attnum",
        pgdb,
    )
    server = [r[1] for r in rows]
    ours = [parse_type(s).display() for s in SPELLINGS]
    # format_type() drops array dimensions beyond the first; pg_dump prints "[]" once too.
    assert [o.replace("[][]", "[]") for o in ours] == server
