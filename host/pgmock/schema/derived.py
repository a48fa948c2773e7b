"""Columns whose values follow from other columns: ``after``, ``expr``, ``from``, ``cases``,
and generators reading earlier columns of the row (``Generator.column_params``).

Each may only use what is generated before it: an earlier column of the row, or a
parent's column through a foreign key declared earlier; a column PostgreSQL computes
(``generated``) has no values to use.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pgmock.schema import model
from pgmock.schema.expr import ExprError, columns_of, parse_expr
from pgmock.schema.generators import GeneratorChooser
from pgmock.schema.problems import Problems, did_you_mean
from pgmock.schema.relations import same_family
from pgmock.schema.resolved import (
    AfterRef,
    GeneratorChoice,
    KeyCopy,
    ParentRef,
    RColumn,
    RForeignKey,
    RTable,
)
from pgmock.schema.tables import no_column
from pgmock.schema.units import interval_seconds
from pgmock.sql.literals import BOOL_SPELLINGS, parse_bool, parse_int
from pgmock_sdk.pgtypes import INT_RANGES, NUMERIC_TYPES

__all__ = [
    "after",
    "cases",
    "check_key_copies",
    "copied_from",
    "copied_key",
    "expression",
    "parent_input",
    "read_columns",
]

# A "generated" column has no values in the dump: PostgreSQL computes it on restore.
_COMPUTED = '"{}" is computed by PostgreSQL ("generated"), so pgmock has no values of it'
_MOMENTS = ("date", "timestamp", "timestamptz")


def _declared_later(rt: RTable, name: str, col: RColumn) -> bool:
    """Whether column ``name`` comes after ``col``, so it is not generated yet."""
    names = list(rt.columns)
    return names.index(name) > names.index(col.name)


def after(
    problems: Problems,
    tables: dict[str, RTable],
    path: str,
    rt: RTable,
    col: RColumn,
    spec: model.Column,
) -> AfterRef | None:
    """``after``: a parent's column through an FK, or an earlier column of this row."""
    apath = f"{path}.after"
    given = spec.after if isinstance(spec.after, model.AfterSpec) else None
    ref = given.column if given else str(spec.after)
    if spec.generator:
        problems.add(f"{path}.generator", '"after" columns are computed; remove the generator')
    if col.type.name not in _MOMENTS or col.type.is_array:
        problems.add(apath, f"needs a date or timestamp column, not {col.type.display()}")
        return None
    try:
        within = interval_seconds(given.within if given else "30 days")
    except ValueError as exc:
        problems.add(apath, str(exc))
        return None
    if within <= 0:
        problems.add(apath, '"within" must be a positive interval')
        return None
    table_key, dot, column = ref.rpartition(".")
    fk = None
    target: RColumn | None
    if dot:
        found = _parent_column(problems, tables, apath, rt, col, table_key, column)
        if found is None:
            return None
        fk, target = found
    else:
        column = ref
        target = rt.columns.get(column)
        if target is not None and (column == col.name or _declared_later(rt, column, col)):
            problems.add(apath, f'"{column}" must be declared before {col.name}')
            return None
    problem = _after_target_problem(ref, target)
    if problem is not None:
        problems.add(apath, problem)
        return None
    return AfterRef(column, fk, within)


def _after_target_problem(ref: str, target: RColumn | None) -> str | None:
    """Why ``target`` cannot be what a moment comes after (None: it can)."""
    if target is None:
        return f'no column "{ref}"'
    if not target.has_data:
        return _COMPUTED.format(ref)
    if target.type.name not in _MOMENTS or target.type.is_array or target.is_serial:
        return f'"{ref}" is not a date or timestamp column'
    if target.fk is not None:
        return f'"{ref}" is a foreign key column; refer to a column filled by a generator'
    if target.generator is not None and getattr(target.generator.params, "infinity_ratio", None):
        return f'"{ref}" can be infinity, and nothing comes after infinity'
    return None


