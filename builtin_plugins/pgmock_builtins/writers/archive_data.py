"""Table data for archives: payload bytes, compressed chunk by chunk in the --jobs workers.

A TABLE DATA payload is what pg_restore feeds to ``COPY … FROM stdin`` (rows, then
``\\.`` and two blank lines) or runs as SQL (``--inserts``). Each chunk of rows is
formatted and compressed where it is generated (``TableData.payloads``), and the pieces
are stitched into the single stream pg_restore expects for one data block or file:

* gzip/zlib: every chunk is raw deflate ended by a full flush, so the pieces concatenate
  into one deflate stream; the main process adds the zlib (custom) or gzip (directory)
  wrapper, a final block, and the checksum combined from the chunks' checksums. pg_restore
  needs exactly one zlib stream per custom-format block. The default compression (no
  level given) deflates with ISA-L (``isal``) at its level 2: about 13 times zlib's speed
  at its default level 6, for 5-10 % more bytes, in the same format that any inflate
  reads. An explicit level (``-Z 6``, ``-Z gzip:9``) is zlib's own level, as before.
* lz4: every chunk is a run of independent LZ4 blocks; the main process adds one frame
  header and the end mark, so a table is one LZ4 frame, as pg_dump writes it.
* zstd: every chunk is a complete Zstandard frame. pg_restore decompresses frame after
  frame, provided each frame sits in its own custom-format chunk (the writer keeps
  pieces and chunks one to one).

Chunks have a fixed number of rows, so the bytes do not depend on ``--jobs``.
"""

from __future__ import annotations

import errno
import functools
import os
import socket
import struct
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from typing import NamedTuple

from isal import isal_zlib

from pgmock_builtins.writers.plain import insert_formatter
from pgmock_sdk import Chunk, Compression, WriteOptions
from pgmock_sdk.copytext import copy_bytes
from pgmock_sdk.toc import TableData

COPY_END = b"\\.\n\n\n"  # pg_dump ends every COPY payload so, even an empty one
INSERTS_END = b"\n\n"

ADLER_BASE = 65521
GZIP_OS_UNIX = 3
LZ4_BLOCK_SIZE = 4  # block size id 4 = 64 KiB blocks, lz4's (and pg_dump's) default


class PartFile(NamedTuple):
    """A piece's bytes left in a file by the worker that made them (``--shared-output``)."""

    path: str
    length: int


class Piece(NamedTuple):
    """One chunk's payload as a worker returns it."""

    data: bytes | PartFile  # encoded (and compressed) bytes, or where a worker put them
    size: int  # uncompressed length
    check: int  # adler32 (zlib) or crc32 (gzip) of the uncompressed bytes, else 0


# ---------------------------------------------------------------------------
# Checksums of concatenations (zlib's adler32_combine and crc32_combine)
# ---------------------------------------------------------------------------


def adler32_combine(adler1: int, adler2: int, len2: int) -> int:
    """adler32 of A+B from adler32(A), adler32(B) and len(B)."""
    rem = len2 % ADLER_BASE
    sum1 = adler1 & 0xFFFF
    sum2 = (rem * sum1) % ADLER_BASE
    sum1 += (adler2 & 0xFFFF) + ADLER_BASE - 1
    sum2 += (adler1 >> 16) + (adler2 >> 16) + ADLER_BASE - rem
    sum1 %= ADLER_BASE
    sum2 %= ADLER_BASE
    return sum1 | (sum2 << 16)


CRC32_POLY = 0xEDB88320  # reflected


def _multmodp(a: int, b: int) -> int:
    """a * b modulo the CRC-32 polynomial (reflected bit order), as zlib computes it."""
    m = 1 << 31
    product = 0
    while True:
        if a & m:
            product ^= b
            if not a & (m - 1):
                return product
        m >>= 1
        b = (b >> 1) ^ CRC32_POLY if b & 1 else b >> 1


def _x2n_table() -> list[int]:
    table = [1 << 30]  # x^1
    for _ in range(31):
        table.append(_multmodp(table[-1], table[-1]))
    return table


_X2N = _x2n_table()  # x^(2^n) mod p


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """crc32 of A+B from crc32(A), crc32(B) and len(B) (zlib 1.2.12's method)."""
    power = 1 << 31  # x^0
    n, k = len2, 3  # len2 bytes = len2 * 2^3 zero bits
    while n:
        if n & 1:
            power = _multmodp(_X2N[k & 31], power)
        n >>= 1
        k += 1
    return _multmodp(power, crc1) ^ crc2


