"""Children per parent: ``"rowCount": {"per": "users", …}``.

Counts are drawn once per run for every parent row from their own seed stream, so the
child table's size and its grouping depend only on the schema and the seed. Child rows are
laid out parent by parent; row ``r`` belongs to the first parent whose cumulative count
exceeds ``r``, found with a binary search over the cumulative counts (no per-row loop).
"""

from __future__ import annotations

import zlib

import numpy as np
from numpy.typing import NDArray

from pgmock.schema.model import PerParent
from pgmock.schema.resolved import DistributionChoice


def child_counts(
    parents: int, spec: PerParent, dist: DistributionChoice | None, seed: int, table: str
) -> NDArray[np.int64]:
    """How many child rows each of ``parents`` parent rows gets."""
    stream = np.random.SeedSequence(
        seed, spawn_key=(zlib.crc32(table.encode()), zlib.crc32(b"rowCount"))
    )
    rng = np.random.Generator(np.random.PCG64(stream))
    if spec.count is not None:
        return np.full(parents, spec.count, dtype=np.int64)
    if spec.min is not None and spec.max is not None:
        return rng.integers(spec.min, spec.max, parents, endpoint=True, dtype=np.int64)
    assert dist is not None
    drawn = dist.cls(dist.params).sample(parents, rng, 0)
    return np.maximum(np.rint(drawn), 0).astype(np.int64)


def parent_rows(cumulative: NDArray[np.int64], offset: int, n: int) -> NDArray[np.int64]:
    """The parent row of child rows offset … offset+n-1."""
    rows = np.arange(offset, offset + n, dtype=np.int64)
    return np.searchsorted(cumulative, rows, side="right").astype(np.int64)
