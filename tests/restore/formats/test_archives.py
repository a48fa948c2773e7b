"""Custom, directory and tar archives restored by the real pg_restore 15 into PostgreSQL 15.

Every format is restored (serially, and with ``-j 4`` where pg_restore allows it) and the
data checked by query; each table's checksum must equal the plain script's. Fidelity: the
restored database, dumped by the real pg_dump 15, must give our own ``-F p`` script, and
its real archives must list the same entries in the same order as ours, with the same
dependencies; pg_restore's selective options must print the same script from both.
"""

from __future__ import annotations

import os
import re
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_reader import read_archive
from clihelp import pgmock
from pgharness import PgCluster
from pgtools import archive_listing, pg_dump, pg_restore, script, table_checksums
from shop_archives import FORMATS, ROWS, Archives


def _count(pg: PgCluster, db: str, sql: str) -> int:
    return int(pg.scalar(sql, db) or -1)


def check_promises(pg: PgCluster, db: str) -> None:
    """Row counts, FK integrity and uniqueness of the example schema."""
    counts = {"users": 1000, "sales.orders": 25000, "sales.order_tags": 2000}
    for table, rows in counts.items():
        assert _count(pg, db, f"SELECT count(*) FROM {table}") == rows, table
    orphans = (
        "SELECT count(*) FROM sales.orders o LEFT JOIN users u ON u.id = o.user_id "
        "WHERE u.id IS NULL"
    )
    assert _count(pg, db, orphans) == 0
    orphans = (
        "SELECT count(*) FROM sales.order_tags t LEFT JOIN sales.orders o ON o.id = t.order_id "
        "WHERE o.id IS NULL"
    )
    assert _count(pg, db, orphans) == 0
    assert _count(pg, db, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'") == 3
    assert _count(pg, db, "SELECT count(DISTINCT email) FROM users") == 1000
    assert _count(pg, db, "SELECT last_value FROM sales.orders_id_seq") == 25000


@pytest.fixture(scope="module")
def reference(pg: PgCluster, archives: Archives) -> Iterator[tuple[str, dict[str, str | None]]]:
    """The plain script restored with psql, and its table checksums."""
    db = pg.create_db()
    try:
        pg.restore_plain(archives.plain, db)
        yield db, table_checksums(pg, db)
    finally:
        pg.drop_db(db)


# ---------------------------------------------------------------------------
# Restores
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "jobs"), [("c", None), ("c", "4"), ("d", None), ("d", "4"), ("t", None)]
)
def test_archive_restores_like_the_plain_script(
    pg: PgCluster,
    archives: Archives,
    reference: tuple[str, dict[str, str | None]],
    fmt: str,
    jobs: str | None,
) -> None:
    db = pg.create_db()
    try:
        parallel = ["-j", jobs] if jobs else []
        pg_restore(pg, "-e", *parallel, "-d", db, str(archives.path(fmt)))
        check_promises(pg, db)
        assert table_checksums(pg, db) == reference[1]
        # fidelity: pg_dump of the restored database is our own plain script
        assert script(pg_dump(pg, db)) == script(archives.plain.read_bytes())
    finally:
        pg.drop_db(db)


def test_custom_archive_streamed_to_a_pipe(
    pg: PgCluster, archives: Archives, reference: tuple[str, dict[str, str | None]]
) -> None:
    streamed = pgmock("generate", str(archives.schema), *ROWS, "-F", "c", "-j", "2").stdout
    toc = read_archive(streamed)
    assert {e.offset for e in toc.entries if e.had_dumper} == {(1, 0)}  # positions not set
    in_file = read_archive(archives.path("c").read_bytes())
    assert {e.offset[0] for e in in_file.entries if e.had_dumper and e.offset} == {2}
    db = pg.create_db()
    try:
        pg_restore(pg, "-e", "-d", db, input=streamed)  # pg_restore reading stdin
        assert table_checksums(pg, db) == reference[1]
        # saved to a file, pg_restore finds the blocks without offsets, even in parallel
        saved = archives.dir / "streamed.dump"
        saved.write_bytes(streamed)
        pg_restore(pg, "-e", "-c", "-j", "2", "-d", db, str(saved))
        assert table_checksums(pg, db) == reference[1]
    finally:
        pg.drop_db(db)


