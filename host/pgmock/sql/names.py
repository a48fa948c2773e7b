"""PostgreSQL's rules for names: the 63-byte limit, reserved schemas, the characters
pgmock refuses, and the names the server chooses.

PostgreSQL keeps at most ``NAMEDATALEN - 1`` = 63 *bytes* of an identifier (UTF-8 here),
cut at a character boundary (``truncate_identifier``/``pg_mbcliplen``). Names it makes up
for implicit objects (``customer_pkey``, ``customer_email_key``, ``customer_id_seq``)
come from ``makeObjectName``, which trims the longer of the two names first, and
``ChooseRelationName``/``ChooseConstraintName``, which number the label on a clash.

PostgreSQL refuses zero-length names, creating schemas named ``pg_*`` and objects in its
own schemas (``pg_catalog``, ``pg_toast``; ``information_schema`` exists in every
database, so a dump cannot create it). It accepts any other character in a quoted name,
but pgmock refuses control characters, line separators and bidirectional overrides: a
dump prints names in ``-- Name:`` comment lines and messages print them on one line, and
a name that breaks or reorders a line is a mistake or an attack, never a real table.

The resolver checks declared identifiers and names foreign keys and indexes with these
rules; the table of contents names keys, checks and sequences with them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from pgmock.errors import breaks_a_line

__all__ = [
    "MAX_IDENTIFIER_BYTES",
    "NAMEDATALEN",
    "TakenNames",
    "bad_characters",
    "choose_constraint_name",
    "choose_relation_name",
    "clip",
    "identifier_bytes",
    "index_name_addition",
    "make_object_name",
    "name_problem",
    "reserved_schema",
    "truncate_identifier",
]

NAMEDATALEN = 64
MAX_IDENTIFIER_BYTES = NAMEDATALEN - 1


def identifier_bytes(name: str) -> int:
    """The length PostgreSQL measures an identifier in."""
    return len(name.encode("utf-8"))


def bad_characters(name: str) -> list[str]:
    """The characters pgmock refuses in a name (those that end or reorder a line: C0/C1
    controls, line and paragraph separators, bidi overrides), each once, in order."""
    if name.isprintable():  # fast path: every refused character is unprintable
        return []
    return list(dict.fromkeys(ch for ch in name if breaks_a_line(ch)))


def reserved_schema(schema: str) -> bool:
    """Whether PostgreSQL keeps ``schema`` for itself (``CREATE SCHEMA`` refuses ``pg_*``;
    ``pg_catalog`` and ``pg_toast`` refuse new objects; ``information_schema`` exists)."""
    return schema == "information_schema" or schema.startswith("pg_")


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an identifier in a dump (None: it can). The message follows
    "NAME ": ``is empty``, ``contains …``, ``is 70 bytes …``."""
    if not name:
        return "is empty; PostgreSQL has no zero-length names"
    bad = bad_characters(name)
    if bad:
        shown = ", ".join(f"U+{ord(ch):04X}" for ch in bad)
        return (
            f"contains {shown}; names cannot hold control characters, line separators or "
            "bidirectional overrides"
        )
    size = identifier_bytes(name)
    if size > MAX_IDENTIFIER_BYTES:
        return (
            f"is {size} bytes; PostgreSQL identifiers are at most {MAX_IDENTIFIER_BYTES} "
            "bytes (it would cut the name)"
        )
    return None


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