# ---------------------------------------------------------------------------
# Per-chunk work (module level: runs in the worker processes)
# ---------------------------------------------------------------------------


ISAL_LEVEL = 2  # ISA-L's own default: its levels are 0..3


def _zlib_level(level: int | None) -> int:
    return zlib.Z_DEFAULT_COMPRESSION if level is None else level


def raw_deflate(level: int | None, raw: bytes) -> bytes:
    """Raw deflate of *raw* ended by a full flush (byte-aligned, no history carried over),
    so that pieces concatenate into one stream: ISA-L by default, zlib for a given level."""
    if level is None:
        fast = isal_zlib.compressobj(ISAL_LEVEL, isal_zlib.DEFLATED, -15)
        return fast.compress(raw) + fast.flush(isal_zlib.Z_FULL_FLUSH)
    deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
    return deflate.compress(raw) + deflate.flush(zlib.Z_FULL_FLUSH)


def encode_piece(method: str, level: int | None, raw: bytes) -> Piece:
    """*raw* compressed as one piece of a stitched stream (see the module docstring)."""
    if method == "none":
        return Piece(raw, len(raw), 0)
    if method in ("zlib", "gzip"):
        # ISA-L's checksums are zlib's values, computed several times faster.
        check = isal_zlib.adler32(raw) if method == "zlib" else isal_zlib.crc32(raw)
        return Piece(raw_deflate(level, raw), len(raw), check)
    if method == "lz4":
        import lz4.frame

        frame = lz4.frame.compress(
            raw,
            compression_level=level or 0,
            block_size=LZ4_BLOCK_SIZE,
            block_linked=False,
            content_checksum=False,
            store_size=False,
        )
        head = _lz4_frame_header()
        assert frame.startswith(head) and frame.endswith(b"\x00\x00\x00\x00")
        return Piece(frame[len(head) : -4], len(raw), 0)
    if method == "zstd":
        import zstandard

        compressor = zstandard.ZstdCompressor(
            level=level or 3, write_content_size=False, write_checksum=False
        )
        return Piece(compressor.compress(raw), len(raw), 0)
    raise ValueError(f"unknown compression method {method!r}")


@functools.cache
def _lz4_frame_header() -> bytes:
    import lz4.frame

    empty = lz4.frame.compress(
        b"", block_size=LZ4_BLOCK_SIZE, block_linked=False, content_checksum=False, store_size=False
    )
    return bytes(empty[:-4])


def chunk_piece(
    method: str, level: int | None, fmt: Callable[[Chunk], str | bytes], chunk: Chunk
) -> Piece:
    """Format one chunk's rows, encode them as UTF-8 (unless *fmt* made bytes) and
    compress them."""
    text = fmt(chunk)
    return encode_piece(method, level, text if isinstance(text, bytes) else text.encode("utf-8"))


def chunk_part(
    method: str, level: int | None, fmt: Callable[[Chunk], str | bytes], stem: str, chunk: Chunk
) -> Piece:
    """:func:`chunk_piece`, its bytes written next to the output (``stem.<first row>.part``)
    by the worker that made them: only the checksum and lengths travel back. The output's
    directory is new and has a random name, so a worker that cannot see it is not on the
    shared file system."""
    piece = chunk_piece(method, level, fmt, chunk)
    data = piece.data
    assert isinstance(data, bytes)
    directory = os.path.dirname(stem)
    if not os.path.isdir(directory):
        # An OSError: the host reports it as "cannot write OUTPUT: <this>", one line.
        raise FileNotFoundError(
            errno.ENOENT,
            f"--shared-output: the directory {directory} does not exist on the machine "
            f"{socket.gethostname()} making chunks; every Dask worker must mount the output's "
            "file system at the same path (docs/dask.md)",
        )
    path = f"{stem}.{chunk.offset:012d}.part"
    with open(path, "xb") as out:
        out.write(data)
    return Piece(PartFile(path, len(data)), piece.size, piece.check)


# ---------------------------------------------------------------------------
# Stitching
# ---------------------------------------------------------------------------


