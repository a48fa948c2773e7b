"""Values per second of custom generators at the default batch size (10,000 rows).

Each case runs a generator the way the engine does — one ``generate`` call per batch,
a fresh numpy RNG per batch, the values then rendered to PostgreSQL text — and reports
values/s for generation alone and with rendering:

* ``js`` cases: JavaScript in mini-racer (the ``js`` plugin, V8 in its own engine
  process, values back over a pipe): an integer column from
  ``random.int``, and a text column building SKUs with ``random.choice`` and the row
  offset (string work in JavaScript, strings through JSON);
* ``process`` cases: external programs over the newline-delimited JSON protocol (the
  ``subprocess`` plugin): the Python example (NPI numbers, Luhn digit per value in a
  Python loop), the Node example (ISBN-13), and a Python program that answers constant
  values (the protocol's own cost: JSON both ways and the pipe).

Run:  python bench/custom_gen_bench.py [--batches 50] [--batch 10000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from pgmock.generate.plan import CHUNK_ROWS
from pgmock.render.values import render_values
from pgmock_builtins.js_gen import JsGenerator
from pgmock_builtins.subprocess_gen import ProcessGenerator
from pgmock_sdk import ColumnInfo, GenContext, Generator, parse_type
from pgmock_sdk.trust import Allowed, Trust, granted

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "generators"

CONSTANT_CHILD = r"""
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    if "protocol" in msg:
        print(json.dumps({"id": msg["id"], "ok": True}), flush=True)
        continue
    sys.stdout.write(json.dumps({"id": msg["id"], "values": ["1234567893"] * msg["n"]}) + "\n")
    sys.stdout.flush()
"""

SKU_JS = (
    "(n, random, rows, options, ctx) => { const out = new Array(n); "
    "for (let i = 0; i < n; i++) out[i] = random.choice(options.cats) + '-' + "
    "String(ctx.offset + i).padStart(7, '0'); return out; }"
)


def run_case(gen: Generator, pgtype: str, batches: int, batch: int) -> tuple[float, float]:
    """(values/s generating, values/s generating + rendering)."""
    info = gen.column
    ptype = parse_type(pgtype)
    gen.generate(batch, np.random.default_rng(0), GenContext(info, 0))  # warm up
    gen_time = render_time = 0.0
    for i in range(batches):
        rng = np.random.default_rng(i + 1)
        t0 = time.perf_counter()
        values = gen.generate(batch, rng, GenContext(info, i * batch))
        t1 = time.perf_counter()
        render_values(values, ptype, "bench")
        t2 = time.perf_counter()
        gen_time += t1 - t0
        render_time += t2 - t1
    total = batches * batch
    return total / gen_time, total / (gen_time + render_time)


def column(pgtype: str, base: Path) -> ColumnInfo:
    return ColumnInfo(
        schema="public",
        table="bench",
        name="value",
        type=parse_type(pgtype),
        row_count=10**9,
        schema_file=str(base / "schema.json"),
    )


def cases(tmp: Path) -> list[tuple[str, str, Any]]:
    child = tmp / "constant.py"
    child.write_text(CONSTANT_CHILD)
    out: list[tuple[str, str, Any]] = [
        (
            "js: integer, random.int",
            "int4",
            lambda c: JsGenerator(
                JsGenerator.Params.model_validate(
                    {"code": "(n, random) => Array.from({length: n}, () => random.int(1, 1e6))"}
                ),
                c,
            ),
        ),
        (
            "js: text SKUs, random.choice",
            "text",
            lambda c: JsGenerator(
                JsGenerator.Params.model_validate(
                    {"code": SKU_JS, "options": {"cats": ["BK", "TY", "EL"]}}
                ),
                c,
            ),
        ),
        (
            "process: constant values (protocol cost)",
            "text",
            lambda c: ProcessGenerator(
                ProcessGenerator.Params.model_validate({"command": [sys.executable, str(child)]}),
                c,
            ),
        ),
        (
            "process: Python example, NPI",
            "char(10)",
            lambda c: ProcessGenerator(
                ProcessGenerator.Params.model_validate(
                    {"command": [sys.executable, str(EXAMPLES / "gen_codes.py"), "--kind", "npi"]}
                ),
                c,
            ),
        ),
    ]
    if shutil.which("node"):
        out.append(
            (
                "process: Node example, ISBN-13",
                "char(13)",
                lambda c: ProcessGenerator(
                    ProcessGenerator.Params.model_validate(
                        {
                            "command": ["node", str(EXAMPLES / "gen-books.mjs")],
                            "options": {"kind": "isbn"},
                        }
                    ),
                    c,
                ),
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=50, help="batches per case")
    parser.add_argument("--batch", type=int, default=CHUNK_ROWS, help="values per batch")
    args = parser.parse_args()
    print(f"batch size {args.batch:,}, {args.batches} batches per case")
    print(f"{'case':<44} {'values/s (generate)':>20} {'values/s (+render)':>20}")
    # The bench names its programs itself: it is the user, who allows running them.
    with tempfile.TemporaryDirectory() as tmp, granted(Trust(Allowed(exec=True))):
        for label, pgtype, make in cases(Path(tmp)):
            gen = make(column(pgtype, Path(tmp)))
            try:
                raw, rendered = run_case(gen, pgtype, args.batches, args.batch)
            finally:
                gen.close()
            print(f"{label:<44} {raw:>20,.0f} {rendered:>20,.0f}")


if __name__ == "__main__":
    main()
