"""Start-up: whole-process time of ``pgmock --help`` and ``pgmock validate`` of a small schema.

Each command is a fresh ``python -m pgmock`` process, run ``--repeat`` times after one
warm-up (which also writes the byte-code caches); wall time from start to exit and CPU
time (user + system, from the OS's accounting of the finished child) are printed as
min / median / max. For a before/after comparison on a busy machine, ``--vs PYTHON``
names another interpreter (the venv of another checkout): the two run in turn and the
ratio is taken pair by pair. Floors are printed for reference: an empty Python, one that
only imports pydantic (which ``validate`` needs) and one that also imports numpy (which
``validate`` needed before numpy was imported on first use, and generating needs).

Run:  python bench/startup_bench.py [--repeat 20] [--schema examples/shop.json] [--vs PYTHON]
Target (issue 14): both under 0.15 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_once(argv: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def spread(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--schema", default="examples/shop.json")
    ap.add_argument("--vs", metavar="PYTHON", help="another interpreter to pair against")
    args = ap.parse_args()
    env_note = ""
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        env_note = " (PYTHONDONTWRITEBYTECODE is set: every run compiles from source)"
    commands = {
        "python -c pass": ["-c", "pass"],
        "import pydantic": ["-c", "import pydantic"],
        "import numpy, pydantic": ["-c", "import numpy, pydantic"],
        "pgmock --help": ["-m", "pgmock", "--help"],
        f"pgmock validate {args.schema}": ["-m", "pgmock", "validate", args.schema],
    }
    print(f"{args.repeat} runs each, min / median / max seconds{env_note}")
    for label, tail in commands.items():
        a = [sys.executable, *tail]
        b = [args.vs, *tail] if args.vs else None
        run_once(a)
        if b:
            run_once(b)
        times_a, times_b = [], []
        for _ in range(args.repeat):
            times_a.append(run_once(a))
            if b:
                times_b.append(run_once(b))
        wall = [w for w, _ in times_a]
        cpu = [c for _, c in times_a]
        line = f"{label:<40} wall {spread(wall)}  cpu {spread(cpu)}"
        if b:
            ratios = [ca / cb for (_, ca), (_, cb) in zip(times_a, times_b) if cb > 0]
            cpu_b = [c for _, c in times_b]
            line += f"  | vs: cpu {spread(cpu_b)}, paired cpu ratio median "
            line += f"{statistics.median(ratios):.2f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
