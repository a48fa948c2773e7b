"""Throughput of --engine dask: the orders-like table on a LocalCluster of 1 and 2 workers.

Writes the table of bench/orders_bench.py (data only) as a custom archive with the
default compression (formatted and compressed on the workers) into a byte-counting sink,
with the local engine (--jobs 1 and --jobs 2) and on a LocalCluster of 1 and of 2 worker
processes (one thread each), and prints rows/s and the scaling ratio 2 workers / 1 worker.
The clusters are started before the clock starts (a start costs seconds, once per run of
the command); each configuration runs --repeat times and the fastest run counts (the
machine is shared; the minimum is the least disturbed measurement). Every run's output
is checked to be the same bytes (its sha256).

It then writes the same table as a directory archive (-Fd) on the 2-worker cluster twice:
with the data sent through the client, and with ``--shared-output`` (the workers write
their compressed chunks next to the output and the client only concatenates them), and
prints both times and their ratio; the two directories must hold the same bytes.
``--dir`` chooses where (default: the system's temporary directory).

Run:  python bench/dask_bench.py [--rows 1000000] [--repeat 3] [--dir PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
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


def _options(rows: int, jobs: int, scheduler: str | None, shared: bool = False) -> Options:
    backend = DaskBackend(scheduler) if scheduler else None
    return Options(
        include=["orders", "customers"],
        data_only=True,
        jobs=jobs,
        backend=backend,
        shared_output=shared,
    )


def run(rows: int, jobs: int, scheduler: str | None) -> tuple[float, str]:
    """Seconds and the output's sha256 for one run."""
    host = make_host(env={})
    SCHEMA["tables"]["orders"]["rowCount"] = rows
    schema = resolve_schema(SCHEMA, {}, ["bench"], host.registry)
    writer = host.registry.writer("c").obj()
    sink = HashingSink()
    t0 = time.perf_counter()
    with build_dump(schema, _options(rows, jobs, scheduler)) as (dump, write_options, _):
        writer.write(dump, sink, write_options)  # type: ignore[arg-type]
    return time.perf_counter() - t0, sink.sha.hexdigest()


def run_directory(rows: int, scheduler: str, shared: bool, where: str | None) -> tuple[float, str]:
    """Seconds and a sha256 of the files of one -Fd run (with or without --shared-output)."""
    host = make_host(env={})
    SCHEMA["tables"]["orders"]["rowCount"] = rows
    schema = resolve_schema(SCHEMA, {}, ["bench"], host.registry)
    writer = host.registry.writer("d").obj()
    out = Path(tempfile.mkdtemp(prefix="pgmock-dask-bench-", dir=where))
    try:
        t0 = time.perf_counter()
        with build_dump(schema, _options(rows, 1, scheduler, shared)) as (dump, options, _):
            writer.write(dump, out, options)
        seconds = time.perf_counter() - t0
        sha = hashlib.sha256()
        for path in sorted(out.iterdir()):
            sha.update(path.name.encode() + b"\0" + path.read_bytes())
        return seconds, sha.hexdigest()
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    from distributed import LocalCluster

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", default=None, help="where the -Fd runs write")
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
    directory: dict[bool, float] = {}
    directory_digests = set()
    for workers in (1, 2):
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster:
            measure(f"dask, {workers} worker(s)", 1, cluster.scheduler_address)
            if workers == 2:
                for shared in (False, True):
                    runs = [
                        run_directory(args.rows, cluster.scheduler_address, shared, args.dir)
                        for _ in range(max(1, args.repeat))
                    ]
                    directory[shared] = min(t for t, _ in runs)
                    directory_digests.update(d for _, d in runs)
                    label = "-Fd, 2 workers" + (", --shared-output" if shared else "")
                    seconds = directory[shared]
                    print(f"{label:<34} {seconds:6.2f} s  {args.rows / seconds:>10,.0f} rows/s")
    ratio = results["dask, 1 worker(s)"] / results["dask, 2 worker(s)"]
    print(f"scaling 2 workers / 1 worker: {ratio:.2f}x")
    versus = results["local --jobs 2"] / results["dask, 2 worker(s)"]
    print(f"dask 2 workers vs local --jobs 2 (speed): {versus:.2f}x")
    gain = directory[False] / directory[True]
    print(f"-Fd --shared-output vs through the client (speed): {gain:.2f}x")
    assert len(digests) == 1, "the engines made different bytes"
    assert len(directory_digests) == 1, "--shared-output made other bytes"
    print("every run made the same bytes")


if __name__ == "__main__":
    main()
