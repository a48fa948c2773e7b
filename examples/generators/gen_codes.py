#!/usr/bin/env python3
"""A pgmock generator program in Python: NPI numbers and SKU codes.

pgmock starts it once per column (or once for all columns with "shared": true) and talks
newline-delimited JSON over stdin/stdout (docs/generator-protocol.md):

    {"generator": "process",
     "params": {"command": ["./gen_codes.py", "--kind", "npi"]}}
    {"generator": "process",
     "params": {"command": ["./gen_codes.py"], "options": {"kind": "sku", "prefix": "BK"}}}

Every value depends only on the request's seed and offset, so the output is the same for
any --jobs. Every answer carries its request's "id" back. Only the standard library is
used; stdout carries protocol lines only, and diagnostics go to stderr (pgmock --debug
shows its end when something fails). Running it takes pgmock generate --allow-exec.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from typing import Any

PROTOCOL = 1


def npi_check_digit(first9: str) -> int:
    """Luhn over "80840" + the 9 digits (the NPI standard); the prefix adds 24."""
    total = 24
    for i, ch in enumerate(reversed(first9)):
        d = int(ch)
        if i % 2 == 0:  # the rightmost of the nine is doubled
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return (10 - total % 10) % 10


def npis(n: int, rng: random.Random) -> list[str]:
    out = []
    for _ in range(n):
        first9 = str(rng.choice((1, 2))) + f"{rng.randrange(10**8):08d}"
        out.append(first9 + str(npi_check_digit(first9)))
    return out


def skus(n: int, rng: random.Random, offset: int, prefix: str) -> list[str]:
    # The row number keeps SKUs unique; the random letter only decorates.
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return [f"{prefix}-{offset + i:07d}-{rng.choice(letters)}" for i in range(n)]


def answer(request: dict[str, Any], message: dict[str, Any]) -> None:
    """One answer line, flushed, with the request's id (pgmock matches them)."""
    message = {"id": request.get("id"), **message}
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=("npi", "sku"))
    args = parser.parse_args()
    columns: dict[str, dict[str, Any]] = {}  # per column: its options (shared mode)
    for line in sys.stdin:
        message = json.loads(line)
        if "protocol" in message:  # a handshake: one per column
            if message["protocol"] != PROTOCOL:
                answer(
                    message, {"ok": False, "error": f"protocol {message['protocol']} unsupported"}
                )
                return 1
            column = message["column"]
            options = dict(message.get("params") or {})
            kind = args.kind or options.get("kind")
            if kind not in ("npi", "sku"):
                answer(
                    message, {"ok": False, "error": f'kind must be "npi" or "sku", got {kind!r}'}
                )
                continue
            name = f"{column['schema']}.{column['table']}.{column['name']}"
            columns[name] = {**options, "kind": kind}
            print(f"gen_codes: {name} makes {kind}", file=sys.stderr)
            answer(message, {"ok": True})
            continue
        options = columns[message["column"]]
        rng = random.Random(message["seed"])
        n, offset = message["n"], message["offset"]
        if options["kind"] == "npi":
            values = npis(n, rng)
        else:
            values = skus(n, rng, offset, options.get("prefix", "SKU"))
        answer(message, {"values": values})
    return 0  # end of input: pgmock is done


if __name__ == "__main__":
    sys.exit(main())
