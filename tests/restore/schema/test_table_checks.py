"""Column and table CHECKs hold on the data (issue 12, 7): bounds and IN-lists steer the
generator, every batch is verified and failing rows redrawn; CHECKs over several columns
are redrawn on the column made last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pgharness import PgCluster
from restored import restore, serial_table, validate


def _shop() -> dict[str, Any]:
    return {
        "seed": 6,
        "tables": {
            "issues": serial_table(30),
            "order_details": {
                **serial_table(
                    20000,
                    # named: inference would give an order's discount 0-0.25 of its own
                    discount={
                        "type": "real",
                        "generator": "core.decimal",
                        "check": "discount >= 0 AND discount <= 1",
                    },
                    rate={"type": "numeric(4,2)", "check": "rate > 0 AND rate < 1"},
                    state={"type": "varchar(255)", "check": "state IN ('open', 'closed')"},
                    status={"type": "integer"},
                    # a generator named: its values are redrawn where they fail
                    lucky={
                        "type": "integer",
                        "generator": "integer",
                        "params": {"min": 0, "max": 1000},
                        "check": "lucky % 7 = 3",
                    },
                    start_date={"type": "date"},
                    end_date={"type": "date"},
                    lft={"type": "integer", "nullRatio": 0.2},
                    rgt={"type": "integer"},
                    from_id={"type": "integer", "references": "issues.id"},
                    to_id={"type": "integer", "references": "issues.id"},
                ),
                "checks": [
                    "status IN (0, 1, 2, 3)",
                    "end_date >= start_date",
                    "lft IS NULL OR rgt IS NULL OR lft < rgt",
                    "from_id <> to_id",
                ],
            },
        },
    }


def test_column_and_table_checks_hold(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """Before: the CHECKs were written into the dump and the data ignored them, so the
    restore failed on the first one (discount up to 1000)."""
    proc = validate(tmp_path, _shop())
    assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    restore(pg, pgdb, tmp_path, _shop())
    spread = pg.query(
        """SELECT count(DISTINCT state), count(DISTINCT status), min(discount), max(discount),
                  count(DISTINCT lucky), count(*) FILTER (WHERE end_date > start_date),
                  count(*) FILTER (WHERE lft IS NULL)
             FROM order_details""",
        pgdb,
    )[0]
    states, statuses, lo, hi, lucky, ordered, nulls = spread
    assert (states, statuses) == ("2", "4")
    assert 0 <= float(lo or -1) < 0.01 and 0.99 < float(hi or 0) <= 1
    assert int(lucky or 0) == 143  # every 7k+3 in 0..1000
    assert int(ordered or 0) > 19000 and 3500 < int(nulls or 0) < 4500


def test_a_key_of_two_foreign_keys_kept_unequal(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """UNIQUE (from_id, to_id) with CHECK (from_id <> to_id): the pairs are drawn without
    the equal ones, so every one of the 30·29 pairs fits."""
    fk = {"type": "integer", "references": "issues.id"}
    schema = {
        "tables": {
            "issues": serial_table(30),
            "relations": {
                **serial_table(870, from_id=fk, to_id=fk),
                "unique": [["from_id", "to_id"]],
                "checks": ["from_id <> to_id"],
            },
        }
    }
    proc = validate(tmp_path, schema)
    assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    restore(pg, pgdb, tmp_path, schema)
    assert pg.scalar("SELECT count(DISTINCT (from_id, to_id)) FROM relations", pgdb) == "870"


def test_an_order_against_a_unique_column(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """ends_at > starts_at where starts_at is unique (a key): rows no redraw can meet (a
    start at the end of the range) get an end a little after their start."""
    schema = {
        "tables": {
            "slots": {
                **serial_table(
                    30000, starts_at={"type": "timestamptz"}, ends_at={"type": "timestamptz"}
                ),
                "unique": [["starts_at"]],
                "checks": ["ends_at > starts_at"],
            }
        }
    }
    restore(pg, pgdb, tmp_path, schema)
    late = pg.scalar("SELECT count(*) FROM slots WHERE ends_at <= starts_at", pgdb)
    assert late == "0"
