"""Children per parent and skewed parent choice, restored into a real PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clihelp import pgmock
from pgharness import PgCluster


def _schema(
    tmp_path: Path, orders_rows: Any, user_id: dict[str, Any] | None = None, users: int = 2000
) -> Path:
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
    _restore(pg, pgdb, _schema(tmp_path, {"per": "users", "count": 3}, users=500))
    assert sorted(set(_per_user(pg, pgdb))) == [3]
    assert pg.scalar("SELECT count(*) FROM orders", pgdb) == "1500"


def test_poisson_children_per_parent(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    spec = {"per": "users", "distribution": {"name": "poisson", "lambda": 3}}
    _restore(pg, pgdb, _schema(tmp_path, spec))
    counts = _per_user(pg, pgdb)
    mean = sum(counts) / len(counts)
    var = sum((c - mean) ** 2 for c in counts) / len(counts)
    assert 2.85 < mean < 3.15 and 2.6 < var < 3.4  # Poisson: variance equals the mean
    zero = counts.count(0) / len(counts)
    assert 0.035 < zero < 0.07  # P(0) = e^-3 ≈ 0.05: some parents have no children
    # the sequence is set past the generated ids, whatever the drawn total
    assert pg.scalar("SELECT nextval('orders_id_seq') = max(id) + 1 FROM orders", pgdb) == "t"


def test_min_max_children_and_scale(tmp_path: Path) -> None:
    schema = _schema(tmp_path, {"per": "users", "min": 0, "max": 2}, users=100)
    out = pgmock("generate", str(schema), "-a", "--scale", "3").stdout.decode()
    body = out[out.index("COPY public.orders") :]
    rows = body[body.index("\n") + 1 : body.index("\\.")].splitlines()
    assert 200 < len(rows) < 400  # 300 parents after --scale 3, 0..2 children each


def test_skewed_parent_choice(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    skew = {"distribution": {"name": "zipf", "s": 1.2}}
    _restore(pg, pgdb, _schema(tmp_path, 20000, skew))
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


def test_per_parent_mistakes_are_schema_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "version": "1.0",
                "tables": {
                    "users": {
                        "rowCount": 5,
                        "columns": {"id": {"type": "serial", "primaryKey": True}},
                    },
                    "orders": {"rowCount": {"per": "users"}, "columns": {"id": {"type": "serial"}}},
                    "notes": {
                        "rowCount": {"per": "user", "count": 2},
                        "columns": {"x": {"type": "text"}},
                    },
                    "tags": {
                        "rowCount": {"per": "users", "count": 1},
                        "columns": {"x": {"type": "text"}},
                    },
                    "visits": {
                        "rowCount": 10,
                        "columns": {
                            "user_id": {
                                "type": "integer",
                                "references": "users.id",
                                "distribution": {"name": "normal", "mean": 1, "stddev": 1},
                            }
                        },
                    },
                },
            }
        )
    )
    err = pgmock("validate", str(path), check=False).stderr.decode()
    assert (
        "tables.orders.rowCount: Value error, give exactly one of count, min/max or "
        "distribution" in err
    )
    assert 'tables.notes.rowCount.per: unknown table "user" — did you mean "users"?' in err
    assert 'tables.tags.rowCount.per: needs a foreign key from "tags" to "users"' in err
    assert (
        "tables.visits.columns.user_id.distribution: distribution distributions.normal "
        "cannot pick parent rows" in err
    )
    fixed = _schema(tmp_path, {"per": "users", "count": 2})
    proc = pgmock("validate", str(fixed), "--rows", "orders=5", check=False)
    assert proc.returncode == 2
    assert b"--rows cannot set a table whose rowCount is per parent" in proc.stderr