def expression(problems: Problems, path: str, rt: RTable, col: RColumn, spec: model.Column) -> Any:
    """``expr``: arithmetic over earlier generated numeric columns of the row."""
    epath = f"{path}.expr"
    if spec.generator:
        problems.add(f"{path}.generator", '"expr" columns are computed; remove the generator')
    if col.type.name not in NUMERIC_TYPES or col.type.is_array:
        problems.add(epath, f"needs a numeric column, not {col.type.display()}")
        return None
    try:
        tree = parse_expr(str(spec.expr))
    except ExprError as exc:
        problems.add(epath, str(exc))
        return None
    for name in columns_of(tree):
        other = rt.columns.get(name)
        if other is None:
            problems.add(epath, no_column(name, rt.key, list(rt.columns)))
        elif name == col.name or _declared_later(rt, name, col):
            problems.add(epath, f'"{name}" must be declared before {col.name}')
        elif not other.has_data:
            problems.add(epath, _COMPUTED.format(name))
        elif other.type.name not in NUMERIC_TYPES or other.type.is_array or other.fk is not None:
            problems.add(epath, f'"{name}" is not a generated numeric column')
    return tree


def copied_from(
    problems: Problems,
    tables: dict[str, RTable],
    path: str,
    rt: RTable,
    col: RColumn,
    spec: model.Column,
) -> ParentRef | None:
    """``from``: the value of a parent's column, through the FK that picked the parent."""
    fpath = f"{path}.from"
    if spec.generator:
        problems.add(f"{path}.generator", '"from" columns are copied; remove the generator')
    table_key, dot, column = str(spec.from_).rpartition(".")
    if not dot or not any(f.ref_table == table_key for f in rt.fks):
        problems.add(
            fpath, f'write "parent_table.column" for a table {rt.key} has a foreign key to'
        )
        return None
    found = _parent_column(problems, tables, fpath, rt, col, table_key, column)
    if found is None:
        return None
    fk, target = found
    if not target.has_data:
        problems.add(fpath, _COMPUTED.format(spec.from_))
        return None
    if target.is_serial:
        problems.add(fpath, f'"{spec.from_}" is numbered 1..rowCount, not filled by a generator')
        return None
    if col.type.is_array or target.type.is_array:
        problems.add(fpath, "arrays cannot be copied from a parent; generate the column instead")
        return None
    numbers = col.type.name in NUMERIC_TYPES and target.type.name in NUMERIC_TYPES
    if target.fk is not None:
        numbers = False  # a key's values are copied as its text
    if not same_family(col.type, target.type) and not numbers:
        problems.add(fpath, f"{col.type.display()} cannot hold {target.type.display()}")
        return None
    return ParentRef(column, fk)


def copied_key(
    problems: Problems,
    tables: dict[str, RTable],
    path: str,
    rt: RTable,
    col: RColumn,
    spec: model.Column,
) -> KeyCopy | None:
    """``from`` on a foreign key column: the parent row another FK picked, through the
    row an earlier FK of this table picked (``invoices.customer_id`` from
    ``orders.customer_id``), so keys along a chain of FKs agree and stay valid."""
    fpath = f"{path}.from"
    fk = col.fk
    assert fk is not None
    table_key, dot, column = str(spec.from_).rpartition(".")
    if len(fk.columns) != 1:
        problems.add(fpath, "from works on a single-column foreign key")
        return None
    if not dot or not any(f.ref_table == table_key for f in rt.fks if f is not fk):
        problems.add(
            fpath, f'write "parent_table.column" for a table {rt.key} has a foreign key to'
        )
        return None
    if table_key == rt.key:
        problems.add(fpath, "from cannot copy a key through a reference to the same table")
        return None
    found = _parent_column(problems, tables, fpath, rt, col, table_key, column)
    if found is None:
        return None
    via, target = found
    source = target.fk
    if source is None or len(source.columns) != 1:
        problems.add(
            fpath,
            f'"{spec.from_}" is not a foreign key column; a foreign key copies the key '
            "another foreign key picked",
        )
        return None
    if (source.ref_table, source.ref_columns) != (fk.ref_table, fk.ref_columns):
        problems.add(
            fpath,
            f'"{spec.from_}" references {source.ref_table}({", ".join(source.ref_columns)}), '
            f"this column {fk.ref_table}({', '.join(fk.ref_columns)}); a copied key must "
            "reference the same columns",
        )
        return None
    if rt.per_parent is fk:
        problems.add(
            fpath, f"the rows are laid out per {fk.ref_table} row (rowCount per); remove from"
        )
        return None
    for key in ("distribution", "maxDepth"):
        if getattr(spec, key) is not None:
            problems.add(f"{path}.{key}", f"from decides the parent row; remove {key!r}")
    return KeyCopy(via, source)


