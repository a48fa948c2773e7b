"""Batches as JSON, for generators that speak JSON (JavaScript, external programs).

Both directions stay columnar: a column of the row context becomes one JSON array with
one ``tolist()``; what comes back is one list handed to the renderer as a whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from pgmock_sdk import ColumnInfo


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
