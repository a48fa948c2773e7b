"""Consistent time: children after their parents, updates after creation, checked in a real
PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import pgmock
from pgharness import PgCluster
from restored import restore, serial_table
from sample_schemas import AFTER_SCHEMA


def test_children_come_after_their_parents(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(AFTER_SCHEMA))
    out = tmp_path / "s.sql"
    pgmock("generate", str(path), "-f", str(out), "--jobs", "2")
    pg.restore_plain(out, pgdb)

    def check(sql: str) -> None:
        assert pg.scalar(sql, pgdb) == "t", sql

    # orders come 1 s .. 30 days after their user was created
    check(
        "SELECT bool_and(o.placed_at - u.created_at BETWEEN interval '1 second' AND "
        "interval '30 days') FROM orders o JOIN users u ON u.id = o.user_id "
        "WHERE u.created_at IS NOT NULL"
    )
    # updated_at follows its own row's created_at within 2 hours
    check(
        "SELECT bool_and(updated_at - (created_at AT TIME ZONE 'UTC') BETWEEN "
        "interval '1 second' AND interval '2 hours') FROM users WHERE created_at IS NOT NULL"
    )
    # a NULL created_at (nullRatio) still has an updated_at: the generated moment is used
    check("SELECT count(*) = count(updated_at) FROM users")
    # dates: 1 .. 5 days after the order's day
    check(
        "SELECT bool_and(ship_date - (placed_at AT TIME ZONE 'UTC')::date BETWEEN 1 AND 5) "
        "FROM orders"
    )
    serial = tmp_path / "serial.sql"
    pgmock("generate", str(path), "-f", str(serial))
    assert serial.read_bytes() == out.read_bytes()


def test_after_keeps_the_precision_of_what_it_follows(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    """Before: a moment after a whole-second timestamp carried microseconds."""
    ms = {"type": "timestamp", "generator": "timestamp", "params": {"resolution": "ms"}}
    schema = {
        "tables": {
            "events": serial_table(
                2000,
                created_at={"type": "timestamptz"},
                day={"type": "date"},
                precise=ms,
                updated_at={"type": "timestamptz", "after": "created_at"},
                seen_at={"type": "timestamp", "after": "day"},
                handled_at={"type": "timestamp", "after": "precise"},
                closed_at={"type": "timestamp(0)", "after": "precise"},
            )
        }
    }
    restore(pg, pgdb, tmp_path, schema)
    counts = pg.query(
        """SELECT count(*) FILTER (WHERE extract(microseconds FROM updated_at) % 1000000 <> 0),
                  count(*) FILTER (WHERE extract(microseconds FROM seen_at) % 1000000 <> 0),
                  count(*) FILTER (WHERE extract(microseconds FROM handled_at) % 1000 <> 0),
                  count(*) FILTER (WHERE extract(microseconds FROM handled_at) % 1000000 <> 0),
                  count(*) FILTER (WHERE NOT (updated_at > created_at AND seen_at > day
                                   AND handled_at > precise AND closed_at > precise))
             FROM events""",
        pgdb,
    )[0]
    # whole seconds after whole seconds and dates, milliseconds after milliseconds
    assert counts[:3] == ("0", "0", "0")
    assert int(counts[3] or 0) > 1900
    assert counts[4] == "0"
