"""Children per parent and skewed parent choice, restored into a real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from clihelp import pgmock
from pgharness import PgCluster
from sample_schemas import children_schema


def _restore(pg: PgCluster, db: str, schema: Path, *flags: str) -> None:
    out = schema.with_suffix(".sql")
    pgmock("generate", str(schema), "-f", str(out), *flags)
    pg.restore_plain(out, db)


def _per_user(pg: PgCluster, db: str) -> list[int]:
    rows = pg.query(
        "SELECT count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.id", db
    )
    return [int(r[0] or 0) for r in rows]


def test_fixed_count_per_parent_is_exact(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    _restore(pg, pgdb, children_schema(tmp_path, {"per": "users", "count": 3}, users=500))
    assert sorted(set(_per_user(pg, pgdb))) == [3]
    assert pg.scalar("SELECT count(*) FROM orders", pgdb) == "1500"


def test_poisson_children_per_parent(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    spec = {"per": "users", "distribution": {"name": "poisson", "lambda": 3}}
    _restore(pg, pgdb, children_schema(tmp_path, spec))
    counts = _per_user(pg, pgdb)
    mean = sum(counts) / len(counts)
    var = sum((c - mean) ** 2 for c in counts) / len(counts)
    assert 2.85 < mean < 3.15 and 2.6 < var < 3.4  # Poisson: variance equals the mean
    zero = counts.count(0) / len(counts)
    assert 0.035 < zero < 0.07  # P(0) = e^-3 ≈ 0.05: some parents have no children
    # the sequence is set past the generated ids, whatever the drawn total
    assert pg.scalar("SELECT nextval('orders_id_seq') = max(id) + 1 FROM orders", pgdb) == "t"


def test_skewed_parent_choice(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    skew = {"distribution": {"name": "zipf", "s": 1.2}}
    _restore(pg, pgdb, children_schema(tmp_path, 20000, skew))
    counts = sorted(_per_user(pg, pgdb), reverse=True)
    top = sum(counts[:20]) / sum(counts)  # the top 1% of customers
    assert top > 0.4
    assert counts[-1] == 0  # a long tail of customers without orders
    # the most active customers are spread over the table, not the first ids
    first_ids = pg.scalar(
        "SELECT count(*) FROM (SELECT user_id FROM orders GROUP BY user_id "
        "ORDER BY count(*) DESC LIMIT 20) t WHERE user_id <= 20",
        pgdb,
    )
    assert int(first_ids or 0) < 5
