"""Plain SQL output (``-Fp``): byte for byte what PostgreSQL 15's pg_dump prints.

``pg_dump -Fp`` and ``pg_restore -f -`` share one printer, so the script is what
pg_restore makes of the TOC: a header with the fixed SET commands, then every entry with
its comment header, definition and ``ALTER … OWNER TO``, table data as COPY blocks or
INSERT statements, and the trailer. Two deliberate differences from pg_dump 15.14+: no
``\\restrict``/``\\unrestrict`` lines (older psql rejects them), and the provenance lines of
the dump info follow the "Dumped by" line.

Data is streamed chunk by chunk: at most one chunk's text is held in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import BinaryIO

from pgmock_sdk import Chunk, DataColumn, Dump, Registrar, TocEntry, WriteOptions, Writer, hookimpl
from pgmock_sdk.copytext import copy_bytes, sql_rows
from pgmock_sdk.lazy import np
from pgmock_sdk.plugins import open_output
from pgmock_sdk.sqlnames import quote_ident
from pgmock_sdk.toc import TableData

_FLUSH_AT = 1 << 18  # characters of small text gathered before one write

# Entries pg_restore consumes for the header, or prints only with --create.
_SPECIAL = frozenset({"ENCODING", "STDSTRINGS", "SEARCHPATH"})
_NEEDS_CREATE = frozenset({"DATABASE", "DATABASE PROPERTIES"})

# pg_restore's _getObjectDescription (PostgreSQL 15): how ALTER … OWNER TO names an object.
_OWNER_PLAIN = frozenset(
    {
        "COLLATION",
        "CONVERSION",
        "DOMAIN",
        "TABLE",
        "TYPE",
        "FOREIGN TABLE",
        "TEXT SEARCH DICTIONARY",
        "TEXT SEARCH CONFIGURATION",
        "STATISTICS",
        "DATABASE",
        "PROCEDURAL LANGUAGE",
        "SCHEMA",
        "EVENT TRIGGER",
        "FOREIGN DATA WRAPPER",
        "SERVER",
        "PUBLICATION",
        "SUBSCRIPTION",
        "USER MAPPING",
    }
)
_OWNER_AS_TABLE = frozenset({"VIEW", "SEQUENCE", "MATERIALIZED VIEW"})  # PG 15: ALTER TABLE
_OWNER_FROM_DROP = frozenset(
    {"AGGREGATE", "FUNCTION", "OPERATOR", "OPERATOR CLASS", "OPERATOR FAMILY", "PROCEDURE"}
)


def owner_target(entry: TocEntry) -> str | None:
    """What follows ``ALTER`` in the entry's owner command, or None when it has no owner."""
    desc = "TABLE" if entry.desc in _OWNER_AS_TABLE else entry.desc
    if desc in _OWNER_PLAIN:
        ns = f"{quote_ident(entry.namespace)}." if entry.namespace else ""
        return f"{desc} {ns}{quote_ident(entry.tag)}"
    if desc == "BLOB":
        return f"LARGE OBJECT {entry.tag}"
    if desc in _OWNER_FROM_DROP and entry.drop_stmt:
        return entry.drop_stmt[5:].rstrip(";\n")
    return None  # constraints, indexes, defaults … have no owner of their own


def restore_pass(entry: TocEntry) -> int:
    """pg_restore's pass for an entry: ACLs after everything, event triggers last."""
    if entry.desc in ("ACL", "ACL LANGUAGE", "DEFAULT ACL"):
        return 2
    if entry.desc in ("EVENT TRIGGER", "MATERIALIZED VIEW DATA"):
        return 3
    if entry.desc == "COMMENT" and entry.tag.startswith("EVENT TRIGGER "):
        return 3
    return 1


def _sanitize(text: str | None, hyphen: bool) -> str:
    """A name for a comment line: newlines become spaces, NULL becomes ``-`` or nothing."""
    if text is None:
        return "-" if hyphen else ""
    return text.replace("\n", " ").replace("\r", " ")


