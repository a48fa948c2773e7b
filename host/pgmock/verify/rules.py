"""What the data of each table must satisfy, read off the resolved schema.

Per table: the row count; NOT NULL columns; CHECKs of columns and the table (evaluated
by :mod:`pgmock.sql.check` over the row's columns, or reported as not verified);
domains' CHECKs and NOT NULL; the key sets to collect — primary key, UNIQUE constraints
and unique indexes, each side of every foreign key. Keys are compared as PostgreSQL's
equality compares them, through the PostgreSQL text of each value brought to one
spelling where a type has several for one value (numeric ``1.50`` = ``1.5``, float ``-0``
= ``0``, character(n) without its padding, citext without case).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from pgmock.dump.toc import constraint_names
from pgmock.schema.resolved import RColumn, ResolvedSchema, RTable
from pgmock.sql.check import CheckSyntaxError, CompiledCheck, RowCheck, Unsupported
from pgmock.sql.domains import compiled
from pgmock_sdk import PgType, UserType

__all__ = ["FkRule", "KeySpec", "Note", "Rules", "TableRules", "UniqueRule", "build_rules"]

Normalizer = Callable[[Sequence[str]], list[str]]


def _numeric(values: Sequence[str]) -> list[str]:
    """numeric's text with the scale's trailing zeros dropped: equal values, one spelling."""
    out = []
    for v in values:
        if "." in v and "e" not in v and "E" not in v:
            v = v.rstrip("0").rstrip(".")
        out.append("0" if v in ("-0", "") else v)
    return out


def _float(values: Sequence[str]) -> list[str]:
    return ["0" if v == "-0" else v for v in values]


def _bpchar(values: Sequence[str]) -> list[str]:
    return [v.rstrip(" ") for v in values]


def _citext(values: Sequence[str]) -> list[str]:
    return [v.lower() for v in values]


_NORMALIZERS: dict[str, Normalizer] = {
    "numeric": _numeric,
    "float4": _float,
    "float8": _float,
    "bpchar": _bpchar,
    "citext": _citext,
}


def normalizer(pgtype: PgType) -> Normalizer | None:
    """How values of *pgtype* are brought to one spelling per value, if they need it."""
    if pgtype.is_array:
        return None
    return _NORMALIZERS.get(pgtype.name)


@dataclass
class KeySpec:
    """A key set: the hashes of one column tuple's non-NULL values in one table."""

    id: int
    table: str
    columns: list[str]
    # a partial unique index's WHERE: only the rows it is true for are in the set
    where: RowCheck | None = None


@dataclass
class UniqueRule:
    kind: str  # primary key, unique, unique index
    name: str
    key: KeySpec


@dataclass
class FkRule:
    name: str
    child: KeySpec
    parent: KeySpec


@dataclass
class RowRule:
    """A test of each row on its own: ``test(values, n)`` is True where a row passes."""

    kind: str  # not null, check, domain
    name: str
    columns: list[str]
    test: Callable[[dict[str, Sequence[str | None]], int], object]
    text: str = ""  # the CHECK as written


@dataclass
class Note:
    """Something the schema declares that verify could not check, and why."""

    table: str
    what: str
    reason: str


@dataclass
class TableRules:
    rt: RTable
    data_columns: list[str]  # the schema's columns with data, in order
    row_rules: list[RowRule] = field(default_factory=list)
    keys: list[KeySpec] = field(default_factory=list)
    uniques: list[UniqueRule] = field(default_factory=list)

    @property
    def needed(self) -> set[str]:
        cols = {c for r in self.row_rules for c in r.columns}
        cols |= {c for k in self.keys if k.where is not None for c in k.where.columns}
        return cols | {c for k in self.keys for c in k.columns}


@dataclass
class Rules:
    tables: dict[str, TableRules]
    fks: list[FkRule]
    notes: list[Note]
    keys: list[KeySpec]


def _not_null_test(column: str) -> Callable[[dict[str, Sequence[str | None]], int], object]:
    def test(values: dict[str, Sequence[str | None]], n: int) -> object:
        col = values[column]
        if None not in col:  # one C-level scan; the mask only when a NULL is there
            return True
        return np.fromiter(map(operator.is_not, col, itertools.repeat(None)), bool, n)

    return test


def _domain_test(
    column: str, check: CompiledCheck
) -> Callable[[dict[str, Sequence[str | None]], int], object]:
    def test(values: dict[str, Sequence[str | None]], n: int) -> object:
        return check.ok(values[column])

    return test


def _row_check_test(check: RowCheck) -> Callable[[dict[str, Sequence[str | None]], int], object]:
    def test(values: dict[str, Sequence[str | None]], n: int) -> object:
        return check.ok(values, n)

    return test


