"""Atomic output: write under a temporary name, rename when complete.

A failed run never leaves a partial dump behind, and never clobbers an existing file
with half of a new one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pgmock.errors import UsageError


@contextmanager
def atomic_output(path: Path, directory: bool = False) -> Iterator[BinaryIO | Path]:
    """Yield a binary file (or, for directory formats, a fresh directory) to write into."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"cannot write {path}: directory {parent} does not exist")
    if directory:
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise UsageError(f'could not create directory "{path}": it exists and is not empty')
        tmpdir = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent))
        try:
            yield tmpdir
            if path.exists():
                path.rmdir()
            os.replace(tmpdir, path)
        except BaseException:
            shutil.rmtree(tmpdir, ignore_errors=True)
            raise
        return
    if path.exists() and not path.is_file():
        # A device or pipe (-f /dev/null, a FIFO): there is no file to replace, and renaming
        # over it would swap the device node for a regular file.
        with path.open("wb", buffering=1 << 20) as fh:
            yield fh
        return
    fd, tmpname = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
            yield fh
        os.chmod(tmpname, 0o666 & ~_umask())
        os.replace(tmpname, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmpname)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
