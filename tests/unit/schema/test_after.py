"""Consistent time ("after"): mistakes are schema errors with their JSON paths.

The restore half (tests/restore/schema/test_after.py) checks the order of the times in a
real PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import validate_schema
from sample_schemas import AFTER_SCHEMA


def test_after_mistakes_are_schema_errors(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(AFTER_SCHEMA))
    cols = bad["tables"]["orders"]["columns"]
    cols["placed_at"]["after"] = "customers.created_at"
    cols["ship_date"]["after"] = "id"
    bad["tables"]["users"]["columns"]["updated_at"]["after"] = {
        "column": "created_at",
        "within": "soon",
    }
    proc = validate_schema(tmp_path / "bad.json", bad)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert (
        'tables.orders.columns.placed_at.after: "customers.created_at": orders has no '
        'foreign key to "customers"' in err
    )
    assert 'tables.orders.columns.ship_date.after: "id" is not a date or timestamp column' in err
    assert 'tables.users.columns.updated_at.after: cannot read interval "soon"' in err
