"""build_toc: pg_dump 15's entries, order, dependencies and names for a resolved schema.

The hand-built schemas and data come from tests/support/resolved_samples.py.
"""

from __future__ import annotations

import pytest

from pgmock.dump.toc import FkCycle, TocOptions, build_toc, data_only_fk_cycles
from pgmock.schema.resolved import ResolvedSchema, RForeignKey, RIndex
from pgmock.sql.names import TakenNames, choose_relation_name, make_object_name
from pgmock_sdk import DataColumn, Dump, Section, TocEntry, UserType
from pgmock_sdk.sqlnames import qualify

from resolved_samples import FakeData, column, resolved, sample_data, sample_schema, table


def empty_data(schema: ResolvedSchema) -> dict[str, FakeData]:
    return {
        key: FakeData(rt.qualified, [DataColumn(c) for c in rt.columns], [])
        for key, rt in schema.tables.items()
    }


def listing(dump: Dump) -> list[tuple[str, str | None, str]]:
    return [(e.desc, e.namespace, e.tag) for e in dump.entries]


def by_tag(dump: Dump, desc: str, tag: str) -> TocEntry:
    found = [e for e in dump.entries if e.desc == desc and e.tag == tag]
    assert len(found) == 1, (desc, tag, listing(dump))
    return found[0]


# ---------------------------------------------------------------------------
# The sample schema: order, entries, dependencies, ids
# ---------------------------------------------------------------------------


def test_sample_order_matches_pg_dump() -> None:
    dump = build_toc(sample_schema(), sample_data(), TocOptions())
    assert listing(dump) == [
        ("ENCODING", None, "ENCODING"),
        ("STDSTRINGS", None, "STDSTRINGS"),
        ("SEARCHPATH", None, "SEARCHPATH"),
        ("SCHEMA", None, "app"),
        ("EXTENSION", None, "citext"),
        ("COMMENT", None, "EXTENSION citext"),
        ("TYPE", "app", "mood"),
        ("TABLE", "app", "audit_log"),
        ("TABLE", "app", "customer"),
        ("COMMENT", "app", "TABLE customer"),
        ("COMMENT", "app", "COLUMN customer.email"),
        ("SEQUENCE", "app", "customer_id_seq"),
        ("SEQUENCE OWNED BY", "app", "customer_id_seq"),
        ("TABLE", "app", "orders"),
        ("TABLE", "public", "plain_kv"),
        ("DEFAULT", "app", "customer id"),
        ("TABLE DATA", "app", "audit_log"),
        ("TABLE DATA", "app", "customer"),
        ("TABLE DATA", "app", "orders"),
        ("TABLE DATA", "public", "plain_kv"),
        ("SEQUENCE SET", "app", "customer_id_seq"),
        ("CONSTRAINT", "app", "customer customer_email_key"),
        ("CONSTRAINT", "app", "customer customer_pkey"),
        ("CONSTRAINT", "app", "orders orders_pkey"),
        ("CONSTRAINT", "public", "plain_kv plain_kv_pkey"),
        ("INDEX", "app", "customer_profile_gin"),
        ("INDEX", "app", "orders_customer_idx"),
        ("FK CONSTRAINT", "app", "orders orders_customer_id_fkey"),
    ]
    assert [e.dump_id for e in dump.entries] == list(range(1, len(dump.entries) + 1))


