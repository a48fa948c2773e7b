"""Byte streams of a dump: decompression and a buffered reader that scanners consume.

Every format ends up as byte blocks: a plain file (maybe gzip'd by the user), a custom
archive's chunks (one zlib, LZ4 or Zstandard stream per data block), a directory
archive's ``N.dat[.gz|.lz4|.zst]`` files, a tar member. :func:`decompressed` turns a
compressed stream into plain bytes block by block (several gzip members, LZ4 frames or
Zstandard frames in a row are read as pg_restore reads them); :class:`ByteReader` lets a
scanner look ahead, find markers and consume, with the absolute position and the line
count of what it consumed, in memory bounded by the largest block it asks for.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pgmock.errors import UsageError

__all__ = ["ByteReader", "DumpFormatError", "decompressed", "file_blocks", "sniff_compression"]

BLOCK = 1 << 20

# Magic numbers of the compressed streams pg_dump writes (or a user's `gzip dump.sql`).
_MAGIC = {
    b"\x1f\x8b": "gzip",
    b"\x04\x22\x4d\x18": "lz4",
    b"\x28\xb5\x2f\xfd": "zstd",
}
# The Python package each method needs, and the pgmock extra that installs it.
_PACKAGES = {"lz4": ("lz4.frame", "lz4"), "zstd": ("zstandard", "zstd")}


class DumpFormatError(ValueError):
    """The dump's bytes are not what pg_dump (or pgmock) writes: truncated, corrupt, or not
    a dump at all. ``row`` (1-based) and ``line`` locate it when known."""

    def __init__(self, message: str, row: int | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.row = row
        self.line = line


def sniff_compression(head: bytes) -> str:
    """ "gzip", "lz4", "zstd" from a stream's first bytes, else "none"."""
    for magic, method in _MAGIC.items():
        if head.startswith(magic):
            return method
    return "none"


def file_blocks(path: str, start: int = 0, size: int = BLOCK) -> Iterator[bytes]:
    """A file's bytes from *start* in blocks; the file is closed when the iterator is."""
    with open(path, "rb") as f:
        f.seek(start)
        while block := f.read(size):
            yield block


def _need(method: str) -> Any:
    module, extra = _PACKAGES[method]
    try:
        if method == "lz4":
            import lz4.frame

            return lz4.frame
        import zstandard

        return zstandard
    except ImportError:
        raise UsageError(
            f"the dump is compressed with {method}; reading it needs the Python package "
            f"{module.split('.')[0]}: pip install 'pgmockdb[{extra}]'"
        ) from None


def decompressed(blocks: Iterable[bytes], method: str) -> Iterator[bytes]:
    """The plain bytes of a stream compressed with *method* ("none", "zlib", "gzip",
    "lz4", "zstd"). Raises DumpFormatError on corrupt or truncated data."""
    if method == "none":
        yield from blocks
        return
    new: Callable[[], Any]
    if method in ("zlib", "gzip"):
        wbits = zlib.MAX_WBITS if method == "zlib" else 16 + zlib.MAX_WBITS

        def new() -> Any:
            return zlib.decompressobj(wbits)

        errors: tuple[type[Exception], ...] = (zlib.error,)
    elif method == "lz4":
        frame = _need("lz4")
        new = frame.LZ4FrameDecompressor
        errors = (RuntimeError, ValueError)
    elif method == "zstd":
        zstd = _need("zstd")

        def new() -> Any:
            return zstd.ZstdDecompressor().decompressobj()

        errors = (zstd.ZstdError,)
    else:
        raise ValueError(f"unknown compression method {method!r}")
    dec = new()
    started = False  # a member/frame has begun and not ended
    try:
        for block in blocks:
            while block:
                out = dec.decompress(block)
                started = True
                if out:
                    yield out
                if not dec.eof:
                    break
                # One stream ended: what follows is the next gzip member / LZ4 or zstd
                # frame (pg_restore reads them in a row), or nothing.
                block = dec.unused_data
                dec = new()
                started = False
    except errors as exc:
        raise DumpFormatError(f"corrupt {method} data: {exc}") from None
    if started and method in ("zlib", "gzip") and not dec.eof:
        raise DumpFormatError(f"{method} data ends before its stream does (truncated?)")
    if started and method in ("lz4", "zstd") and not dec.eof:
        raise DumpFormatError(f"{method} data ends before its frame does (truncated?)")


class ByteReader:
    """Look-ahead over a stream of byte blocks.

    ``buf[pos:]`` is what has been read and not consumed; :meth:`fill` reads another
    block. ``offset`` is the absolute position of ``buf[pos]`` in the stream and ``line``
    the 1-based line number there (lines are counted in what is consumed).
    """

    def __init__(self, blocks: Iterable[bytes], offset: int = 0, line: int = 1) -> None:
        self._blocks = iter(blocks)
        self.buf = b""
        self.pos = 0
        self.offset = offset
        self.line = line
        self.eof = False
        # A corrupt stream ends where it breaks; the error waits for the consumer that
        # reaches that point (read-ahead must not blame a table that ended before it).
        self.error: DumpFormatError | None = None

    def fill(self) -> bool:
        """Read one more block; False at the end of the stream."""
        if self.eof:
            return False
        try:
            block = next(self._blocks, None)
        except DumpFormatError as exc:
            self.error, block = exc, None
        if block is None:
            self.eof = True
            return False
        if self.pos:
            self.buf = self.buf[self.pos :] + block
            self.pos = 0
        else:
            self.buf += block
        return True

    def available(self) -> int:
        return len(self.buf) - self.pos

    def ensure(self, n: int) -> bool:
        """At least *n* unconsumed bytes, unless the stream ends first."""
        while self.available() < n:
            if not self.fill():
                return False
        return True

    def peek(self, n: int) -> bytes:
        return self.buf[self.pos : self.pos + n]

    def find(self, sub: bytes, start: int = 0) -> int:
        """Index of *sub* in the unconsumed bytes (from *start*), or -1."""
        i = self.buf.find(sub, self.pos + start)
        return -1 if i < 0 else i - self.pos

    def take(self, n: int) -> bytes:
        """Consume *n* bytes (fewer at the end of the stream)."""
        out = self.buf[self.pos : self.pos + n]
        self.pos += len(out)
        self.offset += len(out)
        self.line += out.count(b"\n")
        if self.pos > BLOCK and self.pos * 2 > len(self.buf):
            self.buf = self.buf[self.pos :]
            self.pos = 0
        return out

    def read_line(self) -> bytes | None:
        """The next line with its newline (the last line may lack it); None at the end."""
        start = 0
        while True:
            i = self.find(b"\n", start)
            if i >= 0:
                return self.take(i + 1)
            start = self.available()
            if not self.fill():
                return self.take(self.available()) if self.available() else None

    def raise_error(self) -> None:
        """Raise the stream's error, once, if reading ran into one."""
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def close(self) -> None:
        close = getattr(self._blocks, "close", None)
        if close is not None:
            close()
