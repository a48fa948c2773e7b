"""The C allocator's heap padding while generating.

Every chunk allocates and frees a few megabytes (the rows' text, numpy arrays, the
compressor's buffers). With glibc's defaults each chunk grows the heap with ``brk`` and
the free at its end trims it back, so the next chunk faults the same pages in again: a
third of the system time of ``pgmock generate -F c -j 2`` went to it. Asking glibc to
grow (and keep) the heap 32 MiB at a time makes the pages stay mapped from one chunk to
the next. The memory is reused, not added: the peak resident size does not change
(``bench/archive_bench.py``, ``bench/memory_bench.py``).

Only glibc has ``mallopt``; elsewhere, and when the user set ``MALLOC_TOP_PAD_`` (glibc's
own variable for the same setting), this does nothing.
"""

from __future__ import annotations

import ctypes
import os
import sys

M_TOP_PAD = -2  # glibc's malloc.h
M_MMAP_THRESHOLD = -3
TOP_PAD = 32 << 20
# Setting the padding turns off glibc's adaptive mmap threshold, which would otherwise
# have risen to serve the chunks' buffers from the heap: fix it at glibc's largest.
MMAP_THRESHOLD = 32 << 20


def pad_heap() -> bool:
    """Set glibc's heap padding for this process and the workers it forks; False where
    it does not apply."""
    if not sys.platform.startswith("linux") or "MALLOC_TOP_PAD_" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt symbol to set)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_TOP_PAD, TOP_PAD)) and bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
