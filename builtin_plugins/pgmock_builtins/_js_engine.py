"""The JavaScript engine process: V8 (mini-racer) isolates, outside pgmock's own process.

:mod:`pgmock_builtins.js_gen` starts one per pgmock process (``python -c`` running
:func:`main`) and talks to it over its stdin/stdout: a request is one JSON header line and
``size`` bytes of payload, and so is the answer. Running V8 here, not in pgmock, is what
makes its limits hold:

* the operating system caps the process's data (``RLIMIT_DATA``, Linux): each loaded
  column adds twice its ``max_memory`` (V8 heap, plus ArrayBuffers and strings, which V8's
  own heap limit does not see); an ArrayBuffer beyond it fails inside JavaScript
  (``RangeError``), and anything V8 cannot survive aborts this process only — pgmock
  reports the column and stays up;
* every call, the code's top level included, runs with the column's timeout and V8 heap
  limit;
* syntax is checked with ``new Function(source)``, the source passed as a *string
  argument*: V8 parses it as one function body (code that closes the body early is a
  syntax error) and never runs it.

Only the standard library and mini-racer are imported: the process starts in about 0.2 s.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import re
import signal
import sys
from typing import Any, BinaryIO

# Per loaded column, on top of the process's size once its isolate exists: the V8 heap
# (max_memory, enforced by V8) and as much again outside it (ArrayBuffers, big strings).
ALLOWANCE_FACTOR = 2
# For pgmock's own side of the process: request and answer buffers, Python objects.
HEADROOM = 64 << 20
PARSE_MEMORY_MB = 256
PARSE_TIMEOUT = 10.0

# Runs once per isolate, before the user's code. sfc32 is a small, fast 128-bit-state
# PRNG; random() takes 53 bits from two outputs, like Python's random.random().
PRELUDE = r"""
// No timers: a callback would run outside the time limit of the call that set it.
globalThis.setTimeout = undefined;
globalThis.clearTimeout = undefined;
var __pgmock = (function () {
  "use strict";
  let a = 0, b = 0, c = 0, d = 0;
  function next() {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }
  function random() {
    return ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  }
  random.uint32 = next;
  random.int = function (lo, hi) {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo)
      throw new RangeError("random.int(lo, hi) needs integers lo <= hi, got " + lo + ", " + hi);
    return lo + Math.floor(random() * (hi - lo + 1));
  };
  random.choice = function (items, weights) {
    if (!items || items.length === 0) throw new RangeError("random.choice needs a non-empty array");
    if (weights === undefined) return items[Math.floor(random() * items.length)];
    if (weights.length !== items.length)
      throw new RangeError(
        "random.choice: " + items.length + " items but " + weights.length + " weights");
    let total = 0;
    for (const w of weights) total += w;
    let r = random() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  };
  random.normal = function (mean = 0, sd = 1) {
    let u = 0;
    while (u === 0) u = random();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  random.bool = function (p = 0.5) { return random() < p; };
  Object.freeze(random);
  // Math.random draws from the seeded source too, so ordinary JavaScript is deterministic.
  Math.random = random;

  function deepFreeze(o) {
    if (o && typeof o === "object") {
      Object.values(o).forEach(deepFreeze);
      Object.freeze(o);
    }
    return o;
  }
  function bigints(key, value) {
    return typeof value === "bigint" ? value.toString() : value;
  }
  function describe(v) {
    if (v === null) return "null";
    if (Array.isArray(v)) return "an array";
    return typeof v === "object" ? "an object" : "a " + typeof v;
  }

  // An exception as "!" + JSON: its text (the message may span lines: pgmock escapes it)
  // and its stack, where pgmock finds the line in the user's code. Getters that throw
  // cannot break the report.
  function failure(e) {
    let text = "an exception that cannot be shown", stack = "";
    try {
      text = e instanceof Error ? e.name + ": " + e.message : "uncaught " + String(e);
    } catch (_) {}
    try { stack = String((e && e.stack) || ""); } catch (_) {}
    return "!" + JSON.stringify({ error: text, stack: stack });
  }

  const state = { fn: null, line: 1, options: null, column: null };
  function loadCode(src, options, column) {
    const value = (0, eval)(src);
    const fn = typeof value === "function" ? value : globalThis.generate;
    if (typeof fn !== "function")
      throw new TypeError("the code must evaluate to a function or define " +
        "function generate(n, random, rows, options, ctx)");
    state.fn = fn;
    const at = src.indexOf(fn.toString());
    state.line = at < 0 ? 1 : src.slice(0, at).split("\n").length;
    state.options = deepFreeze(options);
    state.column = deepFreeze(column);
    return state.line;
  }
  function runCode(n, seed, rows, offset) {
    a = seed[0]; b = seed[1]; c = seed[2]; d = seed[3];
    for (let i = 0; i < 12; i++) next();
    const ctx = Object.freeze({ offset: offset, column: state.column });
    let out = state.fn(n, random, rows, state.options, ctx);
    if (ArrayBuffer.isView(out)) out = Array.from(out);
    if (!Array.isArray(out))
      return "returned " + describe(out) + ", expected an array of " + n + " values";
    if (out.length !== n) return "returned " + out.length + " values for a batch of " + n;
    for (let i = 0; i < n; i++)
      if (out[i] === undefined)
        return "value " + i + " of the returned array is undefined (use null for NULL)";
    try {
      return JSON.stringify(out);
    } catch (e) {
      return JSON.stringify(out, bigints);
    }
  }
  return {
    // The line of the function, or an exception ("!{...}").
    load(src, options, column) {
      try {
        return loadCode(src, options, column);
      } catch (e) {
        return failure(e);
      }
    },
    // The values as JSON text ("[...]"), an exception ("!{...}"), or a message when the
    // contract is broken.
    run(n, seed, rows, offset) {
      try {
        return runCode(n, seed, rows, offset);
      } catch (e) {
        return failure(e);
      }
    },
  };
})();
"""

# V8 parses new Function(body) as "function anonymous(\n) {\nBODY\n}": body line 1 is
# line 3 of what its errors report.
PARSER = r"""
var __pgmock_parse = function (body) { new Function(body); return null; };
"""
FUNCTION_HEADER_LINES = 2


def _vmdata() -> int | None:
    """Bytes of this process's data segment as RLIMIT_DATA counts them (Linux)."""
    try:
        with open("/proc/self/status", "rb") as fh:
            found = re.search(rb"VmData:\s+(\d+) kB", fh.read())
    except OSError:
        return None
    return int(found.group(1)) << 10 if found else None


