"""A mix restored into PostgreSQL: the saas and ecommerce templates in schemas of their
own sharing one users table, and a team's file that references both (docs/templates.md,
"Mixing"). Generated as -F c and as plain SQL, verified, restored, and queried: the
shared table exists once, and every key across the parts holds."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from clihelp import pgmock
from pgharness import PgCluster

PLATFORM = """\
version: "1.0"
database: {name: platform}
seed: 7
mix:
  - template: saas@1
    schema: saas
  - template: ecommerce@1
    name: shop
    schema: shop
    shared:
      customers: saas.users      # a shop customer is a saas user
  - file: support.yaml           # the support team's own file, in public
"""

SUPPORT = """\
version: "1.0"
tables:
  tickets:
    rowCount: {per: shop.orders, min: 0, max: 2}
    columns:
      id: {type: serial, primaryKey: true}
      order_id: {type: integer, references: shop.orders.id, nullable: false}
      agent_id: {type: integer, references: saas.users.id}
      opened_at: {type: timestamptz, after: {column: shop.orders.placed_at, within: 20 days}}
"""

ROWS = {
    "saas.organizations": 60, "saas.users": 400, "saas.memberships": 500,
    "saas.usage_events": 1000, "saas.organization_feature_flags": 200, "saas.audit_log": 300,
    "shop.products": 100, "shop.inventory": 300, "shop.carts": 400, "shop.cart_items": 600,
    "shop.orders": 500, "shop.reviews": 200,
}  # fmt: skip


@pytest.fixture(scope="module")
def restored(pg: PgCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The mix generated as -F c and as plain SQL, verified, each restored once."""
    folder = tmp_path_factory.mktemp("mix")
    (folder / "platform.yaml").write_text(PLATFORM)
    (folder / "support.yaml").write_text(SUPPORT)
    mix = str(folder / "platform.yaml")
    rows = [f"--rows={table}={n}" for table, n in ROWS.items()]
    dbs: dict[str, str] = {}
    for fmt in ("c", "p"):
        dump = folder / f"platform.{fmt}"
        pgmock("generate", mix, "-F", fmt, "-f", str(dump), *rows)
        verified = pgmock("verify", str(dump), "--schema", mix, *rows).stdout.decode()
        assert "CHECKs hold" in verified
        db = pg.create_db()
        if fmt == "p":
            pg.restore_plain(dump, db)
        else:
            proc = subprocess.run(
                [str(pg.tool("pg_restore")), "-e", "-d", db, str(dump)],
                capture_output=True,
                env=pg.env(),
            )
            assert proc.returncode == 0, proc.stderr.decode()
        dbs[fmt] = db
    yield dbs
    for db in dbs.values():
        pg.drop_db(db)


def _count(pg: PgCluster, db: str, sql: str) -> int:
    value = pg.scalar(sql, db)
    assert value is not None, sql
    return int(value)


@pytest.mark.parametrize("fmt", ["c", "p"])
def test_the_shared_table_exists_once(pg: PgCluster, restored: dict[str, str], fmt: str) -> None:
    db = restored[fmt]
    tables = pg.query(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema in ('public', 'saas', 'shop') order by 1",
        db,
    )
    names = [t[0] for t in tables]
    assert names.count("saas.users") == 1
    assert not [n for n in names if n.endswith((".users", ".customers")) and n != "saas.users"]
    # the clashing payments tables live side by side, each in its part's schema
    assert {"saas.payments", "shop.payments", "public.tickets"} <= set(names)
    assert len(names) == 13 + 16 - 1 + 1
    assert _count(pg, db, "select count(*) from saas.users") == ROWS["saas.users"]


@pytest.mark.parametrize("fmt", ["c", "p"])
def test_keys_across_the_parts_hold(pg: PgCluster, restored: dict[str, str], fmt: str) -> None:
    db = restored[fmt]
    # The shop's foreign keys to its customers are constraints on saas.users.
    referencing = pg.query(
        "select conrelid::regclass::text from pg_constraint "
        "where contype = 'f' and confrelid = 'saas.users'::regclass order by 1",
        db,
    )
    shop_side = {r[0] for r in referencing if r[0] and r[0].startswith("shop.")}
    assert shop_side == {"shop.addresses", "shop.carts", "shop.orders", "shop.reviews"}
    assert "tickets" in {r[0] for r in referencing}
    # Rows reach their parents across the parts (constraints hold, and are really used).
    for child, column, parent in [
        ("shop.orders", "customer_id", "saas.users"),
        ("shop.carts", "customer_id", "saas.users"),
        ("tickets", "order_id", "shop.orders"),
        ("tickets", "agent_id", "saas.users"),
    ]:
        orphans = _count(
            pg,
            db,
            f"select count(*) from {child} c left join {parent} p on p.id = c.{column} "
            f"where c.{column} is not null and p.id is null",
        )
        assert orphans == 0, (child, column)
        used = _count(pg, db, f"select count(distinct {column}) from {child}")
        assert used > 1, (child, column)
    # What the shop says about its customers holds for the shared users: a review comes
    # after the reviewer signed up, a ticket after its order.
    assert (
        _count(
            pg,
            db,
            "select count(*) from shop.reviews r join saas.users u on u.id = r.customer_id "
            "where r.created_at <= u.created_at",
        )
        == 0
    )
    assert (
        _count(
            pg,
            db,
            "select count(*) from tickets t join shop.orders o on o.id = t.order_id "
            "where t.opened_at <= o.placed_at or t.opened_at > o.placed_at + interval '20 days'",
        )
        == 0
    )
    # Each part's enum types moved with it.
    assert pg.scalar("select 'web'::shop.sales_channel::text", db) == "web"
