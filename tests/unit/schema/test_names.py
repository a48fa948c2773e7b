"""Names PostgreSQL refuses or reserves, and names pgmock refuses, are schema problems."""

from __future__ import annotations

import pytest

from schemacheck import problems, schema, table

INT = {"type": "integer"}


def _messages(doc: dict) -> dict[str, str]:
    return {p.path: p.message for p in problems(doc)}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", "is empty"),
        ("a\nb", "contains U+000A"),
        ("soh\x01", "contains U+0001"),
        ("esc\x1b[31m", "contains U+001B"),
        ("del\x7f", "contains U+007F"),
        ("c1\x85", "contains U+0085"),
        ("ls\u2028", "contains U+2028"),
        ("rlo\u202e", "contains U+202E"),
        ("x" * 64, "is 64 bytes"),
        ("é" * 32, "is 64 bytes"),
    ],
)
def test_bad_column_names(name: str, expected: str) -> None:
    found = _messages(schema({"t": table({name: INT, "ok": INT})}))
    assert list(found) == [f"tables.t.columns.{name}"]
    assert expected in found[f"tables.t.columns.{name}"]


def test_names_postgresql_takes_quoted_are_fine() -> None:
    odd = ["Mixed Case", "with space", "ünïcödé", "x" * 63, "é" * 31 + "x", 'quo"te', "a.b"]
    assert problems(schema({"t": table({n: INT for n in odd})})) == []


def test_every_kind_of_name_is_checked() -> None:
    doc = schema(
        {
            "t": table(
                {"a": INT},
                indexes=[{"columns": ["a"], "name": "bad\tindex"}],
                foreignKeys=[
                    {"columns": ["a"], "references": {"table": "p", "columns": ["id"]}, "name": ""}
                ],
            ),
            "p": table({"id": {"type": "serial", "primaryKey": True}}),
            "s\rchema.t": table({"a": INT}),
            "": table({"a": INT}),
            ".t": table({"a": INT}),
        },
        database={"name": "", "owner": "o\x01wner"},
        extensions=["ext\n"],
        types={"c": {"composite": {"": "int"}}, "e\u2029": {"enum": ["a"]}},
    )
    found = _messages(doc)
    assert "index name 'bad\\tindex' contains U+0009" in found["tables.t.indexes.0.name"]
    assert "foreign key name '' is empty" in found["tables.t.foreignKeys.0.name"]
    assert "schema name 's\\rchema' contains U+000D" in found["tables.s\rchema.t"]
    assert found["tables."] == 'table keys are "name" or "schema.name"'
    assert found["tables..t"] == 'table keys are "name" or "schema.name"'
    assert "database name '' is empty" in found["database.name"]
    assert "role name 'o\\x01wner' contains U+0001" in found["database.owner"]
    assert "extension name 'ext\\n'" in found["extensions.0"]
    assert "field name '' is empty" in found["types.c.composite."]
    assert "type name 'e\\u2029' contains U+2029" in found["types.e\u2029"]


@pytest.mark.parametrize(
    "schema_name", ["pg_catalog", "pg_toast", "pg_temp", "pg_mine", "information_schema"]
)
def test_schemas_postgresql_keeps_are_refused(schema_name: str) -> None:
    doc = schema(
        {f"{schema_name}.t": table({"a": INT})},
        types={f"{schema_name}.e": {"enum": ["a"]}},
    )
    found = _messages(doc)
    for path in (f"tables.{schema_name}.t", f"types.{schema_name}.e"):
        assert found[path].startswith(f'schema "{schema_name}" is reserved by PostgreSQL')


def test_schemas_that_only_look_reserved_are_fine() -> None:
    doc = schema({"PG_x.t": table({"a": INT}), "public.pg_table": table({"a": INT})})
    assert problems(doc) == []


def test_type_keys_have_at_most_one_dot() -> None:
    found = _messages(schema({"t": table({"a": INT})}, types={"a.b.c": {"enum": ["x"]}}))
    assert found == {"types.a.b.c": 'type keys are "name" or "schema.name"'}


def test_enum_labels_are_at_most_63_bytes() -> None:
    labels = ["", "x" * 63, "é" * 31 + "x", "y" * 64, "€" * 22]
    found = _messages(schema({"t": table({"a": {"type": "e"}})}, types={"e": {"enum": labels}}))
    assert sorted(found) == ["types.e.enum.3", "types.e.enum.4"]
    assert "is 64 bytes; PostgreSQL enum labels are at most 63 bytes" in found["types.e.enum.3"]
    assert "is 66 bytes" in found["types.e.enum.4"]


def test_a_huge_enum_label_is_refused_before_anything_is_generated() -> None:
    # 1 MB labels made 300 rows take 650 MB.
    doc = schema({"t": table({"a": {"type": "e"}}, rows=300)}, types={"e": {"enum": ["x" * 2**20]}})
    assert [p.path for p in problems(doc)] == ["types.e.enum.0"]


def test_an_empty_key_is_shown_in_the_path() -> None:
    # Found by bench/fuzz_schema.py: a top-level "" key was reported without any path.
    found = problems({**schema({"t": table({"a": INT})}), "": 1})
    assert [(p.path, p.message.split(" (")[0]) for p in found] == [('""', "unknown key")]
