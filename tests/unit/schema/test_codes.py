"""A row's ``code`` reads like one (``P00001`` for projects), through the rule parameter
``table_letters``."""

from __future__ import annotations

import pytest
from resolving import resolve

from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan
from pgmock_sdk.inference import table_letters


def codes(table: str, type_name: str, rows: int = 30) -> tuple[str | None, list[str]]:
    schema = resolve({table: {"rowCount": rows, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "code": {"type": type_name, "unique": True},
    }}})  # fmt: skip
    gen = schema.tables[table].columns["code"].generator
    assert gen is not None
    with Engine(make_plan(schema)) as engine:
        values = engine.generate_chunk(table, 0)["code"]
    return gen.qualified, [str(v) for v in values]


def test_a_code_is_the_table_s_letter_and_a_number() -> None:
    name, values = codes("projects", "char(6)")
    assert name == "core.sequence"
    assert values[:3] == ["P00001", "P00002", "P00003"]
    assert codes("sales.departments", "varchar(20)")[1][0] == "D00001"


def test_a_code_too_long_for_its_column_falls_back() -> None:
    name, values = codes("projects", "char(4)")
    assert name != "core.sequence"
    assert len(set(values)) == len(values) and all(len(v) <= 4 for v in values)


def test_table_letters_is_a_placeholder_of_a_count() -> None:
    assert table_letters(2) == {"$letters": 2}
    with pytest.raises(ValueError, match="at least 1"):
        table_letters(0)
