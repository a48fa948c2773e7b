"""Peak memory of a parent/child pair as the row count grows: it should stay flat.

Generates a parent table and a child table with one foreign key into the parent's
primary key (the same number of rows in each), data only, written to /dev/null, as a
whole ``pgmock generate`` process per size, and prints the peak RSS (the largest process,
from the operating system's accounting) and the time of each run. The kind of key
decides how the children find their parents' keys:

* ``serial``: rebuilt from the parent's row number (never held);
* ``uuid`` (``core.uuid``) and ``text`` (``core.sequence`` with a prefix): computed for
  the picked rows by the parent's generator, whose values are functions of the row;
* ``email`` (a unique ``faker.email``): drawn from random streams, so held in memory,
  packed (numpy variable-width strings).

Run:  python bench/memory_bench.py [--key uuid] [--rows 1000000,10000000,20000000] [--jobs 1]
Target (issue 14): peak RSS flat from 1 M to 100 M rows; 20 M + 20 M uuid rows under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

KEYS: dict[str, dict[str, Any]] = {
    "serial": {"type": "bigserial"},
    "uuid": {"type": "uuid"},
    "text": {"type": "text", "generator": "core.sequence", "params": {"prefix": "acct-"}},
    "email": {"type": "text", "generator": "faker.email"},
}


def schema(key: str, rows: int) -> dict[str, Any]:
    ref_type = {"serial": "bigint"}.get(key, KEYS[key]["type"])
    return {
        "version": "1.0",
        "seed": 1,
        "tables": {
            "accounts": {
                "rowCount": rows,
                "columns": {
                    "id": {**KEYS[key], "primaryKey": True},
                    "balance": {"type": "numeric(12,2)"},
                },
            },
            "events": {
                "rowCount": rows,
                "columns": {
                    "id": {"type": "bigserial", "primaryKey": True},
                    "account_id": {"type": ref_type, "references": "accounts.id"},
                    "at": {"type": "timestamptz"},
                },
            },
        },
    }


def run(path: Path, jobs: int) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB of one whole pgmock process."""
    cmd = [sys.executable, "-m", "pgmock", "generate", str(path), "-a", "-j", str(jobs)]
    cmd += ["-f", os.devnull]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"pgmock failed: {' '.join(cmd)}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--key", choices=sorted(KEYS), default="uuid")
    parser.add_argument("--rows", default="1000000,10000000,20000000", help="rows per table")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pgmock-memory-") as tmp:
        for rows in [int(r) for r in args.rows.split(",")]:
            path = Path(tmp) / f"pair-{rows}.json"
            path.write_text(json.dumps(schema(args.key, rows)))
            seconds, peak = run(path, args.jobs)
            print(
                f"{args.key} key, {rows:,} + {rows:,} rows (jobs={args.jobs}): "
                f"peak RSS {peak:,.0f} MiB, {seconds:.1f} s, "
                f"{2 * rows / seconds:,.0f} rows/s",
                flush=True,
            )


if __name__ == "__main__":
    main()
