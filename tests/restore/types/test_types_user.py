"""User types: composite, domain and range DDL as pg_dump 15 prints it, composite values
generated field by field, domains' CHECK and NOT NULL respected, arrays of user types;
every output format restored into a real PostgreSQL and read back."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from clihelp import pgmock
from pgharness import PgCluster
from pgtools import archive_listing, pg_dump, script
from restored import restore, serial_table
from roundtrip import ALL_FORMATS, roundtrip
from user_type_schemas import TRICKY, value_schema, write_types_schema

# ---------------------------------------------------------------------------
# DDL: the same objects created by hand in the real server, dumped by pg_dump 15
# ---------------------------------------------------------------------------

DDL_TYPES: dict[str, Any] = {
    "mood": {"enum": ["happy", "sad"]},
    "inventory.address": {"composite": {"street": "text", "zip": "varchar(10)", "m": "mood"}},
    "nested": {"composite": {"a": "inventory.address", "n": "integer", "tags": "mood[]"}},
    "Odd Type": {"composite": {"a b": "text", "select": "char(2)", "when": "numeric(6,2)"}},
    "posint": {"domain": "integer", "check": "VALUE > 0"},
    "code": {"domain": "varchar(8)", "check": "length((VALUE)::text) >= 3", "notNull": True},
    "money2": {"domain": "numeric(5,2)", "notNull": True},
    # its CHECK takes the name t_a_check, so the table t's CHECK on a becomes t_a_check1
    "t_a": {"domain": "integer", "check": "VALUE <> 0"},
    "floatrange": {"range": "float8"},
    "inventory.span": {"range": "time"},
    "moodrange": {"range": "mood"},
    # sorts after the composite using it: pg_dump's dependency sort moves it first
    "zmood": {"enum": ["z"]},
    "a_first": {"composite": {"z": "zmood", "zs": "zmood[]"}},
}

DDL_TABLES: dict[str, Any] = {
    "t": {
        "rowCount": 0,
        "columns": {
            "a": {"type": "integer", "check": "a > 0"},
            "addr": {"type": "inventory.address"},
            "n": {"type": "nested"},
            "o": {"type": "Odd Type"},
            "p": {"type": "posint"},
            "c": {"type": "code"},
            "m": {"type": "money2"},
            "r": {"type": "floatrange"},
            "s": {"type": "inventory.span"},
            "arr": {"type": "inventory.address[]"},
            "pa": {"type": "posint[]"},
            "ma": {"type": "mood[]"},
        },
    },
    "inventory.items": {"rowCount": 0, "columns": {"d": {"type": "t_a"}}},
    "places": {"rowCount": 0, "columns": {"addr": {"type": "inventory.address"}}},
    "firsts": {"rowCount": 0, "columns": {"f": {"type": "a_first"}}},
}

# What a user would type into psql for the schema above.
DDL_BY_HAND = """
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE SCHEMA inventory;
CREATE TYPE inventory.address AS (street text, zip varchar(10), m mood);
CREATE TYPE nested AS (a inventory.address, n integer, tags mood[]);
CREATE TYPE "Odd Type" AS ("a b" text, "select" char(2), "when" numeric(6,2));
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE DOMAIN code AS varchar(8) NOT NULL CHECK (length(VALUE) >= 3);
CREATE DOMAIN money2 AS numeric(5,2) NOT NULL;
CREATE DOMAIN t_a AS integer CHECK (VALUE <> 0);
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TYPE inventory.span AS RANGE (subtype = time);
CREATE TYPE moodrange AS RANGE (subtype = mood);
CREATE TYPE zmood AS ENUM ('z');
CREATE TYPE a_first AS (z zmood, zs zmood[]);
CREATE TABLE t (
    a integer CHECK (a > 0), addr inventory.address, n nested, o "Odd Type", p posint,
    c code NOT NULL, m money2 NOT NULL, r floatrange, s inventory.span,
    arr inventory.address[], pa posint[], ma mood[]
);
CREATE TABLE inventory.items (d t_a);
CREATE TABLE places (addr inventory.address);
CREATE TABLE firsts (f a_first);
"""


@pytest.fixture(scope="module")
def by_hand(pg: PgCluster) -> Any:
    """A database holding the DDL objects, created by hand; dropped afterwards."""
    db = pg.create_db()
    try:
        pg.psql("-v", "ON_ERROR_STOP=1", "-c", DDL_BY_HAND, db=db)
        yield db
    finally:
        pg.drop_db(db)


def test_ddl_is_what_pg_dump_prints(pg: PgCluster, by_hand: str, tmp_path: Path) -> None:
    schema = write_types_schema(tmp_path, DDL_TYPES, DDL_TABLES)
    ours = pgmock("generate", str(schema), "-s").stdout
    theirs = pg_dump(pg, by_hand, "-s")
    assert script(ours) == script(theirs)
    # the details the brief names, spelled out
    text = ours.decode()
    assert (
        "CREATE TYPE inventory.address AS (\n\tstreet text,\n\tzip character varying(10)," in text
    )
    assert (
        "CREATE DOMAIN public.code AS character varying(8) NOT NULL\n"
        "\tCONSTRAINT code_check CHECK ((length((VALUE)::text) >= 3));" in text
    )
    assert "CREATE DOMAIN public.posint AS integer\n\tCONSTRAINT posint_check" in text
    assert "multirange_type_name = inventory.span_multirange\n" in text
    assert "multirange_type_name = public.floatmultirange\n" in text
    assert "CONSTRAINT t_a_check1 CHECK ((a > 0))" in text


def test_archive_entries_match_pg_dump(pg: PgCluster, by_hand: str, tmp_path: Path) -> None:
    """Entry kinds (TYPE, DOMAIN), order and dependencies, as pg_restore -l -v lists them."""
    schema = write_types_schema(tmp_path, DDL_TYPES, DDL_TABLES)
    ours = tmp_path / "ours.dump"
    theirs = tmp_path / "theirs.dump"
    pgmock("generate", str(schema), "-s", "-F", "c", "-f", str(ours))
    subprocess.run(
        [str(pg.tool("pg_dump")), "-s", "-F", "c", "-f", str(theirs), "-d", by_hand],
        env=pg.env(),
        check=True,
    )
    # the database's own entry names the database: not what is compared here
    our_entries = [r for r in archive_listing(pg, ours)[1] if not r[1].startswith("DATABASE")]
    their_entries = [r for r in archive_listing(pg, theirs)[1] if not r[1].startswith("DATABASE")]
    assert our_entries == their_entries
    kinds = {row[1].split()[0] for row in our_entries}
    assert "DOMAIN" in kinds and "TYPE" in kinds


def test_table_selection_keeps_the_types_it_needs(pg: PgCluster, tmp_path: Path) -> None:
    """-t keeps a table's types and what they use (a composite's enum), nothing else, and
    the script restores into an empty database."""
    schema = write_types_schema(tmp_path, DDL_TYPES, DDL_TABLES)
    script_path = tmp_path / "places.sql"
    pgmock("generate", str(schema), "-s", "-t", "places", "-f", str(script_path))
    out = script_path.read_text()
    for kept in (
        "CREATE SCHEMA inventory;",
        "CREATE TYPE inventory.address AS (",
        "CREATE TYPE public.mood AS ENUM",
        "CREATE TABLE public.places",
    ):
        assert kept in out, kept
    for left_out in ("nested", "posint", "floatrange", "CREATE TABLE public.t "):
        assert left_out not in out, left_out
    db = pg.create_db()
    try:
        pg.restore_plain(script_path, db)
        assert pg.scalar("SELECT count(*) FROM pg_type WHERE typname = 'address'", db) == "1"
    finally:
        pg.drop_db(db)


# ---------------------------------------------------------------------------
# Values: round trips in every format
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def value_rows(pg: PgCluster, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The round trip of the value schema in every format; column -> its COPY texts."""
    blocks = roundtrip(pg, value_schema(), tmp_path_factory.mktemp("values"), ALL_FORMATS)
    cols, rows = blocks["inventory.shipments"]
    names = [c.strip() for c in cols.split(",")]
    split = [row.split("\t") for row in rows]
    return {name: [r[i] for r in split] for i, name in enumerate(names)}


