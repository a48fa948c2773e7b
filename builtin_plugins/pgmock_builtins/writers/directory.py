"""Directory archives (``-Fd``): ``toc.dat`` plus one ``<dumpId>.dat[.gz|.lz4|.zst]`` per table.

``toc.dat`` is the custom header and TOC with the tar format byte and a file name in
place of each data offset (without the compression suffix: pg_restore looks for
``N.dat``, ``N.dat.gz``, ``N.dat.lz4``, ``N.dat.zst`` in turn). Each data file is the
payload as one gzip member, LZ4 frame or sequence of Zstandard frames. pg_dump writes
``toc.dat`` last, so a directory without it is visibly incomplete; so do we.

With ``--shared-output`` (a Dask cluster whose workers mount the output's file system),
each worker writes the compressed chunks it makes next to the output and returns only
their lengths and checksums; this process writes each file's header and trailer and
concatenates the parts in order with ``copy_file_range``, which NFS 4.2, CephFS and
reflink-capable file systems do on the server side, so the table data never passes
through Dask or this process. The file is byte for byte the one made without it.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pgmock_builtins.writers.archive_data import PartFile, payload_parts, payload_stream
from pgmock_builtins.writers.archive_format import (
    FORMAT_TAR,
    archive_entries,
    archive_version,
    data_file_name,
    dumped_by,
    encode_header,
    encode_toc,
    pg_str,
)
from pgmock_sdk import Compression, Dump, WriteOptions

DEFAULT_COMPRESSION = Compression("gzip")  # pg_dump -Fd: gzip at zlib's default level
SUFFIX = {"none": "", "gzip": ".gz", "lz4": ".lz4", "zstd": ".zst"}
_WRITE_BUFFER = 1 << 20
# copy_file_range is not available between these files (other file systems, old kernels).
_NO_COPY_FILE_RANGE = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EBADF}


def write_directory(dump: Dump, path: Path, options: WriteOptions) -> None:
    """Write *dump* into the existing, empty directory *path* as a directory archive."""
    version = archive_version(options.target_version)
    compress = options.compress or DEFAULT_COMPRESSION
    entries = archive_entries(dump, options)
    for entry in entries:
        if entry.data is None:
            continue
        target = path / (data_file_name(entry) + SUFFIX[compress.method])
        copy = bool(entry.copy_stmt)
        pieces: Iterator[bytes | PartFile]
        if options.shared_output:
            stem = str(path / f".{data_file_name(entry)}")
            pieces = payload_parts(entry.data, copy, compress.method, compress.level, options, stem)
        else:
            pieces = payload_stream(entry.data, copy, compress.method, compress.level, options)
        with target.open("xb", buffering=_WRITE_BUFFER) as out:
            for piece in pieces:
                if isinstance(piece, PartFile):
                    _append_part(out, piece)
                else:
                    out.write(piece)
    header = encode_header(
        version,
        FORMAT_TAR,
        compress,
        dump.info.database,
        dump.info.server_version or None,
        dumped_by(dump),
    )
    toc = encode_toc(entries, version, lambda e: pg_str(data_file_name(e)))
    with (path / "toc.dat").open("xb") as out:
        out.write(header + toc)


def _append_part(out: BinaryIO, part: PartFile) -> None:
    """Append a worker's part file to *out* in the kernel (a server-side copy where the
    file system has one), then remove it."""
    out.flush()
    with open(part.path, "rb") as src:
        size = os.fstat(src.fileno()).st_size
        if size != part.length:
            raise OSError(f"{part.path} has {size} bytes, its worker wrote {part.length}")
        left = size
        try:
            while left:
                copied = os.copy_file_range(src.fileno(), out.fileno(), left)
                if copied == 0:
                    raise OSError(f"{part.path} ended {left} bytes early")
                left -= copied
        except OSError as exc:
            if left != size or exc.errno not in _NO_COPY_FILE_RANGE:
                raise
            shutil.copyfileobj(src, out, _WRITE_BUFFER)
            out.flush()
    # The kernel moved the file offset behind the buffered writer's back: resynchronise it.
    out.seek(0, os.SEEK_END)
    os.unlink(part.path)