class _Builder:
    def __init__(self, schema: ResolvedSchema) -> None:
        self.schema = schema
        self.names = constraint_names(schema)
        self.specs: dict[tuple[str, tuple[str, ...], str | None], KeySpec] = {}
        self.notes: list[Note] = []

    def key(self, table: str, columns: Sequence[str], where: RowCheck | None = None) -> KeySpec:
        ident = (table, tuple(columns), where.text if where is not None else None)
        found = self.specs.get(ident)
        if found is None:
            found = KeySpec(len(self.specs), table, list(columns), where)
            self.specs[ident] = found
        return found

    def table(self, rt: RTable) -> TableRules:
        data_cols = [c.name for c in rt.columns.values() if c.has_data]
        tr = TableRules(rt, data_cols)
        names = self.names[rt.key]
        for col in rt.columns.values():
            self._column(tr, col)
        for con, expr in names.checks:
            self._check(tr, con, expr)
        for con, kind, cols in names.keys:
            tr.uniques.append(
                UniqueRule(
                    "primary key" if kind == "PRIMARY KEY" else "unique",
                    con,
                    self.key(rt.key, cols),
                )
            )
        for ix in rt.indexes:
            if not ix.unique:
                continue
            where = (
                self._row_check(rt, f"unique index {ix.name} WHERE {ix.where}", ix.where)
                if ix.where is not None
                else None
            )
            if ix.where is None or where is not None:
                key = self.key(rt.key, ix.columns, where)
                tr.uniques.append(UniqueRule("unique index", ix.name, key))
        return tr

    def _row_check(self, rt: RTable, what: str, text: str) -> RowCheck | None:
        """A CHECK or a partial index's WHERE (*what* names it in notes), ready to test
        rows; None (and a note) when pgmock cannot evaluate it or it reads a column
        PostgreSQL computes."""
        types = {c.name: c.type for c in rt.columns.values()}
        try:
            check = RowCheck(text, types)
        except (CheckSyntaxError, Unsupported) as exc:
            reason = f"pgmock cannot evaluate {exc}" if isinstance(exc, Unsupported) else str(exc)
            self.notes.append(Note(rt.key, what, reason))
            return None
        generated = [c for c in check.columns if not rt.columns[c].has_data]
        if generated:
            self.notes.append(
                Note(
                    rt.key,
                    what,
                    f"it reads the generated column {generated[0]}, which PostgreSQL "
                    "computes on restore",
                )
            )
            return None
        return check

    def _column(self, tr: TableRules, col: RColumn) -> None:
        if not col.has_data:
            return
        domain: UserType | None = col.type.domain
        if not col.nullable or (domain is not None and domain.not_null and not col.type.is_array):
            tr.row_rules.append(RowRule("not null", col.name, [col.name], _not_null_test(col.name)))
        if domain is None or domain.check is None:
            return
        label = f"domain {domain.qualified} CHECK ({domain.check})"
        if col.type.is_array:
            self.notes.append(
                Note(
                    tr.rt.key,
                    f"{col.name}: {label}",
                    "elements of arrays of a domain are not checked",
                )
            )
            return
        check = compiled(domain)
        if check is None:
            self.notes.append(
                Note(tr.rt.key, f"{col.name}: {label}", "pgmock cannot evaluate this CHECK")
            )
            return
        tr.row_rules.append(
            RowRule(
                "domain", domain.qualified, [col.name], _domain_test(col.name, check), domain.check
            )
        )

    def _check(self, tr: TableRules, con: str, expr: str) -> None:
        check = self._row_check(tr.rt, f"CHECK {con} ({expr})", expr)
        if check is None:
            return
        tr.row_rules.append(RowRule("check", con, check.columns, _row_check_test(check), expr))


def build_rules(schema: ResolvedSchema, selected: set[str]) -> Rules:
    """Every rule of the selected tables (FK parents are selected with their children)."""
    b = _Builder(schema)
    tables = {key: b.table(rt) for key, rt in schema.tables.items() if key in selected}
    fks: list[FkRule] = []
    for key, tr in tables.items():
        for fk in tr.rt.fks:
            if fk.ref_table not in tables:
                b.notes.append(
                    Note(
                        key,
                        f"foreign key {fk.name}",
                        f"{fk.ref_table} is not among the tables checked",
                    )
                )
                continue
            fks.append(FkRule(fk.name, b.key(key, fk.columns), b.key(fk.ref_table, fk.ref_columns)))
    for spec in b.specs.values():
        tables[spec.table].keys.append(spec)
    return Rules(tables, fks, b.notes, list(b.specs.values()))
