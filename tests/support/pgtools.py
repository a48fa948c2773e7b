"""The real PostgreSQL client programs against a test cluster, and what their output is
compared by.

``pg_dump`` and ``pg_restore`` run the cluster's own binaries; ``script`` strips from a
script what legitimately differs between two dumps; ``archive_listing`` reads
``pg_restore -l -v``; ``table_checksums`` fingerprints the example shop's tables;
``server_texts`` loads values with COPY and returns the server's text of each.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from clihelp import pgmock
from pgharness import PgCluster


def table_checksums(pg: PgCluster, db: str) -> dict[str, str | None]:
    """md5 of each table's rows in a canonical order: equal checksums, equal contents."""
    out = {}
    for table in ("public.users", "sales.orders", "sales.order_tags"):
        out[table] = pg.scalar(
            f"SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) FROM {table} t", db
        )
    return out


_VOLATILE = re.compile(
    r"^(?:\\(?:un)?restrict .*\n\n?|-- Dumped (?:from|by) .*\n|-- pgmock seed .*\n)", re.M
)
_LOCALE = re.compile(r" LOCALE_PROVIDER = \w+ LOCALE = '[^']*'")
# pg_restore 15.14+ wraps \connect in \unrestrict/\restrict; without them it prints
# "\connect db" and a blank line.
_CONNECT = re.compile(r"^\\unrestrict .*\n(\\connect .*\n)\\restrict .*\n\n", re.M)


def pg_restore(
    pg: PgCluster, *args: str, check: bool = True, input: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.run(
        [str(pg.tool("pg_restore")), *args], capture_output=True, env=pg.env(), input=input
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"pg_restore {' '.join(args)}: {proc.stderr.decode()}")
    return proc


def restore_ddl(pg: PgCluster, db: str, folder: Path, name: str, ddl: str) -> None:
    """``ddl`` (SQL with no hints) generated as a custom archive by ``pgmock generate``
    and restored into ``db`` (stopping at the first error): a stranger's schema tried."""
    schema = folder / f"{name}.sql"
    schema.write_text(ddl)
    archive = folder / f"{name}.dump"
    pgmock("generate", str(schema), "-Fc", "-f", str(archive))
    pg_restore(pg, "-e", "-d", db, str(archive))


def pg_dump(pg: PgCluster, db: str, *args: str) -> bytes:
    proc = subprocess.run(
        [str(pg.tool("pg_dump")), *args, "-d", db], capture_output=True, env=pg.env(), check=True
    )
    return proc.stdout


# What pgmock's header says about itself, which pg_dump says about the server.
_VERSION_LINES = re.compile(r"^(?:\\(?:un)?restrict .*\n\n|-- Dumped (?:from|by) .*\n)", re.M)


def without_version_lines(text: str) -> str:
    """A plain script without its version lines and pg_dump's \\restrict lines."""
    return _VERSION_LINES.sub("", text)


def plain_dump(pg: PgCluster, db: str, *args: str) -> str:
    """pg_dump's plain script of *db*, without version and \\restrict lines."""
    return without_version_lines(pg_dump(pg, db, *args).decode("utf-8"))


def pgmock_script(schema_file: Path, *flags: str) -> str:
    """pgmock's plain script of *schema_file*, without what pg_dump's has no counterpart of."""
    out = pgmock("generate", str(schema_file), *flags).stdout.decode("utf-8")
    # pgmock's provenance comment (seed, library versions) has no pg_dump counterpart
    return without_version_lines(re.sub(r"^-- pgmock .*\n", "", out, flags=re.M))


def script(text: bytes) -> str:
    """A script without what legitimately differs: version lines, \\restrict, the locale."""
    unwrapped = _CONNECT.sub(lambda m: m.group(1) + "\n", text.decode("utf-8"))
    return _LOCALE.sub("", _VOLATILE.sub("", unwrapped))


def archive_listing(pg: PgCluster, archive: Path) -> tuple[list[str], list[tuple[str, ...]]]:
    """pg_restore -l -v -C: header facts, and per entry its kind, name and dependencies."""
    out = pg_restore(pg, "-l", "-v", "-C", str(archive)).stdout.decode()
    header = [
        line
        for line in out.splitlines()
        if re.match(r";\s+(TOC Entries|Compression|Dump Version|Format|Integer|Offset):", line)
    ]
    entries: dict[int, tuple[str, str]] = {}
    deps: dict[int, list[int]] = {}
    order: list[int] = []
    for line in out.splitlines():
        m = re.match(r"^(\d+); (\d+) \d+ (.*)$", line)
        if m:
            order.append(int(m.group(1)))
            entries[int(m.group(1))] = (m.group(2), m.group(3))
        elif line.startswith(";\tdepends on:"):
            deps[order[-1]] = [int(d) for d in line.split(":", 1)[1].split()]
    rows = []
    for i in order:
        named = sorted({" ".join(entries[d]) for d in deps.get(i, []) if d in entries})
        rows.append((*entries[i], *named))
    return header, rows


_COPY_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


_COPY_UNESCAPE = re.compile(r"\\(.)")
_UNESCAPED = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}


def server_texts(
    pg: PgCluster, db: str, setup: str, types: list[str], columns: list[list[str | None]]
) -> list[list[str | None]]:
    """Load the columns into a table of the given types with COPY and read them back
    (TimeZone UTC, in load order): what the server holds, column by column."""
    n = len(columns[0])
    ddl = ", ".join(f"c{i} {t}" for i, t in enumerate(types))
    lines = [
        "\t".join(
            [str(r)]
            + ["\\N" if c[r] is None else str(c[r]).translate(_COPY_ESCAPE) for c in columns]
        )
        for r in range(n)
    ]
    script = (
        f"SET TimeZone = 'UTC';\n{setup}\nCREATE TABLE g (row_no int, {ddl});\n"
        "COPY g FROM stdin;\n"
        + "".join(line + "\n" for line in lines)
        + "\\.\nCOPY (SELECT * FROM g ORDER BY row_no) TO stdout;\n"
    )
    out = pg.psql("-q", "-f", "-", db=db, input=script.encode()).stdout.decode()
    rows = [line.split("\t")[1:] for line in out.splitlines()]
    assert len(rows) == n
    return [
        [
            None
            if row[i] == "\\N"
            else _COPY_UNESCAPE.sub(lambda m: _UNESCAPED.get(m.group(1), m.group(1)), row[i])
            for row in rows
        ]
        for i in range(len(types))
    ]
