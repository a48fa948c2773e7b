"""Relations between tables: foreign keys, children per parent, trees of self-references.

A foreign key needs a table that exists, as many columns as it references, types
PostgreSQL can compare, and a referenced primary key or unique constraint; its columns
then take their values from parent rows. ``"rowCount": {"per": parent}`` draws, once per
run, how many children each parent row gets (parents first, chains allowed), so the child
table's size is known before the checks that depend on row counts.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pgmock.schema import model
from pgmock.schema.generators import GeneratorChooser
from pgmock.schema.limits import MAX_PER_PARENT, MAX_ROWS
from pgmock.schema.problems import Problems, did_you_mean
from pgmock.schema.resolved import DistributionChoice, RColumn, RForeignKey, RTable
from pgmock.schema.tables import no_column
from pgmock.sql.names import truncate_identifier
from pgmock_sdk import PgType
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import INTEGER_TYPES, TEXT_TYPES

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "child_counts",
    "children_per_parent",
    "fk_types_compatible",
    "link_foreign_keys",
    "same_family",
    "tree",
]

# String types a foreign key cannot pair although their values are alike: PostgreSQL
# finds no implicit cast from the referencing type to the key's (checked on PostgreSQL 15).
_FK_REFUSED_STRINGS = {("name", "bpchar"), ("citext", "bpchar"), ("citext", "name")} | {
    (t, "citext") for t in TEXT_TYPES - {"citext"}
}


def same_family(a: PgType, b: PgType) -> bool:
    """Values of one can stand for the other: integers, strings, or one type."""
    if a.array_dims != b.array_dims:
        return False
    if a.name in INTEGER_TYPES and b.name in INTEGER_TYPES:
        return True
    if a.name in TEXT_TYPES and b.name in TEXT_TYPES:
        return True
    return a.name == b.name


def fk_types_compatible(child: PgType, parent: PgType) -> bool:
    """Whether PostgreSQL accepts a foreign key from ``child`` to ``parent``."""
    return same_family(child, parent) and (child.name, parent.name) not in _FK_REFUSED_STRINGS


# -- foreign keys ------------------------------------------------------------------------


@dataclass(frozen=True)
class _FkSpec:
    path: str
    columns: list[str]
    ref_table: str
    ref_columns: list[str]
    name: str | None
    on_delete: str | None
    spec: model.ForeignKey | None = None


def link_foreign_keys(
    problems: Problems, tables: dict[str, RTable], raw: dict[str, model.Table]
) -> None:
    """Every table's foreign keys (column ``references`` and table ``foreignKeys``)."""
    for key, rt in tables.items():
        for spec in _fk_specs(problems, key, raw):
            _link(problems, tables, raw, rt, spec)


def _fk_specs(problems: Problems, key: str, raw: dict[str, model.Table]) -> list[_FkSpec]:
    base = f"tables.{key}"
    specs = []
    for cname, col in raw[key].columns.items():
        if col.references is None:
            continue
        path = f"{base}.columns.{cname}.references"
        if isinstance(col.references, str):
            ref_table, dot, ref_col = col.references.rpartition(".")
            if not (dot and ref_table and ref_col):
                problems.add(path, 'write "table.column" (or {"table": …, "column": …})')
                continue
        else:
            ref_table, ref_col = col.references.table, col.references.column
        specs.append(_FkSpec(path, [cname], ref_table, [ref_col], None, None))
    for i, fk in enumerate(raw[key].foreignKeys):
        path = f"{base}.foreignKeys.{i}"
        for j, c in enumerate(fk.columns):
            if c not in raw[key].columns:
                problems.add(f"{path}.columns.{j}", no_column(c, key, list(raw[key].columns)))
        target = fk.references
        if fk.onDeleteColumns is not None:
            if fk.onDelete not in ("set null", "set default"):
                problems.add(
                    f"{path}.onDeleteColumns",
                    'columns to set go with "onDelete": "set null" or "set default"',
                )
            for j, c in enumerate(fk.onDeleteColumns):
                if c not in fk.columns:
                    problems.add(
                        f"{path}.onDeleteColumns.{j}",
                        f"{c} is not one of the foreign key's columns ({', '.join(fk.columns)})",
                    )
        specs.append(
            _FkSpec(
                path,
                list(fk.columns),
                target.table,
                list(target.columns),
                fk.name,
                fk.onDelete,
                fk,
            )
        )
    return specs


