"""The schema of the Dask tests (tests/{unit,restore}/engines/test_dask_*.py).

tests/data/kitchen_sink.json — children per parent, a self-referencing tree, a composite
key of FKs, uniques, a time series, composites, domains, ranges — with row counts large
enough for several chunks per table (chunks are 10,000 rows), plus a JavaScript column,
which stays on the client, and ``killer``, a column of the local plugin KILLER that kills
the Dask worker making the second chunk of ``events``, once.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

# Just over a chunk boundary: several chunks each, little work (orders: ~3 per user).
ROWS = {
    "users": 3_500,  # orders: 0..6 per user, about 10,500 rows: two chunks
    "events": 20_001,
    "order_lines": 10_001,
    "categories": 10_001,
    "scores": 10_001,  # the JavaScript table, made on the client
}

# A --plugin file: a generator that kills its Dask worker at its second chunk, the first
# time only (a marker file next to the schema remembers); elsewhere it just draws numbers.
KILLER = """
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from pgmock_sdk import GenContext, Generator, hookimpl


class KillOnce(Generator):
    name = "kill_once"
    pg_types = frozenset({"text"})

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        marker = Path(self.column.schema_file or ".").parent / "worker-killed"
        if ctx.offset == 10_000 and not marker.exists() and _in_dask_worker():
            marker.touch()
            os._exit(1)
        return rng.integers(0, 1000, size=n).astype(str).tolist()


def _in_dask_worker() -> bool:
    try:
        from distributed import get_worker

        get_worker()
    except (ImportError, ValueError):
        return False
    return True


@hookimpl
def pgmock_register_generators(registry: Any) -> None:
    registry.add_generator(KillOnce)
"""


def kitchen_sink(tmp: Path, killer: bool = False) -> tuple[Path, list[str]]:
    """The schema written into *tmp*, and the ``generate`` flags that size it (with
    ``killer``, the global ``--plugin`` flag loading KILLER comes first)."""
    schema: dict[str, Any] = json.loads((ROOT / "tests/data/kitchen_sink.json").read_text())
    columns: dict[str, Any] = {
        "id": {"type": "serial", "primaryKey": True},
        "label": {
            "type": "text",
            "generator": "js",
            "params": {
                "code": "function generate(n, random) {"
                " const o = []; for (let i = 0; i < n; i++) o.push('s' + random.int(0, 99));"
                " return o; }"
            },
        },
    }
    flags = [f"--rows={t}={n}" for t, n in ROWS.items()]
    if killer:
        (tmp / "killer_plugin.py").write_text(KILLER)
        schema["tables"]["events"]["columns"]["points"] = {
            "type": "text",
            "generator": "kill_once",
        }
        flags = ["--plugin", str(tmp / "killer_plugin.py"), "generate", *flags]
    else:
        flags = ["generate", *flags]
    schema["tables"]["scores"] = {"rowCount": 100, "columns": columns}
    path = tmp / "kitchen_sink.json"
    path.write_text(json.dumps(schema, indent=1))
    return path, flags


def digest(path: Path) -> str:
    """sha256 of a file, or of a directory's files (names and bytes, in name order)."""
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        h.update(f.relative_to(path).as_posix().encode() if path.is_dir() else b"")
        h.update(f.read_bytes())
    return h.hexdigest()
