"""The ``js`` plugin: column generators written in JavaScript, run in an embedded V8.

A column names the code inline or in a file next to the schema::

    {"generator": "js", "params": {"code": "(n, random) => Array.from({length: n}, …)"}}
    {"generator": "js", "params": {"file": "generators/sku.js", "options": {"prefix": "SKU"}}}

The code evaluates to a function, or defines ``function generate(n, random, rows,
options, ctx)``. It is called once per batch and returns an array of ``n`` JSON values:
strings (PostgreSQL text form), numbers, booleans, ``null``, and objects/arrays for json
and array columns. ``random`` is a seeded generator (``random()``, ``random.int(lo, hi)``,
``random.choice(items, weights)``, ``random.normal(mean, sd)``, ``random.bool(p)``), reseeded
for every batch from the host's numpy RNG, and ``Math.random`` is the same source, so the
output is deterministic under ``--seed``. ``rows`` holds earlier columns of the batch the
code mentions by name, ``ctx`` the batch's row offset and the column.

The sandbox is a bare V8 isolate per column (mini-racer): no file system, network or
timers. Each call has a time and a memory limit. mini-racer is an optional dependency
(``pip install pgmock[js]``), imported only when a schema uses this generator.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import re
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field, model_validator

from pgmock_builtins._jsonvalues import column_json, first_duplicate, mentioned, rows_json
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params, hookimpl

if TYPE_CHECKING:
    from pgmock_sdk import Registrar

INSTALL_HINT = "unavailable: pip install pgmock[js]"

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

  const state = { fn: null, line: 1, options: null, column: null };
  return {
    load(src, options, column) {
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
    },
    // Returns the values as JSON text ("[...]"), or a message when the contract is broken.
    run(n, seed, rows, offset) {
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
    },
  };
})();
"""

# "file:line: message" as mini-racer reports the first line of an exception.
_FIRST_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<msg>.*)$")


class JsParams(Params):
    code: str | list[str] | None = Field(
        None,
        description="JavaScript (a list of strings is joined with newlines): a function, or "
        "a script defining function generate(n, random, rows, options, ctx).",
    )
    file: str | None = Field(
        None, description="A .js file holding that code, relative to the schema file."
    )
    options: dict[str, Any] = Field(
        default_factory=dict, description="Passed to the function as its 4th argument."
    )
    rows: list[str] | None = Field(
        None,
        description="Earlier columns to pass in rows (default: the ones the code mentions).",
    )
    timeout: float = Field(10.0, gt=0, le=3600, description="Seconds one batch may take.")
    max_memory: int = Field(
        256, ge=16, le=65536, description="Megabytes of JavaScript heap one batch may use."
    )

    @model_validator(mode="after")
    def _one_source(self) -> JsParams:
        if (self.code is None) == (self.file is None):
            raise ValueError('give exactly one of "code" and "file"')
        return self


def load_mini_racer() -> ModuleType:
    """The mini-racer module, imported on first use (a ValueError names the extra)."""
    try:
        import py_mini_racer
    except ImportError as exc:
        raise ValueError(f"{INSTALL_HINT} ({exc})") from None
    return py_mini_racer


class JavaScriptError(RuntimeError):
    """JavaScript that failed or broke the generator contract; the message names file:line."""


def js_error_text(message: str, source_name: str, fallback_line: int) -> str:
    """mini-racer's exception text as ``"TypeError: … (at sku.js:3: `code line`)"``.

    The location is the innermost stack frame in the user's code; an error raised in the
    prelude (a bad ``random.int`` call) is reported at the caller's line.
    """
    lines = message.splitlines()
    head = _FIRST_LINE.match(lines[0]) if lines else None
    what = head.group("msg") if head else (lines[0] if lines else "unknown error")
    line: int | None = None
    snippet = ""
    if head and head.group("file") == source_name:
        line = int(head.group("line"))
        snippet = lines[1].strip() if len(lines) > 1 else ""
    else:
        frame = re.search(re.escape(source_name) + r":(\d+):\d+", message)
        line = int(frame.group(1)) if frame else fallback_line
    where = f"{source_name}:{line}"
    return f"{what} (at {where}" + (f": {snippet[:120]}" if snippet else "") + ")"


class _Isolate:
    """One V8 isolate with the prelude and the column's function loaded."""

    def __init__(self, source: str, name: str, options: dict[str, Any], column: dict[str, Any]):
        mr_mod = load_mini_racer()
        self.mr = mr_mod.MiniRacer()
        self.errors = mr_mod
        self.pid = os.getpid()
        _OPEN[id(self)] = self
        self.mr.eval(PRELUDE)
        script = json.dumps(_as_script(source) + f"\n//# sourceURL={name}")
        try:
            self.line = int(
                self.mr.eval(
                    f"__pgmock.load({script}, {json.dumps(options)}, {json.dumps(column)})",
                    timeout_sec=10,
                )
            )
        except mr_mod.JSEvalException as exc:
            self.close()
            raise JavaScriptError("loading failed: " + js_error_text(str(exc), name, 1)) from None

    def abort(self) -> None:
        """Stop a call interrupted on the Python side (Ctrl-C) before closing the isolate.

        mini-racer runs JavaScript as asyncio tasks on its own thread; cancelling them
        makes V8 terminate the script, so closing does not race a running call.
        """
        loop = getattr(getattr(self.mr, "_ctx", None), "event_loop", None)
        if loop is None or not loop.is_running():
            return

        async def cancel_all() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(cancel_all(), loop).result(timeout=5)
            # The isolate runs one task at a time: once this answers, the terminated
            # script's late callback has been delivered, before the loop is closed.
            self.mr.eval("0", timeout_sec=5)

    def close(self) -> None:
        _OPEN.pop(id(self), None)
        if self.pid == os.getpid():
            self.mr.close()


