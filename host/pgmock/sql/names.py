"""PostgreSQL's rules for names: the 63-byte limit and the names the server chooses.

PostgreSQL keeps at most ``NAMEDATALEN - 1`` = 63 *bytes* of an identifier (UTF-8 here),
cut at a character boundary (``truncate_identifier``/``pg_mbcliplen``). Names it makes up
for implicit objects (``customer_pkey``, ``customer_email_key``, ``customer_id_seq``)
come from ``makeObjectName``, which trims the longer of the two names first, and
``ChooseRelationName``/``ChooseConstraintName``, which number the label on a clash.

The resolver checks declared identifiers and names foreign keys and indexes with these
rules; the table of contents names keys, checks and sequences with them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "MAX_IDENTIFIER_BYTES",
    "NAMEDATALEN",
    "TakenNames",
    "choose_constraint_name",
    "choose_relation_name",
    "clip",
    "identifier_bytes",
    "index_name_addition",
    "make_object_name",
    "truncate_identifier",
]

NAMEDATALEN = 64
MAX_IDENTIFIER_BYTES = NAMEDATALEN - 1


def identifier_bytes(name: str) -> int:
    """The length PostgreSQL measures an identifier in."""
    return len(name.encode("utf-8"))


def clip(name: str, nbytes: int) -> str:
    """The longest prefix of ``name`` that fits in ``nbytes`` UTF-8 bytes, whole
    characters only (pg_mbcliplen)."""
    raw = name.encode("utf-8")
    if len(raw) <= nbytes:
        return name
    return raw[:nbytes].decode("utf-8", errors="ignore")


def truncate_identifier(name: str) -> str:
    """``name`` as the server stores it: cut to 63 bytes (truncate_identifier)."""
    return clip(name, MAX_IDENTIFIER_BYTES)


def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """``name1_name2_label`` cut to 63 bytes, trimming the longer name first (makeObjectName)."""
    n1 = identifier_bytes(name1)
    n2 = identifier_bytes(name2) if name2 is not None else 0
    overhead = (1 if name2 is not None else 0) + (len(label) + 1 if label else 0)
    avail = MAX_IDENTIFIER_BYTES - overhead
    while n1 + n2 > avail:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    parts = [clip(name1, n1)]
    if name2 is not None:
        parts.append(clip(name2, n2))
    if label:
        parts.append(label)
    return "_".join(parts)


def index_name_addition(columns: Iterable[str]) -> str:
    """Column names joined by ``_``, stopping at 64 bytes (ChooseIndexNameAddition)."""
    buf = ""
    for name in columns:
        if buf:
            buf += "_"
        buf += clip(name, MAX_IDENTIFIER_BYTES)
        if identifier_bytes(buf) >= NAMEDATALEN:
            break
    return buf


@dataclass
class TakenNames:
    """Names taken in one schema: relations (tables, sequences, indexes) and constraints."""

    relations: set[str] = field(default_factory=set)
    constraints: set[str] = field(default_factory=set)


def choose_relation_name(
    name1: str, name2: str | None, label: str, taken: TakenNames, is_constraint: bool
) -> str:
    """A free relation name, adding 1, 2 … to the label on a clash (ChooseRelationName)."""
    for n in itertools.count():
        name = make_object_name(name1, name2, f"{label}{n}" if n else label)
        if name not in taken.relations and not (is_constraint and name in taken.constraints):
            return name
    raise AssertionError("unreachable")


def choose_constraint_name(name1: str, name2: str | None, label: str, taken: TakenNames) -> str:
    """A constraint name free in the schema (ChooseConstraintName)."""
    for n in itertools.count():
        name = make_object_name(name1, name2, f"{label}{n}" if n else label)
        if name not in taken.constraints:
            return name
    raise AssertionError("unreachable")
