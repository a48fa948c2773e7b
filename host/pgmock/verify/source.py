"""A dump in any format as a sequence of tables, each a stream of row batches.

:func:`open_dump` recognizes the format from the bytes (a directory with toc.dat, a tar
file, a custom archive's ``PGDMP``, else a plain SQL script, possibly gzip/lz4/zstd
compressed as a whole) and returns a :class:`DumpSource`: ``tables()`` reads every
table's data once in dump order; ``again(table)`` reads one table's data a second time,
for the rare second look (the exact values behind a repeated 64-bit hash, the first row
whose foreign key found no parent).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pgmock.errors import UsageError
from pgmock.verify import archive as arch
from pgmock.verify.rows import (
    Batch,
    InsertParser,
    InsertRows,
    copy_batches,
    decode_literals,
    insert_batches,
    parse_copy_statement,
    parse_identifier_list,
    parse_qualified_name,
)
from pgmock.verify.streams import (
    ByteReader,
    DumpFormatError,
    decompressed,
    file_blocks,
    sniff_compression,
)

__all__ = ["DumpSource", "TableData", "open_dump"]

TableKey = tuple[str, str]  # (schema, name) as PostgreSQL stores them


@dataclass
class TableData:
    """One table's data in the dump."""

    schema: str
    name: str
    columns: list[str] | None  # the COPY / --column-inserts list; None: every column
    how: str  # COPY or INSERT
    batches: Iterator[Batch]
    line: int | None = None  # plain: the line of the COPY or first INSERT

    @property
    def key(self) -> TableKey:
        return (self.schema, self.name)


class DumpSource:
    path: str
    fmt: str  # plain custom directory tar
    compression: str

    def tables(self) -> Iterator[TableData]:
        raise NotImplementedError

    def again(self, key: TableKey) -> Iterator[Batch]:
        raise NotImplementedError

    def describe(self) -> str:
        what = {"plain": "plain SQL", "custom": "custom archive (-F c)"}.get(
            self.fmt, f"{self.fmt} archive (-F {self.fmt[0]})"
        )
        return what if self.compression == "none" else f"{what}, {self.compression}"


def _insert_row_batches(rows: Iterator[InsertRows]) -> Iterator[Batch]:
    row = 0
    for part in rows:
        n, k = part.values.shape
        columns = [decode_literals(part.values[:, j]) for j in range(k)]
        yield Batch(row, n, columns)
        row += n


def _table_batches(reader: ByteReader, how: str, ncols: int | None, plain: bool) -> Iterator[Batch]:
    if how == "COPY":
        return copy_batches(reader, ncols or 0, reader.line if plain else None)
    return _insert_row_batches(insert_batches(reader, InsertParser()))


# ---------------------------------------------------------------------------- plain

_INSERT_HEAD = re.compile(
    rb'INSERT INTO ((?:"(?:[^"]|"")*"|[^\s".(]+)(?:\.(?:"(?:[^"]|"")*"|[^\s".(]+))?)\s*'
    rb'(?:\(((?:"(?:[^"]|"")*"|[^"()])*)\)\s*)?'
)
_QUOTE_OR_COMMENT = re.compile(r"['\"]|--")
# pg_dump's comment before each TABLE DATA entry; with --inserts, an empty table has
# nothing else.
_DATA_HEADER = re.compile(rb"-- Data for Name: (.*); Type: TABLE DATA; Schema: (.*?); Owner: ")


def _quote_state(state: str | None, line: str) -> str | None:
    """The open quote (' or ") after *line*, given the one before it: statements of
    interest start at a line start outside any literal."""
    i = 0
    while True:
        if state is None:
            m = _QUOTE_OR_COMMENT.search(line, i)
            if m is None or m.group() == "--":
                return None
            state, i = m.group(), m.end()
        else:
            j = line.find(state, i)
            if j < 0:
                return state
            if line[j + 1 : j + 2] == state:
                i = j + 2
            else:
                state, i = None, j + 1


