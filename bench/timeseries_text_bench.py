"""Values per second of the time-series and Markov-text generators (generate + render) at
the host's chunk size, 10,000 rows per batch, each batch with its own rng.

Run: ``python bench/timeseries_text_bench.py [rows]`` (default 200000). "setup" is the
first chunk, which also builds what is cached per column or per process (the event-time
intensity grid, the corpora's vocabulary and chains).
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np

from pgmock.render.values import render_values
from pgmock_builtins import markov_gen as mg
from pgmock_builtins import timeseries_gen as ts
from pgmock_sdk import ColumnInfo, GenContext, Generator, parse_type

CHUNK = 10_000


def bench(
    rows: int,
    label: str,
    cls: type[Generator],
    type_name: str,
    params: dict[str, Any],
    columns: dict[str, np.ndarray] | None = None,
    unique: bool = False,
) -> None:
    pgtype = parse_type(type_name)
    col = ColumnInfo("public", "t", "c", pgtype, unique=unique, row_count=rows, key=42)
    gen = cls(cls.Params.model_validate(params), col)

    def batch(i: int) -> None:
        earlier = {k: v[i * CHUNK : (i + 1) * CHUNK] for k, v in (columns or {}).items()}
        ctx = GenContext(col, i * CHUNK, earlier)
        render_values(gen.generate(CHUNK, np.random.default_rng(i), ctx), pgtype, "bench")

    t0 = time.perf_counter()
    batch(0)
    setup = time.perf_counter() - t0
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for i in range(rows // CHUNK):
            batch(i)
        best = min(best, time.perf_counter() - t0)
    print(f"  {label:<46} {rows / best:12,.0f} values/s   setup {setup * 1000:6.1f} ms")


def main(rows: int = 200_000) -> None:
    rows = max(CHUNK, rows // CHUNK * CHUNK)
    print(f"generate + render, {rows:,} rows in chunks of {CHUNK:,}: best of 3")
    events = {
        "daily_amplitude": 0.9,
        "weekly_amplitude": 0.3,
        "yearly_amplitude": 0.2,
        "business_days": True,
        "business_hours": "08:00-20:00",
        "us_holidays": True,
        "bursts": 5,
        "noise": 0.3,
        "trend": 0.5,
    }
    decade = {**events, "start": "2015-01-01", "end": "2024-12-31T23:59:59"}
    times = np.sort(np.random.default_rng(1).integers(1_704_067_200, 1_735_689_599, rows))
    stars = np.random.default_rng(2).integers(1, 6, rows)
    cases: list[tuple[Any, ...]] = [
        ("event_time timestamptz, 1 year, all patterns", ts.EventTimeGenerator, "timestamptz",
         events),
        ("event_time timestamptz, 10 years", ts.EventTimeGenerator, "timestamptz", decade),
        ("metric numeric(10,2), time_column", ts.MetricGenerator, "numeric(10,2)",
         {"time_column": "at", "weekly_amplitude": 5, "business_days": True,
          "us_holidays": True, "bursts": 5, "burst_size": 50},
         {"at": times.astype("M8[s]")}),
        ("metric float8, hourly axis", ts.MetricGenerator, "float8", {"step": "1 hour"}),
        ("metric int4", ts.MetricGenerator, "int4", {}),
        ("sentence text", mg.SentenceGenerator, "text", {}),
        ("sentence varchar(80)", mg.SentenceGenerator, "varchar(80)", {}),
        ("markov_paragraph text", mg.ParagraphGenerator, "text", {}),
        ("markov_paragraph varchar(200)", mg.ParagraphGenerator, "varchar(200)", {}),
        ("review varchar(500), mixed tone", mg.ReviewGenerator, "varchar(500)", {}),
        ("review text, rating_column", mg.ReviewGenerator, "text", {"rating_column": "s"},
         {"s": stars}),
        ("headline text", mg.HeadlineGenerator, "text", {}),
        ("product_name varchar(60)", mg.ProductNameGenerator, "varchar(60)", {}),
    ]  # fmt: skip
    for label, cls, type_name, params, *more in cases:
        bench(rows, label, cls, type_name, params, *more)
    bench(rows, "product_name varchar(80), unique", mg.ProductNameGenerator, "varchar(80)", {},
          unique=True)  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
