"""User types: composite, domain and range DDL as pg_dump 15 prints it, composite values
generated field by field, domains' CHECK and NOT NULL respected, arrays of user types;
every output format restored into a real PostgreSQL and read back."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from clihelp import pgmock
from pgharness import PgCluster
from pgtools import archive_listing, pg_dump, script
from roundtrip import ALL_FORMATS, roundtrip

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


def _schema_file(tmp_path: Path, types: dict[str, Any], tables: dict[str, Any]) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps({"version": "1.0", "seed": 7, "types": types, "tables": tables}))
    return path


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
    schema = _schema_file(tmp_path, DDL_TYPES, DDL_TABLES)
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
    schema = _schema_file(tmp_path, DDL_TYPES, DDL_TABLES)
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
    schema = _schema_file(tmp_path, DDL_TYPES, DDL_TABLES)
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

TRICKY = [
    "a,b",
    'say "hi"',
    "(paren)",
    "",
    "back\\slash",
    "tab\there",
    " lead",
    "new\nline",
    "NULL",
    "plain",
    "ünïcødé 😀",
    "{brace}",
]

VALUE_TYPES: dict[str, Any] = {
    "mood": {"enum": ["happy", "sad", "it's ok"]},
    "inventory.address": {
        "composite": {"street": "text", "zip": "varchar(10)", "note": "text", "pad": "char(3)"}
    },
    "parcel": {
        "composite": {
            "to": "inventory.address",
            "weight": "numeric(6,2)",
            "sent": "date",
            "fragile": "boolean",
            "meta": "jsonb",
            "tags": "text[]",
            "m": "mood",
        }
    },
    # the default integers (1..1000) would all fail: the CHECK becomes the range
    "year": {"domain": "integer", "check": "VALUE BETWEEN 2000 AND 2100"},
    "big": {"domain": "integer", "check": "VALUE > 5000"},
    "odd": {"domain": "integer", "check": "VALUE % 7 = 3"},
    "later": {"domain": "date", "check": "VALUE >= '2030-01-01'::date"},
    "price": {"domain": "numeric(8,2)", "check": "VALUE > 1000.5 AND VALUE < 1001"},
    "short": {"domain": "text", "check": "length(VALUE) <= 6 AND length(VALUE) >= 2"},
    "colour": {"domain": "varchar(10)", "check": "VALUE IN ('red', 'green', 'blue')"},
    "required": {"domain": "text", "notNull": True},
    "inventory.yr": {"domain": "smallint", "check": "VALUE < -100"},
}


def _value_schema() -> dict[str, Any]:
    tricky = {"generator": "choice", "params": {"values": TRICKY}, "nullRatio": 0.2}
    return {
        "version": "1.0",
        "seed": 11,
        "types": VALUE_TYPES,
        "tables": {
            "inventory.shipments": {
                "rowCount": 300,
                "columns": {
                    "id": {"type": "serial", "primaryKey": True},
                    "addr": {
                        "type": "inventory.address",
                        "params": {
                            "fields": {
                                "note": tricky,
                                "pad": {
                                    "generator": "choice",
                                    "params": {"values": ['"', "", "a,"]},
                                },
                            }
                        },
                        "nullRatio": 0.1,
                    },
                    "parcel": {"type": "parcel"},
                    "parcels": {"type": "parcel[]", "params": {"max_length": 3}},
                    "addrs": {
                        "type": "inventory.address[]",
                        "params": {"element": {"fields": {"note": tricky}}},
                    },
                    "moods": {"type": "mood[]"},
                    "y": {"type": "year"},
                    "b": {"type": "big", "unique": True},
                    "o": {"type": "odd"},
                    "l": {"type": "later"},
                    "pr": {"type": "price"},
                    "s": {"type": "short"},
                    "c": {"type": "colour"},
                    "r": {"type": "required"},
                    "iy": {"type": "inventory.yr"},
                    "ys": {"type": "year[]"},
                    "os": {"type": "odd[]"},
                },
            }
        },
    }


@pytest.fixture(scope="module")
def value_rows(pg: PgCluster, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The round trip of the value schema in every format; column -> its COPY texts."""
    blocks = roundtrip(pg, _value_schema(), tmp_path_factory.mktemp("values"), ALL_FORMATS)
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


