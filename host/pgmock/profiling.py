"""``generate --profile``: where a run's time went, per table and per column.

The engine reports each column's time in a chunk and the part of it spent rendering
text; the table's stream reports the time of the writer's per-chunk function (the text
of COPY or INSERT, and the compression of an archive's pieces) and the table's wall
time, whose remainder is the writer's own (writing, stitching, the file). Within the
per-chunk function, the time in the compressors' C calls (zlib, ISA-L, lz4, zstd and
their checksums) is *compress*, the rest *format*: a profile hook that sees only calls
into C, without touching the writers. Every figure is measured in this process, so a
profiled run uses one process (-j 1).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class TableTimes:
    columns: dict[str, list[float]] = field(default_factory=dict)  # [total, render]
    payload: float = 0.0  # the writer's per-chunk function: format and compress
    compress: float = 0.0  # of which in compressors' C calls
    wall: float = 0.0
    rows: int = 0

    @property
    def generate(self) -> float:
        return sum(total - render for total, render in self.columns.values())

    @property
    def render(self) -> float:
        return sum(render for _, render in self.columns.values())

    @property
    def format(self) -> float:
        return self.payload - self.compress

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
            # Not while cProfile runs (--profile-out): it holds the same hook.
            hook = _CompressorClock() if sys.getprofile() is None else None
            start = time.perf_counter()
            if hook is not None:
                sys.setprofile(hook)
            try:
                return fn(chunk)
            finally:
                if hook is not None:
                    sys.setprofile(None)
                    times.compress += hook.seconds
                times.payload += time.perf_counter() - start

        return timed

    def table_done(self, table: str, wall: float, rows: int) -> None:
        times = self._table(table)
        times.wall += wall
        times.rows += rows

    def report(self, total: float, top_columns: int = 5) -> list[str]:
        """Per table the four phases and its slowest columns, then the run's total."""
        lines = [
            "pgmock: profile (seconds; format and compress: the writer's per-chunk work, "
            "write: the rest of the writer's)",
            f"  {'table':<28} {'rows':>11} {'generate':>9} {'render':>8} "
            f"{'format':>8} {'compress':>8} {'write':>7}",
        ]
        for name, t in sorted(self.tables.items(), key=lambda kv: -kv[1].wall):
            if not t.wall and not t.columns:
                continue
            lines.append(
                f"  {name:<28} {t.rows:>11,} {t.generate:>9.3f} {t.render:>8.3f} "
                f"{t.format:>8.3f} {t.compress:>8.3f} {t.write:>7.3f}"
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
                "format": t.format,
                "compress": t.compress,
                "write": t.write,
                "columns": {
                    c: {"generate": total - render, "render": render}
                    for c, (total, render) in t.columns.items()
                },
            }
            for name, t in self.tables.items()
        }


# Modules whose C calls named below are compression (and its checksums).
_COMPRESSORS = ("zlib", "isal", "lz4", "zstandard", "zstd", "gzip", "bz2", "lzma")
_CALLS = frozenset({"compress", "flush", "crc32", "adler32"})


def _compressor(fn: Any) -> bool:
    if getattr(fn, "__name__", None) not in _CALLS:
        return False
    owner = getattr(fn, "__self__", None)
    module = getattr(fn, "__module__", None) or type(owner).__module__ or ""
    if owner is not None and not isinstance(owner, type(sys)):
        module = f"{module} {type(owner).__module__} {type(owner).__name__}"
    return any(name in module.lower() for name in _COMPRESSORS)


class _CompressorClock:
    """A ``sys.setprofile`` hook adding up the time spent in compressors' C calls."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._since: float | None = None

    def __call__(self, frame: Any, event: str, arg: Any) -> None:
        if event == "c_call" and self._since is None and _compressor(arg):
            self._since = time.perf_counter()
        elif event in ("c_return", "c_exception") and self._since is not None and _compressor(arg):
            self.seconds += time.perf_counter() - self._since
            self._since = None
