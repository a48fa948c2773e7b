"""The schema after validation: names resolved, types parsed, generators chosen.

The planner, the engine and the DDL builder work only on these objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pgmock.sql.check import CompiledCheck, RowCheck
from pgmock_sdk import ColumnInfo, Distribution, Generator, Params, PgType, UserType
from pgmock_sdk.sqlnames import qualify

# WHERE col IS NOT NULL: every row with a value (a partial unique index of any other
# WHERE, "default": one default store among many rows, asks it of some rows only).
_NOT_NULL_WHERE = re.compile(r"\(?\s*\"?(\w+)\"?\s+IS\s+NOT\s+NULL\s*\)?", re.IGNORECASE)


def holds_on_every_row(where: str | None) -> bool:
    """Whether a unique index with this WHERE (None: none) keeps every row unique."""
    return where is None or _NOT_NULL_WHERE.fullmatch(where.strip()) is not None


@dataclass
class GeneratorChoice:
    cls: type[Generator]
    qualified: str
    params: Params
    inferred: bool = False
    # Why this generator: "explicit", the inference rule that matched, the type default …
    why: str = ""
    # The distribution an inference rule gives ({"name": "lognormal", …}), used when the
    # schema gives none.
    rule_distribution: dict[str, Any] | None = None
    # What the inference rule that chose it matches ("table ~ film, column ~ length").
    rule: str | None = None


@dataclass
class DistributionChoice:
    cls: type[Distribution]
    qualified: str
    params: Params


@dataclass
class RColumn:
    name: str
    type: PgType
    nullable: bool
    null_ratio: float
    unique: bool  # generated unique on its own (flag, key, or chosen for a composite key)
    primary_key: bool
    default: str | None
    check: str | None
    comment: str | None
    locale: str
    generator: GeneratorChoice | None = None
    distribution: DistributionChoice | None = None
    # Set for columns filled from a parent table (the FK decides the values).
    fk: RForeignKey | None = None
    # The column itself declared "unique": true, so a UNIQUE constraint is emitted for it.
    unique_constraint: bool = False
    after: AfterRef | None = None
    expr: Any = field(default=None, repr=False)  # a parsed ast.Expression
    # "cases": the column named cases_on picks, per row, one of these variants (None: NULL)
    cases_on: str | None = None
    cases: dict[str, RColumn | None] = field(default_factory=dict)
    copy_from: ParentRef | None = None
    # Parent columns the generator reads (Generator.parent_inputs), filled into ctx.rows
    # under "table.column" for the parent rows the FK picked.
    inputs: list[ParentRef] = field(default_factory=list)
    # "always" / "by default": an identity column, numbered 1..rowCount like a serial.
    identity: str | None = None
    # Unique only among the rows of one parent of this (per-parent) FK: a composite key
    # (flight_id, seat_no) needs seat_no distinct within each flight, not in the table.
    unique_within: RForeignKey | None = None
    # CHECKs about this column alone (its own, and table CHECKs naming only it), compiled:
    # they narrow the generator and every value is verified against them.
    checks: list[CompiledCheck] = field(default_factory=list, repr=False)
    # GENERATED ALWAYS AS (generated) STORED: PostgreSQL computes it; it has no data.
    generated: str | None = None

    @property
    def is_serial(self) -> bool:
        """Numbered 1..rowCount by the host: a serial or an identity column."""
        return self.type.serial or self.identity is not None

    @property
    def has_data(self) -> bool:
        """False for generated columns, which dumps leave out of COPY and INSERT."""
        return self.generated is None


@dataclass
class BillingCycle:
    """Where a row's billing interval comes from: ``column`` of this row (fk None) or of
    the parent row the FK picked, each of its values (as PostgreSQL prints them) one
    interval of (months, days)."""

    column: str
    fk: RForeignKey | None
    steps: tuple[tuple[str, int, int], ...]


@dataclass
class AfterRef:
    """``after``: the value is a moment after ``column`` of this row (fk None) or of the
    parent row the FK picked."""

    column: str
    fk: RForeignKey | None
    within_seconds: float
    # Set when a lifecycle inferred it (pgmock.schema.lifecycle): why, for pgmock explain.
    inferred: str | None = None
    # NULL in the rows where the column it follows is NULL (a later stage not reached).
    null_with_reference: bool = False
    # Inferred only: the moment comes *before* ``column`` (an earlier stage declared after
    # a later one: start_date after due_date in the table).
    before: bool = False
    # Inferred "before" only: more later stages declared earlier; the moment comes before
    # the earliest of them all (created_at before completed_at and approved_at).
    also: tuple[str, ...] = ()
    # Inferred "before" only: and not before this column of the parent row the FK picked
    # (a post's created_at, before its published_at, not before its author's created_at).
    not_before: ParentRef | None = None
    # Inferred after parents only (Lifecycle.since_parents): the moment lies between the
    # latest of ``column`` of the FK's parent row and ``others`` of theirs, never before
    # span[0], and span[1] (ISO, the generator's range it replaced), uniformly: a loan
    # between its member's joining and the data's present. ``within_seconds`` is unused.
    others: tuple[ParentRef, ...] = ()
    span: tuple[str, str] | None = None
    # With span: and no later than these parent columns (a project's end_date), even past
    # span[1] when the parent's beginning is (a timesheet of a project still to come).
    until: tuple[ParentRef, ...] = ()
    # Inferred after a parent only: no later than this (ISO, the end of the generator's
    # range it replaced, the data's present): a row created within 90 days of its parent
    # is not created in the future.
    cap: str | None = None
    # Inferred only: the moment is ``column`` plus one billing interval exactly (a
    # subscription's current period ends a month or a year after it starts), the interval
    # named per row by a column of the row or of its plan.
    cycle: BillingCycle | None = None

    def floors(self) -> list[ParentRef]:
        """With span: the parent columns the moment comes after."""
        return [] if self.fk is None else [ParentRef(self.column, self.fk), *self.others]

    def parent_refs(self) -> list[ParentRef]:
        """Every parent column the moment reads, and the FK through which."""
        refs = [] if self.fk is None else [ParentRef(self.column, self.fk)]
        if self.not_before is not None:
            refs.append(self.not_before)
        return [*refs, *self.others, *self.until]


@dataclass
class ParentRef:
    """``from``: the value of ``column`` in the parent row the FK picked."""

    column: str
    fk: RForeignKey


@dataclass
class RForeignKey:
    columns: list[str]
    ref_table: str  # table key
    ref_columns: list[str]
    name: str
    on_delete: str | None = None
    # A distribution over parent rows (zipf: a few parents get most children).
    distribution: DistributionChoice | None = None
    # Self-references: a tree of at most this many levels below the roots.
    max_depth: int | None = None
    on_update: str | None = None
    on_delete_columns: list[str] | None = None  # ON DELETE SET NULL (cols)
    match_full: bool = False
    deferrable: bool = False
    initially_deferred: bool = False
    # "from" on the FK's column: the parent row is the one another FK picked (see KeyCopy).
    copy: KeyCopy | None = None


@dataclass
class KeyCopy:
    """``from`` on a foreign key column (``invoices.customer_id`` from
    ``orders.customer_id``): the FK picks the parent row that ``source``, an FK of the
    table ``via`` references, picked in the row ``via`` picked; NULL where either is."""

    via: RForeignKey
    source: RForeignKey


@dataclass
class RIndex:
    # The table's columns the index covers: plain elements and those its expressions
    # name (for a unique index, the columns generated unique together).
    columns: list[str]
    unique: bool
    name: str
    method: str
    # Each element as SQL ("lower(email)", "name text_pattern_ops DESC"); None: the
    # plain columns, as in a schema without elements.
    elements: list[str] | None = None
    include: list[str] = field(default_factory=list)
    where: str | None = None
    nulls_not_distinct: bool = False
    params: str | None = None
    comment: str | None = None
    # True when an element is an expression (the index is not a plain key on columns).
    has_expressions: bool = False


@dataclass
class PartialFlag:
    """A partial unique index held through the boolean column its WHERE needs true
    (``UNIQUE (user_id) WHERE is_default``): only some rows may keep ``flag`` true, each
    with a key of its own; every other row has it false (or NULL), so the index holds.

    Which rows, by how ``fk`` (the key's foreign key; None: the index is on the flag
    alone) picks its parents: ``mode`` "rows": ``rows`` rows chosen by a keyed
    permutation, each given a parent of its own; "first": the first row of each parent
    (children per parent); "group": the rows whose other foreign keys of a distinct
    group (``others``) picked the parents assigned to the key's parent, one
    combination per parent."""

    index: str
    flag: str
    fk: RForeignKey | None
    rows: int
    mode: str = "rows"
    others: tuple[RForeignKey, ...] = ()


@dataclass
class RPartition:
    """One partition of a partitioned table: its name and bound."""

    schema: str
    name: str
    bound: str  # "FOR VALUES FROM (…) TO (…)", "FOR VALUES IN (…)", "DEFAULT"
    comment: str | None = None

    @property
    def qualified(self) -> str:
        return qualify(self.schema, self.name)


@dataclass
class RObject:
    """A raw SQL object (view, function, trigger …) carried into the dump."""

    kind: str
    schema: str
    name: str  # with the argument list for functions, procedures and aggregates
    sql: str
    table: str | None  # table key for triggers, rules, policies and row security
    depends_on: list[str]  # table keys, type names and other objects' names
    search_path: str | None
    populated: bool
    comment: str | None


@dataclass
class RTable:
    key: str  # as written in the schema ("users", "sales.orders")
    schema: str
    name: str
    row_count: int
    columns: dict[str, RColumn]
    primary_key: list[str]
    uniques: list[list[str]]
    fks: list[RForeignKey]
    indexes: list[RIndex]
    checks: list[str]
    comment: str | None
    # The file that declared the table (None for templates); generators resolve relative
    # paths in their parameters against its directory.
    schema_file: str | None = None
    # rowCount {"per": parent}: the FK to the parent and the cumulative child counts per
    # parent row (child row r belongs to the first parent whose cumulative count > r).
    # "fixed": true: --scale leaves the row count alone.
    fixed: bool = False
    per_parent: RForeignKey | None = None
    per_cumulative: Any = field(default=None, repr=False)
    # Foreign keys whose combined values are drawn distinct (a key made of FK columns):
    # each list is one group of FKs.
    distinct_fks: list[list[RForeignKey]] = field(default_factory=list)
    # Partial unique indexes held through a boolean column of their WHERE.
    partial_flags: list[PartialFlag] = field(default_factory=list)
    # Table CHECKs over several columns, verified on the rows (see schema.table_checks).
    row_checks: list[RowCheck] = field(default_factory=list, repr=False)
    # Two FKs of one distinct group to the same parent that a CHECK (a <> b) keeps
    # unequal: their combinations are drawn without the equal ones, and the CHECK holds.
    unequal_fks: list[tuple[RForeignKey, RForeignKey, RowCheck]] = field(
        default_factory=list, repr=False
    )
    # Names given to table CHECKs (by position in ``checks``; None: PostgreSQL's choice),
    # to the primary key and to UNIQUE constraints (by their columns).
    check_names: list[str | None] = field(default_factory=list)
    primary_key_name: str | None = None
    unique_names: dict[tuple[str, ...], str] = field(default_factory=dict)
    nulls_not_distinct: set[tuple[str, ...]] = field(default_factory=set)
    # PARTITION BY …, and the partitions the rows are routed to.
    partition_by: str | None = None
    partitions: list[RPartition] = field(default_factory=list)

    def columns_before(self, name: str) -> list[RColumn]:
        """The columns declared before column ``name``, in order: those generated first."""
        names = list(self.columns)
        return [self.columns[n] for n in names[: names.index(name)]]

    @property
    def qualified(self) -> str:
        return qualify(self.schema, self.name)

    def unique_keys(self, referenced: bool = False) -> list[list[str]]:
        """Every set of columns whose values must be unique together: the primary key,
        UNIQUE constraints, unique indexes and columns declared unique, in that order
        (one concept for generation and validation, however the schema spells it). A
        unique index over expressions counts by the columns they use; a partial one only
        when it holds on every row with a value. ``referenced``: the keys a foreign key
        can reference instead (no partial or expression index)."""
        keys = [self.primary_key] if self.primary_key else []
        keys += [list(u) for u in self.uniques]
        for ix in self.indexes:
            if not ix.unique or not ix.columns:
                continue
            if referenced and (ix.where is not None or ix.has_expressions):
                continue  # PostgreSQL: a foreign key needs a plain, non-partial key
            if not referenced and not holds_on_every_row(ix.where):
                continue
            keys.append(list(ix.columns))
        keys += [[c] for c, col in self.columns.items() if col.unique_constraint]
        return keys

    def partial_keys(self) -> list[tuple[int, RIndex]]:
        """The unique indexes whose WHERE leaves rows out (not only NULLs), with their
        position among the table's indexes: unique among the rows it matches only."""
        return [
            (i, ix)
            for i, ix in enumerate(self.indexes)
            if ix.unique and ix.columns and not holds_on_every_row(ix.where)
        ]

    @property
    def max_children(self) -> int:
        """The most rows one parent of a per-parent table has (0 without a parent)."""
        cum = self.per_cumulative
        if cum is None or not len(cum):
            return 0
        return int(max(int(cum[0]), int((cum[1:] - cum[:-1]).max(initial=0))))


