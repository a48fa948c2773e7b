"""``from`` on foreign keys: a key copied along a chain of FKs (issue 12, 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pgharness import PgCluster
from restored import restore, serial_table, validate


def _fk(ref: str, **more: Any) -> dict[str, Any]:
    return {"type": "integer", "references": ref, **more}


def _shop(**order_customer: Any) -> dict[str, Any]:
    return {
        "seed": 8,
        "tables": {
            "customers": serial_table(50, name={"type": "text"}),
            "orders": serial_table(300, customer_id=_fk("customers.id", **order_customer)),
            "invoices": serial_table(
                500,
                order_id=_fk("orders.id", nullable=False),
                customer_id=_fk("customers.id", **{"from": "orders.customer_id"}),
                # a parent's column through the copied key, and a parent's FK as a value
                customer_name={"type": "text", "from": "customers.name"},
                order_customer={"type": "bigint", "from": "orders.customer_id"},
            ),
            "invoice_lines": serial_table(
                900,
                invoice_id=_fk("invoices.id"),
                customer_id=_fk("customers.id", nullable=False, **{"from": "invoices.customer_id"}),
            ),
        },
    }


def test_a_key_copied_along_a_chain_of_foreign_keys(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    """Before: "from" on an FK column was ignored (0 of 100 invoices had their order's
    customer) and a parent's FK column could not be copied at all."""
    restore(pg, pgdb, tmp_path, _shop())
    wrong = pg.query(
        """SELECT
             (SELECT count(*) FROM invoices i JOIN orders o ON o.id = i.order_id
               WHERE i.customer_id IS DISTINCT FROM o.customer_id),
             (SELECT count(*) FROM invoices i JOIN customers c ON c.id = i.customer_id
               WHERE i.customer_name IS DISTINCT FROM c.name),
             (SELECT count(*) FROM invoices WHERE order_customer IS DISTINCT FROM customer_id),
             (SELECT count(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
               WHERE l.customer_id IS DISTINCT FROM i.customer_id),
             (SELECT count(DISTINCT customer_id) FROM invoices)""",
        pgdb,
    )[0]
    assert wrong[:4] == ("0", "0", "0", "0")
    assert int(wrong[4] or 0) > 40  # the customers are the orders', not one row's


def test_a_copied_key_is_null_where_its_source_is(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    schema = _shop(nullRatio=0.3)
    schema["tables"]["invoice_lines"]["columns"]["customer_id"].pop("nullable")
    restore(pg, pgdb, tmp_path, schema)
    nulls, mismatched = pg.query(
        """SELECT count(*) FILTER (WHERE i.customer_id IS NULL),
                  count(*) FILTER (WHERE i.customer_id IS DISTINCT FROM o.customer_id)
             FROM invoices i JOIN orders o ON o.id = i.order_id""",
        pgdb,
    )[0]
    assert int(nulls or 0) > 100 and mismatched == "0"


def test_copy_mistakes_are_schema_errors(tmp_path: Path) -> None:
    schema = _shop(nullRatio=0.3)  # invoice_lines.customer_id is NOT NULL
    tables = schema["tables"]
    tables["products"] = serial_table(10)
    tables["invoices"]["columns"]["product_id"] = _fk("products.id", **{"from": "orders.id"})
    tables["invoices"]["columns"]["buyer_id"] = _fk("products.id", **{"from": "orders.customer_id"})
    tables["invoices"]["columns"]["late_id"] = _fk(
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
