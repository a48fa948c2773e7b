"""Derived columns: ``"expr": "quantity * unit_price"`` over the same row, vectorized.

Expressions are parsed with Python's ``ast`` and evaluated with numpy on whole columns.
Only arithmetic, numbers, earlier columns of the row and a few functions are allowed;
nothing else is ever evaluated.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.true_divide,
    ast.FloorDiv: np.floor_divide,
    ast.Mod: np.mod,
    ast.Pow: np.power,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.USub: np.negative,
    ast.UAdd: np.positive,
}
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "round": lambda x, digits=0: np.round(x, int(digits)),
    "abs": np.abs,
    "floor": np.floor,
    "ceil": np.ceil,
    "least": np.minimum,
    "greatest": np.maximum,
}


class ExprError(ValueError):
    """An expression that is not allowed or refers to unknown columns."""


def parse_expr(text: str) -> ast.Expression:
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"cannot parse expression {text!r}: {exc.msg}") from None
    for node in ast.walk(tree):
        allowed = (
            ast.Expression,
            ast.BinOp,
            ast.UnaryOp,
            ast.Constant,
            ast.Name,
            ast.Call,
            ast.Load,
            *_BINARY,
            *_UNARY,
        )
        if not isinstance(node, allowed):
            raise ExprError(
                f"{type(node).__name__} is not allowed in expressions ({text!r}); "
                "use + - * / // % **, numbers, columns and " + ", ".join(_FUNCTIONS)
            )
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            raise ExprError(f"only numbers may appear as constants in {text!r}")
        if isinstance(node, ast.Call) and not (
            isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS and not node.keywords
        ):
            raise ExprError(f"unknown function in {text!r}; known: {', '.join(_FUNCTIONS)}")
    return tree


def columns_of(tree: ast.Expression) -> list[str]:
    """The column names an expression reads."""
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called})


def evaluate(tree: ast.Expression, row: Mapping[str, Any]) -> np.ndarray:
    """The expression over whole columns (numpy arrays of one batch)."""

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return np.asarray(row[node.id], dtype=np.float64)
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp):
            return _UNARY[type(node.op)](ev(node.operand))
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)
            return _FUNCTIONS[node.func.id](*(ev(a) for a in node.args))
        raise ExprError(f"unexpected {type(node).__name__}")  # parse_expr rules this out

    return np.asarray(ev(tree), dtype=np.float64)
