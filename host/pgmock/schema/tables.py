"""A table's declaration resolved on its own: its name, keys, columns and indexes.

What needs the other tables (foreign keys, per-parent row counts) and where each
column's values come from are later steps of :class:`~pgmock.schema.resolver.Resolver`.
"""

from __future__ import annotations

from pgmock.schema import model
from pgmock.schema.checks import check_identifier, check_schema_name
from pgmock.schema.columns import resolve_column
from pgmock.schema.problems import Problems, did_you_mean
from pgmock.schema.resolved import RColumn, RIndex, RPartition, RTable, holds_on_every_row
from pgmock.schema.table_checks import resolve_checks
from pgmock.schema.types import split_key
from pgmock.sql.names import TakenNames, choose_relation_name, index_name_addition
from pgmock.sql.tokens import fully_parenthesized, referenced_columns, tokens
from pgmock_sdk import UserType
from pgmock_sdk.pgtypes import qualified_operator_class
from pgmock_sdk.sqlnames import quote_ident

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
    # Columns that are a key on their own: generated unique.
    alone = {u[0] for u in uniques if len(u) == 1} | _unique_index_columns(table)
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
    checks = [c if isinstance(c, str) else c.check for c in table.checks]
    row_checks = resolve_checks(problems, base, columns, table, checks)
    rt = RTable(
        key=key,
        schema=schema,
        name=name,
        row_count=table.rowCount if isinstance(table.rowCount, int) else 0,
        columns=columns,
        primary_key=primary_key,
        uniques=uniques,
        fks=[],
        indexes=indexes,
        checks=checks,
        comment=table.comment,
        schema_file=schema_file(problems.file_of(base)),
        fixed=_fixed(problems, base, table),
        row_checks=row_checks,
        check_names=[None if isinstance(c, str) else c.name for c in table.checks],
        primary_key_name=table.primaryKeyName,
    )
    for u in table.unique:
        if not isinstance(u, list):
            if u.name:
                rt.unique_names[tuple(u.columns)] = u.name
            if u.nullsNotDistinct:
                rt.nulls_not_distinct.add(tuple(u.columns))
    _partitions(problems, base, rt, table)
    return rt


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
    uniques = [list(u) if isinstance(u, list) else list(u.columns) for u in table.unique]
    for i, u in enumerate(uniques):
        for j, c in enumerate(u):
            if c not in table.columns:
                problems.add(f"{base}.unique.{i}.{j}", no_column(c, key, list(table.columns)))
    return uniques


def _unique_index_columns(table: model.Table) -> set[str]:
    """Columns that a unique index covers alone, as a column or inside an expression
    (``lower(email)``): generated unique, so the index builds on restore."""
    out: set[str] = set()
    for idx in table.indexes:
        if not idx.unique:
            continue
        used: set[str] = set()
        for el in idx.columns:
            if isinstance(el, str):
                used.add(el)
            elif el.column is not None:
                used.add(el.column)
            elif el.expression is not None:
                used |= set(referenced_columns(el.expression, table.columns))
        if len(used) == 1 and used <= set(table.columns) and holds_on_every_row(idx.where):
            out |= used
    return out


