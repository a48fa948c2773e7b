"""The plan: table selection, row counts, FK dependency order, cycle breaking, chunks.

Foreign keys only create a *generation* dependency when the parent's key cannot be
rebuilt from a row number (a serial key can: row i has id i+1). Such parents keep just
their key columns in memory. A cycle of such dependencies is broken through a nullable
foreign key, which is then left NULL; a cycle without one is a schema error.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

from pgmock.errors import Problem, SchemaError, UsageError
from pgmock.schema.resolved import ResolvedSchema, RForeignKey, RTable

# Rows per generation batch. Fixed, because batch boundaries are part of the seed
# derivation: changing it changes the data, changing --jobs never does.
CHUNK_ROWS = 10_000


@dataclass
class Plan:
    schema: ResolvedSchema
    order: list[str]  # table keys, parents before children where the FK graph allows
    selected: set[str]
    warnings: list[str] = field(default_factory=list)
    fk_cycles: list[list[str]] = field(default_factory=list)

    def chunks(self, table: str) -> list[tuple[int, int]]:
        rows = self.schema.tables[table].row_count
        return [(i, min(CHUNK_ROWS, rows - i)) for i in range(0, rows, CHUNK_ROWS)]


def reconstructible(parent: RTable, columns: list[str]) -> bool:
    """True when the parent's key values follow from the row number alone."""
    return len(columns) == 1 and parent.columns[columns[0]].is_serial


def apply_row_overrides(schema: ResolvedSchema, rows: dict[str, int], scale: float | None) -> None:
    """``--rows TABLE=N`` and ``--scale F`` (overrides win over scaling)."""
    unknown = sorted(set(rows) - set(schema.tables))
    if unknown:
        raise UsageError(f"--rows names unknown table(s): {', '.join(unknown)}")
    for key, table in schema.tables.items():
        if key in rows:
            table.row_count = rows[key]
        elif scale is not None:
            table.row_count = round(table.row_count * scale)


def select_tables(schema: ResolvedSchema, include: list[str], exclude: list[str]) -> set[str]:
    """Tables chosen by ``-t``/``-T`` patterns (shell-style, like pg_dump's).

    A pattern without a dot matches a table name in any schema; ``schema.table`` matches
    the qualified name. FK parents of a selected table must be selected too: the output
    would otherwise hold foreign keys to tables that are not there, so that is an error.
    """

    def matches(key: str, pattern: str) -> bool:
        table = schema.tables[key]
        if "." in pattern:
            return fnmatch.fnmatchcase(f"{table.schema}.{table.name}", pattern)
        return fnmatch.fnmatchcase(table.name, pattern)

    keys = list(schema.tables)
    selected = set(keys)
    if include:
        selected = set()
        for pattern in include:
            hit = {k for k in keys if matches(k, pattern)}
            if not hit:
                raise UsageError(f'no table matches -t "{pattern}"')
            selected |= hit
    for pattern in exclude:
        selected -= {k for k in keys if matches(k, pattern)}
    missing: list[str] = []
    for key in sorted(selected):
        for fk in schema.tables[key].fks:
            if fk.ref_table not in selected:
                missing.append(f"{key} references {fk.ref_table}")
    if missing:
        raise UsageError(
            "selected tables reference tables that are not selected: "
            + "; ".join(missing)
            + " (add them with -t, or leave out the referencing tables)"
        )
    return selected


def make_plan(schema: ResolvedSchema, selected: set[str] | None = None) -> Plan:
    selected = set(schema.tables) if selected is None else selected
    plan = Plan(schema=schema, order=[], selected=selected)
    _break_generation_cycles(schema, plan)
    plan.order, plan.fk_cycles = fk_order(schema, sorted(selected))
    return plan


def fk_order(schema: ResolvedSchema, keys: list[str]) -> tuple[list[str], list[list[str]]]:
    """Parents before children (self-references ignored); name order among equals.

    Tables caught in a cycle keep name order and are reported, as pg_dump reports
    "circular foreign-key constraints" for data-only dumps.
    """
    pending = {
        k: {fk.ref_table for fk in schema.tables[k].fks if fk.ref_table != k} & set(keys)
        for k in keys
    }
    order: list[str] = []
    while pending:
        ready = sorted(k for k, deps in pending.items() if not deps)
        if not ready:
            cycle = sorted(pending)
            return order + cycle, [cycle]
        for k in ready:
            order.append(k)
            del pending[k]
        for deps in pending.values():
            deps.difference_update(ready)
    return order, []


def _break_generation_cycles(schema: ResolvedSchema, plan: Plan) -> None:
    """Find FK chains whose parents must be materialized and cut any cycle among them."""
    problems: list[Problem] = []

    def edges(key: str) -> list[RForeignKey]:
        table = schema.tables[key]
        return [
            fk
            for fk in table.fks
            if not fk.broken_cycle
            and not reconstructible(schema.tables[fk.ref_table], fk.ref_columns)
        ]

    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(key: str, stack: list[str]) -> None:
        state[key] = 1
        for fk in edges(key):
            parent = fk.ref_table
            if parent == key and not (set(fk.columns) & set(_key_prefix(schema.tables[key], fk))):
                continue  # a self-reference whose key columns come before it: no cycle
            if state.get(parent) == 1:
                cycle = [*stack[stack.index(parent) :], key] if parent in stack else [key]
                table = schema.tables[key]
                if all(table.columns[c].nullable for c in fk.columns):
                    fk.broken_cycle = True
                    plan.warnings.append(
                        f"foreign key {key}({', '.join(fk.columns)}) -> {parent} closes a cycle "
                        f"({' -> '.join([*cycle, parent])}); its values are left NULL"
                    )
                else:
                    problems.append(
                        Problem(
                            schema.source,
                            f"tables.{key}.columns.{fk.columns[0]}.references",
                            "foreign keys form a cycle with no nullable column to break it: "
                            + " -> ".join([*cycle, parent]),
                        )
                    )
                continue
            if state.get(parent) is None:
                visit(parent, [*stack, key])
        state[key] = 2

    for key in sorted(schema.tables):
        if state.get(key) is None:
            visit(key, [])
    if problems:
        raise SchemaError(problems)


def _key_prefix(table: RTable, fk: RForeignKey) -> list[str]:
    """Columns generated up to (and including) the referenced key columns."""
    names = list(table.columns)
    last = max(names.index(c) for c in fk.ref_columns)
    return names[: last + 1]
