"""A stranger's food-delivery DDL, no hints, restored and queried.

Each assertion is something the first try got wrong: cuisines of random words, a
restaurant closing before it opened (at 05:30:18), a "Lightweight Belt" at 96.75 on a
menu, licence plates of random words, tips above the order, Lorem-like reviews."""

from __future__ import annotations

import re
from pathlib import Path

from pgmock_builtins.terms_gen import vocabulary

from pgharness import PgCluster
from pgtools import restore_ddl

DDL = """
CREATE TABLE restaurants (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    cuisine text NOT NULL,
    opens_at time NOT NULL,
    closes_at time NOT NULL
);
CREATE TABLE menu_items (
    id bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants(id),
    name text NOT NULL,
    description text,
    price numeric(8,2) NOT NULL CHECK (price > 0)
);
CREATE TABLE couriers (
    id serial PRIMARY KEY,
    full_name text NOT NULL,
    license_plate varchar(16)
);
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants(id),
    courier_id integer REFERENCES couriers(id),
    subtotal numeric(10,2) NOT NULL,
    tip numeric(6,2) NOT NULL DEFAULT 0
);
CREATE TABLE reviews (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL UNIQUE REFERENCES orders(id),
    stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment text
);
"""

NEGATIVE = re.compile(r"\b(broke|cheap|waste|disappoint|refund|never|worst|poor)\w*", re.I)


def test_a_delivery_app_from_its_ddl_reads_like_one(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    restore_ddl(pg, pgdb, tmp_path, "delivery", DDL)

    cuisines = {r[0] for r in pg.query("SELECT DISTINCT cuisine FROM restaurants", pgdb)}
    assert cuisines <= set(vocabulary("cuisine")[0]) and len(cuisines) > 10, cuisines
    late, off_grid = map(int, pg.query(
        "SELECT count(*) FILTER (WHERE closes_at <= opens_at),"
        " count(*) FILTER (WHERE extract(minute FROM opens_at) NOT IN (0, 30)"
        "   OR extract(second FROM closes_at) <> 0) FROM restaurants", pgdb)[0])  # fmt: skip
    assert late == 0 and off_grid == 0
    median, most = map(float, pg.query(
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY price), max(price)"
        " FROM menu_items", pgdb)[0])  # fmt: skip
    assert 8 < median < 18 and most <= 80, (median, most)
    named, items = map(int, pg.query(
        "SELECT count(*) FILTER (WHERE position(name IN description) > 0), count(*)"
        " FROM menu_items", pgdb)[0])  # fmt: skip
    assert named > 0.9 * items  # a description names its dish
    plates = [r[0] for r in pg.query("SELECT license_plate FROM couriers", pgdb)]
    assert all(re.fullmatch(r"[0-9A-Z]{3,4}-?[0-9A-Z]{3,4}", p) for p in plates), plates[:5]
    over, orders = map(int, pg.query(
        "SELECT count(*) FILTER (WHERE tip > subtotal), count(*) FROM orders", pgdb)[0])
    assert over < 0.05 * orders, (over, orders)
    rows = pg.query("SELECT stars, comment FROM reviews", pgdb)
    rate = {
        star: sum(bool(NEGATIVE.search(c or "")) for s, c in rows if int(s) == star)
        / max(1, sum(int(s) == star for s, _ in rows))
        for star in (1, 5)
    }
    assert rate[1] > 3 * rate[5], rate  # one star: the complaints
