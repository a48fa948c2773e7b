"""Throughput of pg_dump archives: the orders-like table to -F c and -F d.

Writes the table of bench/orders_bench.py (data only) as plain COPY text (the baseline),
as a custom archive uncompressed (-Z 0) and with the default compression (gzip through
ISA-L's deflate) on one core and with --jobs 2, and as a directory archive with --jobs 2. Prints
the throughput in MB/s of *uncompressed* COPY data and each run's time relative to plain
COPY output with the same --jobs. Plain and custom output go to a byte-counting sink
(a pipe-like stream: no seeking, so no TOC rewrite); the directory archive goes to a
temporary directory (in /dev/shm when it exists).

Each configuration runs --repeat times and the fastest run counts (the machine is shared;
the minimum is the least disturbed measurement).

With --whole, each configuration is instead one whole ``pgmock generate`` process (start-up
included) writing a new file or directory under --out-dir (default: a temporary directory
on the file system of /tmp, the user's disk), the way the issue measured it; the runs
alternate between the formats, and each ratio is the median of the paired runs' ratios.

Run:  python bench/archive_bench.py [--rows 1000000] [--repeat 3] [--whole [--jobs 2]]
Targets (issue 3): custom -Z 0 within 1.2x of plain COPY; (issue 14): -F c/-F d with the
default compression within 1.3x of plain COPY. Compression runs in the --jobs workers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from orders_bench import SCHEMA, CountingSink

from pgmock.dump.pipeline import Options, build_dump
from pgmock.generate.heap import pad_heap
from pgmock.plugins.host import make_host
from pgmock.schema import resolve_schema
from pgmock_sdk import Compression


class PipeSink(CountingSink):
    """Counts bytes; not seekable, like a pipe."""

    def seekable(self) -> bool:
        return False


def run(rows: int, fmt: str, jobs: int, compress: Compression | None = None) -> tuple[float, int]:
    """Seconds and output bytes for one run (the directory's total file size for -F d)."""
    host = make_host(env={})
    SCHEMA["tables"]["orders"]["rowCount"] = rows
    schema = resolve_schema(SCHEMA, {}, ["bench"], host.registry)
    writer = host.registry.writer(fmt).obj()
    options = Options(include=["orders", "customers"], data_only=True, jobs=jobs, compress=compress)
    directory = None
    t0 = time.perf_counter()
    with build_dump(schema, options) as (dump, write_options, _):
        if writer.writes_directory:
            base = "/dev/shm" if os.path.isdir("/dev/shm") else None
            directory = Path(tempfile.mkdtemp(prefix="pgmock-bench-", dir=base))
            writer.write(dump, directory, write_options)
        else:
            sink = PipeSink()
            writer.write(dump, sink, write_options)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t0
    if directory is not None:
        size = sum(p.stat().st_size for p in directory.iterdir())
        shutil.rmtree(directory)
        return seconds, size
    return seconds, sink.bytes


def whole(rows: int, jobs: int, repeat: int, out_dir: str | None) -> None:
    """Whole ``pgmock generate`` processes to files: plain, -F c and -F d alternating."""
    base = Path(tempfile.mkdtemp(prefix="pgmock-archive-", dir=out_dir))
    try:
        SCHEMA["tables"]["orders"]["rowCount"] = rows
        schema = base / "orders.json"
        schema.write_text(json.dumps(SCHEMA))
        formats = (("plain COPY", "p"), ("-F c (gzip)", "c"), ("-F d (gzip)", "d"))
        times: dict[str, list[float]] = {fmt: [] for _, fmt in formats}
        sizes: dict[str, int] = {}
        cmd = [sys.executable, "-m", "pgmock", "generate", str(schema), "-a", "-j", str(jobs)]
        for _ in range(max(1, repeat)):
            for _, fmt in formats:
                out = base / f"out.{fmt}"
                t0 = time.perf_counter()
                subprocess.run([*cmd, "-F", fmt, "-f", str(out)], check=True)
                times[fmt].append(time.perf_counter() - t0)
                files = list(out.iterdir()) if out.is_dir() else [out]
                sizes[fmt] = sum(f.stat().st_size for f in files)
                shutil.rmtree(out) if out.is_dir() else out.unlink()
        print(f"whole process, --jobs {jobs}, {rows:,} orders rows, files under {base.parent}")
        for label, fmt in formats:
            ratios = [t / p for t, p in zip(times[fmt], times["p"])]
            print(
                f"{label:<12}: {statistics.median(times[fmt]):6.2f} s (median of "
                f"{len(times[fmt])}), output {sizes[fmt] / 1e6:6.1f} MB, "
                f"{statistics.median(ratios):.2f}x plain (runs: "
                f"{', '.join(f'{r:.2f}' for r in ratios)})"
            )
    finally:
        shutil.rmtree(base, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--whole", action="store_true", help="whole processes to files")
    parser.add_argument("--jobs", type=int, default=2, help="with --whole")
    parser.add_argument("--out-dir", help="with --whole: where the files go (default /tmp)")
    args = parser.parse_args()
    if args.whole:
        whole(args.rows, args.jobs, args.repeat, args.out_dir)
        return
    pad_heap()  # as the pgmock program does at its start (pgmock.entry)
    run(20_000, "c", 1)  # warm-up: vocabularies, imports
    runs = [
        ("plain COPY", "p", 1, None),
        ("-F c -Z 0", "c", 1, Compression("none")),
        ("-F c (gzip)", "c", 1, None),
        ("plain COPY", "p", 2, None),
        ("-F c -Z 0", "c", 2, Compression("none")),
        ("-F c (gzip)", "c", 2, None),
        ("-F d (gzip)", "d", 2, None),
    ]
    baseline: dict[int, tuple[float, int]] = {}
    for label, fmt, jobs, compress in runs:
        timings = [run(args.rows, fmt, jobs, compress) for _ in range(max(1, args.repeat))]
        seconds, size = min(timings)
        if fmt == "p":
            baseline[jobs] = (seconds, size)
        plain_seconds, data = baseline[jobs]
        print(
            f"{label:<12} --jobs {jobs}: {seconds:6.2f} s, {data / 1e6 / seconds:6.1f} MB/s "
            f"of COPY data, output {size / 1e6:6.1f} MB, {seconds / plain_seconds:.2f}x plain"
        )


if __name__ == "__main__":
    main()
