"""The external programs of the process-generator tests and the schemas that run them.

``CHILD`` speaks the generator protocol and misbehaves as its first argument says (exit,
hang, bad JSON, wrong count, duplicates …); it logs its start, hello and end to a file,
which ``logged_pids`` reads and ``is_alive`` checks, so the tests see every child reaped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

# A protocol-speaking program whose misbehaviour is chosen by its first argument.
CHILD = r"""
import json, os, sys, time
mode, log = sys.argv[1], sys.argv[2]
with open(log, "a") as fh:
    fh.write(f"start {os.getpid()}\n")
def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()
for line in sys.stdin:
    msg = json.loads(line)
    if "protocol" in msg:
        col = msg["column"]
        with open(log, "a") as fh:
            fh.write(f"hello {col['table']}.{col['name']} {col['type']} ")
            fh.write(json.dumps(msg["params"]) + "\n")
        if mode == "badhello":
            say({"ok": False, "error": "I only make NPIs"})
        else:
            say({"ok": True})
        continue
    n, seed, offset = msg["n"], msg["seed"], msg["offset"]
    if mode == "exit":
        for i in range(30):
            print(f"loading code table {i}", file=sys.stderr)
        print("fatal: code table is corrupt", file=sys.stderr)
        sys.exit(3)
    if mode == "hang":
        print("thinking very hard", file=sys.stderr, flush=True)
        time.sleep(600)
    if mode == "badjson":
        sys.stdout.write("values: 1, 2, 3\n")
        sys.stdout.flush()
        continue
    if mode == "count":
        say({"values": [1] * (n - 1)})
        continue
    if mode == "error":
        say({"error": "no codes left for kind X"})
        continue
    if mode == "dups":
        say({"values": ["same"] * n})
        continue
    rows = msg.get("rows", {})
    initials = [t[0] for t in rows.get("title", [])] or ["-"] * n
    say({"values": [f"{msg['column']}:{seed % 997}:{offset + i}:{initials[i]}" for i in range(n)]})
with open(log, "a") as fh:
    fh.write(f"eof {os.getpid()}\n")
"""


def write_child(directory: Path) -> Path:
    """The program as child.py in *directory* (the schema runs it from there)."""
    path = directory / "child.py"
    path.write_text(CHILD)
    return path


def process(child: Path, mode: str, log: Path, **params: Any) -> dict[str, Any]:
    command = [sys.executable, child.name, mode, str(log)]
    return {"generator": "process", "params": {"command": command, **params}}


def books_schema(columns: dict[str, Any], rows: int) -> dict[str, Any]:
    return {
        "version": "1.0",
        "seed": 9,
        "tables": {
            "books": {
                "rowCount": rows,
                "columns": {"id": {"type": "serial", "primaryKey": True}, **columns},
            }
        },
    }


def write_schema(directory: Path, schema: dict[str, Any]) -> Path:
    path = directory / "schema.json"
    path.write_text(json.dumps(schema, indent=2))
    return path


def is_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def logged_pids(log: Path, word: str = "start") -> list[int]:
    if not log.exists():
        return []
    return [int(line.split()[1]) for line in log.read_text().splitlines() if line.startswith(word)]
