"""Derived columns: ``"expr": "quantity * unit_price"`` over the same row, vectorized.

Expressions are parsed with Python's ``ast`` and evaluated with numpy on whole columns.
Only arithmetic, numbers, earlier columns of the row and a few functions are allowed;
nothing else is ever evaluated.
"""

from __future__ import annotations

import ast
import functools
import math
from collections.abc import Callable, Mapping
from typing import Any

from pgmock_sdk.lazy import np

# numpy's ufuncs by name, looked up when an expression is evaluated (validating one
# needs only the operators' and functions' names, not numpy).
_BINARY: dict[type[ast.operator], str] = {
    ast.Add: "add",
    ast.Sub: "subtract",
    ast.Mult: "multiply",
    ast.Div: "true_divide",
    ast.FloorDiv: "floor_divide",
    ast.Mod: "mod",
    ast.Pow: "power",
}
_UNARY: dict[type[ast.unaryop], str] = {
    ast.USub: "negative",
    ast.UAdd: "positive",
}
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "round": lambda x, digits=0: np.round(x, int(digits)),
    "abs": lambda x: np.abs(x),
    "floor": lambda x: np.floor(x),
    "ceil": lambda x: np.ceil(x),
    # like PostgreSQL's, of any number of arguments
    "least": lambda *args: functools.reduce(np.minimum, args),
    "greatest": lambda *args: functools.reduce(np.maximum, args),
}
# How many arguments each function takes (numpy's ufuncs take a second as their output).
_ARITY = {"round": (1, 2), "abs": (1, 1), "floor": (1, 1), "ceil": (1, 1)}
# Levels of nesting: far more than anyone writes, far less than Python's recursion limit
# (evaluation recurses per level).
MAX_EXPR_DEPTH = 100


class ExprError(ValueError):
    """An expression that is not allowed or refers to unknown columns."""


def parse_expr(text: str) -> ast.Expression:
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"cannot parse expression {text!r}: {exc.msg}") from None
    except (RecursionError, MemoryError):
        raise ExprError(f"expression nested too deeply ({len(text):,} characters)") from None
    if _depth(tree) > MAX_EXPR_DEPTH:
        raise ExprError(f"expression nested more than {MAX_EXPR_DEPTH} levels deep")
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
        if isinstance(node, ast.Constant):
            _check_constant(node, text)
        if isinstance(node, ast.Call):
            _check_call(node, text)
    if not columns_of(tree):
        raise ExprError(
            f"{text!r} uses no column; for the same value in every row use the constant generator"
        )
    return tree


def _depth(tree: ast.AST) -> int:
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _check_constant(node: ast.Constant, text: str) -> None:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExprError(f"only numbers may appear as constants in {text!r}")
    try:
        finite = math.isfinite(float(value))
    except OverflowError:
        finite = False
    if not finite:
        raise ExprError(f"{text!r}: the number {str(value)[:20]} is beyond double precision")


def _check_call(node: ast.Call, text: str) -> None:
    name = node.func.id if isinstance(node.func, ast.Name) else None
    if name not in _FUNCTIONS or node.keywords:
        raise ExprError(f"unknown function in {text!r}; known: {', '.join(_FUNCTIONS)}")
    lo, hi = _ARITY.get(name, (2, len(node.args) + 2))
    if not lo <= len(node.args) <= hi:
        takes = f"{lo}" if lo == hi else f"{lo} or {hi}" if name in _ARITY else f"{lo} or more"
        noun = "argument" if takes == "1" else "arguments"
        raise ExprError(f"{name}() takes {takes} {noun}, not {len(node.args)} ({text!r})")
    if name == "round" and len(node.args) == 2:
        digits = node.args[1]
        if not (isinstance(digits, ast.Constant) and type(digits.value) is int):
            raise ExprError(f"round()'s digits must be a whole number ({text!r})")


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
            return getattr(np, _BINARY[type(node.op)])(ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp):
            return getattr(np, _UNARY[type(node.op)])(ev(node.operand))
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)
            return _FUNCTIONS[node.func.id](*(ev(a) for a in node.args))
        raise ExprError(f"unexpected {type(node).__name__}")  # parse_expr rules this out

    # inf and NaN (a division by zero) are values; the engine refuses them where the
    # column cannot hold them, without numpy's warnings on stderr
    with np.errstate(all="ignore"):
        return np.asarray(ev(tree), dtype=np.float64)
