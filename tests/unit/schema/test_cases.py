"""Conditional values ("cases"): mistakes are schema errors with their JSON paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clihelp import validate_schema
from restored import serial_table, validate
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


def _flag_schema(on_type: dict[str, object], values: dict[str, object]) -> dict[str, object]:
    return {
        "seed": 4,
        "tables": {
            "flags": serial_table(
                400,
                flag=on_type,
                note={
                    "type": "text",
                    "generator": "constant",
                    "params": {"value": "other"},
                    "cases": {"on": "flag", "values": values},
                },
            )
        },
    }


@pytest.mark.parametrize(
    ("on_type", "value", "says"),
    [
        (
            {"type": "boolean"},
            "nonsense",
            '"nonsense" is not a boolean; PostgreSQL reads true, false',
        ),
        ({"type": "boolean"}, "o", '"o" is not a boolean'),
        ({"type": "integer"}, "1.5", '"1.5" is not a value of integer (flag)'),
        ({"type": "smallint"}, "40000", '"40000" is not a value of smallint (flag)'),
    ],
)
def test_case_values_the_on_column_cannot_hold_are_refused(
    tmp_path: Path, on_type: dict[str, object], value: str, says: str
) -> None:
    proc = validate(tmp_path, _flag_schema(on_type, {value: None}))
    assert proc.returncode == 2
    assert f"tables.flags.columns.note.cases.values.{value}: {says}" in proc.stderr


def test_two_spellings_of_one_case_are_refused(tmp_path: Path) -> None:
    proc = validate(tmp_path, _flag_schema({"type": "boolean"}, {"true": None, "yes": None}))
    assert proc.returncode == 2
    assert '"yes" is the same value as another case (t)' in proc.stderr