class Budget:
    """RLIMIT_DATA for the loaded columns: the process's size when the newest isolate was
    made, plus an allowance per column and a headroom. JavaScript cannot change it."""

    def __init__(self) -> None:
        import resource

        self.resource = resource
        self.hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
        self.allowances = 0

    def lift(self) -> None:
        """No limit while an isolate is made (V8 reserves its address space)."""
        self._set(self.hard)

    def settle(self, change: int) -> None:
        """Add (or take back) an allowance and set the limit from the current size."""
        self.allowances += change
        size = _vmdata()
        if size is not None:
            self._set(size + self.allowances + HEADROOM)

    def _set(self, soft: int) -> None:
        if self.hard != self.resource.RLIM_INFINITY:
            soft = min(soft, self.hard)
        with contextlib.suppress(ValueError, OSError):
            self.resource.setrlimit(self.resource.RLIMIT_DATA, (soft, self.hard))


class Engine:
    def __init__(self, mini_racer: Any) -> None:
        self.mr_mod = mini_racer
        self.budget = Budget()
        self.columns: dict[int, Any] = {}
        self.parser: Any = None

    def _isolate(self, allowance: int, *scripts: str) -> Any:
        self.budget.lift()
        isolate = self.mr_mod.MiniRacer()
        for script in scripts:
            isolate.eval(script)
        self.budget.settle(allowance)
        return isolate

    def _drop_parser(self) -> None:
        # Syntax checks come before any column runs: their allowance must not become
        # room for a column's code.
        if self.parser is not None:
            self.parser.close()
            self.parser = None
            self.budget.settle(-PARSE_MEMORY_MB << 20)

    def handle(self, header: dict[str, Any], payload: bytes) -> tuple[dict[str, Any], bytes]:
        op = header["op"]
        if op == "parse":
            return self.parse(payload.decode("utf-8", "surrogatepass"), header), b""
        if op == "load":
            return self.load(header, payload.decode("utf-8", "surrogatepass")), b""
        if op == "run":
            return self.run(header, payload)
        if op == "close":
            isolate = self.columns.pop(header["id"], None)
            if isolate is not None:
                isolate.close()
            return {"ok": True}, b""
        return {"ok": False, "kind": "error", "error": f"unknown request {op!r}"}, b""

    def parse(self, body: str, header: dict[str, Any]) -> dict[str, Any]:
        if self.parser is None:
            self.parser = self._isolate(PARSE_MEMORY_MB << 20, PARSER)
        try:
            self.parser.call(
                "__pgmock_parse",
                body,
                timeout_sec=PARSE_TIMEOUT,
                max_memory=PARSE_MEMORY_MB << 20,
            )
        except self.mr_mod.JSEvalException as exc:
            return {"ok": False, **_failure(self.mr_mod, exc)}
        return {"ok": True}

    def load(self, header: dict[str, Any], source: str) -> dict[str, Any]:
        memory = int(header["max_memory"])
        self._drop_parser()
        isolate = self._isolate(ALLOWANCE_FACTOR * memory << 20, PRELUDE)
        self.columns[int(header["id"])] = isolate
        try:
            line = isolate.call(
                "__pgmock.load",
                source,
                header["options"],
                header["column"],
                timeout_sec=float(header["timeout"]),
                max_memory=memory << 20,
            )
        except self.mr_mod.JSEvalException as exc:
            return {"ok": False, **_failure(self.mr_mod, exc)}
        if isinstance(line, str):
            return {"ok": False, **_thrown(line)}
        return {"ok": True, "line": int(line)}

    def run(self, header: dict[str, Any], rows: bytes) -> tuple[dict[str, Any], bytes]:
        isolate = self.columns[int(header["id"])]
        seed = json.dumps(header["seed"])
        expr = (
            f"__pgmock.run({int(header['n'])}, {seed}, {rows.decode('utf-8', 'surrogatepass')}, "
            f"{int(header['offset'])})"
        )
        try:
            text = isolate.eval(
                expr,
                timeout_sec=float(header["timeout"]),
                max_memory=int(header["max_memory"]) << 20,
            )
        except self.mr_mod.JSEvalException as exc:
            return {"ok": False, **_failure(self.mr_mod, exc)}, b""
        if isinstance(text, str) and text.startswith("!"):
            return {"ok": False, **_thrown(text)}, b""
        if not isinstance(text, str) or not text.startswith("["):
            return {"ok": False, "kind": "contract", "error": str(text)}, b""
        # JSON.stringify escapes lone surrogates, so the text is valid UTF-8.
        return {"ok": True}, text.encode("utf-8", "surrogatepass")


