"""Key sets of any size in bounded memory: 64-bit hashes, sorted runs, spilled to disk.

A key (the values of a unique constraint's or a foreign key's columns in one row) is
kept as a 64-bit hash: 8 bytes per row whatever the values' length. Hashes gather in
memory; when all key sets together hold more than the budget (``--work-mem``, like
PostgreSQL's setting for sorts), the largest buffer is sorted and written to a temporary
file as a *run*. At the end each key set is read back as one ascending stream, merged
from its runs a block at a time, so memory stays at a few blocks per run:

* repeated hashes are candidate duplicates (real ones, or a 64-bit collision, about
  n²/2⁶⁵: 1 in 370,000 at 10 million keys); the caller re-reads those rows and compares
  the values themselves, so a reported duplicate is exact;
* a child key whose hash is in no parent key set has no parent row (exact); a hash that
  matches could in theory be a collision hiding a missing parent, with a probability of
  about parents/2⁶⁴ per missing key (1 in 2·10¹² at 10 million parents).

Hashes are Python's string hash (SipHash, keyed per process): the same key hashes alike
in every key set of one run, and the sets are never compared across runs.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence

import numpy as np

__all__ = ["HashSet", "Spill", "hash_keys", "missing", "repeated"]

MERGE_BLOCK = 1 << 16  # hashes read from each run at a time
_U64 = np.dtype(np.uint64)


def hash_keys(columns: Sequence[Sequence[str]]) -> np.ndarray:
    """The 64-bit hash of each row's key (one or more columns of non-NULL values)."""
    n = len(columns[0])
    if len(columns) == 1:
        hashes = np.fromiter(map(hash, columns[0]), np.int64, n)
    else:
        hashes = np.fromiter(map(hash, zip(*columns)), np.int64, n)
    return hashes.view(np.uint64)


class Spill:
    """The memory budget shared by every key set, and the directory runs spill to."""

    def __init__(self, budget_bytes: int, temp_dir: str | None = None) -> None:
        self.budget = max(budget_bytes, 1 << 20)
        self.temp_dir = temp_dir
        self._dir: str | None = None
        self.sets: list[HashSet] = []
        self.spilled_bytes = 0
        self.runs_written = 0

    @property
    def in_memory(self) -> int:
        return sum(s.buffered for s in self.sets)

    def directory(self) -> str:
        if self._dir is None:
            self._dir = tempfile.mkdtemp(prefix="pgmock-verify-", dir=self.temp_dir)
        return self._dir

    def after_add(self) -> None:
        while self.in_memory > self.budget:
            largest = max(self.sets, key=lambda s: s.buffered)
            if largest.buffered == 0:
                return
            largest.spill()

    def close(self) -> None:
        for s in self.sets:
            s.drop()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class HashSet:
    """A multiset of 64-bit hashes: in-memory parts, plus sorted runs on disk."""

    def __init__(self, spill: Spill, label: str) -> None:
        self.spill_to = spill
        self.label = label
        self.parts: list[np.ndarray] = []
        self.buffered = 0  # bytes held in memory
        self.runs: list[str] = []
        self.count = 0
        spill.sets.append(self)

    def add(self, hashes: np.ndarray) -> None:
        if hashes.size == 0:
            return
        self.parts.append(np.asarray(hashes, dtype=np.uint64))
        self.buffered += hashes.nbytes
        self.count += hashes.size
        self.spill_to.after_add()

    def spill(self) -> None:
        """Sort the in-memory hashes and write them out as a run."""
        if not self.parts:
            return
        run = np.concatenate(self.parts)
        self.parts = []
        self.buffered = 0
        run.sort()
        path = os.path.join(self.spill_to.directory(), f"run-{self.spill_to.runs_written}.u64")
        run.tofile(path)
        self.spill_to.runs_written += 1
        self.spill_to.spilled_bytes += run.nbytes
        self.runs.append(path)

    def drop(self) -> None:
        self.parts = []
        self.buffered = 0
        for path in self.runs:
            with contextlib.suppress(OSError):
                os.unlink(path)
        self.runs = []

    def blocks(self) -> Iterator[np.ndarray]:
        """Every hash in ascending order, as a sequence of sorted blocks."""
        sources: list[np.ndarray] = [np.memmap(p, dtype=_U64, mode="r") for p in self.runs]
        if self.parts:
            mem = np.concatenate(self.parts) if len(self.parts) > 1 else self.parts[0].copy()
            mem.sort()
            self.parts = [mem]
            sources.append(mem)
        sources = [s for s in sources if s.size]
        if len(sources) == 1:
            only = sources[0]
            for i in range(0, only.size, MERGE_BLOCK * 16):
                yield np.asarray(only[i : i + MERGE_BLOCK * 16])
            return
        yield from _merge(sources)


