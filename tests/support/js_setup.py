"""Schemas with JavaScript generators, for tests/{unit,restore}/generators/test_js_generator.py.

``SHOP_COLUMNS`` (with ``SKU_JS`` as generators/sku.js) is the end-to-end example;
``products_schema`` wraps columns in a table, ``write_schema`` writes it with its files,
``js`` spells a column's code and ``fails`` runs a schema that must fail cleanly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clihelp import pgmock

SKU_JS = """\
// SKUs like "BK-000042-S": a weighted category, the row number, the name's initial.
function generate(n, random, rows, options, ctx) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const category = random.choice(options.categories, options.weights);
    out[i] = category + "-" + String(ctx.offset + i).padStart(6, "0") + "-" + rows.name[i][0];
  }
  return out;
}
"""


def products_schema(columns: dict[str, Any], rows: int = 25_000, seed: int = 5) -> dict[str, Any]:
    return {
        "version": "1.0",
        "seed": seed,
        "tables": {
            "products": {
                "rowCount": rows,
                "columns": {"id": {"type": "serial", "primaryKey": True}, **columns},
            }
        },
    }


def write_schema(tmp: Path, schema: dict[str, Any], files: dict[str, str] | None = None) -> Path:
    for rel, text in (files or {}).items():
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_text(text)
    path = tmp / "schema.json"
    path.write_text(json.dumps(schema, indent=2))
    return path


def js(code: str | list[str], **params: Any) -> dict[str, Any]:
    return {"generator": "js", "params": {"code": code, **params}}


SHOP_COLUMNS: dict[str, Any] = {
    "name": {"type": "text", "generator": "faker.first_name"},
    "sku": {
        "type": "varchar(20)",
        "generator": "js",
        "params": {
            "file": "generators/sku.js",
            "options": {"categories": ["BK", "TY", "EL"], "weights": [6, 3, 1]},
        },
    },
    "price": {
        "type": "numeric(8,2)",
        **js(
            "(n, random) => Array.from({length: n}, "
            "() => Math.max(1, Math.round(random.normal(50, 10) * 100) / 100))"
        ),
    },
    "stock": {
        "type": "integer",
        **js("(n) => Array.from({length: n}, () => Math.random() < 0.5 ? 0 : 7)"),
    },
    "attrs": {
        "type": "jsonb",
        **js(
            [
                "function (n, random) {",
                "  return Array.from({length: n}, () => ({size: random.int(1, 5), ok: true}));",
                "}",
            ]
        ),
    },
    "tags": {
        "type": "text[]",
        **js("(n, random) => Array.from({length: n}, () => ['a', random.bool() ? 'b c' : null])"),
    },
    "sandbox": {
        "type": "text",
        **js(
            "(n) => Array(n).fill([typeof require, typeof process, typeof fetch, "
            "typeof XMLHttpRequest, typeof setTimeout].join(','))"
        ),
    },
}


def fails(tmp_path: Path, columns: dict[str, Any], files: dict[str, str] | None = None) -> str:
    schema = write_schema(tmp_path, products_schema(columns, rows=30), files)
    out = tmp_path / "never.sql"
    proc = pgmock("generate", str(schema), "-f", str(out), check=False)
    assert proc.returncode == 1, proc.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".never")] == []
    return proc.stderr.decode()
