"""Rendering chunks as COPY text and as SQL literals, column at a time.

The hot path joins whole columns: escaping runs once per column on the joined text (one
``str.translate`` call, only when a special character is present), and rows are built with
``map``/``zip`` so no Python bytecode runs per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from pgmock_sdk.lazy import np
from pgmock_sdk.textmatrix import TextMatrix
from pgmock_sdk.toc import Chunk, DataColumn, SqlKind

_COPY_ESCAPES = str.maketrans(
    {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
)
_SPECIALS = ("\\", "\n", "\r", "\t", "\b", "\f", "\v")
_SEP = "\x00"  # cannot occur in a value: PostgreSQL text holds no NUL


class NulInValueError(ValueError):
    """A value contained NUL, which no PostgreSQL text value can hold.

    ``index`` is the value's position in its column (-1 if unknown). The host reports NUL
    with the table, column and row before text gets here; this is the last line of defence
    for chunks from elsewhere, so the message names what this module knows.
    """

    def __init__(self, message: str, index: int = -1) -> None:
        super().__init__(message)
        self.index = index


def _nul_error(vals: Sequence[str]) -> NulInValueError:
    index = next(i for i, v in enumerate(vals) if _SEP in v)
    return NulInValueError(f"value {vals[index][:40]!r} contains a NUL character", index)


def _nul_at(exc: NulInValueError, chunk: Chunk, column: str) -> NulInValueError:
    row = f"row {chunk.offset + exc.index + 1}" if exc.index >= 0 else "a row"
    return NulInValueError(f"{column}, {row}: {exc}", exc.index)


# What COPY escapes, and NUL, which no value may hold.
_SPECIALS_OR_NUL = (*_SPECIALS, _SEP)


def copy_escape_column(values: Sequence[str | None]) -> list[str]:
    """COPY-escape one column; None becomes ``\\N``. A column with nothing to escape may
    come back as the very list it was."""
    if isinstance(values, TextMatrix):
        if values.plain:
            return values.tolist()
        values = values.tolist()
    try:  # the common case: no NULL (join refuses None), nothing to escape
        plain = "".join(values)  # type: ignore[arg-type]
    except TypeError:
        pass
    else:
        # One memchr-speed scan per character beats a regex character class, and a join
        # beats asking ``None in values`` (a rich comparison per value).
        if not any(c in plain for c in _SPECIALS_OR_NUL):
            return cast("list[str]", values if isinstance(values, list) else list(values))
    nulls: np.ndarray | None = None
    vals: list[str]
    if None in values:
        arr = np.array(values, dtype=object)
        nulls = arr == None  # noqa: E711 - elementwise comparison, evaluated in C
        arr[nulls] = r"\N"
        vals = arr.tolist()
    else:
        vals = list(values)  # type: ignore[arg-type]
    joined = _SEP.join(vals)
    if vals and joined.count(_SEP) != len(vals) - 1:
        raise _nul_error(vals)
    # One memchr-speed scan per special character beats a regex character class.
    if not any(c in joined for c in _SPECIALS):
        return vals
    escaped = joined.translate(_COPY_ESCAPES).split(_SEP)
    if nulls is not None:
        # The translate step turned the NULL markers into \\N; put them back.
        out = np.array(escaped, dtype=object)
        out[nulls] = r"\N"
        return list(out.tolist())
    return escaped


def copy_text(chunk: Chunk) -> str:
    """The chunk's rows in text COPY format, each ending in a newline."""
    if chunk.n == 0:
        return ""
    return _assemble(chunk, [_escaped(chunk, j) for j in range(len(chunk.columns))])


def copy_bytes(chunk: Chunk) -> bytes:
    """:func:`copy_text` as UTF-8, made without a ``str`` per value where it can be.

    Adjacent :class:`TextMatrix` columns with nothing to escape form a run: their
    matrices are laid side by side in one byte matrix with the tabs between them, and
    deleting the padding NULs (one ``bytes.translate``) leaves the run's text of every
    row at once. A chunk of matrices only is its bytes then; otherwise each run becomes
    one string a row, joined with the other columns as :func:`copy_text` joins values.
    """
    n = chunk.n
    if n == 0:
        return b""
    cols: list[list[str]] = []
    run: list[TextMatrix] = []
    for j, column in enumerate(chunk.columns):
        if isinstance(column, TextMatrix) and column.plain:
            run.append(column)
            continue
        if run:
            cols.append(_run_strings(run, n))
            run = []
        cols.append(_escaped(chunk, j))
    if run:
        if not cols:
            return _run_bytes(run, n)
        cols.append(_run_strings(run, n))
    return _assemble(chunk, cols).encode("utf-8")


