"""Rows of a partitioned table routed to its partitions, as pg_dump dumps them.

The partitioned table is generated as one table (its row numbers are what foreign keys
point at); each partition's TABLE DATA is that stream filtered to the rows whose
partition key falls within the partition's bound. Routing is computed here for RANGE
and LIST on one column of a numeric, date/time or text type; anything else (HASH,
several key columns) is loaded through the partitioned table, which routes the rows
itself: the first partition's entry carries them all (``--load-via-partition-root``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar, cast

import numpy as np

from pgmock.errors import PgmockError
from pgmock.schema.resolved import RTable
from pgmock_sdk.pgtypes import FLOAT_TYPES, INTEGER_TYPES, TEMPORAL_TYPES, TEXT_TYPES
from pgmock_sdk.toc import Chunk, DataColumn, TableData

__all__ = ["Router", "partition_data", "router_for"]

T = TypeVar("T")

_STRATEGY = re.compile(r"^\s*(RANGE|LIST|HASH)\s*\((.*)\)\s*$", re.I | re.S)
_LITERAL = re.compile(
    r"'((?:[^']|'')*)'(?:::[\w .]+)?|(-?\d+(?:\.\d+)?)|(MINVALUE|MAXVALUE|NULL)", re.I
)


@dataclass(frozen=True)
class Router:
    """Which partition each row goes to: RANGE bounds or LIST values on one column."""

    column: int  # position among the data columns
    kind: str  # "range" or "list"
    convert: str  # "int", "float", "time", "text"
    # range: (lower, upper) per partition, None for MINVALUE/MAXVALUE; list: values
    ranges: tuple[tuple[Any, Any], ...] = ()
    lists: tuple[frozenset[Any], ...] = ()
    default: int | None = None  # the DEFAULT partition's position

    def route(self, values: Sequence[str | None]) -> np.ndarray:
        """The partition of each value (-1: none takes it)."""
        n = len(values)
        out = np.full(n, -1 if self.default is None else self.default, dtype=np.int64)
        keys = _convert(values, self.convert)
        present = np.array([v is not None for v in values], dtype=bool)
        if self.kind == "range":
            for i, (lo, hi) in enumerate(self.ranges):
                hit = present.copy()
                if lo is not None:
                    hit &= keys >= lo
                if hi is not None:
                    hit &= keys < hi
                out[hit] = i
        else:
            for i, allowed in enumerate(self.lists):
                hit = np.fromiter(((v in allowed) for v in keys.tolist()), bool, n)
                out[hit & present] = i
                if None in allowed:
                    out[~present] = i
        return out


def _convert(values: Sequence[str | None], how: str) -> np.ndarray:
    if how == "int":
        return np.array([int(v) if v is not None else 0 for v in values], dtype=object)
    if how == "float":
        return np.array([float(v) if v is not None else 0.0 for v in values], dtype=np.float64)
    if how == "time":
        return np.array([_instant(v) if v is not None else 0 for v in values], dtype=np.int64)
    return np.array([v if v is not None else "" for v in values], dtype=object)


def _instant(text: str) -> int:
    """Microseconds since 1970 of a date or timestamp in pgmock's (UTC) text form."""
    t = text.strip()
    m = re.match(r"^(.*?)([+-]\d\d(?::?\d\d)?)$", t) if len(t) > 10 else None
    offset = 0
    if m:
        t, off = m.group(1), m.group(2)
        sign = -1 if off[0] == "-" else 1
        digits = off[1:].replace(":", "")
        offset = sign * (int(digits[:2]) * 3600 + int(digits[2:4] or 0) * 60)
    us = int(np.datetime64(t.replace(" ", "T"), "us").astype(np.int64))
    return us - offset * 1_000_000


def _bound_values(text: str, convert: str) -> list[Any]:
    out: list[Any] = []
    for m in _LITERAL.finditer(text):
        quoted, number, word = m.groups()
        if word is not None:
            out.append(None if word.upper() in ("MINVALUE", "MAXVALUE", "NULL") else word)
            continue
        raw = quoted.replace("''", "'") if quoted is not None else number
        assert raw is not None
        if convert == "int":
            out.append(int(raw))
        elif convert == "float":
            out.append(float(raw))
        elif convert == "time":
            out.append(_instant(raw))
        else:
            out.append(raw)
    return out


