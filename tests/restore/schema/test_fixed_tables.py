"""``"fixed": true`` keeps a lookup table's rows under ``--scale`` (issue 12, 6)."""

from __future__ import annotations

from pathlib import Path

from pgharness import PgCluster
from restored import restore, serial_table


def test_scale_leaves_fixed_tables_alone(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """Before: a 6-row lookup table became 600 rows, and its unique choice column could
    not hold them."""
    statuses = ["new", "open", "held", "solved", "closed", "spam"]
    schema = {
        "$comment": "a lookup table and the rows that use it",
        "tables": {
            "statuses": {
                **serial_table(
                    6,
                    name={
                        "type": "text",
                        "unique": True,
                        "generator": "choice",
                        "params": {"values": statuses},
                    },
                ),
                "fixed": True,
                "$comment": "six statuses, whatever --scale says",
            },
            "tickets": serial_table(20, status_id={"type": "integer", "references": "statuses.id"}),
        },
    }
    restore(pg, pgdb, tmp_path, schema, "--scale", "100")
    counts = pg.query(
        "SELECT (SELECT count(*) FROM statuses), (SELECT count(*) FROM tickets), "
        "(SELECT count(DISTINCT status_id) FROM tickets)",
        pgdb,
    )[0]
    assert counts == ("6", "2000", "6")
    names = sorted(r[0] or "" for r in pg.query("SELECT name FROM statuses", pgdb))
    assert names == sorted(statuses)
    # --rows still sets a fixed table
    db = pg.create_db()
    try:
        restore(pg, db, tmp_path, {**schema, "tables": {"statuses": schema["tables"]["statuses"]}},
                "--rows", "statuses=4", "--scale", "2")  # fmt: skip
        assert pg.scalar("SELECT count(*) FROM statuses", db) == "4"
    finally:
        pg.drop_db(db)
