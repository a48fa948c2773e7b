"""Schemas that the fast and the real-PostgreSQL tests of one feature both use.

The restore tests generate and restore them; the unit tests break them on purpose and
expect schema errors. One constant or writer per feature, named after it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# Consistent time ("after"): tests/{unit,restore}/schema/test_after.py
AFTER_SCHEMA = {
    "version": "1.0",
    "seed": 4,
    "tables": {
        "users": {
            "rowCount": 3000,
            "columns": {
                "id": {"type": "uuid", "primaryKey": True},
                "created_at": {"type": "timestamptz", "nullRatio": 0.1},
                "updated_at": {
                    "type": "timestamp",
                    "after": {"column": "created_at", "within": "2 hours"},
                },
            },
        },
        "orders": {
            "rowCount": 25000,
            "columns": {
                "id": {"type": "bigserial", "primaryKey": True},
                "user_id": {"type": "uuid", "references": "users.id", "nullable": False},
                "placed_at": {"type": "timestamptz", "after": "users.created_at"},
                "ship_date": {"type": "date", "after": {"column": "placed_at", "within": "5 days"}},
            },
        },
    },
}

# Conditional values ("cases"): tests/{unit,restore}/schema/test_cases.py
CASES_SCHEMA = {
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

# Derived columns ("expr", "from"): tests/{unit,restore}/schema/test_derived.py
DERIVED_SCHEMA = {
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


def children_schema(
    tmp_path: Path, orders_rows: Any, user_id: dict[str, Any] | None = None, users: int = 2000
) -> Path:
    """users and their orders (children per parent) as tmp_path/s.json."""
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {
                "version": "1.0",
                "seed": 11,
                "tables": {
                    "users": {
                        "rowCount": users,
                        "columns": {"id": {"type": "serial", "primaryKey": True}},
                    },
                    "orders": {
                        "rowCount": orders_rows,
                        "columns": {
                            "id": {"type": "bigserial", "primaryKey": True},
                            "user_id": {
                                "type": "integer",
                                "references": "users.id",
                                "nullable": False,
                                **(user_id or {}),
                            },
                        },
                    },
                },
            }
        )
    )
    return path


def write_tables(tmp_path: Path, tables: dict[str, Any], **top: Any) -> Path:
    """The relationship tests' tables (seed 5) as tmp_path/schema.json."""
    path = tmp_path / "schema.json"
    path.write_text(json.dumps({"version": "1.0", "seed": 5, **top, "tables": tables}))
    return path


# Relationships: tables whose generated keys need each other (tests/*/schema/test_relationships.py)
KEY_CYCLE: dict[str, Any] = {
    # Each key column comes after the FK that needs the other table's key: generating
    # either key needs the other table first, a real cycle.
    "a": {
        "rowCount": 100,
        "columns": {
            "b_key": {"type": "uuid", "references": "b.key", "nullable": True},
            "key": {"type": "uuid", "unique": True},
        },
    },
    "b": {
        "rowCount": 100,
        "columns": {
            "a_key": {"type": "uuid", "references": "a.key", "nullable": False},
            "key": {"type": "uuid", "unique": True},
        },
    },
}

ACME_PATIENTS = {
    "version": "1.0",
    "seed": 3,
    "tables": {
        "patients": {
            "rowCount": 3000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "mrn": {"type": "varchar(20)", "generator": "acme-healthcare.mrn", "unique": True},
                "diagnosis": {"type": "text", "generator": "icd10"},
                "name": {"type": "text"},
            },
        }
    },
}


AWKWARD_NAMES_SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "seed": 3,
    "types": {
        "user": {"enum": ["it's", 'a"b', "größe", "select", "Mixed Case", "名前", "back\\slash"]},
        "Mood Type": {"enum": ["ok", "Sad"]},
    },
    "tables": {
        "order": {
            "rowCount": 20,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "user": {"type": "user"},
                "UserId": {"type": "integer", "unique": True},
                "first name": {"type": "text"},
                'a"b': {"type": "text"},
                "größe": {"type": "numeric(6,2)"},
                "名前": {"type": "Mood Type"},
                "1abc": {"type": "integer"},
                "plain_ok": {"type": "integer"},
                "select": {"type": "boolean"},
                "group": {"type": "date"},
            },
            "indexes": [{"columns": ["UserId", "first name"]}, {"columns": ["名前"]}],
            "unique": [["first name", 'a"b']],
        },
        "Sales.group": {
            "rowCount": 30,
            "columns": {
                "Id": {"type": "bigserial", "primaryKey": True},
                "order": {"type": "integer", "references": "order.id"},
                "table": {"type": "text"},
                "left": {"type": "int"},
            },
        },
        "名前.größe": {
            "rowCount": 5,
            "columns": {
                "user": {"type": "smallserial", "primaryKey": True},
                'a"b': {"type": "integer", "references": "Sales.group.Id"},
            },
        },
        "1st table": {
            "rowCount": 3,
            "columns": {"ABC": {"type": "text", "unique": True}, "x$y": {"type": "integer"}},
        },
    },
}


def column_spec(type_: str, generator: str | None = None, **params: Any) -> dict[str, Any]:
    """A schema column of ``type_``, with a generator and its params when given."""
    col: dict[str, Any] = {"type": type_}
    if generator:
        col["generator"] = generator
    if params:
        col["params"] = params
    return col
