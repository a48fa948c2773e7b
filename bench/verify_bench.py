"""Throughput and memory of ``pgmock verify`` on a large table.

The table: ``users`` with a uuid primary key, a foreign key to ``accounts`` (10,000 rows,
serial key) and a unique email — three key sets of 8 bytes per row. Each format is
generated once into a temporary directory, then ``pgmock verify`` runs as its own
process (as in CI: interpreter start included) ``--repeat`` times.

Run:  python bench/verify_bench.py [--rows 1000000] [--formats p,c] [--repeat 3]
                                   [--work-mem 256MB] [--jobs 2] [--keep DIR]
      python bench/verify_bench.py --rows 10000000 --formats p --work-mem 64MB --repeat 1

Prints per format the dump size, each run's wall time, the best rows/s, the verifier's
peak RSS and how much of its key sets spilled to disk. The second form shows the memory
bound: 10 million rows make 240 MB of key hashes, yet the process stays near the
--work-mem budget plus a batch of rows. Exits 1 if a dump does not verify clean.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACCOUNTS = 10_000
FLAGS = {
    "p": ["-F", "p"],
    "inserts": ["-F", "p", "--inserts"],
    "c": ["-F", "c"],
    "c0": ["-F", "c", "-Z", "0"],
    "d": ["-F", "d"],
    "t": ["-F", "t"],
}


def schema(rows: int) -> dict[str, object]:
    return {
        "version": "1.0",
        "seed": 1,
        "tables": {
            "accounts": {
                "rowCount": ACCOUNTS,
                "columns": {
                    "id": {"type": "serial", "primaryKey": True},
                    "name": {"type": "text", "generator": "company"},
                },
            },
            "users": {
                "rowCount": rows,
                "columns": {
                    "id": {"type": "uuid", "primaryKey": True},
                    "account_id": {"type": "integer", "references": "accounts.id"},
                    "email": {"type": "varchar(255)", "generator": "email", "unique": True},
                },
            },
        },
    }


def pgmock(*args: str) -> tuple[int, bytes, float, float]:
    """Run ``python -m pgmock ARGS``: exit code, stdout, wall seconds, peak RSS in MiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pgmock", *args], stdout=subprocess.PIPE, stderr=sys.stderr
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, out, wall, usage.ru_maxrss / 1024


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--formats", default="p,c", help=f"of {','.join(FLAGS)}")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work-mem", default="256MB")
    parser.add_argument("--jobs", type=int, default=2, help="for generate")
    parser.add_argument("--keep", help="directory for the dumps (kept; reused if present)")
    args = parser.parse_args()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FLAGS]
    if unknown:
        parser.error(f"unknown formats {unknown}; choose from {', '.join(FLAGS)}")

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="verify-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    schema_file = work / f"schema-{args.rows}.json"
    schema_file.write_text(json.dumps(schema(args.rows)), encoding="utf-8")
    total = args.rows + ACCOUNTS
    print(
        f"users: {args.rows:,} rows (uuid primary key, FK to accounts, unique email) + "
        f"accounts: {ACCOUNTS:,}; key hashes {3 * 8 * args.rows / 2**20:,.0f} MiB; "
        f"--work-mem {args.work_mem}"
    )
    failed = False
    try:
        for fmt in formats:
            dump = work / f"dump-{args.rows}.{fmt}"
            if not dump.exists():
                code, _, secs, _ = pgmock(
                    "generate", str(schema_file), *FLAGS[fmt], "-j", str(args.jobs),
                    "-f", str(dump),
                )  # fmt: skip
                if code != 0:
                    print(f"-F {fmt}: generate failed ({code})")
                    return 2
            times = []
            rss = spilled = 0.0
            for _ in range(args.repeat):
                code, out, secs, peak = pgmock(
                    "verify", str(dump), "--schema", str(schema_file), "--json",
                    "--work-mem", args.work_mem,
                )  # fmt: skip
                report = json.loads(out)
                if code != 0 or not report["ok"] or report["rows"] != total:
                    print(f"{fmt}: verify exit {code}: {report['violations'][:3]}")
                    failed = True
                    break
                times.append(secs)
                rss = max(rss, peak)
                spilled = report["spilled_bytes"] / 2**20
            if not times:
                continue
            best = min(times)
            print(
                f"  {fmt:8} {size_of(dump) / 2**20:8,.0f} MiB  runs "
                f"{', '.join(f'{t:.2f}' for t in times)} s  best {total / best:,.0f} rows/s  "
                f"peak RSS {rss:,.0f} MiB  spilled {spilled:,.0f} MiB"
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