def test_generation_does_not_depend_on_jobs(tmp_path: Path) -> None:
    """Composite fields and domain redraws are deterministic whatever --jobs."""
    spec = _value_schema()
    spec["tables"]["inventory.shipments"]["rowCount"] = 12_000
    for name in ("parcels", "addrs", "b"):
        del spec["tables"]["inventory.shipments"]["columns"][name]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(spec))
    one = pgmock("generate", str(path), "-a", "-j", "1").stdout
    two = pgmock("generate", str(path), "-a", "-j", "2").stdout
    assert one == two
    assert one.count(b"\n") > 12_000


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


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def _problems(tmp_path: Path, types: dict[str, Any], columns: dict[str, Any]) -> str:
    path = _schema_file(tmp_path, types, {"t": {"rowCount": 5, "columns": columns}})
    proc = pgmock("validate", str(path), check=False)
    assert proc.returncode == 2, proc.stdout.decode() + proc.stderr.decode()
    return proc.stderr.decode()


def test_validation_errors_name_their_paths(tmp_path: Path) -> None:
    err = _problems(
        tmp_path,
        {
            "addr": {"composite": {"street": "text", "zip": "varchr(10)"}},
            "place": {"composite": {"street": "text", "zip": "varchar(10)"}},
            "ints": {"domain": "integer[]"},
            "bad": {"domain": "integer", "check": "VALUE > (0"},
            "col": {"domain": "integer", "check": "price > 0"},
            "semi": {"domain": "integer", "check": "VALUE > 0; DROP TABLE t"},
            "nn": {"domain": "text", "notNull": True},
            "narrow": {"domain": "integer", "check": "VALUE BETWEEN 1 AND 5"},
            "t": {"enum": ["x"]},
            "floatrange": {"range": "float8"},
            "floatmultirange": {"enum": ["y"]},
        },
        {
            "p": {
                "type": "place",
                "params": {"fields": {"zipp": {}, "street": {"generator": "emial"}}},
            },
            "q": {"type": "nn", "nullRatio": 0.5},
            "r": {"type": "narrow", "params": {"min": 10, "max": 20}},
        },
    )
    for expected in (
        'types.addr.composite.zip: unknown type "varchr(10)"',
        "types.ints.domain: a domain's base must be a built-in scalar type",
        "types.bad.check: bad CHECK (VALUE > (0): unbalanced parentheses",
        "types.col.check: bad CHECK (price > 0): a domain CHECK refers to its value as VALUE; "
        '"price" is not allowed here',
        "types.semi.check: bad CHECK (VALUE > 0; DROP TABLE t): a CHECK is one expression",
        "tables.t.columns.p.params.fields.zipp: public.place has no field "
        '"zipp" — did you mean "zip"?',
        'tables.t.columns.p.params.fields.street.generator: unknown generator "emial"',
        "tables.t.columns.q.nullRatio: domain public.nn does not allow NULL",
        "tables.t.columns.r.params: domain public.narrow CHECK (VALUE BETWEEN 1 AND 5): no value",
        'types.t: table "t" has the same name (a table is also a type)',
        'types.floatrange.range: PostgreSQL names its multirange type "floatmultirange", '
        'which type "floatmultirange" already uses',
    ):
        assert expected in err, f"missing: {expected}\n{err}"


def test_unverifiable_check_is_a_warning(tmp_path: Path) -> None:
    path = _schema_file(
        tmp_path,
        {"slug": {"domain": "text", "check": "VALUE ~ '^[a-z]+$'"}},
        {"t": {"rowCount": 3, "columns": {"s": {"type": "slug"}}}},
    )
    proc = pgmock("validate", str(path))
    err = proc.stderr.decode()
    assert "pgmock: warning:" in err and "types.slug.check" in err
    assert "values of domain public.slug are not verified" in err
    gen = pgmock("generate", str(path), "-a")
    assert "public.slug are not verified" in gen.stderr.decode()


def test_impossible_check_fails_naming_column_domain_and_check(tmp_path: Path) -> None:
    path = _schema_file(
        tmp_path,
        {"never": {"domain": "integer", "check": "VALUE % 2 = 0 AND VALUE % 2 = 1"}},
        {"t": {"rowCount": 3, "columns": {"n": {"type": "never"}}}},
    )
    proc = pgmock("generate", str(path), "-f", str(tmp_path / "out.sql"), check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "public.t.n" in err or "t.n" in err
    assert "domain public.never CHECK (VALUE % 2 = 0 AND VALUE % 2 = 1)" in err
    assert not (tmp_path / "out.sql").exists()
