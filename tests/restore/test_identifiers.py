"""Identifiers are quoted exactly where PostgreSQL quotes them.

quote_ident is compared with the server's own ``quote_ident()`` for awkward names and
every keyword. A schema whose schemas, tables, columns, types and enum labels are reserved
words, mixed case, spaces, quotes, non-ASCII and leading digits is generated in every
format and restored; then the real pg_dump of the restored database must print the same
script as pgmock (DDL, derived constraint/index/sequence names, COPY and INSERT column
lists), so every identifier is quoted where pg_dump quotes it and nowhere else.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from pgmock_sdk.sqlnames import quote_ident, quote_literal

from clihelp import pgmock
from pgharness import PgCluster
from roundtrip import roundtrip

AWKWARD = [
    "user",
    "order",
    "group",
    "select",
    "table",
    "UserId",
    "first name",
    'a"b',
    '"',
    "größe",
    "名前",
    "1abc",
    "plain_ok",
    "_under",
    "x$y",
    "int",
    "left",
    "name",
    "current_user",
    "ABC",
    "",
    "trailing\n",
    "tab\tname",
    "a.b",
    "é",
]


def test_quote_ident_matches_the_server(pg: PgCluster, pgdb: str) -> None:
    keywords = [row[0] for row in pg.query("SELECT word FROM pg_get_keywords()", pgdb)]
    names = AWKWARD + [k for k in keywords if k is not None]
    array = ",".join(quote_literal(n) for n in names)
    rows = pg.query(
        f"SELECT encode(convert_to(quote_ident(n), 'UTF8'), 'hex') "
        f"FROM unnest(ARRAY[{array}]) WITH ORDINALITY AS u(n, i) ORDER BY i",
        pgdb,
    )
    theirs = [bytes.fromhex(row[0] or "").decode() for row in rows]
    mismatched = [(n, q, t) for n, q, t in zip(names, map(quote_ident, names), theirs) if q != t]
    assert not mismatched, mismatched


SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "seed": 3,
    "types": {
        "user": {"enum": ["it's", 'a"b', "größe", "select", "Mixed Case", "名前", "back\\slash"]},
        "Mood Type": {"enum": ["ok", "Sad"]},
    },
    "tables": {
        "order": {
            "rowCount": 20,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "user": {"type": "user"},
                "UserId": {"type": "integer", "unique": True},
                "first name": {"type": "text"},
                'a"b': {"type": "text"},
                "größe": {"type": "numeric(6,2)"},
                "名前": {"type": "Mood Type"},
                "1abc": {"type": "integer"},
                "plain_ok": {"type": "integer"},
                "select": {"type": "boolean"},
                "group": {"type": "date"},
            },
            "indexes": [{"columns": ["UserId", "first name"]}, {"columns": ["名前"]}],
            "unique": [["first name", 'a"b']],
        },
        "Sales.group": {
            "rowCount": 30,
            "columns": {
                "Id": {"type": "bigserial", "primaryKey": True},
                "order": {"type": "integer", "references": "order.id"},
                "table": {"type": "text"},
                "left": {"type": "int"},
            },
        },
        "名前.größe": {
            "rowCount": 5,
            "columns": {
                "user": {"type": "smallserial", "primaryKey": True},
                'a"b': {"type": "integer", "references": "Sales.group.Id"},
            },
        },
        "1st table": {
            "rowCount": 3,
            "columns": {"ABC": {"type": "text", "unique": True}, "x$y": {"type": "integer"}},
        },
    },
}

# What pgmock's header says about itself, which pg_dump says about the server.
_VOLATILE = re.compile(r"^(?:\\(?:un)?restrict .*\n\n|-- Dumped (?:from|by) .*\n)", re.M)


def _pg_dump(pg: PgCluster, db: str, *args: str) -> str:
    proc = subprocess.run(
        [str(pg.tool("pg_dump")), *args, "-d", db], capture_output=True, env=pg.env(), check=True
    )
    return _VOLATILE.sub("", proc.stdout.decode("utf-8"))


def _script(schema_file: Path, *flags: str) -> str:
    out = pgmock("generate", str(schema_file), *flags).stdout.decode("utf-8")
    # pgmock's provenance comment (seed, library versions) has no pg_dump counterpart
    return _VOLATILE.sub("", re.sub(r"^-- pgmock .*\n", "", out, flags=re.M))


def _blocks(script: str) -> list[str]:
    return script.split("\n\n")


def test_awkward_names_restore_and_dump_identically(pg: PgCluster, tmp_path: Path) -> None:
    blocks = roundtrip(pg, SCHEMA, tmp_path)
    assert set(blocks) == {
        '"Sales"."group"',
        'public."order"',
        '"名前"."größe"',
        'public."1st table"',
    }
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(SCHEMA))
    db = pg.create_db()
    try:
        ours = _script(schema_file)
        pg.restore_plain(ours.encode("utf-8"), db)
        theirs = _pg_dump(pg, db)
        assert _blocks(ours) == _blocks(theirs)
        for flag in ("--inserts", "--column-inserts"):
            assert _blocks(_script(schema_file, flag)) == _blocks(_pg_dump(pg, db, flag)), flag
    finally:
        pg.drop_db(db)


def test_derived_names_are_quoted_where_needed(tmp_path: Path) -> None:
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(SCHEMA))
    script = _script(schema_file, "-s")
    for line in (
        'CREATE SEQUENCE "Sales"."group_Id_seq"',
        "CREATE SEQUENCE public.order_id_seq",
        'CREATE SEQUENCE "名前"."größe_user_seq"',
        'ADD CONSTRAINT "order_UserId_key" UNIQUE ("UserId");',
        'ADD CONSTRAINT "order_first name_a""b_key" UNIQUE ("first name", "a""b");',
        'ADD CONSTRAINT "größe_pkey" PRIMARY KEY ("user");',
        'ADD CONSTRAINT "1st table_ABC_key" UNIQUE ("ABC");',
        'CREATE INDEX "order_UserId_first name_idx" ON public."order" USING btree '
        '("UserId", "first name");',
        'ADD CONSTRAINT "größe_a""b_fkey" FOREIGN KEY ("a""b") REFERENCES "Sales"."group"("Id");',
        'ADD CONSTRAINT group_order_fkey FOREIGN KEY ("order") REFERENCES public."order"(id);',
        "    'it''s',",
        "    'back\\slash'",
    ):
        assert line in script, line


def test_default_names_are_cut_at_63_bytes_like_the_server(pg: PgCluster, tmp_path: Path) -> None:
    """A foreign key's and an index's default names are cut at 63 *bytes*, whole characters,
    as the server cuts them: 35 characters of CJK are 75 bytes."""
    child = "子" * 20  # 60 bytes, a valid identifier
    schema = {
        "version": "1.0",
        "tables": {
            "parent": {"rowCount": 3, "columns": {"id": {"type": "serial", "primaryKey": True}}},
            child: {
                "rowCount": 4,
                "columns": {
                    "id": {"type": "serial", "primaryKey": True},
                    "parent_id": {"type": "integer", "references": "parent.id"},
                },
                "indexes": [{"columns": ["parent_id"]}],
            },
        },
    }
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(schema))
    ours = _script(schema_file)
    cut = (child + "_parent_id_fkey").encode()[:63].decode("utf-8", errors="ignore")
    assert f'ADD CONSTRAINT "{cut}" FOREIGN KEY' in ours
    db = pg.create_db()
    try:
        pg.restore_plain(ours.encode("utf-8"), db)
        assert _blocks(ours) == _blocks(_pg_dump(pg, db))
    finally:
        pg.drop_db(db)
