"""Rendering chunks as COPY text and as SQL literals, column at a time.

The hot path joins whole columns: escaping runs once per column on the joined text (one
``str.translate`` call, only when a special character is present), and rows are built with
``map``/``zip`` so no Python bytecode runs per row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pgmock_sdk.toc import Chunk, DataColumn, SqlKind

_COPY_ESCAPES = str.maketrans(
    {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
)
_NEEDS_ESCAPE = re.compile(r"[\\\n\r\t\b\f\v]")
_SEP = "\x00"  # cannot occur in a value: PostgreSQL text holds no NUL


class NulInValueError(ValueError):
    """A value contained NUL, which no PostgreSQL text value can hold."""


def copy_escape_column(values: Sequence[str | None]) -> list[str]:
    """COPY-escape one column; None becomes ``\\N``."""
    has_null = None in values
    vals = [r"\N" if v is None else v for v in values] if has_null else list(values)  # type: ignore[misc]
    joined = _SEP.join(vals)
    if joined.count(_SEP) != len(vals) - 1 and vals:
        raise NulInValueError("value contains a NUL character")
    if not _NEEDS_ESCAPE.search(joined):
        return vals
    escaped = joined.translate(_COPY_ESCAPES).split(_SEP)
    if has_null:
        # Restore the NULL markers the translate step turned into \\N.
        for i, v in enumerate(values):
            if v is None:
                escaped[i] = r"\N"
    return escaped


def copy_text(chunk: Chunk) -> str:
    """The chunk's rows in text COPY format, each ending in a newline."""
    if chunk.n == 0:
        return ""
    cols = [copy_escape_column(c) for c in chunk.columns]
    if len(cols) == 1:
        return "\n".join(cols[0]) + "\n"
    return "\n".join(map("\t".join, zip(*cols))) + "\n"


def _sql_literal_column(values: Sequence[str | None], kind: SqlKind) -> list[str]:
    out: list[str]
    if kind is SqlKind.NUMBER:
        out = ["NULL" if v is None else v if v not in _SPECIAL_FLOATS else f"'{v}'" for v in values]
    elif kind is SqlKind.BOOLEAN:
        out = ["NULL" if v is None else ("true" if v == "t" else "false") for v in values]
    else:
        out = ["NULL" if v is None else "'" + v.replace("'", "''") + "'" for v in values]
    if any("\x00" in v for v in out):
        raise NulInValueError("value contains a NUL character")
    return out


_SPECIAL_FLOATS = frozenset({"NaN", "Infinity", "-Infinity"})


def sql_rows(chunk: Chunk, columns: Sequence[DataColumn]) -> list[str]:
    """Each row as ``(v1, v2, …)`` SQL text, literals quoted as pg_dump --inserts does."""
    if chunk.n == 0:
        return []
    cols = [_sql_literal_column(c, col.sql_kind) for c, col in zip(chunk.columns, columns)]
    return ["(" + ", ".join(row) + ")" for row in zip(*cols)]
