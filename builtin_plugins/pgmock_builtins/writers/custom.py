"""Custom archives (``-Fc``): header, TOC, then one data block per TABLE DATA entry.

Like pg_dump, the TOC is written first with provisional offsets and, when the output is
seekable (a file), written again once the data blocks' positions are known, so
``pg_restore -j N`` can seek straight to each block. Offsets have a fixed width, so the
rewritten TOC has the same length. A pipe keeps "position not set" offsets; pg_restore
then reads such an archive front to back, which a serial restore does.
"""

from __future__ import annotations

import fcntl
import io
import os
from typing import BinaryIO

from pgmock_builtins.writers.archive_data import payload_stream, stream_method
from pgmock_builtins.writers.archive_format import (
    FORMAT_CUSTOM,
    OFFSET_NO_DATA,
    OFFSET_NOT_SET,
    OFFSET_SET,
    archive_entries,
    archive_version,
    dumped_by,
    encode_header,
    encode_toc,
    pg_int,
    pg_offset,
)
from pgmock_sdk import Compression, Dump, TocEntry, WriteOptions

BLK_DATA = b"\x01"
DEFAULT_COMPRESSION = Compression("gzip")  # pg_dump -Fc: zlib at its default level


def is_seekable(out: BinaryIO) -> bool:
    """Whether the TOC can be rewritten in place: a regular file not opened for appending."""
    try:
        if not out.seekable():
            return False
        out.tell()
    except (AttributeError, OSError, ValueError):
        return False  # a write-only stream object
    try:
        flags = fcntl.fcntl(out.fileno(), fcntl.F_GETFL)
    except (OSError, ValueError, io.UnsupportedOperation):
        return True  # seekable without a file descriptor: an in-memory buffer
    return not flags & os.O_APPEND


class _Counter:
    """Writes through to the output and counts the bytes (positions without tell())."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.pos = 0

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.pos += len(data)


def write_custom(dump: Dump, out: BinaryIO, options: WriteOptions) -> None:
    """Write *dump* to *out* as a pg_dump custom-format archive."""
    version = archive_version(options.target_version)
    compress = options.compress or DEFAULT_COMPRESSION
    method = stream_method(compress, custom=True)
    entries = archive_entries(dump, options)
    header = encode_header(
        version,
        FORMAT_CUSTOM,
        compress,
        dump.info.database,
        dump.info.server_version or None,
        dumped_by(dump),
    )
    positions: dict[int, int] = {}

    def offset(entry: TocEntry) -> bytes:
        if not entry.has_data:
            return pg_offset(OFFSET_NO_DATA)
        if entry.dump_id in positions:
            return pg_offset(OFFSET_SET, positions[entry.dump_id])
        return pg_offset(OFFSET_NOT_SET)

    seekable = is_seekable(out)
    start = out.tell() if seekable else 0
    sink = _Counter(out)
    sink.write(header)
    toc = encode_toc(entries, version, offset)
    sink.write(toc)
    for entry in entries:
        if entry.data is None:
            continue
        positions[entry.dump_id] = sink.pos
        sink.write(BLK_DATA + pg_int(entry.dump_id))
        copy = bool(entry.copy_stmt)
        for piece in payload_stream(entry.data, copy, method, compress.level, options):
            if piece:  # a zero length would end the block
                sink.write(pg_int(len(piece)))
                sink.write(piece)
        sink.write(pg_int(0))
    if seekable and positions:
        end = out.tell()
        out.seek(start + len(header))
        rewritten = encode_toc(entries, version, offset)
        assert len(rewritten) == len(toc)
        out.write(rewritten)
        out.seek(end)