def _link(
    problems: Problems,
    tables: dict[str, RTable],
    raw: dict[str, model.Table],
    rt: RTable,
    spec: _FkSpec,
) -> None:
    path, ref_table = spec.path, spec.ref_table
    if ref_table not in raw:
        problems.add(path, f'references unknown table "{ref_table}"{did_you_mean(ref_table, raw)}')
        return
    parent = tables.get(ref_table)
    if parent is None:
        return  # the parent has its own problems, reported elsewhere
    if len(spec.columns) != len(spec.ref_columns):
        problems.add(
            path, f"{len(spec.columns)} column(s) reference {len(spec.ref_columns)} column(s)"
        )
        return
    if not _columns_pair(problems, raw, rt, parent, spec):
        return
    if not any(sorted(k) == sorted(spec.ref_columns) for k in parent.unique_keys(True)):
        problems.add(
            path,
            f"{ref_table}({', '.join(spec.ref_columns)}) is not a primary key or unique; "
            "a foreign key must reference one",
        )
        return
    default_name = f"{rt.name}_{'_'.join(spec.columns)}_fkey"
    fk = RForeignKey(
        spec.columns,
        ref_table,
        spec.ref_columns,
        spec.name or truncate_identifier(default_name),
        spec.on_delete,
    )
    if spec.spec is not None:
        fk.on_update = spec.spec.onUpdate
        fk.on_delete_columns = spec.spec.onDeleteColumns
        fk.match_full = spec.spec.match == "full"
        fk.initially_deferred = spec.spec.initiallyDeferred
        fk.deferrable = spec.spec.deferrable or spec.spec.initiallyDeferred
    rt.fks.append(fk)
    for c in spec.columns:
        col = rt.columns[c]
        if col.fk is not None:
            problems.add(path, f"column {c} is already filled by another foreign key")
        col.fk = fk


def _columns_pair(
    problems: Problems, raw: dict[str, model.Table], rt: RTable, parent: RTable, spec: _FkSpec
) -> bool:
    """Each referencing column exists, has data and has a type its referenced one takes."""
    ok = True
    for c, rc in zip(spec.columns, spec.ref_columns):
        if rc not in raw[spec.ref_table].columns:
            problems.add(
                spec.path, no_column(rc, spec.ref_table, list(raw[spec.ref_table].columns))
            )
            ok = False
            continue
        child_col, parent_col = rt.columns.get(c), parent.columns.get(rc)
        if child_col is None or parent_col is None:
            ok = False
            continue
        if not child_col.has_data or not parent_col.has_data:
            # PostgreSQL allows both, but pgmock has no values of a computed column
            # to pick parents from or to fill in.
            which = f"{rt.key}.{c}" if not child_col.has_data else f"{spec.ref_table}.{rc}"
            problems.add(spec.path, f"{which} is a generated column; a foreign key cannot use it")
            ok = False
            continue
        if not fk_types_compatible(child_col.type, parent_col.type):
            problems.add(
                spec.path,
                f"type mismatch: {rt.key}.{c} is {child_col.type.display()} but "
                f"{spec.ref_table}.{rc} is {parent_col.type.display()}",
            )
            ok = False
    return ok


# Levels below the roots of a self-reference the schema leaves open: 1,000 categories
# make 25 roots and 100, 225 and 675 rows below them; 10 employees one head.
DEFAULT_TREE_DEPTH = 3


def open_self_reference(rt: RTable, col: RColumn, spec: model.Column) -> bool:
    """Whether ``col`` is a nullable one-column reference to its own table that the schema
    says nothing more of (no distribution or ``from``, and in no unique key or partial
    index, whose rules a tree would not keep); a ``nullRatio`` leaves more rows without
    a parent than the roots."""
    fk = col.fk
    return (
        fk is not None
        and fk.ref_table == rt.key
        and fk.columns == [col.name]
        and col.nullable
        and spec.distribution is None
        and spec.from_ is None
        and rt.per_parent is not fk
        and not any(col.name in key for key in rt.unique_keys())
        and not any(col.name in index.columns for index in rt.indexes if index.where)
    )


