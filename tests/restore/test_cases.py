"""Conditional values: another column's value picks the generator, or NULL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clihelp import pgmock
from pgharness import PgCluster
from restored import restore, serial_table, validate

SCHEMA = {
    "version": "1.0",
    "seed": 2,
    "types": {"status": {"enum": ["pending", "paid", "shipped", "delivered"]}},
    "tables": {
        "orders": {
            "rowCount": 20000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "status": {"type": "status"},
                "shipped_at": {
                    "type": "timestamptz",
                    "cases": {"on": "status", "values": {"pending": None, "paid": None}},
                },
                "carrier": {
                    "type": "text",
                    "generator": "constant",
                    "params": {"value": "unknown"},
                    "cases": {
                        "on": "status",
                        "values": {
                            "pending": None,
                            "shipped": {
                                "generator": "choice",
                                "params": {"values": ["UPS", "DHL"]},
                            },
                            "delivered": {
                                "generator": "choice",
                                "params": {"values": ["UPS", "DHL", "FedEx"]},
                                "nullRatio": 0.5,
                            },
                        },
                    },
                },
            },
        }
    },
}


def test_cases_pick_values_per_row(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(SCHEMA))
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


def test_case_mistakes_are_schema_errors(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(SCHEMA))
    cols = bad["tables"]["orders"]["columns"]
    cols["shipped_at"]["cases"]["values"]["shiped"] = None
    cols["carrier"]["cases"]["on"] = "state"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    err = pgmock("validate", str(path), check=False).stderr.decode()
    assert (
        'columns.shipped_at.cases.values.shiped: "shiped" is not a label of public.status '
        '— did you mean "shipped"?' in err
    )
    assert (
        'columns.carrier.cases.on: table "orders" has no column "state" — did you mean '
        '"status"?' in err
    )


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


@pytest.mark.parametrize(
    ("on_type", "value", "says"),
    [
        (
            {"type": "boolean"},
            "nonsense",
            '"nonsense" is not a boolean; PostgreSQL reads true, false',
        ),
        ({"type": "boolean"}, "o", '"o" is not a boolean'),
        ({"type": "integer"}, "1.5", '"1.5" is not a value of integer (flag)'),
        ({"type": "smallint"}, "40000", '"40000" is not a value of smallint (flag)'),
    ],
)
def test_case_values_the_on_column_cannot_hold_are_refused(
    tmp_path: Path, on_type: dict[str, object], value: str, says: str
) -> None:
    proc = validate(tmp_path, _flag_schema(on_type, {value: None}))
    assert proc.returncode == 2
    assert f"tables.flags.columns.note.cases.values.{value}: {says}" in proc.stderr


def test_two_spellings_of_one_case_are_refused(tmp_path: Path) -> None:
    proc = validate(tmp_path, _flag_schema({"type": "boolean"}, {"true": None, "yes": None}))
    assert proc.returncode == 2
    assert '"yes" is the same value as another case (t)' in proc.stderr