def _merge(sources: list[np.ndarray]) -> Iterator[np.ndarray]:
    """K-way merge of sorted arrays, a window of each at a time: everything up to the
    smallest window end of the runs that go on is safe to emit."""
    pos = [0] * len(sources)
    while True:
        windows = []
        bound: np.uint64 | None = None
        for src, p in zip(sources, pos):
            window = np.asarray(src[p : p + MERGE_BLOCK])
            windows.append(window)
            if window.size and p + window.size < src.size:
                last = window[-1]
                bound = last if bound is None or last < bound else bound
        if not any(w.size for w in windows):
            return
        taken = []
        for i, window in enumerate(windows):
            k = window.size if bound is None else int(np.searchsorted(window, bound, "right"))
            taken.append(window[:k])
            pos[i] += k
        out = np.concatenate(taken)
        out.sort()
        yield out


def repeated(hashes: HashSet, limit: int) -> tuple[np.ndarray, int]:
    """Hashes that occur more than once (at most *limit* of them, the smallest), and how
    many occurrences repeat an earlier one in all."""
    found: list[np.ndarray] = []
    kept = 0
    extra = 0
    prev: np.ndarray | None = None
    for block in hashes.blocks():
        if block.size == 0:
            continue
        joined = block if prev is None else np.concatenate((prev, block))
        same = joined[1:] == joined[:-1]
        extra += int(np.count_nonzero(same))
        if kept < limit and same.any():
            dup = np.unique(joined[1:][same])
            if found and dup.size and dup[0] == found[-1][-1]:
                dup = dup[1:]
            dup = dup[: limit - kept]
            found.append(dup)
            kept += dup.size
        prev = block[-1:]
    out = np.concatenate(found) if found else np.empty(0, np.uint64)
    return out, extra


def missing(children: HashSet, parents: HashSet, limit: int) -> tuple[np.ndarray, int]:
    """Child hashes found in no parent set (at most *limit* distinct ones, the smallest),
    and how many child keys (with repeats) are missing in all.

    A merge join of the two ascending streams: one block of each in memory at a time.
    """
    pblocks = parents.blocks()
    pbuf: np.ndarray | None = next(pblocks, None)
    found: list[np.ndarray] = []
    kept = 0
    total = 0

    def lose(values: np.ndarray) -> None:
        nonlocal kept, total
        total += values.size
        if values.size and kept < limit:
            distinct = np.unique(values)
            if found and distinct[0] == found[-1][-1]:
                distinct = distinct[1:]
            distinct = distinct[: limit - kept]
            found.append(distinct)
            kept += distinct.size

    for block in children.blocks():
        i = 0
        while i < block.size:
            if pbuf is None:  # no parents left: the rest has none
                lose(block[i:])
                break
            if pbuf.size == 0:
                pbuf = next(pblocks, None)
                continue
            j = int(np.searchsorted(block, pbuf[-1], "right"))
            seg = block[i:j]
            if seg.size:
                lose(seg[~member_mask(seg, pbuf)])
            i = j
            if i < block.size:  # children beyond this parent block: on to the next
                pbuf = next(pblocks, None)
    out = np.concatenate(found) if found else np.empty(0, np.uint64)
    return out, total


def member_mask(hashes: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Which of *hashes* are among the sorted *wanted* hashes."""
    if wanted.size == 0:
        return np.zeros(hashes.size, bool)
    idx = np.searchsorted(wanted, hashes)
    idx[idx >= wanted.size] = 0
    return wanted[idx] == hashes
