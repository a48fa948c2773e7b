"""Schemas of composite, domain and range types for tests/{unit,restore}/types/test_types_user.py.

``write_types_schema`` writes types and tables as a schema file; ``value_schema()`` is the
table of composite and domain values whose round trips and determinism are tested.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_types_schema(tmp_path: Path, types: dict[str, Any], tables: dict[str, Any]) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps({"version": "1.0", "seed": 7, "types": types, "tables": tables}))
    return path


TRICKY = [
    "a,b",
    'say "hi"',
    "(paren)",
    "",
    "back\\slash",
    "tab\there",
    " lead",
    "new\nline",
    "NULL",
    "plain",
    "ünïcødé 😀",
    "{brace}",
]

VALUE_TYPES: dict[str, Any] = {
    "mood": {"enum": ["happy", "sad", "it's ok"]},
    "inventory.address": {
        "composite": {"street": "text", "zip": "varchar(10)", "note": "text", "pad": "char(3)"}
    },
    "parcel": {
        "composite": {
            "to": "inventory.address",
            "weight": "numeric(6,2)",
            "sent": "date",
            "fragile": "boolean",
            "meta": "jsonb",
            "tags": "text[]",
            "m": "mood",
        }
    },
    # the default integers (1..1000) would all fail: the CHECK becomes the range
    "year": {"domain": "integer", "check": "VALUE BETWEEN 2000 AND 2100"},
    "big": {"domain": "integer", "check": "VALUE > 5000"},
    "odd": {"domain": "integer", "check": "VALUE % 7 = 3"},
    "later": {"domain": "date", "check": "VALUE >= '2030-01-01'::date"},
    "price": {"domain": "numeric(8,2)", "check": "VALUE > 1000.5 AND VALUE < 1001"},
    "short": {"domain": "text", "check": "length(VALUE) <= 6 AND length(VALUE) >= 2"},
    "colour": {"domain": "varchar(10)", "check": "VALUE IN ('red', 'green', 'blue')"},
    "required": {"domain": "text", "notNull": True},
    "inventory.yr": {"domain": "smallint", "check": "VALUE < -100"},
}


def value_schema() -> dict[str, Any]:
    tricky = {"generator": "choice", "params": {"values": TRICKY}, "nullRatio": 0.2}
    return {
        "version": "1.0",
        "seed": 11,
        "types": VALUE_TYPES,
        "tables": {
            "inventory.shipments": {
                "rowCount": 300,
                "columns": {
                    "id": {"type": "serial", "primaryKey": True},
                    "addr": {
                        "type": "inventory.address",
                        "params": {
                            "fields": {
                                "note": tricky,
                                "pad": {
                                    "generator": "choice",
                                    "params": {"values": ['"', "", "a,"]},
                                },
                            }
                        },
                        "nullRatio": 0.1,
                    },
                    "parcel": {"type": "parcel"},
                    "parcels": {"type": "parcel[]", "params": {"max_length": 3}},
                    "addrs": {
                        "type": "inventory.address[]",
                        "params": {"element": {"fields": {"note": tricky}}},
                    },
                    "moods": {"type": "mood[]"},
                    "y": {"type": "year"},
                    "b": {"type": "big", "unique": True},
                    "o": {"type": "odd"},
                    "l": {"type": "later"},
                    "pr": {"type": "price"},
                    "s": {"type": "short"},
                    "c": {"type": "colour"},
                    "r": {"type": "required"},
                    "iy": {"type": "inventory.yr"},
                    "ys": {"type": "year[]"},
                    "os": {"type": "odd[]"},
                },
            }
        },
    }