def test_sample_entry_fields() -> None:
    dump = build_toc(sample_schema(), sample_data(), TocOptions())
    ids = {(e.desc, e.tag): e.dump_id for e in dump.entries}
    enc = by_tag(dump, "ENCODING", "ENCODING")
    assert enc.defn == "SET client_encoding = 'UTF8';\n"
    assert enc.owner is None and enc.catalog_id == (0, 0) and enc.deps == ()
    schema = by_tag(dump, "SCHEMA", "app")
    assert (schema.defn, schema.drop_stmt, schema.owner) == (
        "CREATE SCHEMA app;\n",
        "DROP SCHEMA app;\n",
        "postgres",
    )
    ext = by_tag(dump, "EXTENSION", "citext")
    assert ext.defn == "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;\n"
    assert ext.drop_stmt == "DROP EXTENSION citext;\n" and ext.owner is None
    ext_comment = by_tag(dump, "COMMENT", "EXTENSION citext")
    assert ext_comment.owner == "" and ext_comment.deps == (ext.dump_id,)
    assert ext_comment.section is Section.NONE
    mood = by_tag(dump, "TYPE", "mood")
    assert mood.defn == "CREATE TYPE app.mood AS ENUM (\n    'sad',\n    'ok',\n    'happy'\n);\n"
    assert mood.drop_stmt == "DROP TYPE app.mood;\n" and mood.deps == (schema.dump_id,)
    customer = by_tag(dump, "TABLE", "customer")
    assert customer.defn == (
        "CREATE TABLE app.customer (\n"
        "    id integer NOT NULL,\n"
        "    email public.citext NOT NULL,\n"
        "    name text NOT NULL,\n"
        "    mood app.mood DEFAULT 'ok'::app.mood,\n"
        "    tags text[],\n"
        "    profile jsonb,\n"
        "    score integer,\n"
        "    created timestamp with time zone DEFAULT '2024-01-02 03:04:05+00'::timestamp with"
        " time zone NOT NULL,\n"
        "    CONSTRAINT customer_name_check CHECK ((name <> ''::text))\n"
        ");\n"
    )
    assert (customer.tablespace, customer.tableam) == ("", "heap")
    assert set(customer.deps) == {schema.dump_id, mood.dump_id, ext.dump_id}
    seq = by_tag(dump, "SEQUENCE", "customer_id_seq")
    assert seq.defn == (
        "CREATE SEQUENCE app.customer_id_seq\n    AS integer\n    START WITH 1\n"
        "    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1;\n"
    )
    assert seq.deps == (schema.dump_id, customer.dump_id)
    assert (seq.tablespace, seq.tableam) == (None, None)
    owned = by_tag(dump, "SEQUENCE OWNED BY", "customer_id_seq")
    assert owned.defn == "ALTER SEQUENCE app.customer_id_seq OWNED BY app.customer.id;\n"
    assert owned.drop_stmt is None and owned.deps == (seq.dump_id,)
    default = by_tag(dump, "DEFAULT", "customer id")
    assert default.defn == (
        "ALTER TABLE ONLY app.customer ALTER COLUMN id SET DEFAULT "
        "nextval('app.customer_id_seq'::regclass);\n"
    )
    assert default.drop_stmt == "ALTER TABLE app.customer ALTER COLUMN id DROP DEFAULT;\n"
    assert default.deps == (customer.dump_id, seq.dump_id, customer.dump_id)
    data = by_tag(dump, "TABLE DATA", "customer")
    assert data.copy_stmt == (
        "COPY app.customer (id, email, name, mood, tags, profile, score, created) FROM stdin;\n"
    )
    assert data.deps == (customer.dump_id,) and data.has_data
    assert data.catalog_id == (0, customer.catalog_id[1])
    assert data.defn is None and data.drop_stmt is None
    setval = by_tag(dump, "SEQUENCE SET", "customer_id_seq")
    assert setval.defn == "SELECT pg_catalog.setval('app.customer_id_seq', 3, true);\n"
    assert setval.deps == (seq.dump_id,) and setval.section is Section.DATA
    pkey = by_tag(dump, "CONSTRAINT", "customer customer_pkey")
    assert (
        pkey.defn
        == "ALTER TABLE ONLY app.customer\n    ADD CONSTRAINT customer_pkey PRIMARY KEY (id);\n"
    )
    assert pkey.drop_stmt == "ALTER TABLE ONLY app.customer DROP CONSTRAINT customer_pkey;\n"
    assert pkey.deps == (customer.dump_id,) and pkey.tablespace == ""
    fk = by_tag(dump, "FK CONSTRAINT", "orders orders_customer_id_fkey")
    assert fk.defn == (
        "ALTER TABLE ONLY app.orders\n    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY "
        "(customer_id) REFERENCES app.customer(id) ON DELETE CASCADE;\n"
    )
    assert fk.deps == (pkey.dump_id, customer.dump_id, ids[("TABLE", "orders")])
    assert fk.tablespace is None
    index = by_tag(dump, "INDEX", "orders_customer_idx")
    assert (
        index.defn == "CREATE INDEX orders_customer_idx ON app.orders USING btree (customer_id);\n"
    )
    assert index.drop_stmt == "DROP INDEX app.orders_customer_idx;\n"
    assert index.deps == (ids[("TABLE", "orders")],) and index.tablespace == ""
    comment = by_tag(dump, "COMMENT", "COLUMN customer.email")
    assert comment.defn == "COMMENT ON COLUMN app.customer.email IS 'login email';\n"
    assert comment.deps == (customer.dump_id,)
    empty_seq_schema = sample_schema()
    empty_seq_schema.tables["app.customer"].row_count = 0
    data_map = sample_data()
    data_map["app.customer"].rows = []
    empty = build_toc(empty_seq_schema, data_map, TocOptions())
    assert by_tag(empty, "SEQUENCE SET", "customer_id_seq").defn == (
        "SELECT pg_catalog.setval('app.customer_id_seq', 1, false);\n"
    )