def _copy_unescape(text: str) -> str | None:
    if text == "\\N":
        return None
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "\\": "\\"}[m.group(1)], text)


def _record_fields(text: str) -> list[str | None]:
    """record_in's reading of a composite's text, written here independently of pgmock:
    fields split at top-level commas, "" and backslash escapes inside quotes, an empty
    unquoted field is NULL."""
    assert text[0] == "(" and text[-1] == ")", text
    body = text[1:-1]
    fields: list[str | None] = []
    cur: list[str] = []
    quoted = in_quotes = False
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            cur.append(body[i + 1])
            i += 1
        elif in_quotes and ch == '"' and body[i + 1 : i + 2] == '"':
            cur.append('"')
            i += 1
        elif ch == '"':
            in_quotes, quoted = not in_quotes, True
        elif ch == "," and not in_quotes:
            fields.append("".join(cur) if cur or quoted else None)
            cur, quoted = [], False
        else:
            cur.append(ch)
        i += 1
    fields.append("".join(cur) if cur or quoted else None)
    return fields


def test_composites_round_trip_in_every_format(value_rows: dict[str, list[str]]) -> None:
    addr = [_copy_unescape(v) for v in value_rows["addr"]]
    assert None in addr  # NULL composites (nullRatio of the column)
    fields = [_record_fields(a) for a in addr if a is not None]
    assert all(len(f) == 4 for f in fields)
    streets, zips, notes, pads = zip(*fields)
    # inferred from the field names: faker's street addresses and postal codes
    assert all(re.fullmatch(r"\d+ \S.*", s or "") for s in streets), streets[:5]
    assert all(re.fullmatch(r"\d{5}", z or "") for z in zips), zips[:5]
    # every tricky text came back exactly, and NULL fields (nullRatio) stayed NULL
    assert set(notes) == {*TRICKY, None}
    assert set(pads) == {'"  ', "   ", "a, "}  # char(3) keeps its padding
    nested = [_copy_unescape(v) for v in value_rows["parcel"]]
    inner = [_record_fields(v)[0] for v in nested if v is not None]
    assert len(inner) == 300 and all(i is not None and len(_record_fields(i)) == 4 for i in inner)
    arrays = [_copy_unescape(v) for v in value_rows["addrs"]]
    assert any(v is not None and v.startswith('{"(') for v in arrays)


