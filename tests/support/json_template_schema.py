"""The JSON template of tests/{unit,restore}/generators/test_json_template.py: leaves of every
kind, adversarial strings and floats, nested arrays; ``docs_schema`` puts it in a table.
"""

from __future__ import annotations

from typing import Any

# Strings that need JSON escaping (quotes, backslash, control characters) or look like
# something else; unicode up to 4-byte UTF-8.
ADVERSARIAL = [
    'say "hi"',
    "back\\slash",
    "tab\there",
    "line\nbreak",
    "cr\rx",
    "\x01\x08\x0c\x1f ctl",
    "é ü 日本 😀 e\u0301",
    "\u2028\u2029",
    "del\x7f",
    "\\u0000 literal",
    "",
    " ",
    "null",
    '{"a": 1}',
    "NaN",
]
FLOATS = [1e20, 1.5e-07, -0.0, 0.1, 123456789.125, 1e-05, 2.5e16, 5e-324, -1.7976931348623157e308]

TEMPLATE: dict[str, Any] = {
    "id": {"generator": "core.sequence"},
    "customer": {
        "name": "faker.full_name",
        "city": {"generator": "faker.city"},
        "zip": "faker.postal_code",
        "vip": {"generator": "core.boolean", "params": {"true_ratio": 0.1}},
    },
    "shipping": {"city": "faker.city", "zip": "faker.postal_code"},
    "tags": {
        "array": {"generator": "core.text", "params": {"min_words": 1, "max_words": 1}},
        "min": 0,
        "max": 4,
    },
    "score": {"generator": "core.decimal", "type": "numeric(5,2)", "nullRatio": 0.2},
    "odd": {"generator": "core.choice", "params": {"values": ADVERSARIAL}},
    "floats": {"generator": "core.choice", "type": "float8", "params": {"values": FLOATS}},
    "special": {
        "generator": "core.decimal",
        "type": "float8",
        "params": {"nan_ratio": 0.2, "infinity_ratio": 0.2},
    },
    "tiny": {
        "generator": "core.decimal",
        "type": "float4",
        "params": {"min": 0, "max": 0.0001, "decimals": 9},
    },
    "big": {
        "generator": "core.integer",
        "type": "int8",
        "params": {"min": -9223372036854775808, "max": 9223372036854775807},
    },
    "rank": {
        "generator": "core.integer",
        "params": {"min": 1, "max": 1000},
        "distribution": {"name": "zipf", "s": 1.5, "n_ranks": 1000},
    },
    "legacy": "words",
    "n": "int",
    "when": {"generator": "core.date", "params": {"start": "2020-01-01", "end": "2020-12-31"}},
    "matrix": {
        "array": {
            "array": {"generator": "core.integer", "params": {"min": -5, "max": 5}},
            "min": 1,
            "max": 2,
        },
        "max": 2,
    },
    "items": {
        "array": {
            "sku": "core.uuid",
            "qty": {"generator": "faker.quantity"},
            "note": {"generator": "core.text", "nullRatio": 0.5},
        },
        "min": 1,
        "max": 3,
    },
    "sub": {"generator": "core.json", "params": {"template": {"b": "bool", "aa": "int"}}},
    'key "quoted" é\n': "faker.city",
    "": {"generator": "core.boolean"},
}
ROWS = 300


def docs_schema(rows: int = ROWS, template: dict[str, Any] | None = None) -> dict[str, Any]:
    template = template or TEMPLATE
    return {
        "version": "1.0",
        "seed": 11,
        "tables": {
            "docs": {
                "rowCount": rows,
                "columns": {
                    "id": {"type": "serial", "primaryKey": True},
                    "doc": {"type": "jsonb", "params": {"template": template}},
                    "raw": {"type": "json", "params": {"template": template}},
                    "lines": {
                        "type": "jsonb",
                        "nullRatio": 0.1,
                        "params": {
                            "template": {
                                "array": {"city": "faker.city", "n": {"generator": "core.integer"}},
                                "max": 3,
                            }
                        },
                    },
                    "town": {"type": "json", "params": {"template": "faker.city"}},
                },
            }
        },
    }