def router_for(rt: RTable) -> Router | None:
    """How rows are routed, or None when the server must do it (HASH, several columns,
    an expression key, a type compared here differently than by PostgreSQL)."""
    if rt.partition_by is None:
        return None
    m = _STRATEGY.match(rt.partition_by)
    if m is None:
        return None
    kind, key = m.group(1).lower(), m.group(2).strip().strip('"')
    if kind == "hash" or key not in rt.columns:
        return None
    col = rt.columns[key]
    name = col.type.name
    if col.type.is_array:
        return None
    if name in INTEGER_TYPES:
        convert = "int"
    elif name in FLOAT_TYPES or name == "numeric":
        convert = "float"
    elif name in TEMPORAL_TYPES - {"time", "timetz"}:
        convert = "time"
    elif name in TEXT_TYPES or (col.type.user is not None and col.type.user.kind == "enum"):
        if kind == "range":
            return None  # text ranges compare by collation: leave them to the server
        convert = "text"
    else:
        return None
    data_cols = [c for c in rt.columns.values() if c.has_data]
    position = next(i for i, c in enumerate(data_cols) if c.name == key)
    ranges: list[tuple[Any, Any]] = []
    lists: list[frozenset[Any]] = []
    default = None
    for i, part in enumerate(rt.partitions):
        bound = part.bound
        upper = bound.upper()
        if upper == "DEFAULT":
            default = i
            ranges.append((0, 0) if kind == "range" else (None, None))
            lists.append(frozenset())
            if kind == "range":
                ranges[-1] = (1, 0)  # takes nothing itself; the default catches the rest
            continue
        if kind == "range":
            fm = re.match(r"(?is)^FOR VALUES FROM\s*\((.*)\)\s*TO\s*\((.*)\)$", bound)
            if fm is None:
                return None
            lo, hi = _bound_values(fm.group(1), convert), _bound_values(fm.group(2), convert)
            if len(lo) != 1 or len(hi) != 1:
                return None
            ranges.append((lo[0], hi[0]))
        else:
            im = re.match(r"(?is)^FOR VALUES IN\s*\((.*)\)$", bound)
            if im is None:
                return None
            lists.append(frozenset(_bound_values(im.group(1), convert)))
    return Router(position, kind, convert, tuple(ranges), tuple(lists), default)


class PartitionStream:
    """One partition's rows: the partitioned table's stream, filtered."""

    def __init__(
        self, parent: TableData, router: Router | None, index: int, rt: RTable, target: str
    ):
        self._parent = parent
        self._router = router
        self._index = index
        self._table = rt.key
        self.qualified_name = target  # the partition, or the root it is loaded through
        self.columns: Sequence[DataColumn] = parent.columns
        self.generated_positions = getattr(parent, "generated_positions", ())
        self.overriding_system_value = parent.overriding_system_value
        # Only known once generated; writers use it for progress and statement sizes.
        self.row_count = parent.row_count if router is None and index == 0 else 0

    def chunks(self) -> Iterator[Chunk]:
        for chunk in self._parent.chunks():
            out = _filtered(self._router, self._index, self._table, chunk)
            if out.n:
                yield out

    def payloads(self, fn: Callable[[Chunk], T]) -> Iterator[T]:
        if self._router is None:
            if self._index == 0:
                yield from self._parent.payloads(fn)
            return
        routed = partial(_filter_then, self._router, self._index, self._table, fn)
        for skip, value in self._parent.payloads(routed):
            if not skip:
                yield cast(T, value)


def _filtered(router: Router | None, index: int, table: str, chunk: Chunk) -> Chunk:
    if router is None:
        empty: list[Sequence[str | None]] = [[] for _ in chunk.columns]
        return chunk if index == 0 else Chunk(chunk.offset, 0, empty)
    where = router.route(chunk.columns[router.column])
    if (where < 0).any():
        row = chunk.offset + int(np.flatnonzero(where < 0)[0])
        value = chunk.columns[router.column][row - chunk.offset]
        raise PgmockError(
            f"table {table}: row {row + 1} has partition key {value!r}, which no partition "
            "takes; narrow the key column's generator (params start/end, or values) to the "
            "partitions' bounds, or add a DEFAULT partition"
        )
    keep = np.flatnonzero(where == index)
    cols: list[Sequence[str | None]] = [[col[i] for i in keep.tolist()] for col in chunk.columns]
    return Chunk(chunk.offset, len(keep), cols)


def _filter_then(
    router: Router, index: int, table: str, fn: Callable[[Chunk], T], chunk: Chunk
) -> tuple[bool, T | None]:
    out = _filtered(router, index, table, chunk)
    if not out.n:
        return True, None
    return False, fn(out)


def partition_data(rt: RTable, data: TableData, index: int, via_root: bool) -> TableData:
    """The TABLE DATA of partition ``index`` of ``rt``; loaded through the root when asked
    (``via_root``) or when only the server can route the rows."""
    router = router_for(rt)
    root = via_root or router is None
    target = rt.qualified if root else rt.partitions[index].qualified
    return PartitionStream(data, router, index, rt, target)
