"""Derived columns: expressions over the row and values copied from the parent row,
restored into a real PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import pgmock
from pgharness import PgCluster
from sample_schemas import DERIVED_SCHEMA


def test_derived_columns_restore_consistently(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(DERIVED_SCHEMA))
    out = tmp_path / "s.sql"
    pgmock("generate", str(path), "-f", str(out), "--jobs", "2")
    pg.restore_plain(out, pgdb)
    checks = [
        "SELECT bool_and(i.unit_price = p.price AND i.product_name = p.name) "
        "FROM order_items i JOIN products p ON p.code = i.product_code",
        "SELECT bool_and(total = quantity * unit_price) FROM order_items",
        # expressions run in double precision: a decimal tie may round the other way
        "SELECT bool_and(abs(discounted - round(greatest(total - 5, 0) * 0.9, 2)) <= 0.01) "
        "FROM order_items",
        "SELECT count(DISTINCT unit_price) > 300 FROM order_items",
    ]
    for sql in checks:
        assert pg.scalar(sql, pgdb) == "t", sql
    serial = tmp_path / "serial.sql"
    pgmock("generate", str(path), "-f", str(serial))
    assert serial.read_bytes() == out.read_bytes()
