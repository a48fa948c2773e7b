"""Children per parent: a chunk's parent rows and each row's place among its parent's."""

from __future__ import annotations

import numpy as np
import pytest

from pgmock.generate.children import parent_rows, row_starts


@pytest.mark.parametrize("seed", range(20))
def test_parent_rows_of_any_slice_match_a_search_of_every_count(seed: int) -> None:
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 6, int(rng.integers(1, 300)))  # parents without children too
    cumulative = np.cumsum(counts)
    total = int(cumulative[-1])
    for _ in range(20):
        if total == 0:
            break
        offset = int(rng.integers(0, total))
        n = int(rng.integers(1, total - offset + 1))
        rows = np.arange(offset, offset + n)
        expected = np.searchsorted(cumulative, rows, side="right")
        got = parent_rows(cumulative, offset, n)
        assert got.dtype == np.int64
        assert got.tolist() == expected.tolist()
        starts = row_starts(cumulative, got)
        assert starts.tolist() == np.concatenate(([0], cumulative))[expected].tolist()
        # a row's place among its parent's rows is below that parent's count
        within = rows - starts
        assert (within >= 0).all() and (within < counts[got]).all()


def test_parent_rows_at_the_edges() -> None:
    cumulative = np.cumsum(np.array([0, 3, 0, 2, 1]))  # parents 0 and 2 have no rows
    assert parent_rows(cumulative, 0, 6).tolist() == [1, 1, 1, 3, 3, 4]
    assert parent_rows(cumulative, 5, 1).tolist() == [4]
    assert parent_rows(cumulative, 3, 0).tolist() == []
    assert row_starts(cumulative, np.array([1, 3, 4])).tolist() == [0, 3, 5]


def test_places_among_parent_rows_are_made_once_a_chunk_and_shared_read_only() -> None:
    from pgmock.generate.engine import Engine
    from pgmock.generate.plan import make_plan

    from schemacheck import resolve, schema, table

    lines = table(
        {
            "order_id": {"type": "int", "references": "orders.id"},
            "line": {"type": "int", "generator": "core.position"},
            "again": {"type": "int", "generator": "core.position"},
        },
        rows={"per": "orders", "min": 1, "max": 5},
    )
    doc = schema({"orders": table({"id": {"type": "serial", "primaryKey": True}}, rows=50),
                  "lines": lines})  # fmt: skip
    with Engine(make_plan(resolve(doc))) as engine:
        rtable = engine.schema.tables["lines"]
        n = rtable.row_count
        places = engine._parent_positions(rtable, 0, n)
        assert places is not None and not places.flags.writeable
        assert engine._parent_positions(rtable, 0, n) is places
        data = engine.generate_chunk("lines", 0)
    assert data["line"] == data["again"] == [str(p) for p in places]
    orders = np.array(data["order_id"], dtype=np.int64)
    firsts = np.flatnonzero(np.diff(orders, prepend=0) != 0)
    assert (places[firsts] == 1).all() and places.max() <= 5


@pytest.mark.parametrize("seed", range(10))
def test_rows_past_the_last_parent_s_are_numbered_as_a_search_numbers_them(seed: int) -> None:
    # a table can hold more rows than its parents' counts add up to (the eshop corpus's
    # JSON schema): those rows got len(cumulative) from a search, and must still
    rng = np.random.default_rng(seed)
    cumulative = np.cumsum(rng.integers(0, 6, int(rng.integers(1, 50))))
    total = int(cumulative[-1])
    for offset, n in ((0, total + 7), (max(total - 3, 0), 10), (total, 5), (total + 4, 3)):
        rows = np.arange(offset, offset + n)
        expected = np.searchsorted(cumulative, rows, side="right")
        assert parent_rows(cumulative, offset, n).tolist() == expected.tolist()
