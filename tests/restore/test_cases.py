"""Conditional values: another column's value picks the generator, or NULL."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import pgmock
from pgharness import PgCluster

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
