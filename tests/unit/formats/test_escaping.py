"""Escaping: NUL, which PostgreSQL cannot store, is an error naming the table, column and
row, and leaves no output behind, in every output format.

tests/restore/formats/test_escaping.py sends every other adversarial character through
every format into a real PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clihelp import pgmock
from values_plugin import PLUGIN_PATH, given


def _nul_schema(column: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": "1.0",
        "tables": {
            "accounts": {
                "rowCount": 12_000,  # two chunks: the row number must count across them
                "columns": {"id": {"type": "serial", "primaryKey": True}, "note": column},
            }
        },
    }


_NUL_VALUES = ["ok"] * 10_004 + ["bad\x00value"] + ["ok"] * 1_995


@pytest.mark.parametrize(
    ("column", "flags"),
    [
        (given("text", _NUL_VALUES), ["-F", "p"]),
        (given("text", _NUL_VALUES), ["-F", "p", "-j", "2"]),  # raised in a worker
        (given("varchar(20)", _NUL_VALUES), ["--inserts"]),
        (given("text[]", [[v, "x"] for v in _NUL_VALUES]), ["-F", "c"]),
        (given("jsonb", [{"k": v} for v in _NUL_VALUES]), ["-F", "d"]),
    ],
    ids=["text-copy", "text-copy-jobs", "varchar-inserts", "text[]-custom", "jsonb-directory"],
)
def test_nul_is_an_error_naming_column_and_row(
    tmp_path: Path, column: dict[str, Any], flags: list[str]
) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps(_nul_schema(column)))
    out = tmp_path / "out"
    proc = pgmock(
        "--plugin", PLUGIN_PATH, "generate", str(schema), *flags, "-f", str(out), check=False
    )
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    if column["type"] == "jsonb":
        # a dict holding NUL becomes the JSON escape \u0000, which jsonb rejects
        assert "accounts.note: row 10005: " in err and "jsonb cannot hold \\u0000" in err, err
    else:
        assert "accounts.note: row 10005: 'bad\\x00value' contains a NUL character" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]
