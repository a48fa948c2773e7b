"""The byte layout pg_dump's archives share: header, TOC entries and their primitives.

Custom archives (``-Fc``) and the ``toc.dat`` of directory (``-Fd``) and tar (``-Ft``)
archives hold the same header and TOC; only the format byte and each entry's last field
(a data offset, or a file name) differ. Numbers are pg_dump's: ``intSize`` 4 with a sign
byte, ``offSize`` 8, little-endian, strings as a length and raw UTF-8 bytes, NULL as -1.

The archive version follows the oldest pg_restore that must read the file: 1.14 (what
PostgreSQL 12 to 15 write) unless a newer target allows 1.15 (PostgreSQL 16: a compression
algorithm byte in the header, needed for LZ4 and Zstandard) or 1.16 (PostgreSQL 17 and 18:
a relkind in every TOC entry).
"""

from __future__ import annotations

import importlib.util
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from pgmock_sdk import Compression, Dump, Section, TocEntry, WriteOptions
from pgmock_sdk.sqlnames import quote_ident, quote_literal

MAGIC = b"PGDMP"
INT_SIZE = 4
OFF_SIZE = 8

# Format bytes (pg_backup.h ArchiveFormat). Directory archives write "tar" into toc.dat.
FORMAT_CUSTOM = 1
FORMAT_TAR = 3

# Offset flags of a custom archive's TOC entries (pg_backup_custom.c).
OFFSET_NOT_SET = 1  # has data, position unknown (the output was not seekable)
OFFSET_SET = 2  # has data at this position
OFFSET_NO_DATA = 3

# Header compression algorithm byte from archive 1.15 on (pg_compress_algorithm).
ALGORITHM_BYTE = {"none": 0, "gzip": 1, "lz4": 2, "zstd": 3}

RELKIND_TABLE = ord("r")

# pg_catalog.pg_database's OID, the catalog "tableoid" of a DATABASE entry.
PG_DATABASE = 1262
FIRST_OID = 16384

# The header's creation time when SOURCE_DATE_EPOCH is not set: archives are a
# function of schema, seed and version, so the clock must not leak in.
FIXED_CREATED = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ArchiveVersion:
    major: int
    minor: int
    rev: int = 0

    @property
    def has_algorithm_byte(self) -> bool:
        return self.minor >= 15

    @property
    def has_relkind(self) -> bool:
        return self.minor >= 16

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


V1_14 = ArchiveVersion(1, 14)
V1_15 = ArchiveVersion(1, 15)
V1_16 = ArchiveVersion(1, 16)

TARGET_VERSIONS = range(14, 19)

# Compression methods that need a third-party package: (module, pgmock extra).
_LIBRARIES = {"lz4": ("lz4", "lz4"), "zstd": ("zstandard", "zstd")}


def archive_version(target: int | None) -> ArchiveVersion:
    """The newest archive version pg_restore of major *target* (and every later one) reads."""
    if target is None or target <= 15:
        return V1_14
    return V1_15 if target == 16 else V1_16


def check_compression(
    compress: Compression | None, target: int | None, methods: Sequence[str], fmt: str
) -> None:
    """Refuse a ``-Z``/``--target-version`` combination this format or its readers lack."""
    if target is not None and target not in TARGET_VERSIONS:
        raise ValueError(
            f"--target-version {target} is not supported (expected "
            f"{TARGET_VERSIONS.start}..{TARGET_VERSIONS.stop - 1})"
        )
    if compress is None or compress.method in methods:
        if compress is not None and compress.method in _LIBRARIES:
            version = archive_version(target)
            if not version.has_algorithm_byte:
                raise ValueError(
                    f"-Z {compress} needs archive version 1.15, which pg_restore 15 and "
                    f"older cannot read: add --target-version 16 (or later), or use gzip"
                )
            module, extra = _LIBRARIES[compress.method]
            if importlib.util.find_spec(module) is None:
                raise ValueError(
                    f"-Z {compress.method} needs the Python package {module}: "
                    f"pip install 'pgmockdb[{extra}]'"
                )
        return
    if compress.method == "none":
        return
    raise ValueError(f"compression is not supported by {fmt} archive format")


# ---------------------------------------------------------------------------
# Primitives
# ---------------------------------------------------------------------------


def pg_int(value: int) -> bytes:
    """A sign byte, then the absolute value in ``intSize`` little-endian bytes."""
    return (b"\x01" if value < 0 else b"\x00") + abs(value).to_bytes(INT_SIZE, "little")


def pg_str(text: str | None) -> bytes:
    """Length and UTF-8 bytes; NULL is length -1 with nothing after it."""
    if text is None:
        return pg_int(-1)
    raw = text.encode("utf-8")
    if b"\x00" in raw:
        raise ValueError("archive strings cannot contain NUL characters")
    return pg_int(len(raw)) + raw


def pg_offset(flag: int, position: int = 0) -> bytes:
    """A custom archive's data offset: flag byte and ``offSize`` little-endian bytes."""
    return bytes([flag]) + position.to_bytes(OFF_SIZE, "little")


OFFSET_LENGTH = 1 + OFF_SIZE


# ---------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------


