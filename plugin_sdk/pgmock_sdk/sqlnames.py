"""Identifier quoting and SQL literals, exactly as pg_dump writes them."""

from __future__ import annotations

import re

# Every PostgreSQL 15 keyword that is not UNRESERVED (pg_get_keywords() catcode <> 'U'):
# pg_dump's fmtId() quotes exactly these, plus anything that is not a plain lower-case name.
_NEEDS_QUOTING_KEYWORDS = frozenset(
    """
    all analyse analyze and any array as asc asymmetric authorization between bigint
    binary bit boolean both case cast char character check coalesce collate collation
    column concurrently constraint create cross current_catalog current_date
    current_role current_schema current_time current_timestamp current_user dec decimal
    default deferrable desc distinct do else end except exists extract false fetch float
    for foreign freeze from full grant greatest group grouping having ilike in initially
    inner inout int integer intersect interval into is isnull join lateral leading least
    left like limit localtime localtimestamp national natural nchar none normalize not
    notnull null nullif numeric offset on only or order out outer overlaps overlay
    placing position precision primary real references returning right row select
    session_user setof similar smallint some substring symmetric table tablesample then
    time timestamp to trailing treat trim true union unique user using values varchar
    variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists
    xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable
    """.split()
)

_PLAIN = re.compile(r"[a-z_][a-z0-9_]*")


def quote_ident(name: str) -> str:
    """Quote an identifier when PostgreSQL needs it, like pg_dump's fmtId()."""
    # fullmatch: ``$`` in match() would also accept a name ending in a newline
    if _PLAIN.fullmatch(name) and name not in _NEEDS_QUOTING_KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def qualify(schema: str, name: str) -> str:
    """``schema.name`` with each part quoted as needed."""
    return f"{quote_ident(schema)}.{quote_ident(name)}"


def quote_literal(text: str) -> str:
    """A standard-conforming string literal ('it''s'); backslashes stay as they are."""
    return "'" + text.replace("'", "''") + "'"
