"""The schema of the identity and generated column tests, and how they write and generate it.

Used by tests/{unit,restore}/formats/test_identity_generated.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clihelp import pgmock

PRODUCTS, TINY, LINES, CONSTS = 300, 40, 12_000, 3  # lines: two chunks of generation

# Generation expressions spelled the way the server deparses them, so that pg_dump's
# text of the restored table is ours byte for byte (docs/output.md).
SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "tables": {
        "products": {
            "rowCount": PRODUCTS,
            "columns": {
                "id": {"type": "integer", "identity": "always", "primaryKey": True},
                "name": {
                    "type": "text",
                    "generator": "choice",
                    "params": {"values": ["bolt", "gear's", "écrou", "Zahnrad 🦷"]},
                },
                "price": {
                    "type": "numeric(8,2)",
                    "generator": "decimal",
                    "params": {"min": 0, "max": 999, "decimals": 2},
                    "nullRatio": 0.1,
                },
                "quantity": {
                    "type": "integer",
                    "generator": "integer",
                    "params": {"min": 1, "max": 50},
                },
                "total": {"type": "numeric", "generated": "price * (quantity)::numeric"},
                "label": {"type": "text", "generated": "(name || ' x'::text) || quantity"},
            },
        },
        "tiny": {
            "rowCount": TINY,
            "columns": {
                "id": {"type": "smallint", "identity": "by default", "primaryKey": True},
                "note": {"type": "text", "generator": "constant", "params": {"value": "n"}},
            },
        },
        "app.lines": {
            "rowCount": LINES,
            "columns": {
                "id": {"type": "bigint", "identity": "always", "primaryKey": True},
                "product_id": {"type": "integer", "references": "products.id"},
                "tiny_id": {"type": "smallint", "references": "tiny.id", "nullRatio": 0.2},
                "qty": {"type": "integer", "generator": "integer", "params": {"min": 1, "max": 9}},
                "double_qty": {"type": "bigint", "generated": "qty * 2"},
            },
        },
        # Only a generated column: COPY has no columns, plain --inserts writes DEFAULT.
        "consts": {"rowCount": CONSTS, "columns": {"one": {"type": "integer", "generated": "1"}}},
    },
}


def write_schema(
    tmp_path: Path, schema: dict[str, Any] = SCHEMA, name: str = "schema.json"
) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


def generate_text(schema_file: Path, *args: str) -> str:
    """pgmock's plain output of *schema_file* as text."""
    return pgmock("generate", str(schema_file), *args).stdout.decode("utf-8")