def created_time() -> tuple[int, int, int, int, int, int]:
    """(year, month, day, hour, minute, second) for the header.

    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) gives the time in UTC;
    otherwise a fixed date, so output stays byte-identical from run to run.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        t = time.gmtime(int(epoch))
        return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
    return FIXED_CREATED


def header_compression(version: ArchiveVersion, compress: Compression) -> bytes:
    """Field 6: a level int up to 1.14 (-1 = zlib's default), an algorithm byte after."""
    if version.has_algorithm_byte:
        return bytes([ALGORITHM_BYTE[compress.method]])
    if compress.method == "none":
        return pg_int(0)
    if compress.method != "gzip":
        raise ValueError(f"archive {version} cannot store {compress.method} compression")
    return pg_int(-1 if compress.level is None else compress.level)


def encode_header(
    version: ArchiveVersion,
    fmt: int,
    compress: Compression,
    database: str,
    server_version: str | None,
    dumped_by: str | None,
    created: tuple[int, int, int, int, int, int] | None = None,
) -> bytes:
    """Magic, version, sizes, format, compression, C ``struct tm`` and three strings."""
    year, month, day, hour, minute, second = created or created_time()
    tm = (second, minute, hour, day, month - 1, year - 1900, 0)  # tm_isdst 0
    return b"".join(
        [
            MAGIC,
            bytes([version.major, version.minor, version.rev, INT_SIZE, OFF_SIZE, fmt]),
            header_compression(version, compress),
            *(pg_int(v) for v in tm),
            pg_str(database),
            pg_str(server_version),
            pg_str(dumped_by),
        ]
    )


# ---------------------------------------------------------------------------
# TOC
# ---------------------------------------------------------------------------


def encode_entry(entry: TocEntry, version: ArchiveVersion, extra: bytes) -> bytes:
    """One TOC entry, fields in pg_dump's WriteToc order, then *extra* (offset or file)."""
    parts = [
        pg_int(entry.dump_id),
        pg_int(1 if entry.has_data else 0),
        pg_str(str(entry.catalog_id[0])),
        pg_str(str(entry.catalog_id[1])),
        pg_str(entry.tag),
        pg_str(entry.desc),
        pg_int(int(entry.section)),
        pg_str(entry.defn),
        pg_str(entry.drop_stmt),
        pg_str(entry.copy_stmt),
        pg_str(entry.namespace),
        pg_str(entry.tablespace),
        pg_str(entry.tableam),
    ]
    if version.has_relkind:
        # pg_dump 17 stores the relation kind for TABLE entries only (0 elsewhere).
        parts.append(pg_int(RELKIND_TABLE if entry.desc == "TABLE" else 0))
    parts += [pg_str(entry.owner), pg_str("false")]
    parts += [pg_str(str(dep)) for dep in entry.deps]
    parts += [pg_str(None), extra]
    return b"".join(parts)


def encode_toc(
    entries: Sequence[TocEntry], version: ArchiveVersion, extra: Callable[[TocEntry], bytes]
) -> bytes:
    return pg_int(len(entries)) + b"".join(encode_entry(e, version, extra(e)) for e in entries)


def data_file_name(entry: TocEntry) -> str:
    """The member or file a directory/tar archive keeps an entry's data in, or ``""``."""
    return f"{entry.dump_id}.dat" if entry.has_data else ""


# ---------------------------------------------------------------------------
# What archives hold beyond the shared TOC model
# ---------------------------------------------------------------------------


def _uses_inserts(options: WriteOptions) -> bool:
    return options.inserts or options.column_inserts or options.rows_per_insert > 1


def database_entry(dump: Dump) -> TocEntry:
    """pg_dump's DATABASE entry, which ``pg_restore -C`` runs (and ``-l`` hides without it).

    Unlike pg_dump we name no LOCALE: the generated database has none of its own, and a
    locale the restoring server lacks would make CREATE DATABASE fail.
    """
    name = dump.info.database
    ids = [e.dump_id for e in dump.entries] + [d for e in dump.entries for d in e.deps]
    owners = [e.owner for e in dump.entries if e.owner]
    return TocEntry(
        dump_id=max(ids, default=0) + 1,
        desc="DATABASE",
        tag=name,
        section=Section.PRE_DATA,
        owner=owners[0] if owners else None,
        defn=(
            f"CREATE DATABASE {quote_ident(name)} WITH TEMPLATE = template0 "
            f"ENCODING = {quote_literal(dump.info.encoding)};\n"
        ),
        drop_stmt=f"DROP DATABASE {quote_ident(name)};\n",
        catalog_id=(PG_DATABASE, FIRST_OID),
    )


def archive_entries(dump: Dump, options: WriteOptions) -> list[TocEntry]:
    """The dump's entries as an archive stores them.

    Adds the DATABASE entry after the ENCODING/STDSTRINGS/SEARCHPATH ones when the dump
    has none, and clears the COPY statement of table data written as INSERTs (pg_restore
    then runs the data as SQL).
    """
    entries = list(dump.entries)
    if _uses_inserts(options):
        entries = [replace(e, copy_stmt=None) if e.has_data else e for e in entries]
    if not any(e.desc == "DATABASE" for e in entries):
        specials = ("ENCODING", "STDSTRINGS", "SEARCHPATH")
        at = 0
        while at < len(entries) and entries[at].desc in specials:
            at += 1
        entries.insert(at, database_entry(dump))
    return entries


def dumped_by(dump: Dump) -> str | None:
    """The "pg_dump version" string: pgmock's version and the run's provenance."""
    info = dump.info
    if not info.provenance:
        return info.dumped_by or None
    return f"{info.dumped_by} ({'; '.join(info.provenance)})"
