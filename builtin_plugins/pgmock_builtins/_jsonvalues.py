"""Batches as JSON, for generators that speak JSON (JavaScript, external programs).

Both directions stay columnar: a column of the row context becomes one JSON array with
one ``tolist()``; what comes back is one list handed to the renderer as a whole.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from functools import partial
from operator import is_not
from typing import Any

import numpy as np

from pgmock_sdk import ColumnInfo, PgType
from pgmock_sdk.pgtypes import (
    FLOAT_TYPES,
    INT_RANGES,
    INTEGER_TYPES,
    NUMERIC_TYPES,
    TEXT_TYPES,
    display_name,
)


def json_column(values: Any) -> list[Any]:
    """A generator's raw batch as JSON-able values.

    numpy numbers become numbers, ``datetime64`` ISO 8601 text (``2024-01-02T03:04:05``),
    ``timedelta64`` microseconds, non-finite floats and NaT ``null``.
    """
    if isinstance(values, np.ndarray):
        kind = values.dtype.kind
        if kind == "M":
            text = np.datetime_as_string(values).astype(object)
            text[np.isnat(values)] = None
            return list(text.tolist())
        if kind == "m":
            micros = values.astype("m8[us]").astype(np.int64).astype(object)
            micros[np.isnat(values)] = None
            return list(micros.tolist())
        if kind == "f":
            bad = ~np.isfinite(values)
            if bad.any():
                obj = values.astype(object)
                obj[bad] = None
                return list(obj.tolist())
        return list(values.tolist())
    return list(values)


def rows_json(rows: Mapping[str, Any], names: Iterable[str]) -> str:
    """The named columns of the row context as one JSON object (missing names skipped)."""
    picked = {name: json_column(rows[name]) for name in names if name in rows}
    # default=str: Decimal, UUID and friends travel as their text form.
    return json.dumps(picked, default=str, ensure_ascii=False)


def column_json(column: ColumnInfo) -> dict[str, Any]:
    """What a JSON-speaking generator learns about its column."""
    return {
        "schema": column.schema,
        "table": column.table,
        "name": column.name,
        "type": column.type.display(),
        "type_key": column.type.key,
        "nullable": column.nullable,
        "unique": column.unique,
        "row_count": column.row_count,
        "locale": column.locale,
    }


def mentioned(names: Iterable[str], source: str) -> list[str]:
    """The names that occur in ``source`` as a whole word (``rows.first_name``)."""
    return [
        name
        for name in names
        if re.search(r"(?<![\w$])" + re.escape(name) + r"(?![\w$])", source) is not None
    ]


def first_duplicate(values: list[Any]) -> Any | None:
    """A value that occurs twice in the batch (None if all differ or they are unhashable).

    Generators whose uniqueness is their author's code (JavaScript, programs) get this
    cheap check per batch; across batches the author derives values from the row offset.
    """
    try:
        if len(set(values)) == len(values):
            return None
    except TypeError:
        return None
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def clip(text: str, limit: int = 300) -> str:
    """A message from custom code, cut to ``limit`` characters (the host escapes it)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short(value: Any, limit: int = 60) -> str:
    """A value as short JSON text for a message (the host escapes control characters)."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- type checks
# What JavaScript and programs return is checked against the column type before it is
# rendered, so a wrong value is an error naming its row — not a dump that fails to restore
# (or, worse, restores: an object written into a text column). Strings are PostgreSQL's
# text form; those of the types below are checked as PostgreSQL's input functions would
# (PostgreSQL 12 to 18 accept these forms), others are left to PostgreSQL.

_INT_TEXT = re.compile(r"\s*[+-]?\d+\s*")
_FLOAT_TEXT = re.compile(
    r"\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|nan|inf|infinity)\s*", re.IGNORECASE
)
_BOOL_WORDS = ("true", "false", "yes", "no", "on", "off", "1", "0")
_NONE = type(None)
_NUMBER_TYPES = NUMERIC_TYPES | TEXT_TYPES | {"char", "oid", "json", "jsonb"}
_BOOL_TYPES = TEXT_TYPES | {"bool", "char", "json", "jsonb"}


def _bool_text(text: str) -> bool:
    word = text.strip().lower()
    if word in ("o", ""):  # "o" is ambiguous (on/off)
        return False
    return any(w.startswith(word) for w in _BOOL_WORDS if len(word) <= len(w))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {short(value)}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return f"the string {short(value, 40)}"
    return f"the number {short(value)}"


def _value_problem(value: Any, pgtype: PgType, depth: int = 0) -> str | None:
    """Why ``value`` cannot be a value (or, at ``depth`` > 0, an array element) of
    ``pgtype``, else None."""
    if value is None:
        return None
    dims = pgtype.array_dims
    if dims > depth:
        if isinstance(value, str) and depth == 0:
            return None  # array text, '{1,2}'
        if isinstance(value, list):
            for item in value:
                problem = _value_problem(item, pgtype, depth + 1)
                if problem is not None:
                    return problem
            return None
        what = "an array (or array text)" if depth == 0 else "a nested array"
        return f"{_describe(value)}, where {pgtype.display()} needs {what}"
    if isinstance(value, list) and depth:
        return f"an array nested deeper than the {dims} dimension(s) of {pgtype.display()}"
    shown = pgtype.display()
    holder = f"an element of {shown}" if depth else f"a column of type {shown}"
    name = pgtype.name
    user = pgtype.user
    if name in ("json", "jsonb"):
        if isinstance(value, str):
            try:
                json.loads(value)
            except ValueError:
                return f"{_describe(value)}, which is not JSON text (return the object itself)"
        return None
    if user is not None and user.kind == "composite":
        return None if isinstance(value, (dict, list, str)) else _wrong(value, holder)
    if isinstance(value, (dict, list)):
        return _wrong(value, holder)
    if user is not None and user.kind == "enum":
        if isinstance(value, str) and value in user.labels:
            return None
        return f"{_describe(value)}, which is not a label of enum {user.qualified}"
    if isinstance(value, bool):
        return None if name in _BOOL_TYPES else _wrong(value, holder)
    if isinstance(value, (int, float)):
        if name in INTEGER_TYPES:  # numbers are rounded, as for every generator
            return _integer_problem(value, name, round(value) if math.isfinite(value) else None)
        if name == "bool":
            return None if value in (0, 1) else _wrong(value, holder)
        return None if name in _NUMBER_TYPES else _wrong(value, holder)
    if not isinstance(value, str):
        return _wrong(value, holder)
    if name in INTEGER_TYPES:
        number = int(value) if _INT_TEXT.fullmatch(value) else None
        return _integer_problem(value, name, number)
    elif name in FLOAT_TYPES or name == "numeric":
        if _FLOAT_TEXT.fullmatch(value) is None:
            return f"{_describe(value)}, which is not a number"
    elif name == "bool" and not _bool_text(value):
        return f"{_describe(value)}, which is not a boolean (true/false, t/f, yes/no, on/off)"
    return None


def _integer_problem(value: Any, name: str, number: Any) -> str | None:
    if not isinstance(number, int):
        return f"{_describe(value)}, which is not an integer"
    lo, hi = INT_RANGES[name]
    if not lo <= number <= hi:
        return f"{_describe(value)}, which is out of range for type {display_name(name)}"
    return None


def _wrong(value: Any, holder: str) -> str:
    return f"{_describe(value)}, which {holder} cannot hold"


def _needs_no_check(types: set[type], pgtype: PgType) -> bool:
    """Whole batches whose value types alone show they fit (the common case, no loop)."""
    if pgtype.is_array or pgtype.user is not None:
        return False
    name = pgtype.name
    if types <= {str, _NONE}:
        return name not in INTEGER_TYPES | FLOAT_TYPES | {"numeric", "bool", "json", "jsonb"}
    if name in ("json", "jsonb"):
        return str not in types
    if types <= {int, float, _NONE}:
        return name in _NUMBER_TYPES and name not in INTEGER_TYPES
    return False


# A surrogate escaped in JSON text (\\ud800) or encoded as bytes (CESU-8): the only way a
# value can hold a lone one, which no UTF-8 dump can carry.
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")


def _lone_surrogate(values: list[Any], raw: bytes, offset: int) -> str | None:
    # Two memchr-speed scans rule out the common case before the regex runs.
    if (b"\\u" not in raw and b"\xed" not in raw) or _SURROGATE.search(raw) is None:
        return None
    try:  # one pass for the batch; valid pairs (an escaped emoji) encode fine
        json.dumps(values, ensure_ascii=False).encode("utf-8")
        return None
    except UnicodeEncodeError:
        pass
    for i, value in enumerate(values):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return (
                f"for row {offset + i} a string holding a lone surrogate (half of a UTF-16 "
                "pair), which is not text a dump can hold"
            )
    return None


def check_values(
    values: list[Any], column: ColumnInfo, offset: int, raw: bytes = b""
) -> str | None:
    """The first value of a batch the column's type cannot hold, described with its table
    row number (``offset`` is the batch's first), or None when all fit. ``raw`` is the JSON
    text the values were parsed from."""
    broken = _lone_surrogate(values, raw, offset)
    if broken is not None:
        return broken
    pgtype = column.type
    types = set(map(type, values))
    if _needs_no_check(types, pgtype):
        return None
    name = pgtype.name
    if types <= {int, _NONE} and not pgtype.is_array and name in INTEGER_TYPES:
        numbers = values if _NONE not in types else list(filter(partial(is_not, None), values))
        lo, hi = INT_RANGES[name]
        if not numbers or (lo <= min(numbers) and max(numbers) <= hi):
            return None
    for i, value in enumerate(values):
        problem = _value_problem(value, pgtype)
        if problem is not None:
            return f"for row {offset + i} {problem}"
    return None
