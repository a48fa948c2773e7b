"""CHECK constraints of tables and columns, read once for generation and validation.

A CHECK about one column (``"check": "discount >= 0 AND discount <= 1"``, or a table
CHECK ``status IN (…)``) is that column's, like a domain's: its bounds narrow the
generator's parameters, an IN-list picks the values when no generator is named, and
every batch is verified, failing rows redrawn (:mod:`pgmock.generate.domains`). A CHECK
about several columns (``end_date >= start_date``) is a row check, verified on the
column made last. A CHECK pgmock cannot evaluate is accepted with a warning, as for
domains; one PostgreSQL would refuse (a column the table does not have) is an error.
"""

from __future__ import annotations

import ast
from fractions import Fraction
from typing import Any

from pgmock.schema import model
from pgmock.schema.expr import columns_of as columns_of_expr
from pgmock.schema.problems import Problems
from pgmock.schema.resolved import RColumn, RForeignKey, RTable
from pgmock.sql.check import (
    Arith,
    BoolOp,
    CheckSyntaxError,
    Cmp,
    Column,
    CompiledCheck,
    Const,
    Is,
    Neg,
    RowCheck,
    Unsupported,
    ascending_pair,
    compile_table_check,
    ordered_pair,
)

__all__ = ["check_row_checks", "order_side", "repair_column", "resolve_checks", "swap_partner"]


def resolve_checks(
    problems: Problems,
    base: str,
    columns: dict[str, RColumn],
    table: model.Table,
    checks: list[str],
) -> list[RowCheck]:
    """Attach each column's CHECKs to it; the row checks of the table (``checks``: the
    table's CHECK expressions, named or not)."""
    texts = [
        (f"{base}.columns.{c}.check", col.check) for c, col in table.columns.items() if col.check
    ]
    texts += [(f"{base}.checks.{i}", text) for i, text in enumerate(checks)]
    types = {c: col.type for c, col in columns.items()}
    rows: list[RowCheck] = []
    broken = [c for c in table.columns if c not in columns]
    for path, text in texts:
        if not text.strip():
            problems.add(path, "the CHECK is empty; remove it or give a condition")
            continue
        try:
            check = compile_table_check(text, types)
        except CheckSyntaxError as exc:
            if not any(f'no column "{c}"' in str(exc) for c in broken):
                problems.add(path, f"bad CHECK ({text}): {exc}")
            continue  # (a column whose declaration has problems of its own is not one)
        except Unsupported as exc:
            problems.warn(
                path,
                f"pgmock cannot evaluate {exc} in CHECK ({text}); the data is not verified "
                "against it",
            )
            continue
        computed = _computed(columns, check)
        if computed:
            problems.warn(
                path,
                f"CHECK ({text}) uses {computed}, which PostgreSQL computes (generated); "
                "the data is not verified against it",
            )
        elif isinstance(check, CompiledCheck):
            assert check.column is not None
            columns[check.column].checks.append(check)
        else:
            rows.append(check)
    return rows


def _computed(columns: dict[str, RColumn], check: CompiledCheck | RowCheck) -> str:
    names = check.columns if isinstance(check, RowCheck) else [check.column or ""]
    return ", ".join(n for n in names if n in columns and not columns[n].has_data)


def check_row_checks(problems: Problems, tables: dict[str, RTable]) -> None:
    """Say which table CHECKs pgmock can only verify: a row failing one stops the run."""
    for rt in tables.values():
        kept = [c for _, _, c in rt.unequal_fks]
        for check in rt.row_checks:
            if held_by_after(rt, check) or any(check is k for k in kept):
                continue
            if _identity_by_expr(rt, check):
                continue
            if repair_column(rt, check) is None:
                problems.warn(
                    f"tables.{rt.key}.checks",
                    f"CHECK ({check.text}) is verified on every row but pgmock cannot redraw "
                    f"the column made last of {', '.join(check.columns)} (a foreign key it "
                    "follows, a unique or computed column): a row that fails it is an error",
                )


