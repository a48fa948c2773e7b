"""Round trips through a real PostgreSQL: what pgmock wrote is what the server holds.

``roundtrip(pg, schema, tmp_path)`` generates the schema once as plain SQL and takes the
rows of its COPY blocks as the values the generators produced (in PostgreSQL text form).
Then, for every requested output format, it generates again, restores into a fresh
database, reads every table back with ``COPY … TO STDOUT`` (the server's own text output)
and asserts that each line equals the one pgmock wrote. Equality of the COPY text means
every value arrived exactly as generated, in its canonical form.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from clihelp import pgmock
from pgharness import PgCluster

# -F p as COPY, -F p --inserts, -F p --column-inserts, and the three archives.
ALL_FORMATS = ("p", "inserts", "column-inserts", "c", "d", "t")
# Quoted identifiers may hold spaces, dots, parentheses and doubled quotes.
_IDENT = r'(?:"(?:[^"]|"")*"|[^\s".(]+)'
_COPY_HEAD = re.compile(rf"^COPY (?P<table>{_IDENT}\.{_IDENT}) \((?P<cols>.*)\) FROM stdin;$")


def copy_blocks(sql: str) -> dict[str, tuple[str, list[str]]]:
    """Table -> (column list as written, data lines) of every COPY block of a plain dump."""
    blocks: dict[str, tuple[str, list[str]]] = {}
    lines = iter(sql.split("\n"))
    for line in lines:
        m = _COPY_HEAD.match(line)
        if m is None:
            continue
        rows = []
        for row in lines:
            if row == "\\.":
                break
            rows.append(row)
        blocks[m.group("table")] = (m.group("cols"), rows)
    return blocks


def _generate(
    schema_file: Path, out: Path, fmt: str, args: tuple[str, ...], plugins: tuple[str, ...] = ()
) -> None:
    flags = {"inserts": ["-F", "p", "--inserts"], "column-inserts": ["-F", "p", "--column-inserts"]}
    loads = [f"--plugin={p}" for p in plugins]
    fmt_flags = flags.get(fmt, ["-F", fmt])
    pgmock(*loads, "generate", str(schema_file), *fmt_flags, "-f", str(out), *args)


def _restore(pg: PgCluster, path: Path, fmt: str, db: str) -> None:
    if fmt in ("p", "inserts", "column-inserts"):
        pg.restore_plain(path, db)
        return
    proc = subprocess.run(
        [str(pg.tool("pg_restore")), "-e", "-d", db, str(path)],
        capture_output=True,
        env=pg.env(),
    )
    assert proc.returncode == 0, f"pg_restore -F {fmt}: {proc.stderr.decode()}"


def read_back(pg: PgCluster, db: str, table: str, cols: str) -> list[str]:
    """The table's rows as the server prints them in COPY text (session time zone UTC)."""
    out = pg.psql(
        "-q", "-c", "SET TimeZone = 'UTC'", "-c", f"COPY {table} ({cols}) TO STDOUT", db=db
    ).stdout.decode("utf-8")
    return out.split("\n")[:-1] if out else []


def roundtrip(
    pg: PgCluster,
    schema: dict[str, Any],
    tmp_path: Path,
    formats: tuple[str, ...] = ALL_FORMATS,
    args: tuple[str, ...] = (),
    plugins: tuple[str, ...] = (),
) -> dict[str, tuple[str, list[str]]]:
    """Generate ``schema``, restore it in every format, assert every value came back
    unchanged; returns the COPY blocks (table -> (columns, lines)) for further checks.
    ``plugins`` are loaded with ``--plugin`` (a test's plugin file: a schema cannot)."""
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    plain = tmp_path / "expected.sql"
    _generate(schema_file, plain, "p", args, plugins)
    expected = copy_blocks(plain.read_text(encoding="utf-8"))
    assert expected, "the schema produced no table data"
    for fmt in formats:
        out = tmp_path / f"out-{fmt}"
        _generate(schema_file, out, fmt, args, plugins)
        db = pg.create_db()
        try:
            _restore(pg, out, fmt, db)
            for table, (cols, rows) in expected.items():
                got = read_back(pg, db, table, cols)
                assert len(got) == len(rows), f"{fmt}: {table}: {len(got)} rows, wrote {len(rows)}"
                # Heap order is not load order: when rows vary in width, COPY fills the
                # free space left on earlier pages (the FSM), so compare as multisets.
                if sorted(got) != sorted(rows):
                    held = Counter(got)
                    for i, mine in enumerate(rows):
                        assert held[mine] > 0, (
                            f"-F {fmt}: {table} row {i}: wrote\n  {mine!r}\nPostgreSQL holds "
                            f"no such row; one it holds instead:\n  "
                            f"{next(t for t in got if t not in rows)!r}"
                        )
                        held[mine] -= 1
        finally:
            pg.drop_db(db)
    return expected
