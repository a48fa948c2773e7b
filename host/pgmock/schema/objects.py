"""Raw SQL objects (``objects``): views, functions, triggers … carried into the dump.

pgmock does not run or rewrite their SQL; it checks what it can without a server — the
object's name, the table a trigger (rule, policy) is on, that each name it depends on is
declared — so the dump can place each one after what it needs, as pg_dump does.
"""

from __future__ import annotations

from pgmock.schema import model
from pgmock.schema.problems import Problems, did_you_mean
from pgmock.schema.resolved import RObject, RTable
from pgmock.schema.types import split_key
from pgmock_sdk import UserType

__all__ = ["ON_TABLE", "object_key", "resolve_objects", "split_object_name"]

# Kinds that belong to a table: they need "table".
ON_TABLE = frozenset({"trigger", "rule", "policy", "row security", "index"})
_WITH_ARGS = frozenset({"function", "procedure", "aggregate"})


def split_object_name(name: str) -> tuple[str, str]:
    """``"public.f(integer)"`` → ``("public", "f(integer)")``; a bare name is in public."""
    head, paren, args = name.partition("(")
    schema, bare = split_key(head.strip())
    return schema, bare + paren + args


def object_key(obj: RObject) -> str:
    """How other objects name it in dependsOn: ``schema.name`` without the arguments,
    as tables are named (``public.`` may be left out)."""
    return f"{obj.schema}.{obj.name.partition('(')[0]}"


def resolve_objects(
    problems: Problems,
    specs: list[model.SqlObject],
    tables: dict[str, RTable],
    user_types: dict[str, UserType],
    extensions: list[str],
) -> list[RObject]:
    out: list[RObject] = []
    known: set[str] = set()
    for key, rt in tables.items():
        known |= {key, f"{rt.schema}.{rt.name}"}
        known |= {p.name for p in rt.partitions} | {p.qualified for p in rt.partitions}
        known |= {f"{p.schema}.{p.name}" for p in rt.partitions}
    known |= set(user_types) | {f"{u.schema}.{u.name}" for u in user_types.values()}
    known |= set(extensions)
    for i, spec in enumerate(specs):
        path = f"objects.{i}"
        schema, name = split_object_name(spec.name)
        if not name or name.startswith("("):
            problems.add(f"{path}.name", 'write "name" or "schema.name"')
            continue
        if spec.kind in _WITH_ARGS and "(" not in name:
            problems.add(
                f"{path}.name",
                f'a {spec.kind} is named with its argument types: "{name}(integer, text)"',
            )
            continue
        if not spec.sql.strip():
            problems.add(f"{path}.sql", "give the SQL that creates the object")
            continue
        table = None
        if spec.kind in ON_TABLE:
            table = _on_table(problems, path, spec, tables, known)
            if table is None:
                continue
        elif spec.table is not None:
            problems.add(f"{path}.table", f"a {spec.kind} is not on a table; remove table")
        deps = []
        for j, dep in enumerate(spec.dependsOn):
            if dep not in known and f"public.{dep}" not in known:
                hint = did_you_mean(dep, sorted(known))
                problems.add(
                    f"{path}.dependsOn.{j}",
                    f'"{dep}" is not a table, type, extension or earlier object{hint}',
                )
                continue
            deps.append(dep)
        obj = RObject(
            kind=spec.kind,
            schema=schema,
            name=name,
            sql=spec.sql.strip() + ("\n" if spec.sql.strip().endswith(";") else ";\n"),
            table=table,
            depends_on=deps,
            search_path=spec.searchPath,
            populated=spec.populated,
            comment=spec.comment,
        )
        out.append(obj)
        if spec.kind not in ON_TABLE and spec.kind != "acl":
            key = object_key(obj)
            known |= {key, key.removeprefix("public.")}
    return out


def _on_table(
    problems: Problems,
    path: str,
    spec: model.SqlObject,
    tables: dict[str, RTable],
    known: set[str],
) -> str | None:
    if spec.table is None:
        problems.add(f"{path}.table", f"a {spec.kind} needs the table it is on")
        return None
    key = spec.table
    if key not in tables and key.removeprefix("public.") in tables:
        key = key.removeprefix("public.")
    if key in tables:
        return key
    if spec.table in known or f"public.{spec.table}" in known:
        return spec.table  # a view or materialized view declared earlier
    hint = did_you_mean(spec.table, sorted(known))
    problems.add(f"{path}.table", f'unknown table "{spec.table}"{hint}')
    return None
