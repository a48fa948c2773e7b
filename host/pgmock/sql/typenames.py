"""Names PostgreSQL gives the types it creates alongside user types and tables.

A range type brings a multirange type (PostgreSQL 14+) named by ``makeMultirangeTypeName``;
every table is also a composite type of its own name. A clash with a declared type makes
the restore fail, so the resolver reports it up front.
"""

from __future__ import annotations

from collections.abc import Iterable

from pgmock_sdk import UserType

NAMEDATALEN = 64


def _clip(name: str, nbytes: int) -> str:
    raw = name.encode("utf-8")
    return name if len(raw) <= nbytes else raw[:nbytes].decode("utf-8", errors="ignore")


def multirange_name(range_name: str) -> str:
    """The multirange type of a range: the first "range" in the name becomes
    "multirange", else "_multirange" is appended; at most 63 bytes."""
    at = range_name.find("range")
    if at >= 0:
        name = f"{range_name[:at]}multi{range_name[at:]}"
    else:
        name = f"{_clip(range_name, NAMEDATALEN - 12)}_multirange"
    return _clip(name, NAMEDATALEN - 1)


def type_name_clashes(
    user_types: Iterable[tuple[str, UserType]], tables: Iterable[tuple[str, str, str]]
) -> list[tuple[str, str]]:
    """(JSON path, message) for every type name PostgreSQL would refuse: a declared type
    named like a table, or a range whose multirange type takes a name already in use.
    ``user_types`` are (key in "types", type), ``tables`` (key, schema, name)."""
    types = list(user_types)
    taken: dict[tuple[str, str], str] = {}
    for key, schema, name in tables:
        taken.setdefault((schema, name), f'table "{key}"')
    problems: list[tuple[str, str]] = []
    for key, ut in types:
        other = taken.get((ut.schema, ut.name))
        if other is not None:
            problems.append(
                (
                    f"types.{key}",
                    f"{other} has the same name (a table is also a type); rename one",
                )
            )
        taken.setdefault((ut.schema, ut.name), f'type "{key}"')
    for key, ut in types:
        if ut.kind != "range":
            continue
        multi = multirange_name(ut.name)
        other = taken.get((ut.schema, multi))
        if other is not None:
            problems.append(
                (
                    f"types.{key}.range",
                    f'PostgreSQL names its multirange type "{multi}", which {other} '
                    "already uses; rename one",
                )
            )
        taken.setdefault((ut.schema, multi), f'the multirange type of "{key}"')
    return problems