def tree(problems: Problems, path: str, rt: RTable, col: RColumn, depth: int) -> None:
    """``maxDepth``: a self-reference laid out as a tree (roots have no parent)."""
    fk = col.fk
    assert fk is not None
    if fk.ref_table != rt.key:
        problems.add(f"{path}.maxDepth", "maxDepth needs a reference to the same table")
    elif not all(rt.columns[c].nullable for c in fk.columns):
        problems.add(
            f"{path}.maxDepth", "the roots of a tree have no parent: make the column nullable"
        )
    elif fk.distribution is not None:
        problems.add(f"{path}.maxDepth", "maxDepth and a parent distribution cannot be combined")
    else:
        fk.max_depth = depth


# -- children per parent -------------------------------------------------------------------


def children_per_parent(
    problems: Problems,
    chooser: GeneratorChooser,
    tables: dict[str, RTable],
    raw: dict[str, model.Table],
    seed: int,
    overridden: set[str],
) -> None:
    """Row counts of ``{"per": parent}`` tables, parents first (chains allowed);
    ``overridden``: the tables --rows sets, which cannot be per parent."""
    pending = {k: spec for k in tables if isinstance(spec := raw[k].rowCount, model.PerParent)}

    def waits_for(key: str, spec: model.PerParent) -> set[str]:
        # the parent, and the other parents of a key the parent's FK is part of: how many
        # children one parent may have depends on their sizes
        others = {f.ref_table for fks in _keyed_with(tables[key], spec.per) for f in fks}
        return ({spec.per} | others) - {key}

    while pending:
        ready = [k for k, spec in pending.items() if not waits_for(k, spec) & set(pending)]
        if not ready:
            for k in sorted(pending):
                problems.add(
                    f"tables.{k}.rowCount.per",
                    "rowCount per-parent definitions form a cycle: " + " -> ".join(sorted(pending)),
                )
            return
        for key in sorted(ready):
            _per_parent(problems, chooser, key, pending.pop(key), tables, seed, overridden)


def _per_parent(
    problems: Problems,
    chooser: GeneratorChooser,
    key: str,
    spec: model.PerParent,
    tables: dict[str, RTable],
    seed: int,
    overridden: set[str],
) -> None:
    path = f"tables.{key}.rowCount"
    table = tables[key]
    if key in overridden:
        problems.add(
            path,
            "--rows cannot set a table whose rowCount is per parent; "
            f"change the parent ({spec.per}) instead",
        )
        return
    if spec.per not in tables:
        problems.add(f"{path}.per", f'unknown table "{spec.per}"{did_you_mean(spec.per, tables)}')
        return
    fk = next((f for f in table.fks if f.ref_table == spec.per), None)
    if fk is None or spec.per == key:
        problems.add(f"{path}.per", f'needs a foreign key from "{key}" to "{spec.per}"')
        return
    parents = tables[spec.per].row_count
    if parents > MAX_PER_PARENT:
        problems.add(
            path,
            f"children per parent need a count for each of {spec.per}'s {parents:,} rows; "
            f"pgmock keeps at most {MAX_PER_PARENT:,} (give {key} a fixed rowCount and, to "
            "skew it, a distribution on its foreign key)",
        )
        return
    most = spec.count if spec.count is not None else spec.max
    if most is not None and parents * most > MAX_ROWS:
        problems.add(
            path,
            f"{parents:,} parents × {most:,} children can make {parents * most:,} rows; "
            f"a table holds at most {MAX_ROWS:,}",
        )
        return
    dist = None
    if spec.distribution is not None:
        dist = chooser.count_distribution(f"{path}.distribution", spec.distribution)
        if dist is None:
            return
    try:
        drawn = child_counts(parents, spec, dist, seed, key)
    except ValueError as exc:
        problems.add(f"{path}.distribution", str(exc))
        return
    counts = _within_key_limit(problems, path, spec, table, fk, tables, drawn)
    if counts is None:
        return
    cumulative = np.cumsum(counts, out=counts)  # in place: see child_counts
    table.per_parent = fk
    table.per_cumulative = cumulative
    table.row_count = int(cumulative[-1]) if parents else 0


