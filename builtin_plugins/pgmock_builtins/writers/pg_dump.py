"""pg_dump's archive formats as writers: custom (``-Fc``), directory (``-Fd``), tar (``-Ft``).

All three store the TOC the plain writer prints, so ``pg_restore`` (12 to 18 with the
default archive version 1.14) can list, select, reorder and restore them like pg_dump's
own archives. See docs/archives.md.

The archive code is imported when a writer is used: commands that write nothing
(``validate``, ``explain``) register the writers without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from pgmock_sdk import Dump, Registrar, WriteOptions, Writer, hookimpl
from pgmock_sdk.plugins import open_output


class CustomWriter(Writer):
    """pg_dump custom-format archive (-Fc), compressed with gzip by default."""

    name = "custom"
    formats = ("c", "custom")

    def check_options(self, options: WriteOptions) -> None:
        from pgmock_builtins.writers.archive_format import check_compression

        check_compression(
            options.compress, options.target_version, ("gzip", "lz4", "zstd"), "custom"
        )

    def write(self, dump: Dump, out: BinaryIO | Path, options: WriteOptions) -> None:
        from pgmock_builtins.writers.custom import write_custom

        with open_output(out) as stream:
            write_custom(dump, stream, options)


class DirectoryWriter(Writer):
    """pg_dump directory-format archive (-Fd): toc.dat and one gzip file per table."""

    name = "directory"
    formats = ("d", "directory")
    writes_directory = True

    def check_options(self, options: WriteOptions) -> None:
        from pgmock_builtins.writers.archive_format import check_compression

        check_compression(
            options.compress, options.target_version, ("gzip", "lz4", "zstd"), "directory"
        )

    def write(self, dump: Dump, out: BinaryIO | Path, options: WriteOptions) -> None:
        if not isinstance(out, Path):
            raise TypeError("the directory format writes a directory: give it a path")
        from pgmock_builtins.writers.directory import write_directory

        write_directory(dump, out, options)


class TarWriter(Writer):
    """pg_dump tar-format archive (-Ft): toc.dat, one member per table, restore.sql."""

    name = "tar"
    formats = ("t", "tar")

    def check_options(self, options: WriteOptions) -> None:
        from pgmock_builtins.writers.archive_format import check_compression

        check_compression(options.compress, options.target_version, (), "tar")

    def write(self, dump: Dump, out: BinaryIO | Path, options: WriteOptions) -> None:
        from pgmock_builtins.writers.tar import write_tar

        with open_output(out) as stream:
            write_tar(dump, stream, options)


@hookimpl
def pgmock_register_writers(registry: Registrar) -> None:
    registry.add_writer(CustomWriter)
    registry.add_writer(DirectoryWriter)
    registry.add_writer(TarWriter)
