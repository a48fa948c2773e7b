"""A table's declaration resolved on its own: its name, keys, columns and indexes.

What needs the other tables (foreign keys, per-parent row counts) and where each
column's values come from are later steps of :class:`~pgmock.schema.resolver.Resolver`.
"""

from __future__ import annotations

from pgmock.schema import model
from pgmock.schema.checks import check_identifier, check_schema_name
from pgmock.schema.columns import resolve_column
from pgmock.schema.problems import Problems, did_you_mean
from pgmock.schema.resolved import RColumn, RIndex, RTable
from pgmock.schema.table_checks import resolve_checks
from pgmock.schema.types import split_key
from pgmock.sql.names import TakenNames, choose_relation_name, index_name_addition
from pgmock_sdk import UserType

__all__ = ["no_column", "resolve_table", "schema_file"]


def resolve_table(
    problems: Problems, key: str, table: model.Table, user_types: dict[str, UserType], locale: str
) -> RTable | None:
    base = f"tables.{key}"
    schema, name = split_key(key)
    if not name or not schema or "." in schema:
        problems.add(base, 'table keys are "name" or "schema.name"')
        return None
    check_schema_name(problems, base, schema)
    for what, ident, path in (
        ("table", name, base),
        *(("column", c, f"{base}.columns.{c}") for c in table.columns),
        *(("index", i.name, f"{base}.indexes.{n}.name") for n, i in enumerate(table.indexes)),
        *(
            ("foreign key", fk.name, f"{base}.foreignKeys.{n}.name")
            for n, fk in enumerate(table.foreignKeys)
        ),
    ):
        if ident is not None:
            check_identifier(problems, path, what, ident)
    primary_key = _primary_key(problems, base, key, table)
    uniques = _uniques(problems, base, key, table)
    indexes = _indexes(problems, base, key, name, table)
    # Columns that are a key on their own (a UNIQUE constraint or a unique index of one
    # column): generated unique.
    alone = {u[0] for u in uniques if len(u) == 1}
    alone |= {ix.columns[0] for ix in indexes if ix.unique and len(ix.columns) == 1}
    if len(primary_key) == 1:
        alone.add(primary_key[0])
    columns: dict[str, RColumn] = {}
    for cname, col in table.columns.items():
        rc = resolve_column(
            problems,
            f"{base}.columns.{cname}",
            cname,
            col,
            user_types,
            locale,
            is_key=cname in primary_key,
            unique_key=cname in alone,
        )
        if rc is not None:
            columns[cname] = rc
    row_checks = resolve_checks(problems, base, columns, table)
    return RTable(
        key=key,
        schema=schema,
        name=name,
        row_count=table.rowCount if isinstance(table.rowCount, int) else 0,
        columns=columns,
        primary_key=primary_key,
        uniques=uniques,
        fks=[],
        indexes=indexes,
        checks=list(table.checks),
        comment=table.comment,
        schema_file=schema_file(problems.file_of(base)),
        fixed=_fixed(problems, base, table),
        row_checks=row_checks,
    )


def no_column(column: str, table_key: str, columns: list[str]) -> str:
    return f'table "{table_key}" has no column "{column}"{did_you_mean(column, columns)}'


def schema_file(file: str) -> str | None:
    """The file relative paths in parameters resolve against (templates have none)."""
    return None if file.startswith("template:") else file


def _fixed(problems: Problems, base: str, table: model.Table) -> bool:
    if table.fixed and isinstance(table.rowCount, model.PerParent):
        problems.add(
            f"{base}.fixed",
            "fixed keeps a number of rows as written; a per-parent rowCount follows its "
            "parent (fix the parent's count instead)",
        )
    return table.fixed


def _primary_key(problems: Problems, base: str, key: str, table: model.Table) -> list[str]:
    """The table's primaryKey, or its columns flagged primaryKey (not both)."""
    flagged = [c for c, col in table.columns.items() if col.primaryKey]
    if flagged and table.primaryKey:
        problems.add(
            f"{base}.primaryKey",
            f"primary key given twice: table primaryKey and column(s) {', '.join(flagged)}",
        )
    primary_key = list(table.primaryKey or flagged)
    for i, c in enumerate(primary_key):
        if c not in table.columns:
            problems.add(f"{base}.primaryKey.{i}", no_column(c, key, list(table.columns)))
    return primary_key


def _uniques(problems: Problems, base: str, key: str, table: model.Table) -> list[list[str]]:
    uniques = [list(u) for u in table.unique]
    for i, u in enumerate(uniques):
        for j, c in enumerate(u):
            if c not in table.columns:
                problems.add(f"{base}.unique.{i}.{j}", no_column(c, key, list(table.columns)))
    return uniques


def _indexes(
    problems: Problems, base: str, key: str, name: str, table: model.Table
) -> list[RIndex]:
    indexes = []
    for i, idx in enumerate(table.indexes):
        for j, c in enumerate(idx.columns):
            if c not in table.columns:
                problems.add(
                    f"{base}.indexes.{i}.columns.{j}", no_column(c, key, list(table.columns))
                )
        if idx.unique and idx.method != "btree":
            problems.add(
                f"{base}.indexes.{i}.method",
                f'PostgreSQL builds unique indexes only with "btree", not "{idx.method}"',
            )
        indexes.append(RIndex(list(idx.columns), idx.unique, idx.name or "", idx.method))
    # Unnamed indexes are named as the server names them, a number added on a clash
    # (two indexes on one column: items_price_idx, items_price_idx1).
    taken = TakenNames(relations={ix.name for ix in indexes if ix.name})
    for ix in indexes:
        if not ix.name:
            ix.name = choose_relation_name(
                name, index_name_addition(ix.columns), "idx", taken, False
            )
            taken.relations.add(ix.name)
    return indexes
