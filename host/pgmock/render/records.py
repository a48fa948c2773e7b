"""Composite values as PostgreSQL prints them (``record_out``): ``(a,"b c",,"")``.

Each field is the text of its own type; an empty field is NULL; a field is double-quoted
when it is empty or holds ``"`` ``\\`` ``(`` ``)`` ``,`` or ASCII whitespace, and inside
quotes ``"`` and ``\\`` are doubled. Fields are handled a column at a time: one join,
one code-point scan and one replace per field, never a Python call per value except the
final ``",".join`` of each row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from pgmock.render.errors import RenderError
from pgmock_sdk import PgType

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["record_literals", "render_composites"]

Rendered = list[str | None]

_QUOTE_CHARS = '"\\(),' + " \t\n\r\v\f"
_QUOTE_LUT = np.zeros(128, bool)
_QUOTE_LUT[[ord(c) for c in _QUOTE_CHARS]] = True
_QUOTE_ANY = re.compile("[" + re.escape(_QUOTE_CHARS) + "]")


def _quote_flags(joined: str, m: int) -> np.ndarray:
    """Which of the ``m`` NUL-joined texts record_out quotes: empty or holding a special."""
    cp = np.frombuffer(joined.encode("utf-32-le"), np.uint32)
    sep = cp == 0
    elem = np.cumsum(sep)
    flags = np.zeros(m, bool)
    special = (cp < 128) & _QUOTE_LUT[np.minimum(cp, 127)]
    flags[elem[special]] = True
    bounds = np.concatenate(([-1], np.flatnonzero(sep), [len(cp)]))
    flags |= np.diff(bounds) == 1  # empty strings
    return flags


def _field_texts(values: Rendered, where: str) -> list[str]:
    """One field's texts as they appear inside the parentheses (NULL is nothing)."""
    nulls: NDArray[np.intp] | list[int] = []
    texts = cast("list[str]", values)
    if None in values:
        arr = np.array(values, dtype=object)
        mask = arr == None  # noqa: E711 - elementwise, evaluated in C
        arr[mask] = ""
        texts, nulls = arr.tolist(), np.flatnonzero(mask)
    joined = "\x00".join(texts)
    if texts and joined.count("\x00") != len(texts) - 1:  # NUL also separates the texts
        raise RenderError(
            f"{where}: a value contains a NUL character, which PostgreSQL cannot store"
        )
    if not ("" in texts or _QUOTE_ANY.search(joined)):
        return texts
    flags = _quote_flags(joined, len(texts))
    flags[nulls] = False  # NULL stays empty, unquoted
    idx = np.flatnonzero(flags)
    if not idx.size:
        return texts
    picked = np.array(texts, dtype=object)[idx].tolist()
    sub = "\x00".join(picked)
    if "\\" in sub or '"' in sub:
        sub = sub.replace("\\", "\\\\").replace('"', '""')
    quoted = ('"' + sub.replace("\x00", '"\x00"') + '"').split("\x00")
    out = np.array(texts, dtype=object)
    out[idx] = quoted
    return list(out.tolist())


def record_literals(
    fields: Sequence[Rendered], n: int, where: str = "composite", names: Sequence[str] = ()
) -> list[str]:
    """Row texts ``(f1,f2,…)`` from each field's rendered batch (None = NULL field);
    ``where`` and the field ``names`` go into error messages."""
    if not fields:
        return ["()"] * n
    columns = [
        _field_texts(f, f"{where}.{names[i] if i < len(names) else i}")
        for i, f in enumerate(fields)
    ]
    return list(map("({})".format, map(",".join, zip(*columns))))


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
    texts = record_literals(rendered, len(rows), where, names)
    out: Rendered = list(values)
    for j, i in enumerate(rows):
        out[i] = texts[j]
    return out
