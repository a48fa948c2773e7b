"""Conditional values: another column's value picks the generator, or NULL; checked in a
real PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import pgmock
from pgharness import PgCluster
from restored import restore, serial_table
from sample_schemas import CASES_SCHEMA


def test_cases_pick_values_per_row(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(CASES_SCHEMA))
    out = tmp_path / "s.sql"
    pgmock("generate", str(path), "-f", str(out), "--jobs", "2")
    pg.restore_plain(out, pgdb)
    rows = dict(
        pg.query(
            "SELECT status || ':' || coalesce(carrier, 'NULL') || ':' || (shipped_at IS NULL), "
            "count(*) FROM orders GROUP BY 1",
            pgdb,
        )
    )
    kinds = set(rows)
    assert kinds <= {
        "pending:NULL:true",
        "paid:unknown:true",
        "shipped:UPS:false",
        "shipped:DHL:false",
        "delivered:UPS:false",
        "delivered:DHL:false",
        "delivered:FedEx:false",
        "delivered:NULL:false",
    }
    assert {
        "pending:NULL:true",
        "paid:unknown:true",
        "shipped:UPS:false",
        "delivered:FedEx:false",
        "delivered:NULL:false",
    } <= kinds
    delivered_null = int(rows["delivered:NULL:false"] or 0)
    delivered = sum(int(v or 0) for k, v in rows.items() if k.startswith("delivered:"))
    assert 0.45 < delivered_null / delivered < 0.55
    serial = tmp_path / "serial.sql"
    pgmock("generate", str(path), "-f", str(serial))
    assert serial.read_bytes() == out.read_bytes()


_PAIRS = "SELECT flag || ':' || coalesce(note, 'NULL'), count(*) FROM flags GROUP BY 1"


def _flag_schema(on_type: dict[str, object], values: dict[str, object]) -> dict[str, object]:
    return {
        "seed": 4,
        "tables": {
            "flags": serial_table(
                400,
                flag=on_type,
                note={
                    "type": "text",
                    "generator": "constant",
                    "params": {"value": "other"},
                    "cases": {"on": "flag", "values": values},
                },
            )
        },
    }


def test_boolean_cases_fire_for_every_spelling(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """Before: numpy booleans were compared with the keys, so no boolean case ever fired."""
    values = {
        "TRUE": None,
        " no ": {"generator": "constant", "params": {"value": "off"}},
    }
    restore(pg, pgdb, tmp_path, _flag_schema({"type": "boolean"}, values))
    rows = dict(
        pg.query(
            "SELECT flag::text || ':' || coalesce(note, 'NULL'), count(*) FROM flags GROUP BY 1",
            pgdb,
        )
    )
    assert set(rows) == {"true:NULL", "false:off"}


def test_integer_and_text_cases_compare_as_postgresql_text(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    level = {"type": "smallint", "generator": "integer", "params": {"min": 1, "max": 3}}
    restore(
        pg,
        pgdb,
        tmp_path,
        _flag_schema(
            level, {"+01": None, "3": {"generator": "constant", "params": {"value": "three"}}}
        ),
    )
    rows = dict(pg.query(_PAIRS, pgdb))
    assert set(rows) == {"1:NULL", "2:other", "3:three"}
    code = {"type": "varchar(2)", "generator": "choice", "params": {"values": ["A", "B"]}}
    db = pg.create_db()
    try:
        restore(pg, db, tmp_path, _flag_schema(code, {"A": None}))
        rows = dict(
            pg.query(
                "SELECT flag || ':' || coalesce(note, 'NULL'), count(*) FROM flags GROUP BY 1", db
            )
        )
        assert set(rows) == {"A:NULL", "B:other"}
    finally:
        pg.drop_db(db)


def test_a_null_on_value_matches_no_case(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    on = {"type": "boolean", "nullRatio": 0.5}
    restore(pg, pgdb, tmp_path, _flag_schema(on, {"t": None, "f": None}))
    assert pg.scalar("SELECT count(*) FROM flags WHERE flag IS NULL AND note IS NULL", pgdb) == "0"
    assert (
        pg.scalar("SELECT count(*) FROM flags WHERE flag IS NOT NULL AND note IS NOT NULL", pgdb)
        == "0"
    )
