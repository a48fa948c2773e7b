"""The sizes pgmock can generate, checked by ``validate`` before anything is allocated.

* ``MAX_ROWS``: rows in one table, after --rows, --scale and children per parent. Row
  numbers are int64 throughout the engine and generators do arithmetic on them (array
  elements are numbered ``row × max_length + i``, sequences ``start + step × row``,
  distributions see them as doubles); 10^12 keeps all of it exact, and is more than a
  run can write (about a fortnight at a million rows a second).
* ``MAX_PER_PARENT``: parent rows of a ``"rowCount": {"per": …}`` table. Each parent's
  child count is drawn up front from one stream (so the child table's size is known to
  validate and the layout does not depend on chunking), and the cumulative counts stay
  in memory for the run: 8 bytes a parent; at the limit, with a poisson count,
  validate takes about 3 s and 210 MB.
* ``CHUNK_ROWS``, ``MAX_BATCH_TEXT``: a column is generated a batch of up to 10,000 rows
  at a time (fixed: batch boundaries are part of the seed derivation), so values that are
  all as wide as their type (``bit(n)``, ``char(n)``) must keep a batch under 256 MiB of
  text; three rows of bit(83886080) took 1.3 GB.
* ``MAX_DEPTH``: levels of objects and arrays in a schema document.
* ``MAX_TYPE_NESTING``, ``MAX_COMPOSITE_FIELDS``: composite types inside composite
  types (each may use the ones declared before it, so a schema can chain thousands, or
  make a value of 3^30 fields with three fields a level); resolving and rendering a
  value recurse per level and visit every field. A value holds at most as many fields as
  a PostgreSQL row holds columns.
"""

from __future__ import annotations

__all__ = [
    "CHUNK_ROWS",
    "MAX_BATCH_TEXT",
    "MAX_COMPOSITE_FIELDS",
    "MAX_DEPTH",
    "MAX_PER_PARENT",
    "MAX_ROWS",
    "MAX_TYPE_NESTING",
]

MAX_ROWS = 10**12
CHUNK_ROWS = 10_000
MAX_BATCH_TEXT = 1 << 28
MAX_PER_PARENT = 10_000_000
# The deepest real schemas (JSON templates of composite documents) stay under 20 levels;
# Python's own recursion gives out near 1,000.
MAX_DEPTH = 64
MAX_TYPE_NESTING = 32
MAX_COMPOSITE_FIELDS = 1600
