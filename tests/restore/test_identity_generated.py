"""Identity and generated columns, restored into the real PostgreSQL 15.

Identity columns are numbered 1..rowCount and their sequences are set past the data, so
the server's own numbering continues after a restore; generated columns have no data
(PostgreSQL computes them) and are written as pg_dump writes them: left out of COPY and
--column-inserts, DEFAULT in plain --inserts. The restored database dumped by the real
pg_dump 15 must give back our script for every data flag, and its archive the same
listing as ours.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pgmock_builtins.writers.plain import insert_formatter
from pgmock_sdk import Chunk, DataColumn, SqlKind, WriteOptions
from pgmock_sdk.copytext import copy_text, sql_rows

from clihelp import pgmock
from pgharness import PgCluster
from pgtools import archive_listing, pg_dump, pg_restore, script
from roundtrip import ALL_FORMATS, _generate, _restore, copy_blocks, roundtrip

PRODUCTS, TINY, LINES, CONSTS = 300, 40, 12_000, 3  # lines: two chunks of generation

# Generation expressions spelled the way the server deparses them, so that pg_dump's
# text of the restored table is ours byte for byte (docs/output.md).
SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "tables": {
        "products": {
            "rowCount": PRODUCTS,
            "columns": {
                "id": {"type": "integer", "identity": "always", "primaryKey": True},
                "name": {
                    "type": "text",
                    "generator": "choice",
                    "params": {"values": ["bolt", "gear's", "écrou", "Zahnrad 🦷"]},
                },
                "price": {
                    "type": "numeric(8,2)",
                    "generator": "decimal",
                    "params": {"min": 0, "max": 999, "decimals": 2},
                    "nullRatio": 0.1,
                },
                "quantity": {
                    "type": "integer",
                    "generator": "integer",
                    "params": {"min": 1, "max": 50},
                },
                "total": {"type": "numeric", "generated": "price * (quantity)::numeric"},
                "label": {"type": "text", "generated": "(name || ' x'::text) || quantity"},
            },
        },
        "tiny": {
            "rowCount": TINY,
            "columns": {
                "id": {"type": "smallint", "identity": "by default", "primaryKey": True},
                "note": {"type": "text", "generator": "constant", "params": {"value": "n"}},
            },
        },
        "app.lines": {
            "rowCount": LINES,
            "columns": {
                "id": {"type": "bigint", "identity": "always", "primaryKey": True},
                "product_id": {"type": "integer", "references": "products.id"},
                "tiny_id": {"type": "smallint", "references": "tiny.id", "nullRatio": 0.2},
                "qty": {"type": "integer", "generator": "integer", "params": {"min": 1, "max": 9}},
                "double_qty": {"type": "bigint", "generated": "qty * 2"},
            },
        },
        # Only a generated column: COPY has no columns, plain --inserts writes DEFAULT.
        "consts": {"rowCount": CONSTS, "columns": {"one": {"type": "integer", "generated": "1"}}},
    },
}

IDENTITY = {("products", "id"): "a", ("tiny", "id"): "d", ("lines", "id"): "a"}
GENERATED = {
    ("products", "total"),
    ("products", "label"),
    ("lines", "double_qty"),
    ("consts", "one"),
}


def _write(tmp_path: Path, schema: dict[str, Any] = SCHEMA, name: str = "schema.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


def _generate_text(schema_file: Path, *args: str) -> str:
    return pgmock("generate", str(schema_file), *args).stdout.decode("utf-8")


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
    schema_file = _write(tmp_path)
    for fmt in ALL_FORMATS:
        with restored(pg, schema_file, tmp_path, fmt) as db:
            _check_all(pg, db, blocks)


def test_schema_then_data_only_restores(pg: PgCluster, tmp_path: Path) -> None:
    schema_file = _write(tmp_path)
    blocks = copy_blocks(_generate_text(schema_file))
    schema_only = _generate_text(schema_file, "-s")
    assert "setval" not in schema_only and "COPY " not in schema_only
    for flags in ((), ("--inserts",), ("--column-inserts",), ("--rows-per-insert", "100")):
        db = pg.create_db()
        try:
            pg.restore_plain(schema_only.encode(), db)
            pg.restore_plain(_generate_text(schema_file, "-a", *flags).encode(), db)
            _check_all(pg, db, blocks)
        finally:
            pg.drop_db(db)


def test_table_selection(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    schema_file = _write(tmp_path)
    text = _generate_text(schema_file, "-t", "tiny", "-t", "consts", "--inserts")
    assert "products" not in text and "INSERT INTO public.consts VALUES (DEFAULT);" in text
    pg.restore_plain(text.encode(), pgdb)
    assert _int(pg, pgdb, "INSERT INTO tiny DEFAULT VALUES RETURNING id") == TINY + 1
    assert _int(pg, pgdb, "SELECT sum(one) FROM consts") == CONSTS


def test_output_does_not_depend_on_jobs(tmp_path: Path) -> None:
    schema_file = _write(tmp_path)
    for flags in ((), ("--inserts",), ("-F", "c")):
        one = pgmock("generate", str(schema_file), "-j", "1", *flags).stdout
        two = pgmock("generate", str(schema_file), "-j", "2", *flags).stdout
        assert one and one == two


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
    schema_file = _write(top, {**SCHEMA, "database": {"name": db}})
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
    ours = _generate_text(full.schema_file, *flags)
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


def test_identity_entries(tmp_path: Path) -> None:
    """Spelled out once: what the comparisons above hold for the identity of products."""
    text = _generate_text(_write(tmp_path))
    expected = (
        "--\n-- Name: products_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres\n--\n\n"
        "ALTER TABLE public.products ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (\n"
        "    SEQUENCE NAME public.products_id_seq\n    START WITH 1\n    INCREMENT BY 1\n"
        "    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1\n);\n\n\n"
    )
    assert expected in text
    assert "ALTER TABLE public.products_id_seq OWNER" not in text  # no DROP, so no owner line
    assert "OWNED BY public.products" not in text
    assert f"SELECT pg_catalog.setval('public.products_id_seq', {PRODUCTS}, true);" in text
    assert "    total numeric GENERATED ALWAYS AS ((price * (quantity)::numeric)) STORED,\n" in text
    assert "COPY public.products (id, name, price, quantity) FROM stdin;" in text
    assert "COPY public.consts  FROM stdin;\n\n\n\n\\.\n" in text


# ---------------------------------------------------------------------------
# Writers without a server
# ---------------------------------------------------------------------------


@dataclass
class _Data:
    columns: list[DataColumn]
    rows: list[list[str | None]]  # column by column
    generated_positions: tuple[int, ...] = ()
    overriding_system_value: bool = False
    qualified_name: str = "public.t"

    @property
    def row_count(self) -> int:
        return len(self.rows[0]) if self.rows else 2

    def chunk(self) -> Chunk:
        return Chunk(0, self.row_count, self.rows)


def test_insert_formatter_follows_pg_dump() -> None:
    data = _Data(
        [DataColumn("id", SqlKind.NUMBER), DataColumn("name")],
        [["1", "2"], ["a", None]],
        generated_positions=(1, 3),
        overriding_system_value=True,
    )
    fmt = insert_formatter(data, WriteOptions(inserts=True))  # type: ignore[arg-type]
    assert fmt(data.chunk()) == (
        "INSERT INTO public.t OVERRIDING SYSTEM VALUE VALUES (1, DEFAULT, 'a', DEFAULT);\n"
        "INSERT INTO public.t OVERRIDING SYSTEM VALUE VALUES (2, DEFAULT, NULL, DEFAULT);\n"
    )
    fmt = insert_formatter(data, WriteOptions(column_inserts=True))  # type: ignore[arg-type]
    assert fmt(data.chunk()).startswith(
        "INSERT INTO public.t (id, name) OVERRIDING SYSTEM VALUE VALUES (1, 'a');\n"
    )
    # a table whose columns are all generated
    only = _Data([], [], generated_positions=(0,))
    chunk = Chunk(0, 2, [])
    assert insert_formatter(only, WriteOptions(inserts=True))(chunk) == (  # type: ignore[arg-type]
        "INSERT INTO public.t VALUES (DEFAULT);\n" * 2
    )
    assert insert_formatter(only, WriteOptions(column_inserts=True))(chunk) == (  # type: ignore[arg-type]
        "INSERT INTO public.t DEFAULT VALUES;\n" * 2
    )
    assert copy_text(chunk) == "\n\n"


def test_table_data_without_generated_positions_still_works() -> None:
    """TableData written before generated columns existed has no generated_positions."""

    @dataclass
    class Old:
        columns: list[DataColumn]
        overriding_system_value: bool = False
        qualified_name: str = "public.t"
        row_count: int = 1

    fmt = insert_formatter(Old([DataColumn("v")]), WriteOptions(inserts=True))  # type: ignore[arg-type]
    assert fmt(Chunk(0, 1, [["x"]])) == "INSERT INTO public.t VALUES ('x');\n"
    assert sql_rows(Chunk(0, 1, [["x"]]), [DataColumn("v")], (0, 2)) == ["(DEFAULT, 'x', DEFAULT)"]


# ---------------------------------------------------------------------------
# Schema errors
# ---------------------------------------------------------------------------

BAD: dict[str, Any] = {
    "version": "1.0",
    "tables": {
        "p": {
            "rowCount": 3,
            "columns": {
                "id": {"type": "int", "identity": "by default", "primaryKey": True},
                "a": {"type": "int"},
                "tot": {"type": "int", "generated": "a + 1"},
                "ts": {"type": "timestamp"},
                "ts2": {"type": "timestamp", "generated": "ts + '1 day'::interval"},
                "code": {"type": "text", "unique": True},
                "k": {"type": "text", "generated": "upper(code)"},
                "e": {"type": "float8", "expr": "tot * 2"},
                "c": {"type": "text", "cases": {"on": "k", "values": {"A": None}}},
                "af": {"type": "timestamp", "after": "ts2"},
            },
            "unique": [["code", "k"]],
        },
        "c": {
            "rowCount": 3,
            "columns": {
                "pid": {"type": "int", "references": "p.id"},
                "x": {"type": "int", "from": "p.tot"},
                "y": {"type": "timestamp", "after": "p.ts2"},
                "code": {"type": "text"},
                "k": {"type": "text"},
            },
            "foreignKeys": [
                {"columns": ["code", "k"], "references": {"table": "p", "columns": ["code", "k"]}}
            ],
        },
        "d": {
            "rowCount": 3,
            "columns": {"a": {"type": "int"}, "g": {"type": "int", "generated": "a * 2"}},
            "foreignKeys": [{"columns": ["g"], "references": {"table": "p", "columns": ["id"]}}],
        },
    },
}


def test_generated_columns_cannot_feed_other_columns(tmp_path: Path) -> None:
    proc = pgmock("validate", str(_write(tmp_path, BAD)), check=False)
    assert proc.returncode == 2
    lines = set(proc.stderr.decode().splitlines())
    name = str(tmp_path / "schema.json")
    computed = 'is computed by PostgreSQL ("generated"), so pgmock has no values of it'
    for path, what in [
        ("tables.p.columns.e.expr", f'"tot" {computed}'),
        ("tables.p.columns.c.cases.on", f'"k" {computed}'),
        ("tables.p.columns.af.after", f'"ts2" {computed}'),
        ("tables.c.columns.x.from", f'"p.tot" {computed}'),
        ("tables.c.columns.y.after", f'"p.ts2" {computed}'),
        ("tables.c.foreignKeys.0", "p.k is a generated column; a foreign key cannot use it"),
        ("tables.d.foreignKeys.0", "d.g is a generated column; a foreign key cannot use it"),
    ]:
        assert f"{name}: {path}: {what}" in lines, (path, lines)
    assert re.search(r"7 problems found", proc.stderr.decode())


def test_keys_that_mean_nothing_on_identity_or_generated_columns(tmp_path: Path) -> None:
    columns = {
        "id": {"type": "int", "identity": "always", "nullRatio": 0.5, "default": 0},
        "a": {"type": "int"},
        "g": {
            "type": "int",
            "generated": "a + 1",
            "params": {"min": 1},
            "distribution": {"name": "uniform"},
            "nullRatio": 0,  # zero asks for nothing
        },
    }
    schema = {"version": "1.0", "tables": {"t": {"rowCount": 3, "columns": columns}}}
    proc = pgmock("validate", str(_write(tmp_path, schema)), check=False)
    assert proc.returncode == 2
    found = [line.split(": ", 2)[1:] for line in proc.stderr.decode().splitlines()[:-1]]
    assert found == [
        [
            "tables.t.columns.id.nullRatio",
            "identity columns are filled by PostgreSQL's rules; remove 'nullRatio'",
        ],
        [
            "tables.t.columns.id.default",
            "identity columns are filled by PostgreSQL's rules; remove 'default'",
        ],
        [
            "tables.t.columns.g.params",
            "generated columns are filled by PostgreSQL's rules; remove 'params'",
        ],
        [
            "tables.t.columns.g.distribution",
            "generated columns are filled by PostgreSQL's rules; remove 'distribution'",
        ],
    ]
