"""Identity and generated columns, restored into the real PostgreSQL 15.

Identity columns are numbered 1..rowCount and their sequences are set past the data, so
the server's own numbering continues after a restore; generated columns have no data
(PostgreSQL computes them) and are written as pg_dump writes them: left out of COPY and
--column-inserts, DEFAULT in plain --inserts. The restored database dumped by the real
pg_dump 15 must give back our script for every data flag, and its archive the same
listing as ours.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from clihelp import pgmock
from identity_schema import CONSTS, LINES, PRODUCTS, SCHEMA, TINY, generate_text, write_schema
from pgharness import PgCluster
from pgtools import archive_listing, pg_dump, pg_restore, script
from roundtrip import ALL_FORMATS, _generate, _restore, copy_blocks, roundtrip

IDENTITY = {("products", "id"): "a", ("tiny", "id"): "d", ("lines", "id"): "a"}
GENERATED = {
    ("products", "total"),
    ("products", "label"),
    ("lines", "double_qty"),
    ("consts", "one"),
}


@contextmanager
def restored(pg: PgCluster, schema_file: Path, tmp_path: Path, fmt: str) -> Iterator[str]:
    """A fresh database holding the schema restored from output format *fmt*."""
    out = tmp_path / f"restore-{fmt}"
    _generate(schema_file, out, fmt, ())
    db = pg.create_db()
    try:
        _restore(pg, out, fmt, db)
        yield db
    finally:
        pg.drop_db(db)


def _int(pg: PgCluster, db: str, sql: str) -> int:
    value = pg.scalar(sql, db)
    assert value is not None, sql
    return int(value)


def _check_columns(pg: PgCluster, db: str) -> None:
    """The restored columns are identity / generated columns of the right kind."""
    rows = pg.query(
        "SELECT c.relname, a.attname, a.attidentity, a.attgenerated FROM pg_attribute a "
        "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname IN ('public', 'app') AND c.relkind = 'r' AND a.attnum > 0",
        db,
    )
    identity = {(t, c): i for t, c, i, _ in rows if i}
    generated = {(t, c) for t, c, _, g in rows if g == "s"}
    assert identity == IDENTITY
    assert generated == GENERATED


def _check_computed(pg: PgCluster, db: str, blocks: dict[str, tuple[str, list[str]]]) -> None:
    """PostgreSQL's generated values are the expressions over the data pgmock wrote."""
    cols, lines = blocks["public.products"]
    assert cols == "id, name, price, quantity"
    expected = {}
    for line in lines:
        pid, name, price, quantity = line.split("\t")
        total = None if price == "\\N" else str(Decimal(price) * int(quantity))
        expected[pid] = (total, f"{name} x{quantity}")
    got = {
        pid: (total, label)
        for pid, total, label in pg.query("SELECT id, total, label FROM products", db)
    }
    assert got == expected
    assert sum(total is None for total, _ in got.values()) > 0  # NULL price -> NULL total
    assert _int(pg, db, "SELECT count(*) FROM app.lines WHERE double_qty <> 2 * qty") == 0
    assert _int(pg, db, "SELECT count(*) FROM app.lines WHERE double_qty IS NULL") == 0
    assert _int(pg, db, "SELECT count(*) FROM consts WHERE one = 1") == CONSTS


