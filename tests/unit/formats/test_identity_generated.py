"""Identity and generated columns in pgmock's output: the same bytes for any number of
workers, identity sequences set past the data, generated columns left out of COPY and
--column-inserts and DEFAULT in --inserts, and the schema rules for both.

tests/restore/formats/test_identity_generated.py restores them into the real PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pgmock_builtins.writers.plain import insert_formatter
from pgmock_sdk import Chunk, DataColumn, SqlKind, WriteOptions
from pgmock_sdk.copytext import copy_text, sql_rows

from clihelp import pgmock
from identity_schema import PRODUCTS, generate_text, write_schema


def test_output_does_not_depend_on_jobs(tmp_path: Path) -> None:
    schema_file = write_schema(tmp_path)
    for flags in ((), ("--inserts",), ("-F", "c")):
        one = pgmock("generate", str(schema_file), "-j", "1", *flags).stdout
        two = pgmock("generate", str(schema_file), "-j", "2", *flags).stdout
        assert one and one == two


def test_identity_entries(tmp_path: Path) -> None:
    """Spelled out once: what the comparisons above hold for the identity of products."""
    text = generate_text(write_schema(tmp_path))
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
    proc = pgmock("validate", str(write_schema(tmp_path, BAD)), check=False)
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
    proc = pgmock("validate", str(write_schema(tmp_path, schema)), check=False)
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
