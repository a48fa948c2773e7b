"""``generate --profile``: where a run's time went, per table and per column.

The engine reports each column's time in a chunk and the part of it spent rendering
text; the table's stream reports the time of the writer's per-chunk function (the text
of COPY or INSERT, and the compression of an archive's pieces) and the table's wall
time, whose remainder is the writer's own (writing, stitching, the file). Every figure
is measured in this process, so a profiled run uses one process (-j 1).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class TableTimes:
    columns: dict[str, list[float]] = field(default_factory=dict)  # [total, render]
    payload: float = 0.0  # the writer's per-chunk function: format (+ compress)
    wall: float = 0.0
    rows: int = 0

    @property
    def generate(self) -> float:
        return sum(total - render for total, render in self.columns.values())

    @property
    def render(self) -> float:
        return sum(render for _, render in self.columns.values())

    @property
    def write(self) -> float:
        return max(self.wall - self.generate - self.render - self.payload, 0.0)


class RunProfile:
    """Times gathered during a run (the engine's ``timer``)."""

    def __init__(self) -> None:
        self.tables: dict[str, TableTimes] = {}

    def _table(self, table: str) -> TableTimes:
        return self.tables.setdefault(table, TableTimes())

    def column(self, table: str, column: str, seconds: float, render: float = 0.0) -> None:
        slot = self._table(table).columns.setdefault(column, [0.0, 0.0])
        slot[0] += seconds
        slot[1] += render

    def render(self, table: str, column: str, seconds: float) -> None:
        """Time spent turning a column's values into text, inside its column time."""
        self._table(table).columns.setdefault(column, [0.0, 0.0])[1] += seconds

    def payload_fn(self, table: str, fn: Callable[[Any], T]) -> Callable[[Any], T]:
        times = self._table(table)

        def timed(chunk: Any) -> T:
            start = time.perf_counter()
            try:
                return fn(chunk)
            finally:
                times.payload += time.perf_counter() - start

        return timed

    def table_done(self, table: str, wall: float, rows: int) -> None:
        times = self._table(table)
        times.wall += wall
        times.rows += rows

    def report(self, total: float, top_columns: int = 5) -> list[str]:
        """Per table the four phases and its slowest columns, then the run's total."""
        lines = [
            "pgmock: profile (seconds; format+compress is the writer's per-chunk work, "
            "write the rest of the writer's)",
            f"  {'table':<28} {'rows':>11} {'generate':>9} {'render':>8} "
            f"{'format+compress':>15} {'write':>7}",
        ]
        for name, t in sorted(self.tables.items(), key=lambda kv: -kv[1].wall):
            if not t.wall and not t.columns:
                continue
            lines.append(
                f"  {name:<28} {t.rows:>11,} {t.generate:>9.3f} {t.render:>8.3f} "
                f"{t.payload:>15.3f} {t.write:>7.3f}"
            )
            slow = sorted(t.columns.items(), key=lambda kv: -kv[1][0])[:top_columns]
            for column, (seconds, render) in slow:
                lines.append(f"      {column:<24} {'':>11} {seconds - render:>9.3f} {render:>8.3f}")
        lines.append(f"  total {total:.3f} s")
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            name: {
                "rows": t.rows,
                "generate": t.generate,
                "render": t.render,
                "format_compress": t.payload,
                "write": t.write,
                "columns": {
                    c: {"generate": total - render, "render": render}
                    for c, (total, render) in t.columns.items()
                },
            }
            for name, t in self.tables.items()
        }
