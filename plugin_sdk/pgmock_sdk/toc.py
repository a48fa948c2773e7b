"""The dump's table of contents: one model every output format is written from.

Each object of the dump (schema, type, table, sequence, constraint, index, comment, table
data …) is a :class:`TocEntry` with pg_dump's fields: section, description, tag,
namespace, owner, definition, drop statement, COPY statement and dependencies. The plain
writer prints entries the way ``pg_restore -f`` does; archive writers store the same
fields, so all formats come from one plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Protocol, TypeVar

T = TypeVar("T")


class Section(IntEnum):
    """pg_dump's teSection numbering."""

    NONE = 1
    PRE_DATA = 2
    DATA = 3
    POST_DATA = 4


class SqlKind(IntEnum):
    """How a value is written as an SQL literal by ``--inserts`` (pg_dump's rules)."""

    QUOTED = 0  # '...'
    NUMBER = 1  # bare, unless NaN/Infinity
    BOOLEAN = 2  # true/false


@dataclass(frozen=True)
class DataColumn:
    name: str
    sql_kind: SqlKind = SqlKind.QUOTED


@dataclass
class Chunk:
    """One batch of rows, column by column, each value in PostgreSQL text form or None.

    A column is a sequence of them: a list, or a ``pgmock_sdk.textmatrix.TextMatrix``
    (numbers, dates, choices kept as bytes), which reads as the list of its strings."""

    offset: int
    n: int
    columns: list[Sequence[str | None]]


class TableData(Protocol):
    """What a TABLE DATA entry carries: its columns and a stream of chunks."""

    qualified_name: str  # schema-qualified and quoted, as in COPY
    # The columns with data, as in COPY's column list: generated columns are left out.
    columns: Sequence[DataColumn]
    # Where the generated columns sit among all of the table's columns (0-based). They
    # have no data; pg_dump's plain --inserts writes DEFAULT in their place. Writers read
    # it with ``getattr(data, "generated_positions", ())``: older TableData lack it.
    generated_positions: Sequence[int]
    overriding_system_value: bool  # identity GENERATED ALWAYS: INSERT needs OVERRIDING
    row_count: int

    def chunks(self) -> Iterator[Chunk]: ...

    def payloads(self, fn: Callable[[Chunk], T]) -> Iterator[T]:
        """``fn(chunk)`` for every chunk, in order.

        With ``--jobs`` > 1 the host runs ``fn`` in its worker processes next to the
        generation, so formatting (and an archive's compression) is parallel too; ``fn``
        must then be picklable (a module-level function, or ``functools.partial`` of one),
        and so must what it returns (text, bytes, a tuple of them).
        """
        ...


@dataclass
class TocEntry:
    dump_id: int
    desc: str
    tag: str
    section: Section
    namespace: str | None = None
    owner: str | None = None
    defn: str | None = None
    drop_stmt: str | None = None
    copy_stmt: str | None = None
    deps: tuple[int, ...] = ()
    tablespace: str | None = None
    tableam: str | None = None
    catalog_id: tuple[int, int] = (0, 0)
    data: TableData | None = field(default=None, repr=False)

    @property
    def has_data(self) -> bool:
        return self.data is not None


@dataclass
class DumpInfo:
    """Header facts shared by every format."""

    database: str
    encoding: str = "UTF8"
    server_version: str = "15.0"
    dumped_by: str = ""
    # Lines that record what produced the output (pgmock, numpy, Faker versions, seed).
    provenance: tuple[str, ...] = ()


@dataclass
class Dump:
    info: DumpInfo
    entries: list[TocEntry]
