"""The plan: table selection, row counts, FK dependency order, cycle breaking, chunks.

Foreign keys only create a *generation* dependency when the parent's key cannot be
rebuilt from a row number (a serial key can: row i has id i+1). Such parents keep just
their key columns in memory. A cycle of such dependencies is broken through a nullable
foreign key, which is then left NULL; a cycle without one is a schema error.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

from pgmock.errors import Problem, SchemaError, UsageError
from pgmock.schema import limits
from pgmock.schema.resolved import ResolvedSchema, RForeignKey, RTable

# Rows per generation batch (schema.limits, which validate checks sizes against). Fixed,
# because batch boundaries are part of the seed derivation: changing it changes the data,
# changing --jobs never does.
CHUNK_ROWS = limits.CHUNK_ROWS


@dataclass
class Plan:
    schema: ResolvedSchema
    order: list[str]  # table keys, parents before children where the FK graph allows
    selected: set[str]
    warnings: list[str] = field(default_factory=list)
    fk_cycles: list[list[str]] = field(default_factory=list)
    # Foreign keys left NULL to break a cycle of generated keys (the schema is not changed).
    broken_fks: list[RForeignKey] = field(default_factory=list)

    def is_broken(self, fk: RForeignKey) -> bool:
        """Whether ``fk`` is left NULL to break a cycle."""
        return any(b is fk for b in self.broken_fks)

    def chunks(self, table: str) -> Chunks:
        return Chunks(self.schema.tables[table].row_count)


class Chunks(Sequence[tuple[int, int]]):
    """A table's chunks, ``(offset, rows)`` each, computed on demand: a table of 10^12
    rows has 10^8 of them, too many to hold as a list."""

    def __init__(self, rows: int) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return -(-self.rows // CHUNK_ROWS)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int]]: ...

    def __getitem__(self, index: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("chunk index out of range")
        offset = index * CHUNK_ROWS
        return (offset, min(CHUNK_ROWS, self.rows - offset))


def reconstructible(parent: RTable, columns: list[str]) -> bool:
    """True when the parent's key values follow from the row number alone."""
    return len(columns) == 1 and parent.columns[columns[0]].is_serial


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
            # two FKs to one parent (created_by, updated_by) are one missing table
            if fk.ref_table not in selected and f"{key} references {fk.ref_table}" not in missing:
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
    plan = Plan(schema=schema, order=[], selected=selected, warnings=list(schema.warnings))
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
    """Find FK chains whose parents must be materialized and cut any cycle among them.

    A node is (table, n): "the first n columns of the table". Generating it needs, for each
    FK among those columns whose parent key is not rebuilt from row numbers, the parent's
    columns up to its key columns. Only a cycle in that graph is a real cycle; cycles of
    FK constraints alone are harmless because constraints are added after the data.
    """
    problems: list[Problem] = []
    Node = tuple[str, int]
    reported: list[RForeignKey] = []  # edges of cycles reported as problems

    def needs(node: Node) -> list[tuple[RForeignKey, Node]]:
        table = schema.tables[node[0]]
        cols = set(list(table.columns)[: node[1]])
        out = []
        for fk in table.fks:
            parent = schema.tables[fk.ref_table]
            ignored = plan.is_broken(fk) or any(r is fk for r in reported)
            if ignored or not set(fk.columns) & cols:
                continue
            if not reconstructible(parent, fk.ref_columns):
                out.append((fk, (fk.ref_table, len(_key_prefix(parent, fk)))))
        # values copied through an FK need the parent's columns up to the one copied
        for via, column in _copies(table, cols):
            ignored = plan.is_broken(via) or any(r is via for r in reported)
            if not ignored:
                names = list(schema.tables[via.ref_table].columns)
                out.append((via, (via.ref_table, names.index(column) + 1)))
        return out

    class _Cycle(Exception):
        def __init__(self, edges: list[tuple[Node, RForeignKey]]):
            self.edges = edges

    def find_cycle() -> None:
        state: dict[Node, int] = {}  # 1 = on the stack, 2 = done
        stack: list[tuple[Node, RForeignKey | None]] = []

        def visit(node: Node, via: RForeignKey | None) -> None:
            state[node] = 1
            stack.append((node, via))
            for fk, parent in needs(node):
                if state.get(parent) == 1:
                    nodes = [n for n, _ in stack]
                    start = nodes.index(parent)
                    # the edges of the cycle: each (child node, FK it follows)
                    edges = [(stack[i][0], stack[i + 1][1]) for i in range(start, len(stack) - 1)]
                    raise _Cycle([*edges, (node, fk)])  # type: ignore[list-item]
                if state.get(parent) is None:
                    visit(parent, fk)
            stack.pop()
            state[node] = 2

        for key in sorted(schema.tables):
            node = (key, len(schema.tables[key].columns))
            if state.get(node) is None:
                visit(node, None)

    while True:
        try:
            find_cycle()
            break
        except _Cycle as found:
            path = " -> ".join([n[0] for n, _ in found.edges] + [found.edges[0][0][0]])
            nullable = [
                (n, fk)
                for n, fk in found.edges
                if all(schema.tables[n[0]].columns[c].nullable for c in fk.columns)
            ]
            if not nullable:
                node, fk = found.edges[-1]
                problems.append(
                    Problem(
                        schema.source,
                        f"tables.{node[0]}.columns.{fk.columns[0]}.references",
                        "foreign keys form a cycle of generated keys with no nullable "
                        f"column to break it: {path}",
                    )
                )
                reported.extend(edge for _, edge in found.edges)  # stop looking at it
                continue
            node, fk = nullable[-1]
            plan.broken_fks.append(fk)
            plan.warnings.append(
                f"foreign key {node[0]}({', '.join(fk.columns)}) -> {fk.ref_table} "
                f"closes a cycle of generated keys ({path}); its values are left NULL"
            )
    if problems:
        raise SchemaError(problems)


def _key_prefix(table: RTable, fk: RForeignKey) -> list[str]:
    """Columns generated up to (and including) the referenced key columns."""
    names = list(table.columns)
    last = max(names.index(c) for c in fk.ref_columns)
    return names[: last + 1]


def _copies(table: RTable, cols: set[str]) -> list[tuple[RForeignKey, str]]:
    """(the FK through which, the parent's column) of every value among ``cols`` that
    is copied from a parent row: ``after`` and ``from`` a parent's column, and keys
    copied with ``from``."""
    out: list[tuple[RForeignKey, str]] = []
    for c in cols:
        col = table.columns[c]
        if col.after is not None:
            out.extend((ref.fk, ref.column) for ref in col.after.parent_refs())
        if col.copy_from is not None:
            out.append((col.copy_from.fk, col.copy_from.column))
        copy = col.fk.copy if col.fk is not None else None
        if copy is not None:
            out.append((copy.via, copy.source.columns[0]))
    return out
