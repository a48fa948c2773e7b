"""Conditional values: another column's value picks the generator, or NULL; checked in a
real PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import pgmock
from pgharness import PgCluster
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
