"""Row-count overrides from the command line (``--rows TABLE=N``, ``--scale F``)."""

from __future__ import annotations

import math

from pgmock.errors import UsageError
from pgmock.schema.resolved import RTable


def apply_row_overrides(
    tables: dict[str, RTable], rows: dict[str, int], scale: float | None
) -> None:
    """``--rows TABLE=N`` and ``--scale F`` (overrides win over scaling; ``fixed``
    tables are not scaled)."""
    by_key: dict[str, int] = {}
    unknown = []
    for name, count in rows.items():
        # A table key ("sales.orders"), or a bare table name when only one table has it.
        matches = [k for k, t in tables.items() if k == name or t.name == name]
        if name in tables:
            matches = [name]
        if len(matches) != 1:
            unknown.append(name if not matches else f"{name} (ambiguous: {', '.join(matches)})")
            continue
        by_key[matches[0]] = count
    if unknown:
        raise UsageError(f"--rows names unknown table(s): {', '.join(unknown)}")
    if scale is not None and not math.isfinite(scale):
        raise UsageError(f"--scale must be a finite number, not {scale}")
    for key, table in tables.items():
        if key in by_key:
            table.row_count = by_key[key]
        elif scale is not None and not table.fixed:
            scaled = table.row_count * scale
            if not math.isfinite(scaled):
                raise UsageError(f"--scale {scale:g} makes the rows of {key} overflow")
            # A table keeps at least one row: scaled to nothing, its children and the
            # columns copied from it ("from") would have no parent.
            table.row_count = max(1, round(scaled)) if table.row_count > 0 else 0