def check_key_copies(problems: Problems, tables: dict[str, RTable]) -> None:
    """A copied key is NULL where the FK it goes through, or the one it copies, is: a
    NOT NULL column cannot copy one that may be."""
    for rt in tables.values():
        for fk in rt.fks:
            copy = fk.copy
            if copy is None or all(rt.columns[c].nullable for c in fk.columns):
                continue
            why = _may_be_null(tables, rt, copy.via) or _may_be_null(
                tables, tables[copy.via.ref_table], copy.source
            )
            if why:
                problems.add(
                    f"tables.{rt.key}.columns.{fk.columns[0]}.from",
                    f"the copied key may be NULL ({why}), but {fk.columns[0]} is NOT NULL",
                )


def _may_be_null(tables: dict[str, RTable], rt: RTable, fk: RForeignKey) -> str | None:
    """Why an FK's values may be NULL in the data, or None."""
    for c in fk.columns:
        if rt.columns[c].null_ratio > 0:
            return f"{rt.key}.{c} has a nullRatio"
    if fk.max_depth is not None:
        return f"{rt.key}.{fk.columns[0]} is a tree whose roots are NULL"
    if tables[fk.ref_table].row_count == 0:
        return f"{fk.ref_table} has rowCount 0"
    if fk.copy is not None:
        parent = tables[fk.copy.via.ref_table]
        return _may_be_null(tables, rt, fk.copy.via) or _may_be_null(tables, parent, fk.copy.source)
    return None


def parent_input(
    problems: Problems,
    tables: dict[str, RTable],
    path: str,
    rt: RTable,
    col: RColumn,
    ref: str,
) -> ParentRef | None:
    """A parent's column a generator reads (Generator.parent_inputs): through an FK of
    this table (FK columns are generated first in a row, wherever they are declared), a
    column with values of its own."""
    table_key, dot, column = ref.rpartition(".")
    fk = next((f for f in rt.fks if f.ref_table == table_key), None) if dot else None
    if fk is None or table_key == rt.key:
        problems.add(
            path, f'"{ref}": write "parent_table.column" for a table {rt.key} has a foreign key to'
        )
        return None
    target = tables[table_key].columns.get(column)
    if target is None:
        problems.add(path, no_column(column, table_key, list(tables[table_key].columns)))
        return None
    if not target.has_data or target.fk is not None:
        problems.add(path, f'"{ref}" has no values of its own to read (computed or a key)')
        return None
    return ParentRef(column, fk)


