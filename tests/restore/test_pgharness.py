"""The real-PostgreSQL harness itself: startup, query decoding, restore, matrix."""

from __future__ import annotations

import io
import os
import pwd
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import pgharness
from pgharness import PgCluster, PsqlError


def test_cluster_is_configured_for_tests(pg: PgCluster) -> None:
    assert pg.bindir.is_dir()
    assert pg.major == pgharness.bindir_major(pg.bindir)
    assert str(pg.scalar("SHOW server_version", "postgres")).startswith(f"{pg.major}.")
    assert pg.scalar("SHOW server_encoding", "postgres") == "UTF8"
    assert pg.scalar("SHOW listen_addresses", "postgres") == ""
    assert pg.scalar("SHOW fsync", "postgres") == "off"
    assert pg.scalar("SHOW TimeZone", "postgres") == "UTC"
    assert pg.scalar("SELECT current_user", "postgres") == "postgres"
    assert (Path(pg.host) / f".s.PGSQL.{pg.port}").exists()


def test_server_runs_unprivileged(pg: PgCluster) -> None:
    pid = int((pg.datadir / "postmaster.pid").read_text().splitlines()[0])
    uid = os.stat(f"/proc/{pid}").st_uid
    if os.geteuid() == 0:
        assert uid != 0
        assert uid == pwd.getpwnam("postgres").pw_uid
    else:
        assert uid == os.geteuid()


def test_query_decodes_nulls_whitespace_and_unicode(pg: PgCluster, pgdb: str) -> None:
    values = [
        "plain",
        "",
        "tab\there",
        "line1\nline2",
        "trailing newline\n",
        "\n",
        "cr\r\nlf",
        "back\\slash | pipe, comma; 'quote' \"dq\"",
        "ünïcødé ✓ 日本語 🐘",
        "NULL",
    ]
    pg.psql(
        "-q",
        "-c",
        "CREATE TABLE t (id int PRIMARY KEY, v text, n int)",
        db=pgdb,
    )
    # Feed values through a COPY with escaping so the test does not rely on query().
    copy_lines = ["COPY t (id, v, n) FROM stdin;"]
    for i, v in enumerate(values):
        esc = v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        copy_lines.append(f"{i}\t{esc}\t{i}")
    copy_lines.append(f"{len(values)}\t\\N\t\\N")
    copy_lines.append("\\.")
    pg.restore_plain(("\n".join(copy_lines) + "\n").encode(), pgdb)

    rows = pg.query("SELECT id, v, n FROM t ORDER BY id", pgdb)
    expected: list[tuple[str | None, ...]] = [(str(i), v, str(i)) for i, v in enumerate(values)]
    expected.append((str(len(values)), None, None))
    assert rows == expected


def test_query_shapes(pg: PgCluster, pgdb: str) -> None:
    assert pg.query("CREATE TABLE e (a int)", pgdb) == []
    assert pg.query("SELECT a FROM e", pgdb) == []
    assert pg.query("SELECT ''", pgdb) == [("",)]
    assert pg.query("SELECT NULL", pgdb) == [(None,)]
    assert pg.query("SELECT NULL, ''", pgdb) == [(None, "")]
    assert pg.query("SELECT true, 1.50::numeric, '{1,2}'::int[]", pgdb) == [("t", "1.50", "{1,2}")]
    assert pg.query("VALUES (1, 'a'), (2, 'b')", pgdb) == [("1", "a"), ("2", "b")]
    assert pg.scalar("SELECT 42", pgdb) == "42"
    assert pg.scalar("SELECT NULL::text", pgdb) is None
    with pytest.raises(ValueError):
        pg.scalar("VALUES (1), (2)", pgdb)


def test_errors_carry_psql_stderr(pg: PgCluster, pgdb: str) -> None:
    with pytest.raises(PsqlError) as info:
        pg.query("SELECT * FROM no_such_table", pgdb)
    assert "no_such_table" in str(info.value)
    proc = pg.psql("-c", "SELECT 1/0", db=pgdb, check=False)
    assert proc.returncode != 0
    assert b"division by zero" in proc.stderr