def test_domain_values_keep_their_checks(value_rows: dict[str, list[str]]) -> None:
    def ints(col: str) -> list[int]:
        return [int(v) for v in value_rows[col] if v != "\\N"]

    assert all(2000 <= v <= 2100 for v in ints("y"))
    assert all(v > 5000 for v in ints("b")) and len(set(ints("b"))) == 300
    assert all(v % 7 == 3 for v in ints("o"))
    assert all(v < -100 for v in ints("iy"))
    assert all(v >= "2030-01-01" for v in value_rows["l"])
    assert all(1000.5 < float(v) < 1001 for v in value_rows["pr"])
    assert all(2 <= len(v) <= 6 for v in value_rows["s"])
    assert set(value_rows["c"]) <= {"red", "green", "blue"} and len(set(value_rows["c"])) == 3
    assert "\\N" not in value_rows["r"]
    for col, ok in (("ys", lambda v: 2000 <= v <= 2100), ("os", lambda v: v % 7 == 3)):
        elems = [int(x) for v in value_rows[col] for x in v.strip("{}").split(",") if x]
        assert elems and all(map(ok, elems)), col


def test_user_range_values_round_trip(pg: PgCluster, tmp_path: Path) -> None:
    schema = {
        "version": "1.0",
        "types": {
            "mood": {"enum": ["a", "b", "c"]},
            "floatrange": {"range": "float8"},
            "inventory.span": {"range": "time"},
            "moodrange": {"range": "mood"},
        },
        "tables": {
            "inventory.r": {
                "rowCount": 50,
                "columns": {
                    "f": {"type": "floatrange"},
                    "s": {"type": "inventory.span"},
                    "m": {"type": "moodrange"},
                    "fs": {"type": "floatrange[]"},
                },
            }
        },
    }
    blocks = roundtrip(pg, schema, tmp_path, ALL_FORMATS)
    rows = blocks["inventory.r"][1]
    assert all(re.fullmatch(r"[\[(].*,.*[\])]|empty", r.split("\t")[0]) for r in rows)


