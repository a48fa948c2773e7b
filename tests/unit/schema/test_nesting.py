"""What nests or multiplies inside one value is bounded by validate: expressions, CHECKs,
composite types, arrays and JSON templates. Each of these ended in a RecursionError, a
hang or a MemoryError before."""

from __future__ import annotations

from typing import Any

import pytest

from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan
from pgmock.schema.expr import MAX_EXPR_DEPTH
from pgmock.schema.limits import MAX_COMPOSITE_FIELDS, MAX_TYPE_NESTING
from pgmock.sql.check import MAX_CHECK_DEPTH, MAX_CHECK_PARENS

from schemacheck import problems, resolve, schema, table


def _found(doc: dict[str, Any]) -> dict[str, str]:
    return {p.path: p.message for p in problems(doc)}


def _expr(text: str) -> dict[str, str]:
    return _found(schema({"t": table({"a": {"type": "int"}, "b": {"type": "int", "expr": text}})}))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Python's parser gives up (RecursionError) or our depth count does, depending on
        # the recursion limit of the process: either way a one-line problem.
        ("+".join(["a"] * 20_000), "expression nested "),
        ("-" * 5000 + "a", "expression nested "),
        ("+".join(["a"] * (MAX_EXPR_DEPTH + 1)), f"nested more than {MAX_EXPR_DEPTH} levels"),
        ("10 ** 400", "uses no column; for the same value in every row use the constant"),
        ("a + 10 ** 400 ** 2", None),
        ("a * 1" + "0" * 400, "beyond double precision"),
        ("abs(a, a)", "abs() takes 1 argument, not 2"),
        ("round(a, 1, 2)", "round() takes 1 or 2 arguments, not 3"),
        ("round(a, a)", "round()'s digits must be a whole number"),
        ("least(a)", "least() takes 2 or more arguments, not 1"),
    ],
)
def test_expressions(text: str, message: str | None) -> None:
    found = _expr(text)
    if message is None:
        assert found == {}
    else:
        assert list(found) == ["tables.t.columns.b.expr"]
        assert message in found["tables.t.columns.b.expr"]


def test_least_and_greatest_take_any_number_of_arguments() -> None:
    doc = schema(
        {
            "t": table(
                {
                    "a": {"type": "int", "params": {"min": 1, "max": 9}},
                    "lo": {"type": "int", "expr": "least(a, 5, 3, a * 2)"},
                    "hi": {"type": "int", "expr": "greatest(a, 5, 7)"},
                },
                rows=50,
            )
        }
    )
    with Engine(make_plan(resolve(doc))) as engine:
        (chunk,) = list(engine.iter_chunks("t"))
    for a, lo, hi in zip(*chunk.columns):
        assert int(lo) == min(int(a), 3) and int(hi) == max(int(a), 7)


def test_a_division_by_zero_into_an_integer_column_is_a_clear_error() -> None:
    from pgmock.errors import PgmockError

    doc = schema({"t": table({"a": {"type": "int"}, "b": {"type": "int", "expr": "a / 0"}})})
    with Engine(make_plan(resolve(doc))) as engine, pytest.raises(PgmockError) as caught:
        list(engine.iter_chunks("t"))
    assert str(caught.value) == (
        "t.b: expr gives NaN or infinity in some rows (a division by zero?), which an integer "
        "column cannot hold"
    )


def _domain(check: str) -> dict[str, str]:
    doc = schema({"t": table({"a": {"type": "d"}})}, types={"d": {"domain": "int", "check": check}})
    return _found(doc)


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ("(" * 3000 + "VALUE > 0" + ")" * 3000, f"parentheses nested more than {MAX_CHECK_PARENS}"),
        ("NOT " * 5000 + "VALUE > 0", "nested "),  # too deeply to read, or > 100 levels
        (" + ".join(["VALUE"] * 3000) + " > 0", f"nested more than {MAX_CHECK_DEPTH} levels"),
    ],
)
def test_checks_nested_too_deeply(check: str, message: str) -> None:
    found = _domain(check)
    assert list(found) == ["types.d.check"]
    assert message in found["types.d.check"]
    assert len(found["types.d.check"]) < 400  # the CHECK is not echoed whole


