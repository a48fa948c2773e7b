"""pgmock.testing: its CLI runner and ``copy_rows`` agree with a real PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pgmock.testing import copy_rows

from pgharness import PgCluster

# -- the CLI runner and copy_rows ------------------------------------------------------------

ODD = (
    "(n) => Array.from({length: n}, "
    "(_, i) => ['tab\\there', 'new\\nline', 'back\\\\slash', '\\\\N', null][i % 5])"
)


def test_cli_runner_and_copy_rows_agree_with_postgresql(
    pgmock_cli: Any, pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    schema = {
        "version": "1.0",
        "seed": 2,
        "tables": {
            "notes": {
                "rowCount": 50,
                "columns": {
                    "id": {"type": "serial", "primaryKey": True},
                    "body": {"type": "text", "generator": "js", "params": {"code": ODD}},
                    "mrn": {"type": "text", "generator": "acme-healthcare.mrn"},
                },
            }
        },
    }
    sql = pgmock_cli.generate(schema, plugins=["acme-healthcare"])
    failed = pgmock_cli("validate", str(pgmock_cli.schema_file(schema)), check=False)
    assert failed.returncode == 2 and "unknown generator" in failed.stderr
    path = tmp_path / "notes.sql"
    path.write_text(sql)
    pg.restore_plain(path, pgdb)
    in_pg = pg.query("SELECT id::text, body, mrn FROM notes ORDER BY notes.id", pgdb)
    parsed = copy_rows(sql, "notes")
    assert parsed == [tuple(r) for r in in_pg]
    assert {r[1] for r in parsed} == {"tab\there", "new\nline", "back\\slash", "\\N", None}
    with pytest.raises(AssertionError, match=r"no COPY block for public\.other"):
        copy_rows(sql, "other")
    assert json.loads(pgmock_cli("generators", "--json").stdout)
