"""Composite values as PostgreSQL prints them (``record_out``): ``(a,"b c",,"")``.

Each field is the text of its own type; an empty field is NULL; a field is double-quoted
when it is empty or holds ``"`` ``\\`` ``(`` ``)`` ``,`` or ASCII whitespace, and inside
quotes ``"`` and ``\\`` are doubled. Fields are handled a column at a time: one join,
one code-point scan and one replace per field, never a Python call per value except the
final ``",".join`` of each row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from pgmock_sdk.lazy import np

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["record_literals"]

Rendered = list[str | None]

_QUOTE_CHARS = '"\\(),' + " \t\n\r\v\f"
_QUOTE_ANY = re.compile("[" + re.escape(_QUOTE_CHARS) + "]")


def _quote_flags(joined: str, m: int) -> np.ndarray:
    """Which of the ``m`` NUL-joined texts record_out quotes: empty or holding a special."""
    cp = np.frombuffer(joined.encode("utf-32-le"), np.uint32)
    sep = cp == 0
    elem = np.cumsum(sep)
    flags = np.zeros(m, bool)
    lut = np.zeros(128, bool)
    lut[[ord(c) for c in _QUOTE_CHARS]] = True
    special = (cp < 128) & lut[np.minimum(cp, 127)]
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
        raise ValueError(
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
