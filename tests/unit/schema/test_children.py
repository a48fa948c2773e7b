"""Children per parent: scaling, and mistakes that are schema errors."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import pgmock
from sample_schemas import children_schema


def test_min_max_children_and_scale(tmp_path: Path) -> None:
    schema = children_schema(tmp_path, {"per": "users", "min": 0, "max": 2}, users=100)
    out = pgmock("generate", str(schema), "-a", "--scale", "3").stdout.decode()
    body = out[out.index("COPY public.orders") :]
    rows = body[body.index("\n") + 1 : body.index("\\.")].splitlines()
    assert 200 < len(rows) < 400  # 300 parents after --scale 3, 0..2 children each


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
    fixed = children_schema(tmp_path, {"per": "users", "count": 2})
    proc = pgmock("validate", str(fixed), "--rows", "orders=5", check=False)
    assert proc.returncode == 2
    assert b"--rows cannot set a table whose rowCount is per parent" in proc.stderr