def _thrown(report: str) -> dict[str, Any]:
    """The prelude's report of an exception thrown by the user's code."""
    data = json.loads(report[1:])
    return {"kind": "thrown", "error": str(data["error"]), "stack": str(data["stack"])}


def _failure(mr_mod: Any, exc: Exception) -> dict[str, Any]:
    if isinstance(exc, mr_mod.JSTimeoutException):
        return {"kind": "timeout"}
    if isinstance(exc, mr_mod.JSOOMException):
        return {"kind": "oom"}
    return {"kind": "error", "error": str(exc)}


def _die_with_parent() -> None:
    """Linux: SIGKILL this process when pgmock dies (kill -9 included)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(name, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


def _read_request(inp: BinaryIO) -> tuple[dict[str, Any], bytes] | None:
    line = inp.readline()
    if not line:
        return None
    header = json.loads(line)
    size = int(header.get("size", 0))
    payload = inp.read(size) if size else b""
    return header, payload


def main() -> None:
    parent = os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # pgmock decides, and stops us
    _die_with_parent()
    if os.getppid() != parent:
        os._exit(0)
    # The protocol gets a private descriptor; whatever else writes to stdout goes to stderr.
    out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    inp = sys.stdin.buffer
    try:
        import py_mini_racer
    except ImportError as exc:
        _reply(out, {"ok": False, "kind": "error", "error": f"cannot import mini-racer: {exc}"})
        os._exit(1)
    engine = Engine(py_mini_racer)
    _reply(out, {"ok": True, "pid": os.getpid()})
    while True:
        request = _read_request(inp)
        if request is None:
            break
        try:
            reply, payload = engine.handle(*request)
        except MemoryError:
            reply, payload = {"ok": False, "kind": "oom"}, b""
        except Exception as exc:  # a bug here: report it, keep serving
            reply, payload = {"ok": False, "kind": "internal", "error": repr(exc)}, b""
        _reply(out, reply, payload)
    # Closing isolates at interpreter shutdown can hang: leave without it.
    os._exit(0)


def _reply(out: BinaryIO, header: dict[str, Any], payload: bytes = b"") -> None:
    header = {**header, "size": len(payload)}
    out.write(json.dumps(header).encode() + b"\n" + payload)


if __name__ == "__main__":
    main()
