"""Plain output restored into a real PostgreSQL and checked by SQL queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clihelp import EXAMPLES, pgmock
from pgharness import PgCluster
from pgtools import table_checksums

SHOP = str(EXAMPLES / "shop.json")


def _restore(pg: PgCluster, db: str, path: Path) -> None:
    pg.restore_plain(path, db)


def _count(pg: PgCluster, db: str, sql: str) -> int:
    value = pg.scalar(sql, db)
    assert value is not None
    return int(value)


@pytest.fixture(scope="module")
def shop_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shop") / "shop.sql"
    pgmock("generate", SHOP, "-f", str(out))
    return out


def test_copy_output_restores_with_every_promise_kept(
    pg: PgCluster, pgdb: str, shop_copy: Path
) -> None:
    _restore(pg, pgdb, shop_copy)
    spec = json.loads(Path(SHOP).read_text())
    for key, table in spec["tables"].items():
        name = key if "." in key else f"public.{key}"
        assert _count(pg, pgdb, f"SELECT count(*) FROM {name}") == table["rowCount"]
    # FK integrity (the constraints were created after the data, so this also held then)
    assert (
        _count(
            pg,
            pgdb,
            "SELECT count(*) FROM sales.orders o LEFT JOIN users u "
            "ON u.id = o.user_id WHERE u.id IS NULL",
        )
        == 0
    )
    assert (
        _count(
            pg,
            pgdb,
            "SELECT count(*) FROM users c LEFT JOIN users m "
            "ON m.id = c.manager_id WHERE c.manager_id IS NOT NULL "
            "AND m.id IS NULL",
        )
        == 0
    )
    assert _count(pg, pgdb, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'") == 3
    # uniqueness
    assert _count(pg, pgdb, "SELECT count(DISTINCT email) FROM users") == 1000
    assert _count(pg, pgdb, "SELECT count(DISTINCT (order_id, tag)) FROM sales.order_tags") == 2000
    # NULL ratio within tolerance (0.5 declared, 1000 rows: 4 sigma is about 0.063)
    ratio = float(pg.scalar("SELECT avg((manager_id IS NULL)::int) FROM users", pgdb) or 0)
    assert 0.43 < ratio < 0.57
    assert _count(pg, pgdb, "SELECT count(*) FROM users WHERE email IS NULL") == 0
    # the normal distribution on score: mean 50, stddev 10
    mean, std = pg.query("SELECT avg(score), stddev(score) FROM users", pgdb)[0]
    assert 48.5 < float(mean or 0) < 51.5 and 8.5 < float(std or 0) < 11.5
    # types as declared
    types = dict(
        pg.query(
            "SELECT a.attrelid::regclass || '.' || a.attname, format_type(a.atttypid, a.atttypmod) "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname IN ('public', 'sales') AND c.relkind = 'r' AND a.attnum > 0",
            pgdb,
        )
    )
    assert types["users.email"] == "character varying(255)"
    assert types["users.status"] == "order_status"
    assert types["users.created_at"] == "timestamp with time zone"
    assert types["sales.orders.id"] == "bigint"
    assert types["sales.orders.amount"] == "numeric(10,2)"
    # enum values only from the labels; sequences set past the max id
    assert {r[0] for r in pg.query("SELECT DISTINCT status::text FROM users", pgdb)} <= {
        "pending",
        "paid",
        "shipped",
    }
    assert _count(pg, pgdb, "SELECT nextval('users_id_seq')") == 1001
    assert _count(pg, pgdb, "SELECT nextval('sales.orders_id_seq')") == 5001
    # the default, the index and the check made it
    assert _count(pg, pgdb, "SELECT count(*) FROM pg_indexes WHERE tablename = 'users'") == 3
    assert (
        pg.scalar(
            "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef d JOIN pg_attribute a "
            "ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
            "WHERE a.attname = 'created_at' AND d.adrelid = 'users'::regclass",
            pgdb,
        )
        == "now()"
    )


@pytest.mark.parametrize(
    "flags",
    [
        ["--inserts"],
        ["--column-inserts"],
        ["--rows-per-insert", "7"],
        ["--column-inserts", "--rows-per-insert", "100"],
    ],
)
def test_insert_variants_restore_to_the_same_contents(
    pg: PgCluster, shop_copy: Path, tmp_path: Path, flags: list[str]
) -> None:
    reference = pg.create_db()
    variant = pg.create_db()
    try:
        _restore(pg, reference, shop_copy)
        out = tmp_path / "shop.sql"
        pgmock("generate", SHOP, "-f", str(out), *flags)
        text = out.read_text()
        assert "COPY " not in text and "INSERT INTO" in text
        _restore(pg, variant, out)
        assert table_checksums(pg, variant) == table_checksums(pg, reference)
    finally:
        pg.drop_db(reference)
        pg.drop_db(variant)


def test_data_only_onto_schema_only(
    pg: PgCluster, pgdb: str, shop_copy: Path, tmp_path: Path
) -> None:
    schema_sql, data_sql = tmp_path / "schema.sql", tmp_path / "data.sql"
    pgmock("generate", SHOP, "-s", "-f", str(schema_sql))
    pgmock("generate", SHOP, "-a", "-f", str(data_sql))
    assert "COPY" not in schema_sql.read_text()
    assert "CREATE TABLE" not in data_sql.read_text()
    _restore(pg, pgdb, schema_sql)
    assert _count(pg, pgdb, "SELECT count(*) FROM users") == 0
    _restore(pg, pgdb, data_sql)  # FK constraints already in place: parents come first
    reference = pg.create_db()
    try:
        _restore(pg, reference, shop_copy)
        assert table_checksums(pg, pgdb) == table_checksums(pg, reference)
        assert _count(pg, pgdb, "SELECT nextval('users_id_seq')") == 1001
    finally:
        pg.drop_db(reference)


def test_table_selection_with_parents(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    out = tmp_path / "orders.sql"
    pgmock("generate", SHOP, "-t", "users", "-t", "orders", "-f", str(out))
    _restore(pg, pgdb, out)
    tables = {
        r[0]
        for r in pg.query(
            "SELECT schemaname || '.' || tablename FROM pg_tables "
            "WHERE schemaname IN ('public', 'sales')",
            pgdb,
        )
    }
    assert tables == {"public.users", "sales.orders"}
    failed = pgmock("generate", SHOP, "-t", "orders", check=False)
    assert failed.returncode == 2
    assert b"sales.orders references users" in failed.stderr