def test_catalog_ids() -> None:
    dump = build_toc(sample_schema(), sample_data(), TocOptions())
    classes = {
        "SCHEMA": 2615,
        "EXTENSION": 3079,
        "TYPE": 1247,
        "TABLE": 1259,
        "SEQUENCE": 1259,
        "INDEX": 1259,
        "DEFAULT": 2604,
        "CONSTRAINT": 2606,
        "FK CONSTRAINT": 2606,
        "TABLE DATA": 0,
        "COMMENT": 0,
        "SEQUENCE OWNED BY": 0,
        "SEQUENCE SET": 0,
    }
    oids = []
    for e in dump.entries[3:]:
        assert e.catalog_id[0] == classes[e.desc], e
        if e.catalog_id[0]:
            oids.append(e.catalog_id[1])
        elif e.desc != "TABLE DATA":
            assert e.catalog_id == (0, 0)
    assert sorted(oids) == oids and len(set(oids)) == len(oids) and oids[0] == 16384
    again = build_toc(sample_schema(), sample_data(), TocOptions())
    assert [e.catalog_id for e in again.entries] == [e.catalog_id for e in dump.entries]


# ---------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------


def test_schema_only_and_data_only() -> None:
    schema = sample_schema()
    dump = build_toc(schema, {}, TocOptions(schema_only=True))
    descs = {e.desc for e in dump.entries}
    assert "TABLE DATA" not in descs and "SEQUENCE SET" not in descs and "TABLE" in descs
    dump = build_toc(schema, sample_data(), TocOptions(data_only=True))
    assert [(e.desc, e.tag) for e in dump.entries[3:]] == [
        ("TABLE DATA", "audit_log"),
        ("TABLE DATA", "customer"),
        ("TABLE DATA", "orders"),
        ("TABLE DATA", "plain_kv"),
        ("SEQUENCE SET", "customer_id_seq"),
    ]
    assert [e.dump_id for e in dump.entries] == [1, 2, 3, 4, 5, 6, 7, 8]
    table_oids = {
        e.tag: e.catalog_id for e in build_toc(schema, sample_data(), TocOptions()).entries
    }
    assert dump.entries[4].catalog_id == (0, table_oids["customer"][1])
    # As in pg_dump -a, table data and sequence values still name their (absent) objects.
    assert [e.deps for e in dump.entries[3:]] == [(9,), (10,), (11,), (12,), (13,)]
    with pytest.raises(ValueError):
        build_toc(schema, {}, TocOptions(schema_only=True, data_only=True))
    with pytest.raises(ValueError, match=r"no data for table 'app\.orders'"):
        build_toc(
            schema, {k: v for k, v in sample_data().items() if k != "app.orders"}, TocOptions()
        )


def test_inserts_drop_copy_statement() -> None:
    dump = build_toc(sample_schema(), sample_data(), TocOptions(inserts=True))
    data = [e for e in dump.entries if e.desc == "TABLE DATA"]
    assert data and all(e.copy_stmt is None and e.has_data for e in data)


