"""Relationship shapes restored into a real PostgreSQL with every constraint in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clihelp import pgmock
from pgharness import PgCluster
from restored import restore
from sample_schemas import KEY_CYCLE, write_tables


def _restore(pg: PgCluster, db: str, schema: Path, *flags: str) -> str:
    out = schema.with_suffix(".sql")
    proc = pgmock("generate", str(schema), "-f", str(out), *flags)
    pg.restore_plain(out, db)
    return proc.stderr.decode()


def _n(pg: PgCluster, db: str, sql: str) -> int:
    return int(pg.scalar(sql, db) or 0)


RELATIONS: dict[str, Any] = {
    "departments": {
        "rowCount": 40,
        "columns": {
            "id": {"type": "uuid", "primaryKey": True},
            "name": {"type": "text", "generator": "company"},
            "manager_id": {"type": "uuid", "references": "employees.id", "nullRatio": 0.1},
        },
    },
    "employees": {
        "rowCount": 15000,
        "columns": {
            "id": {"type": "uuid", "primaryKey": True},
            "department_id": {"type": "uuid", "references": "departments.id", "nullable": False},
            "boss_id": {"type": "uuid", "references": "employees.id", "nullRatio": 0.05},
            "first_name": {"type": "text"},
        },
    },
    "projects": {
        "rowCount": 300,
        "columns": {
            "code": {
                "type": "varchar(12)",
                "generator": "sequence",
                "params": {"prefix": "PRJ-", "width": 5},
            },
            "title": {"type": "text"},
        },
        "primaryKey": ["code"],
    },
    "assignments": {
        "rowCount": 20000,
        "columns": {
            "employee_id": {"type": "uuid", "references": "employees.id"},
            "project_code": {"type": "varchar(12)", "references": "projects.code"},
            "hours": {"type": "integer", "params": {"min": 1, "max": 40}},
        },
        "primaryKey": ["employee_id", "project_code"],
    },
    "badges": {
        "rowCount": 15000,
        "columns": {
            "employee_id": {
                "type": "uuid",
                "references": "employees.id",
                "unique": True,
                "nullable": False,
            },
            "issued_on": {
                "type": "date",
                "distribution": {"name": "normal", "mean": "2024-06-01", "stddev": "30 days"},
            },
        },
    },
    "rooms": {
        "rowCount": 50,
        "columns": {
            "building": {
                "type": "text",
                "generator": "choice",
                "params": {"values": ["A", "B", "C", "D", "E"]},
            },
            "number": {"type": "integer", "unique": True, "params": {"min": 1, "max": 999}},
        },
        "unique": [["building", "number"]],
    },
    "bookings": {
        "rowCount": 500,
        "columns": {
            "building": {"type": "text"},
            "number": {"type": "integer"},
            "employee_id": {"type": "uuid", "references": "employees.id"},
        },
        "foreignKeys": [
            {
                "columns": ["building", "number"],
                "references": {"table": "rooms", "columns": ["building", "number"]},
            }
        ],
    },
}


def test_relationship_shapes_restore_with_constraints(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    err = _restore(pg, pgdb, write_tables(tmp_path, RELATIONS))
    assert "warning" not in err  # no cycle had to be broken: uuid keys are generated first
    assert _n(pg, pgdb, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'") == 8
    # every FK value exists (the constraints were added after the data and held)
    assert (
        _n(
            pg,
            pgdb,
            "SELECT count(*) FROM employees e LEFT JOIN departments d "
            "ON d.id = e.department_id WHERE d.id IS NULL",
        )
        == 0
    )
    # self-reference and the departments <-> employees cycle both carry values
    assert _n(pg, pgdb, "SELECT count(boss_id) FROM employees") > 13000
    assert _n(pg, pgdb, "SELECT count(manager_id) FROM departments") > 25
    # junction table: distinct pairs by construction, many employees and projects used
    assert (
        _n(pg, pgdb, "SELECT count(DISTINCT (employee_id, project_code)) FROM assignments") == 20000
    )
    assert _n(pg, pgdb, "SELECT count(DISTINCT project_code) FROM assignments") > 290
    # one-to-one: every employee has exactly one badge
    assert _n(pg, pgdb, "SELECT count(DISTINCT employee_id) FROM badges") == 15000
    # a temporal normal distribution: mean 2024-06-01, stddev 30 days
    mean_day, std = pg.query(
        "SELECT avg(issued_on - date '2024-06-01'), stddev(issued_on - date '2024-06-01') "
        "FROM badges",
        pgdb,
    )[0]
    assert abs(float(mean_day or 99)) < 1.5 and 27 < float(std or 0) < 33
    # composite FK onto a composite unique key
    assert (
        _n(
            pg,
            pgdb,
            "SELECT count(*) FROM bookings b LEFT JOIN rooms r USING "
            "(building, number) WHERE r.number IS NULL",
        )
        == 0
    )


def test_generated_key_cycle_is_broken_through_the_nullable_fk(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    err = _restore(pg, pgdb, write_tables(tmp_path, KEY_CYCLE))
    assert "foreign key a(b_key) -> b closes a cycle of generated keys" in err
    assert _n(pg, pgdb, "SELECT count(b_key) FROM a") == 0
    assert _n(pg, pgdb, "SELECT count(*) FROM b JOIN a ON a.key = b.a_key") == 100


def test_string_foreign_keys_are_what_postgresql_accepts(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    """Keys of the string types pair as the server pairs them (an implicit cast from the
    referencing type to the key's): citext references varchar, text cannot reference
    citext, name cannot reference char."""
    parents = {
        f"p_{name}": {"rowCount": 20, "columns": {"k": {"type": spelled, "primaryKey": True}}}
        for name, spelled in (
            ("varchar", "varchar(30)"),
            ("citext", "citext"),
            ("bpchar", "char(12)"),
        )
    }
    good = {
        "kids": {
            "rowCount": 50,
            "columns": {
                "a": {"type": "citext", "references": "p_varchar.k"},
                "b": {"type": "varchar(40)", "references": "p_varchar.k"},
                "c": {"type": "name", "references": "p_varchar.k"},
                "d": {"type": "citext", "references": "p_citext.k"},
                "e": {"type": "text", "references": "p_bpchar.k"},
            },
        }
    }
    _restore(pg, pgdb, write_tables(tmp_path, {**parents, **good}))
    assert _n(pg, pgdb, "SELECT count(*) FROM kids JOIN p_varchar ON p_varchar.k = kids.a") == 50
    bad = {
        "kids": {
            "rowCount": 5,
            "columns": {
                "t": {"type": "text", "references": "p_citext.k"},
                "n": {"type": "name", "references": "p_bpchar.k"},
            },
        }
    }
    proc = pgmock("validate", str(write_tables(tmp_path, {**parents, **bad})), check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "kids.t is text but p_citext.k is public.citext" in err, err
    assert "kids.n is name but p_bpchar.k is character(12)" in err, err


def test_weighted_foreign_key_gives_weight_i_to_parent_row_i(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    """``weighted`` on a foreign key: weights[i] is parent row i's share (the i-th key of
    a serial parent). Before, the weights went to the parents in a shuffled order, so
    warehouse 1 did not get the 60 % the schema gave it."""
    weights = [0.6, 0.25, 0.1, 0.05, 0.0]
    schema = {
        "seed": 9,
        "tables": {
            "warehouses": {
                "rowCount": 5,
                "columns": {"id": {"type": "serial", "primaryKey": True}},
            },
            "stock": {
                "rowCount": 20000,
                "columns": {
                    "id": {"type": "serial", "primaryKey": True},
                    "warehouse_id": {
                        "type": "integer",
                        "references": "warehouses.id",
                        "distribution": {"name": "weighted", "weights": weights},
                    },
                },
            },
        },
    }
    restore(pg, pgdb, tmp_path, schema)
    rows = pg.query(
        "SELECT w.id, count(s.id) FROM warehouses w LEFT JOIN stock s ON s.warehouse_id = w.id"
        " GROUP BY w.id ORDER BY w.id",
        pgdb,
    )
    shares = [int(count or 0) / 20000 for _, count in rows]
    assert [int(key or 0) for key, _ in rows] == [1, 2, 3, 4, 5]
    for share, weight in zip(shares, weights, strict=True):
        assert abs(share - weight) < 0.02, (shares, weights)
