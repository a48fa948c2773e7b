"""pg_dump's archives read back: header, TOC and each TABLE DATA entry's byte stream.

The layout is pg_dump's (docs/archives.md; the writers are pgmock_builtins.writers):
numbers are a sign byte and ``intSize`` little-endian bytes, strings a length (-1 for
NULL) and raw bytes; archive versions 1.12 to 1.16 differ in the header's compression
field (a level int up to 1.14, an algorithm byte from 1.15) and the TOC's fields
(``tableam`` from 1.14, ``relkind`` from 1.16). A custom archive (``-Fc``) follows its
TOC with one data block per entry — chunks of one zlib, LZ4 or Zstandard stream; a
directory archive (``-Fd``) keeps ``toc.dat`` and ``<dumpId>.dat[.gz|.lz4|.zst]`` files; a
tar archive (``-Ft``) the same as members, never compressed.
"""

from __future__ import annotations

import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pgmock.verify.streams import BLOCK, DumpFormatError, decompressed, file_blocks
from pgmock_sdk import Section, TocEntry

__all__ = ["Archive", "open_archive", "read_toc"]

MAGIC = b"PGDMP"
FORMAT_CUSTOM = 1
FORMAT_TAR = 3  # also the format byte of a directory archive's toc.dat
BLK_DATA = 1
BLK_BLOBS = 3
OFFSET_SET = 2
OFFSET_NO_DATA = 3
# Header compression from 1.15 on: an algorithm byte.
_ALGORITHMS = {0: "none", 1: "gzip", 2: "lz4", 3: "zstd"}
_SUFFIXES = (("", "none"), (".gz", "gzip"), (".lz4", "lz4"), (".zst", "zstd"))
# The oldest and newest archive versions whose layout this reader knows.
OLDEST, NEWEST = (1, 12), (1, 16)


class _Fields:
    """Reads the archive's primitive fields from a file object."""

    def __init__(self, f: IO[bytes], what: str) -> None:
        self.f = f
        self.what = what
        self.int_size = 4

    def take(self, n: int) -> bytes:
        data = self.f.read(n)
        if len(data) != n:
            raise DumpFormatError(f"{self.what} ends early (truncated?)")
        return data

    def byte(self) -> int:
        return self.take(1)[0]

    def int(self) -> int:
        sign = self.byte()
        value = int.from_bytes(self.take(self.int_size), "little")
        return -value if sign else value

    def str(self) -> str | None:
        n = self.int()
        if n < 0:
            return None
        if n > 1 << 30:
            raise DumpFormatError(f"{self.what}: a string of {n:,} bytes (corrupt TOC?)")
        try:
            return self.take(n).decode("utf-8")
        except UnicodeDecodeError:
            raise DumpFormatError(f"{self.what}: a TOC string is not UTF-8") from None


@dataclass
class DataRef:
    """Where an entry's data is: a custom archive's block position (or None: scan for
    it), a directory's file, a tar member's name."""

    entry: TocEntry
    position: int | None = None
    filename: str | None = None


@dataclass
class Archive:
    fmt: str  # custom directory tar
    version: tuple[int, int, int]
    compression: str  # none gzip lz4 zstd (custom archives: the data blocks')
    entries: list[TocEntry]
    data: dict[int, DataRef] = field(default_factory=dict)  # dump id -> where
    data_start: int = 0  # custom: the first data block's position


