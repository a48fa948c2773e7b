"""Escaping: every character a generator produces arrives in the database unchanged.

Adversarial strings (backslashes, tabs, newlines, carriage returns, quotes, ``\\.`` lines,
non-ASCII, 4-byte UTF-8, combining characters, every ASCII control character, U+2028)
go through a pass-through generator into text, varchar, json, jsonb and text[] columns,
in every output format and a real restore. ``roundtrip`` proves that the server's COPY
output equals what pgmock wrote in every format; reading the values back as UTF-8 hex
proves that what pgmock wrote decodes to the original strings. The NUL checks that need
no server are in tests/unit/formats/test_escaping.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clihelp import pgmock
from pgharness import PgCluster
from roundtrip import roundtrip
from values_plugin import PLUGIN_PATH, given

ADVERSARIAL = [
    "back\\slash",
    "\\",
    "\\\\two",
    "tab\there",
    "new\nline",
    "cr\rreturn",
    "crlf\r\nend",
    "it's",
    'say "hi"',
    "\\.",
    "\\.\nafter",
    "before\n\\.\nafter",
    "\\.trailing",
    "\n\\.",
    "ümlaut ß — “curly”",
    "日本語テキスト",
    "emoji 😀👍🏽 𝄞",
    "e\u0301 a\u0308 combining",
    "".join(map(chr, range(1, 32))),
    "del\x7fete",
    "sep\u2028line\u2029para",
    "NULL",
    "null",
    "\\N",
    "",
    "  lead and trail  ",
    "{a,b}",
    "E'x' $$dollar$$ --c /*c*/ ;",
    "\\x41\\n",
]
ROWS = len(ADVERSARIAL)


def escaping_schema() -> dict[str, Any]:
    arrays = [[s, None, s + "x"] if i % 3 else [s] for i, s in enumerate(ADVERSARIAL)]
    return {
        "version": "1.0",
        "tables": {
            "esc": {
                "rowCount": ROWS,
                "columns": {
                    "id": {"type": "serial", "primaryKey": True},
                    "t": given("text", ADVERSARIAL),
                    "vc": given("varchar(40)", ADVERSARIAL),
                    "j": given("json", [json.dumps(s) for s in ADVERSARIAL]),
                    "jb": given("jsonb", [json.dumps(s, ensure_ascii=False) for s in ADVERSARIAL]),
                    "jo": given("jsonb", [{"s": s, "l": [s]} for s in ADVERSARIAL]),
                    "ta": given("text[]", arrays),
                },
            }
        },
    }


def _hex(s: str) -> str:
    return s.encode("utf-8").hex()


def _stored(pg: PgCluster, db: str) -> list[tuple[str | None, ...]]:
    """Every value as the UTF-8 hex of what the server holds (immune to separators)."""
    cols = [
        "t",
        "vc",
        "j::text",
        "jb #>> '{}'",
        "jo ->> 's'",
        "jo -> 'l' ->> 0",
        "ta[1]",
        "ta[2]",
        "ta[3]",
        "cardinality(ta)::text",
    ]
    select = ", ".join(f"encode(convert_to({c}, 'UTF8'), 'hex')" for c in cols)
    return pg.query(f"SELECT {select} FROM esc ORDER BY id", db)


def test_adversarial_text_survives_every_format(pg: PgCluster, tmp_path: Path) -> None:
    schema = escaping_schema()
    blocks = roundtrip(pg, schema, tmp_path, plugins=(PLUGIN_PATH,))
    assert len(blocks["public.esc"][1]) == ROWS
    for fmt, flags in (("p", ["-F", "p"]), ("inserts", ["--inserts"])):
        out = tmp_path / f"decode-{fmt}.sql"
        pgmock(
            "--plugin",
            PLUGIN_PATH,
            "generate",
            str(tmp_path / "schema.json"),
            *flags,
            "-f",
            str(out),
        )
        db = pg.create_db()
        try:
            pg.restore_plain(out, db)
            rows = _stored(pg, db)
        finally:
            pg.drop_db(db)
        assert len(rows) == ROWS
        for i, (s, row) in enumerate(zip(ADVERSARIAL, rows, strict=True)):
            arr = [s, None, s + "x"] if i % 3 else [s, None, None]
            want = (
                _hex(s),
                _hex(s),
                _hex(json.dumps(s)),
                _hex(s),
                _hex(s),
                _hex(s),
                *(None if a is None else _hex(a) for a in arr),
                _hex(str(3 if i % 3 else 1)),
            )
            assert row == want, f"{fmt}: row {i + 1} ({s!r}) came back different"


def test_nul_json_escape_is_fine_in_json_but_not_jsonb(pg: PgCluster, pgdb: str) -> None:
    # The rule the jsonb check encodes, asked of the server itself.
    assert pg.scalar("""SELECT '"a\\u0000b"'::json::text""", pgdb) == '"a\\u0000b"'
    proc = pg.psql("-c", """SELECT '"a\\u0000b"'::jsonb""", db=pgdb, check=False)
    assert proc.returncode != 0 and b"\\u0000 cannot be converted to text" in proc.stderr
    # an escaped backslash before u0000 is no NUL: jsonb takes it
    assert pg.scalar("""SELECT '"a\\\\u0000b"'::jsonb #>> '{}'""", pgdb) == "a\\u0000b"
