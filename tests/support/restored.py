"""A schema written, generated as plain SQL and restored with ``ON_ERROR_STOP`` in one call.

For tests about what the data of a small schema holds once PostgreSQL has it: a restore
failure (a duplicate key, a CHECK, a bad default) fails the test with the server's
message.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from clihelp import pgmock
from pgharness import PgCluster


def write_schema(tmp_path: Path, schema: dict[str, Any], name: str = "schema.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"version": "1.0", **schema}), encoding="utf-8")
    return path


def restore(pg: PgCluster, db: str, tmp_path: Path, schema: dict[str, Any], *flags: str) -> str:
    """Generate ``schema`` (``version`` added) with ``flags``, restore it into ``db``;
    the dump's text."""
    path = write_schema(tmp_path, schema)
    out = tmp_path / "dump.sql"
    pgmock("generate", str(path), "-f", str(out), *flags)
    pg.restore_plain(out, db)
    return out.read_text(encoding="utf-8")


def validate(tmp_path: Path, schema: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    """``pgmock validate`` of ``schema``; its exit code, stdout and stderr as text."""
    proc = pgmock("validate", str(write_schema(tmp_path, schema)), check=False)
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode()
    )


def serial_table(rows: int, **columns: Any) -> dict[str, Any]:
    """A table keyed by a serial ``id``, with more columns."""
    return {"rowCount": rows, "columns": {"id": {"type": "serial", "primaryKey": True}, **columns}}
