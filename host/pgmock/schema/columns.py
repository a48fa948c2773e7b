"""A column's declaration resolved: its type, NULLs, keys, identity and generated rules.

Where its values come from (a generator, a parent row, an earlier column) is decided
later, once every table is known (:mod:`~pgmock.schema.generators`,
:mod:`~pgmock.schema.relations`, :mod:`~pgmock.schema.derived`).
"""

from __future__ import annotations

from pgmock.schema import model
from pgmock.schema.problems import Problems
from pgmock.schema.resolved import RColumn
from pgmock.schema.types import NO_ORDER, parse_spelling
from pgmock.sql import domains
from pgmock_sdk import PgType, UserType
from pgmock_sdk.pgtypes import INTEGER_TYPES

__all__ = ["inert_value_keys", "resolve_column"]

# What identity and generated columns leave to PostgreSQL: keys that would fill them.
_FILLING_KEYS = (
    *("generator", "params", "distribution", "nullRatio", "maxDepth"),
    *("default", "expr", "from_", "cases", "after", "references"),
)


def resolve_column(
    problems: Problems,
    path: str,
    name: str,
    col: model.Column,
    user_types: dict[str, UserType],
    locale: str,
    *,
    is_key: bool,
    unique_key: bool,
) -> RColumn | None:
    """``is_key``: part of the primary key; ``unique_key``: a single-column key on its own
    (the primary key or a one-column unique), so its values are generated unique."""
    pgtype = parse_spelling(problems, f"{path}.type", col.type, user_types)
    if pgtype is None:
        return None
    nullable = _nullable(problems, path, col, pgtype, is_key)
    if pgtype.serial and col.generator:
        problems.add(
            f"{path}.generator",
            "serial columns are numbered 1..rowCount; use an integer type to choose a generator",
        )
    _identity_generated(problems, path, col, pgtype, is_key or unique_key)
    if pgtype.name in NO_ORDER and (is_key or col.unique or unique_key):
        problems.add(
            f"{path}.unique" if col.unique else f"{path}.type",
            f"{pgtype} has no b-tree equality, so PostgreSQL cannot build a "
            "primary key or unique constraint on it",
        )
    return RColumn(
        name=name,
        # a domain's CHECK may narrow what is generated (length(VALUE) <= 8)
        type=domains.generation_type(pgtype),
        nullable=nullable and not pgtype.serial and col.identity is None,
        null_ratio=col.nullRatio or 0.0,
        unique=col.unique or unique_key,
        primary_key=is_key,
        default=None if col.default is None else _sql_default(col.default),
        check=col.check,
        comment=col.comment,
        locale=(col.locale or locale).split(".")[0],
        unique_constraint=col.unique,
        # An identity on a wrong type is reported; do not number it.
        identity=col.identity if pgtype.name in INTEGER_TYPES and not pgtype.is_array else None,
        generated=col.generated,
    )


def _nullable(
    problems: Problems, path: str, col: model.Column, pgtype: PgType, is_key: bool
) -> bool:
    """Whether the column takes NULL (keys and NOT NULL domains do not)."""
    if col.nullable and is_key:
        problems.add(f"{path}.nullable", "a primary key column cannot be nullable")
    nullable = (not is_key) if col.nullable is None else col.nullable
    no_null = domains.null_forbidden(pgtype)
    if no_null is not None and (col.nullable or col.nullRatio):
        which = "nullRatio" if col.nullRatio else "nullable"
        problems.add(f"{path}.{which}", f"domain {no_null.qualified} does not allow NULL")
    elif col.nullRatio and pgtype.serial:
        problems.add(f"{path}.nullRatio", "a serial column is NOT NULL")
    elif col.nullRatio and not nullable:
        problems.add(f"{path}.nullRatio", "nullRatio needs a nullable column")
    return nullable and no_null is None


def _identity_generated(
    problems: Problems, path: str, col: model.Column, pgtype: PgType, in_key: bool
) -> None:
    """What identity and generated columns cannot be combined with (``in_key``: the column
    is, or is alone in, a primary key or unique constraint)."""
    if col.identity is not None:
        if pgtype.name not in INTEGER_TYPES or pgtype.is_array or pgtype.serial:
            problems.add(
                f"{path}.identity",
                f"identity columns are smallint, integer or bigint, not {col.type}",
            )
        if col.generated is not None:
            problems.add(f"{path}.generated", "a column is identity or generated, not both")
        if col.nullable:
            problems.add(f"{path}.nullable", "an identity column is NOT NULL")
    if col.generated is not None:
        if not col.generated.strip():
            problems.add(f"{path}.generated", "give the SQL expression to compute")
        if in_key or col.unique:
            problems.add(
                f"{path}.generated",
                "pgmock cannot make a computed column unique; drop the key or "
                "generate the column instead",
            )
    if col.identity is None and col.generated is None:
        return
    what = "identity" if col.identity is not None else "generated"
    for key in _FILLING_KEYS:
        value = getattr(col, key)
        # "generator": "", "params": {} and "nullRatio": 0 ask for nothing.
        if value is not None and (value or key not in ("generator", "params", "nullRatio")):
            spelled = key.rstrip("_")
            problems.add(
                f"{path}.{spelled}",
                f"{what} columns are filled by PostgreSQL's rules; remove {spelled!r}",
            )


def _sql_default(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# Where a column's values come from, and the keys that say how a generator fills it: a
# column whose values come from elsewhere has no use for them.
_GENERATOR_KEYS = ("params", "distribution", "cases")
_SOURCES = (("after", "after"), ("expr", "expr"), ("from_", "from"))


def inert_value_keys(problems: Problems, path: str, col: RColumn, spec: model.Column) -> None:
    """Keys that would have no effect on where this column's values come from: a serial
    or a foreign key is not filled by a generator, a computed column (``after``, ``expr``,
    ``from``) by one rule only, and ``maxDepth`` needs a reference. Identity and
    generated columns are checked with their own rules (``_identity_generated``)."""
    if col.identity is not None or not col.has_data:
        return
    given = [name for attr, name in _SOURCES if getattr(spec, attr) is not None]
    if col.fk is not None:
        what = "foreign key columns take their values from the referenced table"
        inert = [k for k in ("params", "cases", "after", "expr") if _set(spec, k)]
    elif col.type.serial:
        what = "serial columns are numbered 1..rowCount (their default is their sequence)"
        keys = (*_GENERATOR_KEYS, "after", "expr", "from_", "default")
        inert = [k for k in keys if _set(spec, k)]
    elif given:
        what = f'"{given[0]}" computes the values'
        inert = [k for k in _GENERATOR_KEYS if _set(spec, k)]
        inert += [a for a, name in _SOURCES if name in given[1:]]
    else:
        inert = []
        what = ""
    if spec.maxDepth is not None and col.fk is None:
        problems.add(f"{path}.maxDepth", "maxDepth needs a reference to the same table")
    for key in inert:
        spelled = key.rstrip("_")
        problems.add(f"{path}.{spelled}", f"{what}; {spelled!r} has no effect here, remove it")


def _set(spec: model.Column, key: str) -> bool:
    value = getattr(spec, key)
    return value is not None and value != {}
