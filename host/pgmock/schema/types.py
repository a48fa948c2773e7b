"""User types (``types``) and type spellings, parsed with their problems reported.

Types are declared in order, so a type may use the ones declared before it. A type's key
may be schema-qualified; public types are found by their bare name too.
"""

from __future__ import annotations

from pgmock.schema import model
from pgmock.schema.checks import check_identifier, check_schema_name
from pgmock.schema.limits import MAX_COMPOSITE_FIELDS, MAX_TYPE_NESTING
from pgmock.schema.problems import Problems, did_you_mean
from pgmock.sql import domains
from pgmock.sql.names import MAX_IDENTIFIER_BYTES, identifier_bytes
from pgmock_sdk import PgType, UserType
from pgmock_sdk.pgtypes import (
    GEOMETRIC_TYPES,
    TypeParseError,
    active_extension_types,
    known_type_names,
    parse_type,
)

__all__ = ["NO_ORDER", "parse_spelling", "resolve_user_types", "split_key"]

# Types without a default b-tree ordering: no range over them, no key on them.
NO_ORDER = frozenset({"json", "xml"} | GEOMETRIC_TYPES)


def split_key(key: str) -> tuple[str, str]:
    """``"sales.orders"`` → ``("sales", "orders")``; a bare name is in ``public``
    (``".orders"`` has an empty schema, which the callers refuse)."""
    schema, dot, name = key.rpartition(".")
    return (schema if dot else "public", name)


def parse_spelling(
    problems: Problems, path: str, spelling: str, user_types: dict[str, UserType]
) -> PgType | None:
    """The type ``spelling`` names, or None with the problem reported at ``path``."""
    try:
        return parse_type(spelling, user_types)
    except TypeParseError as exc:
        problems.add(path, str(exc))
    except KeyError as exc:
        known = [*known_type_names(), *active_extension_types(), *user_types]
        hint = did_you_mean(str(exc.args[0]), known)
        problems.add(path, f'unknown type "{spelling}"{hint} (declare custom types under "types")')
    return None


def resolve_user_types(problems: Problems, types: dict[str, model.TypeSpec]) -> dict[str, UserType]:
    """User types by lower-cased key (and ``schema.name``), in declaration order."""
    out: dict[str, UserType] = {}
    for key, spec in types.items():
        schema, name = split_key(key)
        path = f"types.{key}"
        if key.lower() in known_type_names():
            problems.add(path, f'"{key}" is a built-in type name')
            continue
        if "." in schema:
            problems.add(path, 'type keys are "name" or "schema.name"')
            continue
        check_schema_name(problems, path, schema)
        check_identifier(problems, path, "type", name)
        ut = _user_type(problems, path, schema, name, spec, out)
        if ut is None:
            continue
        out[key.lower()] = ut
        if schema != "public":
            out[f"{schema}.{name}".lower()] = ut
    return out


def _user_type(
    problems: Problems,
    path: str,
    schema: str,
    name: str,
    spec: model.TypeSpec,
    known: dict[str, UserType],
) -> UserType | None:
    if isinstance(spec, model.EnumTypeSpec):
        for i, label in enumerate(spec.enum):
            size = identifier_bytes(label)
            if size > MAX_IDENTIFIER_BYTES:
                problems.add(
                    f"{path}.enum.{i}",
                    f"enum label {label[:20]!r}… is {size} bytes; PostgreSQL enum labels are "
                    f"at most {MAX_IDENTIFIER_BYTES} bytes",
                )
        return UserType(schema=schema, name=name, kind="enum", labels=tuple(spec.enum))
    if isinstance(spec, model.CompositeTypeSpec):
        return _composite(problems, path, schema, name, spec, known)
    if isinstance(spec, model.DomainTypeSpec):
        return _domain(problems, path, schema, name, spec, known)
    sub = parse_spelling(problems, f"{path}.range", spec.range, known)
    if sub is None:
        return None
    if sub.is_array or sub.serial or sub.range_subtype is not None or sub.name in NO_ORDER:
        problems.add(f"{path}.range", f"{sub} cannot be a range subtype (it needs an order)")
        return None
    return UserType(schema=schema, name=name, kind="range", base=sub)


def _composite(
    problems: Problems,
    path: str,
    schema: str,
    name: str,
    spec: model.CompositeTypeSpec,
    known: dict[str, UserType],
) -> UserType | None:
    attrs = []
    for field_name, spelling in spec.composite.items():
        fpath = f"{path}.composite.{field_name}"
        check_identifier(problems, fpath, "field", field_name)
        ftype = parse_spelling(problems, fpath, spelling, known)
        if ftype is not None and ftype.serial:
            problems.add(fpath, "a field cannot be serial")
        elif ftype is not None:
            attrs.append((field_name, ftype))
    if len(attrs) != len(spec.composite):
        return None
    depth, leaves = _shape(attrs)
    if depth > MAX_TYPE_NESTING or leaves > MAX_COMPOSITE_FIELDS:
        problems.add(
            f"{path}.composite",
            f"a value of this type would hold {leaves:,} field{'s' if leaves != 1 else ''}, "
            f"nested {depth} deep; a "
            f"composite holds at most {MAX_COMPOSITE_FIELDS:,} (as a PostgreSQL row holds "
            f"columns), nested at most {MAX_TYPE_NESTING} deep",
        )
        return None
    return UserType(schema=schema, name=name, kind="composite", attributes=tuple(attrs))


def _shape(attrs: list[tuple[str, PgType]]) -> tuple[int, int]:
    """How deep composites nest in a value of these fields, and how many scalar fields it
    holds in all. Fields only use types declared earlier, which are within the limits, so
    the recursion is shallow; the types are small trees, walked once per use."""
    depth, leaves = 1, 0
    for _, pgtype in attrs:
        user = (pgtype.element if pgtype.is_array else pgtype).user
        if user is not None and user.kind == "composite":
            inner_depth, inner_leaves = _shape(list(user.attributes))
            depth, leaves = max(depth, 1 + inner_depth), leaves + inner_leaves
        else:
            leaves += 1
    return depth, leaves


def _domain(
    problems: Problems,
    path: str,
    schema: str,
    name: str,
    spec: model.DomainTypeSpec,
    known: dict[str, UserType],
) -> UserType | None:
    base = parse_spelling(problems, f"{path}.domain", spec.domain, known)
    if base is None:
        return None
    if base.user is not None or base.serial or base.is_array:
        problems.add(
            f"{path}.domain",
            "a domain's base must be a built-in scalar type (integer, varchar(20), …)",
        )
        return None
    domain = UserType(
        schema=schema, name=name, kind="domain", base=base, check=spec.check, not_null=spec.notNull
    )
    issue = domains.check_issue(domain)
    if issue is not None and issue[0]:
        problems.add(f"{path}.check", issue[1])
    elif issue is not None:
        problems.warn(f"{path}.check", issue[1])
    return domain