class PlainSource(DumpSource):
    """A plain SQL script: COPY blocks and INSERT statements among the DDL."""

    fmt = "plain"

    def __init__(self, path: str, compression: str) -> None:
        self.path = path
        self.compression = compression
        # where each table's data starts: (byte offset in the uncompressed stream, line)
        self.index: dict[TableKey, tuple[int, int, str, int | None]] = {}

    def _reader(self, start: int = 0, line: int = 1) -> ByteReader:
        if self.compression == "none":
            return ByteReader(file_blocks(self.path, start), start, line)
        reader = ByteReader(decompressed(file_blocks(self.path), self.compression))
        while reader.offset < start:
            if not reader.ensure(min(start - reader.offset, 1 << 20)):
                break
            reader.take(min(start - reader.offset, reader.available()))
        reader.line = line
        return reader

    def tables(self) -> Iterator[TableData]:
        reader = self._reader()
        state: str | None = None
        announced: tuple[TableKey, int] | None = None  # a data header without data yet
        try:
            while reader.ensure(12) or reader.available():
                head = reader.peek(12)
                if state is None and head.startswith(b"COPY "):
                    line_no = reader.line
                    statement = self._statement(reader)
                    schema, name, cols = parse_copy_statement(statement)
                    if schema is None:
                        raise DumpFormatError(
                            f"COPY {name}: the table name is not schema-qualified", line=line_no
                        )
                    key = (schema, name)
                    announced = None
                    ncols = len(cols) if cols is not None else None
                    self.index[key] = (reader.offset, reader.line, "COPY", ncols)
                    batches = copy_batches(reader, ncols or 0, reader.line)
                    yield TableData(schema, name, cols, "COPY", batches, line_no)
                    self._skip(batches)
                elif state is None and head == b"INSERT INTO ":
                    line_no = reader.line
                    reader.ensure(1 << 16)
                    m = _INSERT_HEAD.match(reader.peek(1 << 16))
                    if m is None:
                        raise DumpFormatError("cannot read an INSERT statement", line=line_no)
                    schema_or_none, name = parse_qualified_name(m.group(1).decode("utf-8"))
                    if schema_or_none is None:
                        raise DumpFormatError(
                            f"INSERT INTO {name}: the table name is not schema-qualified",
                            line=line_no,
                        )
                    cols = (
                        parse_identifier_list(m.group(2).decode("utf-8"))
                        if m.group(2) is not None
                        else None
                    )
                    key = (schema_or_none, name)
                    announced = None
                    self.index[key] = (reader.offset, reader.line, "INSERT", None)
                    batches = _insert_row_batches(insert_batches(reader, InsertParser()))
                    yield TableData(schema_or_none, name, cols, "INSERT", batches, line_no)
                    self._skip(batches)
                else:
                    line_no = reader.line
                    raw = reader.read_line()
                    if raw is None:
                        break
                    if state is None and raw.startswith(b"-- "):
                        header = _DATA_HEADER.match(raw)
                        if announced is not None and (header or raw.startswith(b"-- Name: ")):
                            yield self._empty(*announced)
                            announced = None
                        if header is not None:
                            key = (header.group(2).decode(), header.group(1).decode())
                            announced = (key, line_no)
                        continue
                    if state is not None or b"'" in raw or b'"' in raw:
                        state = _quote_state(state, raw.decode("utf-8", "replace"))
            if announced is not None:
                yield self._empty(*announced)
            reader.raise_error()
        finally:
            reader.close()

    def _empty(self, key: TableKey, line: int) -> TableData:
        """A table whose data entry holds no rows (--inserts writes nothing for it)."""
        self.index[key] = (0, line, "EMPTY", None)
        return TableData(key[0], key[1], None, "INSERT", iter(()), line)

    @staticmethod
    def _skip(batches: Iterator[Batch]) -> None:
        """Read past the rest of a table whose consumer stopped early."""
        for _ in batches:
            pass

    @staticmethod
    def _statement(reader: ByteReader) -> str:
        """A COPY statement (one line, unless a quoted name holds a newline)."""
        text = ""
        state: str | None = None
        while True:
            raw = reader.read_line()
            if raw is None:
                raise DumpFormatError("the dump ends inside a COPY statement")
            line = raw.decode("utf-8", "replace")
            text += line
            state = _quote_state(state, line)
            if state is None:
                return text

    def again(self, key: TableKey) -> Iterator[Batch]:
        offset, line, how, ncols = self.index[key]
        if how == "EMPTY":
            return
        reader = self._reader(offset, line)
        try:
            yield from _table_batches(reader, how, ncols, plain=True)
        finally:
            reader.close()


# ---------------------------------------------------------------------------- archives