def test_restore_plain_stops_on_first_error(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    dump = tmp_path / "dump.sql"
    dump.write_text(
        "CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);\n"
        "SELECT broken(;\nCREATE TABLE b (y int);\n",
        encoding="utf-8",
    )
    with pytest.raises(PsqlError, match="syntax error"):
        pg.restore_plain(dump, pgdb)
    assert pg.scalar("SELECT count(*) FROM a", pgdb) == "1"
    assert pg.scalar("SELECT to_regclass('b') IS NULL", pgdb) == "t"

    ok = tmp_path / "ok.sql"
    ok.write_text("CREATE TABLE c (z text);\nINSERT INTO c VALUES ('é');\n", encoding="utf-8")
    pg.run_sql_file(ok, pgdb)
    assert pg.scalar("SELECT z FROM c", pgdb) == "é"


def test_create_and_drop_db(pg: PgCluster) -> None:
    name = pg.create_db('Odd "name" db')
    try:
        row = pg.query(
            "SELECT pg_encoding_to_char(encoding), datcollate FROM pg_database "
            "WHERE datname = 'Odd \"name\" db'",
            "postgres",
        )
        assert row == [("UTF8", pgharness._initdb_locale())]
        pg.query("CREATE TABLE x (i int)", name)
    finally:
        pg.drop_db(name)
    assert pg.query("SELECT 1 FROM pg_database WHERE datname = 'Odd \"name\" db'", "postgres") == []
    pg.drop_db(name)  # IF EXISTS: dropping twice is fine
    assert pg.create_db() != pg.create_db()  # unique names (dropped with the cluster)


def test_env_and_tool_for_subprocesses(pg: PgCluster, pgdb: str) -> None:
    pg.psql("-q", "-c", "CREATE TABLE dumped (id int); INSERT INTO dumped VALUES (7)", db=pgdb)
    out = subprocess.run(
        [str(pg.tool("pg_dump")), "--data-only", "-t", "dumped", pgdb],
        env=pg.env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "COPY public.dumped (id) FROM stdin;\n7\n" in out
    assert pg.tool("pg_restore").is_file()
    with pytest.raises(FileNotFoundError):
        pg.tool("no-such-tool")


@pytest.mark.pg  # runs the server's programs, no cluster
def test_find_bindir_and_cli() -> None:
    bindir = pgharness.find_bindir()
    assert (bindir / "postgres").is_file()
    out = io.StringIO()
    assert pgharness.main(["--prefetch", "default"], out=out) == 0
    assert str(bindir) in out.getvalue()


@pytest.mark.pgmatrix
def test_wheel_cluster_18(pg_cluster_factory: Callable[[int], PgCluster]) -> None:
    pg18 = pg_cluster_factory(18)
    assert pg18.major == 18
    assert str(pg18.scalar("SHOW server_version", "postgres")).startswith("18")
    assert (pg18.bindir / "psql").is_file()
    db = pg18.create_db()
    pg18.restore_plain(b"CREATE TABLE t (v text); INSERT INTO t VALUES ('\xc3\xa9'), (NULL);", db)
    assert pg18.query("SELECT v FROM t ORDER BY v NULLS LAST", db) == [("é",), (None,)]
    assert pg_cluster_factory(18) is pg18  # cached per major
    pg18.drop_db(db)


def test_pgvector_cluster(pg_vector: PgCluster) -> None:
    """The pgserver wheel's server has pgvector and runs unprivileged like the others."""
    assert pg_vector.major == 16
    pid = int((pg_vector.datadir / "postmaster.pid").read_text().splitlines()[0])
    if os.geteuid() == 0:
        assert os.stat(f"/proc/{pid}").st_uid == pwd.getpwnam("postgres").pw_uid
    db = pg_vector.create_db()
    pg_vector.psql("-q", "-c", "CREATE EXTENSION vector", db=db)
    assert pg_vector.scalar("SELECT '[3,4]'::vector <-> '[0,0]'", db) == "5"
    assert pgharness.pgvector_bindir() == pg_vector.bindir  # cached: no second download
    pg_vector.drop_db(db)