def test_no_indexes_no_constraints() -> None:
    dump = build_toc(sample_schema(), sample_data(), TocOptions(no_indexes=True))
    assert "INDEX" not in {e.desc for e in dump.entries}
    dump = build_toc(sample_schema(), sample_data(), TocOptions(no_constraints=True))
    descs = {e.desc for e in dump.entries}
    assert not descs & {"CONSTRAINT", "FK CONSTRAINT"} and "INDEX" in descs
    customer = by_tag(dump, "TABLE", "customer")
    assert customer.defn is not None and "CHECK" not in customer.defn
    assert customer.defn.endswith("time zone NOT NULL\n);\n")


def test_include_tables_dumps_only_the_table_and_what_belongs_to_it() -> None:
    dump = build_toc(sample_schema(), sample_data(), TocOptions(include_tables={"app.orders"}))
    assert [(e.desc, e.tag) for e in dump.entries[3:]] == [
        ("TABLE", "orders"),
        ("TABLE DATA", "orders"),
        ("CONSTRAINT", "orders orders_pkey"),
        ("INDEX", "orders_customer_idx"),
        ("FK CONSTRAINT", "orders orders_customer_id_fkey"),
    ]
    assert by_tag(dump, "FK CONSTRAINT", "orders orders_customer_id_fkey").deps == (4,)
    assert by_tag(dump, "TABLE", "orders").deps == ()
    dump = build_toc(sample_schema(), sample_data(), TocOptions(include_tables={"app.customer"}))
    assert [(e.desc, e.tag) for e in dump.entries[3:]] == [
        ("TABLE", "customer"),
        ("COMMENT", "TABLE customer"),
        ("COMMENT", "COLUMN customer.email"),
        ("SEQUENCE", "customer_id_seq"),
        ("SEQUENCE OWNED BY", "customer_id_seq"),
        ("DEFAULT", "customer id"),
        ("TABLE DATA", "customer"),
        ("SEQUENCE SET", "customer_id_seq"),
        ("CONSTRAINT", "customer customer_email_key"),
        ("CONSTRAINT", "customer customer_pkey"),
        ("INDEX", "customer_profile_gin"),
    ]
    # Data is only needed for the tables that are dumped.
    only = {"app.customer": sample_data()["app.customer"]}
    build_toc(sample_schema(), only, TocOptions(include_tables={"app.customer"}))


# ---------------------------------------------------------------------------
# Names PostgreSQL chooses
# ---------------------------------------------------------------------------


def test_make_object_name_truncates_the_longer_part() -> None:
    assert make_object_name("customer", "email", "key") == "customer_email_key"
    assert make_object_name("t", None, "pkey") == "t_pkey"
    long = "a" * 60
    assert make_object_name(long, "id", "seq") == "a" * 56 + "_id_seq"
    assert make_object_name(long, "b" * 40, "key") == "a" * 29 + "_" + "b" * 29 + "_key"
    assert len(make_object_name("é" * 40, "x", "seq").encode()) <= 63
    assert make_object_name("é" * 40, "x", "seq") == "é" * 28 + "_x_seq"  # whole characters


def test_choose_relation_name_numbers_clashes() -> None:
    taken = TakenNames(relations={"t_a_key"}, constraints={"t_a_key1"})
    assert choose_relation_name("t", "a", "key", taken, True) == "t_a_key2"
    assert choose_relation_name("t", "a", "key", taken, False) == "t_a_key1"