@dataclass
class ResolvedSchema:
    database: str
    encoding: str
    locale: str
    owner: str
    seed: int
    extensions: list[str]
    user_types: dict[str, UserType]
    tables: dict[str, RTable]
    plugins: list[str] = field(default_factory=list)
    source: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    # Accepted but worth telling (a domain CHECK pgmock cannot verify), printed on stderr.
    warnings: list[str] = field(default_factory=list)
    objects: list[RObject] = field(default_factory=list)
    schema_comments: dict[str, str] = field(default_factory=dict)

    @property
    def schemas(self) -> list[str]:
        names = {t.schema for t in self.tables.values()} | {
            u.schema for u in self.user_types.values()
        }
        names |= {p.schema for t in self.tables.values() for p in t.partitions}
        names |= {o.schema for o in self.objects} | set(self.schema_comments)
        return sorted(names - {"public"})


def column_info(col: RColumn, rows: int, table: RTable | None = None) -> ColumnInfo:
    """What a generator sees of a column, for checks made before generation (the engine
    adds the keys of the run's seed). A column unique within each parent's rows is made
    as for a table of the largest parent's rows."""
    if col.unique_within is not None and table is not None:
        rows = table.max_children
    return ColumnInfo(
        schema=table.schema if table else "public",
        table=table.name if table else "?",
        name=col.name,
        type=col.type,
        nullable=col.nullable,
        unique=col.unique,
        row_count=rows,
        locale=col.locale,
        schema_file=table.schema_file if table else None,
    )