def _identity_by_expr(table: RTable, check: RowCheck) -> bool:
    """An equality CHECK that the table's ``expr`` columns make true for every row
    (``total_cents = items_cents + tax_cents`` where total_cents has exactly that expr,
    or ``a + b = c`` where ``a`` is ``c - b``): both sides, with the expr columns written
    out, are the same polynomial. It holds by construction (and is still verified)."""
    tree = check.tree
    if not isinstance(tree, Cmp) or tree.op != "=":
        return False
    exprs: dict[str, Polynomial] = {}
    for name, col in table.columns.items():
        if col.expr is not None:
            poly = _from_python(col.expr.body)
            if poly is not None:
                exprs[name] = poly
    left, right = _from_check(tree.left), _from_check(tree.right)
    if left is None or right is None or not exprs:
        return False
    for _ in range(len(exprs)):  # an expr may use another expr column
        left, right = _substitute(left, exprs), _substitute(right, exprs)
    return _add(left, _scale(right, Fraction(-1))) == {}


# A polynomial over column names: monomial (sorted names) -> coefficient.
Polynomial = dict[tuple[str, ...], Fraction]


def _add(a: Polynomial, b: Polynomial) -> Polynomial:
    out = dict(a)
    for mono, coef in b.items():
        out[mono] = out.get(mono, Fraction(0)) + coef
    return {m: c for m, c in out.items() if c != 0}


def _scale(a: Polynomial, k: Fraction) -> Polynomial:
    return {m: c * k for m, c in a.items() if c * k != 0}


def _mul(a: Polynomial, b: Polynomial) -> Polynomial:
    out: Polynomial = {}
    for ma, ca in a.items():
        for mb, cb in b.items():
            out = _add(out, {tuple(sorted(ma + mb)): ca * cb})
    return out


def _combine(op: str, a: Polynomial | None, b: Polynomial | None) -> Polynomial | None:
    if a is None or b is None:
        return None
    if op == "+":
        return _add(a, b)
    if op == "-":
        return _add(a, _scale(b, Fraction(-1)))
    if op == "*":
        return _mul(a, b)
    return None  # division, powers, functions: not provable this way


def _constant(value: object) -> Polynomial | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        k = Fraction(value)
    except ValueError:
        return None
    return {(): k} if k else {}


def _from_check(node: object) -> Polynomial | None:
    if isinstance(node, Column):
        return {(node.name,): Fraction(1)}
    if isinstance(node, Const) and node.kind in ("int", "num"):
        return _constant(node.value)
    if isinstance(node, Neg):
        inner = _from_check(node.arg)
        return None if inner is None else _scale(inner, Fraction(-1))
    if isinstance(node, Arith):
        return _combine(node.op, _from_check(node.left), _from_check(node.right))
    return None


_PY_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}


