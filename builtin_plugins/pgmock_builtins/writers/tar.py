"""Tar archives (``-Ft``): ``toc.dat``, one ``<dumpId>.dat`` per table, ``restore.sql``.

The members and their headers are pg_dump's: ustar, mode 0600, uid 04000, gid 02000,
owner ``postgres``, octal fields ending in a space, and two zero blocks at the end with no
padding to a 10 KiB record. pg_restore reads a tar archive strictly in order, so the data
members follow the TOC order. A tar header needs the member's size before its content:
on a seekable output the header is patched after the data; on a pipe each member is first
spooled to a temporary file, as pg_dump does. Tar archives are never compressed.
"""

from __future__ import annotations

import calendar
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from pgmock_builtins.writers.archive_data import payload_stream
from pgmock_builtins.writers.archive_format import (
    FORMAT_TAR,
    archive_entries,
    archive_version,
    created_time,
    data_file_name,
    dumped_by,
    encode_header,
    encode_toc,
    pg_str,
)
from pgmock_builtins.writers.custom import is_seekable
from pgmock_builtins.writers.restore_script import restore_script
from pgmock_sdk import Compression, Dump, WriteOptions

BLOCK = 512
NO_COMPRESSION = Compression("none")


def _tar_number(value: int, width: int) -> bytes:
    """pg_dump's print_tar_number: zero-padded octal and a space, else base-256."""
    if value < 1 << ((width - 1) * 3):
        return f"{value:0{width - 1}o} ".encode("ascii")
    out = bytearray(width)
    out[0] = 0x80
    for i in range(width - 1, 0, -1):
        out[i] = value & 0xFF
        value >>= 8
    return bytes(out)


def tar_header(name: str, size: int, mtime: int) -> bytes:
    """A ustar member header exactly as pg_dump's tarCreateHeader writes it."""
    raw = name.encode("utf-8")
    if len(raw) >= 100:
        raise ValueError(f"tar member name too long: {name}")
    h = bytearray(BLOCK)
    h[0 : len(raw)] = raw
    h[100:108] = _tar_number(0o600, 8)
    h[108:116] = _tar_number(0o4000, 8)
    h[116:124] = _tar_number(0o2000, 8)
    h[124:136] = _tar_number(size, 12)
    h[136:148] = _tar_number(mtime, 12)
    h[156] = ord("0")
    h[257:263] = b"ustar\x00"
    h[263:265] = b"00"
    h[265:273] = b"postgres"
    h[297:305] = b"postgres"
    h[329:337] = _tar_number(0, 8)
    h[337:345] = _tar_number(0, 8)
    # The checksum counts its own field as spaces.
    checksum = sum(h[:148]) + 8 * ord(" ") + sum(h[156:])
    h[148:156] = _tar_number(checksum, 8)
    return bytes(h)


def _padding(size: int) -> bytes:
    return b"\x00" * (-size % BLOCK)


class _TarOut:
    def __init__(self, out: BinaryIO, mtime: int) -> None:
        self.out = out
        self.mtime = mtime
        self.seekable = is_seekable(out)

    def member(self, name: str, content: bytes) -> None:
        self.out.write(tar_header(name, len(content), self.mtime))
        self.out.write(content)
        self.out.write(_padding(len(content)))

    def streamed_member(self, name: str, pieces: Iterable[bytes]) -> None:
        """A member whose size is known only once its content is written."""
        if self.seekable:
            start = self.out.tell()
            self.out.write(tar_header(name, 0, self.mtime))
            size = 0
            for piece in pieces:
                self.out.write(piece)
                size += len(piece)
            end = self.out.tell()
            self.out.seek(start)
            self.out.write(tar_header(name, size, self.mtime))
            self.out.seek(end)
        else:
            with tempfile.TemporaryFile() as spool:
                size = 0
                for piece in pieces:
                    spool.write(piece)
                    size += len(piece)
                spool.seek(0)
                self.out.write(tar_header(name, size, self.mtime))
                shutil.copyfileobj(spool, self.out, 1 << 20)
        self.out.write(_padding(size))

    def close(self) -> None:
        self.out.write(b"\x00" * (2 * BLOCK))


def write_tar(dump: Dump, out: BinaryIO, options: WriteOptions) -> None:
    """Write *dump* to *out* as a pg_dump tar-format archive."""
    version = archive_version(options.target_version)
    entries = archive_entries(dump, options)
    created = created_time()
    tar = _TarOut(out, calendar.timegm((*created, 0, 0, 0)))
    header = encode_header(
        version,
        FORMAT_TAR,
        NO_COMPRESSION,
        dump.info.database,
        dump.info.server_version or None,
        dumped_by(dump),
        created,
    )
    tar.member(
        "toc.dat", header + encode_toc(entries, version, lambda e: pg_str(data_file_name(e)))
    )
    for entry in entries:
        if entry.data is not None:
            copy = bool(entry.copy_stmt)
            pieces: Iterator[bytes] = payload_stream(entry.data, copy, "none", None, options)
            tar.streamed_member(data_file_name(entry), pieces)
    script = restore_script(dump, entries, options, dumped_by(dump))
    tar.member("restore.sql", script.encode("utf-8"))
    tar.close()
