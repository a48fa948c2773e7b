"""``from`` on foreign keys: a key copied along a chain of FKs (issue 12, 3)."""

from __future__ import annotations

from pathlib import Path

from key_schemas import copied_keys_shop
from pgharness import PgCluster
from restored import restore


def test_a_key_copied_along_a_chain_of_foreign_keys(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    """Before: "from" on an FK column was ignored (0 of 100 invoices had their order's
    customer) and a parent's FK column could not be copied at all."""
    restore(pg, pgdb, tmp_path, copied_keys_shop())
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
    schema = copied_keys_shop(nullRatio=0.3)
    schema["tables"]["invoice_lines"]["columns"]["customer_id"].pop("nullable")
    restore(pg, pgdb, tmp_path, schema)
    nulls, mismatched = pg.query(
        """SELECT count(*) FILTER (WHERE i.customer_id IS NULL),
                  count(*) FILTER (WHERE i.customer_id IS DISTINCT FROM o.customer_id)
             FROM invoices i JOIN orders o ON o.id = i.order_id""",
        pgdb,
    )[0]
    assert int(nulls or 0) > 100 and mismatched == "0"
