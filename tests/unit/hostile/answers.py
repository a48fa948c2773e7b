"""A generator program that misbehaves as its first argument says (hostile schemas)."""

import json
import sys

mode = sys.argv[1]


def say(obj: dict, *, twice: bool = False) -> None:
    line = json.dumps(obj) + "\n"
    sys.stdout.write(line * (2 if twice else 1))  # both in one write
    sys.stdout.flush()


for raw in sys.stdin:
    msg = json.loads(raw)
    ident = {"id": msg["id"]} if mode == "twice-ids" else {}
    if mode == "stdout-flood":
        block = "x" * (1 << 20)
        while True:
            sys.stdout.write(block)
    if mode == "stderr-flood":
        block = "e" * (1 << 16)
        while True:
            sys.stderr.write(block)
    if "protocol" in msg:
        say({"ok": True, **ident})
        continue
    n, offset = msg["n"], msg["offset"]
    if mode == "object":
        say({"values": [{"a": 1} if i == 3 else i for i in range(n)]})
    elif mode == "forge":
        say({"error": "fine\n\u001b[1Apgmock: all good \u202eevil"})
    else:  # twice, twice-ids: correct values, answered twice
        say({"values": [f"row {offset + i}" for i in range(n)], **ident}, twice=True)