def _escaped(chunk: Chunk, j: int) -> list[str]:
    try:
        return copy_escape_column(chunk.columns[j])
    except NulInValueError as exc:
        raise _nul_at(exc, chunk, f"column {j + 1}") from None


def _run_bytes(run: list[TextMatrix], n: int) -> bytes:
    """The run's columns side by side, a tab between them and a newline after each row,
    with the padding deleted: COPY rows, or the run's part of them."""
    width = sum(m.data.shape[1] for m in run) + len(run)
    buf = np.empty((n, width), np.uint8)
    at = 0
    for m in run:
        w = m.data.shape[1]
        buf[:, at : at + w] = m.data
        buf[:, at + w] = 9
        at += w + 1
    buf[:, -1] = 10
    return buf.tobytes().translate(None, b"\x00")


def _run_strings(run: list[TextMatrix], n: int) -> list[str]:
    """The run's part of each row, one string a row."""
    out = _run_bytes(run, n).decode("utf-8").split("\n")
    out.pop()
    return out


def _assemble(chunk: Chunk, cols: list[list[str]]) -> str:
    if not cols:  # every column is generated: each row is an empty line
        return "\n" * chunk.n
    if len(cols) == 1:
        return "\n".join(cols[0]) + "\n"
    # One join over the values interleaved with their separators, laid out by slice
    # assignments (C loops): about 30 % faster than a "\t".join per row and a "\n".join
    # of the rows, which builds every row as a string of its own first. (Checking for
    # tabs and newlines in the assembled text instead of per column would save the
    # columns' joins, but str.count is several times slower than a join.)
    k = len(cols)
    flat = ["\t"] * (2 * k * chunk.n)
    for j, col in enumerate(cols):
        flat[2 * j :: 2 * k] = col
    flat[2 * k - 1 :: 2 * k] = ["\n"] * chunk.n
    return "".join(flat)


_LITERALS = {
    SqlKind.BOOLEAN: {"t": "true", "f": "false", "NULL": "NULL"},
}
# Quoted as pg_dump quotes them; and float -0, which pg_dump leaves bare so that the
# server reads the integer expression -0 and stores +0: quoted, the sign survives.
_SPECIAL_FLOATS = {
    "NaN": "'NaN'",
    "Infinity": "'Infinity'",
    "-Infinity": "'-Infinity'",
    "-0": "'-0'",
}


def _sql_literal_column(values: Sequence[str | None], kind: SqlKind) -> list[str]:
    """One column as SQL literals (pg_dump --inserts rules), without a per-value loop."""
    nulls: np.ndarray | None = None
    vals: list[str]
    if None in values:
        arr = np.array(values, dtype=object)
        nulls = arr == None  # noqa: E711 - elementwise comparison, evaluated in C
        arr[nulls] = "NULL"
        vals = arr.tolist()
    else:
        vals = list(values)  # type: ignore[arg-type]
    if not vals:
        return []
    joined = _SEP.join(vals)
    if joined.count(_SEP) != len(vals) - 1:
        raise _nul_error(vals)
    if kind is SqlKind.BOOLEAN:
        return list(map(_LITERALS[SqlKind.BOOLEAN].__getitem__, vals))
    if kind is SqlKind.NUMBER:
        if "N" in joined or "I" in joined or "-0" in joined:  # NaN, Infinity, -0: quoted
            return [_SPECIAL_FLOATS.get(v, v) for v in vals]
        return vals
    quoted = ("'" + joined.replace("'", "''").replace(_SEP, "'" + _SEP + "'") + "'").split(_SEP)
    if nulls is not None:
        out = np.array(quoted, dtype=object)
        out[nulls] = "NULL"
        return list(out.tolist())
    return quoted


def sql_rows(
    chunk: Chunk, columns: Sequence[DataColumn], defaults: Sequence[int] = ()
) -> list[str]:
    """Each row as ``(v1, v2, …)`` SQL text, literals quoted as pg_dump --inserts does.

    *defaults*: positions in the row (counting them, ascending) that hold ``DEFAULT``
    instead of a value: pg_dump's plain --inserts writes that for generated columns.
    """
    if chunk.n == 0:
        return []
    cols = []
    for values, col in zip(chunk.columns, columns):
        try:
            cols.append(_sql_literal_column(values, col.sql_kind))
        except NulInValueError as exc:
            raise _nul_at(exc, chunk, f"column {col.name}") from None
    for pos in defaults:
        cols.insert(pos, ["DEFAULT"] * chunk.n)
    rows = _SEP.join(map(", ".join, zip(*cols)))
    return ("(" + rows.replace(_SEP, ")" + _SEP + "(") + ")").split(_SEP)