class TextSink:
    """Collects small pieces of text and writes them UTF-8 encoded in large blocks."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str | bytes) -> None:
        if isinstance(text, bytes):  # table data, encoded where it was formatted
            self.flush()
            self.out.write(text)
            return
        if len(text) >= _FLUSH_AT:
            self.flush()
            self.out.write(text.encode("utf-8"))
            return
        self.parts.append(text)
        self.size += len(text)
        if self.size >= _FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.out.write("".join(self.parts).encode("utf-8"))
            self.parts.clear()
            self.size = 0


def script_header(dump: Dump) -> str:
    """The comment block and SET lines a pg_dump script starts with (restore.sql too)."""
    special = {e.desc: e.defn or "" for e in dump.entries if e.desc in _SPECIAL}
    encoding = dump.info.encoding
    found = re.search(r"'([^']*)'", special.get("ENCODING", ""))
    if found:
        encoding = found.group(1)
    std_strings = "'on'" in special.get("STDSTRINGS", "")
    info = dump.info
    lines = ["--\n-- PostgreSQL database dump\n--\n\n"]
    if info.server_version:
        lines.append(f"-- Dumped from database version {info.server_version}\n")
    if info.dumped_by:
        lines.append(f"-- Dumped by {info.dumped_by}\n")
    lines += [f"-- {line}\n" for line in info.provenance]
    lines += [
        "\n",
        "SET statement_timeout = 0;\n",
        "SET lock_timeout = 0;\n",
        "SET idle_in_transaction_session_timeout = 0;\n",
        f"SET client_encoding = '{encoding}';\n",
        f"SET standard_conforming_strings = {'on' if std_strings else 'off'};\n",
        special.get("SEARCHPATH", ""),
        "SET check_function_bodies = false;\n",
        "SET xmloption = content;\n",
        "SET client_min_messages = warning;\n",
        "" if std_strings else "SET escape_string_warning = off;\n",
        "SET row_security = off;\n",
        "\n",
    ]
    return "".join(lines)


TRAILER = "--\n-- PostgreSQL database dump complete\n--\n\n"


def encoded(fmt: Callable[[Chunk], str], chunk: Chunk) -> bytes:
    """A chunk's text as UTF-8, made in the worker that formatted it: the main process
    then only copies bytes (a str crossing processes is encoded and decoded on the way)."""
    return fmt(chunk).encode("utf-8")


def copy_payload(data: TableData) -> Iterator[str | bytes]:
    """The COPY rows, then pg_dump's end-of-data marker and two blank lines."""
    yield from data.payloads(copy_bytes)
    yield "\\.\n\n\n"


def insert_chunk(
    prefix: str,
    columns: Sequence[DataColumn],
    per_statement: int,
    total: int,
    chunk: Chunk,
    defaults: Sequence[int] = (),
) -> str:
    """One chunk's rows as INSERT statements; statements may span chunks.

    Row ``g`` of the table opens a statement when ``g % per_statement == 0`` and closes one
    at the end of a group or of the table, so chunks can be formatted independently (and
    in worker processes). *defaults*: row positions written as ``DEFAULT``.
    """
    rows = sql_rows(chunk, columns, defaults)
    if not rows:
        return ""
    if per_statement == 1:
        return prefix + " " + (";\n" + prefix + " ").join(rows) + ";\n"
    g = np.arange(chunk.offset, chunk.offset + chunk.n)
    heads = np.full(chunk.n, ",\n\t", dtype=object)
    heads[g % per_statement == 0] = prefix + "\n\t"
    tails = np.full(chunk.n, "", dtype=object)
    tails[(g % per_statement == per_statement - 1) | (g == total - 1)] = ";\n"
    return "".join(map("".join, zip(heads.tolist(), rows, tails.tolist())))


def repeat_chunk(statement: str, chunk: Chunk) -> str:
    """The same statement once per row (rows without fields: ``DEFAULT VALUES``)."""
    return statement * chunk.n


