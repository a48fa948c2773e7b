"""Columns that take their values from elsewhere (a parent row, an earlier column) only
where pgmock can actually take them: arrays and empty parents are refused or NULL."""

from __future__ import annotations

from typing import Any

from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan

from schemacheck import problems, resolve, schema, table

SERIAL = {"type": "serial", "primaryKey": True}


def _found(doc: dict[str, Any]) -> dict[str, str]:
    return {p.path: p.message for p in problems(doc)}


def test_arrays_are_not_copied_from_a_parent() -> None:
    # int[] from int[] failed at generate (numpy cannot stack ragged lists).
    doc = schema(
        {
            "p": table({"id": SERIAL, "tags": {"type": "int[]"}, "n": {"type": "int"}}),
            "c": table(
                {
                    "p_id": {"type": "int", "references": "p.id"},
                    "same": {"type": "int[]", "from": "p.tags"},
                    "into": {"type": "int[]", "from": "p.n"},
                    "out": {"type": "int", "from": "p.tags"},
                }
            ),
        }
    )
    message = "arrays cannot be copied from a parent; generate the column instead"
    assert _found(doc) == {f"tables.c.columns.{c}.from": message for c in ("same", "into", "out")}


def test_arrays_cannot_feed_after_expr_or_cases() -> None:
    doc = schema(
        {
            "t": table(
                {
                    "moments": {"type": "timestamptz[]"},
                    "later": {"type": "timestamptz", "after": "moments"},
                    "ns": {"type": "int[]"},
                    "twice": {"type": "int", "expr": "ns * 2"},
                    "label": {"type": "text", "cases": {"on": "ns", "values": {"{1}": None}}},
                }
            )
        }
    )
    assert _found(doc) == {
        "tables.t.columns.later.after": '"moments" is not a date or timestamp column',
        "tables.t.columns.twice.expr": '"ns" is not a generated numeric column',
        "tables.t.columns.label.cases.on": '"ns" is an array; cases are picked by single values',
    }


def _empty_parent(child: dict[str, Any]) -> dict[str, Any]:
    parent = table({"id": SERIAL, "price": {"type": "int"}, "at": {"type": "date"}}, rows=0)
    fk = {"type": "int", "references": "p.id"}
    return schema({"p": parent, "c": table({"p_id": fk, **child}, rows=20)})


def test_a_nullable_foreign_key_into_an_empty_table_is_null() -> None:
    # It failed at generate with "ValueError: high <= 0".
    resolved = resolve(_empty_parent({}))
    with Engine(make_plan(resolved)) as engine:
        (chunk,) = list(engine.iter_chunks("c"))
    assert chunk.columns == [[None] * 20]


def test_nothing_is_taken_from_an_empty_parent() -> None:
    doc = _empty_parent(
        {"price": {"type": "int", "from": "p.price"}, "later": {"type": "date", "after": "p.at"}}
    )
    assert _found(doc) == {
        "tables.c.columns.price.from": "p has no rows (rowCount 0) to take price from",
        "tables.c.columns.later.after": "p has no rows (rowCount 0) to take at from",
    }


def test_a_column_is_not_computed_from_itself() -> None:
    # Found by bench/fuzz_schema.py: KeyError at generate time.
    doc = schema(
        {
            "t": table(
                {
                    "n": {"type": "int", "expr": "n * 2"},
                    "at": {"type": "timestamptz", "after": "at"},
                }
            )
        }
    )
    assert _found(doc) == {
        "tables.t.columns.n.expr": '"n" must be declared before n',
        "tables.t.columns.at.after": '"at" must be declared before at',
    }
