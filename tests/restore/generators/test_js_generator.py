"""JavaScript generators (the ``js`` plugin): used from schemas, restored into PostgreSQL."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from clihelp import pgmock
from js_setup import SHOP_COLUMNS, SKU_JS, fails, js, products_schema, write_schema
from pgharness import PgCluster


def test_js_columns_restore_with_the_values_the_code_makes(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    schema = write_schema(tmp_path, products_schema(SHOP_COLUMNS), {"generators/sku.js": SKU_JS})
    out = tmp_path / "shop.sql"
    pgmock("generate", str(schema), "-f", str(out))
    pg.restore_plain(out, pgdb)
    rows = pg.query(
        "SELECT id, name, sku, price, stock, attrs::text, tags::text, sandbox "
        "FROM products ORDER BY id",
        pgdb,
    )
    assert len(rows) == 25_000
    for rid, name, sku, price, stock, attrs, tags, sandbox in rows[:2000]:
        category, number, initial = sku.split("-")
        assert category in {"BK", "TY", "EL"}
        assert int(number) == int(rid) - 1  # ctx.offset + i is the row number
        assert initial == name[0]  # rows.name is the batch's name column
        assert 1 <= float(price) < 200
        assert stock in ("0", "7")
        doc = json.loads(attrs)
        assert doc["ok"] is True and 1 <= doc["size"] <= 5
        assert tags in ('{a,"b c"}', "{a,NULL}")
        assert sandbox == "undefined,undefined,undefined,undefined,undefined"
    cats = Counter(r[2][:2] for r in rows)
    assert cats["BK"] > cats["TY"] > cats["EL"] > 1000  # weights 6:3:1 are followed
    mean = float(pg.scalar("SELECT avg(price) FROM products", pgdb) or 0)
    assert 49 < mean < 51
    stock_zero = int(pg.scalar("SELECT count(*) FROM products WHERE stock = 0", pgdb) or 0)
    assert 11_000 < stock_zero < 14_000  # Math.random is the seeded source, uniform


def test_unique_js_columns_are_the_codes_promise_checked_per_batch(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    by_offset = "(n, r, rows, o, ctx) => Array.from({length: n}, (_, i) => 'P' + (ctx.offset + i))"
    schema = products_schema({"code": {"type": "text", "primaryKey": True, **js(by_offset)}})
    del schema["tables"]["products"]["columns"]["id"]
    out = tmp_path / "u.sql"
    pgmock("generate", str(write_schema(tmp_path, schema)), "-f", str(out))
    pg.restore_plain(out, pgdb)  # the primary key holds in PostgreSQL
    assert pg.scalar("SELECT count(DISTINCT code) FROM products", pgdb) == "25000"
    dup = "(n, random) => Array.from({length: n}, () => 'P' + random.int(1, 5))"
    err = fails(tmp_path, {"v": {"type": "text", "unique": True, **js(dup)}})
    assert "products.v" in err and "twice in one batch of a unique column" in err
