"""Derived columns: the expression language (whole-column numpy, nothing but arithmetic)
and mistakes that are schema errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pgmock.schema.expr import ExprError, columns_of, evaluate, parse_expr

from clihelp import validate_schema
from sample_schemas import DERIVED_SCHEMA


def test_expressions_are_whole_column_numpy() -> None:
    tree = parse_expr("round(a * b + -c / 2, 1) + least(a, 3)")
    assert columns_of(tree) == ["a", "b", "c"]
    got = evaluate(tree, {"a": np.array([1, 5]), "b": np.array([2.0, 0.5]), "c": np.array([1, 3])})
    assert got.tolist() == [1.5 + 1, 1.0 + 3]


@pytest.mark.parametrize(
    "text", ["__import__('os')", "a.b", "a if b else c", "'x' + a", "open(a)", "a[0]", "lambda: 1"]
)
def test_anything_but_arithmetic_is_refused(text: str) -> None:
    with pytest.raises(ExprError):
        parse_expr(text)


def test_derived_mistakes_are_schema_errors(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(DERIVED_SCHEMA))
    cols = bad["tables"]["order_items"]["columns"]
    cols["total"]["expr"] = "quantity * unit_prize"
    cols["discounted"]["expr"] = "os.system(1)"
    cols["unit_price"]["from"] = "product.price"
    cols["product_name"]["from"] = "products.nmae"
    proc = validate_schema(tmp_path / "bad.json", bad)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert (
        'columns.total.expr: table "order_items" has no column "unit_prize" — did you mean '
        '"unit_price"?' in err
    )
    assert "columns.discounted.expr: unknown function in 'os.system(1)'" in err
    assert 'columns.unit_price.from: write "parent_table.column"' in err
    assert 'columns.product_name.from: table "products" has no column "nmae"' in err