def test_check_and_key_names() -> None:
    # Verified with PostgreSQL 15: one referenced column -> <table>_<col>_check, else
    # <table>_check, <table>_check1 …; UNIQUE (x, y) -> <table>_x_y_key; duplicates merged.
    t = table(
        "public.user",
        [
            column("UserName", "text", check="\"UserName\" <> ''::text"),
            column("order", "serial", pk=True),
            column("x", "integer"),
            column("y", "integer"),
        ],
        checks=["x > 0", "x < y", "true", "length(\"UserName\") > 0 AND x::text <> 'y'"],
        uniques=[["x", "y"], ["x", "y"], ["order"]],
    )
    dump = build_toc(resolved([t]), empty_data(resolved([t])), TocOptions())
    assert by_tag(dump, "TABLE", "user").defn == (
        'CREATE TABLE public."user" (\n'
        '    "UserName" text,\n'
        '    "order" integer NOT NULL,\n'
        "    x integer,\n"
        "    y integer,\n"
        '    CONSTRAINT "user_UserName_check" CHECK (("UserName" <> \'\'::text)),\n'
        "    CONSTRAINT user_check CHECK ((x < y)),\n"
        "    CONSTRAINT user_check1 CHECK ((true)),\n"  # pg_dump: CHECK (true), not deparsed
        "    CONSTRAINT user_check2 CHECK ((length(\"UserName\") > 0 AND x::text <> 'y')),\n"
        "    CONSTRAINT user_x_check CHECK ((x > 0))\n"
        ");\n"
    )
    keys = [e.tag for e in dump.entries if e.desc == "CONSTRAINT"]
    assert keys == ["user user_pkey", "user user_x_y_key"]  # UNIQUE (order) merged into the PK
    assert by_tag(dump, "SEQUENCE", "user_order_seq").namespace == "public"


def test_fully_parenthesized_check_keeps_its_parentheses() -> None:
    t = table(
        "t",
        [column("a", "int"), column("b", "int")],
        checks=["(a > 0)", "(a > 0) AND (b > 0)", "(a = ')(')"],
    )
    defn = build_toc(resolved([t]), empty_data(resolved([t])), TocOptions()).entries[3].defn
    assert defn is not None
    assert "CONSTRAINT t_a_check CHECK ((a > 0))" in defn
    assert "CONSTRAINT t_check CHECK (((a > 0) AND (b > 0)))" in defn
    assert "CONSTRAINT t_a_check1 CHECK ((a = ')('))" in defn


def test_name_clashes_get_numbers() -> None:
    # A table named like t's pkey pushes the pkey to t_pkey1; a unique on columns whose
    # joined name clashes gets key1.
    t = table(
        "t",
        [
            column("a_b", "int"),
            column("a", "int"),
            column("b", "int"),
            column("id", "int", pk=True),
        ],
        uniques=[["a_b"], ["a", "b"]],
    )
    other = table("t_pkey", [column("x", "int")])
    schema = resolved([t, other])
    dump = build_toc(schema, empty_data(schema), TocOptions())
    keys = [e.tag for e in dump.entries if e.desc == "CONSTRAINT"]
    assert keys == ["t t_a_b_key", "t t_a_b_key1", "t t_pkey1"]


def test_unique_constraint_only_for_declared_columns() -> None:
    # RColumn.unique is also set for generation (composite keys); only a column declared
    # "unique": true (RColumn.unique_constraint) gets a constraint.
    t = table("t", [column("a", "int", unique=True), column("b", "int")])
    t.columns["b"].unique = True
    schema = resolved([t])
    dump = build_toc(schema, empty_data(schema), TocOptions())
    assert [e.tag for e in dump.entries if e.desc == "CONSTRAINT"] == ["t t_a_key"]


# ---------------------------------------------------------------------------
# Ordering
# ---------------------------------------------------------------------------


def test_sequences_follow_their_table_even_when_their_name_sorts_first() -> None:
    # Verified with pg_dump 15: aaaa…(56)_id_seq sorts before aaaa…(60) by name but
    # depends on it, so the topological pass moves it (and its siblings) after it.
    long = "a" * 60
    t = table(long, [column("id", "serial"), column("b", "bigserial"), column("c", "smallserial")])
    a = table("a", [column("id", "serial", pk=True)])
    b = table("b", [column("id", "int")])
    schema = resolved([t, a, b])
    dump = build_toc(schema, empty_data(schema), TocOptions())
    pre = [(e.desc, e.tag) for e in dump.entries if e.desc in ("TABLE", "SEQUENCE", "DEFAULT")]
    assert pre == [
        ("TABLE", "a"),
        ("SEQUENCE", "a_id_seq"),
        ("TABLE", long),
        ("SEQUENCE", "a" * 56 + "_id_seq"),
        ("SEQUENCE", "a" * 57 + "_b_seq"),
        ("SEQUENCE", "a" * 57 + "_c_seq"),
        ("TABLE", "b"),
        ("DEFAULT", "a id"),
        ("DEFAULT", f"{long} id"),
        ("DEFAULT", f"{long} b"),
        ("DEFAULT", f"{long} c"),
    ]
    seqs = {e.tag: e.defn or "" for e in dump.entries if e.desc == "SEQUENCE"}
    assert "    AS integer\n" in seqs["a" * 56 + "_id_seq"]
    assert "    AS smallint\n" in seqs["a" * 57 + "_c_seq"]
    assert "    AS" not in seqs["a" * 57 + "_b_seq"]


