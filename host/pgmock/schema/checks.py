"""Checks across a resolved table or schema: what PostgreSQL or the generators could not do.

Identifier lengths, unique columns and composite keys against their generators' value
domains, columns of one group that disagree, row counts that overflow a serial or need
parents that do not exist, and type names PostgreSQL would refuse.
"""

from __future__ import annotations

from typing import Any

from pgmock.schema import model
from pgmock.schema.limits import CHUNK_ROWS, MAX_BATCH_TEXT, MAX_ROWS
from pgmock.schema.problems import Problems
from pgmock.schema.resolved import GeneratorChoice, RColumn, RTable, column_info
from pgmock.sql.names import name_problem, reserved_schema
from pgmock.sql.typenames import type_name_clashes
from pgmock_sdk import Generator, Params, UserType
from pgmock_sdk.pgtypes import INT_RANGES

__all__ = [
    "check_group_params",
    "check_identifier",
    "check_row_counts",
    "check_schema_name",
    "check_settings",
    "check_type_names",
    "check_unique",
    "check_value_widths",
    "domain_size",
    "unique_composite_keys",
]


def check_identifier(problems: Problems, path: str, what: str, ident: str) -> None:
    """A name PostgreSQL takes as it is: not empty, no control characters, at most 63
    bytes (PostgreSQL cuts longer names, so two long names could collide)."""
    problem = name_problem(ident)
    if problem is not None:
        shown = repr(ident[:20]) + ("…" if len(ident) > 20 else "")
        problems.add(path, f"{what} name {shown} {problem}")


def check_settings(problems: Problems, top: model.SchemaFile) -> None:
    """The names of the top level: the database, its owner role, the extensions."""
    check_identifier(problems, "database.name", "database", top.database.name)
    check_identifier(problems, "database.owner", "role", top.database.owner)
    for i, ext in enumerate(top.extensions):
        check_identifier(problems, f"extensions.{i}", "extension", ext)


def check_schema_name(problems: Problems, path: str, schema: str) -> None:
    """A schema a dump can create objects in: a valid name, not one PostgreSQL keeps."""
    check_identifier(problems, path, "schema", schema)
    if reserved_schema(schema):
        problems.add(
            path,
            f'schema "{schema}" is reserved by PostgreSQL (information_schema and pg_*); '
            "put the object in public or a schema of your own",
        )


def domain_size(gen: GeneratorChoice, col: RColumn, rows: int) -> int | None:
    """How many distinct values the column's generator can make (None: unknown)."""
    try:
        instance = gen.cls(gen.params, column_info(col, rows))
    except Exception:  # a generator that cannot be made here has no known bound
        return None
    return _instance_domain_size(instance)


def _instance_domain_size(instance: Generator) -> int | None:
    try:
        return instance.domain_size()
    except Exception:  # a generator that cannot tell has no known bound
        return None


def check_unique(
    problems: Problems, path: str, rt: RTable, col: RColumn, gen: GeneratorChoice
) -> None:
    """A unique column's generator guarantees unique values, enough of them."""
    if not col.unique:
        return
    if not gen.cls.supports_unique:
        problems.add(
            path,
            f"unique values requested but generator {gen.qualified} cannot guarantee "
            "them; choose a generator that supports unique values (pgmock generators)",
        )
        return
    try:
        # Unique suffixes widen with the row count: a column long enough for 1,000
        # unique user names can be too short for 1,000,000 (username in varchar(5)).
        instance = gen.cls(gen.params, column_info(col, rt.row_count, rt))
    except ValueError as exc:
        problems.add(path, f"{gen.qualified}: {rt.row_count:,} unique values: {exc}")
        return
    size = _instance_domain_size(instance)
    if size is not None and size < rt.row_count:
        problems.add(
            path,
            f"{rt.row_count:,} unique values requested, but generator {gen.qualified} "
            f"can produce only {size:,} distinct values for {col.type.display()}",
        )


def check_group_params(problems: Problems, rt: RTable) -> None:
    """Columns of one group must agree on what the group shares. A generator lists such
    params in ``group_params`` (faker's person columns: ``female_ratio`` decides which
    rows are women, for the gender column and the first-name column alike); the columns
    whose generators list the same ones and whose ``group`` param is equal form a group."""
    groups: dict[tuple[tuple[str, ...], Any], list[tuple[str, Params]]] = {}
    for cname, col in rt.columns.items():
        gen = col.generator
        shared = tuple(getattr(gen.cls, "group_params", ())) if gen is not None else ()
        if gen is None or not shared:
            continue
        key = (shared, getattr(gen.params, "group", None))
        groups.setdefault(key, []).append((cname, gen.params))
    for (shared, group), members in groups.items():
        first, first_params = members[0]
        for param in shared:
            want = getattr(first_params, param)
            for cname, params in members[1:]:
                got = getattr(params, param)
                if got != want:
                    problems.add(
                        f"tables.{rt.key}.columns.{cname}.params.{param}",
                        f"{param} is {got!r}{_default(params, param)} here but "
                        f"{want!r}{_default(first_params, param)} in column {first} of "
                        f"the same group {group!r}; give every column of the group the "
                        "same value",
                    )