def _from_python(node: ast.AST) -> Polynomial | None:
    if isinstance(node, ast.Name):
        return {(node.id,): Fraction(1)}
    if isinstance(node, ast.Constant):
        return _constant(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _from_python(node.operand)
        return None if inner is None else _scale(inner, Fraction(-1))
    if isinstance(node, ast.BinOp) and type(node.op) in _PY_OPS:
        op = _PY_OPS[type(node.op)]
        return _combine(op, _from_python(node.left), _from_python(node.right))
    return None


def _substitute(poly: Polynomial, exprs: dict[str, Polynomial]) -> Polynomial:
    out: Polynomial = {}
    for mono, coef in poly.items():
        term: Polynomial = {(): coef}
        for name in mono:
            term = _mul(term, exprs.get(name, {(name,): Fraction(1)}))
        out = _add(out, term)
    return out


def held_by_after(table: RTable, check: RowCheck) -> bool:
    """A CHECK ordering two moments of the row that ``after`` already orders (``end_date
    >= start_date`` where end_date comes after start_date, as a lifecycle infers it): it
    holds by construction (and is still verified)."""
    pair = ascending_pair(check.tree)
    if pair is None:
        return False
    low, high = pair
    for name, other, later in ((high, low, True), (low, high, False)):
        col = table.columns.get(name)
        after = col.after if col is not None else None
        if after is not None and after.fk is None and after.column == other:
            return after.before != later
    return _follows_through(table, high, low)


def _follows_through(table: RTable, high: str, low: str) -> bool:
    """Whether ``high`` comes after ``low`` through moments between them (created ≤ first
    reply ≤ solved), each set wherever the moment after it is: a moment NULL where the
    one it follows is NULL, or one that is never NULL."""
    at, seen = high, {high}
    while True:
        col = table.columns.get(at)
        after = col.after if col is not None else None
        if after is None or after.fk is not None or after.before:
            return False
        if after.column == low:
            return True
        between = table.columns.get(after.column)
        if between is None or after.column in seen:
            return False
        if between.nullable and not after.null_with_reference:
            return False  # where the moment between is NULL, this one follows nothing
        at = after.column
        seen.add(at)


def repair_column(table: RTable, check: RowCheck) -> str | None:
    """The column a table CHECK is redrawn on: of the columns it names, the one made last
    in a chunk (foreign keys first, then in order), if a generator fills it and nothing
    else forbids a redraw (unique values, cases); None otherwise."""
    order = sorted(table.columns.values(), key=lambda c: c.fk is None)
    named = [c for c in order if c.name in check.columns]
    if not named:
        return None
    last = named[-1]
    if last.fk is not None:
        return last.name if _plain_fk(table, last.fk) else None
    plain = last.generator is not None and not last.is_serial
    if not plain or last.unique or last.cases_on is not None:
        return None
    return last.name


def _plain_fk(table: RTable, fk: RForeignKey) -> bool:
    """A single-column FK that picks its parents freely (no key group, children per
    parent, tree or copy) and whose picks no other column follows: its rows may be
    drawn again."""
    free = fk.copy is None and fk.max_depth is None and table.per_parent is not fk
    grouped = any(fk in group for group in table.distinct_fks)
    if len(fk.columns) != 1 or not free or grouped:
        return False
    for col in table.columns.values():
        if col.after is not None and any(ref.fk == fk for ref in col.after.parent_refs()):
            return False
        if col.copy_from is not None and col.copy_from.fk is fk:
            return False
        if col.fk is not None and col.fk.copy is not None and col.fk.copy.via is fk:
            return False
    return True


def swap_partner(table: RTable, check: RowCheck, col: RColumn) -> str | None:
    """The other column of an order the CHECK sets between two columns of one type
    (``a < b``, also among ``… IS NULL OR`` alternatives), if its values may move to
    ``col``'s rows: filled by a generator, not unique, and used by no other column."""
    pair = ordered_pair(check.tree)
    if pair is None or col.name not in pair:
        return None
    name = pair[0] if pair[1] == col.name else pair[1]
    other = table.columns[name]
    same_type = (other.type.name, other.type.modifiers) == (col.type.name, col.type.modifiers)
    plain = other.generator is not None and other.fk is None and other.cases_on is None
    if not same_type or not plain or other.unique or other.is_serial:
        return None
    for c in table.columns.values():
        used = (c.after is not None and c.after.fk is None and c.after.column == name) or (
            c.cases_on == name or (c.expr is not None and name in columns_of_expr(c.expr))
        )
        if used:
            return None
    return name


def order_side(tree: Any, column: str) -> tuple[str, int] | None:
    """For a CHECK that orders ``column`` against another column: that column, and +1
    when ``column`` must be the greater, -1 the smaller; None otherwise."""
    pair = ordered_pair(tree)
    cmp = _the_comparison(tree)
    if pair is None or cmp is None or column not in pair:
        return None
    left, right = pair
    greater_left = cmp.op in (">", ">=")
    if column == left:
        return right, 1 if greater_left else -1
    return left, -1 if greater_left else 1


def _the_comparison(tree: Any) -> Any:
    if isinstance(tree, BoolOp):
        rest = [arg for arg in tree.args if not isinstance(arg, Is)]
        return _the_comparison(rest[0]) if len(rest) == 1 else None
    return tree if isinstance(tree, Cmp) else None