class ArchiveSource(DumpSource):
    def __init__(self, path: str, archive: arch.Archive) -> None:
        self.path = path
        self.archive = archive
        self.fmt = archive.fmt
        self.compression = archive.compression
        self.refs: dict[TableKey, arch.DataRef] = {}
        for ref in archive.data.values():
            entry = ref.entry
            if entry.desc == "TABLE DATA":
                self.refs[(entry.namespace or "public", entry.tag)] = ref

    def _data(self, ref: arch.DataRef, payload: Iterator[bytes]) -> TableData:
        entry = ref.entry
        schema = entry.namespace or "public"
        if entry.copy_stmt:
            _, _, cols = parse_copy_statement(entry.copy_stmt)
            reader = ByteReader(payload)
            batches = copy_batches(reader, len(cols) if cols is not None else 0)
            return TableData(schema, entry.tag, cols, "COPY", batches)
        reader = ByteReader(payload)
        cols = _insert_columns(reader)
        batches = _insert_row_batches(insert_batches(reader, InsertParser()))
        return TableData(schema, entry.tag, cols, "INSERT", batches)

    def tables(self) -> Iterator[TableData]:
        if self.fmt == "custom":
            yield from self._custom_tables()
            return
        if self.fmt == "directory":
            for ref in self._table_refs():
                found = arch.directory_file(self.path, ref)
                if found is None:
                    raise DumpFormatError(f"{self.path}: the data file {ref.filename} is missing")
                yield self._data(ref, decompressed(file_blocks(found[0]), found[1]))
            return
        tar, members = arch.tar_members(self.path)
        with tar:
            for ref in self._table_refs():
                member = members.get(ref.filename or "")
                if member is None:
                    raise DumpFormatError(f"{self.path}: the member {ref.filename} is missing")
                yield self._data(ref, arch.tar_blocks(tar, member))

    def _table_refs(self) -> list[arch.DataRef]:
        return [r for r in self.archive.data.values() if r.entry.desc == "TABLE DATA"]

    def _custom_tables(self) -> Iterator[TableData]:
        method = "zlib" if self.compression == "gzip" else self.compression
        for position, dump_id, chunks in arch.custom_blocks(self.path, self.archive):
            ref = self.archive.data.get(dump_id)
            if ref is None or ref.entry.desc != "TABLE DATA":
                continue
            ref.position = position  # for a second look without a scan
            yield self._data(ref, decompressed(chunks, method))

    def again(self, key: TableKey) -> Iterator[Batch]:
        ref = self.refs[key]
        return self._data(ref, arch.entry_stream(self.path, self.archive, ref)).batches


def _insert_columns(reader: ByteReader) -> list[str] | None:
    """--column-inserts' column list from the first INSERT of a payload, without
    consuming anything."""
    reader.ensure(1 << 16)
    m = _INSERT_HEAD.match(reader.peek(1 << 16))
    if m is None or m.group(2) is None:
        return None
    return parse_identifier_list(m.group(2).decode("utf-8"))


# ---------------------------------------------------------------------------- recognition


def open_dump(path: str) -> DumpSource:
    """The dump at *path*, its format recognized from its content."""
    if os.path.isdir(path):
        return ArchiveSource(path, arch.open_archive(path))
    if not os.path.exists(path):
        raise UsageError(f"{path}: no such file or directory")
    with open(path, "rb") as f:
        head = f.read(512)
    if head.startswith(arch.MAGIC) or head[257:262] == b"ustar":
        return ArchiveSource(path, arch.open_archive(path))
    compression = sniff_compression(head)
    inner = head
    if compression != "none":
        blocks = decompressed(file_blocks(path, size=1 << 16), compression)
        inner = next(iter(blocks), b"")[:512]
        if inner.startswith(arch.MAGIC) or inner[257:262] == b"ustar":
            raise UsageError(
                f"{path}: an archive compressed as a whole; decompress it first "
                f"(pg_restore cannot read it either)"
            )
    _check_text(path, inner)
    return PlainSource(path, compression)


# What a plain SQL dump starts with: pg_dump's header comment, or a statement.
_SQL_START = re.compile(rb"\s*(--|/\*|\\|SET\b|SELECT\b|CREATE\b|COPY\b|INSERT\b|BEGIN\b)", re.I)


def _check_text(path: str, head: bytes) -> None:
    text = head.lstrip()
    if text.startswith((b"{", b"[")):
        raise UsageError(
            f"{path} looks like JSON, not a dump: give the dump first, the schema with "
            "--schema (pgmock verify DUMP --schema SCHEMA)"
        )
    try:
        head[: max(len(head) - 4, 0)].decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not a dump (no pg_dump archive, and not UTF-8 text)") from None
    if head and not _SQL_START.match(head):
        raise UsageError(f"{path}: not a dump (neither a pg_dump archive nor an SQL script)")