def _indexes(
    problems: Problems, base: str, key: str, name: str, table: model.Table
) -> list[RIndex]:
    indexes = []
    parts: list[list[str]] = []
    known = list(table.columns)
    for i, idx in enumerate(table.indexes):
        ipath = f"{base}.indexes.{i}"
        cols: list[str] = []
        elements: list[str] = []
        plain = True
        for j, el in enumerate(idx.columns):
            if isinstance(el, str):
                el = model.IndexElement(column=el)
            if el.column is not None:
                if el.column not in table.columns:
                    problems.add(f"{ipath}.columns.{j}", no_column(el.column, key, known))
                cols.append(el.column)
                text = quote_ident(el.column)
            else:
                assert el.expression is not None
                used = sorted(referenced_columns(el.expression, table.columns))
                cols.extend(c for c in used if c not in cols)
                text = el.expression.strip()
                text = text if fully_parenthesized(text) or _is_call(text) else f"({text})"
            plain = (
                plain
                and el.column is not None
                and not (el.opclass or el.collation or el.order or el.nulls)
            )
            if el.collation:
                text += f" COLLATE {el.collation}"
            if el.opclass:
                text += f" {qualified_operator_class(el.opclass)}"
            if el.order == "desc":
                text += " DESC"
            if el.nulls:
                text += f" NULLS {el.nulls.upper()}"
            elements.append(text)
        for j, c in enumerate(idx.include):
            if c not in table.columns:
                problems.add(f"{ipath}.include.{j}", no_column(c, key, known))
        if idx.unique and idx.method != "btree":
            problems.add(
                f"{ipath}.method",
                f'PostgreSQL builds unique indexes only with "btree", not "{idx.method}"',
            )
        exprs = any(not isinstance(el, str) and el.expression is not None for el in idx.columns)
        if idx.unique and exprs and not cols:
            problems.add(f"{ipath}.columns", "a unique index needs at least one column")
        # an unnamed index is named after its columns, "expr" for an expression
        parts.append([el if isinstance(el, str) else (el.column or "expr") for el in idx.columns])
        indexes.append(
            RIndex(
                cols,
                idx.unique,
                idx.name or "",
                idx.method,
                elements=None if plain else elements,
                include=list(idx.include),
                where=idx.where,
                nulls_not_distinct=idx.nullsNotDistinct,
                params=idx.params,
                comment=idx.comment,
                has_expressions=exprs,
            )
        )
    # Unnamed indexes are named as the server names them, a number added on a clash
    # (two indexes on one column: items_price_idx, items_price_idx1).
    taken = TakenNames(relations={ix.name for ix in indexes if ix.name})
    for ix, addition in zip(indexes, parts):
        if not ix.name:
            ix.name = choose_relation_name(name, index_name_addition(addition), "idx", taken, False)
            taken.relations.add(ix.name)
    return indexes


def _is_call(expr: str) -> bool:
    """``f(…)``: a function call, which an index element needs no parentheses around."""
    toks = tokens(expr)
    return (
        len(toks) > 1
        and toks[0].kind in ("id", "qid")
        and toks[1].is_op("(")
        and fully_parenthesized(expr[toks[1].pos :])
    )


def _partitions(problems: Problems, base: str, rt: RTable, table: model.Table) -> None:
    """PARTITION BY and the partitions (in the table's schema unless qualified)."""
    if table.partitions and not table.partitionBy:
        problems.add(f"{base}.partitions", "partitions need partitionBy on the table")
        return
    if table.partitionBy is None:
        return
    strategy = table.partitionBy.strip().split("(", 1)[0].strip().upper()
    if strategy not in ("RANGE", "LIST", "HASH"):
        problems.add(
            f"{base}.partitionBy", 'write "RANGE (column)", "LIST (column)" or "HASH (column)"'
        )
        return
    rt.partition_by = table.partitionBy.strip()
    for pname, spec in table.partitions.items():
        bound = spec if isinstance(spec, str) else spec.bound
        comment = None if isinstance(spec, str) else spec.comment
        pschema, bare = split_key(pname)
        if "." not in pname:
            pschema = rt.schema
        check_identifier(problems, f"{base}.partitions.{pname}", "partition", bare)
        text = bound.strip().rstrip(";")
        upper = text.upper()
        if not (upper == "DEFAULT" or upper.startswith("FOR VALUES")):
            problems.add(
                f"{base}.partitions.{pname}",
                "a bound is FOR VALUES FROM (…) TO (…), FOR VALUES IN (…), "
                "FOR VALUES WITH (MODULUS m, REMAINDER r) or DEFAULT",
            )
            continue
        rt.partitions.append(RPartition(pschema, bare, text, comment))
