"""Directory archives (``-Fd``): ``toc.dat`` plus one ``<dumpId>.dat[.gz|.lz4|.zst]`` per table.

``toc.dat`` is the custom header and TOC with the tar format byte and a file name in
place of each data offset (without the compression suffix: pg_restore looks for
``N.dat``, ``N.dat.gz``, ``N.dat.lz4``, ``N.dat.zst`` in turn). Each data file is the
payload as one gzip member, LZ4 frame or sequence of Zstandard frames. pg_dump writes
``toc.dat`` last, so a directory without it is visibly incomplete; so do we.
"""

from __future__ import annotations

from pathlib import Path

from pgmock_builtins.writers.archive_data import payload_stream
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


def write_directory(dump: Dump, path: Path, options: WriteOptions) -> None:
    """Write *dump* into the existing, empty directory *path* as a directory archive."""
    version = archive_version(options.target_version)
    compress = options.compress or DEFAULT_COMPRESSION
    entries = archive_entries(dump, options)
    for entry in entries:
        if entry.data is None:
            continue
        target = path / (data_file_name(entry) + SUFFIX[compress.method])
        with target.open("xb", buffering=_WRITE_BUFFER) as out:
            copy = bool(entry.copy_stmt)
            for piece in payload_stream(entry.data, copy, compress.method, compress.level, options):
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
