"""A nullable self-reference the schema says nothing of is a tree: no row is its own
manager, and no chain of managers runs in a circle."""

from __future__ import annotations

from typing import Any

import pytest
from resolving import resolve

from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan
from pgmock.schema.relations import DEFAULT_TREE_DEPTH


def staff(rows: int = 200, **manager: Any) -> dict[str, Any]:
    return {"employees": {"rowCount": rows, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "manager_id": {"type": "integer", "references": "employees.id", **manager},
    }}}  # fmt: skip


def managers(tables: dict[str, Any]) -> dict[int, int | None]:
    with Engine(make_plan(resolve(tables))) as engine:
        data = engine.generate_chunk("employees", 0)
    return {int(i): None if m is None else int(m) for i, m in zip(data["id"], data["manager_id"])}


@pytest.mark.parametrize("null_ratio", [None, 0.5])
def test_no_one_manages_themselves_or_their_managers(null_ratio: float | None) -> None:
    boss = managers(staff(nullRatio=null_ratio))
    assert any(m is None for m in boss.values())
    for row in boss:
        seen = {row}
        while (row := boss[row]) is not None:  # type: ignore[assignment]
            assert row not in seen
            seen.add(row)
        assert len(seen) <= DEFAULT_TREE_DEPTH + 1


def test_what_the_schema_says_wins() -> None:
    def depth(**manager: Any) -> int | None:
        fk = resolve(staff(**manager)).tables["employees"].fks[0]
        return fk.max_depth

    assert depth() == DEFAULT_TREE_DEPTH
    assert depth(maxDepth=1) == 1
    assert depth(nullRatio=0.5) == DEFAULT_TREE_DEPTH
    assert depth(distribution={"name": "zipf", "s": 1.2}) is None
    assert depth(nullable=False) is None
    assert depth(unique=True) is None
