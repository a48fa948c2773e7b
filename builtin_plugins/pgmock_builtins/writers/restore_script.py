"""``restore.sql`` of a tar archive: the script pg_dump puts there for people, not pg_restore.

pg_dump prints it by restoring the archive as a script with ``--create --clean``: a note
about ``$$PATH$$``, the header, ``DROP DATABASE``, the DATABASE entry and ``\\connect``,
then every entry as the plain format prints it, except that table data is loaded from the
extracted member files (``COPY … FROM '$$PATH$$/N.dat'`` or ``\\i $$PATH$$/N.dat``). As in
the plain format, the ``\\restrict`` lines of pg_dump 15.14+ are left out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pgmock_builtins.writers import plain
from pgmock_builtins.writers.archive_format import data_file_name
from pgmock_sdk import Dump, DumpInfo, TocEntry, WriteOptions
from pgmock_sdk.sqlnames import quote_ident
from pgmock_sdk.toc import TableData

NOTE = (
    "--\n"
    "-- NOTE:\n"
    "--\n"
    "-- File paths need to be edited. Search for $$PATH$$ and\n"
    "-- replace it with the path to the directory containing\n"
    "-- the extracted data files.\n"
    "--\n"
)
_COPY_TAIL = " FROM stdin;\n"


def psql_connect(dbname: str) -> str:
    """psql's ``\\connect`` line for *dbname*, quoted as pg_dump's appendPsqlMetaConnect does."""
    if any(c in dbname for c in "\r\n"):
        raise ValueError(f"database name contains a newline or carriage return: {dbname!r}")
    simple = all(c.isascii() and (c.isalnum() or c in "_.") for c in dbname)
    if simple:
        return f"\\connect {quote_ident(dbname)}\n"
    # A connection string, quoted as an identifier so psql passes it on whole.
    value = "'" + dbname.replace("\\", "\\\\").replace("'", "\\'") + "'"
    connstr = f"dbname={value}"
    return '\\connect -reuse-previous=on "' + connstr.replace('"', '""') + '"\n'


class _RestoreScript(plain.ScriptPrinter):
    """Prints table data as a reference to its member file instead of the rows."""

    def data(self, entry: TocEntry, data: TableData) -> None:
        name = data_file_name(entry)
        copy = entry.copy_stmt
        if copy and not self.inserts:
            if not (copy.startswith("COPY ") and copy.endswith(_COPY_TAIL)):
                raise ValueError(f"unexpected COPY statement syntax: {copy!r}")
            head = copy[: -len(_COPY_TAIL)]
            self.sink.write(f"{copy}\\.\n{head} FROM '$$PATH$$/{name}';\n\n")
        else:
            self.sink.write(f"\\i $$PATH$$/{name}\n\n")


def restore_script(
    dump: Dump, entries: Sequence[TocEntry], options: WriteOptions, dumped_by: str | None
) -> str:
    """The text of restore.sql for an archive holding *entries*."""
    buffer = io.BytesIO()
    sink = plain.TextSink(buffer)
    # pg_restore's header names the archive's version strings; provenance is in dumped_by.
    info = DumpInfo(
        database=dump.info.database,
        encoding=dump.info.encoding,
        server_version=dump.info.server_version,
        dumped_by=f"pg_dump version {dumped_by}" if dumped_by else "",
    )
    header = plain.script_header(Dump(info, list(entries)))
    fixed_state = header[header.index("SET statement_timeout") :]
    sink.write(NOTE)
    sink.write(header)
    script = _RestoreScript(sink, options)
    databases = [e for e in entries if e.desc == "DATABASE"]
    for entry in reversed(databases):
        if entry.drop_stmt:
            sink.write(entry.drop_stmt)
    for database in databases:
        script.entry(database)
        sink.write(psql_connect(database.tag) + "\n" + fixed_state)
        script.tablespace = script.tableam = None  # a new session
    skip = ("ENCODING", "STDSTRINGS", "SEARCHPATH", "DATABASE", "DATABASE PROPERTIES")
    rest = [e for e in entries if e.desc not in skip]
    for restore_pass in (1, 2, 3):
        for entry in rest:
            if plain.restore_pass(entry) == restore_pass:
                script.entry(entry)
    sink.write(plain.TRAILER)
    sink.flush()
    return buffer.getvalue().decode("utf-8")