def read_toc(f: IO[bytes], what: str) -> Archive:
    """Header and TOC of a custom archive or of a directory/tar archive's toc.dat."""
    r = _Fields(f, what)
    if r.take(5) != MAGIC:
        raise DumpFormatError(f"{what} is not a pg_dump archive (no PGDMP header)")
    version = (r.byte(), r.byte(), r.byte())
    if not OLDEST <= version[:2] <= NEWEST:
        raise DumpFormatError(
            f"{what}: archive version {version[0]}.{version[1]} is not supported "
            f"({OLDEST[0]}.{OLDEST[1]} to {NEWEST[0]}.{NEWEST[1]} are)"
        )
    r.int_size, off_size, fmt = r.byte(), r.byte(), r.byte()
    if not 1 <= r.int_size <= 8 or not 1 <= off_size <= 16:
        raise DumpFormatError(f"{what}: integer size {r.int_size}, offset size {off_size}")
    if fmt not in (FORMAT_CUSTOM, FORMAT_TAR):
        raise DumpFormatError(f"{what}: unknown archive format byte {fmt}")
    if version >= (1, 15, 0):
        algorithm = r.byte()
        if algorithm not in _ALGORITHMS:
            raise DumpFormatError(f"{what}: unknown compression algorithm {algorithm}")
        compression = _ALGORITHMS[algorithm]
    else:
        compression = "none" if r.int() == 0 else "gzip"
    for _ in range(7):  # struct tm of the creation time
        r.int()
    r.str(), r.str(), r.str()  # database, server version, pg_dump version
    archive = Archive("custom" if fmt == FORMAT_CUSTOM else "tar", version, compression, [])
    count = r.int()
    if count < 0:
        raise DumpFormatError(f"{what}: a TOC of {count} entries")
    for _ in range(count):
        dump_id, had_dumper = r.int(), r.int()
        r.str(), r.str()  # catalog tableoid, oid
        tag, desc = r.str(), r.str()
        section = r.int()
        defn, drop, copy_stmt, namespace, tablespace = (r.str() for _ in range(5))
        tableam = r.str() if version >= (1, 14, 0) else None
        if version >= (1, 16, 0):
            r.int()  # relkind
        owner = r.str()
        r.str()  # withOids
        deps: list[int] = []
        while (dep := r.str()) is not None:
            deps.append(int(dep) if dep.isdigit() else 0)
        entry = TocEntry(
            dump_id,
            desc or "",
            tag or "",
            Section(section) if section in (1, 2, 3, 4) else Section.NONE,
            namespace=namespace,
            owner=owner,
            defn=defn,
            drop_stmt=drop,
            copy_stmt=copy_stmt,
            deps=tuple(deps),
            tablespace=tablespace,
            tableam=tableam,
        )
        archive.entries.append(entry)
        if fmt == FORMAT_CUSTOM:
            flag = r.byte()
            position = int.from_bytes(r.take(off_size), "little")
            if had_dumper and flag != OFFSET_NO_DATA:
                archive.data[dump_id] = DataRef(entry, position if flag == OFFSET_SET else None)
        else:
            name = r.str()
            if had_dumper and name:
                archive.data[dump_id] = DataRef(entry, filename=name)
    archive.data_start = f.tell()
    return archive


# ---------------------------------------------------------------------------- custom


def _custom_chunks(f: IO[bytes], r: _Fields) -> Iterator[bytes]:
    """The chunks of the data block at the file's position (after its header)."""
    while True:
        n = r.int()
        if n == 0:
            return
        if n < 0:
            raise DumpFormatError(f"{r.what}: a data chunk of {n} bytes")
        yield r.take(n)


def custom_blocks(path: str, archive: Archive) -> Iterator[tuple[int, int, Iterator[bytes]]]:
    """Every data block in file order: (position, dump id, its raw chunks). Each chunk
    iterator must be used up before the next block is asked for."""
    with open(path, "rb", buffering=BLOCK) as f:
        r = _Fields(f, path)
        r.int_size = 4
        f.seek(archive.data_start)
        while True:
            position = f.tell()
            head = f.read(1)
            if not head:
                return
            if head[0] not in (BLK_DATA, BLK_BLOBS):
                raise DumpFormatError(f"{path}: no data block at byte {position} (corrupt?)")
            dump_id = r.int()
            chunks = _custom_chunks(f, r)
            if head[0] == BLK_BLOBS:
                # large objects: (oid, chunks) until oid 0; pgmock writes none
                while r.int() != 0:
                    for _ in _custom_chunks(f, r):
                        pass
                continue
            yield position, dump_id, chunks
            for _ in chunks:  # the caller stopped early: skip the rest of the block
                pass


