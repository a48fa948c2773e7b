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
from pathlib import Path

from pgmock_sdk.sqlnames import quote_ident, quote_literal

from pgharness import PgCluster
from pgtools import pgmock_script, plain_dump
from roundtrip import roundtrip
from sample_schemas import AWKWARD_NAMES_SCHEMA

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


def _blocks(script: str) -> list[str]:
    return script.split("\n\n")


def test_awkward_names_restore_and_dump_identically(pg: PgCluster, tmp_path: Path) -> None:
    blocks = roundtrip(pg, AWKWARD_NAMES_SCHEMA, tmp_path)
    assert set(blocks) == {
        '"Sales"."group"',
        'public."order"',
        '"名前"."größe"',
        'public."1st table"',
    }
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(AWKWARD_NAMES_SCHEMA))
    db = pg.create_db()
    try:
        ours = pgmock_script(schema_file)
        pg.restore_plain(ours.encode("utf-8"), db)
        theirs = plain_dump(pg, db)
        assert _blocks(ours) == _blocks(theirs)
        for flag in ("--inserts", "--column-inserts"):
            assert _blocks(pgmock_script(schema_file, flag)) == _blocks(plain_dump(pg, db, flag)), (
                flag
            )
    finally:
        pg.drop_db(db)


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
    ours = pgmock_script(schema_file)
    cut = (child + "_parent_id_fkey").encode()[:63].decode("utf-8", errors="ignore")
    assert f'ADD CONSTRAINT "{cut}" FOREIGN KEY' in ours
    db = pg.create_db()
    try:
        pg.restore_plain(ours.encode("utf-8"), db)
        assert _blocks(ours) == _blocks(plain_dump(pg, db))
    finally:
        pg.drop_db(db)
