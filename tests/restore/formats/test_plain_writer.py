"""PlainWriter round trips: pgmock's script of hand-built schemas (the pg15 sample, and
names that need quoting everywhere) is restored into a real PostgreSQL, and pg_dump's dump
of the result must equal it, with every data flag.

The byte-for-byte comparisons with pg_dump's golden texts are in
tests/unit/formats/test_plain_writer.py.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from pgmock.dump.toc import TocOptions, build_toc
from pgmock.schema.resolved import ResolvedSchema, RForeignKey, RIndex
from pgmock_sdk import (
    DataColumn,
    SqlKind,
    UserType,
    WriteOptions,
    parse_type,
)

from pgharness import PgCluster
from pgtools import plain_dump, without_version_lines
from plain_scripts import INFO, assert_same_script, render
from resolved_samples import FakeData, column, resolved, sample_data, sample_schema, table

# ---------------------------------------------------------------------------
# Round trips through a real PostgreSQL
# ---------------------------------------------------------------------------


def roundtrip_sample() -> tuple[ResolvedSchema, dict[str, FakeData]]:
    """The sample without citext (contrib may be missing from wheel-based test clusters)."""
    schema = sample_schema()
    schema.extensions = []
    schema.tables["app.customer"].columns["email"].type = parse_type("text")
    data = sample_data()
    data["app.orders"].overriding_system_value = False
    return schema, data


def weird_names() -> tuple[ResolvedSchema, dict[str, FakeData]]:
    """Reserved words, mixed case, spaces and non-ASCII in every kind of name."""
    types = {"my schema.mood": UserType("My Schema", "Mood", "enum", ("a", "it's"))}
    user = table(
        "My Schema.user",
        [
            column("order", "serial", pk=True),
            column(
                "UserName", "text", null=False, check="(\"UserName\" <> ''::text)", comment="it's"
            ),
            column(
                "with space",
                "My Schema.Mood",
                default='\'a\'::"My Schema"."Mood"',
                user_types=types,
            ),
            column("größe", "numeric(10,2)"),
            column("select", "boolean"),
        ],
        rows=3,
        comment="a \\ table",
        indexes=[RIndex(["UserName", "with space"], True, "Select Idx", "btree")],
    )
    items = table(
        "My Schema.Order Items",
        [
            column("id", "bigserial", pk=True),
            column("user", "int", null=False),
            column("note", "text"),
        ],
        rows=3,
        uniques=[["user", "note"]],
        fks=[
            RForeignKey(["user"], "My Schema.user", ["order"], "Order Items_user_fkey", "cascade")
        ],
    )
    e = table(
        "é", [column("id", "smallserial", pk=True), column("x y", "text", unique=True)], rows=2
    )
    t = table("table", [column("Column", "int")], checks=['("Column" > 0)'])
    schema = resolved([user, items, e, t], user_types=types)
    N, Q, B = SqlKind.NUMBER, SqlKind.QUOTED, SqlKind.BOOLEAN
    data = {
        "My Schema.user": FakeData(
            '"My Schema"."user"',
            [
                DataColumn("order", N),
                DataColumn("UserName", Q),
                DataColumn("with space", Q),
                DataColumn("größe", N),
                DataColumn("select", B),
            ],
            [
                ("1", "Ann", "a", "1.50", "t"),
                ("2", "it's", "it's", None, "f"),
                ("3", "Zoë\ttab \\ x", None, "-2.00", None),
            ],
        ),
        "My Schema.Order Items": FakeData(
            '"My Schema"."Order Items"',
            [DataColumn("id", N), DataColumn("user", N), DataColumn("note", Q)],
            [("1", "1", "x"), ("2", "1", None), ("3", "3", "multi\nline")],
        ),
        "é": FakeData(
            'public."é"', [DataColumn("id", N), DataColumn("x y", Q)], [("1", "a"), ("2", "b")]
        ),
        "table": FakeData('public."table"', [DataColumn("Column", N)], []),
    }
    return schema, data


ROUNDTRIPS = {"sample": roundtrip_sample, "weird_names": weird_names}


@pytest.mark.parametrize("case", sorted(ROUNDTRIPS))
def test_restored_database_dumps_to_the_same_script(pg: PgCluster, pgdb: str, case: str) -> None:
    schema, data = ROUNDTRIPS[case]()
    ours = render(build_toc(schema, data, TocOptions(), info=replace(INFO)))
    pg.restore_plain(ours.encode("utf-8"), pgdb)
    assert_same_script(without_version_lines(ours), plain_dump(pg, pgdb))
    schema, data = ROUNDTRIPS[case]()
    inserts = render(
        build_toc(schema, data, TocOptions(inserts=True), info=replace(INFO)),
        WriteOptions(inserts=True),
    )
    assert_same_script(without_version_lines(inserts), plain_dump(pg, pgdb, "--inserts"))
    schema, data = ROUNDTRIPS[case]()
    data_only = render(
        build_toc(schema, data, TocOptions(data_only=True, inserts=True), info=replace(INFO)),
        WriteOptions(column_inserts=True, rows_per_insert=2),
    )
    expected = plain_dump(pg, pgdb, "-a", "--column-inserts", "--rows-per-insert=2")
    assert_same_script(without_version_lines(data_only), expected)
    schema, data = ROUNDTRIPS[case]()
    table_key = next(iter(schema.tables))
    only = render(
        build_toc(schema, data, TocOptions(include_tables={table_key}), info=replace(INFO))
    )
    rt = schema.tables[table_key]
    expected = plain_dump(pg, pgdb, "-t", rt.qualified)
    assert_same_script(without_version_lines(only), expected)