def test_restore_sql_of_the_tar_archive(
    pg: PgCluster, archives: Archives, reference: tuple[str, dict[str, str | None]]
) -> None:
    tar = archives.path("t")
    with tarfile.open(tar) as members:
        names = members.getnames()
        text = members.extractfile("restore.sql").read().decode()  # type: ignore[union-attr]
        # the server reads the data files, so they go where its OS user can read them
        where = pg.basedir / f"restore-sql-{os.getpid()}"
        where.mkdir(mode=0o755)
        for name in names:
            if name.endswith(".dat"):
                (where / name).write_bytes(members.extractfile(name).read())  # type: ignore[union-attr]
    # pg_restore --create --clean prints the same script, with the rows inline
    printed = script(pg_restore(pg, "-C", "-c", "-f", "-", str(tar)).stdout)
    inline = re.compile(r"(COPY [^\n]* FROM stdin;\n)(?:[^\n]*\n)*?\\\.\n\n\n")
    with_paths = inline.sub(lambda m: m.group(1) + "\\.\n@PATH@\n\n", printed)
    ours = re.sub(r"COPY [^\n]* FROM '\$\$PATH\$\$/\d+\.dat';\n", "@PATH@\n", script(text.encode()))
    note, _, body = ours.partition("--\n-- PostgreSQL database dump\n")
    assert (
        note.startswith("--\n-- NOTE:") and "--\n-- PostgreSQL database dump\n" + body == with_paths
    )
    # and psql runs it once the paths are filled in
    pg.create_db(archives.database)
    try:
        runnable = text.replace("$$PATH$$", str(where))
        pg.restore_plain(runnable.encode(), "postgres")
        check_promises(pg, archives.database)
        assert table_checksums(pg, archives.database) == reference[1]
    finally:
        pg.drop_db(archives.database)


# ---------------------------------------------------------------------------
# Against the real pg_dump's archives of the restored database
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(pg: PgCluster, archives: Archives) -> Path:
    """pg_dump 15's own custom, directory and tar archives of our restored archive."""
    try:
        # -C: the database gets the archive's name, which pg_dump records
        pg_restore(pg, "-e", "-C", "-d", "postgres", str(archives.path("c")))
        for fmt in FORMATS:
            pg_dump(pg, archives.database, "-F", fmt, "-f", str(archives.dir / f"real.{fmt}"))
    finally:
        pg.drop_db(archives.database)
    return archives.dir


@pytest.mark.parametrize("fmt", FORMATS)
def test_listing_matches_real_pg_dump(
    pg: PgCluster, archives: Archives, real: Path, fmt: str
) -> None:
    ours_header, ours = archive_listing(pg, archives.path(fmt))
    theirs_header, theirs = archive_listing(pg, real / f"real.{fmt}")
    assert ours_header == theirs_header
    # same entries (catalog, kind, schema, name, owner) in the same order, same dependencies
    assert ours == theirs


def _list_file(pg: PgCluster, archive: Path, drop: str, path: Path) -> Path:
    """The archive's own -l output without the lines matching *drop*, as a -L file."""
    lines = pg_restore(pg, "-l", str(archive)).stdout.decode().splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not re.search(drop, line)))
    return path


SELECTIONS = [
    ["-s"],
    ["-a"],
    ["--section=pre-data"],
    ["--section=data"],
    ["--section=post-data"],
    ["-t", "users"],
    ["-n", "sales"],
    ["-O"],
    ["-c", "--if-exists"],
    ["-C", "-c"],
    ["-x", "--no-comments"],
    ["--disable-triggers", "-a"],
    ["-L"],
]


