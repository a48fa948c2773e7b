"""Derived columns: expressions over the row and values copied from the parent row."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pgmock.schema.expr import ExprError, columns_of, evaluate, parse_expr

from clihelp import pgmock
from pgharness import PgCluster

SCHEMA = {
    "version": "1.0",
    "seed": 9,
    "tables": {
        "products": {
            "rowCount": 400,
            "columns": {
                "code": {
                    "type": "varchar(12)",
                    "generator": "sequence",
                    "params": {"prefix": "P-", "width": 6},
                },
                "name": {"type": "text", "generator": "product_name"},
                "price": {"type": "numeric(10,2)"},
            },
            "primaryKey": ["code"],
        },
        "order_items": {
            "rowCount": 30000,
            "columns": {
                "id": {"type": "bigserial", "primaryKey": True},
                "product_code": {
                    "type": "varchar(12)",
                    "references": "products.code",
                    "nullable": False,
                },
                "product_name": {"type": "text", "from": "products.name"},
                "quantity": {"type": "integer", "generator": "quantity"},
                "unit_price": {"type": "numeric(10,2)", "from": "products.price"},
                "total": {"type": "numeric(12,2)", "expr": "quantity * unit_price"},
                "discounted": {
                    "type": "numeric(12,2)",
                    "expr": "round(greatest(total - 5, 0) * 0.9, 2)",
                },
            },
        },
    },
}


def test_derived_columns_restore_consistently(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(SCHEMA))
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


def test_expressions_are_whole_column_numpy() -> None:
    tree = parse_expr("round(a * b + -c / 2, 1) + least(a, 3)")
    assert columns_of(tree) == ["a", "b", "c"]
    got = evaluate(tree, {"a": np.array([1, 5]), "b": np.array([2.0, 0.5]), "c": np.array([1, 3])})
    assert got.tolist() == [1.5 + 1, 1.0 + 3]


@pytest.mark.parametrize(
    "text", ["__import__('os')", "a.b", "a if b else c", "'x' + a", "open(a)", "a[0]", "lambda: 1"]
)
def test_anything_but_arithmetic_is_refused(text: str) -> None:
    with pytest.raises(ExprError):
        parse_expr(text)


def test_derived_mistakes_are_schema_errors(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(SCHEMA))
    cols = bad["tables"]["order_items"]["columns"]
    cols["total"]["expr"] = "quantity * unit_prize"
    cols["discounted"]["expr"] = "os.system(1)"
    cols["unit_price"]["from"] = "product.price"
    cols["product_name"]["from"] = "products.nmae"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    proc = pgmock("validate", str(path), check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert (
        'columns.total.expr: table "order_items" has no column "unit_prize" — did you mean '
        '"unit_price"?' in err
    )
    assert "columns.discounted.expr: unknown function in 'os.system(1)'" in err
    assert 'columns.unit_price.from: write "parent_table.column"' in err
    assert 'columns.product_name.from: table "products" has no column "nmae"' in err
