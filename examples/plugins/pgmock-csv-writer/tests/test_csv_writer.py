"""The writer's own tests, with the pytest fixtures pgmock installs (pgmock.testing)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from pgmock_csv_writer.writer import csv_chunk, file_name

from pgmock_sdk import Chunk
from pgmock_sdk.testing import copy_rows

SCHEMA = {
    "version": "1.0",
    "seed": 4,
    "tables": {
        "notes": {
            "rowCount": 25_000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "body": {"type": "text", "generator": "text", "nullRatio": 0.1, "nullable": True},
                "score": {"type": "numeric(6,2)"},
            },
        }
    },
}


def test_fields_follow_postgresql_csv() -> None:
    chunk = Chunk(offset=0, n=4, columns=[["1", "2", "3", "4"], ["a,b", 'say "hi"', "", None]])
    assert csv_chunk(chunk) == '1,"a,b"\n2,"say ""hi"""\n3,""\n4,\n'
    plain = Chunk(offset=0, n=2, columns=[["1", "2"], ["x", "y"]])
    assert csv_chunk(plain) == "1,x\n2,y\n"
    assert file_name("sales", "order items") == "sales.order_items.csv"


def test_csv_output_matches_the_plain_dump(pgmock_cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = pgmock_cli.schema_file(SCHEMA)
    pgmock_cli("generate", str(path), "-F", "csv", "-f", str(out), plugins=["csv-writer"])
    assert sorted(p.name for p in out.iterdir()) == ["load.sql", "public.notes.csv"]
    with open(out / "public.notes.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["id", "body", "score"]
    expected = copy_rows(pgmock_cli.generate(SCHEMA), "notes")
    # csv.reader cannot tell NULL from "": compare with NULL as "".
    assert [tuple(r) for r in rows[1:]] == [tuple(v or "" for v in r) for r in expected]
    assert (
        "\\copy public.notes (id, body, score) FROM 'public.notes.csv'"
        in (out / "load.sql").read_text()
    )


def test_unknown_format_without_the_plugin(pgmock_cli: Any, tmp_path: Path) -> None:
    path = pgmock_cli.schema_file(SCHEMA)
    res = pgmock_cli("generate", str(path), "-F", "csv", "-f", str(tmp_path / "o"), check=False)
    assert res.returncode == 2 and 'unknown output format "csv"' in res.stderr