def _parent_column(
    problems: Problems,
    tables: dict[str, RTable],
    path: str,
    rt: RTable,
    col: RColumn,
    table_key: str,
    column: str,
) -> tuple[RForeignKey, RColumn] | None:
    """The FK from ``rt`` to ``table_key`` (declared before ``col``) and its column."""
    fk = next((f for f in rt.fks if f.ref_table == table_key), None)
    if fk is None:
        problems.add(path, f'"{table_key}.{column}": {rt.key} has no foreign key to "{table_key}"')
        return None
    if any(_declared_later(rt, c, col) for c in fk.columns):
        problems.add(
            path, f"declare the foreign key column(s) {', '.join(fk.columns)} before {col.name}"
        )
        return None
    parent = tables[table_key]
    target = parent.columns.get(column)
    if target is None:
        problems.add(path, no_column(column, parent.key, list(parent.columns)))
        return None
    if parent.row_count == 0 and rt.row_count > 0:
        problems.add(path, f"{parent.key} has no rows (rowCount 0) to take {column} from")
        return None
    return fk, target


def read_columns(
    problems: Problems, path: str, rt: RTable, col: RColumn, gen: GeneratorChoice
) -> None:
    """The columns a generator reads from the row (``ctx.rows``), named by its parameters
    (``Generator.column_params``), are there when it runs: declared before the column,
    with values (a foreign key's are not in ``ctx.rows``)."""
    for param in gen.cls.column_params:
        value = getattr(gen.params, param, None)
        listed = not isinstance(value, str)
        names: list[str] = [value] if isinstance(value, str) else list(value or [])
        for i, name in enumerate(names):
            where = f"{path}.params.{param}" + (f".{i}" if listed else "")
            other = rt.columns.get(name)
            if other is None:
                problems.add(where, no_column(name, rt.key, list(rt.columns)))
            elif name == col.name or _declared_later(rt, name, col):
                problems.add(where, f'"{name}" must be declared before {col.name}')
            elif not other.has_data:
                problems.add(where, _COMPUTED.format(name))
            elif other.fk is not None:
                problems.add(
                    where, f'"{name}" is a foreign key column; generators are not given its values'
                )


def cases(
    problems: Problems,
    chooser: GeneratorChooser,
    path: str,
    rt: RTable,
    col: RColumn,
    spec: model.CasesSpec,
) -> None:
    """``cases``: per value of an earlier column, another generator, or NULL."""
    cpath = f"{path}.cases"
    on = rt.columns.get(spec.on)
    problem = _cases_on_problem(rt, col, spec.on, on)
    if problem is not None:
        where, message = problem
        problems.add(f"{cpath}{where}", message)
        return
    assert on is not None
    col.cases_on = spec.on
    for value, case in spec.values.items():
        vpath = f"{cpath}.values.{value}"
        text = _case_text(problems, vpath, on, value)
        if text is None:
            continue
        if text in col.cases:
            problems.add(vpath, f'"{value}" is the same value as another case ({text})')
            continue
        if case is None:
            col.cases[text] = None
            continue
        variant = _variant(problems, chooser, vpath, rt, col, case)
        if variant is not None:
            col.cases[text] = variant
    if None in col.cases.values() and not col.nullable:
        problems.add(cpath, "a null case needs a nullable column")


def inferred_cases(
    problems: Problems,
    chooser: GeneratorChooser,
    path: str,
    rt: RTable,
    col: RColumn,
    windows: dict[str, tuple[str, str]],
) -> None:
    """Cases a lifecycle inferred (:func:`pgmock.schema.lifecycle.period_windows`): per
    value of ``col.cases_on`` as PostgreSQL prints it, the column's generator between
    two moments."""
    assert col.generator is not None and col.cases_on is not None
    generator = col.generator.qualified
    col.generator.why += (
        f"; the start of a period, by {col.cases_on}: to come after the data's present "
        "(2025), under way within its last year, over before it"
    )
    for value, (first, last) in windows.items():
        case = model.CaseSpec(generator=generator, params={"start": first, "end": last})
        variant = _variant(problems, chooser, f"{path}.cases.values.{value}", rt, col, case)
        if variant is not None:
            col.cases[value] = variant