def _check_identity(pg: PgCluster, db: str) -> None:
    """Each identity's sequence continues after the data; FKs to identity keys hold."""
    new = pg.query(
        "INSERT INTO products (name, price, quantity) VALUES ('new', 1.50, 3) "
        "RETURNING id, total, label",
        db,
    )
    assert new == [(str(PRODUCTS + 1), "4.50", "new x3")]
    assert _int(pg, db, "INSERT INTO tiny DEFAULT VALUES RETURNING id") == TINY + 1
    sql = "INSERT INTO app.lines (product_id, qty) VALUES (1, 4) RETURNING id, double_qty"
    assert pg.query(sql, db) == [(str(LINES + 1), "8")]
    # GENERATED ALWAYS: an explicit value needs OVERRIDING SYSTEM VALUE
    refused = pg.psql(
        "-c", "INSERT INTO products (id, name) VALUES (999999, 'x')", db=db, check=False
    )
    assert refused.returncode != 0 and b'non-DEFAULT value into column "id"' in refused.stderr
    orphans = (
        "SELECT count(*) FROM app.lines l LEFT JOIN products p ON p.id = l.product_id "
        "WHERE p.id IS NULL"
    )
    assert _int(pg, db, orphans) == 0
    assert _int(pg, db, "SELECT count(DISTINCT product_id) FROM app.lines") > PRODUCTS * 0.9
    assert _int(pg, db, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'") == 2


def _check_all(pg: PgCluster, db: str, blocks: dict[str, tuple[str, list[str]]]) -> None:
    _check_columns(pg, db)
    _check_computed(pg, db, blocks)
    _check_identity(pg, db)


# ---------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------


def test_round_trip_in_every_format(pg: PgCluster, tmp_path: Path) -> None:
    blocks = roundtrip(pg, SCHEMA, tmp_path)
    assert blocks["public.products"][0] == "id, name, price, quantity"
    assert blocks["app.lines"][0] == "id, product_id, tiny_id, qty"
    ids = [line.split("\t")[0] for line in blocks["app.lines"][1]]
    assert ids == [str(i) for i in range(1, LINES + 1)]
    schema_file = write_schema(tmp_path)
    for fmt in ALL_FORMATS:
        with restored(pg, schema_file, tmp_path, fmt) as db:
            _check_all(pg, db, blocks)


def test_schema_then_data_only_restores(pg: PgCluster, tmp_path: Path) -> None:
    schema_file = write_schema(tmp_path)
    blocks = copy_blocks(generate_text(schema_file))
    schema_only = generate_text(schema_file, "-s")
    assert "setval" not in schema_only and "COPY " not in schema_only
    for flags in ((), ("--inserts",), ("--column-inserts",), ("--rows-per-insert", "100")):
        db = pg.create_db()
        try:
            pg.restore_plain(schema_only.encode(), db)
            pg.restore_plain(generate_text(schema_file, "-a", *flags).encode(), db)
            _check_all(pg, db, blocks)
        finally:
            pg.drop_db(db)


def test_table_selection(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    schema_file = write_schema(tmp_path)
    text = generate_text(schema_file, "-t", "tiny", "-t", "consts", "--inserts")
    assert "products" not in text and "INSERT INTO public.consts VALUES (DEFAULT);" in text
    pg.restore_plain(text.encode(), pgdb)
    assert _int(pg, pgdb, "INSERT INTO tiny DEFAULT VALUES RETURNING id") == TINY + 1
    assert _int(pg, pgdb, "SELECT sum(one) FROM consts") == CONSTS


# ---------------------------------------------------------------------------
# Fidelity: the real pg_dump of the restored database
# ---------------------------------------------------------------------------


@dataclass
class Restored:
    db: str
    schema_file: Path


@pytest.fixture(scope="module")
def full(pg: PgCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Restored]:
    """The schema restored from our custom archive with -C, under its database name."""
    top = tmp_path_factory.mktemp("identity")
    db = "pgmock_identity_generated"
    schema_file = write_schema(top, {**SCHEMA, "database": {"name": db}})
    archive = top / "ours.dump"
    pgmock("generate", str(schema_file), "-F", "c", "-f", str(archive))
    pg.drop_db(db)
    pg_restore(pg, "-e", "-C", "-d", "postgres", str(archive))
    try:
        yield Restored(db, schema_file)
    finally:
        pg.drop_db(db)


FLAGS = [
    (),
    ("--inserts",),
    ("--column-inserts",),
    ("--rows-per-insert", "7"),
    ("-a",),
    ("-a", "--inserts"),
    ("-s",),
    ("-t", "products"),
]


@pytest.mark.parametrize("flags", FLAGS, ids=lambda f: " ".join(f) or "copy")
def test_plain_script_is_what_pg_dump_writes(
    pg: PgCluster, full: Restored, flags: tuple[str, ...]
) -> None:
    ours = generate_text(full.schema_file, *flags)
    theirs = pg_dump(pg, full.db, *flags).decode("utf-8")
    assert script(ours.encode()) == script(theirs.encode())


def test_archive_listing_is_what_pg_dump_writes(
    pg: PgCluster, full: Restored, tmp_path: Path
) -> None:
    for flags in ((), ("-a",)):
        ours, theirs = tmp_path / "ours.dump", tmp_path / "theirs.dump"
        pgmock("generate", str(full.schema_file), "-F", "c", *flags, "-f", str(ours))
        pg_dump(pg, full.db, "-F", "c", *flags, "-f", str(theirs))
        assert archive_listing(pg, ours) == archive_listing(pg, theirs)