def stitch(
    method: str, level: int | None, pieces: Iterator[Piece], trailer: bytes
) -> Iterator[bytes | PartFile]:
    """The stream of one data block or file, as a sequence of byte strings.

    Each yielded string stays one chunk in a custom archive (zstd frames depend on it).
    A stream's header travels with its first piece (in front of its bytes, or before
    it when the piece is a :class:`PartFile`).
    """
    if method in ("none", "zstd"):
        for piece in pieces:
            yield piece.data
        yield encode_piece(method, level, trailer).data
        return
    combine: Callable[[int, int, int], int]
    if method == "zlib":
        head = zlib.compress(b"", _zlib_level(level))[:2]  # CMF/FLG as zlib writes them
        check, combine = 1, adler32_combine
    elif method == "gzip":
        head, check, combine = gzip_header(level), 0, crc32_combine
    elif method == "lz4":
        head, check, combine = _lz4_frame_header(), 0, _no_check
    else:
        raise ValueError(f"unknown compression method {method!r}")
    size = 0
    for piece in pieces:
        check = combine(check, piece.check, piece.size)
        size += piece.size
        if isinstance(piece.data, PartFile):
            if head:
                yield head
            yield piece.data
        else:
            yield head + piece.data
        head = b""
    if method == "lz4":
        end = encode_piece("lz4", level, trailer).data
        assert isinstance(end, bytes)
        yield head + end + b"\x00\x00\x00\x00"
        return
    size += len(trailer)
    deflate = zlib.compressobj(_zlib_level(level), zlib.DEFLATED, -15)
    tail = head + deflate.compress(trailer) + deflate.flush(zlib.Z_FINISH)
    if method == "zlib":
        check = adler32_combine(check, zlib.adler32(trailer), len(trailer))
        yield tail + check.to_bytes(4, "big")
    else:
        check = crc32_combine(check, zlib.crc32(trailer), len(trailer))
        yield tail + struct.pack("<II", check, size & 0xFFFFFFFF)


def _no_check(check: int, piece_check: int, size: int) -> int:
    return 0


def gzip_header(level: int | None) -> bytes:
    """The gzip member header zlib's gzwrite writes: no name, mtime 0, OS unix."""
    lvl = 6 if level is None else level
    xfl = 2 if lvl == 9 else 4 if lvl < 2 else 0
    return bytes([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, xfl, GZIP_OS_UNIX])


# ---------------------------------------------------------------------------
# A table's payload
# ---------------------------------------------------------------------------


def _insert_formatter(data: TableData, options: WriteOptions) -> Callable[[Chunk], str]:
    """pg_dump's --inserts/--column-inserts/--rows-per-insert text for one chunk.

    The plain writer's formatter, so archives and plain scripts hold the same SQL.
    """
    return insert_formatter(data, options)


def payload_stream(
    data: TableData, copy: bool, method: str, level: int | None, options: WriteOptions
) -> Iterator[bytes]:
    """A TABLE DATA payload, compressed with *method* ("none", "zlib", "gzip", "lz4", "zstd").

    *copy*: COPY rows (else INSERT statements, as pg_dump writes with --inserts).
    """
    pieces = data.payloads(partial(chunk_piece, method, level, _formatter(data, copy, options)))
    for piece in stitch(method, level, pieces, COPY_END if copy else INSERTS_END):
        assert isinstance(piece, bytes)  # chunk_piece keeps its bytes
        yield piece


def payload_parts(
    data: TableData,
    copy: bool,
    method: str,
    level: int | None,
    options: WriteOptions,
    stem: str,
) -> Iterator[bytes | PartFile]:
    """:func:`payload_stream` with every chunk's bytes left by its worker in a part file
    named after *stem* (``--shared-output``): the caller concatenates them in order."""
    fmt = _formatter(data, copy, options)
    pieces = data.payloads(partial(chunk_part, method, level, fmt, stem))
    return stitch(method, level, pieces, COPY_END if copy else INSERTS_END)


def _formatter(
    data: TableData, copy: bool, options: WriteOptions
) -> Callable[[Chunk], str | bytes]:
    return copy_bytes if copy else _insert_formatter(data, options)


def stream_method(compress: Compression, custom: bool) -> str:
    """The stitching method for a -Z choice: gzip means zlib streams in custom archives."""
    if compress.method == "gzip" and custom:
        return "zlib"
    return compress.method