def inferred_empty_cases(
    problems: Problems,
    chooser: GeneratorChooser,
    path: str,
    rt: RTable,
    col: RColumn,
    on: str,
    values: list[str],
) -> None:
    """Cases a rule of kinds inferred (:func:`pgmock.schema.kinds.no_building`): NULL in
    the rows of ``values`` of ``on``, or 0 from the column's own generator where it is NOT
    NULL; left as it was when 0 cannot be asked of that generator."""
    assert col.generator is not None
    if col.nullable:
        cases: dict[str, RColumn | None] = dict.fromkeys(values)
    else:
        zero = model.CaseSpec(generator=col.generator.qualified, params={"min": 0, "max": 0})
        found = len(problems.found)
        variant = _variant(problems, chooser, f"{path}.cases", rt, col, zero)
        if variant is None:
            del problems.found[found:]
            return
        cases = dict.fromkeys(values, variant)
    col.cases_on = on
    col.cases = cases
    col.null_ratio = 0.0
    col.generator.why += f"; none where {on} is {', '.join(values)}"


def _case_text(problems: Problems, vpath: str, on: RColumn, value: str) -> str | None:
    """A case's value as PostgreSQL prints it for the ``on`` column, which is what the
    rows are compared with: a label of an enum, a boolean (``t``/``f``) from any of
    PostgreSQL's spellings, an integer in canonical form; other types as written."""
    pgtype = on.type
    if pgtype.user is not None and pgtype.key == "enum":
        labels = pgtype.user.labels
        if value not in labels:
            hint = did_you_mean(value, labels)
            problems.add(vpath, f'"{value}" is not a label of {pgtype.display()}{hint}')
            return None
        return value
    if pgtype.is_array:
        return value
    if pgtype.name == "bool":
        try:
            return "t" if parse_bool(value) else "f"
        except ValueError:
            problems.add(vpath, f'"{value}" is not a boolean; PostgreSQL reads {BOOL_SPELLINGS}')
            return None
    if pgtype.name in INT_RANGES:
        lo, hi = INT_RANGES[pgtype.name]
        try:
            number = parse_int(value)
        except ValueError:
            number = None
        if number is None or not lo <= number <= hi:
            problems.add(vpath, f'"{value}" is not a value of {pgtype.display()} ({on.name})')
            return None
        return str(number)
    return value


def _cases_on_problem(
    rt: RTable, col: RColumn, name: str, on: RColumn | None
) -> tuple[str, str] | None:
    """(where under ``cases``, why) the column ``on`` cannot pick ``col``'s cases."""
    if on is None:
        return ".on", no_column(name, rt.key, list(rt.columns))
    if _declared_later(rt, name, col):
        return ".on", f'"{name}" must be declared before {col.name}'
    if col.unique:
        return "", "a unique column cannot take its values from cases"
    if not on.has_data:
        return ".on", _COMPUTED.format(name)
    if on.fk is not None or on.is_serial:
        return ".on", f'"{name}" must be a column filled by a generator'
    if on.type.is_array:
        return ".on", f'"{name}" is an array; cases are picked by single values'
    return None


def _variant(
    problems: Problems,
    chooser: GeneratorChooser,
    vpath: str,
    rt: RTable,
    col: RColumn,
    case: model.CaseSpec,
) -> RColumn | None:
    """The column as one case fills it: its own generator, distribution and nullRatio."""
    variant = replace(
        col, cases={}, cases_on=None, distribution=None, null_ratio=case.nullRatio or 0.0
    )
    if case.nullRatio and not col.nullable:
        problems.add(f"{vpath}.nullRatio", "nullRatio needs a nullable column")
    choice = chooser.choose(
        vpath,
        variant,
        rt,
        case.generator,
        case.params,
        wants_distribution=case.distribution is not None,
    )
    if choice is None:
        return None
    read_columns(problems, vpath, rt, col, choice)
    variant.generator = choice
    if case.distribution is not None:
        variant.distribution = chooser.distribution(vpath, variant, case.distribution, choice)
    else:
        variant.distribution = chooser.rule_distribution(vpath, variant, choice)
    return variant