# Isolates not closed by their generator are closed at exit, while mini-racer's thread
# still runs: closing one during interpreter shutdown can hang.
_OPEN: dict[int, _Isolate] = {}


@atexit.register
def _close_leftovers() -> None:
    for iso in list(_OPEN.values()):
        with contextlib.suppress(Exception):
            iso.close()


class JsGenerator(Generator[JsParams]):
    """JavaScript from the schema or a .js file, one call per batch in a sandboxed V8
    (needs pgmock[js])."""

    name = "js"
    pg_types = frozenset({"*"})
    fork_safe = False
    # The code's promise, not pgmock's: with ctx.column.unique it must make distinct
    # values (from ctx.offset); each batch is checked, PostgreSQL checks the rest.
    supports_unique = True

    def __init__(self, params: JsParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        load_mini_racer()
        if params.file is not None:
            path = column.base_dir / params.file
            try:
                self.source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or str(exc)
                raise ValueError(f"cannot read {params.file} ({path}): {reason}") from None
            self.source_name = re.sub(r"\s", "_", params.file)
        else:
            code = params.code if isinstance(params.code, str) else "\n".join(params.code or ())
            self.source = code
            schema = os.path.basename(column.schema_file) if column.schema_file else "schema"
            self.source_name = f"{schema}#{column.path}.code".replace(" ", "_")
        check_syntax(self.source, self.source_name)
        self._isolate: _Isolate | None = None

    def _runtime(self) -> _Isolate:
        if self._isolate is None or self._isolate.pid != os.getpid():
            p = self.params
            self._isolate = _Isolate(
                self.source, self.source_name, p.options, column_json(self.column)
            )
        return self._isolate

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[Any]:
        p = self.params
        iso = self._runtime()
        seed = ",".join(map(str, rng.integers(0, 2**32, size=4, dtype=np.uint64).tolist()))
        names = p.rows if p.rows is not None else mentioned(ctx.rows, self.source)
        expr = f"__pgmock.run({n}, [{seed}], {rows_json(ctx.rows, names)}, {ctx.offset})"
        at = f"{self.source_name}:{iso.line}"
        try:
            text = iso.mr.eval(expr, timeout_sec=p.timeout, max_memory=p.max_memory << 20)
        except iso.errors.JSTimeoutException:
            raise JavaScriptError(
                f"timed out after {p.timeout:g} s (the function at {at}; raise params.timeout)"
            ) from None
        except iso.errors.JSOOMException:
            raise JavaScriptError(
                f"used more than {p.max_memory} MB of memory (the function at {at}; "
                "raise params.max_memory)"
            ) from None
        except iso.errors.JSEvalException as exc:
            raise JavaScriptError(js_error_text(str(exc), self.source_name, iso.line)) from None
        except BaseException:
            iso.abort()  # Ctrl-C while the script runs
            raise
        if not isinstance(text, str) or not text.startswith("["):
            raise JavaScriptError(f"the function at {at} {text}")
        values: list[Any] = json.loads(text)
        if self.column.unique:
            dup = first_duplicate(values)
            if dup is not None:
                raise JavaScriptError(
                    f"the function at {at} returned {json.dumps(dup)} twice in one batch of "
                    "a unique column (derive unique values from ctx.offset)"
                )
        return values

    def close(self) -> None:
        if self._isolate is not None:
            self._isolate.close()
            self._isolate = None


def _as_script(source: str) -> str:
    # An anonymous "function (n) {…}" is an expression, not a statement: parenthesize it
    # on the same lines, so line numbers stay those of the file.
    if re.match(r"\s*(async\s+)?function\s*\*?\s*\(", source):
        return "(" + source + "\n)"
    return source


_CHECKED: dict[tuple[str, str], str | None] = {}


def check_syntax(source: str, name: str) -> None:
    """Parse (never run) the code, so ``pgmock validate`` reports syntax errors with a line."""
    key = (source, name)
    if key not in _CHECKED:
        _CHECKED[key] = _parse_problem(source, name)
    problem = _CHECKED[key]
    if problem is not None:
        raise ValueError(problem)


def _parse_problem(source: str, name: str) -> str | None:
    mod = load_mini_racer()
    # Wrapped in a function that is never called: parsed, not run; the wrapper starts on
    # the code's first line, so line numbers are the file's. A short-lived isolate (4 ms):
    # one left for interpreter shutdown can hang there (its thread is already frozen).
    try:
        with mod.MiniRacer() as checker:
            checker.eval("(function () {" + _as_script(source) + "\n})", timeout_sec=10)
    except mod.JSParseException as exc:
        text = str(exc)
        head = _FIRST_LINE.match(text.splitlines()[0]) if text else None
        if head is None:
            return f"JavaScript syntax error in {name}: {text.strip()}"
        snippet = text.splitlines()[1].strip() if len(text.splitlines()) > 1 else ""
        return (
            f"JavaScript {head.group('msg')} (at {name}:{head.group('line')}"
            + (f": {snippet[:120]}" if snippet else "")
            + ")"
        )
    except mod.JSEvalException:
        return None  # parsed; running is not our business here
    return None


@hookimpl
def pgmock_register_generators(registry: Registrar) -> None:
    registry.add_generator(JsGenerator)