def custom_block_at(path: str, archive: Archive, ref: DataRef) -> Iterator[bytes]:
    """The raw chunks of one entry's data block, found by its offset."""
    assert ref.position is not None
    with open(path, "rb", buffering=BLOCK) as f:
        r = _Fields(f, path)
        f.seek(ref.position)
        if r.byte() != BLK_DATA or r.int() != ref.entry.dump_id:
            raise DumpFormatError(
                f"{path}: the data of entry {ref.entry.dump_id} is not at byte {ref.position}"
            )
        yield from _custom_chunks(f, r)


# ---------------------------------------------------------------------------- directory


def directory_file(path: str, ref: DataRef) -> tuple[str, str] | None:
    """(file, compression) of an entry's data in a directory archive, found as
    pg_restore finds it: the name, then with .gz, .lz4 and .zst."""
    assert ref.filename is not None
    for suffix, method in _SUFFIXES:
        candidate = os.path.join(path, ref.filename + suffix)
        if os.path.isfile(candidate):
            return candidate, method
    return None


# ---------------------------------------------------------------------------- tar


def tar_members(path: str) -> tuple[tarfile.TarFile, dict[str, tarfile.TarInfo]]:
    """The open tar file (the caller closes it) and its members by name."""
    tar = tarfile.open(path, "r:")  # noqa: SIM115 - returned open, closed by the caller
    try:
        members = {m.name: m for m in tar.getmembers()}
    except tarfile.TarError as exc:
        tar.close()
        raise DumpFormatError(f"{path}: not a readable tar archive: {exc}") from None
    return tar, members


def tar_blocks(tar: tarfile.TarFile, member: tarfile.TarInfo) -> Iterator[bytes]:
    f = tar.extractfile(member)
    if f is None:
        raise DumpFormatError(f"tar member {member.name} is not a file")
    with f:
        while block := f.read(BLOCK):
            yield block


def open_archive(path: str) -> Archive:
    """The TOC of the archive at *path* (a custom or tar file, or a directory)."""
    if os.path.isdir(path):
        toc = Path(path) / "toc.dat"
        if not toc.is_file():
            raise DumpFormatError(f"{path} is a directory without toc.dat (not a -F d archive)")
        with toc.open("rb") as f:
            archive = read_toc(f, str(toc))
        archive.fmt = "directory"
        return archive
    if tarfile.is_tarfile(path):
        tar, members = tar_members(path)
        with tar:
            if "toc.dat" not in members:
                raise DumpFormatError(f"{path}: a tar archive without toc.dat")
            member = tar.extractfile(members["toc.dat"])
            assert member is not None
            with member:
                archive = read_toc(member, f"{path}:toc.dat")
        archive.fmt = "tar"
        return archive
    with open(path, "rb") as f:
        archive = read_toc(f, path)
    if archive.fmt != "custom":
        raise DumpFormatError(f"{path}: a toc.dat on its own; give the directory it belongs to")
    return archive


def entry_stream(path: str, archive: Archive, ref: DataRef) -> Iterator[bytes]:
    """The uncompressed payload of one entry (random access; for a second look)."""
    if archive.fmt == "custom":
        if ref.position is not None:
            raw: Iterator[bytes] = custom_block_at(path, archive, ref)
        else:
            raw = _scan_custom(path, archive, ref.entry.dump_id)
        method = "zlib" if archive.compression == "gzip" else archive.compression
        return decompressed(raw, method)
    if archive.fmt == "directory":
        found = directory_file(path, ref)
        if found is None:
            raise DumpFormatError(f"{path}: the data file {ref.filename} is missing")
        return decompressed(file_blocks(found[0]), found[1])
    return _tar_stream(path, ref)


def _scan_custom(path: str, archive: Archive, dump_id: int) -> Iterator[bytes]:
    for _, found, chunks in custom_blocks(path, archive):
        if found == dump_id:
            yield from chunks
            return
    raise DumpFormatError(f"{path}: no data block for entry {dump_id}")


def _tar_stream(path: str, ref: DataRef) -> Iterator[bytes]:
    tar, members = tar_members(path)
    with tar:
        member = members.get(ref.filename or "")
        if member is None:
            raise DumpFormatError(f"{path}: the member {ref.filename} is missing")
        yield from tar_blocks(tar, member)
