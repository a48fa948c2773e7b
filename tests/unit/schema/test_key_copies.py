"""``from`` on foreign keys: the copies validate refuses, with their JSON paths (issue
12, 3; tests/restore/schema/test_key_copies.py restores the ones it accepts)."""

from __future__ import annotations

from pathlib import Path

from key_schemas import copied_keys_shop, fk
from restored import serial_table, validate


def test_copy_mistakes_are_schema_errors(tmp_path: Path) -> None:
    schema = copied_keys_shop(nullRatio=0.3)  # invoice_lines.customer_id is NOT NULL
    tables = schema["tables"]
    tables["products"] = serial_table(10)
    tables["invoices"]["columns"]["product_id"] = fk("products.id", **{"from": "orders.id"})
    tables["invoices"]["columns"]["buyer_id"] = fk("products.id", **{"from": "orders.customer_id"})
    tables["invoices"]["columns"]["late_id"] = fk(
        "customers.id", distribution={"name": "zipf", "s": 1.2}, **{"from": "orders.customer_id"}
    )
    proc = validate(tmp_path, schema)
    assert proc.returncode == 2
    err = proc.stderr
    base = "tables.invoices.columns"
    assert (
        f'{base}.product_id.from: "orders.id" is not a foreign key column; a foreign key '
        "copies the key another foreign key picked"
    ) in err
    assert (
        f'{base}.buyer_id.from: "orders.customer_id" references customers(id), this column '
        "products(id); a copied key must reference the same columns"
    ) in err
    assert f"{base}.late_id.distribution: from decides the parent row; remove 'distribution'" in err
    assert (
        "tables.invoice_lines.columns.customer_id.from: the copied key may be NULL "
        "(orders.customer_id has a nullRatio), but customer_id is NOT NULL"
    ) in err
