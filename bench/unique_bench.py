"""Uniqueness at scale: tens of millions of rows of unique columns, checked in bounded memory.

Generates one table whose columns are all ``unique`` (20,000,000 rows by default) through
the engine, chunk by chunk as ``pgmock generate`` does (each value's PostgreSQL text, the
same text the COPY writer escapes), and keeps nothing of a value but a 64-bit hash, in a
numpy array preallocated per column (8 bytes per row and column, whatever the values'
length). Each array is then sorted in place and equal neighbours counted. Should any hash
repeat, a second pass regenerates the table and keeps only the values with a repeated hash,
so the duplicate count reported is exact, not a hash artefact. It must be 0.

Run:  python bench/unique_bench.py [--rows 20000000] [--columns email,username,code]
                                   [--jobs 1] [--locale en_US] [--seed 1]
      python bench/unique_bench.py --list        # the columns to choose from

Prints rows/s of the table (generation, rendering and hashing; the sort is timed apart)
by wall clock and per CPU-second, the peak RSS of this process (and of its workers with
--jobs), and per column the duplicate count. Exits 1 when a column has a duplicate, 2 when
the schema is refused (a column whose domain is smaller than --rows: ``pgmock validate``
says so first).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pgmock.errors import SchemaError
from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan
from pgmock.plugins.host import make_host
from pgmock.schema import resolve_schema
from pgmock_sdk import Chunk

# name -> column spec (always unique); the unbounded ones scale to any row count
COLUMNS: dict[str, dict[str, Any]] = {
    "email": {"type": "varchar(255)", "generator": "faker.email"},
    "username": {"type": "varchar(64)", "generator": "faker.username"},
    "code": {
        "type": "varchar(20)",
        "generator": "core.sequence",
        "params": {"prefix": "ORD-", "width": 9},
    },
    "uuid": {"type": "uuid", "generator": "core.uuid"},
    "token": {"type": "char(36)", "generator": "core.uuid"},
    "text": {"type": "text", "generator": "core.text", "params": {"max_words": 3}},
    "short_text": {"type": "varchar(12)", "generator": "core.text"},
    "integer": {"type": "int8", "generator": "core.integer"},
    "domain": {"type": "varchar(255)", "generator": "faker.domain"},
    "url": {"type": "text", "generator": "faker.url"},
    "inet": {"type": "inet", "generator": "core.inet"},
    "macaddr": {"type": "macaddr", "generator": "core.macaddr"},
    "timestamp": {"type": "timestamptz", "generator": "core.timestamp"},
    # bounded domains: product names stop at 2,508,000, so --rows above is refused
    "product": {"type": "text", "generator": "core.product_name"},
}
DEFAULT_COLUMNS = "email,username,code,uuid"


def hash_chunk(chunk: Chunk) -> list[NDArray[np.int64]]:
    """64-bit hashes of every column of a chunk (in a worker with --jobs; fork keeps the
    parent's str-hash key, so hashes agree across processes)."""
    return [np.fromiter(map(hash, col), dtype=np.int64, count=chunk.n) for col in chunk.columns]


def pick_values(candidates: list[NDArray[np.int64]], chunk: Chunk) -> list[list[str | None]]:
    """Values whose hash is a candidate duplicate, per column (the exact second pass)."""
    out: list[list[str | None]] = []
    for col, wanted in zip(chunk.columns, candidates):
        if wanted.size == 0:
            out.append([])
            continue
        hashes = np.fromiter(map(hash, col), dtype=np.int64, count=chunk.n)
        keep = np.flatnonzero(np.isin(hashes, wanted))
        out.append([col[i] for i in keep.tolist()])  # only the rare candidates
    return out


def cpu_seconds() -> float:
    """User + system CPU time of this process and its waited-for workers (the machine may
    be shared: CPU time says what the work costs, wall time what it took)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_rss_mib() -> tuple[float, float]:
    """Peak resident set size of this process and of its (waited-for) children, MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument(
        "--columns", default=DEFAULT_COLUMNS, help=f"comma-separated (default {DEFAULT_COLUMNS})"
    )
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--locale", default="en_US")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--list", action="store_true", help="list the columns and exit")
    args = parser.parse_args()
    if args.list:
        for name, spec in COLUMNS.items():
            print(f"{name:12} {spec['type']:14} {spec['generator']} {spec.get('params', {})}")
        return 0
    names = [c.strip() for c in args.columns.split(",") if c.strip()]
    unknown = [c for c in names if c not in COLUMNS]
    if unknown or not names:
        parser.error(f"unknown columns {unknown}; choose from {', '.join(COLUMNS)}")

    raw = {
        "version": "1.0",
        "seed": args.seed,
        "database": {"locale": args.locale},
        "tables": {
            "t": {
                "rowCount": args.rows,
                "columns": {c: {**COLUMNS[c], "unique": True} for c in names},
            }
        },
    }
    host = make_host(env={})
    try:
        schema = resolve_schema(raw, {}, ["unique_bench"], host.registry)
    except SchemaError as exc:
        for problem in exc.problems:
            print(f"refused: {problem}", file=sys.stderr)
        return 2
    plan = make_plan(schema)
    rows = args.rows
    hashes = [np.empty(rows, dtype=np.int64) for _ in names]  # the only per-row state
    print(
        f"{rows:,} rows x {len(names)} unique columns ({', '.join(names)}), "
        f"locale {args.locale}, jobs {args.jobs}: {8 * rows * len(names) / 2**20:,.0f} MiB "
        "of hashes"
    )
    t0, c0 = time.perf_counter(), cpu_seconds()
    with Engine(plan, jobs=args.jobs) as engine:
        for (offset, n), parts in zip(plan.chunks("t"), engine.map_chunks("t", hash_chunk)):
            for dest, part in zip(hashes, parts):
                dest[offset : offset + n] = part
    gen_s, gen_cpu = time.perf_counter() - t0, cpu_seconds() - c0
    print(
        f"generated and hashed in {gen_s:,.1f} s: {rows / gen_s:,.0f} rows/s "
        f"({gen_cpu:,.1f} CPU-s: {rows / gen_cpu:,.0f} rows per CPU-second)"
    )

    t1 = time.perf_counter()
    candidates: list[NDArray[np.int64]] = []
    for h in hashes:
        h.sort()  # in place: no second copy
        same = h[1:] == h[:-1]
        candidates.append(np.unique(h[1:][same]))
    sort_s = time.perf_counter() - t1
    print(f"sorted and compared in {sort_s:,.1f} s")

    duplicates = [0] * len(names)
    if any(c.size for c in candidates):
        # Second pass: only values whose hash repeats are kept, to tell true duplicates
        # from 64-bit hash collisions (about (rows^2 / 2^65): 1e-5 at 20 million rows).
        found: list[Counter[str | None]] = [Counter() for _ in names]
        with Engine(plan, jobs=args.jobs) as engine:
            for parts in engine.map_chunks("t", partial(pick_values, candidates)):
                for counter, values in zip(found, parts):
                    counter.update(values)
        duplicates = [sum(k - 1 for k in c.values() if k > 1) for c in found]
        for name, counter in zip(names, found):
            examples = [v for v, k in counter.most_common(3) if k > 1]
            if examples:
                print(f"  {name}: duplicated values, e.g. {examples}")

    own, kids = peak_rss_mib()
    print(f"peak RSS: {own:,.0f} MiB" + (f" (largest worker {kids:,.0f} MiB)" if kids else ""))
    for name, cand, dup in zip(names, candidates, duplicates):
        spec = COLUMNS[name]
        print(
            f"  {name:12} {spec['generator']:18} {spec['type']:14} "
            f"hash collisions {int(cand.size):,}, duplicates {dup:,}"
        )
    total = sum(duplicates)
    print(f"duplicates: {total:,}" + ("" if total == 0 else "  <-- NOT UNIQUE"))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