def test_checks_within_the_limits() -> None:
    assert _domain("(" * MAX_CHECK_PARENS + "VALUE > 0" + ")" * MAX_CHECK_PARENS) == {}
    assert _domain(" AND ".join(["VALUE > 0"] * 5000)) == {}  # AND is flat


def _chain(levels: int, width: int = 1) -> dict[str, Any]:
    types: dict[str, Any] = {"c0": {"composite": {"x": "int"}}}
    for i in range(1, levels):
        types[f"c{i}"] = {"composite": {f"f{j}": f"c{i - 1}" for j in range(width)}}
    return schema({"t": table({"a": {"type": f"c{levels - 1}"}}, rows=2)}, types=types)


def test_composites_nested_too_deeply() -> None:
    # 1,500 levels ended in RecursionError
    found = _found(_chain(1500))
    first = f"types.c{MAX_TYPE_NESTING}.composite"
    assert found[first].startswith(
        f"a value of this type would hold 1 field, nested {MAX_TYPE_NESTING + 1} deep"
    )
    assert _found(_chain(MAX_TYPE_NESTING)) == {}


def test_composites_too_wide_in_all() -> None:
    # three fields a level for 30 levels is 3**29 fields a value: validate never ended
    found = _found(_chain(30, width=3))
    assert found["types.c7.composite"].startswith(
        f"a value of this type would hold 2,187 fields, nested 8 deep; a composite holds at "
        f"most {MAX_COMPOSITE_FIELDS:,}"
    )
    assert _found(_chain(7, width=3)) == {}  # 729 fields


@pytest.mark.parametrize(
    ("params", "type_", "ok"),
    [
        ({"min_length": 100, "max_length": 100}, "int[][][][][][]", False),
        ({"max_length": 100}, "int[][]", True),
        ({"max_length": 101}, "int[][]", False),
        ({"shape": [10, 10, [1, 101]]}, "int[][][]", False),
        ({"max_length": 10_000}, "int[]", True),
    ],
)
def test_array_elements_a_value(params: dict[str, Any], type_: str, ok: bool) -> None:
    found = _found(schema({"t": table({"a": {"type": type_, "params": params}})}))
    if ok:
        assert found == {}
    else:
        assert "an array holds at most 10,000" in found["tables.t.columns.a.type"]


def _template(template: Any) -> dict[str, str]:
    return _found(schema({"t": table({"a": {"type": "jsonb", "params": {"template": template}}})}))


def test_json_template_values_a_document() -> None:
    nested: Any = "int"
    for _ in range(25):
        nested = {"array": nested, "min": 3, "max": 3}
    found = _template(nested)
    assert found["tables.t.columns.a.params.template"].startswith(
        "a document holds up to 847,288,609,443 values (arrays multiply their elements); at "
        "most 10,000"
    )
    assert _template({"array": "int", "max": 10_000}) == {}
    wide = {"array": {"x": "int", "y": "int"}, "max": 5001}
    assert "holds up to 10,002 values" in _template(wide)["tables.t.columns.a.params.template"]


@pytest.mark.parametrize(
    ("type_", "message"),
    [
        ("numeric(1000,999)", None),  # OverflowError in validate before
        ("numeric(1000,0)", None),
        ("numeric(30,20)", None),  # generate failed: high is out of bounds for int64
        ("numeric(1000,-1000)", "holds multiples of 10^1000, beyond the numbers pgmock draws"),
    ],
)
def test_numerics_of_any_precision(type_: str, message: str | None) -> None:
    found = _found(schema({"t": table({"a": {"type": type_}})}))
    if message is None:
        assert found == {}
    else:
        assert message in found["tables.t.columns.a.type"]
