"""Smaller promises of the format (issue 12, 6): notes, messages that say it once,
one bad key that does not take its table down, fixed row counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clihelp import pgmock
from restored import serial_table, validate, write_schema


def _fk(ref: str) -> dict[str, Any]:
    return {"type": "integer", "references": ref}


def test_dash_t_names_a_missing_parent_once(tmp_path: Path) -> None:
    schema = {
        "tables": {
            "users": serial_table(3),
            "posts": serial_table(3, created_by=_fk("users.id"), updated_by=_fk("users.id")),
        }
    }
    proc = pgmock("generate", str(write_schema(tmp_path, schema)), "-t", "posts", check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "selected tables reference tables that are not selected: posts references users (" in err
    assert err.count("posts references users") == 1


def test_unknown_key_lists_the_keys_as_the_schema_spells_them(tmp_path: Path) -> None:
    schema = {"tables": {"t": serial_table(1, a={"type": "int", "frm": "x"})}}
    err = validate(tmp_path, schema).stderr
    assert 'tables.t.columns.a.frm: unknown key — did you mean "from"?' in err
    assert ", from, generated," in err and "from_" not in err


def test_one_bad_key_leaves_the_rest_of_its_table_checked(tmp_path: Path) -> None:
    """Before: the table was dropped, so every reference to it was reported too."""
    schema = {
        "tables": {
            "users": {
                **serial_table(
                    10,
                    name={"type": "text", "nullRatio": 2},
                    lost={"tpye": "int"},
                    score={"type": "integer", "generator": "no_such_generator"},
                ),
                "colour": "red",
            },
            "orders": serial_table(
                10,
                user_id=_fk("users.id"),
                lost_id=_fk("users.lost"),
                placed={"type": "timestamp", "after": "users.name"},
            ),
        }
    }
    proc = validate(tmp_path, schema)
    lines = [line for line in proc.stderr.splitlines() if ": tables." in line]
    paths = sorted(line.split(": ")[1] for line in lines)
    assert paths == [
        "tables.orders.columns.placed.after",  # a real problem: name is text
        "tables.users.colour",
        "tables.users.columns.lost.tpye",
        "tables.users.columns.lost.type",
        "tables.users.columns.name.nullRatio",
        "tables.users.columns.score.generator",  # found although the table has problems
    ]
    assert '"users.name" is not a date or timestamp column' in proc.stderr


def test_comments_are_accepted_anywhere_and_ignored(tmp_path: Path) -> None:
    note = "a note"
    schema = {
        "$comment": note,
        "database": {"$comment": note},
        "types": {"$comment": note, "mood": {"enum": ["ok", "meh"], "$comment": note}},
        "tables": {
            "$comment": note,
            "users": {
                "$comment": note,
                "rowCount": 5,
                "columns": {
                    "$comment": note,
                    "id": {"type": "serial", "primaryKey": True, "$comment": note},
                    "mood": {"type": "mood", "$comment": note},
                    "age": {
                        "type": "integer",
                        "params": {"min": 18, "max": 20, "$comment": note},
                        "distribution": {"name": "uniform", "$comment": note},
                    },
                },
                "indexes": [{"columns": ["age"], "$comment": note}],
            },
        },
    }
    proc = validate(tmp_path, schema)
    assert proc.returncode == 0, proc.stderr
    plain = _without_notes(schema)
    assert "$comment" not in json.dumps(plain)
    with_notes = pgmock("generate", str(write_schema(tmp_path, schema, "a.json")), "-a").stdout
    without = pgmock("generate", str(write_schema(tmp_path, plain, "b.json")), "-a").stdout
    assert with_notes == without
    doc = json.loads(pgmock("schema", "--json-schema").stdout)
    column = doc["$defs"]["Column"]["properties"]
    assert column["$comment"]["type"] == "string"


def _without_notes(doc: Any) -> Any:
    if isinstance(doc, dict):
        return {k: _without_notes(v) for k, v in doc.items() if k != "$comment"}
    if isinstance(doc, list):
        return [_without_notes(v) for v in doc]
    return doc


def test_a_comment_holds_text(tmp_path: Path) -> None:
    proc = validate(tmp_path, {"tables": {"t": {**serial_table(1), "$comment": 7}}})
    assert proc.returncode == 2
    assert "tables.t.$comment: a $comment holds text" in proc.stderr


def test_fixed_does_not_go_with_children_per_parent(tmp_path: Path) -> None:
    schema = {
        "tables": {
            "users": serial_table(3),
            "posts": {
                **serial_table(0, user_id=_fk("users.id")),
                "rowCount": {"per": "users", "count": 2},
                "fixed": True,
            },
        }
    }
    proc = validate(tmp_path, schema)
    assert proc.returncode == 2
    assert "tables.posts.fixed: fixed keeps a number of rows as written" in proc.stderr


def test_scale_help_names_fixed() -> None:
    out = " ".join(pgmock("generate", "--help").stdout.decode().split())
    assert 'except of tables marked "fixed": true' in out
