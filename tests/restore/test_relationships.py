"""Relationship shapes restored into a real PostgreSQL with every constraint in place."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from pgmock.generate.plan import make_plan
from pgmock.plugins.host import make_host
from pgmock.schema import resolve_schema

from clihelp import pgmock
from pgharness import PgCluster


def _write(tmp_path: Path, tables: dict[str, Any], **top: Any) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps({"version": "1.0", "seed": 5, **top, "tables": tables}))
    return path


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
    err = _restore(pg, pgdb, _write(tmp_path, RELATIONS))
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


CYCLE: dict[str, Any] = {
    # Each key column comes after the FK that needs the other table's key: generating
    # either key needs the other table first, a real cycle.
    "a": {
        "rowCount": 100,
        "columns": {
            "b_key": {"type": "uuid", "references": "b.key", "nullable": True},
            "key": {"type": "uuid", "unique": True},
        },
    },
    "b": {
        "rowCount": 100,
        "columns": {
            "a_key": {"type": "uuid", "references": "a.key", "nullable": False},
            "key": {"type": "uuid", "unique": True},
        },
    },
}


def test_generated_key_cycle_is_broken_through_the_nullable_fk(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    err = _restore(pg, pgdb, _write(tmp_path, CYCLE))
    assert "foreign key a(b_key) -> b closes a cycle of generated keys" in err
    assert _n(pg, pgdb, "SELECT count(b_key) FROM a") == 0
    assert _n(pg, pgdb, "SELECT count(*) FROM b JOIN a ON a.key = b.a_key") == 100


def test_generated_key_cycle_without_nullable_fk_is_a_schema_error(tmp_path: Path) -> None:
    tables = json.loads(json.dumps(CYCLE))
    tables["a"]["columns"]["b_key"]["nullable"] = False
    proc = pgmock("validate", str(_write(tmp_path, tables)), check=False)
    assert proc.returncode == 2
    assert b"foreign keys form a cycle of generated keys with no nullable column" in proc.stderr


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
    _restore(pg, pgdb, _write(tmp_path, {**parents, **good}))
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
    proc = pgmock("validate", str(_write(tmp_path, {**parents, **bad})), check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "kids.t is text but p_citext.k is public.citext" in err, err
    assert "kids.n is name but p_bpchar.k is character(12)" in err, err


def test_the_plan_holds_the_broken_fk_and_leaves_the_schema_alone(tmp_path: Path) -> None:
    """Planning breaks the cycle in the plan; the resolved schema (which other plans, the
    TOC and the engine read) is not changed."""
    schema = resolve_schema(
        {"version": "1.0", "tables": CYCLE}, {}, ["s.json"], make_host(env={}).registry
    )
    before = copy.deepcopy(schema)
    plan = make_plan(schema)
    assert schema == before
    broken = schema.tables["a"].columns["b_key"].fk
    assert plan.broken_fks == [broken] and plan.is_broken(broken)
    assert not plan.is_broken(copy.deepcopy(broken))  # the FK itself, not an equal one
    assert not make_plan(schema).is_broken(schema.tables["b"].columns["a_key"].fk)
