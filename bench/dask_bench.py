"""Throughput of --engine dask: the orders-like table on a LocalCluster of 1 and 2 workers.

Writes the table of bench/orders_bench.py (data only) as a custom archive with the
default compression (formatted and compressed on the workers) into a byte-counting sink,
with the local engine (--jobs 1 and --jobs 2) and on a LocalCluster of 1 and of 2 worker
processes (one thread each), and prints rows/s and the scaling ratio 2 workers / 1 worker.
The clusters are started before the clock starts (a start costs seconds, once per run of
the command); each configuration runs --repeat times and the fastest run counts (the
machine is shared; the minimum is the least disturbed measurement). Every run's output
is checked to be the same bytes (its sha256).

Run:  python bench/dask_bench.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from orders_bench import SCHEMA

from pgmock.dump.pipeline import Options, build_dump
from pgmock.generate.cluster import DaskBackend
from pgmock.plugins.host import make_host
from pgmock.schema import resolve_schema


class HashingSink:
    """Counts and hashes what is written; not seekable, like a pipe."""

    def __init__(self) -> None:
        self.bytes = 0
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.bytes += len(data)
        self.sha.update(data)
        return len(data)

    def flush(self) -> None:
        pass

    def seekable(self) -> bool:
        return False


def run(rows: int, jobs: int, scheduler: str | None) -> tuple[float, str]:
    """Seconds and the output's sha256 for one run."""
    host = make_host(env={})
    SCHEMA["tables"]["orders"]["rowCount"] = rows
    schema = resolve_schema(SCHEMA, {}, ["bench"], host.registry)
    writer = host.registry.writer("c").obj()
    backend = DaskBackend(scheduler) if scheduler else None
    options = Options(include=["orders", "customers"], data_only=True, jobs=jobs, backend=backend)
    sink = HashingSink()
    t0 = time.perf_counter()
    with build_dump(schema, options) as (dump, write_options, _):
        writer.write(dump, sink, write_options)  # type: ignore[arg-type]
    return time.perf_counter() - t0, sink.sha.hexdigest()


def main() -> None:
    from distributed import LocalCluster

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    run(20_000, 1, None)  # warm-up: vocabularies, imports
    results: dict[str, float] = {}
    digests = set()

    def measure(label: str, jobs: int, scheduler: str | None) -> None:
        timings = [run(args.rows, jobs, scheduler) for _ in range(max(1, args.repeat))]
        seconds = min(t for t, _ in timings)
        digests.update(d for _, d in timings)
        results[label] = seconds
        print(f"{label:<22} {seconds:6.2f} s  {args.rows / seconds:>10,.0f} rows/s", flush=True)

    measure("local --jobs 1", 1, None)
    measure("local --jobs 2", 2, None)
    for workers in (1, 2):
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster:
            measure(f"dask, {workers} worker(s)", 1, cluster.scheduler_address)
    ratio = results["dask, 1 worker(s)"] / results["dask, 2 worker(s)"]
    print(f"scaling 2 workers / 1 worker: {ratio:.2f}x")
    versus = results["local --jobs 2"] / results["dask, 2 worker(s)"]
    print(f"dask 2 workers vs local --jobs 2 (speed): {versus:.2f}x")
    assert len(digests) == 1, "the engines made different bytes"
    print("every run made the same bytes")


if __name__ == "__main__":
    main()
