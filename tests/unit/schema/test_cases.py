"""Conditional values ("cases"): mistakes are schema errors with their JSON paths."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import validate_schema
from sample_schemas import CASES_SCHEMA


def test_case_mistakes_are_schema_errors(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(CASES_SCHEMA))
    cols = bad["tables"]["orders"]["columns"]
    cols["shipped_at"]["cases"]["values"]["shiped"] = None
    cols["carrier"]["cases"]["on"] = "state"
    err = validate_schema(tmp_path / "bad.json", bad).stderr.decode()
    assert (
        'columns.shipped_at.cases.values.shiped: "shiped" is not a label of public.status '
        '— did you mean "shipped"?' in err
    )
    assert (
        'columns.carrier.cases.on: table "orders" has no column "state" — did you mean '
        '"status"?' in err
    )
