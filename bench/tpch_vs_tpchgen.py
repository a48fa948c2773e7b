"""pgmock against tpchgen-cli (a Rust TPC-H generator) on the same cores, output to files.

Runs, as whole processes and in turn (A B A B …, so a drift of the machine's speed hits
both alike):

* ``pgmock generate bench/tpch.json -j JOBS -f OUT/tpch.sql`` — the TPC-H-shaped schema
  of ``bench/tpch.json`` (8 tables, children per parent: 4 partsupp per part, 1..7
  lineitems per order; comments are Markov sentences), COPY text in one plain SQL file;
* ``tpchgen-cli -s SCALE -n JOBS -o OUT/tbl`` — the same 8 tables as ``.tbl`` files.

and prints each one's wall time (median of --repeat), rows/s, MB/s and the ratio of
pgmock's rows/s to tpchgen-cli's (above 1.0: pgmock is faster). Also the peak RSS of
pgmock's process tree (largest process; from the operating system's accounting).

tpchgen-cli is not a dependency of pgmock. Install it anywhere, for example in a throwaway
virtual environment, and put it on PATH or name it with --tpchgen:

    python3 -m venv /tmp/tpchgen && /tmp/tpchgen/bin/pip install tpchgen-cli
    python bench/tpch_vs_tpchgen.py --tpchgen /tmp/tpchgen/bin/tpchgen-cli

Without it, only pgmock runs (and the script says so).

Run:  python bench/tpch_vs_tpchgen.py [--scale 1] [--jobs 2] [--repeat 3] [--format p]
Target (issue 14): pgmock at least as fast as ``tpchgen-cli -s 1`` on the same cores.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCHEMA = BENCH / "tpch.json"
# Scale factor 1 sizes (TPC-H spec 4.2.5); nation and region do not scale, partsupp and
# lineitem follow their parents (4 per part, 1..7 per order).
SCALED = {"supplier": 10_000, "customer": 150_000, "part": 200_000, "orders": 1_500_000}


def tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB: the largest of the process and the children it
    waited for, as the kernel accounts them) of one run."""
    with tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            sys.exit(f"{cmd[0]} failed (exit {proc.returncode}):\n{err.read()}")
    return seconds, usage.ru_maxrss / 1024


def row_options(scale: float) -> list[str]:
    return [] if scale == 1 else [f"--rows={t}={round(n * scale)}" for t, n in SCALED.items()]


def pgmock_command(args: argparse.Namespace, out: Path) -> list[str]:
    cmd = [sys.executable, "-m", "pgmock", "generate", str(SCHEMA), "-j", str(args.jobs)]
    return [*cmd, "-F", args.format, "-f", str(out), *row_options(args.scale)]


def pgmock_rows(scale: float) -> int:
    """Rows pgmock writes at this scale, as `pgmock validate` counts them."""
    cmd = [sys.executable, "-m", "pgmock", "validate", str(SCHEMA), *row_options(scale)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    found = re.search(r"tables, ([\d,]+) rows", out)  # "OK — 8 tables, 8,665,222 rows"
    if found is None:
        sys.exit(f"unexpected output of {' '.join(cmd)}: {out!r}")
    return int(found.group(1).replace(",", ""))


def tpchgen_rows(out: Path) -> int:
    rows = 0
    for path in out.rglob("*.tbl"):
        with open(path, "rb") as f:
            rows += sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b""))
    return rows


def find_tpchgen(given: str | None) -> str | None:
    if given:
        return given if Path(given).exists() or shutil.which(given) else None
    return shutil.which("tpchgen-cli")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="TPC-H scale factor (SF)")
    parser.add_argument("--jobs", type=int, default=2, help="pgmock -j and tpchgen-cli -n")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", default="p", help="pgmock -F (p, c, d, t)")
    parser.add_argument("--tpchgen", help="path of tpchgen-cli (default: found on PATH)")
    parser.add_argument("--out", help="folder for the outputs (default: a temporary one)")
    args = parser.parse_args()

    tpchgen = find_tpchgen(args.tpchgen)
    if tpchgen is None:
        print(
            "tpchgen-cli not found: only pgmock runs. To compare, install it outside the "
            "project, e.g.\n  python3 -m venv /tmp/tpchgen && /tmp/tpchgen/bin/pip install "
            "tpchgen-cli\nthen run this script with --tpchgen /tmp/tpchgen/bin/tpchgen-cli",
            file=sys.stderr,
        )
    base = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="pgmock-tpch-"))
    base.mkdir(parents=True, exist_ok=True)
    ours = base / ("tpch.sql" if args.format in ("p", "c", "t") else "tpch.dir")
    theirs = base / "tbl"
    theirs.mkdir(exist_ok=True)
    pg_cmd = pgmock_command(args, ours)
    tg_cmd = [] if tpchgen is None else [tpchgen, "-s", f"{args.scale:g}", "-n", str(args.jobs)]
    tg_cmd += ["--overwrite", "-o", str(theirs)] if tg_cmd else []

    pg_times: list[float] = []
    tg_times: list[float] = []
    peak = 0.0
    try:
        for _ in range(args.repeat):
            if ours.is_dir():
                shutil.rmtree(ours)
            seconds, peak_now = timed(pg_cmd)
            pg_times.append(seconds)
            peak = max(peak, peak_now)
            if tg_cmd:
                tg_times.append(timed(tg_cmd)[0])
        pg_bytes = tree_size(ours)
        tg_bytes = tree_size(theirs) if tg_cmd else 0
        tg_rows = tpchgen_rows(theirs) if tg_cmd else 0
    finally:
        if not args.out:
            shutil.rmtree(base, ignore_errors=True)
    rows = pgmock_rows(args.scale)
    pg_s = statistics.median(pg_times)
    print(f"machine: {os.cpu_count()} cores; scale {args.scale:g}; jobs {args.jobs}")
    print(f"  pgmock: {' '.join(Path(c).name if i < 2 else c for i, c in enumerate(pg_cmd))}")
    print(
        f"pgmock -F {args.format}: {rows:,} rows, {pg_bytes / 1e6:,.0f} MB in {pg_s:.2f} s "
        f"(median of {len(pg_times)}): {rows / pg_s:,.0f} rows/s, "
        f"{pg_bytes / 1e6 / pg_s:.0f} MB/s; peak RSS {peak:.0f} MiB"
    )
    if tg_times:
        tg_s = statistics.median(tg_times)
        print(f"  tpchgen: {' '.join(tg_cmd)}")
        print(
            f"tpchgen-cli: {tg_rows:,} rows, {tg_bytes / 1e6:,.0f} MB in {tg_s:.2f} s "
            f"(median of {len(tg_times)}): {tg_rows / tg_s:,.0f} rows/s, "
            f"{tg_bytes / 1e6 / tg_s:.0f} MB/s"
        )
        ratios = [(rows / a) / (tg_rows / b) for a, b in zip(pg_times, tg_times)]
        print(
            f"pgmock / tpchgen-cli (rows/s, paired runs): {statistics.median(ratios):.2f}x "
            f"(runs: {', '.join(f'{r:.2f}' for r in ratios)})"
        )


if __name__ == "__main__":
    main()
