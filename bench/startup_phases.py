"""Where ``pgmock validate SCHEMA`` spends its start-up, in one process.

CPU milliseconds (``time.process_time``) of each phase: importing pydantic, the command
line (click, configuration, plugin discovery), ``pgmock.schema`` with the planner, the
command itself: the plugin host (plugins, the inference table), loading and resolving
the schema (with the generator modules it uses) and planning. Across all
phases it adds up three costs spread over many modules: defining dataclasses (each
``dataclasses._process_class`` call), compiling regular expressions (each
``re._compiler.compile``) and the garbage collector's passes. The wrappers cost a
little themselves; compare runs of this script with each other, and use
``bench/startup_bench.py`` for whole-process figures.

Run:  python bench/startup_phases.py [SCHEMA] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter: the wrappers must be in place before anything is imported.
PROBE = r"""
import dataclasses, gc, json, sys, time
import re._compiler as rc
T = time.process_time
costs = {"dataclasses": 0.0, "regexes": 0.0, "gc": 0.0}
counts = {"dataclasses": 0, "regexes": 0, "gc": 0}

def timed(module, name, key):
    inner = getattr(module, name)
    def wrapper(*args, **kwargs):
        start = T()
        try:
            return inner(*args, **kwargs)
        finally:
            costs[key] += T() - start
            counts[key] += 1
    setattr(module, name, wrapper)

timed(dataclasses, "_process_class", "dataclasses")
timed(rc, "compile", "regexes")
started = {}
def on_gc(phase, info):
    if phase == "start":
        started["t"] = T()
    else:
        costs["gc"] += T() - started["t"]
        counts["gc"] += 1
gc.callbacks.append(on_gc)

phases = {}
mark = T()
def phase(name):
    global mark
    now = T()
    phases[name] = now - mark
    mark = now

# As the pgmock program runs (pgmock.entry): collection paused while the command line is
# imported, and validate's own pause covers the schema modules; pydantic's plugin
# look-up answered from plugin discovery (a checkout before that change has no module).
from pgmock.collector import collection_paused, program_start
program_start()
with collection_paused():
    try:
        from pgmock.pydantic_plugins import skip_empty_plugin_scan
    except ImportError:
        pass
    else:
        skip_empty_plugin_scan()
    import pydantic
    phase("pydantic")
    from pgmock.cli import main
    phase("command line")
with collection_paused():
    import pgmock.generate.plan
    phase("pgmock.schema and planner")
try:
    main(["validate", SCHEMA])
except SystemExit as exc:
    assert not exc.code, exc.code
phase("validate (plugin host, schema)")
print(json.dumps({"phases": phases, "costs": costs, "counts": counts}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("schema", nargs="?", default="examples/shop.json")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    code = PROBE.replace("SCHEMA", repr(args.schema))
    runs = []
    for _ in range(args.repeat):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    gc.collect()
    best = min(runs, key=lambda r: sum(r["phases"].values()))
    total = sum(best["phases"].values())
    print(f"fastest of {args.repeat} runs, CPU ms (validate {args.schema})")
    for name, seconds in best["phases"].items():
        print(f"  {name:<32} {seconds * 1000:7.1f}")
    print(f"  {'total':<32} {total * 1000:7.1f}")
    print("spread over the phases:")
    for key, seconds in best["costs"].items():
        print(f"  {key:<32} {seconds * 1000:7.1f}  ({best['counts'][key]} calls)")


if __name__ == "__main__":
    main()
