"""Sizes pgmock cannot generate are refused by validate, before anything is allocated."""

from __future__ import annotations

import math
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pgmock.errors import UsageError
from pgmock.generate.children import combination_grid
from pgmock.generate.engine import Engine
from pgmock.generate.plan import CHUNK_ROWS, make_plan
from pgmock.schema.limits import MAX_PER_PARENT, MAX_ROWS

from clihelp import pgmock
from schemacheck import problems, resolve, schema, table

SERIAL = {"type": "bigserial", "primaryKey": True}


@pytest.fixture
def small_allocations() -> Iterator[None]:
    """The test allocates less than 20 MB at any moment (numpy reports to tracemalloc)."""
    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.0f} MB"


def _found(doc: dict[str, Any], **overrides: Any) -> dict[str, str]:
    return {p.path: p.message for p in problems(doc, **overrides)}


def _parent_child(parent_rows: int, per: dict[str, Any]) -> dict[str, Any]:
    return schema(
        {
            "p": table({"id": SERIAL}, rows=parent_rows),
            "c": table(
                {"p_id": {"type": "bigint", "references": "p.id"}}, rows={"per": "p", **per}
            ),
        }
    )


@pytest.mark.usefixtures("small_allocations")
@pytest.mark.parametrize("rows", [MAX_ROWS + 1, 2**64, 10**400])
def test_row_counts_beyond_the_limit(rows: int) -> None:
    found = _found(schema({"t": table({"id": SERIAL}, rows=rows)}))
    assert list(found) == ["tables.t.rowCount"]
    assert "less than or equal to 1000000000000" in found["tables.t.rowCount"]


@pytest.mark.usefixtures("small_allocations")
def test_the_limit_itself_validates_and_plans_without_allocating() -> None:
    resolved = resolve(schema({"t": table({"id": SERIAL, "n": {"type": "int"}}, rows=MAX_ROWS)}))
    plan = make_plan(resolved)
    chunks = plan.chunks("t")
    assert len(chunks) == MAX_ROWS // CHUNK_ROWS
    assert chunks[-1] == (MAX_ROWS - CHUNK_ROWS, CHUNK_ROWS)


def test_chunks_are_the_list_they_stand_for() -> None:
    resolved = resolve(schema({"t": table({"id": SERIAL}, rows=2 * CHUNK_ROWS + 7)}))
    chunks = make_plan(resolved).chunks("t")
    expected = [(0, CHUNK_ROWS), (CHUNK_ROWS, CHUNK_ROWS), (2 * CHUNK_ROWS, 7)]
    assert list(chunks) == expected
    assert chunks[-1] == expected[-1] and chunks[1:] == expected[1:]
    with pytest.raises(IndexError):
        chunks[3]


@pytest.mark.usefixtures("small_allocations")
@pytest.mark.parametrize(
    ("column", "rows", "message"),
    [
        ({"type": "serial"}, 2**31, "do not fit serial column id (integer stops at 2,147,483,647)"),
        ({"type": "smallserial"}, 32_768, "do not fit serial column id (smallint stops at 32,767)"),
        (
            {"type": "smallint", "identity": "always"},
            32_768,
            "do not fit identity column id (smallint stops at 32,767)",
        ),
        (
            {"type": "integer", "identity": "by default"},
            2**31,
            "do not fit identity column id (integer stops at 2,147,483,647)",
        ),
    ],
)
def test_serial_and_identity_overflow(column: dict[str, Any], rows: int, message: str) -> None:
    doc = schema({"t": table({"id": {**column, "primaryKey": True}}, rows=rows)})
    assert _found(doc) == {"tables.t.rowCount": f"{rows:,} rows {message}"}
    below = schema({"t": table({"id": {**column, "primaryKey": True}}, rows=rows - 1)})
    assert _found(below) == {}


@pytest.mark.usefixtures("small_allocations")
def test_rows_and_scale_overrides_are_held_to_the_limit() -> None:
    doc = schema({"t": table({"id": SERIAL}, rows=10)})
    message = f"{MAX_ROWS + 1:,} rows are more than a table holds ({MAX_ROWS:,})"
    assert _found(doc, rows={"t": MAX_ROWS + 1}) == {"tables.t.rowCount": message}
    assert "rows are more than a table holds" in _found(doc, scale=1e300)["tables.t.rowCount"]


@pytest.mark.parametrize(
    ("scale", "message"),
    [
        (float("inf"), "--scale must be a finite number, not inf"),
        (float("nan"), "--scale must be a finite number, not nan"),
        (1e308, "--scale 1e+308 makes the rows of t overflow"),
    ],
)
def test_scales_that_are_not_numbers(scale: float, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("+", r"\+")):
        resolve(schema({"t": table({"id": SERIAL}, rows=10)}), scale=scale)


@pytest.mark.usefixtures("small_allocations")
def test_children_per_parent_of_a_huge_parent_are_refused_before_drawing() -> None:
    # The counts are drawn per parent row: 2 billion parents took 16 GiB in validate.
    found = _found(_parent_child(2_000_000_000, {"count": 3}))
    assert list(found) == ["tables.c.rowCount"]
    assert f"pgmock keeps at most {MAX_PER_PARENT:,}" in found["tables.c.rowCount"]


def test_children_per_parent_at_the_limit() -> None:
    resolved = resolve(_parent_child(MAX_PER_PARENT, {"min": 0, "max": 2}))
    assert MAX_PER_PARENT * 0.9 < resolved.tables["c"].row_count < MAX_PER_PARENT * 1.1


