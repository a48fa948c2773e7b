"""Generators that read earlier columns of the row (Generator.column_params) are checked
by validate: the columns exist, come before, and have values in ctx.rows."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from pgmock.schema.derived import read_columns
from pgmock.schema.problems import Problems
from pgmock.schema.resolved import GeneratorChoice
from pgmock_sdk import Generator, Params

from schemacheck import problems, resolve, schema, table


def _found(columns: dict[str, Any]) -> dict[str, str]:
    doc = schema({"p": table({"id": {"type": "serial", "primaryKey": True}}), "t": table(columns)})
    return {p.path: p.message for p in problems(doc)}


def test_named_columns_must_come_first_and_have_values() -> None:
    review = {"type": "text", "generator": "review"}
    found = _found(
        {
            "p_id": {"type": "int", "references": "p.id"},
            "early": {**review, "params": {"rating_column": "stars"}},
            "stars": {"type": "int"},
            "on_fk": {"type": "float8", "generator": "metric", "params": {"time_column": "p_id"}},
            "twice": {"type": "int", "generated": "stars * 2"},
            "on_generated": {**review, "params": {"rating_column": "twice"}},
            "unknown": {**review, "params": {"rating_column": "star"}},
            "fine": {**review, "params": {"rating_column": "stars"}},
        }
    )
    params = "tables.t.columns.{}.params.{}"
    assert found == {
        params.format("early", "rating_column"): '"stars" must be declared before early',
        params.format("on_fk", "time_column"): '"p_id" is a foreign key column; generators are '
        "not given its values",
        params.format("on_generated", "rating_column"): '"twice" is computed by PostgreSQL '
        '("generated"), so pgmock has no values of it',
        params.format("unknown", "rating_column"): 'table "t" has no column "star" — did you '
        'mean "stars"?',
    }


def test_cases_are_checked_too() -> None:
    found = _found(
        {
            "kind": {"type": "text", "generator": "choice", "params": {"values": ["a", "b"]}},
            "note": {
                "type": "text",
                "cases": {
                    "on": "kind",
                    "values": {"a": {"generator": "review", "params": {"rating_column": "later"}}},
                },
            },
            "later": {"type": "int"},
        }
    )
    assert found == {
        "tables.t.columns.note.cases.values.a.params.rating_column": '"later" must be declared '
        "before note"
    }


class _RowsParams(Params):
    rows: list[str] = Field(default_factory=list)


class _ReadsRows(Generator[_RowsParams]):
    name = "reads_rows"
    column_params = ("rows",)


def test_a_list_of_columns_is_checked_name_by_name() -> None:
    resolved = resolve(schema({"t": table({"a": {"type": "int"}, "b": {"type": "int"}})}))
    rt = resolved.tables["t"]
    found = Problems("s.json")
    gen = GeneratorChoice(_ReadsRows, "x.reads_rows", _RowsParams(rows=["a", "b", "c"]))
    read_columns(found, "tables.t.columns.b", rt, rt.columns["b"], gen)
    assert [(p.path, p.message) for p in found.found] == [
        ("tables.t.columns.b.params.rows.1", '"b" must be declared before b'),
        ("tables.t.columns.b.params.rows.2", 'table "t" has no column "c"'),
    ]
