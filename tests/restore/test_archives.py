"""Custom, directory and tar archives restored by the real pg_restore 15 into PostgreSQL 15.

Every format is restored (serially, and with ``-j 4`` where pg_restore allows it) and the
data checked by query; each table's checksum must equal the plain script's. Fidelity: the
restored database, dumped by the real pg_dump 15, must give our own ``-F p`` script, and
its real archives must list the same entries in the same order as ours, with the same
dependencies; pg_restore's selective options must print the same script from both.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tarfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive_reader import read_archive
from clihelp import EXAMPLES, SUPPORT, pgmock
from pgharness import PgCluster
from pgtools import archive_listing, pg_dump, pg_restore, script, table_checksums

# The example schema under a database name of its own (pg_restore -C creates it), with
# sales.orders in three chunks so -j 2 formats and compresses in parallel.
ROWS = ("--rows", "sales.orders=25000")
FORMATS = ("c", "d", "t")


@dataclass
class Archives:
    dir: Path
    schema: Path
    database: str
    plain: Path

    def path(self, fmt: str, jobs: int = 2) -> Path:
        return self.dir / f"shop-j{jobs}.{fmt}"


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> Archives:
    top = tmp_path_factory.mktemp("archives")
    spec = json.loads((EXAMPLES / "shop.json").read_text())
    database = f"pgmock_archive_{os.getpid()}"
    spec["database"]["name"] = database
    schema = top / "shop.json"
    schema.write_text(json.dumps(spec))
    found = Archives(top, schema, database, top / "shop.sql")
    pgmock("generate", str(schema), *ROWS, "-f", str(found.plain))
    for fmt in FORMATS:
        for jobs in (1, 2):
            out = found.path(fmt, jobs)
            pgmock("generate", str(schema), *ROWS, "-F", fmt, "-j", str(jobs), "-f", str(out))
    return found


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


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_does_not_depend_on_jobs(archives: Archives, fmt: str) -> None:
    one, two = archives.path(fmt, 1), archives.path(fmt, 2)
    if fmt == "d":
        names = sorted(p.name for p in one.iterdir())
        assert names == sorted(p.name for p in two.iterdir())
        assert all((one / n).read_bytes() == (two / n).read_bytes() for n in names)
    else:
        assert one.read_bytes() == two.read_bytes()


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


def test_help_names_the_archive_flags() -> None:
    text = pgmock("generate", "--help").stdout.decode()
    for flag in ("-Z, --compress METHOD[:LEVEL]", "--target-version N", "c (custom)"):
        assert flag in text, flag


def test_directory_format_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    shop = str(EXAMPLES / "shop.json")
    proc = pgmock("generate", shop, "-F", "d", "-f", str(target), check=False)
    assert proc.returncode == 2
    assert f'could not create directory "{target}"' in proc.stderr.decode()
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()  # an empty directory is fine, as with pg_dump
    pgmock("generate", shop, "--scale", "0.01", "-F", "d", "-f", str(empty))
    assert (empty / "toc.dat").is_file()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failing_generator_leaves_no_partial_archive(tmp_path: Path, fmt: str) -> None:
    plugin = tmp_path / "flaky_plugin.py"
    plugin.write_text((SUPPORT / "flaky_plugin.py").read_text())
    schema = tmp_path / "s.json"
    columns = {"v": {"type": "text", "generator": "flaky"}}
    schema.write_text(
        json.dumps({"version": "1.0", "tables": {"t": {"rowCount": 25000, "columns": columns}}})
    )
    out = tmp_path / "out"
    proc = pgmock(
        "--plugin", str(plugin), "generate", str(schema), "-F", fmt, "-f", str(out), check=False
    )
    assert proc.returncode == 1
    assert "upstream service went away" in proc.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flaky_plugin.py", "s.json"]


def test_output_to_a_device_or_pipe_is_written_in_place(tmp_path: Path) -> None:
    """-f /dev/null or a FIFO: written directly — a rename would replace the node."""
    shop = str(EXAMPLES / "shop.json")
    pgmock("generate", shop, "--scale", "0.01", "-F", "c", "-f", os.devnull)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with ThreadPoolExecutor(1) as pool:
        reader = pool.submit(fifo.read_bytes)
        pgmock("generate", shop, "--scale", "0.01", "-F", "c", "-f", str(fifo))
        assert reader.result(timeout=60)[:5] == b"PGDMP"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_dash_means_stdout(tmp_path: Path) -> None:
    shop = str(EXAMPLES / "shop.json")
    args = ("generate", shop, "--scale", "0.01", "-F", "c")
    dashed = pgmock(*args, "-f", "-", cwd=tmp_path).stdout
    assert dashed[:5] == b"PGDMP"
    assert dashed == pgmock(*args).stdout
    assert list(tmp_path.iterdir()) == []
