"""Keys pgmock cannot fill are refused by validate with their JSON paths: more children
per parent than distinct partners, keys sharing a foreign key, unique hash indexes (issue
12, 1–2; tests/restore/schema/test_unique_keys.py restores the ones it fills)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from key_schemas import fk, junction
from restored import serial_table, validate


@pytest.mark.parametrize(
    ("row_count", "where", "says"),
    [
        ({"per": "movies", "count": 31}, "rowCount.count", "31 children per parent"),
        ({"per": "movies", "min": 0, "max": 40}, "rowCount.max", "40 children per parent"),
    ],
)
def test_more_children_than_distinct_partners_is_refused(
    tmp_path: Path, row_count: dict[str, Any], where: str, says: str
) -> None:
    proc = validate(tmp_path, junction(row_count))
    assert proc.returncode == 2
    assert f"tables.movie_cast.{where}: {says}" in proc.stderr
    assert "at most 30 rows with distinct (person_id): as many as people (30 rows)" in proc.stderr


def test_a_key_needing_more_values_per_parent_than_the_column_has(tmp_path: Path) -> None:
    schema = {
        "tables": {
            "flights": serial_table(10),
            "passes": {
                **serial_table(0, flight_id=fk("flights.id"), seat={"type": "varchar(1)"}),
                "rowCount": {"per": "flights", "count": 2000},
                "unique": [["flight_id", "seat"]],
            },
        }
    }
    proc = validate(tmp_path, schema)
    assert proc.returncode == 2
    assert "tables.passes.columns.seat: composite key (flight_id, seat) needs 20,000" in proc.stderr
    assert "2,000 within one flights row is still too many" in proc.stderr


def test_a_key_column_whose_generator_cannot_make_unique_values_is_refused(
    tmp_path: Path,
) -> None:
    # validate passed this, and generate stopped on an internal error: the two patterns
    # can make the same value (digits are hex digits), so they cannot number a key
    codes = {"type": "varchar(2)", "generator": "core.pattern",
             "params": {"pattern": ["#?", "^?"]}}  # fmt: skip
    schema = {
        "tables": {
            "flights": serial_table(10),
            "passes": {
                **serial_table(0, flight_id=fk("flights.id"), seat=codes),
                "rowCount": 30,
                "unique": [["flight_id", "seat"]],
            },
        }
    }
    proc = validate(tmp_path, schema)
    assert proc.returncode == 2, proc.stdout
    assert "tables.passes.columns.seat: composite key (flight_id, seat)" in proc.stderr
    assert "cannot make unique values: " in proc.stderr and "must not make the same" in proc.stderr


def test_keys_sharing_a_foreign_key_are_refused(tmp_path: Path) -> None:
    """Two keys of FK columns that share an FK cannot both be drawn distinct."""
    schema = {
        "tables": {
            "a": serial_table(20),
            "b": serial_table(20),
            "c": serial_table(20),
            "abc": {
                "rowCount": 50,
                "primaryKey": ["a_id", "b_id"],
                "unique": [["b_id", "c_id"]],
                "columns": {"a_id": fk("a.id"), "b_id": fk("b.id"), "c_id": fk("c.id")},
            },
        }
    }
    proc = validate(tmp_path, schema)
    assert proc.returncode == 2
    assert "keys (b_id, c_id) and (a_id, b_id) share the foreign key abc_b_id_fkey" in proc.stderr


def test_a_hash_index_cannot_be_unique(tmp_path: Path) -> None:
    schema = {
        "tables": {
            "t": {
                **serial_table(5),
                "indexes": [{"columns": ["id"], "unique": True, "method": "hash"}],
            }
        }
    }
    proc = validate(tmp_path, schema)
    assert proc.returncode == 2
    assert 'tables.t.indexes.0.method: PostgreSQL builds unique indexes only with "btree"' in (
        proc.stderr
    )


def test_a_partial_unique_index_pgmock_cannot_hold_is_refused(tmp_path: Path) -> None:
    """One user per row WHERE kind = 'a', among 300 rows of 20 users: no boolean column
    to clear and too few users for every row, so validate says so instead of a restore
    failing on the index."""
    kind = {"type": "text", "generator": "choice", "params": {"values": ["a", "b"]}}
    schema = {
        "tables": {
            "users": serial_table(20),
            "items": {
                **serial_table(300, user_id=fk("users.id"), kind=kind),
                "indexes": [{"columns": ["user_id"], "unique": True, "where": "kind = 'a'"}],
            },
        }
    }
    proc = validate(tmp_path, schema)
    assert proc.returncode == 2
    assert (
        "tables.items.indexes.0.where: pgmock cannot hold the partial unique index "
        "items_user_id_idx (user_id) WHERE kind = 'a': its columns cannot be unique in all "
        "300 rows"
    ) in proc.stderr
    # with as many users as rows, every row gets its own
    schema["tables"]["users"]["rowCount"] = 300
    assert validate(tmp_path, schema).returncode == 0