@pytest.mark.usefixtures("small_allocations")
@pytest.mark.parametrize("per", [{"count": 10**6}, {"min": 0, "max": 10**6}])
def test_per_parent_totals_beyond_the_limit(per: dict[str, int]) -> None:
    found = _found(_parent_child(2_000_000, per))
    assert found == {
        "tables.c.rowCount": "2,000,000 parents × 1,000,000 children can make "
        f"2,000,000,000,000 rows; a table holds at most {MAX_ROWS:,}"
    }


@pytest.mark.parametrize("per", [{"count": 2**64}, {"min": 0, "max": 2**64}])
def test_per_parent_counts_beyond_the_limit(per: dict[str, int]) -> None:
    found = _found(_parent_child(0, per))
    assert len(found) == 1
    assert "less than or equal to 1000000000000" in next(iter(found.values()))


@pytest.mark.parametrize(
    ("dist", "message"),
    [
        ({"name": "poisson", "lambda": 1e12}, "add up to"),
        ({"name": "pareto", "alpha": 0.001}, "add up to inf rows"),
        ({"name": "normal", "mean": 1e300, "stddev": 1e300}, "add up to"),
    ],
)
def test_per_parent_distributions_drawing_too_many(dist: dict[str, Any], message: str) -> None:
    found = _found(_parent_child(10_000, {"distribution": dist}))
    assert list(found) == ["tables.c.rowCount.distribution"]
    assert message in found["tables.c.rowCount.distribution"]


def test_huge_row_counts_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        f'{{"version": "1.0", "tables": {{"t": {{"rowCount": {2**64}, "columns": '
        '{"id": {"type": "serial"}}}}}'
    )
    proc = pgmock("validate", path.name, check=False, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith(
        "s.json: tables.t.rowCount: Input should be less than or equal to 1000000000000"
    )
    path.write_text(path.read_text().replace(str(2**64), "10"))
    proc = pgmock("validate", path.name, "--rows", f"t={10**20}", check=False, cwd=tmp_path)
    assert proc.returncode == 2
    assert "s.json: tables.t.rowCount: 100,000,000,000,000,000,000 rows are more" in (
        proc.stderr.decode()
    )


def test_combination_grid() -> None:
    assert combination_grid([10, 20]) is None
    assert combination_grid([2**32, 2**31]) is None  # exactly 2**63 combinations
    grid = combination_grid([3 * 10**9] * 3)
    assert grid is not None and math.prod(grid) <= 2**63
    assert grid == [2097152] * 3
    # the small parent is used whole, the others share the rest evenly
    assert combination_grid([5, 2**40, 2**40]) == [5, 1358187913, 1358187913]
    assert combination_grid([2**62, 3, 2**62]) == [1753413056, 3, 1753413056]


def test_a_key_of_foreign_keys_over_more_than_2_63_combinations() -> None:
    # permute's domain ends at 2**63: this junction table failed with a ValueError.
    parents = {k: table({"id": SERIAL}, rows=3 * 10**9) for k in "abc"}
    fks = {k: {"type": "bigint", "references": f"{k}.id"} for k in "abc"}
    resolved = resolve(schema({**parents, "j": table(fks, rows=5000, primaryKey=list("abc"))}))
    with Engine(make_plan(resolved)) as engine:
        (chunk,) = list(engine.iter_chunks("j"))
    rows = list(zip(*chunk.columns))
    assert len(set(rows)) == 5000
    for values in chunk.columns:  # every parent's rows are spread, not one of them
        numbers = [int(v) for v in values]
        assert len(set(numbers)) > 4900
        assert min(numbers) >= 1 and max(numbers) <= 3 * 10**9
        assert max(numbers) > 2 * 10**9


@pytest.mark.parametrize(
    "unique",
    [{"unique": True}, {"unique": True, "nullRatio": 1.0}],
    ids=["unique-column", "unique-column-all-null"],
)
def test_a_unique_foreign_key_column_needs_a_parent_a_row(unique: dict[str, Any]) -> None:
    # Found by bench/fuzz_schema.py: validate counted parents for primary keys and UNIQUE
    # constraints, the engine drew distinct parents for unique columns too, and generate
    # failed with "index out of range for domain 6" (pagila, film.original_language_id).
    fk = {"type": "int", "references": "p.id", **unique}
    doc = schema({"p": table({"id": SERIAL}, rows=6), "c": table({"p_id": fk}, rows=7)})
    assert _found(doc) == {
        "tables.c.rowCount": "7 rows need distinct (p_id), but the referenced tables allow "
        "only 6 combinations"
    }
    doc["tables"]["c"]["rowCount"] = 6
    resolved = resolve(doc)
    with Engine(make_plan(resolved)) as engine:
        (chunk,) = list(engine.iter_chunks("c"))
    values = [v for v in chunk.columns[0] if v is not None]
    assert len(values) == len(set(values))


@pytest.mark.parametrize(
    ("type_", "rows", "ok"),
    [
        ("bit(83886080)", 3, True),  # 240 MiB a batch
        ("bit(83886080)", 4, False),
        ("char(10485760)", 25, True),
        ("char(10485760)", 26, False),
        ("char(26000)", 10**9, True),  # 10,000 rows a batch: 248 MiB
        ("char(30000)", 10**9, False),  # 286 MiB
        ("varchar(10485760)", 10**6, True),  # text is as long as its generator makes it
    ],
)
def test_values_as_wide_as_their_type_keep_a_batch_small(type_: str, rows: int, ok: bool) -> None:
    # Three rows of bit(83886080) took 1.3 GB; 10,000 would have asked for terabytes.
    found = _found(schema({"t": table({"a": {"type": type_}}, rows=rows)}))
    assert (found == {}) == ok, found
    if not ok:
        assert (
            "pgmock generates at most 256 MiB of a column at once"
            in found["tables.t.columns.a.type"]
        )