def test_names_sort_bytewise_and_schemas_first() -> None:
    tables = [table(k, [column("id", "int")]) for k in ("é", "Z", "a", "b.x", "A.y")]
    schema = resolved(tables)
    dump = build_toc(schema, empty_data(schema), TocOptions())
    assert [(e.desc, e.tag) for e in dump.entries if e.desc in ("SCHEMA", "TABLE")] == [
        ("SCHEMA", "A"),
        ("SCHEMA", "b"),
        ("TABLE", "y"),
        ("TABLE", "x"),
        ("TABLE", "Z"),
        ("TABLE", "a"),
        ("TABLE", "é"),
    ]


def fk(cols: list[str], ref: str, ref_cols: list[str], name: str) -> RForeignKey:
    return RForeignKey(cols, ref, ref_cols, name)


def cyclic_schema() -> ResolvedSchema:
    """Verified with pg_dump 15 -a: warns about a (self) then a,b; order a, b, c."""
    a = table(
        "a",
        [column("id", "serial", pk=True), column("parent", "int"), column("other", "int")],
        fks=[
            fk(["parent"], "a", ["id"], "a_parent_fkey"),
            fk(["other"], "b", ["id"], "a_other_fkey"),
        ],
    )
    b = table(
        "b",
        [column("id", "int", pk=True), column("a_id", "int")],
        fks=[fk(["a_id"], "a", ["id"], "b_a_id_fkey")],
    )
    c = table(
        "c",
        [column("id", "int", pk=True), column("b", "int")],
        fks=[fk(["b"], "b", ["id"], "c_b_fkey")],
    )
    return resolved([c, b, a])


def test_data_only_orders_parents_first() -> None:
    child = table("a_child", [column("p", "int")], fks=[fk(["p"], "z_parent", ["id"], "f")])
    mid = table(
        "m_mid",
        [column("id", "int", pk=True), column("p", "int")],
        fks=[fk(["p"], "z_parent", ["id"], "g")],
    )
    parent = table("z_parent", [column("id", "int", pk=True)])
    schema = resolved([child, mid, parent])
    data = empty_data(schema)
    full = build_toc(schema, data, TocOptions())
    assert [e.tag for e in full.entries if e.desc == "TABLE DATA"] == [
        "a_child",
        "m_mid",
        "z_parent",
    ]
    only = build_toc(schema, data, TocOptions(data_only=True))
    assert [e.tag for e in only.entries[3:]] == ["z_parent", "a_child", "m_mid"]
    assert data_only_fk_cycles(schema, TocOptions(data_only=True)) == []


def test_data_only_fk_cycles_like_pg_dump() -> None:
    schema = cyclic_schema()
    dump = build_toc(schema, empty_data(schema), TocOptions(data_only=True))
    assert [e.tag for e in dump.entries if e.desc == "TABLE DATA"] == ["a", "b", "c"]
    cycles = data_only_fk_cycles(schema, TocOptions(data_only=True))
    assert cycles == [FkCycle(("a",), ("a",)), FkCycle(("a", "b"), ("a", "b"))]
    assert cycles[1].warning_lines("pg_dump") == [
        "pg_dump: warning: there are circular foreign-key constraints among these tables:",
        "pg_dump: detail: a",
        "pg_dump: detail: b",
        "pg_dump: hint: You might not be able to restore the dump without using "
        "--disable-triggers or temporarily dropping the constraints.",
        "pg_dump: hint: Consider using a full dump instead of a --data-only dump to avoid "
        "this problem.",
    ]
    assert cycles[0].warning_lines()[0] == (
        "pgmock: warning: there are circular foreign-key constraints on this table:"
    )
    assert data_only_fk_cycles(schema, TocOptions()) == []
    # Only tables that are dumped take part.
    assert data_only_fk_cycles(schema, TocOptions(data_only=True, include_tables={"b", "c"})) == []