def _keyed_with(table: RTable, parent: str) -> list[list[RForeignKey]]:
    """For each key of ``table`` made only of foreign-key columns, one of which is an FK to
    ``parent``: the other FKs of that key."""
    out = []
    for key in table.unique_keys():
        cols = [table.columns.get(c) for c in key]
        if not cols or any(c is None or c.fk is None for c in cols):
            continue
        fks: list[RForeignKey] = []
        for c in cols:
            assert c is not None and c.fk is not None
            if all(f is not c.fk for f in fks):
                fks.append(c.fk)
        if any(f.ref_table == parent for f in fks) and all(set(f.columns) <= set(key) for f in fks):
            first = next(f for f in fks if f.ref_table == parent)
            out.append([f for f in fks if f is not first])
    return out


def _within_key_limit(
    problems: Problems,
    path: str,
    spec: model.PerParent,
    table: RTable,
    fk: RForeignKey,
    tables: dict[str, RTable],
    counts: NDArray[np.int64],
) -> NDArray[np.int64] | None:
    """Children per parent that a key of FK columns can tell apart.

    In a junction table keyed (movie_id, person_id) with children per movie, each movie's
    rows need distinct people: a movie can have at most as many rows as there are
    people. A fixed ``count`` or a ``max`` above that is an error; counts drawn from a
    distribution are capped there, with a warning when a draw was cut."""
    limit: int | None = None
    which: list[RForeignKey] = []
    for others in _keyed_with(table, fk.ref_table):
        combos = 1
        for other in others:
            combos *= tables[other.ref_table].row_count
        if limit is None or combos < limit:
            limit, which = combos, others
    if limit is None or not len(counts) or int(counts.max()) <= limit:
        return counts
    keyed = ", ".join(c for f in which for c in f.columns) or "the rows"
    of = " × ".join(f"{f.ref_table} ({tables[f.ref_table].row_count:,} rows)" for f in which)
    room = f"each {spec.per} row can have at most {limit:,} rows with distinct ({keyed})"
    room += f": as many as {of}" if which else " (the FK alone is a key)"
    if spec.count is not None or spec.max is not None:
        where = "count" if spec.count is not None else "max"
        asked = spec.count if spec.count is not None else spec.max
        problems.add(f"{path}.{where}", f"{asked:,} children per parent, but {room}")
        return None
    cut = int((counts > limit).sum())
    problems.warn(
        f"{path}.distribution",
        f"{cut:,} {spec.per} row(s) drew more children than the key allows and get {limit:,}: "
        f"{room}",
    )
    return np.minimum(counts, limit)


def child_counts(
    parents: int, spec: model.PerParent, dist: DistributionChoice | None, seed: int, table: str
) -> NDArray[np.int64]:
    """How many child rows each of ``parents`` parent rows gets, from the table's own
    stream, so the child table's size depends only on the schema and the seed. A
    distribution whose counts cannot be used (infinite, or more rows than a table holds)
    is a ValueError saying so."""
    stream = np.random.SeedSequence(
        seed, spawn_key=(zlib.crc32(table.encode()), zlib.crc32(b"rowCount"))
    )
    rng = np.random.Generator(np.random.PCG64(stream))
    if spec.count is not None:
        return np.full(parents, spec.count, dtype=np.int64)
    if spec.min is not None and spec.max is not None:
        return rng.integers(spec.min, spec.max, parents, endpoint=True, dtype=np.int64)
    assert dist is not None
    try:
        drawn = np.asarray(dist.cls(dist.params).sample(parents, rng, 0), dtype=np.float64)
    except (ArithmeticError, NotImplementedError, ValueError) as exc:
        raise ValueError(f"{dist.qualified} cannot draw the counts: {exc}") from None
    if len(drawn) != parents:
        raise ValueError(f"{dist.qualified} drew {len(drawn):,} counts for {parents:,} parents")
    # In place: at the parent limit every copy of the counts is 80 MB.
    np.rint(drawn, out=drawn)
    np.maximum(drawn, 0, out=drawn)
    total = float(drawn.sum())
    if not np.isfinite(total) or total > MAX_ROWS:
        raise ValueError(
            f"the counts {dist.qualified} drew add up to {total:,.0f} rows; a table holds at "
            f"most {MAX_ROWS:,}"
        )
    return drawn.astype(np.int64)