# ---------------------------------------------------------------------------
# Generated values against the real server's own text (record_out, array_out)
# ---------------------------------------------------------------------------


def test_object_values_render_as_record_out(pg: PgCluster, pgdb: str) -> None:
    """Generators that return dicts or sequences for a composite (JSON-speaking ones)."""
    from pgmock.render.values import render_values
    from pgmock_sdk.pgtypes import UserType, parse_type

    mood = UserType("public", "mood", "enum", labels=("a", "b"))
    inner = UserType(
        "public",
        "part",
        "composite",
        attributes=(("x", parse_type("int")), ("y", parse_type("text[]"))),
    )
    users = {"mood": mood, "part": inner}
    outer = UserType(
        "public",
        "whole",
        "composite",
        attributes=(
            ("s", parse_type("text")),
            ("i", parse_type("part", users)),
            ("d", parse_type("date")),
            ("m", parse_type("mood", users)),
        ),
    )
    values: list[Any] = [
        {"s": 'a "b", c', "i": {"x": 1, "y": ["p q", "r"]}, "d": "2024-01-02", "m": "a"},
        ["", [None, []], None, "b"],
        None,
        "(plain,,,)",
        {"s": None},
    ]
    ours = render_values(values, parse_type("whole", {**users, "whole": outer}), "t.c")
    pg.psql(
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE TYPE part AS (x int, y text[]);"
        "CREATE TYPE whole AS (s text, i part, d date, m mood);"
        "CREATE TABLE v (n int, c whole);",
        db=pgdb,
    )
    for n, text in enumerate(ours):
        literal = "NULL" if text is None else "'" + text.replace("'", "''") + "'"
        pg.psql("-c", f"INSERT INTO v VALUES ({n}, {literal})", db=pgdb)
    back = [r[0] for r in pg.query("SELECT c::text FROM v ORDER BY n", pgdb)]
    assert back == ours
    assert ours[0] == '("a ""b"", c","(1,""{""""p q"""",r}"")",2024-01-02,a)'


def test_defaults_and_checks_casting_to_user_types_restore(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    """Before: "'G'::mpaa_rating" was written as is, and the dump's empty search_path did
    not find the type (pg_dump's own text is 'G'::public.mpaa_rating)."""
    schema = {
        "types": {
            "mpaa_rating": {"enum": ["G", "PG", "R"]},
            "rated": {"domain": "text", "check": "VALUE <> 'R'::mpaa_rating::text"},
        },
        "tables": {
            "films": serial_table(
                40,
                rating={"type": "mpaa_rating", "default": "'G'::mpaa_rating"},
                old={"type": "mpaa_rating", "default": "CAST('PG' AS mpaa_rating)"},
                label={"type": "text", "check": "label <> 'R'::mpaa_rating::text"},
                tag={"type": "rated"},
            )
        },
    }
    dump = restore(pg, pgdb, tmp_path, schema)
    assert "DEFAULT 'G'::public.mpaa_rating" in dump
    assert "CAST('PG' AS public.mpaa_rating)" in dump
    pg.psql("-c", "INSERT INTO films (label) VALUES ('x')", db=pgdb)
    assert pg.scalar("SELECT rating || '/' || old FROM films WHERE label = 'x'", pgdb) == "G/PG"