def test_fk_to_unique_index_depends_on_the_index() -> None:
    d = table("d", [column("x", "int")], indexes=[RIndex(["x"], True, "d_x_idx", "btree")])
    e = table(
        "e", [column("x", "int")], fks=[RForeignKey(["x"], "d", ["x"], "e_x_fkey", "set null")]
    )
    schema = resolved([d, e])
    dump = build_toc(schema, empty_data(schema), TocOptions())
    index = by_tag(dump, "INDEX", "d_x_idx")
    assert index.defn == "CREATE UNIQUE INDEX d_x_idx ON public.d USING btree (x);\n"
    fkey = by_tag(dump, "FK CONSTRAINT", "e e_x_fkey")
    assert fkey.deps[0] == index.dump_id
    assert fkey.defn is not None and fkey.defn.endswith(
        "REFERENCES public.d(x) ON DELETE SET NULL;\n"
    )


# ---------------------------------------------------------------------------
# Quoting and extensions
# ---------------------------------------------------------------------------


def test_identifiers_are_quoted_where_postgresql_needs_it() -> None:
    types = {"my schema.mood": UserType("My Schema", "Mood", "enum", ("a", "it's"))}
    user = table(
        "My Schema.user",
        [
            column("order", "serial", pk=True),
            column("UserName", "text", comment="it's"),
            column("with space", "My Schema.Mood", user_types=types),
            column("größe", "numeric"),
        ],
        comment="a \\ table",
        indexes=[RIndex(["UserName", "with space"], True, "Select Idx", "btree")],
    )
    items = table(
        "My Schema.Order Items",
        [column("user", "int", null=False)],
        fks=[RForeignKey(["user"], "My Schema.user", ["order"], "Order Items_user_fkey")],
    )
    schema = resolved([user, items], user_types=types, extensions=["uuid-ossp", "plpgsql"])
    dump = build_toc(schema, empty_data(schema), TocOptions())
    text = {(e.desc, e.tag): e for e in dump.entries}
    assert text[("SCHEMA", "My Schema")].defn == 'CREATE SCHEMA "My Schema";\n'
    assert text[("EXTENSION", "uuid-ossp")].defn == (
        'CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public;\n'
    )
    assert text[("COMMENT", 'EXTENSION "uuid-ossp"')].defn == (
        "COMMENT ON EXTENSION \"uuid-ossp\" IS 'generate universally unique identifiers (UUIDs)';\n"
    )
    assert ("EXTENSION", "plpgsql") not in text
    assert text[("TYPE", "Mood")].defn == (
        "CREATE TYPE \"My Schema\".\"Mood\" AS ENUM (\n    'a',\n    'it''s'\n);\n"
    )
    assert text[("TABLE", "user")].defn == (
        'CREATE TABLE "My Schema"."user" (\n'
        '    "order" integer NOT NULL,\n'
        '    "UserName" text,\n'
        '    "with space" "My Schema"."Mood",\n'
        '    "größe" numeric\n'
        ");\n"
    )
    assert text[("COMMENT", 'TABLE "user"')].defn == (
        'COMMENT ON TABLE "My Schema"."user" IS \'a \\ table\';\n'
    )
    assert text[("COMMENT", 'COLUMN "user"."UserName"')].defn == (
        'COMMENT ON COLUMN "My Schema"."user"."UserName" IS \'it\'\'s\';\n'
    )
    assert text[("SEQUENCE OWNED BY", "user_order_seq")].defn == (
        'ALTER SEQUENCE "My Schema".user_order_seq OWNED BY "My Schema"."user"."order";\n'
    )
    assert text[("DEFAULT", "user order")].defn == (
        'ALTER TABLE ONLY "My Schema"."user" ALTER COLUMN "order" SET DEFAULT '
        "nextval('\"My Schema\".user_order_seq'::regclass);\n"
    )
    assert text[("SEQUENCE SET", "user_order_seq")].defn == (
        "SELECT pg_catalog.setval('\"My Schema\".user_order_seq', 1, false);\n"
    )
    assert text[("TABLE DATA", "user")].copy_stmt == (
        'COPY "My Schema"."user" ("order", "UserName", "with space", "größe") FROM stdin;\n'
    )
    assert text[("CONSTRAINT", "user user_pkey")].defn == (
        'ALTER TABLE ONLY "My Schema"."user"\n    ADD CONSTRAINT user_pkey PRIMARY KEY ("order");\n'
    )
    assert text[("INDEX", "Select Idx")].defn == (
        'CREATE UNIQUE INDEX "Select Idx" ON "My Schema"."user" '
        'USING btree ("UserName", "with space");\n'
    )
    assert text[("INDEX", "Select Idx")].drop_stmt == 'DROP INDEX "My Schema"."Select Idx";\n'
    fkey = text[("FK CONSTRAINT", "Order Items Order Items_user_fkey")]
    assert fkey.defn == (
        'ALTER TABLE ONLY "My Schema"."Order Items"\n    ADD CONSTRAINT "Order Items_user_fkey" '
        'FOREIGN KEY ("user") REFERENCES "My Schema"."user"("order");\n'
    )
    assert qualify("My Schema", "user") in (text[("TABLE", "user")].drop_stmt or "")


