"""Checks across a resolved table or schema: what PostgreSQL or the generators could not do.

Identifier lengths, unique columns and composite keys against their generators' value
domains, columns of one group that disagree, row counts that overflow a serial or need
parents that do not exist, and type names PostgreSQL would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pgmock.schema import model
from pgmock.schema.limits import CHUNK_ROWS, MAX_BATCH_TEXT, MAX_ROWS
from pgmock.schema.problems import Problems
from pgmock.schema.resolved import (
    GeneratorChoice,
    PartialFlag,
    RColumn,
    RForeignKey,
    RIndex,
    RTable,
    column_info,
)
from pgmock.sql.check import CheckSyntaxError, Unsupported, true_columns, unequal_pair
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
    "partial_unique_keys",
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
    if col.distribution is not None and not _each_once(rt, col, gen):
        problems.add(
            f"{path}.distribution",
            "unique values are a permutation (each value once), so a distribution cannot "
            "shape them; drop the distribution or the uniqueness",
        )
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


def _each_once(rt: RTable, col: RColumn, gen: GeneratorChoice) -> bool:
    """A ``sequential`` distribution (start 0, step 1) over at least as many categories as
    the table has rows: it picks each category once, in order, so it keeps a unique
    column unique and lines it up with other columns cycling the same way (a lookup
    table's code, name and price)."""
    dist = col.distribution
    if dist is None or dist.qualified.rpartition(".")[2] != "sequential":
        return False
    params = dist.params.model_dump()
    if params.get("start") != 0 or params.get("step") != 1:
        return False
    try:
        categories = gen.cls(gen.params, column_info(col, rt.row_count, rt))
        k = categories.distribution_categories()
    except Exception:  # a generator that cannot be made here is reported elsewhere
        return False
    return k is not None and rt.row_count <= k


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


def unique_composite_keys(
    problems: Problems,
    rt: RTable,
    tables: dict[str, RTable],
    unique_instead: Callable[[RColumn], GeneratorChoice | None] | None = None,
    follows_parents: Callable[[RColumn], bool] | None = None,
) -> None:
    """How each key of the table (primary key, UNIQUE constraint, unique index) comes out
    unique, decided once for generation and validation alike.

    A key is unique when part of it is: a serial or unique column, or a group of its
    foreign keys drawn as distinct parent combinations. For a key that is not yet, the
    first that works of: one of its generated columns whose generator supports unique
    values made unique (the last such column first); one made unique within each
    parent's rows (the table has children per parent and the key holds that FK); its
    foreign keys drawn distinct together (children per parent: each parent's rows get
    distinct other parents); a column whose generator was only inferred given the one
    inferred for a unique column (``unique_instead``). Else a problem. A key holding a
    moment that will follow its parent rows (``follows_parents``: a timesheet's
    ``work_date``) is held by distinct parent combinations first, when there are enough,
    so that the moment is free to follow them."""
    path = f"tables.{rt.key}"
    for key_cols in rt.unique_keys():
        if not key_cols or any(c not in rt.columns for c in key_cols):
            continue
        cols = [rt.columns[c] for c in key_cols]
        if (len(cols) == 1 and cols[0].fk is None) or _already_unique(rt, key_cols):
            continue
        named = ", ".join(key_cols)
        candidates = [
            c
            for c in cols
            if c.fk is None
            and c.cases_on is None
            and c.generator
            and c.generator.cls.supports_unique
        ]
        # unique values are a permutation: making a column unique drops its distribution
        shaped = [c for c in candidates if c.distribution is not None]
        plain = [c for c in candidates if c.distribution is None]
        fks = _key_fks(cols)
        held = bool(fks) and all(set(f.columns) <= set(key_cols) for f in fks)
        enough = held and _combinations(fks, tables) >= rt.row_count
        free = enough and not any(f is g for f in fks for group in rt.distinct_fks for g in group)
        if free and follows_parents is not None and any(map(follows_parents, plain)):
            _distinct_group(problems, path, rt, named, fks)
            continue
        if _unique_member(rt, key_cols, plain[::-1]):
            continue
        if held and (all(c.fk is not None for c in cols) or enough):
            _distinct_group(problems, path, rt, named, fks)
            continue
        if unique_instead is not None and _replaced(rt, key_cols, cols, unique_instead):
            continue
        if _unique_member(rt, key_cols, shaped[::-1]):
            made = next(c for c in shaped if c.unique)
            problems.warn(
                f"{path}.columns.{made.name}.distribution",
                f"made unique to keep the key ({named}) unique; unique values are a "
                "permutation, so this distribution has no effect",
            )
            continue
        if candidates:
            chosen = candidates[-1]
            gen = chosen.generator
            assert gen is not None
            chosen.unique = True  # the domain of its unique values
            try:
                instance = gen.cls(gen.params, column_info(chosen, rt.row_count, rt))
                why = f"has only {_instance_domain_size(instance) or 0:,}"
            except Exception as exc:  # it cannot make unique values at all: its reason
                why = f"cannot make unique values: {exc}"
            chosen.unique = False
            problems.add(
                f"{path}.columns.{chosen.name}",
                f"composite key ({named}) needs {rt.row_count:,} distinct values of "
                f"{chosen.name}, but {gen.qualified} {why}{_per_parent_hint(rt, key_cols)}",
            )
            continue
        problems.add(
            path,
            f"cannot guarantee the composite key ({named}) is unique: give one of its "
            "columns a generator that supports unique values",
        )


def partial_unique_keys(problems: Problems, rt: RTable, tables: dict[str, RTable]) -> None:
    """How each partial unique index (``WHERE deleted_at IS NULL``, ``WHERE is_default``)
    holds on the data, after the table's full keys are settled.

    When its WHERE needs a boolean column true and the index is on that column alone
    (``("default") WHERE "default"``: one default row) or on one foreign key (``(user_id)
    WHERE is_default``: one default per user), only some rows keep the flag, each with a
    key of its own (:class:`PartialFlag`), and the key keeps its distribution elsewhere.
    Otherwise the index is held on every row, which is stricter than it asks (a unique
    slug among all products, not only among those not deleted). When neither works it
    is a problem naming the index: a restore would fail on it."""
    for i, ix in rt.partial_keys():
        path = f"tables.{rt.key}.indexes.{i}"
        if any(c not in rt.columns or _unresolved(rt.columns[c]) for c in ix.columns):
            continue  # a problem reported already
        if _flag_held(rt, ix, tables) or _held_everywhere(problems, path, rt, ix, tables):
            continue
        key = ", ".join(ix.columns)
        problems.add(
            f"{path}.where",
            f"pgmock cannot hold the partial unique index {ix.name} ({key}) WHERE {ix.where}: "
            f"its columns cannot be unique in all {rt.row_count:,} rows, and its WHERE needs "
            "no boolean column true on a key of that column or of one foreign key; give "
            "a key column a generator that supports unique values, or fewer rows",
        )


def _unresolved(col: RColumn) -> bool:
    """A column left without the generator it needs (an unknown one, reported)."""
    derived = col.expr is not None or col.after is not None or col.copy_from is not None
    made = col.fk is not None or col.is_serial or derived or not col.has_data
    return col.generator is None and not made


def _flag_held(rt: RTable, ix: RIndex, tables: dict[str, RTable]) -> bool:
    assert ix.where is not None
    try:
        flags = true_columns(ix.where, {c: col.type for c, col in rt.columns.items()})
    except (CheckSyntaxError, Unsupported):
        return False
    for name in flags:
        col = rt.columns[name]
        if col.type.name != "bool" or col.type.is_array or col.fk is not None or col.unique:
            continue
        if not col.has_data or (col.generator is None and col.expr is None):
            continue
        if set(ix.columns) == {name}:
            rt.partial_flags.append(PartialFlag(ix.name, name, None, min(1, rt.row_count)))
            return True
        fks = _key_fks([rt.columns[c] for c in ix.columns])
        if len(fks) != 1 or set(fks[0].columns) != set(ix.columns):
            continue
        fk = fks[0]
        if fk.copy is not None or fk.max_depth is not None:
            continue  # its parents are copied or a tree's
        if any(p.fk is fk for p in rt.partial_flags):
            continue
        group = next((g for g in rt.distinct_fks if any(f is fk for f in g)), None)
        paired = any(fk is a or fk is b for a, b, _ in rt.unequal_fks)
        if group is not None and not paired:
            others = tuple(f for f in group if f is not fk)
            rt.partial_flags.append(PartialFlag(ix.name, name, fk, 0, "group", others))
        elif group is None and fk is rt.per_parent:
            rt.partial_flags.append(PartialFlag(ix.name, name, fk, 0, "first"))
        elif group is None:
            # half the rows at most keep the flag: the others keep the key's own spread
            rows = min(tables[fk.ref_table].row_count, (rt.row_count + 1) // 2)
            rt.partial_flags.append(PartialFlag(ix.name, name, fk, rows))
        else:
            continue
        return True
    return False


def _held_everywhere(
    problems: Problems, path: str, rt: RTable, ix: RIndex, tables: dict[str, RTable]
) -> bool:
    """Make the index's columns unique in every row if they can be, without a problem."""
    key_cols = list(ix.columns)
    if any(c not in rt.columns for c in key_cols):
        return False
    cols = [rt.columns[c] for c in key_cols]
    if _already_unique(rt, key_cols):
        return True
    plain = [
        c
        for c in cols
        if c.fk is None
        and c.cases_on is None
        and c.distribution is None
        and c.generator
        and c.generator.cls.supports_unique
    ]
    if _unique_member(rt, key_cols, plain[::-1]):
        return True
    fks = _key_fks(cols)
    if not fks or not all(set(f.columns) <= set(key_cols) for f in fks):
        return False
    if _combinations(fks, tables) < rt.row_count:
        return False
    if any(f is g for f in fks for group in rt.distinct_fks for g in group):
        return False
    if any(p.fk is f for f in fks for p in rt.partial_flags):
        return False
    _distinct_group(problems, path, rt, ", ".join(key_cols), fks)
    return True


def _per_parent_hint(rt: RTable, key_cols: list[str]) -> str:
    per = rt.per_parent
    if per is None or not set(per.columns) <= set(key_cols):
        return ""
    return f" (and {rt.max_children:,} within one {per.ref_table} row is still too many)"


def _replaced(
    rt: RTable,
    key_cols: list[str],
    cols: list[RColumn],
    unique_instead: Callable[[RColumn], GeneratorChoice | None],
) -> bool:
    """Give the last key column whose generator was only inferred the one inferred for
    a unique column, if that makes the key unique."""
    for col in reversed(cols):
        if col.fk is not None or col.is_serial or col.distribution is not None:
            continue
        choice = unique_instead(col)
        if choice is None:
            continue
        previous = col.generator
        col.generator = choice
        if _unique_member(rt, key_cols, [col]):
            return True
        col.generator = previous
    return False


def _already_unique(rt: RTable, key_cols: list[str]) -> bool:
    """Whether part of the key is unique by construction already."""
    inside = set(key_cols)
    for c in key_cols:
        col = rt.columns[c]
        within = col.unique_within
        if col.is_serial:
            return True
        # a foreign key's values come from its parents: unique only through a group
        generated = col.fk is None and col.unique
        if generated and (within is None or set(within.columns) <= inside):
            return True
    return any(all(set(f.columns) <= inside for f in group) for group in rt.distinct_fks)


def _key_fks(cols: list[RColumn]) -> list[RForeignKey]:
    """The foreign keys the key's FK columns belong to, in the key's order."""
    fks: list[RForeignKey] = []
    for c in cols:
        if c.fk is not None and all(f is not c.fk for f in fks):
            fks.append(c.fk)
    return fks


def _combinations(fks: list[RForeignKey], tables: dict[str, RTable]) -> int:
    combos = 1
    for fk in fks:
        combos *= tables[fk.ref_table].row_count
    return combos


def _unique_member(rt: RTable, key_cols: list[str], candidates: list[RColumn]) -> bool:
    """Make one of ``candidates`` unique, which makes the key unique: in the table, or
    within each parent's rows when the table is laid out per parent and the key holds
    that FK. False when none has enough distinct values."""
    for chosen in candidates:
        if _fits_unique(chosen, rt.row_count):
            return True
    per = rt.per_parent
    if per is None or not set(per.columns) <= set(key_cols):
        return False
    for chosen in candidates:
        chosen.unique_within = per
        if _fits_unique(chosen, rt.max_children):
            return True
        chosen.unique_within = None
    return False


def _fits_unique(col: RColumn, rows: int) -> bool:
    """Make ``col`` unique if its generator has ``rows`` distinct values (else leave it).

    A generator that refuses to be made for a unique column (a pattern list whose
    patterns could repeat each other) does not fit: made unique anyway, validate would
    pass what generate then fails on."""
    gen = col.generator
    assert gen is not None
    col.unique = True
    try:
        instance = gen.cls(gen.params, column_info(col, rows))
    except Exception:  # its own message comes from the checks if it is made unique later
        col.unique = False
        return False
    size = _instance_domain_size(instance)
    col.unique = size is None or size >= rows
    return col.unique


def _distinct_group(
    problems: Problems, path: str, rt: RTable, named: str, fks: list[RForeignKey]
) -> None:
    """Draw the parent combinations of ``fks`` distinct; an FK serves one such group."""
    for group in rt.distinct_fks:
        shared = [f for f in fks if any(f is g for g in group)]
        if shared:
            cols = ", ".join(c for f in group for c in f.columns)
            problems.add(
                path,
                f"keys ({named}) and ({cols}) share the foreign key "
                f"{shared[0].name}; pgmock draws the parents of one foreign key distinct "
                "for one key only: give one of the keys a generated column",
            )
            return
    rt.distinct_fks.append(fks)
    _unequal_pairs(rt, fks)
    for fk in fks:
        if fk.distribution is not None and fk is not rt.per_parent:
            problems.warn(
                f"{path}.columns.{fk.columns[0]}.distribution",
                f"the key ({named}) draws distinct parent combinations, so this distribution "
                "over the parents has no effect",
            )


def _unequal_pairs(rt: RTable, fks: list[RForeignKey]) -> None:
    """Pairs of the group's FKs to one parent that a CHECK keeps unequal (``from_id <>
    to_id``): drawn without their equal combinations, so the CHECK holds."""
    for check in rt.row_checks:
        pair = unequal_pair(check.tree)
        if pair is None:
            continue
        a, b = (rt.columns[c].fk for c in pair)
        if a is None or b is None or a is b or len(a.columns) != 1 or len(b.columns) != 1:
            continue
        same_parent = (a.ref_table, a.ref_columns) == (b.ref_table, b.ref_columns)
        inside = any(a is f for f in fks) and any(b is f for f in fks)
        taken = any(x is a or x is b or y is a or y is b for x, y, _ in rt.unequal_fks)
        per = rt.per_parent
        if same_parent and inside and not taken and per is not a and per is not b:
            rt.unequal_fks.append((a, b, check))


def combinations(rt: RTable, fks: list[RForeignKey], tables: dict[str, RTable]) -> int:
    """How many distinct parent combinations ``fks`` of ``rt`` can take."""
    combos = _combinations(fks, tables)
    for a, b, _ in rt.unequal_fks:
        if any(a is f for f in fks) and any(b is f for f in fks):
            size = tables[a.ref_table].row_count
            combos = combos // max(size, 1) * max(size - 1, 0)
    return combos


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
            if parent.row_count > 0 or rt.row_count == 0:
                continue
            nullable = all(rt.columns[c].nullable for c in fk.columns)
            if not nullable:
                problems.add(
                    f"tables.{rt.key}.rowCount",
                    f"{rt.row_count:,} rows need parents in {fk.ref_table}, which has rowCount 0",
                )
                continue
            _no_parents(problems, rt, fk)
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


def _no_parents(problems: Problems, rt: RTable, fk: RForeignKey) -> None:
    """A nullable FK into an empty table is NULL in every row, and so is what comes
    through it (from, after): a NOT NULL column cannot."""
    cols = ", ".join(fk.columns)
    problems.warn(
        f"tables.{rt.key}.columns.{fk.columns[0]}.references",
        f"{fk.ref_table} has rowCount 0, so ({cols}) is NULL in every row",
    )
    for col in rt.columns.values():
        through = (col.after is not None and col.after.fk is fk) or (
            col.copy_from is not None and col.copy_from.fk is fk
        )
        if through and not col.nullable:
            key = "after" if col.after is not None else "from"
            problems.add(
                f"tables.{rt.key}.columns.{col.name}.{key}",
                f"{fk.ref_table} has rowCount 0: there is no parent row, so {col.name} would "
                "be NULL, but it is NOT NULL",
            )


def _fk_only_keys(problems: Problems, rt: RTable, tables: dict[str, RTable]) -> None:
    """Enough parent combinations for the FK groups drawn distinct (a per-parent group
    is bounded per parent instead, when the counts are drawn)."""
    for fks in rt.distinct_fks:
        if rt.per_parent is not None and any(f is rt.per_parent for f in fks):
            continue
        combos = combinations(rt, fks, tables)
        if combos < rt.row_count:
            cols = ", ".join(c for f in fks for c in f.columns)
            problems.add(
                f"tables.{rt.key}.rowCount",
                f"{rt.row_count:,} rows need distinct ({cols}), but the "
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