@pytest.mark.parametrize("options", SELECTIONS, ids=lambda o: " ".join(o))
def test_selective_restores_print_what_pg_dumps_archive_prints(
    pg: PgCluster, archives: Archives, real: Path, tmp_path: Path, options: list[str]
) -> None:
    texts = []
    for which, archive in (("ours", archives.path("c")), ("real", real / "real.c")):
        args = list(options)
        if args == ["-L"]:
            # keep users' data, drop the sales tables' data and the FK constraints
            drop = r"TABLE DATA sales|FK CONSTRAINT"
            args.append(str(_list_file(pg, archive, drop, tmp_path / f"{which}.list")))
        texts.append(script(pg_restore(pg, *args, "-f", "-", str(archive)).stdout))
    assert texts[0] == texts[1]
    assert texts[0].count("\n") > 20


def test_restores_with_options(
    pg: PgCluster, archives: Archives, reference: tuple[str, dict[str, str | None]], tmp_path: Path
) -> None:
    custom, directory, tar = (str(archives.path(f)) for f in FORMATS)
    db = pg.create_db()
    try:
        # -c --if-exists twice: the second run drops and recreates everything
        for _ in range(2):
            pg_restore(pg, "-e", "-c", "--if-exists", "-O", "-d", db, directory)
        assert table_checksums(pg, db) == reference[1]
        pg.drop_db(db)
        # schema only, then data only (with the FKs already there, as with pg_dump's
        # archives, data of referencing tables may come first: --disable-triggers)
        pg.create_db(db)
        pg_restore(pg, "-e", "-s", "-d", db, custom)
        assert _count(pg, db, "SELECT count(*) FROM sales.orders") == 0
        pg_restore(pg, "-e", "-a", "--disable-triggers", "-d", db, tar)
        assert table_checksums(pg, db) == reference[1]
        assert _count(pg, db, "SELECT last_value FROM users_id_seq") == 1000
        pg.drop_db(db)
        # a list file: everything but the sales tables' data
        pg.create_db(db)
        listing = _list_file(pg, archives.path("c"), "TABLE DATA sales", tmp_path / "l")
        pg_restore(pg, "-e", "-j", "2", "-L", str(listing), "-d", db, custom)
        assert _count(pg, db, "SELECT count(*) FROM users") == 1000
        assert _count(pg, db, "SELECT count(*) FROM sales.orders") == 0
        # -t: only that table's data (into the existing schema)
        pg_restore(pg, "-e", "-a", "-t", "orders", "-d", db, custom)
        assert _count(pg, db, "SELECT count(*) FROM sales.orders") == 25000
        assert _count(pg, db, "SELECT count(*) FROM sales.order_tags") == 0
    finally:
        pg.drop_db(db)
    # -C: pg_restore creates the database the archive names
    try:
        pg_restore(pg, "-e", "-C", "-d", "postgres", custom)
        check_promises(pg, archives.database)
    finally:
        pg.drop_db(archives.database)


# ---------------------------------------------------------------------------
# Options and failures
# ---------------------------------------------------------------------------


def test_compression_levels_and_refusals(pg: PgCluster, archives: Archives, tmp_path: Path) -> None:
    schema = str(archives.schema)
    small = ("--rows", "users=30", "--rows", "sales.orders=40", "--rows", "sales.order_tags=20")
    sizes = {}
    for level in ("0", "9"):
        out = tmp_path / f"z{level}.dump"
        pgmock("generate", schema, *small, "-F", "c", "-Z", level, "-f", str(out))
        assert read_archive(out.read_bytes()).compression == int(level)
        pg_restore(pg, "-f", os.devnull, str(out))  # every block reads back
        sizes[level] = out.stat().st_size
    assert sizes["0"] > sizes["9"]
    # usage errors (exit 2) before anything is generated; the rules themselves are
    # unit-tested in test_archive_encoding.py
    refused = {
        ("-F", "c", "-Z", "lz4"): "needs archive version 1.15",
        ("-F", "c", "-Z", "gzip:10"): "gzip takes 1..9",
        ("-F", "p", "-Z", "9"): "compression is not supported by the plain format",
    }
    for args, message in refused.items():
        proc = pgmock("generate", schema, *small, *args, check=False)
        assert proc.returncode == 2, args
        assert message in proc.stderr.decode(), (args, proc.stderr.decode())