def _default(params: Params, name: str) -> str:
    return "" if name in params.model_fields_set else " (the default)"


def unique_composite_keys(problems: Problems, rt: RTable) -> None:
    """A composite key is unique when one of its generated columns is: the last one whose
    generator supports unique values is made unique here; without one, a problem."""
    for key_cols in [rt.primary_key, *rt.uniques]:
        if len(key_cols) < 2 or any(c not in rt.columns for c in key_cols):
            continue
        cols = [rt.columns[c] for c in key_cols]
        if any(c.unique or c.is_serial for c in cols):
            continue
        path = f"tables.{rt.key}"
        candidates = [
            c for c in cols if c.fk is None and c.generator and c.generator.cls.supports_unique
        ]
        if candidates:
            # Making one member unique makes the tuple unique, by construction.
            chosen = candidates[-1]
            chosen.unique = True
            gen = chosen.generator
            assert gen is not None
            size = domain_size(gen, chosen, rt.row_count)
            if size is not None and size < rt.row_count:
                problems.add(
                    f"{path}.columns.{chosen.name}",
                    f"composite key ({', '.join(key_cols)}) needs {rt.row_count:,} distinct "
                    f"values of {chosen.name}, but {gen.qualified} has only {size:,}",
                )
            continue
        if all(c.fk is not None for c in cols):
            continue  # FK-only keys draw distinct parent combinations (see engine)
        problems.add(
            path,
            f"cannot guarantee the composite key ({', '.join(key_cols)}) is unique: give "
            "one of its columns a generator that supports unique values",
        )


def check_row_counts(problems: Problems, tables: dict[str, RTable]) -> None:
    """Row counts (after --rows, --scale and per-parent counts) the tables can hold."""
    for rt in tables.values():
        if rt.row_count > MAX_ROWS:
            problems.add(
                f"tables.{rt.key}.rowCount",
                f"{rt.row_count:,} rows are more than a table holds ({MAX_ROWS:,})",
            )
            continue
        for col in rt.columns.values():
            if col.is_serial:
                hi = INT_RANGES[col.type.name][1]
                if rt.row_count > hi:
                    problems.add(
                        f"tables.{rt.key}.rowCount",
                        f"{rt.row_count:,} rows do not fit "
                        f"{'identity' if col.identity else 'serial'} column {col.name} "
                        f"({col.type.display()} stops at {hi:,})",
                    )
        for fk in rt.fks:
            parent = tables[fk.ref_table]
            nullable = all(rt.columns[c].nullable for c in fk.columns)
            if parent.row_count == 0 and rt.row_count > 0 and not nullable:
                problems.add(
                    f"tables.{rt.key}.rowCount",
                    f"{rt.row_count:,} rows need parents in {fk.ref_table}, which has rowCount 0",
                )
        _fk_only_keys(problems, rt, tables)


def check_value_widths(problems: Problems, tables: dict[str, RTable]) -> None:
    """Columns whose every value is as wide as the type (bit(n), char(n)) keep a batch of
    rows under MAX_BATCH_TEXT: a batch is generated whole."""
    for rt in tables.values():
        batch = min(rt.row_count, CHUNK_ROWS)
        for col in rt.columns.values():
            width = col.type.length
            if col.type.is_array or col.type.name not in ("bit", "bpchar") or width is None:
                continue
            if width * batch > MAX_BATCH_TEXT:
                problems.add(
                    f"tables.{rt.key}.columns.{col.name}.type",
                    f"{batch:,} values of {col.type.display()} at a time are "
                    f"{width * batch / 2**20:,.0f} MiB; pgmock generates at most "
                    f"{MAX_BATCH_TEXT // 2**20} MiB of a column at once (a narrower type, or "
                    "fewer rows)",
                )


def _fk_only_keys(problems: Problems, rt: RTable, tables: dict[str, RTable]) -> None:
    for key_cols in rt.fk_only_keys():
        fks = {id(fk): fk for c in key_cols if (fk := rt.columns[c].fk) is not None}
        combos = 1
        for fk in fks.values():
            combos *= tables[fk.ref_table].row_count
        if combos < rt.row_count:
            problems.add(
                f"tables.{rt.key}.rowCount",
                f"{rt.row_count:,} rows need distinct ({', '.join(key_cols)}), but the "
                f"referenced tables allow only {combos:,} combinations",
            )


def check_type_names(
    problems: Problems, keys: list[str], user_types: dict[str, UserType], tables: dict[str, RTable]
) -> None:
    """Type names PostgreSQL would refuse (a table's row type, a multirange type)."""
    declared = [(k, user_types[k.lower()]) for k in keys if k.lower() in user_types]
    rows = [(t.key, t.schema, t.name) for t in tables.values()]
    for path, message in type_name_clashes(declared, rows):
        problems.add(path, message)
