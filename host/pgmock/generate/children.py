"""Parent rows of children per parent, of trees and of keys made of foreign keys.

``"rowCount": {"per": "users", …}``: the resolver draws how many children each parent
row gets (:func:`pgmock.schema.relations.child_counts`); child rows are laid out parent
by parent, so row ``r`` belongs to the first parent whose cumulative count exceeds ``r``,
found with a binary search over the cumulative counts (no per-row loop). ``maxDepth``:
rows are laid out in levels, each row's parent on the level above. A key made only of
foreign keys numbers the combinations of parents (:func:`combination_grid`).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray


def parent_rows(cumulative: NDArray[np.int64], offset: int, n: int) -> NDArray[np.int64]:
    """The parent row of child rows offset … offset+n-1."""
    if n <= 0:
        return np.zeros(0, np.int64)
    # The chunk's parents are a narrow slice of the counts: two scalar searches find it,
    # and each of those parents is repeated for its rows within the chunk (a search of
    # every row in a whole table's counts, megabytes at a million parents, thrashed the
    # cache on every chunk).
    lo = int(np.searchsorted(cumulative, offset, side="right"))
    # rows past the last parent's get len(cumulative), as a search of each row would
    hi = min(int(np.searchsorted(cumulative, offset + n - 1, side="right")), len(cumulative) - 1)
    if lo > hi:
        return np.full(n, len(cumulative), np.int64)
    ends = np.minimum(cumulative[lo : hi + 1], offset + n)
    ends -= offset
    counts = ends.copy()
    counts[1:] -= ends[:-1]
    rows = np.repeat(np.arange(lo, hi + 1, dtype=np.int64), counts)
    if len(rows) < n:
        rows = np.concatenate([rows, np.full(n - len(rows), len(cumulative), np.int64)])
    return rows


def row_starts(cumulative: NDArray[np.int64], parents: NDArray[np.int64]) -> NDArray[np.int64]:
    """The first child row of each parent in ``parents``."""
    before = cumulative[np.maximum(parents - 1, 0)]
    return np.where(parents > 0, before, 0).astype(np.int64)


def tree_levels(rows: int, depth: int, branching: float = 3.0) -> NDArray[np.int64]:
    """Row boundaries of the tree's levels: level k holds rows [bounds[k-1], bounds[k]).

    Level sizes grow by ``branching`` (a few roots, many leaves); every level has a row
    when there are enough rows.
    """
    if rows <= depth:
        # too few rows for every level: a chain of one row per level, its top a root
        sizes = np.zeros(depth + 1, np.int64)
        sizes[:rows] = 1
        return np.cumsum(sizes)
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


# The largest domain pgmock_sdk.unique.permute takes.
_POSITIONS = 1 << 63


def combination_grid(sizes: list[int]) -> list[int] | None:
    """How many rows of each parent a key of foreign keys picks among: None (all of them)
    when the combinations fit in 2**63 positions; else a grid of at most 2**63 cells, as
    even across the parents as their sizes allow (rows never need more)."""
    if math.prod(sizes) <= _POSITIONS:
        return None
    grid = [0] * len(sizes)
    budget = _POSITIONS
    smallest_first = sorted(range(len(sizes)), key=lambda i: sizes[i])
    for left, i in zip(range(len(sizes), 0, -1), smallest_first):
        share = _iroot(budget, left)
        grid[i] = max(1, min(sizes[i], share))
        budget //= grid[i]
    return grid


def _iroot(value: int, k: int) -> int:
    """The integer k-th root of ``value`` (the largest r with r**k <= value)."""
    root = round(value ** (1 / k))
    while root**k > value:
        root -= 1
    while (root + 1) ** k <= value:
        root += 1
    return root