def insert_formatter(data: TableData, options: WriteOptions) -> Callable[[Chunk], str]:
    """pg_dump 15's ``--inserts``/``--column-inserts``/``--rows-per-insert`` text of a chunk.

    As dumpTableData_insert: generated columns are left out of ``--column-inserts``' list
    and written as ``DEFAULT`` by plain ``--inserts``; a row without fields is ``DEFAULT
    VALUES``; a table with a GENERATED ALWAYS identity adds ``OVERRIDING SYSTEM VALUE``.
    """
    prefix = f"INSERT INTO {data.qualified_name} "
    generated = getattr(data, "generated_positions", ())
    defaults = () if options.column_inserts else tuple(generated)
    if not data.columns and not defaults:
        return partial(repeat_chunk, f"{prefix}DEFAULT VALUES;\n")
    if options.column_inserts:
        prefix += "(" + ", ".join(quote_ident(c.name) for c in data.columns) + ") "
    if data.overriding_system_value:
        prefix += "OVERRIDING SYSTEM VALUE "
    prefix += "VALUES"
    per_statement = max(1, options.rows_per_insert)
    columns = list(data.columns)
    return partial(insert_chunk, prefix, columns, per_statement, data.row_count, defaults=defaults)


def insert_payload(data: TableData, options: WriteOptions) -> Iterator[str | bytes]:
    """INSERT statements as ``--inserts``/``--column-inserts``/``--rows-per-insert`` write them."""
    yield from data.payloads(partial(encoded, insert_formatter(data, options)))
    yield "\n\n"


class ScriptPrinter:
    """Prints entries with pg_restore's state: current tablespace and access method."""

    def __init__(self, sink: TextSink, options: WriteOptions) -> None:
        self.sink = sink
        self.options = options
        self.tablespace: str | None = None
        self.tableam: str | None = None
        self.inserts = options.inserts or options.column_inserts or options.rows_per_insert > 1

    def entry(self, entry: TocEntry) -> None:
        write = self.sink.write
        if entry.tablespace is not None and entry.tablespace != self.tablespace:
            ts = quote_ident(entry.tablespace) if entry.tablespace else "''"
            write(f"SET default_tablespace = {ts};\n\n")
            self.tablespace = entry.tablespace
        if entry.tableam is not None and entry.tableam != self.tableam:
            write(f"SET default_table_access_method = {quote_ident(entry.tableam)};\n\n")
            self.tableam = entry.tableam
        no_owner = self.options.no_owner
        owner = None if no_owner else entry.owner
        header = (
            f"--\n-- {'Data for ' if entry.has_data else ''}Name: {_sanitize(entry.tag, False)}; "
            f"Type: {entry.desc}; Schema: {_sanitize(entry.namespace, True)}; "
            f"Owner: {_sanitize(owner, True)}"
        )
        if entry.tablespace:
            header += f"; Tablespace: {_sanitize(entry.tablespace, False)}"
        write(header + "\n--\n\n")
        if no_owner and entry.desc == "SCHEMA" and not (entry.defn or "").startswith("--"):
            write(f"CREATE SCHEMA {quote_ident(entry.tag)};\n\n\n")  # drops any AUTHORIZATION
        elif entry.defn:
            write(entry.defn + "\n\n")
        if not no_owner and entry.owner and entry.drop_stmt:
            target = owner_target(entry)
            if target is not None:
                write(f"ALTER {target} OWNER TO {quote_ident(entry.owner)};\n\n")
        if entry.data is not None:
            self.data(entry, entry.data)

    def data(self, entry: TocEntry, data: TableData) -> None:
        if self.inserts or not entry.copy_stmt:
            payload = insert_payload(data, self.options)
        else:
            self.sink.write(entry.copy_stmt)
            payload = copy_payload(data)
        for text in payload:
            self.sink.write(text)


def write_plain(dump: Dump, out: BinaryIO, options: WriteOptions) -> None:
    """Write *dump* to the binary stream *out* as pg_dump's plain SQL script."""
    sink = TextSink(out)
    sink.write(script_header(dump))
    script = ScriptPrinter(sink, options)
    entries = [e for e in dump.entries if e.desc not in _SPECIAL and e.desc not in _NEEDS_CREATE]
    for restore in (1, 2, 3):
        for entry in entries:
            if restore_pass(entry) == restore:
                script.entry(entry)
    sink.write(TRAILER)
    sink.flush()


class PlainWriter(Writer):
    """Plain SQL script, exactly as pg_dump -Fp writes it."""

    name = "plain"
    formats = ("p", "plain")

    def write(self, dump: Dump, out: BinaryIO | Path, options: WriteOptions) -> None:
        with open_output(out) as stream:
            write_plain(dump, stream, options)


@hookimpl
def pgmock_register_writers(registry: Registrar) -> None:
    registry.add_writer(PlainWriter)
