"""Schemas the unit and restore halves of the key tests share (issue 12): a junction
table keyed by two foreign keys, and a shop whose invoices copy their order's customer."""

from __future__ import annotations

from typing import Any

from restored import serial_table


def fk(ref: str, **more: Any) -> dict[str, Any]:
    """An integer column referencing ``ref``."""
    return {"type": "integer", "references": ref, **more}


def junction(row_count: Any, people: int = 30, movies: int = 200) -> dict[str, Any]:
    """movie_cast keyed by (person_id, movie_id), ``row_count`` rows."""
    return {
        "seed": 5,
        "tables": {
            "people": serial_table(people),
            "movies": serial_table(movies),
            "movie_cast": {
                "rowCount": row_count,
                "primaryKey": ["person_id", "movie_id"],
                "columns": {"person_id": fk("people.id"), "movie_id": fk("movies.id")},
            },
        },
    }


def copied_keys_shop(**order_customer: Any) -> dict[str, Any]:
    """invoices and their lines copy the customer of their order along the FKs;
    ``order_customer`` adds keys to orders.customer_id."""
    return {
        "seed": 8,
        "tables": {
            "customers": serial_table(50, name={"type": "text"}),
            "orders": serial_table(300, customer_id=fk("customers.id", **order_customer)),
            "invoices": serial_table(
                500,
                order_id=fk("orders.id", nullable=False),
                customer_id=fk("customers.id", **{"from": "orders.customer_id"}),
                # a parent's column through the copied key, and a parent's FK as a value
                customer_name={"type": "text", "from": "customers.name"},
                order_customer={"type": "bigint", "from": "orders.customer_id"},
            ),
            "invoice_lines": serial_table(
                900,
                invoice_id=fk("invoices.id"),
                customer_id=fk("customers.id", nullable=False, **{"from": "invoices.customer_id"}),
            ),
        },
    }