def test_unknown_extension_has_no_comment() -> None:
    t = table("t", [column("id", "int")])
    schema = resolved([t], extensions=["postgis_custom"])
    dump = build_toc(schema, empty_data(schema), TocOptions())
    assert [e.desc for e in dump.entries[3:5]] == ["EXTENSION", "TABLE"]


def test_check_naming_ignores_types_functions_and_literals() -> None:
    cols = [column(n, "text") for n in ("created", "zone", "Mood", "x")]
    checks = [
        "created::timestamp with time zone > now()",  # zone is part of the type
        "'zone'::text <> x AND length(x) > 1.5e3",
        '"Mood" = \'x\'::app."Mood"',
        "created > x",
    ]
    t = table("t", cols, checks=checks)
    defn = build_toc(resolved([t]), empty_data(resolved([t])), TocOptions()).entries[3].defn or ""
    names = [line.split()[1] for line in defn.splitlines() if "CONSTRAINT" in line]
    assert names == ['"t_Mood_check"', "t_check", "t_created_check", "t_x_check"]


def test_self_contained_table_selection_keeps_what_the_tables_need() -> None:
    schema = sample_schema()
    schema.extensions.append("pgcrypto")
    options = TocOptions(include_tables={"app.customer"}, self_contained=True)
    dump = build_toc(schema, sample_data(), options)
    assert [(e.desc, e.tag) for e in dump.entries[3:8]] == [
        ("SCHEMA", "app"),
        ("EXTENSION", "citext"),
        ("COMMENT", "EXTENSION citext"),
        ("EXTENSION", "pgcrypto"),
        ("COMMENT", "EXTENSION pgcrypto"),
    ]
    assert [(e.desc, e.tag) for e in dump.entries[8:10]] == [
        ("TYPE", "mood"),
        ("TABLE", "customer"),
    ]
    dump = build_toc(
        schema, sample_data(), TocOptions(include_tables={"plain_kv"}, self_contained=True)
    )
    assert [e.desc for e in dump.entries[3:9]] == [
        "EXTENSION",
        "COMMENT",
        "EXTENSION",
        "COMMENT",
        "TABLE",
        "TABLE DATA",
    ]
    only_data = TocOptions(include_tables={"app.customer"}, self_contained=True, data_only=True)
    dump = build_toc(schema, sample_data(), only_data)
    assert {e.desc for e in dump.entries[3:]} == {"TABLE DATA", "SEQUENCE SET"}
