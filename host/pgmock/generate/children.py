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


def tree_levels(rows: int, depth: int, branching: float = 3.0) -> NDArray[np.int64]:
    """Row boundaries of the tree's levels: level k holds rows [bounds[k-1], bounds[k]).

    Level sizes grow by ``branching`` (a few roots, many leaves); every level has a row
    when there are enough rows.
    """
    weights = branching ** np.arange(depth + 1, dtype=np.float64)
    sizes = np.floor(rows * weights / weights.sum()).astype(np.int64)
    sizes = np.maximum(sizes, 1 if rows > depth else 0)
    sizes[-1] = rows - sizes[:-1].sum()
    return np.cumsum(sizes)


def tree_parents(
    rows: int, depth: int, offset: int, n: int, rng: np.random.Generator
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Parent rows for rows offset … offset+n-1 of a tree at most ``depth`` levels deep.

    A row of level k picks a parent uniformly from level k-1, so depth is bounded and no
    cycle can form; level 0 rows are roots (their parent is NULL, flagged in the mask).
    """
    bounds = tree_levels(rows, depth)
    starts = np.concatenate(([0], bounds[:-1]))
    own = np.arange(offset, offset + n, dtype=np.int64)
    level = np.searchsorted(bounds, own, side="right")
    roots = level == 0
    upper = np.maximum(level - 1, 0)
    lo, size = starts[upper], np.maximum(bounds[upper] - starts[upper], 1)
    parents = lo + np.floor(rng.random(n) * size).astype(np.int64)
    parents[roots] = 0
    return parents, roots
