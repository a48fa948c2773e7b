"""Composite values that a generator returned as objects (a dict or a sequence per row),
laid out as PostgreSQL prints rows (:func:`pgmock_sdk.records.record_literals`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pgmock.render.errors import RenderError
from pgmock_sdk import PgType
from pgmock_sdk.records import record_literals

__all__ = ["render_composites"]

Rendered = list[str | None]


def render_composites(
    values: list[Any], pgtype: PgType, where: str, render: Callable[[Any, PgType, str], Rendered]
) -> Rendered:
    """Composite values that a generator returned as objects: a dict by field name or a
    sequence in field order (strings pass through as record text, None is NULL). The
    path for JSON-speaking generators; one Python step per row to take fields apart.
    ``render`` renders one field's values (the caller's value renderer, which a field of
    another composite type leads back here)."""
    user = pgtype.user
    assert user is not None and user.kind == "composite"
    names = [name for name, _ in user.attributes]
    index = {name: i for i, name in enumerate(names)}
    rows = [i for i, v in enumerate(values) if v is not None and not isinstance(v, str)]
    columns: list[list[Any]] = [[None] * len(rows) for _ in names]
    for j, i in enumerate(rows):
        v = values[i]
        if isinstance(v, dict):
            unknown = sorted(set(v) - set(index))
            if unknown:
                raise RenderError(
                    f"{where}: {pgtype} has no field(s) {', '.join(map(repr, unknown))} "
                    f"(fields: {', '.join(names)})"
                )
            for key, field_value in v.items():
                columns[index[key]][j] = field_value
        elif isinstance(v, (list, tuple)):
            if len(v) != len(names):
                raise RenderError(
                    f"{where}: {pgtype} has {len(names)} fields, got a value with {len(v)}"
                )
            for k, field_value in enumerate(v):
                columns[k][j] = field_value
        else:
            raise RenderError(f"{where}: cannot render {v!r} as {pgtype}")
    rendered = [
        render(col, ftype, f"{where}.{name}")
        for col, (name, ftype) in zip(columns, user.attributes)
    ]
    try:
        texts = record_literals(rendered, len(rows), where, names)
    except ValueError as exc:  # a NUL in a field
        raise RenderError(str(exc)) from None
    out: Rendered = list(values)
    for j, i in enumerate(rows):
        out[i] = texts[j]
    return out
